package pool

import (
	"math"
	"unsafe"
)

// The CNN case, 2x2 windows with stride 2 and no padding, is the most common
// pooling of all; these kernels read each input byte once, eight at a time.

// fits2x2 reports whether every window of g is a full 2x2 block with stride
// 2 inside the input: the block tiling with k = 2 (see fitsBlocks).
func fits2x2(g *Geometry) bool { return g.H.Kernel == 2 && g.W.Kernel == 2 && fitsBlocks(g) }

// extreme2x2 writes the max (or min) of output rows [from, to), walking
// rows with pointers as the block kernels do (picture_blocks.go): per pair of output
// pixels, two words of each input row.
func (k *kernelPixels) extreme2x2(dst []byte, from, to int, isMin bool) {
	outW := k.g.W.Out
	src, out := k.blockBase(dst)
	var flip uint64 // turns the max's choice into the min's
	if isMin {
		flip = ^uint64(0)
	}
	for oy := from; oy < to; oy++ {
		r0 := unsafe.Add(src, k.blockTop(oy))
		r1 := unsafe.Add(r0, k.stride)
		d := unsafe.Add(out, (oy-from)*4*outW)
		ox := 0
		for ; ox+2 <= outW; ox += 2 {
			// Four pixels from each row, two windows: the extreme of the
			// rows, then of the two pixels of each window, gathered in x
			// and y.
			a, b := *(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))
			m0 := extreme8Flip(a, b, flip)
			a, b = *(*uint64)(unsafe.Add(r0, 8*ox+8)), *(*uint64)(unsafe.Add(r1, 8*ox+8))
			m1 := extreme8Flip(a, b, flip)
			x := m0&0xFFFFFFFF | m1<<32
			y := m0>>32 | m1&^0xFFFFFFFF
			*(*uint64)(unsafe.Add(d, 4*ox)) = extreme8Flip(x, y, flip)
		}
		if ox < outW {
			a, b := *(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))
			m := extreme8Flip(a, b, flip)
			y := m >> 32
			*(*uint32)(unsafe.Add(d, 4*ox)) = uint32(extreme8Flip(m, y, flip))
		}
	}
}

// avg2x2 writes the rounded mean of output rows [from, to): each channel's sum
// of four bytes (at most 1020) is formed in a 16-bit lane and divided by four
// with ties to even.
func (k *kernelPixels) avg2x2(dst []byte, from, to int) {
	outW := k.g.W.Out
	src, out := k.blockBase(dst)
	for oy := from; oy < to; oy++ {
		r0 := unsafe.Add(src, k.blockTop(oy))
		r1 := unsafe.Add(r0, k.stride)
		d := unsafe.Add(out, (oy-from)*4*outW)
		ox := 0
		for ; ox+2 <= outW; ox += 2 {
			p := avg2x2Pixel(*(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox)))
			q := avg2x2Pixel(*(*uint64)(unsafe.Add(r0, 8*ox+8)), *(*uint64)(unsafe.Add(r1, 8*ox+8)))
			*(*uint64)(unsafe.Add(d, 4*ox)) = p | q<<32
		}
		if ox < outW {
			*(*uint32)(unsafe.Add(d, 4*ox)) = uint32(avg2x2Pixel(*(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))))
		}
	}
}

// avg2x2Pixel returns, in its low four bytes, the rounded mean of the two
// pixels in a and the two in b.
func avg2x2Pixel(a, b uint64) uint64 {
	even := a&evenBytes + b&evenBytes
	odd := a>>8&evenBytes + b>>8&evenBytes
	even += even >> 32 // the low half now holds the 2x2 sums
	odd += odd >> 32
	// n/4 rounded half to even is (n + 1 + (n/4 odd)) / 4.
	even = (even + laneOne + even>>2&laneOne) >> 2 & evenBytes
	odd = (odd + laneOne + odd>>2&laneOne) >> 2 & evenBytes
	return (even | odd<<8) & 0xFFFFFFFF
}

// lp2x2 is lp for the norm of order 2 over 2x2 blocks: four output pixels a
// turn where a vector kernel does them (lp2x2Quads), the others one by one
// by lp2x2Pixel, which skips lp's table and window walk (4.5 times as
// fast natively).
func (k *kernelPixels) lp2x2(dst []byte, from, to int) {
	outW := k.g.W.Out
	src, out := k.blockBase(dst)
	quads := 0
	if k.vectors && lp2x2Fast {
		quads = outW / 4
	}
	for oy := from; oy < to; oy++ {
		r0 := unsafe.Add(src, k.blockTop(oy))
		r1 := unsafe.Add(r0, k.stride)
		d := unsafe.Add(out, (oy-from)*4*outW)
		if quads > 0 {
			lp2x2Quads(d, r0, r1, quads)
		}
		for ox := 4 * quads; ox < outW; ox++ {
			lp2x2Pixel(unsafe.Add(d, 4*ox), unsafe.Add(r0, 8*ox), unsafe.Add(r1, 8*ox))
		}
	}
}

// lp2x2Pixel writes at d the norm of order 2 of the block of two pixels at
// r0 and two at r1: each channel's squares summed as integers, which
// float64 holds exactly, as lp's sum of its table's squares does.
func lp2x2Pixel(d, r0, r1 unsafe.Pointer) {
	a, b := (*[8]byte)(r0), (*[8]byte)(r1)
	o := (*[4]byte)(d)
	for c := range 4 {
		o[c] = roundedRoot(int(a[c])*int(a[c]) + int(a[c+4])*int(a[c+4]) + int(b[c])*int(b[c]) + int(b[c+4])*int(b[c+4]))
	}
}

// roundedRoot returns the square root of s >= 0 rounded to a byte, as lp
// rounds it (half to even, then clamped). The root of an integer is never
// a tie (that would need s = n² + n + 1/4), so it is r = floor(√s), plus one
// where s > r² + r, the square of r + 1/2 less a quarter: in integers but
// for the correctly rounded root, whose floor is exact below 2^52.
func roundedRoot(s int) byte {
	r := int(math.Sqrt(float64(s)))
	if s > r*r+r {
		r++
	}
	return byte(min(r, 255))
}
