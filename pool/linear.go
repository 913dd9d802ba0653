package pool

import "math"

// Averages in linear light are defined by the general kernel's float64 sums
// (avgPicture), which depend on their order. The linear kernels
// (linear_lanes.go) get the same bytes without adding each window's cells in
// that order: they sum fixed-point decodings in integers, exactly, slide
// those sums from window to window, and encode a mean only where its byte is
// certain, recomputing a window the general way in the rare case it is not.
//
// Certain means: the fixed-point mean X = S/(sum(w)·2^32) of a window, or
// its float64 value l' (within 2^-50 of it), lies further than linearMargin
// from both thresholds around it. Both lie close to the exact mean
// E = sum(w·t)/sum(w) of the float64 table values t with weights w (the
// alpha, or 1), and so does the general kernel's mean l:
//   - l: each term t·w is rounded once and the n-term sum accumulates at most
//     (n-1) more roundings, each relative and on a sum of positive terms, then
//     the division one more: |l - E| <= (n+1)·2^-53/(1-(n+1)·2^-53) · E, below
//     2^-36.9 for the at most maxProductCells cells of a window, E being at
//     most 1.
//   - X: each fixed-point decoding lies within 2^-33 of its t, so their
//     weighted mean within 2^-33 of E. l': converting the sum to float64, the
//     reciprocal and the product round three times more, below 2^-51.
//
// So |l - X| and |l - l'| stay below 2^-32.8 < linearMargin, and where X (or
// l') lies more than linearMargin from the two thresholds around it, l lies
// strictly between them too and encodes to the same byte: no tie can arise.
// The encoder settles most means by their step of 2^-14 alone, a step lying
// wholly further than the margin from every threshold, the others by the
// comparison of certain. Random pictures rarely come within the margin;
// pictures made to do so (pixels of c and c+1 on the transfer function's
// linear segment, whose mean is exactly the threshold between them) cost a
// float64 window each.

// linearMargin bounds the distance between the general kernel's mean and the
// fixed-point one (see above), with room to spare.
const linearMargin = 0x1p-30

// linearFixed[b] is srgbToLinear[b] in fixed point, rounded to 32 fraction
// bits: its sums over a window of up to maxProductCells pixels, weighted by
// alpha, stay below 2^64.
var linearFixed = func() (t [256]uint64) {
	for i, v := range srgbToLinear {
		t[i] = uint64(math.Round(v * (1 << 32)))
	}
	return t
}()

// linearEncoder encodes fixed-point means, certain of its byte or saying it
// is not (see above).
type linearEncoder struct {
	// code[i] is the byte of every mean in [i, i+1)/linearCodeSteps when the
	// whole step lies more than the margin from every threshold; else it
	// has uncertainStep set, and the mean needs the search of certain.
	code [2 * linearCodeSteps]uint16
	// lo[b], hi[b]: the means certain to encode to b lie in (lo[b], hi[b]),
	// the thresholds around b narrowed by the margin; lo[256] is +Inf and
	// hi[256] -Inf, so that no mean is certain of a byte past 255.
	lo, hi [257]float64
}

const (
	linearCodeSteps = 1 << 14
	uncertainStep   = 0x100
)

// newLinearEncoder returns the encoder for the given margin.
func newLinearEncoder(margin float64) *linearEncoder {
	e := new(linearEncoder)
	e.lo[0] = math.Inf(-1)
	e.lo[256], e.hi[256] = math.Inf(1), math.Inf(-1)
	for b := range 256 {
		if b > 0 {
			e.lo[b] = linearThreshold[b-1] + margin
		}
		e.hi[b] = linearThreshold[b] - margin
	}
	for i := range e.code {
		l0, l1 := float64(i)/linearCodeSteps, float64(i+1)/linearCodeSteps
		b := linearToSRGB(l0)
		e.code[i] = uint16(b)
		if !(e.lo[b] < l0 && l1 <= e.hi[b]) {
			e.code[i] |= uncertainStep
		}
	}
	return e
}

var defaultLinearEncoder = newLinearEncoder(linearMargin)

// certain returns the byte of the mean l, the fixed-point mean of a window,
// and whether it is certain to be the general kernel's byte.
func (e *linearEncoder) certain(l float64) (byte, bool) {
	b := linearToSRGB(l)
	return b, e.lo[b] < l && l < e.hi[b]
}

// settle returns the code c of the mean l as it is, where its step is
// certain; else the byte of either end of the step (the step holds at most
// one threshold), the one l is certain of, or c still uncertain when l is
// certain of neither.
func (e *linearEncoder) settle(c uint16, l float64) uint16 {
	if c&uncertainStep == 0 {
		return c
	}
	b := c & 0xFF
	switch {
	case e.lo[b] < l && l < e.hi[b]:
		return b
	case e.lo[b+1] < l && l < e.hi[b+1]:
		return b + 1
	}
	return c
}

// uncertainColours returns the bytes of the fixed-point means lr, lg, lb of
// the window at (wy, wx), where a step of the table is uncertain: by the
// search of certain, else recomputed the general kernel's way.
func (k *kernelPixels) uncertainColours(e *linearEncoder, lr, lg, lb float64, wy, wx Window) uint32 {
	br, okr := e.certain(lr)
	bg, okg := e.certain(lg)
	bb, okb := e.certain(lb)
	if okr && okg && okb {
		return uint32(br) | uint32(bg)<<8 | uint32(bb)<<16
	}
	return k.linearWindow(wy, wx)
}

// linearWindow returns the colours (R, G, B in the low three bytes) of the
// window at (wy, wx) the general kernel's way: float64 sums in row-major
// order, divided and encoded. Windows have no dilation here.
func (k *kernelPixels) linearWindow(wy, wx Window) uint32 {
	premul := k.o.Alpha == Premultiplied
	dec := &srgbToLinear
	var sa uint32
	var lr, lg, lb float64
	for y := wy.First; y < wy.First+wy.Count; y++ {
		r := k.src[(y-k.srcY)*k.stride+4*wx.First:]
		for j := range wx.Count {
			v := load32(r, 4*j)
			a := v >> 24
			sa += a
			if premul {
				fa := float64(a)
				lr += dec[uint8(v)] * fa
				lg += dec[uint8(v>>8)] * fa
				lb += dec[uint8(v>>16)] * fa
			} else {
				lr += dec[uint8(v)]
				lg += dec[uint8(v>>8)]
				lb += dec[uint8(v>>16)]
			}
		}
	}
	f := float64(wy.Divisor * wx.Divisor)
	if premul {
		if sa == 0 {
			return 0
		}
		f = float64(sa)
	}
	return uint32(linearToSRGB(lr/f)) | uint32(linearToSRGB(lg/f))<<8 | uint32(linearToSRGB(lb/f))<<16
}
