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
// An *image.NRGBA whose rows are contiguous is shared, not copied. Colour models
// decoders return (YCbCr and CMYK JPEGs, paletted GIFs, 16-bit PNGs) go
// through RGBA64At, which every standard image type has and which, unlike
// At, does not allocate per pixel.
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
	i := 0
	switch m := img.(type) {
	case *image.NRGBA:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			off := m.PixOffset(b.Min.X, y)
			i += copy(px.Pix[i:], m.Pix[off:off+4*w])
		}
	case *image.Gray:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			off := m.PixOffset(b.Min.X, y)
			for _, g := range m.Pix[off : off+w] {
				px.Pix[i], px.Pix[i+1], px.Pix[i+2], px.Pix[i+3] = g, g, g, 0xff
				i += 4
			}
		}
	case *image.Paletted:
		var pal [256]color.NRGBA
		for j := range pal {
			if j < len(m.Palette) && m.Palette[j] != nil {
				pal[j] = color.NRGBAModel.Convert(m.Palette[j]).(color.NRGBA)
			} else {
				// An index past the palette has no colour; the decoders in
				// use reject such pictures, and opaque black is what they
				// pad short palettes with.
				pal[j] = color.NRGBA{A: 0xff}
			}
		}
		for y := b.Min.Y; y < b.Max.Y; y++ {
			off := m.PixOffset(b.Min.X, y)
			for _, c := range m.Pix[off : off+w] {
				p := pal[c]
				px.Pix[i], px.Pix[i+1], px.Pix[i+2], px.Pix[i+3] = p.R, p.G, p.B, p.A
				i += 4
			}
		}
	case image.RGBA64Image:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				c := m.RGBA64At(x, y)
				px.Pix[i], px.Pix[i+1], px.Pix[i+2], px.Pix[i+3] = unpremultiply(uint32(c.R), uint32(c.G), uint32(c.B), uint32(c.A))
				i += 4
			}
		}
	default:
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
