package pool

import (
	"math"
	"sync"
	"unsafe"
)

// Linear light in packed lanes: averages in linear light, not
// premultiplied, whose windows hold at most maxPackedCells pixels and step
// one pixel along the row (the box blur in linear light) keep linearLanes'
// sums in two words a pixel instead of four, each of two 32-bit lanes: R
// and G, B and alpha. The decodings have 27 fraction bits (linearFixed27),
// so that a window's sums stay below 2^32 in every lane; a subtraction that
// borrows across lanes is undone by the additions, since each lane's final
// sum lies in [0, 2^32). Each decoding lies within 2^-28 of its float64
// table value, so the fixed-point mean X within 2^-28 of the exact mean E;
// the general kernel's mean lies within 2^-36.9 of E (linear.go), so within
// 2^-27.9 of X, and the encoder's margin is 2^-26 (packedLinearEncoder).
// A mean's step is that of X, floor(S/(div·2^13)): floor(S/2^13) times the
// divisor's magic, shifted right by 48, exact since floor(S/2^13) is at
// most div·2^14 and div below 2^17 (divRoundEvenMagic's bound).

// maxPackedCells bounds the windows of the packed lanes: 31 decodings of at
// most 2^27 sum below 2^32.
const maxPackedCells = 31

// linearFixed27 is srgbToLinear in fixed point with 27 fraction bits.
var linearFixed27 = func() (t [256]uint64) {
	for i, v := range srgbToLinear {
		t[i] = uint64(math.Round(v * (1 << 27)))
	}
	return t
}()

// packedLinearMargin bounds the distance between the general kernel's mean
// and the packed lanes' (see above), with room to spare.
const packedLinearMargin = 0x1p-26

var packedLinearEncoder = newLinearEncoder(packedLinearMargin)

// linearPackedFit reports whether linearPacked handles g with options o.
func linearPackedFit(g *Geometry, o Options) bool {
	return wordViews && o.Alpha != Premultiplied && g.W.Stride == 1 &&
		g.H.Dilation == 1 && g.W.Dilation == 1 && g.H.Kernel*g.W.Kernel <= maxPackedCells
}

// linearPacked writes output rows [from, to) of an average in linear light
// in packed lanes (linearPackedFit), with the bytes of avgPicture: as
// linearLanes, with two words a pixel, and every window after a whole one
// slid (linearPackedSlide) while whole.
func (k *kernelPixels) linearPacked(dst []byte, from, to int, e *linearEncoder) {
	s := optionScratches.get()
	defer optionScratches.put(s)
	ay, ax := &k.g.H, &k.g.W
	inW := ax.In
	// Two words a pixel (linearPackedRow).
	rows := newLaneRows(s, 2*inW, ay)
	cols := unsafe.Pointer(&rows.cols[0])
	enter := func(slot unsafe.Pointer, y int, mode rowMode) {
		linearPackedRow(cols, slot, unsafe.Pointer(&k.src[(y-k.srcY)*k.stride]), inW, mode, &linearFixed27)
	}
	wholeEnd := ax.wholeEnd()
	for oy := from; oy < to; oy++ {
		wy := ay.Windows[oy]
		rows.cover(wy.First, wy.First+wy.Count, enter)
		out := unsafe.Pointer(&dst[(oy-from)*4*ax.Out])
		var sums [2]uint64
		l, h := 0, 0 // the pixels in the sums
		var div, dm uint64
		var inv float64
		var quot unsafe.Pointer
		for ox := 0; ox < ax.Out; ox++ {
			wx := &ax.Windows[ox]
			a, b := wx.First, wx.First+wx.Count
			if a >= h {
				sums, l, h = [2]uint64{}, a, a
			}
			for ; l < a; l++ {
				sums[0] -= *(*uint64)(unsafe.Add(cols, 16*l))
				sums[1] -= *(*uint64)(unsafe.Add(cols, 16*l+8))
			}
			for ; h < b; h++ {
				sums[0] += *(*uint64)(unsafe.Add(cols, 16*h))
				sums[1] += *(*uint64)(unsafe.Add(cols, 16*h+8))
			}
			if d := uint64(wy.Divisor * wx.Divisor); d != div {
				div, dm, inv = d, magic(d), 1/(float64(d)*(1<<27))
				quot = packedQuotients(d)
			}
			*(*uint32)(unsafe.Add(out, 4*ox)) = k.packedPixel(e, sums, div, dm, inv, wy, *wx)
			if wx.Count != ax.Kernel || ox+1 >= wholeEnd {
				continue
			}
			// From a whole window, the next windows while whole, each a
			// pixel further right: one pixel in on the right, one out on
			// the left.
			n := wholeEnd - (ox + 1)
			run := unsafe.Add(out, 4*(ox+1))
			for i := 0; i < n; i++ {
				i = linearPackedSlide(run, unsafe.Add(cols, 16*h), unsafe.Add(cols, 16*l), i, n, &sums, quot, dm, inv, e)
				if i < n {
					*(*uint32)(unsafe.Add(run, 4*i)) = uint32(divRoundEvenMagic(sums[1]>>32, div, dm))<<24 |
						k.linearWindow(wy, ax.Windows[ox+1+i])
				}
			}
			ox, l, h = ox+n, l+n, h+n
		}
	}
}

// packedQuotientTables[d] holds n/d rounded half to even for every alpha
// sum n of a window of d pixels, built on first use: the slide reads a
// window's alpha byte from its sum rather than dividing. Rows of windows
// change divisor at their ends, so each divisor keeps its table.
var packedQuotientTables [maxPackedCells + 1]struct {
	once  sync.Once
	table []byte
}

// packedQuotients returns the first byte of the table of divisor d, at
// most maxPackedCells.
func packedQuotients(d uint64) unsafe.Pointer {
	q := &packedQuotientTables[d]
	q.once.Do(func() {
		q.table = make([]byte, 255*d+1)
		fillQuotients(q.table, d)
	})
	return unsafe.Pointer(&q.table[0])
}

// packedPixel returns the pixel of the window (wy, wx) whose packed sums
// are sums, its divisor div (magic dm, inv = 1/(div·2^27)).
func (k *kernelPixels) packedPixel(e *linearEncoder, sums [2]uint64, div, dm uint64, inv float64, wy, wx Window) uint32 {
	o := uint32(divRoundEvenMagic(sums[1]>>32, div, dm)) << 24
	sr, sg, sb := sums[0]&0xFFFFFFFF, sums[0]>>32, sums[1]&0xFFFFFFFF
	cr, cg, cb := e.code[packedStep(sr, dm)], e.code[packedStep(sg, dm)], e.code[packedStep(sb, dm)]
	cr, cg, cb = e.settle(cr, float64(sr)*inv), e.settle(cg, float64(sg)*inv), e.settle(cb, float64(sb)*inv)
	if (cr|cg|cb)&uncertainStep != 0 {
		return o | k.linearWindow(wy, wx)
	}
	return o | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
}

// packedStep returns the step of the mean of a lane's sum s (see above),
// masked to the table.
func packedStep(s, dm uint64) int { return int((s >> 13 * dm >> 48) & (2*linearCodeSteps - 1)) }
