//go:build !wasm

package pool

import "unsafe"

// blockColumnSums writes, for each of pairs pairs of pixels from src on,
// the sums over kh rows stride bytes apart of their even bytes (R, B) and
// of their odd bytes (G, A), in 16-bit lanes, as two words at sums.
func blockColumnSums(sums, src unsafe.Pointer, stride, kh, pairs int) {
	for i := range pairs {
		p := unsafe.Add(src, 8*i)
		v := *(*uint64)(p)
		e, o := v&evenBytes, v>>8&evenBytes
		for range kh - 1 {
			p = unsafe.Add(p, stride)
			v := *(*uint64)(p)
			e += v & evenBytes
			o += v >> 8 & evenBytes
		}
		*(*uint64)(unsafe.Add(sums, 16*i)) = e
		*(*uint64)(unsafe.Add(sums, 16*i+8)) = o
	}
}

// blocks3x3Row writes 2*n pixels at out, the averages of the 3x3 blocks
// that tile the 6*n pixels from src on of three rows stride bytes apart:
// each pair of blocks spans three words a row, whose column sums, in 16-bit
// lanes, add up to the blocks' and divide by 9 as avgBox3's do.
func blocks3x3Row(out, src unsafe.Pointer, stride, n int) {
	p0, p1, p2 := src, unsafe.Add(src, stride), unsafe.Add(src, 2*stride)
	col := func(off int) (e, o uint64) {
		a := *(*uint64)(unsafe.Add(p0, off))
		b := *(*uint64)(unsafe.Add(p1, off))
		c := *(*uint64)(unsafe.Add(p2, off))
		return a&evenBytes + b&evenBytes + c&evenBytes, a>>8&evenBytes + b>>8&evenBytes + c>>8&evenBytes
	}
	for i := range n {
		e0, o0 := col(24 * i)
		e1, o1 := col(24*i + 8)
		e2, o2 := col(24*i + 16)
		e := (e0+e0>>32+e1)&0xFFFFFFFF | (e1>>32+e2+e2>>32)<<32 + 4*laneOne
		o := (o0+o0>>32+o1)&0xFFFFFFFF | (o1>>32+o2+o2>>32)<<32 + 4*laneOne
		*(*uint64)(unsafe.Add(out, 8*i)) = ninths(e, o)
	}
}

// blocksPow2Row writes 2*n pixels at out, the averages of blocks of 2^shift
// pixels, 2*half wide, whose column sums blockColumnSums wrote at sums: two
// blocks' sums in the two halves of a word of lanes, divided by 2^shift
// rounding half to even in every lane at once (pow2Quotients).
func blocksPow2Row(out, sums unsafe.Pointer, half, shift, n int) {
	bias := uint64(1<<(shift-1)-1) * laneOne
	next := 16 * half // bytes from a block's words to the next block's
	for i := range n {
		sums := unsafe.Add(sums, 2*next*i)
		var e0, o0, e1, o1 uint64
		for j := range half {
			e0 += *(*uint64)(unsafe.Add(sums, 16*j))
			o0 += *(*uint64)(unsafe.Add(sums, 16*j+8))
			e1 += *(*uint64)(unsafe.Add(sums, next+16*j))
			o1 += *(*uint64)(unsafe.Add(sums, next+16*j+8))
		}
		e := (e0+e0>>32)&0xFFFFFFFF | (e1+e1<<32)&^0xFFFFFFFF
		o := (o0+o0>>32)&0xFFFFFFFF | (o1+o1<<32)&^0xFFFFFFFF
		*(*uint64)(unsafe.Add(out, 8*i)) = pow2Quotients(e, shift, bias) | pow2Quotients(o, shift, bias)<<8
	}
}
