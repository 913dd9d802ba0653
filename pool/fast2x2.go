package pool

// The CNN case, 2x2 windows with stride 2 and no padding, is the most common
// pooling of all; these kernels read each input byte once, eight at a time.

// fits2x2 reports whether every window of g is a full 2x2 block with stride 2
// inside the input.
func fits2x2(g *Geometry) bool {
	for _, a := range [2]*Axis{&g.H, &g.W} {
		if a.Kernel != 2 || a.Stride != 2 || a.Dilation != 1 || a.PadBefore != 0 || 2*a.Out > a.In {
			return false
		}
	}
	return true
}

// extreme2x2 writes the max (or min) of output rows [from, to).
func (k *kernelPixels) extreme2x2(dst []byte, from, to int, isMin bool) {
	outW := k.g.W.Out
	for oy := from; oy < to; oy++ {
		r0 := k.src[(2*oy-k.srcY)*k.stride:]
		r1 := r0[k.stride:]
		d := dst[(oy-from)*4*outW : (oy-from+1)*4*outW]
		for ox := range outW {
			// Two pixels from each row: the window's four pixels in two words.
			m := extreme8(load64(r0, 8*ox), load64(r1, 8*ox), isMin)
			m = extreme8(m, m>>32|m<<32, isMin)
			store32(d, 4*ox, uint32(m))
		}
	}
}

// avg2x2 writes the rounded mean of output rows [from, to): each channel's sum
// of four bytes (at most 1020) is formed in a 16-bit lane and divided by four
// with ties to even.
func (k *kernelPixels) avg2x2(dst []byte, from, to int) {
	outW := k.g.W.Out
	for oy := from; oy < to; oy++ {
		r0 := k.src[(2*oy-k.srcY)*k.stride:]
		r1 := r0[k.stride:]
		d := dst[(oy-from)*4*outW : (oy-from+1)*4*outW]
		for ox := range outW {
			a, b := load64(r0, 8*ox), load64(r1, 8*ox)
			even := a&evenBytes + b&evenBytes
			odd := a>>8&evenBytes + b>>8&evenBytes
			even += even>>32 | even<<32 // both halves now hold the 2x2 sums
			odd += odd>>32 | odd<<32
			even = (even + laneOne + even>>2&laneOne) >> 2 & evenBytes
			odd = (odd + laneOne + odd>>2&laneOne) >> 2 & evenBytes
			store32(d, 4*ox, uint32(even|odd<<8))
		}
	}
}
