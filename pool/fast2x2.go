package pool

// The CNN case, 2x2 windows with stride 2 and no padding, is the most common
// pooling of all; these kernels read each input byte once, eight at a time.

// fits2x2 reports whether every window of g is a full 2x2 block with stride 2
// inside the input, on a machine where the kernels can view bytes as words.
func fits2x2(g *Geometry) bool {
	if !wordViews {
		return false
	}
	for _, a := range [2]*Axis{&g.H, &g.W} {
		if a.Kernel != 2 || a.Stride != 2 || a.Dilation != 1 || a.PadBefore != 0 || 2*a.Out > a.In {
			return false
		}
	}
	return true
}

// rows2x2 calls f for each output row in [from, to) with its two input rows
// and its output as words: every output word is two pixels, made from two
// words of each input row. An odd last pixel is left to the caller, at
// output column len(out)*2.
func (k *kernelPixels) rows2x2(dst []byte, from, to int, f func(w0, w1, out []uint64, r0, r1, d []byte)) {
	outW := k.g.W.Out
	for oy := from; oy < to; oy++ {
		r0 := k.src[(2*oy-k.srcY)*k.stride:]
		r1 := r0[k.stride:]
		d := dst[(oy-from)*4*outW : (oy-from+1)*4*outW]
		w0, w1 := words(r0[:8*outW]), words(r1[:8*outW])
		w1 = w1[:len(w0)]
		out := words(d[:8*(outW/2)])
		f(w0, w1, out[:outW/2], r0, r1, d)
	}
}

// extreme2x2 writes the max (or min) of output rows [from, to).
func (k *kernelPixels) extreme2x2(dst []byte, from, to int, isMin bool) {
	k.rows2x2(dst, from, to, func(w0, w1, out []uint64, r0, r1, d []byte) {
		for i := range out {
			// Four pixels from each row, two windows: the extreme of the rows,
			// then of the two pixels of each window, gathered in x and y.
			m0 := extreme8(w0[2*i], w1[2*i], isMin)
			m1 := extreme8(w0[2*i+1], w1[2*i+1], isMin)
			x := m0&0xFFFFFFFF | m1<<32
			y := m0>>32 | m1&^0xFFFFFFFF
			out[i] = extreme8(x, y, isMin)
		}
		if ox := 2 * len(out); 4*ox < len(d) {
			m := extreme8(load64(r0, 8*ox), load64(r1, 8*ox), isMin)
			store32(d, 4*ox, uint32(extreme8(m, m>>32, isMin)))
		}
	})
}

// avg2x2 writes the rounded mean of output rows [from, to): each channel's sum
// of four bytes (at most 1020) is formed in a 16-bit lane and divided by four
// with ties to even.
func (k *kernelPixels) avg2x2(dst []byte, from, to int) {
	k.rows2x2(dst, from, to, func(w0, w1, out []uint64, r0, r1, d []byte) {
		for i := range out {
			out[i] = avg2x2Pixel(w0[2*i], w1[2*i]) | avg2x2Pixel(w0[2*i+1], w1[2*i+1])<<32
		}
		if ox := 2 * len(out); 4*ox < len(d) {
			store32(d, 4*ox, uint32(avg2x2Pixel(load64(r0, 8*ox), load64(r1, 8*ox))))
		}
	})
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

// alphaReciprocals[s] is reciprocal(s) for every alpha sum of a 2x2 window.
var alphaReciprocals = func() (t [4*255 + 1]float64) {
	for s := 1; s < len(t); s++ {
		t[s] = reciprocal(uint32(s))
	}
	return t
}()

// premultiplied2x2 writes output rows [from, to) of a premultiplied
// average: colour = sum(c*a)/sum(a), alpha = sum(a)/4, both rounded half to
// even, colour 0 where the window is fully transparent.
func (k *kernelPixels) premultiplied2x2(dst []byte, from, to int) {
	k.rows2x2(dst, from, to, func(_, _, _ []uint64, r0, r1, d []byte) {
		for ox := range len(d) / 4 {
			p, q, o := r0[8*ox:8*ox+8], r1[8*ox:8*ox+8], d[4*ox:4*ox+4]
			a0, a1, a2, a3 := uint32(p[3]), uint32(p[7]), uint32(q[3]), uint32(q[7])
			sa := a0 + a1 + a2 + a3
			o[3] = byte((sa + 1 + sa>>2&1) >> 2) // sa/4, ties to even
			if sa == 0 {
				o[0], o[1], o[2] = 0, 0, 0
				continue
			}
			r := alphaReciprocals[sa]
			for c := range 3 {
				n := uint32(p[c])*a0 + uint32(p[4+c])*a1 + uint32(q[c])*a2 + uint32(q[4+c])*a3
				o[c] = byte(divRoundEvenRecip(n, sa, r))
			}
		}
	})
}
