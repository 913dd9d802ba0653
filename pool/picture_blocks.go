package pool

import (
	"math/bits"
	"unsafe"
)

// Downscaling a picture by a whole factor, or pixelating it, pools kh x kw
// blocks that tile it from the top left corner: stride equal to the kernel,
// no padding, no dilation. These kernels walk whole rows with pointers, so
// that neither the native nor the wasm build pays a bounds check or a call
// per pixel: every offset they form lies inside src or dst, which the
// dispatch has sized, and no pointer is ever moved past the end of a row.

// blockScratch holds the block kernels' buffers: a row of column extremes
// (extremeBlocks) or of column sums in lanes (avgBlocks).
type blockScratch struct {
	rows  []byte
	pixel []uint64
	quotientCache
}

var blockScratches scratchPool[blockScratch]

// fitsBlocks reports whether every window of g is a whole block of the tiling.
func fitsBlocks(g *Geometry) bool {
	if !wordViews {
		return false
	}
	for _, a := range [2]*Axis{&g.H, &g.W} {
		if a.Stride != a.Kernel || a.Dilation != 1 || a.PadBefore != 0 || a.Out*a.Kernel > a.In {
			return false
		}
	}
	return true
}

// maxProductCells bounds the blocks whose sums of colour times alpha (at most
// 255*255 a pixel) the premultiplied kernel keeps in 32-bit lanes.
const maxProductCells = (1<<32 - 1) / (255 * 255)

// blockBase returns the pointers the block kernels walk from: src's first
// byte and dst's.
func (k *kernelPixels) blockBase(dst []byte) (src, out unsafe.Pointer) {
	return unsafe.Pointer(unsafe.SliceData(k.src)), unsafe.Pointer(unsafe.SliceData(dst))
}

// blockTop returns the byte offset in src of output row oy's top input row.
func (k *kernelPixels) blockTop(oy int) int { return (oy*k.g.H.Kernel - k.srcY) * k.stride }

// extremeBlocks writes output rows [from, to) of a max (or min): the extreme
// of each block's rows, eight bytes at a time into one input-wide row, then
// of each block's pixels along that row, two at a time.
func (k *kernelPixels) extremeBlocks(dst []byte, from, to int, isMin bool) {
	s := blockScratches.get()
	defer blockScratches.put(s)
	kh, kw, outW := k.g.H.Kernel, k.g.W.Kernel, k.g.W.Out
	used := 4 * kw * outW // the bytes of a row that blocks read
	// The vector kernel reads up to 12 bytes past them.
	s.rows = grow(s.rows, used+16)
	col := unsafe.Pointer(&s.rows[0])
	src, out := k.blockBase(dst)
	stride := k.stride
	var flip uint64 // turns the max's choice into the min's
	if isMin {
		flip = ^uint64(0)
	}
	for oy := from; oy < to; oy++ {
		// Row by row across the whole width, so that the words are
		// independent and the comparisons overlap rather than wait on
		// each other.
		top := unsafe.Add(src, k.blockTop(oy))
		if k.vectors && used >= 16 {
			// All kh rows in one pass, the last vector overlapping the one
			// before.
			extremeRowsDirect(col, top, stride, kh, used/16, isMin)
			if used%16 != 0 {
				extremeRowsDirect(unsafe.Add(col, used-16), unsafe.Add(top, used-16), stride, kh, 1, isMin)
			}
		} else {
			next := top
			if kh > 1 {
				next = unsafe.Add(top, stride)
			}
			extremeRowsInto(col, top, next, used, flip)
			for i := 2; i < kh; i++ {
				extremeRowsInto(col, col, unsafe.Add(top, i*stride), used, flip)
			}
		}
		row := unsafe.Add(out, (oy-from)*4*outW)
		pairs := kw / 2
		ox0 := 0
		if k.vectors && kw <= 8 {
			ox0 = outW &^ 3
			extremeBlocksRowVectors(row, col, kw, ox0/4, isMin)
		}
		for ox := ox0; ox < outW; ox++ {
			p := unsafe.Add(col, 4*kw*ox)
			var m uint64
			if pairs > 0 {
				m = *(*uint64)(p)
				for j := 1; j < pairs; j++ {
					v := *(*uint64)(unsafe.Add(p, 8*j))
					m = extreme8Flip(m, v, flip)
				}
				if kw&1 == 1 {
					v := uint64(*(*uint32)(unsafe.Add(p, 8*pairs)))
					v |= v << 32
					m = extreme8Flip(m, v, flip)
				}
			} else {
				m = uint64(*(*uint32)(p))
				m |= m << 32
			}
			v := m >> 32
			m = extreme8Flip(m, v, flip)
			*(*uint32)(unsafe.Add(row, 4*ox)) = uint32(m)
		}
	}
}

// extremeRowsInto sets the n bytes (a multiple of four) at dst to the bytewise
// max of those at a and b, or the min when flip is all ones; dst may be a.
func extremeRowsInto(dst, a, b unsafe.Pointer, n int, flip uint64) {
	x := 0
	for ; x+8 <= n; x += 8 {
		u, v := *(*uint64)(unsafe.Add(a, x)), *(*uint64)(unsafe.Add(b, x))
		*(*uint64)(unsafe.Add(dst, x)) = extreme8Flip(u, v, flip)
	}
	if x < n {
		u, v := uint64(*(*uint32)(unsafe.Add(a, x))), uint64(*(*uint32)(unsafe.Add(b, x)))
		*(*uint32)(unsafe.Add(dst, x)) = uint32(extreme8Flip(u, v, flip))
	}
}

// avgBlocks writes output rows [from, to) of a plain average of blocks of at
// most maxLaneCells pixels: the column sums of each pair of pixels over the
// block's rows, in 16-bit lanes (R, B of both in one word, G, A in another),
// then each block's words added, the pair folded into one pixel and divided
// through a table. With an odd kw, blocks go in pairs: the word in the middle
// holds the last pixel of one and the first of the next. Blocks of 2^s
// pixels divide in lanes instead (blocksPow2Row); 3x3 blocks, the commonest
// odd ones, take avgBlocks3x3, and blocks 4, 8 or 16 pixels wide of 2^s
// pixels, with the vector kernels, avgBlocksVectors.
func (k *kernelPixels) avgBlocks(dst []byte, from, to int) {
	if k.g.H.Kernel == 3 && k.g.W.Kernel == 3 {
		k.avgBlocks3x3(dst, from, to)
		return
	}
	if k.vectors && k.avgBlocksVectors(dst, from, to) {
		return
	}
	s := blockScratches.get()
	defer blockScratches.put(s)
	kh, kw, outW := k.g.H.Kernel, k.g.W.Kernel, k.g.W.Out
	usedPix := kw * outW
	s.pixel = grow(s.pixel, usedPix+1)
	sums := unsafe.Pointer(&s.pixel[0]) // word 2j: R, B of pixels 2j, 2j+1; word 2j+1: G, A
	table := unsafe.Pointer(&s.quotientTable(kh * kw)[0])
	src, out := k.blockBase(dst)
	stride := k.stride
	even := func(j int) uint64 { return *(*uint64)(unsafe.Add(sums, 16*j)) }
	odd := func(j int) uint64 { return *(*uint64)(unsafe.Add(sums, 16*j+8)) }
	half := kw / 2
	for oy := from; oy < to; oy++ {
		top := unsafe.Add(src, k.blockTop(oy))
		blockColumnSums(sums, top, stride, kh, usedPix/2)
		if usedPix&1 == 1 {
			p := unsafe.Add(top, 4*(usedPix-1))
			var e, o uint64
			for i := range kh {
				v := uint64(*(*uint32)(unsafe.Add(p, i*stride)))
				e += v & evenBytes
				o += v >> 8 & evenBytes
			}
			q := unsafe.Add(sums, 8*(usedPix-1))
			*(*uint64)(q) = e
			*(*uint64)(unsafe.Add(q, 8)) = o
		}
		row := unsafe.Add(out, (oy-from)*4*outW)
		if kw&1 == 0 {
			ox := 0
			if d := kh * kw; d&(d-1) == 0 {
				ox = outW &^ 1
				blocksPow2Row(row, sums, half, bits.TrailingZeros(uint(d)), ox/2)
			}
			for ; ox < outW; ox++ {
				j0 := half * ox
				e, o := even(j0), odd(j0)
				for j := 1; j < half; j++ {
					e += even(j0 + j)
					o += odd(j0 + j)
				}
				*(*uint32)(unsafe.Add(row, 4*ox)) = foldQuotients(table, e, o)
			}
			continue
		}
		ox := 0
		for ; ox+2 <= outW; ox += 2 {
			j0 := kw * ox / 2 // ox is even: the pair starts a word
			var ea, oa uint64
			for j := range half {
				ea += even(j0 + j)
				oa += odd(j0 + j)
			}
			em, om := even(j0+half), odd(j0+half)
			ea += em & 0xFFFFFFFF
			oa += om & 0xFFFFFFFF
			eb, ob := em>>32, om>>32
			for j := half + 1; j < kw; j++ {
				eb += even(j0 + j)
				ob += odd(j0 + j)
			}
			*(*uint64)(unsafe.Add(row, 4*ox)) = uint64(foldQuotients(table, ea, oa)) | uint64(foldQuotients(table, eb, ob))<<32
		}
		if ox < outW {
			j0 := kw * ox / 2
			var ea, oa uint64
			for j := range half {
				ea += even(j0 + j)
				oa += odd(j0 + j)
			}
			ea += even(j0+half) & 0xFFFFFFFF
			oa += odd(j0+half) & 0xFFFFFFFF
			*(*uint32)(unsafe.Add(row, 4*ox)) = foldQuotients(table, ea, oa)
		}
	}
}

// avgBlocks3x3 is avgBlocks for 3x3 blocks: in pairs, straight from the
// three rows to the output, dividing by 9 in lanes (blocks3x3Row); an odd
// last block on its own.
func (k *kernelPixels) avgBlocks3x3(dst []byte, from, to int) {
	outW := k.g.W.Out
	src, out := k.blockBase(dst)
	for oy := from; oy < to; oy++ {
		blocks3x3Row(unsafe.Add(out, (oy-from)*4*outW), unsafe.Add(src, k.blockTop(oy)), k.stride, outW/2)
		if ox := outW - 1; outW&1 == 1 {
			d := (oy-from)*4*outW + 4*ox
			k.windowAvg(dst[d:d+4], k.g.H.Windows[oy], k.g.W.Windows[ox])
		}
	}
}

// pow2Quotients divides each 16-bit lane of n by 2^shift, rounded half to
// even, and leaves the quotients in the lanes' low bytes: adding 2^(shift-1)-1
// and the quotient's low bit (bit shift) carries into bit shift exactly when
// the remainder is over half, or half with an odd quotient. Lanes up to
// 255*2^shift stay below 2^16 for shift up to 8.
func pow2Quotients(n uint64, shift int, bias uint64) uint64 {
	t := n + bias + n>>shift&laneOne
	return t >> shift & evenBytes
}

// foldQuotients returns the pixel whose channel sums are spread over a pair:
// e holds R, B of two pixels in its 16-bit lanes, o G, A; each channel's two
// lanes added, then divided through a quotient table of 2^16 bytes.
func foldQuotients(table unsafe.Pointer, e, o uint64) uint32 {
	t := (*[1 << 16]byte)(table)
	e += e >> 32
	o += o >> 32
	return uint32(t[uint16(e)]) | uint32(t[uint16(o)])<<8 | uint32(t[uint16(e>>16)])<<16 | uint32(t[uint16(o>>16)])<<24
}

// quotients returns the pixel whose channel sums are sum's 16-bit lanes (R, B,
// G, A from the low bits), each looked up in a quotient table of 2^16 bytes.
func quotients(table unsafe.Pointer, sum uint64) uint32 {
	t := (*[1 << 16]byte)(table)
	return uint32(t[uint16(sum)]) | uint32(t[uint16(sum>>32)])<<8 | uint32(t[uint16(sum>>16)])<<16 | uint32(t[uint16(sum>>48)])<<24
}
