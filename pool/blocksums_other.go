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
