package pool

import (
	"math"
	"strconv"
)

// Pixels is an 8-bit RGBA picture laid out as canvas ImageData: Width*Height
// pixels, row-major, four bytes (R, G, B, A) each, straight (not
// premultiplied) alpha, no row padding.
type Pixels struct {
	Pix           []byte
	Width, Height int
}

// maxPixels bounds a picture so that 4*Width*Height, and integer sums over a
// window of it, fit comfortably in an int.
const maxPixels = 1 << 40

// CheckPictureSize returns an error unless width and height, a picture's
// size in pixels, are each 1 to MaxSide and the picture at most 2^40
// pixels. It is the one statement of that rule: PoolPixels calls it, and
// adapters that must know a picture's size before they have its pixels.
func CheckPictureSize(width, height int) *OptionError {
	if width < 1 || width > MaxSide {
		return &OptionError{Option: "width", Value: strconv.Itoa(width), Rule: boundRule("", width, 1)}
	}
	if height < 1 || height > MaxSide {
		return &OptionError{Option: "height", Value: strconv.Itoa(height), Rule: boundRule("", height, 1)}
	}
	if width > maxPixels/height {
		return &OptionError{Option: "size", Value: Size{height, width}.String(), Rule: "must be at most 2^40 pixels"}
	}
	return nil
}

func (p Pixels) check() error {
	// Not returned as it is: a nil *OptionError is not a nil error.
	if err := CheckPixels(p.Width, p.Height, len(p.Pix)); err != nil {
		return err
	}
	return nil
}

// CheckPixels returns an error unless width and height are a picture's size
// (CheckPictureSize) and n, the length of its data, is width*height*4: one
// byte per channel, RGBA. It is the one statement of that rule: PoolPixels
// calls it, and adapters that size a picture's memory before they copy its
// data into it.
func CheckPixels(width, height, n int) *OptionError {
	if err := CheckPictureSize(width, height); err != nil {
		return err
	}
	if want := 4 * width * height; n != want {
		return &OptionError{Option: "data", Value: "length " + strconv.Itoa(n),
			Rule: "must be width*height*4 = " + strconv.Itoa(want) + " for " + strconv.Itoa(width) + "x" + strconv.Itoa(height) + " (width x height) RGBA pixels"}
	}
	return nil
}

// Rows selects a horizontal band of a pooling, so that a tall picture can be
// pooled in parallel pieces whose results join, byte for byte, into the
// result of one call. The pooling's geometry is that of a picture Height rows
// tall; Pixels given with a Rows hold only its rows [SrcY, SrcY+n), and the
// output holds output rows [From, To).
type Rows struct {
	Height   int // the whole picture's height
	SrcY     int // the whole picture's row where the given pixels start
	From, To int // the output rows to compute
}

// check returns an error naming the field of r that no band can hold: the
// picture's height 1 to MaxSide, its first row not negative. Which output
// rows the picture has, and which rows the band must cover, PoolPixelRows
// judges once it knows the geometry.
func (r Rows) check() *OptionError {
	if r.Height < 1 || r.Height > MaxSide {
		return &OptionError{Option: "rows.height", Value: strconv.Itoa(r.Height), Rule: boundRule("", r.Height, 1)}
	}
	if r.SrcY < 0 || r.SrcY > MaxSide {
		return &OptionError{Option: "rows.srcY", Value: strconv.Itoa(r.SrcY), Rule: boundRule("", r.SrcY, 0)}
	}
	return nil
}

// InputRows returns the rows [y0, y1) of a picture of the given size that the
// output rows [from, to) of pooling it with o read: the band to hand to
// PoolPixelRows with Rows{Height: size.H, SrcY: y0, From: from, To: to}.
func (o Options) InputRows(size Size, from, to int) (y0, y1 int, err error) {
	r, err := o.resolved(size)
	if err != nil {
		return 0, 0, err
	}
	g := &r.g
	if from < 0 || to > g.H.Out || from >= to {
		return 0, 0, &OptionError{Option: "rows", Value: "[" + strconv.Itoa(from) + ", " + strconv.Itoa(to) + ")",
			Rule: "must be a non-empty range within the " + strconv.Itoa(g.H.Out) + " output rows"}
	}
	y0, y1 = g.inputRows(from, to)
	return y0, y1, nil
}

// inputRows is InputRows for a resolved geometry.
func (g *Geometry) inputRows(from, to int) (y0, y1 int) {
	y0, y1 = g.H.In, 0
	for _, w := range g.H.Windows[from:to] {
		y0 = min(y0, w.First)
		y1 = max(y1, w.First+(w.Count-1)*g.H.Dilation+1)
	}
	return y0, y1
}

// PoolPixels pools the four channels of src independently with o and returns
// the pooled picture, computed on the bytes: max and min exactly; average as
// the integer sum over the window divided by the divisor, rounded half to
// even; Lp as the norm of the byte values, rounded half to even and clamped
// to 255.
//
// For averages, o.Alpha = Premultiplied weights each colour by its alpha
// (colour = sum(c*a)/sum(a), 0 where the window is fully transparent; alpha is
// its plain mean), and o.ColorSpace = Linear averages colours in linear light
// through the sRGB transfer function; alpha is never gamma-coded. Linear
// leaves max and min unchanged, since the transfer function is monotonic.
// Premultiplied applies to op Avg only and Linear not to Lp; other
// combinations are errors.
//
// dst is reused for the result when it has the capacity, as with append; nil
// allocates.
func PoolPixels(dst []byte, src Pixels, o Options) (Pixels, error) {
	return PoolPixelRows(dst, src, o, Rows{Height: src.Height, To: -1})
}

// PoolPixelRows is PoolPixels for the band of output rows r selects (see
// Rows). A Rows whose To is -1 selects every output row of a src that is
// the whole picture.
func PoolPixelRows(dst []byte, src Pixels, o Options, r Rows) (Pixels, error) {
	if err := src.check(); err != nil {
		return Pixels{}, err
	}
	if err := o.validatePicture(); err != nil {
		return Pixels{}, err
	}
	if err := r.check(); err != nil {
		return Pixels{}, err
	}
	o = o.withDefaults()
	full := Size{r.Height, src.Width}
	res, err := o.resolved(full)
	if err != nil {
		return Pixels{}, err
	}
	g := &res.g
	if r.To == -1 {
		r.To = g.H.Out
	}
	if r.From < 0 || r.To > g.H.Out || r.From >= r.To {
		return Pixels{}, &OptionError{Option: "rows", Value: "[" + strconv.Itoa(r.From) + ", " + strconv.Itoa(r.To) + ")",
			Rule: "must be a non-empty range within the " + strconv.Itoa(g.H.Out) + " output rows"}
	}
	if y0, y1 := g.inputRows(r.From, r.To); r.SrcY > y0 || r.SrcY+src.Height < y1 {
		return Pixels{}, &OptionError{Option: "rows", Value: "source rows [" + strconv.Itoa(r.SrcY) + ", " + strconv.Itoa(r.SrcY+src.Height) + ")",
			Rule: "must cover input rows [" + strconv.Itoa(y0) + ", " + strconv.Itoa(y1) + ") of the output rows asked for"}
	}
	n := 4 * g.W.Out * (r.To - r.From)
	if cap(dst) >= n {
		dst = dst[:n]
	} else {
		dst = make([]byte, n)
	}
	k := kernelPixels{src: src.Pix, stride: 4 * src.Width, srcY: r.SrcY, g: g, o: o, vectors: vectorsRun}
	k.run(dst, r.From, r.To)
	return Pixels{Pix: dst, Width: g.W.Out, Height: r.To - r.From}, nil
}

// kernelPixels is the general RGBA kernel: every op and option, one window at
// a time.
type kernelPixels struct {
	src    []byte
	stride int // bytes per source row
	srcY   int // the picture row of src's first row
	g      *Geometry
	o      Options
	// vectors picks the vector kernels (picture_vectors.go) where a family
	// has one: vectorsRun, except in the tests that compare the two.
	vectors bool
}

// kernelPath names a kernel of kernelPixels.
type kernelPath uint8

const (
	pathGeneral kernelPath = iota
	pathExtreme2x2
	pathAvg2x2
	pathPremultiplied2x2
	pathLinear2x2
	pathExtremeBlocks
	pathAvgBlocks
	pathPremultipliedLanes
	pathLinearLanes
	pathExtremeSeparable
	pathAvgGlobal
	pathAvgLanes
	pathAvgSeparable
	pathAvgBox3
	pathLp2x2
)

// choosePath picks the fastest kernel whose preconditions hold, the way
// image/draw picks a fast path per pixel format; general handles everything.
func choosePath(g *Geometry, o Options) kernelPath {
	// Linear light changes no max or min: the transfer function is monotonic.
	extreme := o.Op == Max || o.Op == Min
	plainAvg := o.Op == Avg && o.Alpha == Straight && o.ColorSpace == SRGB
	cells := g.H.Kernel * g.W.Kernel // no overflow: both are at most 2^30
	switch {
	case extreme && fits2x2(g):
		return pathExtreme2x2
	case plainAvg && fits2x2(g):
		return pathAvg2x2
	case o.Op == Lp && o.P == 2 && fits2x2(g):
		return pathLp2x2
	case o.Op == Avg && o.Alpha == Premultiplied && o.ColorSpace == SRGB && fits2x2(g):
		return pathPremultiplied2x2
	case o.Op == Avg && o.ColorSpace == Linear && fits2x2(g):
		return pathLinear2x2
	case extreme && fitsBlocks(g):
		return pathExtremeBlocks
	case plainAvg && fitsBlocks(g) && cells <= maxLaneCells:
		return pathAvgBlocks
	case o.Op == Avg && o.Alpha == Premultiplied && o.ColorSpace == SRGB && premultipliedLanesFit(g):
		return pathPremultipliedLanes
	case o.Op == Avg && o.ColorSpace == Linear && linearLanesFit(g):
		return pathLinearLanes
	case extreme && separable(g, o):
		return pathExtremeSeparable
	case plainAvg && coversAll(g):
		return pathAvgGlobal
	case plainAvg && box3Fits(g):
		return pathAvgBox3
	case plainAvg && lanesFit(g):
		return pathAvgLanes
	case plainAvg && separable(g, o) && g.H.Kernel <= maxSumCells/g.W.Kernel:
		return pathAvgSeparable
	}
	return pathGeneral
}

// run computes output rows [from, to) with the kernel choosePath picks.
func (k *kernelPixels) run(dst []byte, from, to int) {
	if k.o.DivisorOverride != 0 {
		k.avgPixelsOverride(dst, from, to)
		return
	}
	if k.vectors {
		// As the tensor kernels do: see clearUpper.
		clearUpper()
	}
	isMin := k.o.Op == Min
	switch choosePath(k.g, k.o) {
	case pathExtreme2x2:
		if k.vectors {
			k.extreme2x2Vectors(dst, from, to, isMin)
		} else {
			k.extreme2x2(dst, from, to, isMin)
		}
	case pathAvg2x2:
		if k.vectors {
			k.avg2x2Vectors(dst, from, to)
		} else {
			k.avg2x2(dst, from, to)
		}
	case pathLp2x2:
		k.lp2x2(dst, from, to)
	case pathPremultiplied2x2:
		k.premultiplied2x2(dst, from, to)
	case pathExtremeBlocks:
		k.extremeBlocks(dst, from, to, isMin)
	case pathAvgBlocks:
		k.avgBlocks(dst, from, to)
	case pathLinear2x2:
		k.linear2x2(dst, from, to, defaultLinearEncoder)
	case pathLinearLanes:
		switch {
		case fitsBlocks(k.g):
			k.linearBlockRows(dst, from, to, defaultLinearEncoder)
		case linearPackedFit(k.g, k.o):
			k.linearPacked(dst, from, to, packedLinearEncoder)
		default:
			k.linearLanes(dst, from, to)
		}
	case pathPremultipliedLanes:
		switch {
		case k.vectors && premultipliedBlocksFit(k.g):
			k.premultipliedBlocks(dst, from, to)
		case k.vectors && box3Fits(k.g):
			k.premultipliedBox3(dst, from, to)
		default:
			k.premultipliedLanes(dst, from, to)
		}
	case pathExtremeSeparable:
		if k.vectors && directFits(k.g) {
			k.extremeDirect(dst, from, to, isMin)
		} else {
			k.extremeSeparable(dst, from, to, isMin)
		}
	case pathAvgGlobal:
		if k.vectors {
			k.avgGlobalVectors(dst)
		} else {
			k.avgGlobal(dst)
		}
	case pathAvgBox3:
		k.avgBox3(dst, from, to)
	case pathAvgLanes:
		k.avgLanes(dst, from, to)
	case pathAvgSeparable:
		k.avgSeparable(dst, from, to)
	default:
		k.general(dst, from, to)
	}
}

// maxSumCells bounds the windows whose byte sums the separable average keeps
// in uint32.
const maxSumCells = (1<<32 - 1) / 255

// general computes one window at a time, for every op and option.
func (k *kernelPixels) general(dst []byte, from, to int) {
	switch {
	case k.o.Op == Max:
		k.extreme(dst, from, to, false)
	case k.o.Op == Min:
		k.extreme(dst, from, to, true)
	case k.o.Op == Lp:
		k.lp(dst, from, to)
	case k.o.Alpha == Straight && k.o.ColorSpace == SRGB:
		k.avg(dst, from, to)
	default:
		k.avgPicture(dst, from, to)
	}
}

// each calls f with the byte offset in src of every pixel of the window at
// output cell (wy, wx).
func (k *kernelPixels) each(wy, wx Window, f func(off int)) {
	dh, dw4 := k.g.H.Dilation, 4*k.g.W.Dilation
	for i, y := 0, wy.First-k.srcY; i < wy.Count; i, y = i+1, y+dh {
		for j, off := 0, y*k.stride+4*wx.First; j < wx.Count; j, off = j+1, off+dw4 {
			f(off)
		}
	}
}

func (k *kernelPixels) extreme(dst []byte, from, to int, isMin bool) {
	d := 0
	for _, wy := range k.g.H.Windows[from:to] {
		for _, wx := range k.g.W.Windows {
			m := [4]byte{}
			if isMin {
				m = [4]byte{255, 255, 255, 255}
			}
			k.each(wy, wx, func(off int) {
				for c := range 4 {
					v := k.src[off+c]
					if v > m[c] != isMin && v != m[c] {
						m[c] = v
					}
				}
			})
			copy(dst[d:d+4], m[:])
			d += 4
		}
	}
}

func (k *kernelPixels) avg(dst []byte, from, to int) {
	d := 0
	for _, wy := range k.g.H.Windows[from:to] {
		for _, wx := range k.g.W.Windows {
			var s [4]uint64
			k.each(wy, wx, func(off int) {
				for c := range 4 {
					s[c] += uint64(k.src[off+c])
				}
			})
			div := uint64(wy.Divisor) * uint64(wx.Divisor)
			for c := range 4 {
				dst[d+c] = byte(divRoundEven(s[c], div))
			}
			d += 4
		}
	}
}

// avgPicture averages with premultiplied alpha, in linear light, or both.
// Cells are visited in row-major order, the order the reference sums in.
func (k *kernelPixels) avgPicture(dst []byte, from, to int) {
	premul, linear := k.o.Alpha == Premultiplied, k.o.ColorSpace == Linear
	dh, dw4 := k.g.H.Dilation, 4*k.g.W.Dilation
	d := 0
	for _, wy := range k.g.H.Windows[from:to] {
		for _, wx := range k.g.W.Windows {
			var sa, sr, sg, sb uint64 // alpha, and colours weighted by it when premul
			var lr, lg, lb float64    // linear-light sums (weighted when premul)
			for i, y := 0, wy.First-k.srcY; i < wy.Count; i, y = i+1, y+dh {
				row := k.src[y*k.stride+4*wx.First:]
				for j, x := 0, 0; j < wx.Count; j, x = j+1, x+dw4 {
					p := row[x : x+4 : x+4]
					a := uint64(p[3])
					sa += a
					switch {
					case linear && premul:
						fa := float64(a)
						lr += srgbToLinear[p[0]] * fa
						lg += srgbToLinear[p[1]] * fa
						lb += srgbToLinear[p[2]] * fa
					case linear:
						lr += srgbToLinear[p[0]]
						lg += srgbToLinear[p[1]]
						lb += srgbToLinear[p[2]]
					default:
						sr += uint64(p[0]) * a
						sg += uint64(p[1]) * a
						sb += uint64(p[2]) * a
					}
				}
			}
			div := uint64(wy.Divisor) * uint64(wx.Divisor)
			o := dst[d : d+4 : d+4]
			switch {
			case premul && sa == 0:
				o[0], o[1], o[2] = 0, 0, 0
			case linear && premul:
				fa := float64(sa)
				o[0], o[1], o[2] = linearToSRGB(lr/fa), linearToSRGB(lg/fa), linearToSRGB(lb/fa)
			case linear:
				fd := float64(div)
				o[0], o[1], o[2] = linearToSRGB(lr/fd), linearToSRGB(lg/fd), linearToSRGB(lb/fd)
			default:
				o[0], o[1], o[2] = byte(divRoundEven(sr, sa)), byte(divRoundEven(sg, sa)), byte(divRoundEven(sb, sa))
			}
			o[3] = byte(divRoundEven(sa, div))
			d += 4
		}
	}
}

func (k *kernelPixels) lp(dst []byte, from, to int) {
	p := k.o.P
	pow := lpPower(p)
	var table [256]float64
	for i := range table {
		table[i] = pow(float64(i))
	}
	d := 0
	for _, wy := range k.g.H.Windows[from:to] {
		for _, wx := range k.g.W.Windows {
			var s [4]float64
			k.each(wy, wx, func(off int) {
				for c := range 4 {
					s[c] += table[k.src[off+c]]
				}
			})
			for c := range 4 {
				dst[d+c] = clampByte(math.RoundToEven(lpRoot(s[c], p)))
			}
			d += 4
		}
	}
}

func clampByte(v float64) byte {
	if v >= 255 {
		return 255
	}
	if v > 0 {
		return byte(v)
	}
	return 0 // also NaN, which no byte input produces
}
