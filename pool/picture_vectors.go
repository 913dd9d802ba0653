//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"math/bits"
	"unsafe"

	"simd/archsimd"
)

// The picture kernels on 128-bit vectors: sixteen bytes, four RGBA pixels, an
// instruction. Max and min are bytewise and exact; averages keep their sums
// in 16- and 32-bit lanes and round half to even as the portable kernels do
// (never with the vector average instruction, which rounds half up). Each
// kernel walks rows with pointers as the portable ones do (picture_blocks.go), takes
// four output pixels a turn, and leaves the last few of a row to the word
// kernels.

// load16 and store16 read and write the sixteen bytes at p.
func load16(p unsafe.Pointer) archsimd.Uint8x16 { return archsimd.LoadUint8x16Array((*[16]uint8)(p)) }

func store16(p unsafe.Pointer, v archsimd.Uint8x16) { v.StoreArray((*[16]uint8)(p)) }

// gatherPairs turns the low halves of x's and y's 64-bit lanes, which hold
// output pixels 0, 1 and 2, 3 of a turn, into those four pixels in order.
func gatherPairs(x, y archsimd.Uint8x16) archsimd.Uint8x16 {
	lo := archsimd.BroadcastUint64x2(0xFFFFFFFF)
	v := x.ReshapeToUint64s().And(lo).Or(y.ReshapeToUint64s().ShiftAllLeft(32))
	return permuteBytes(v.ReshapeToUint8s(), archsimd.LoadInt8x16Array(&pairOrder))
}

// pairOrder takes pixels 0, 2, 1, 3 to 0, 1, 2, 3. The byte orders are
// arrays, loaded where they are used: a vector made at init would run a
// vector instruction on a CPU that vectorsRun leaves out.
var pairOrder = [16]int8{0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15}

// lp2x2Pairs lists, for the block whose two pixels are bytes 0 to 7 of a
// vector (then 8 to 15), each channel's two bytes side by side as 16-bit
// lanes, R R G G B B A A: one multiply-add of the lanes by themselves then
// sums the two squares of each channel.
var lp2x2Pairs = [2][16]int8{
	{0, -1, 4, -1, 1, -1, 5, -1, 2, -1, 6, -1, 3, -1, 7, -1},
	{8, -1, 12, -1, 9, -1, 13, -1, 10, -1, 14, -1, 11, -1, 15, -1},
}

// avg2x2Order takes the bytes of pixels p and p+1 to R R G G B B A A, for
// the two pairs of a vector: the bytes that the 2x2 average adds in pairs.
var avg2x2Order = [16]int8{0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15}

// neighbourMax returns, in the low half of each 64-bit lane, the bytewise
// max of the lane's two pixels.
func neighbourMax(v archsimd.Uint8x16) archsimd.Uint8x16 {
	return v.Max(v.ReshapeToUint64s().ShiftAllRight(32).ReshapeToUint8s())
}

// extreme2x2Vectors is extreme2x2 four output pixels a turn: the rows' max of
// eight pixels, then each pair's.
func (k *kernelPixels) extreme2x2Vectors(dst []byte, from, to int, isMin bool) {
	outW := k.g.W.Out
	src, out := k.blockBase(dst)
	quads := outW / 4
	for oy := from; oy < to; oy++ {
		r0 := unsafe.Add(src, k.blockTop(oy))
		r1 := unsafe.Add(r0, k.stride)
		d := unsafe.Add(out, (oy-from)*4*outW)
		if isMin {
			min2x2Row(d, r0, r1, quads)
		} else {
			max2x2Row(d, r0, r1, quads)
		}
		var flip uint64
		if isMin {
			flip = ^uint64(0)
		}
		for ox := 4 * quads; ox < outW; ox++ {
			m := extreme8Flip(*(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox)), flip)
			*(*uint32)(unsafe.Add(d, 4*ox)) = uint32(extreme8Flip(m, m>>32, flip))
		}
	}
}

// avg2x2Vectors is avg2x2 four output pixels a turn: each channel's sum of
// four bytes in a 16-bit lane, the pair of pixels added by a shift of the
// 64-bit lanes, divided by four with ties to even as avg2x2Pixel does.
func (k *kernelPixels) avg2x2Vectors(dst []byte, from, to int) {
	outW := k.g.W.Out
	src, out := k.blockBase(dst)
	quads := outW / 4
	for oy := from; oy < to; oy++ {
		r0 := unsafe.Add(src, k.blockTop(oy))
		r1 := unsafe.Add(r0, k.stride)
		d := unsafe.Add(out, (oy-from)*4*outW)
		avg2x2Row(d, r0, r1, quads)
		for ox := 4 * quads; ox < outW; ox++ {
			*(*uint32)(unsafe.Add(d, 4*ox)) = uint32(avg2x2Pixel(*(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))))
		}
	}
}

// extremeRowsVectors sets the n bytes (a multiple of four) at dst to the
// bytewise max of those at a and b, or the min; dst may be a or b.
func extremeRowsVectors(dst, a, b unsafe.Pointer, n int, isMin bool) {
	clearUpper()
	x := 0
	if isMin {
		for ; x+16 <= n; x += 16 {
			store16(unsafe.Add(dst, x), load16(unsafe.Add(a, x)).Min(load16(unsafe.Add(b, x))))
		}
	} else {
		for ; x+16 <= n; x += 16 {
			store16(unsafe.Add(dst, x), load16(unsafe.Add(a, x)).Max(load16(unsafe.Add(b, x))))
		}
	}
	var flip uint64
	if isMin {
		flip = ^uint64(0)
	}
	if x < n { // else the pointers would be past the rows' ends
		extremeRowsInto(unsafe.Add(dst, x), unsafe.Add(a, x), unsafe.Add(b, x), n-x, flip)
	}
}

// avgGlobalVectors is avgGlobal four pixels to a vector (byteSums4), the
// last few of each row one by one.
func (k *kernelPixels) avgGlobalVectors(dst []byte) {
	var total [4]uint64
	inW, rows := k.g.W.In, k.g.H.In
	if inW >= 4 {
		byteSums4(unsafe.Pointer(unsafe.SliceData(k.srcRow(0))), k.stride, rows, inW/4, &total)
	}
	for y := range rows {
		row := k.srcRow(y)
		for x := 4 * (inW &^ 3); x < 4*inW; x += 4 {
			for c := range 4 {
				total[c] += uint64(row[x+c])
			}
		}
	}
	wy, wx := k.g.H.Windows[0], k.g.W.Windows[0]
	div := uint64(wy.Divisor) * uint64(wx.Divisor)
	for c := range 4 {
		dst[c] = byte(divRoundEven(total[c], div))
	}
}

// byteSumsFlush is how many vectors a 16-bit lane of byteSums4 takes before
// it is emptied: a lane gains at most 255 a vector, so 257 fit.
const byteSumsFlush = 256

// extremeRowQuads is extremeRow's van Herk/Gil-Werman pass for stride 1 on
// vectors of four consecutive cells: vector j holds cells j to j+3, so the
// extreme over the vectors of the window starting at j gives outputs j to
// j+3 at once, and only every fourth window is needed. A min is the max of
// the complemented bytes, complemented back, so that one loop serves both.
func (k *kernelPixels) extremeRowQuads(out, row []byte, isMin bool, s *extremeScratch) {
	clearUpper()
	ax := &k.g.W
	kern, n := ax.Kernel, ax.Out-1+ax.Kernel
	var flip uint32
	if isMin {
		flip = ^uint32(0)
	}
	// Three identity cells past the end fill the last vectors; 0 is the
	// identity of a max, and of a min once complemented.
	s.ext = grow(s.ext, n+3)
	cells := s.ext[:n+3]
	clear(cells)
	first := max(0, ax.PadBefore) // cells[j] is input pixel j - PadBefore
	last := min(n, ax.In+ax.PadBefore)
	for j := first; j < last; j++ {
		cells[j] = load32(row, 4*(j-ax.PadBefore)) ^ flip
	}
	s.quads = grow(s.quads, 16*n)
	c, suffix := unsafe.Pointer(&cells[0]), unsafe.Pointer(&s.quads[0])
	for b := 0; b < n; b += kern {
		end := min(b+kern, n) - 1
		m := load16(unsafe.Add(c, 4*end))
		store16(unsafe.Add(suffix, 16*end), m)
		for j := end - 1; j >= b; j-- {
			m = m.Max(load16(unsafe.Add(c, 4*j)))
			store16(unsafe.Add(suffix, 16*j), m)
		}
	}
	flipV := archsimd.BroadcastUint32x4(flip).ReshapeToUint8s()
	o, outN := unsafe.Pointer(unsafe.SliceData(out)), ax.Out
	for b := 0; b < n; b += kern {
		end := min(b+kern, n)
		run := load16(unsafe.Add(c, 4*b))
		for j := b; j < end; j++ {
			run = run.Max(load16(unsafe.Add(c, 4*j)))
			i := j - kern + 1
			if i < 0 || i&3 != 0 {
				continue
			}
			m := load16(unsafe.Add(suffix, 16*i)).Max(run).Xor(flipV)
			if i+4 <= outN {
				store16(unsafe.Add(o, 4*i), m)
				continue
			}
			var last [16]byte
			m.StoreArray(&last)
			copy(out[4*i:], last[:4*(outN-i)])
		}
	}
}

// extremeRowVectors pools whole windows of a row with stride 1 or 2 and a
// kernel too small for van Herk/Gil-Werman, four outputs a turn, and returns
// the outputs [from, to) it wrote. With stride 1 the extreme of the vectors
// at the kernel's offsets holds four outputs; with stride 2 its lanes 0 and
// 2 hold two, gathered as in the 2x2 kernel.
func (k *kernelPixels) extremeRowVectors(out, row []byte, isMin bool) (from, to int) {
	clearUpper()
	ax := &k.g.W
	kern, end := ax.Kernel, ax.wholeEnd()
	for from < end && ax.Windows[from].Count != kern {
		from++
	}
	if from >= end {
		return 0, 0
	}
	x0 := ax.Windows[from].First
	n := end - from
	if ax.Stride == 2 {
		// A turn reads pixels up to its first's plus kern+6, the last
		// turn's first being x0+2n-8.
		n = min(n, (ax.In-x0-kern+1)/8*4)
	}
	n &^= 3
	if n <= 0 {
		return 0, 0
	}
	var flip archsimd.Uint8x16
	if isMin {
		flip = archsimd.BroadcastUint8x16(0xFF)
	}
	p := unsafe.Pointer(&row[4*x0])
	o := unsafe.Pointer(&out[4*from])
	if ax.Stride == 1 {
		for i := range n / 4 {
			p := unsafe.Add(p, 16*i)
			m := load16(p).Xor(flip)
			for t := 1; t < kern; t++ {
				m = m.Max(load16(unsafe.Add(p, 4*t)).Xor(flip))
			}
			store16(unsafe.Add(o, 16*i), m.Xor(flip))
		}
		return from, from + n
	}
	for i := range n / 4 {
		p := unsafe.Add(p, 32*i)
		a := load16(p).Xor(flip)
		b := load16(unsafe.Add(p, 16)).Xor(flip)
		for t := 1; t < kern; t++ {
			a = a.Max(load16(unsafe.Add(p, 4*t)).Xor(flip))
			b = b.Max(load16(unsafe.Add(p, 16+4*t)).Xor(flip))
		}
		store16(unsafe.Add(o, 16*i), gatherPairs(a, b).Xor(flip))
	}
	return from, from + n
}

// avgBlocksVectors is avgBlocks for blocks 4, 8 or 16 pixels wide of a power of
// two pixels (4x4, 8x8, 16x16, 4x2 and the like), two blocks a turn
// straight from the picture's rows (blocksRowVectors), where avgBlocks sums
// columns of pairs of pixels in 64-bit words first: 12 MP by 4 in about
// half the time. It reports whether it took the rows.
func (k *kernelPixels) avgBlocksVectors(dst []byte, from, to int) bool {
	kh, kw, outW := k.g.H.Kernel, k.g.W.Kernel, k.g.W.Out
	d := kh * kw
	if kw != 4 && kw != 8 && kw != 16 || d&(d-1) != 0 || d > maxLaneCells || outW < 2 {
		return false
	}
	q, shift := kw/4, bits.TrailingZeros(uint(d))
	src, out := k.blockBase(dst)
	for oy := from; oy < to; oy++ {
		top := unsafe.Add(src, k.blockTop(oy))
		row := unsafe.Add(out, (oy-from)*4*outW)
		blocksRowVectors(row, top, k.stride, kh, q, shift, outW/2)
		if outW&1 == 1 {
			// The last pair again, overlapping the one before.
			blocksRowVectors(unsafe.Add(row, 4*(outW-2)), unsafe.Add(top, 4*kw*(outW-2)), k.stride, kh, q, shift, 1)
		}
	}
	return true
}
