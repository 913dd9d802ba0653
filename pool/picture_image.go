package pool

import (
	"image"
	"image/color"
)

// PoolImage pools any image.Image as PoolPixels does, after converting it to
// non-premultiplied RGBA, and returns the result as an *image.NRGBA whose
// bounds start at (0, 0).
func PoolImage(img image.Image, o Options) (*image.NRGBA, error) {
	px := PixelsOf(img)
	out, err := PoolPixels(nil, px, o)
	if err != nil {
		return nil, err
	}
	return &image.NRGBA{Pix: out.Pix, Stride: 4 * out.Width, Rect: image.Rect(0, 0, out.Width, out.Height)}, nil
}

// PixelsOf returns img's pixels in canvas ImageData's layout (Pixels), with
// exactly the values color.NRGBAModel gives (tests hold every path to that).
// An *image.NRGBA whose rows are contiguous is shared, not copied. The types
// decoders return (NRGBA, RGBA, Gray, Paletted, YCbCr and CMYK) are
// converted by a loop of their own over their planes, as image/draw does;
// other types go through RGBA64At, which every standard image type has and
// which, unlike At, does not allocate per pixel.
func PixelsOf(img image.Image) Pixels {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if m, ok := img.(*image.NRGBA); ok && m.Stride == 4*w {
		// PNGs with alpha decode to this layout already; sharing their
		// memory halves the peak of a conversion, which on the edge is what
		// limits the size of a picture.
		off := m.PixOffset(b.Min.X, b.Min.Y)
		return Pixels{Pix: m.Pix[off : off+4*w*h : off+4*w*h], Width: w, Height: h}
	}
	px := Pixels{Pix: make([]byte, 4*w*h), Width: w, Height: h}
	if w == 0 || h == 0 {
		return px
	}
	switch m := img.(type) {
	case *image.NRGBA:
		for y := range h {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			copy(px.Pix[4*w*y:4*w*(y+1)], m.Pix[off:off+4*w])
		}
	case *image.RGBA:
		for y := range h {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			convertRGBARow(px.Pix[4*w*y:4*w*(y+1)], m.Pix[off:off+4*w])
		}
	case *image.Gray:
		for y := range h {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			dst := px.Pix[4*w*y : 4*w*(y+1)]
			for x, g := range m.Pix[off : off+w] {
				d := dst[4*x : 4*x+4 : 4*x+4]
				d[0], d[1], d[2], d[3] = g, g, g, 0xff
			}
		}
	case *image.CMYK:
		for y := range h {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			convertCMYKRow(px.Pix[4*w*y:4*w*(y+1)], m.Pix[off:off+4*w])
		}
	case *image.Paletted:
		var pal [256][4]uint8
		for j := range pal {
			if j < len(m.Palette) && m.Palette[j] != nil {
				c := color.NRGBAModel.Convert(m.Palette[j]).(color.NRGBA)
				pal[j] = [4]uint8{c.R, c.G, c.B, c.A}
			} else {
				// An index past the palette has no colour; the decoders in
				// use reject such pictures, and opaque black is what they
				// pad short palettes with.
				pal[j] = [4]uint8{0, 0, 0, 0xff}
			}
		}
		for y := range h {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			dst := px.Pix[4*w*y : 4*w*(y+1)]
			for x, c := range m.Pix[off : off+w] {
				*(*[4]uint8)(dst[4*x : 4*x+4]) = pal[c]
			}
		}
	case *image.YCbCr:
		if !convertYCbCr(px, m) {
			convertRGBA64(px, m, b)
		}
	case image.RGBA64Image:
		convertRGBA64(px, m, b)
	default:
		i := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, a := img.At(x, y).RGBA()
				px.Pix[i], px.Pix[i+1], px.Pix[i+2], px.Pix[i+3] = unpremultiply(r, g, bl, a)
				i += 4
			}
		}
	}
	return px
}

// convertRGBA64 is the general path, one RGBA64At call per pixel.
func convertRGBA64(px Pixels, m image.RGBA64Image, b image.Rectangle) {
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := m.RGBA64At(x, y)
			px.Pix[i], px.Pix[i+1], px.Pix[i+2], px.Pix[i+3] = unpremultiply(uint32(c.R), uint32(c.G), uint32(c.B), uint32(c.A))
			i += 4
		}
	}
}

// convertRGBARow unpremultiplies a row of 8-bit premultiplied RGBA as
// color.NRGBAModel does, through the 16-bit values color.RGBA reports.
func convertRGBARow(dst, src []byte) {
	for i := 0; i+3 < len(src) && i+3 < len(dst); i += 4 {
		s := src[i : i+4 : i+4]
		d := dst[i : i+4 : i+4]
		switch a := s[3]; a {
		case 0xff:
			d[0], d[1], d[2], d[3] = s[0], s[1], s[2], 0xff
		case 0:
			d[0], d[1], d[2], d[3] = 0, 0, 0, 0
		default:
			d[0], d[1], d[2], d[3] = unpremultiply(uint32(s[0])*0x101, uint32(s[1])*0x101, uint32(s[2])*0x101, uint32(a)*0x101)
		}
	}
}

// convertCMYKRow is color.CMYK's RGBA followed by color.NRGBAModel (CMYK is
// always opaque).
func convertCMYKRow(dst, src []byte) {
	for i := 0; i+3 < len(src) && i+3 < len(dst); i += 4 {
		s := src[i : i+4 : i+4]
		d := dst[i : i+4 : i+4]
		w := 0xffff - uint32(s[3])*0x101
		d[0] = uint8((0xffff - uint32(s[0])*0x101) * w / 0xffff >> 8)
		d[1] = uint8((0xffff - uint32(s[1])*0x101) * w / 0xffff >> 8)
		d[2] = uint8((0xffff - uint32(s[2])*0x101) * w / 0xffff >> 8)
		d[3] = 0xff
	}
}

// convertYCbCr writes the opaque RGB of a Y'CbCr picture into px with
// color.YCbCr's arithmetic (whose 16-bit result, shifted to 8 bits, is
// color.YCbCrToRGB's), walking the planes row by row. It reports false,
// having written nothing, for bounds with negative coordinates, where the
// chroma index is not the shift of the luma one.
func convertYCbCr(px Pixels, m *image.YCbCr) bool {
	b := m.Rect
	if b.Min.X < 0 || b.Min.Y < 0 {
		return false
	}
	var hs int // log2 of the horizontal chroma subsampling
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio440:
	case image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420:
		hs = 1
	case image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410:
		hs = 2
	default:
		return false
	}
	w := b.Dx()
	// The chroma samples a row uses, from its first column's.
	n := (b.Max.X-1)>>hs - b.Min.X>>hs + 1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		yi := m.YOffset(b.Min.X, y)
		ci := m.COffset(b.Min.X, y)
		yrow, cbrow, crrow := m.Y[yi:yi+w], m.Cb[ci:ci+n], m.Cr[ci:ci+n]
		dst := px.Pix[4*w*(y-b.Min.Y) : 4*w*(y-b.Min.Y+1)]
		x0 := b.Min.X & (1<<hs - 1) // the first column's place within its chroma sample
		for x, yy := range yrow {
			c := (x + x0) >> hs
			// color.YCbCrToRGB, written out: the call is not inlined.
			yy1 := int32(yy) * 0x10101
			cb1, cr1 := int32(cbrow[c])-128, int32(crrow[c])-128
			d := dst[4*x : 4*x+4 : 4*x+4]
			d[0] = clampYCbCr(yy1 + 91881*cr1)
			d[1] = clampYCbCr(yy1 - 22554*cb1 - 46802*cr1)
			d[2] = clampYCbCr(yy1 + 116130*cb1)
			d[3] = 0xff
		}
	}
	return true
}

// clampYCbCr is color.YCbCrToRGB's rounding and clamping of a channel
// computed with 16 fractional bits.
func clampYCbCr(v int32) uint8 {
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	return uint8(^(v >> 31))
}

// unpremultiply is color.NRGBAModel's conversion of a 16-bit premultiplied
// colour.
func unpremultiply(r, g, b, a uint32) (uint8, uint8, uint8, uint8) {
	switch a {
	case 0xffff:
		return uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xff
	case 0:
		return 0, 0, 0, 0
	}
	r = (r * 0xffff) / a
	g = (g * 0xffff) / a
	b = (b * 0xffff) / a
	return uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)
}
