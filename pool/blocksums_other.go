//go:build !wasm

package pool

import "unsafe"

// blockColumnSums writes, for each of pairs pairs of pixels from src on,
// the sums over kh rows stride bytes apart of their even bytes (R, B) and
// of their odd bytes (G, A), in 16-bit lanes, as two words at sums.
func blockColumnSums(sums, src unsafe.Pointer, stride, kh, pairs int) {
	for range pairs {
		p := src
		v := *(*uint64)(p)
		e, o := v&evenBytes, v>>8&evenBytes
		for range kh - 1 {
			p = unsafe.Add(p, stride)
			v := *(*uint64)(p)
			e += v & evenBytes
			o += v >> 8 & evenBytes
		}
		*(*uint64)(sums) = e
		*(*uint64)(unsafe.Add(sums, 8)) = o
		src, sums = unsafe.Add(src, 8), unsafe.Add(sums, 16)
	}
}

// blocks3x3Pairs writes 2*n pixels at out, the averages of 3x3 blocks whose
// column sums blockColumnSums wrote at sums: each pair of blocks spans three
// words of R and B and three of G and A. Their sums divide by 9 as
// avgBox3's do.
func blocks3x3Pairs(out, sums unsafe.Pointer, n int) {
	for range n {
		w := (*[6]uint64)(sums)
		e := (w[0]+w[0]>>32+w[2])&0xFFFFFFFF | (w[2]>>32+w[4]+w[4]>>32)<<32 + 4*laneOne
		o := (w[1]+w[1]>>32+w[3])&0xFFFFFFFF | (w[3]>>32+w[5]+w[5]>>32)<<32 + 4*laneOne
		*(*uint64)(out) = ninths(e, o)
		out, sums = unsafe.Add(out, 8), unsafe.Add(sums, 48)
	}
}
