//go:build !wasm

package pool

import "unsafe"

// box3Loop is box3Pairs' loop: prevE and prevO hold the column sums of the
// pixel before the pair (R and B; G and A) in their high halves, curE and
// curO those of the pair, src points at the pair after it in the first row.
func box3Loop(out, src unsafe.Pointer, stride, pairs int, prevE, prevO, curE, curO uint64) {
	p0, p1, p2 := src, unsafe.Add(src, stride), unsafe.Add(src, 2*stride)
	for i := range pairs {
		v0, v1, v2 := *(*uint64)(unsafe.Add(p0, 8*i)), *(*uint64)(unsafe.Add(p1, 8*i)), *(*uint64)(unsafe.Add(p2, 8*i))
		nextE := v0&evenBytes + v1&evenBytes + v2&evenBytes
		nextO := v0>>8&evenBytes + v1>>8&evenBytes + v2>>8&evenBytes
		// Each pixel's window: its own column, the other pixel of the
		// pair, and the neighbour outside the pair; plus 4 to round, as 9
		// is odd and no sum falls halfway.
		e := curE + (curE<<32 | curE>>32) + prevE>>32 + nextE<<32 + 4*laneOne
		o := curO + (curO<<32 | curO>>32) + prevO>>32 + nextO<<32 + 4*laneOne
		*(*uint64)(unsafe.Add(out, 8*i)) = ninths(e, o)
		prevE, prevO, curE, curO = curE, curO, nextE, nextO
	}
}

// ninths returns two pixels from their channel sums plus 4, e holding R and
// B of both in its 16-bit lanes and o G and A, each divided by 9 rounded
// down: the quotient of lanes 0 and 2 lands in bits 16-23 and 48-55 of
// their product by ninth, shifted from there to each byte of its pixel.
func ninths(e, o uint64) uint64 {
	r := e & lowLanes * ninth >> 16 & lowBytes
	g := o & lowLanes * ninth >> 8 & (lowBytes << 8)
	b := e >> 16 & lowLanes * ninth & (lowBytes << 16)
	a := o >> 16 & lowLanes * ninth << 8 & (lowBytes << 24)
	return r | g | b | a
}
