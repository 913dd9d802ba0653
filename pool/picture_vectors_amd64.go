//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// permuteBytes returns the bytes of x in the order idx gives (PSHUFB).
func permuteBytes(x archsimd.Uint8x16, idx archsimd.Int8x16) archsimd.Uint8x16 {
	return x.PermuteOrZero(idx)
}

// highBytes moves bytes 8 to 15 down to 0 to 7.
var highBytes = [16]int8{8, 9, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1}

// lp2x2Fast: the Lp norm over 2x2 blocks has a vector kernel here.
const lp2x2Fast = true

// narrowBytes lists the low bytes of eight 16-bit lanes, then of eight more
// from a second vector (ORed in), as sixteen bytes.
var narrowBytes = [2][16]int8{
	{0, 2, 4, 6, 8, 10, 12, 14, -1, -1, -1, -1, -1, -1, -1, -1},
	{-1, -1, -1, -1, -1, -1, -1, -1, 0, 2, 4, 6, 8, 10, 12, 14},
}

// lp2x2Quads writes 4*quads output pixels at d, the norms of order 2 of the
// 2x2 blocks of the rows r0 and r1, as lp2x2Pixel does: each channel's four
// squares summed in integers, converted to float32 (exact below 2^24), the
// square root rounded to the nearest integer (the root of an integer is
// never a tie, and float32 keeps it further than half a unit from one) and
// clamped to 255.
func lp2x2Quads(d, r0, r1 unsafe.Pointer, quads int) {
	clearUpper()
	pa, pb := archsimd.LoadInt8x16Array(&lp2x2Pairs[0]), archsimd.LoadInt8x16Array(&lp2x2Pairs[1])
	la, lb := archsimd.LoadInt8x16Array(&narrowBytes[0]), archsimd.LoadInt8x16Array(&narrowBytes[1])
	most := archsimd.BroadcastUint16x8(255)
	squares := func(v archsimd.Uint8x16, pairs archsimd.Int8x16) archsimd.Int32x4 {
		x := v.PermuteOrZero(pairs).AsInt16x8()
		return x.DotProductPairs(x)
	}
	norm := func(s archsimd.Int32x4) archsimd.Int32x4 {
		return s.ConvertToFloat32().Sqrt().Round().ConvertToInt32()
	}
	for q := range quads {
		a0, b0 := load16(unsafe.Add(r0, 32*q)), load16(unsafe.Add(r0, 32*q+16))
		a1, b1 := load16(unsafe.Add(r1, 32*q)), load16(unsafe.Add(r1, 32*q+16))
		n0 := norm(squares(a0, pa).Add(squares(a1, pa)))
		n1 := norm(squares(a0, pb).Add(squares(a1, pb)))
		n2 := norm(squares(b0, pa).Add(squares(b1, pa)))
		n3 := norm(squares(b0, pb).Add(squares(b1, pb)))
		lo := n0.SaturateToUint16Concat(n1).Min(most).AsUint8x16().PermuteOrZero(la)
		hi := n2.SaturateToUint16Concat(n3).Min(most).AsUint8x16().PermuteOrZero(lb)
		store16(unsafe.Add(d, 16*q), lo.Or(hi))
	}
}

// box3Quads writes 4*quads output pixels at out, the averages of the whole
// 3x3 windows centred on the pixels from src's second on, in the three rows
// from src on, stride bytes apart: per four pixels, the sixteen bytes at
// each of three offsets of each row summed in 16-bit lanes (R, B and G, A),
// each lane then divided by 9 where it lies, rounded to nearest as ninths
// does: floor((s+4)/9) is the high half of (s+4)*ninth. It reads 4*quads+2
// pixels of each row.
func box3Quads(out, src unsafe.Pointer, stride, quads int) {
	clearUpper()
	low := archsimd.BroadcastUint16x8(0x00FF)
	four := archsimd.BroadcastUint16x8(4)
	nine := archsimd.BroadcastUint16x8(ninth)
	r0 := src
	for i := range quads {
		src, r1, r2 := unsafe.Add(r0, 16*i), unsafe.Add(r0, stride+16*i), unsafe.Add(r0, 2*stride+16*i)
		a, b, c := load16(src).ReshapeToUint16s(), load16(unsafe.Add(src, 4)).ReshapeToUint16s(), load16(unsafe.Add(src, 8)).ReshapeToUint16s()
		even := a.And(low).Add(b.And(low)).Add(c.And(low))
		odd := a.ShiftAllRight(8).Add(b.ShiftAllRight(8)).Add(c.ShiftAllRight(8))
		a, b, c = load16(r1).ReshapeToUint16s(), load16(unsafe.Add(r1, 4)).ReshapeToUint16s(), load16(unsafe.Add(r1, 8)).ReshapeToUint16s()
		even = even.Add(a.And(low)).Add(b.And(low)).Add(c.And(low))
		odd = odd.Add(a.ShiftAllRight(8)).Add(b.ShiftAllRight(8)).Add(c.ShiftAllRight(8))
		a, b, c = load16(r2).ReshapeToUint16s(), load16(unsafe.Add(r2, 4)).ReshapeToUint16s(), load16(unsafe.Add(r2, 8)).ReshapeToUint16s()
		even = even.Add(a.And(low)).Add(b.And(low)).Add(c.And(low))
		odd = odd.Add(a.ShiftAllRight(8)).Add(b.ShiftAllRight(8)).Add(c.ShiftAllRight(8))
		// R and B of each pixel in the even lanes' low bytes, G and A above.
		v := even.Add(four).MulHigh(nine).Or(odd.Add(four).MulHigh(nine).ShiftAllLeft(8))
		store16(unsafe.Add(out, 16*i), v.ReshapeToUint8s())
	}
}

// byteSums4 adds to total each channel's bytes of the first 4*vecs pixels of
// rows rows from p, stride bytes apart, sixteen bytes a vector: R and B in
// the even 16-bit lanes, G and A in the odd ones, emptied into the 64-bit
// totals every byteSumsFlush vectors, before a lane can overflow.
func byteSums4(p unsafe.Pointer, stride, rows, vecs int, total *[4]uint64) {
	low := archsimd.BroadcastUint16x8(0x00FF)
	for y := range rows {
		clearUpper()
		q := unsafe.Add(p, y*stride)
		for n := vecs; n > 0; {
			m := min(n, byteSumsFlush)
			var even, odd archsimd.Uint16x8
			// Four vectors a turn: four loads in flight, not one.
			i := 0
			for ; i+4 <= m; i += 4 {
				r := unsafe.Add(q, 16*i)
				a, b := load16(r).ReshapeToUint16s(), load16(unsafe.Add(r, 16)).ReshapeToUint16s()
				c, d := load16(unsafe.Add(r, 32)).ReshapeToUint16s(), load16(unsafe.Add(r, 48)).ReshapeToUint16s()
				even = even.Add(a.And(low)).Add(b.And(low)).Add(c.And(low)).Add(d.And(low))
				odd = odd.Add(a.ShiftAllRight(8)).Add(b.ShiftAllRight(8)).Add(c.ShiftAllRight(8)).Add(d.ShiftAllRight(8))
			}
			for ; i < m; i++ {
				v := load16(unsafe.Add(q, 16*i)).ReshapeToUint16s()
				even = even.Add(v.And(low))
				odd = odd.Add(v.ShiftAllRight(8))
			}
			if n > m { // else q would be past the row's end
				q = unsafe.Add(q, 16*m)
			}
			var e, o [8]uint16
			even.StoreArray(&e)
			odd.StoreArray(&o)
			for i := 0; i < 8; i += 2 {
				total[0] += uint64(e[i])
				total[2] += uint64(e[i+1])
				total[1] += uint64(o[i])
				total[3] += uint64(o[i+1])
			}
			n -= m
		}
	}
}

// blocksRowVectors writes 2*pairs pixels at out, each the average of a
// block of kh rows (stride bytes apart) of 4*q pixels from top, 2^shift
// pixels in all, rounded half to even, as picture_blockvectors_wasm.s
// does: each vector of a block's rows widened to 16-bit lanes (pixels 0
// and 1, then 2 and 3) and added to the block's sums, the two blocks'
// halves then added together into one vector, divided by a shift in lanes
// and narrowed back to bytes.
func blocksRowVectors(out, top unsafe.Pointer, stride, kh, q, shift, pairs int) {
	clearUpper()
	high := archsimd.LoadInt8x16Array(&highBytes)
	evens := archsimd.LoadInt8x16Array(&wordLowBytes)
	one := archsimd.BroadcastUint16x8(1)
	bias := archsimd.BroadcastUint16x8(uint16(1)<<(shift-1) - 1)
	widened := func(p unsafe.Pointer) archsimd.Uint16x8 {
		x := load16(p)
		return x.ExtendLo8ToUint16().Add(x.PermuteOrZero(high).ExtendLo8ToUint16())
	}
	for i := range pairs {
		var a, b archsimd.Uint16x8
		for y := range kh {
			p := unsafe.Add(top, y*stride+32*q*i)
			for j := range q {
				a = a.Add(widened(unsafe.Add(p, 16*j)))
				b = b.Add(widened(unsafe.Add(p, 16*(q+j))))
			}
		}
		a64, b64 := a.ReshapeToUint64s(), b.ReshapeToUint64s()
		s := a64.InterleaveLo(b64).ReshapeToUint16s().Add(a64.InterleaveHi(b64).ReshapeToUint16s())
		s = s.Add(bias).Add(s.ShiftAllRight(uint64(shift)).And(one)).ShiftAllRight(uint64(shift))
		*(*uint64)(unsafe.Add(out, 8*i)) = s.ReshapeToUint8s().PermuteOrZero(evens).ReshapeToUint64s().GetElem(0)
	}
}

// wordLowBytes gathers the low bytes of eight 16-bit lanes.
var wordLowBytes = [16]int8{0, 2, 4, 6, 8, 10, 12, 14, -1, -1, -1, -1, -1, -1, -1, -1}
