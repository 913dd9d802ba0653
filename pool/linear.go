package pool

import (
	"math"
	"unsafe"
)

// Averages in linear light are defined by the general kernel's float64 sums
// (avgPicture), which depend on their order. linearLanes gets the same bytes
// without adding each window's cells in that order: it sums fixed-point
// decodings in integers, exactly, sliding them like premultipliedLanes, and
// encodes the mean only where the result is certain, recomputing a window the
// general way in the rare case it is not.
//
// Certain means: the fixed-point mean l' lies further than linearMargin from
// every threshold of the encoder. Both l' and the general kernel's mean l lie
// close to the exact mean E = sum(w·t)/sum(w) of the float64 table values t
// with weights w (the alpha, or 1):
//   - l: each term t·w is rounded once and the n-term sum accumulates at most
//     (n-1) more roundings, each relative and on a sum of positive terms, then
//     the division one more: |l - E| <= (n+1)·2^-53/(1-(n+1)·2^-53) · E, below
//     2^-36.9 for the at most maxProductCells cells of a window, E being at
//     most 1.
//   - l': each fixed-point decoding lies within 2^-33 of its t, so their
//     weighted mean within 2^-33 of E; converting the sum to float64, the
//     reciprocal and the product round three times more: below 2^-50.
//
// So |l - l'| < 2^-32.8 < linearMargin, and where l' lies more than
// linearMargin from the two thresholds around it, l lies strictly between
// them too and encodes to the same byte (no tie can arise). Random pictures
// hit the margin about once in a million colours.

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

// linearLanesFit reports whether linearLanes handles g.
func linearLanesFit(g *Geometry) bool {
	return wordViews && g.H.Dilation == 1 && g.W.Dilation == 1 && g.H.Kernel <= maxProductCells/g.W.Kernel
}

// linearEncoder encodes fixed-point means, certain of its byte or saying it
// is not (see above).
type linearEncoder struct {
	// code[i] is the byte of every mean in [i, i+1)/linearCodeSteps when the
	// whole step lies more than the margin from every threshold; else it
	// has uncertainStep set, and the mean needs the search of certain.
	code [2 * linearCodeSteps]uint16
	// lo[b], hi[b]: the means certain to encode to b lie in (lo[b], hi[b]),
	// the thresholds around b narrowed by the margin.
	lo, hi [256]float64
}

const (
	linearCodeSteps = 1 << 14
	uncertainStep   = 0x100
)

// newLinearEncoder returns the encoder for the given margin.
func newLinearEncoder(margin float64) *linearEncoder {
	e := new(linearEncoder)
	e.lo[0] = math.Inf(-1)
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

// linearLanes writes output rows [from, to) of an average in linear light,
// premultiplied or not, with the bytes of avgPicture (see above).
func (k *kernelPixels) linearLanes(dst []byte, from, to int) {
	k.linearLanesWith(dst, from, to, defaultLinearEncoder)
}

// linearLanesWith is linearLanes with the encoder as a parameter, so that
// tests can widen its margin and send many windows down the general way.
func (k *kernelPixels) linearLanesWith(dst []byte, from, to int, e *linearEncoder) {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	premul := k.o.Alpha == Premultiplied
	code := &e.code
	// Each pixel's weight: its alpha when premultiplied, else 1.
	wmask, wone := uint64(0), uint64(1)
	if premul {
		wmask, wone = 0xFF, 0
	}
	ay, ax := &k.g.H, &k.g.W
	inW := ax.In
	// Four words a pixel: R, G, B weighted and decoded, and alpha. ring
	// holds the rows in the column sums, row y in slot y % Kernel.
	s.products = grow(s.products, 4*inW*ay.Kernel)
	s.pixel = grow(s.pixel, 4*inW)
	ring := unsafe.Pointer(&s.products[0])
	cols := unsafe.Pointer(&s.pixel[0])
	slot := func(y int) unsafe.Pointer { return unsafe.Add(ring, 32*inW*(y%ay.Kernel)) }
	row := func(y int) unsafe.Pointer { return unsafe.Pointer(&k.src[(y-k.srcY)*k.stride]) }
	// Rows leave the column sums only where windows overlap down the picture.
	entering := addOnly
	if ay.Stride < ay.Kernel {
		entering = addKeep
	}
	// With stride 1 the whole windows are consecutive; they end here.
	wholeEnd := ax.Out
	for wholeEnd > 0 && ax.Windows[wholeEnd-1].Count != ax.Kernel {
		wholeEnd--
	}
	lowY, highY := 0, 0 // the input rows in the column sums
	for oy := from; oy < to; oy++ {
		wy := ay.Windows[oy]
		a, b := wy.First, wy.First+wy.Count
		if a >= highY {
			clear(s.pixel)
			lowY, highY = a, a
		}
		for ; lowY < a && highY < b && highY == lowY+ay.Kernel; lowY, highY = lowY+1, highY+1 {
			linearRowLanes(cols, slot(highY), row(highY), inW, wmask, wone, replaceSlot)
		}
		for ; lowY < a; lowY++ {
			p := slot(lowY)
			for i := range 4 * inW {
				*(*uint64)(unsafe.Add(cols, 8*i)) -= *(*uint64)(unsafe.Add(p, 8*i))
			}
		}
		for ; highY < b; highY++ {
			linearRowLanes(cols, slot(highY), row(highY), inW, wmask, wone, entering)
		}
		out := unsafe.Pointer(&dst[(oy-from)*4*ax.Out])
		var sr, sg, sb, sa uint64
		l, h := 0, 0 // the pixels in the sums
		lastDiv, divMagic, inv := 0, uint64(0), 0.0
		for ox := 0; ox < ax.Out; ox++ {
			wx := &ax.Windows[ox]
			a, b := wx.First, wx.First+wx.Count
			if a >= h {
				sr, sg, sb, sa, l, h = 0, 0, 0, 0, a, a
			}
			for ; l < a; l++ {
				c := unsafe.Add(cols, 32*l)
				sr -= *(*uint64)(c)
				sg -= *(*uint64)(unsafe.Add(c, 8))
				sb -= *(*uint64)(unsafe.Add(c, 16))
				sa -= *(*uint64)(unsafe.Add(c, 24))
			}
			for ; h < b; h++ {
				c := unsafe.Add(cols, 32*h)
				sr += *(*uint64)(c)
				sg += *(*uint64)(unsafe.Add(c, 8))
				sb += *(*uint64)(unsafe.Add(c, 16))
				sa += *(*uint64)(unsafe.Add(c, 24))
			}
			if div := wy.Divisor * wx.Divisor; div != lastDiv {
				lastDiv, divMagic = div, magic(uint64(div))
				inv = 1 / (float64(div) * (1 << 32))
			}
			o := uint32(divRoundEvenMagic(sa, uint64(lastDiv), divMagic)) << 24
			w := inv
			if premul {
				if sa == 0 {
					*(*uint32)(unsafe.Add(out, 4*ox)) = o
					continue
				}
				w = 1 / (float64(sa) * (1 << 32))
			}
			lr, lg, lb := float64(sr)*w, float64(sg)*w, float64(sb)*w
			// Every mean is at most 1 + linearMargin: each index is below
			// twice the steps, and the mask spares a bounds check.
			cr := code[int(lr*linearCodeSteps)&(2*linearCodeSteps-1)]
			cg := code[int(lg*linearCodeSteps)&(2*linearCodeSteps-1)]
			cb := code[int(lb*linearCodeSteps)&(2*linearCodeSteps-1)]
			if (cr|cg|cb)&uncertainStep == 0 {
				o |= uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
			} else {
				o |= k.uncertainColours(e, lr, lg, lb, wy, *wx)
			}
			*(*uint32)(unsafe.Add(out, 4*ox)) = o
			if ax.Stride != 1 || wx.Count != ax.Kernel || ox+1 >= wholeEnd {
				continue
			}
			// Stride 1 from a whole window: the next windows, while whole,
			// each take one pixel on the right and drop one on the left.
			n := wholeEnd - (ox + 1)
			run := linearRun{k: k, e: e, wy: wy, ox: ox + 1, div: uint64(lastDiv), dm: divMagic, inv: inv, premul: premul}
			sr, sg, sb, sa = run.write(unsafe.Add(out, 4*(ox+1)), unsafe.Add(cols, 32*h), unsafe.Add(cols, 32*l), n, sr, sg, sb, sa)
			ox, l, h = ox+n, l+n, h+n
		}
	}
}

// linearRun is a run of whole windows with stride 1 along an output row of
// linearLanes: windows ox, ox+1, ... of output row wy, all of divisor div
// (with magic dm, and inv = 1/(div·2^32)).
type linearRun struct {
	k       *kernelPixels
	e       *linearEncoder
	wy      Window
	ox      int
	div, dm uint64
	inv     float64
	premul  bool
}

// write writes n pixels at out, the windows after one whose sums are sr, sg,
// sb, sa, each a pixel further right: its column at enter added, the one at
// leave taken. It returns the last window's sums.
func (r *linearRun) write(out, enter, leave unsafe.Pointer, n int, sr, sg, sb, sa uint64) (uint64, uint64, uint64, uint64) {
	code := &r.e.code
	div, dm, inv, premul := r.div, r.dm, r.inv, r.premul
	for i := range n {
		c, d := unsafe.Add(enter, 32*i), unsafe.Add(leave, 32*i)
		sr += *(*uint64)(c) - *(*uint64)(d)
		sg += *(*uint64)(unsafe.Add(c, 8)) - *(*uint64)(unsafe.Add(d, 8))
		sb += *(*uint64)(unsafe.Add(c, 16)) - *(*uint64)(unsafe.Add(d, 16))
		sa += *(*uint64)(unsafe.Add(c, 24)) - *(*uint64)(unsafe.Add(d, 24))
		o := uint32(divRoundEvenMagic(sa, div, dm)) << 24
		w := inv
		if premul {
			if sa == 0 {
				*(*uint32)(unsafe.Add(out, 4*i)) = o
				continue
			}
			w = 1 / (float64(sa) * (1 << 32))
		}
		lr, lg, lb := float64(sr)*w, float64(sg)*w, float64(sb)*w
		cr := code[int(lr*linearCodeSteps)&(2*linearCodeSteps-1)]
		cg := code[int(lg*linearCodeSteps)&(2*linearCodeSteps-1)]
		cb := code[int(lb*linearCodeSteps)&(2*linearCodeSteps-1)]
		if (cr|cg|cb)&uncertainStep == 0 {
			o |= uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
		} else {
			o |= r.k.uncertainColours(r.e, lr, lg, lb, r.wy, r.k.g.W.Windows[r.ox+i])
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = o
	}
	return sr, sg, sb, sa
}

// rowMode says what a row function does with the slot of its row in the
// ring: nothing (no window ever takes the row back out), keep the decoded
// row there, or first take the row that lies there from the column sums.
type rowMode uint8

const (
	addOnly rowMode = iota
	addKeep
	replaceSlot
)

// linearRowLanes decodes the n pixels of an input row (four words a pixel,
// see linearLanes) and adds them to the column sums, with the slot as mode
// says. Each mode is a loop of its own with few variables live, so that the
// wasm build keeps them in locals.
func linearRowLanes(cols, slot, row unsafe.Pointer, n int, wmask, wone uint64, mode rowMode) {
	dec := &linearFixed
	switch mode {
	case addOnly:
		for x := range n {
			v := *(*uint32)(unsafe.Add(row, 4*x))
			a := uint64(v >> 24)
			w := a&wmask | wone
			c := unsafe.Add(cols, 32*x)
			*(*uint64)(c) += dec[uint8(v)] * w
			*(*uint64)(unsafe.Add(c, 8)) += dec[uint8(v>>8)] * w
			*(*uint64)(unsafe.Add(c, 16)) += dec[uint8(v>>16)] * w
			*(*uint64)(unsafe.Add(c, 24)) += a
		}
	case addKeep:
		for x := range n {
			v := *(*uint32)(unsafe.Add(row, 4*x))
			a := uint64(v >> 24)
			w := a&wmask | wone
			r, g, b := dec[uint8(v)]*w, dec[uint8(v>>8)]*w, dec[uint8(v>>16)]*w
			p, c := unsafe.Add(slot, 32*x), unsafe.Add(cols, 32*x)
			*(*uint64)(p) = r
			*(*uint64)(unsafe.Add(p, 8)) = g
			*(*uint64)(unsafe.Add(p, 16)) = b
			*(*uint64)(unsafe.Add(p, 24)) = a
			*(*uint64)(c) += r
			*(*uint64)(unsafe.Add(c, 8)) += g
			*(*uint64)(unsafe.Add(c, 16)) += b
			*(*uint64)(unsafe.Add(c, 24)) += a
		}
	case replaceSlot:
		for x := range n {
			v := *(*uint32)(unsafe.Add(row, 4*x))
			a := uint64(v >> 24)
			w := a&wmask | wone
			r, g, b := dec[uint8(v)]*w, dec[uint8(v>>8)]*w, dec[uint8(v>>16)]*w
			p, c := unsafe.Add(slot, 32*x), unsafe.Add(cols, 32*x)
			*(*uint64)(c) += r - *(*uint64)(p)
			*(*uint64)(unsafe.Add(c, 8)) += g - *(*uint64)(unsafe.Add(p, 8))
			*(*uint64)(unsafe.Add(c, 16)) += b - *(*uint64)(unsafe.Add(p, 16))
			*(*uint64)(unsafe.Add(c, 24)) += a - *(*uint64)(unsafe.Add(p, 24))
			*(*uint64)(p) = r
			*(*uint64)(unsafe.Add(p, 8)) = g
			*(*uint64)(unsafe.Add(p, 16)) = b
			*(*uint64)(unsafe.Add(p, 24)) = a
		}
	}
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

// linear2x2 writes output rows [from, to) of an average in linear light of
// 2x2 blocks (fits2x2): linearLanes without column sums, and without the
// loops along windows, which cost most in wasm.
func (k *kernelPixels) linear2x2(dst []byte, from, to int, e *linearEncoder) {
	premul := k.o.Alpha == Premultiplied
	outW := k.g.W.Out
	code, dec := &e.code, &linearFixed
	src, out := k.blockBase(dst)
	const inv = 1.0 / (4 << 32)
	for oy := from; oy < to; oy++ {
		r0 := unsafe.Add(src, k.blockTop(oy))
		r1 := unsafe.Add(r0, k.stride)
		d := unsafe.Add(out, (oy-from)*4*outW)
		for ox := range outW {
			v, w := *(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))
			// The alpha sum over four, rounded half to even.
			sa := v>>24&0xFF + v>>56 + w>>24&0xFF + w>>56
			o := uint32((sa+1+sa>>2&1)>>2) << 24
			var sr, sg, sb uint64
			f := inv
			if premul {
				if sa == 0 {
					*(*uint32)(unsafe.Add(d, 4*ox)) = o
					continue
				}
				a0, a1, a2, a3 := v>>24&0xFF, v>>56, w>>24&0xFF, w>>56
				sr = dec[uint8(v)]*a0 + dec[uint8(v>>32)]*a1 + dec[uint8(w)]*a2 + dec[uint8(w>>32)]*a3
				sg = dec[uint8(v>>8)]*a0 + dec[uint8(v>>40)]*a1 + dec[uint8(w>>8)]*a2 + dec[uint8(w>>40)]*a3
				sb = dec[uint8(v>>16)]*a0 + dec[uint8(v>>48)]*a1 + dec[uint8(w>>16)]*a2 + dec[uint8(w>>48)]*a3
				f = 1 / (float64(sa) * (1 << 32))
			} else {
				sr = dec[uint8(v)] + dec[uint8(v>>32)] + dec[uint8(w)] + dec[uint8(w>>32)]
				sg = dec[uint8(v>>8)] + dec[uint8(v>>40)] + dec[uint8(w>>8)] + dec[uint8(w>>40)]
				sb = dec[uint8(v>>16)] + dec[uint8(v>>48)] + dec[uint8(w>>16)] + dec[uint8(w>>48)]
			}
			lr, lg, lb := float64(sr)*f, float64(sg)*f, float64(sb)*f
			cr := code[int(lr*linearCodeSteps)&(2*linearCodeSteps-1)]
			cg := code[int(lg*linearCodeSteps)&(2*linearCodeSteps-1)]
			cb := code[int(lb*linearCodeSteps)&(2*linearCodeSteps-1)]
			if (cr|cg|cb)&uncertainStep == 0 {
				o |= uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
			} else {
				o |= k.uncertainColours(e, lr, lg, lb, k.g.H.Windows[oy], k.g.W.Windows[ox])
			}
			*(*uint32)(unsafe.Add(d, 4*ox)) = o
		}
	}
}
