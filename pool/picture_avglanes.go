package pool

import "unsafe"

// The plain average of small windows (at most 257 cells, which covers every
// window up to 16x16) fits each channel's window sum in 16 bits: at most
// 255*257 = 65535. avgLanes keeps those sums four to a uint64: column sums
// over the window's rows, two pixels per pair of words, then sliding row sums
// one pixel per word, then a table of quotients for the common divisor. Its
// hot loops walk rows with pointers, as the block kernels do (picture_blocks.go).
//
// A word's lanes are updated with whole-word adds and subtracts, in any
// order: the arithmetic is exact modulo 2^64, and a word whose true lane
// values are all below 2^16 has only one such value, so carries between
// lanes along the way cancel out.

// maxLaneCells is the largest window whose byte sums fit a 16-bit lane.
const maxLaneCells = 0xFFFF / 255

// laneScratch holds avgLanes' buffers.
type laneScratch struct {
	even, odd, pixel []uint64
	quotientCache
}

var laneScratches scratchPool[laneScratch]

// lanesFit reports whether avgLanes handles g.
func lanesFit(g *Geometry) bool {
	return wordViews && g.H.Dilation == 1 && g.W.Dilation == 1 && g.H.Kernel <= maxLaneCells/g.W.Kernel
}

// avgLanes writes output rows [from, to) of a plain (straight, sRGB) average.
func (k *kernelPixels) avgLanes(dst []byte, from, to int) {
	s := laneScratches.get()
	defer laneScratches.put(s)
	ay, ax := &k.g.H, &k.g.W
	inW := ax.In
	pairs := (inW + 1) / 2
	// even[i] holds the column sums of R and B of pixels 2i and 2i+1, one
	// 16-bit lane each; odd[i] those of G and A.
	s.even = grow(s.even, pairs)
	s.odd = grow(s.odd, pairs)
	s.pixel = grow(s.pixel, inW)
	even, odd := unsafe.Pointer(&s.even[0]), unsafe.Pointer(&s.odd[0])
	pixel := unsafe.Pointer(&s.pixel[0])
	d := ay.Kernel * ax.Kernel
	table := unsafe.Pointer(&s.quotientTable(d)[0])
	lo, hi := 0, 0 // the input rows in the column sums
	outBytes := 4 * ax.Out
	row := func(y int) unsafe.Pointer { return unsafe.Pointer(&k.src[(y-k.srcY)*k.stride]) }
	for oy := from; oy < to; oy++ {
		wy := ay.Windows[oy]
		a, b := wy.First, wy.First+wy.Count
		if a >= hi {
			clear(s.even)
			clear(s.odd)
			lo, hi = a, a
		}
		for ; lo < a && hi < b; lo, hi = lo+1, hi+1 {
			columnSums(even, odd, row(hi), row(lo), inW)
		}
		for ; lo < a; lo++ {
			columnSums(even, odd, nil, row(lo), inW)
		}
		for ; hi < b; hi++ {
			columnSums(even, odd, row(hi), nil, inW)
		}
		// One pixel per word: lanes R, B (bits 0-31) and G, A (32-63).
		for i := range inW / 2 {
			e, o := *(*uint64)(unsafe.Add(even, 8*i)), *(*uint64)(unsafe.Add(odd, 8*i))
			*(*uint64)(unsafe.Add(pixel, 16*i)) = e&0xFFFFFFFF | o<<32
			*(*uint64)(unsafe.Add(pixel, 16*i+8)) = e>>32 | o&^0xFFFFFFFF
		}
		if inW&1 == 1 {
			e, o := *(*uint64)(unsafe.Add(even, 8*(pairs-1))), *(*uint64)(unsafe.Add(odd, 8*(pairs-1)))
			*(*uint64)(unsafe.Add(pixel, 8*(inW-1))) = e&0xFFFFFFFF | o<<32
		}
		out := dst[(oy-from)*outBytes : (oy-from+1)*outBytes]
		k.rowLanes(out, pixel, wy.Divisor, d, table)
	}
}

// rowLanes writes one output row from the per-pixel column sums: windows
// slide along the row, each pixel added once as windows reach it and taken
// once as they leave. Whole windows divide by d through the table.
func (k *kernelPixels) rowLanes(out []byte, pixel unsafe.Pointer, divH, d int, table unsafe.Pointer) {
	ax := &k.g.W
	// With stride 1 the whole windows are consecutive; they end here.
	wholeEnd := ax.wholeEnd()
	o := unsafe.Pointer(&out[0])
	px := func(i int) uint64 { return *(*uint64)(unsafe.Add(pixel, 8*i)) }
	var sum uint64
	l, h := 0, 0 // the pixels in sum
	for ox := 0; ox < ax.Out; ox++ {
		wx := &ax.Windows[ox]
		a, b := wx.First, wx.First+wx.Count
		if a >= h {
			sum, l, h = 0, a, a
		}
		for ; l < a; l++ {
			sum -= px(l)
		}
		for ; h < b; h++ {
			sum += px(h)
		}
		div := divH * wx.Divisor
		if div != d {
			r := reciprocal(uint32(div))
			q := divRoundEvenRecip(uint32(sum&0xFFFF), uint32(div), r) |
				divRoundEvenRecip(uint32(sum>>32&0xFFFF), uint32(div), r)<<8 |
				divRoundEvenRecip(uint32(sum>>16&0xFFFF), uint32(div), r)<<16 |
				divRoundEvenRecip(uint32(sum>>48), uint32(div), r)<<24
			*(*uint32)(unsafe.Add(o, 4*ox)) = q
			continue
		}
		*(*uint32)(unsafe.Add(o, 4*ox)) = quotients(table, sum)
		if ax.Stride != 1 || wx.Count != ax.Kernel {
			continue
		}
		// Stride 1 from a whole window: the next windows, while whole, each
		// take one pixel on the right and drop one on the left.
		n := wholeEnd - (ox + 1)
		if n > 0 { // else enter and next would point past their rows
			enter, leave := unsafe.Add(pixel, 8*h), unsafe.Add(pixel, 8*l)
			next := unsafe.Add(o, 4*(ox+1))
			for i := range n {
				sum += *(*uint64)(unsafe.Add(enter, 8*i)) - *(*uint64)(unsafe.Add(leave, 8*i))
				*(*uint32)(unsafe.Add(next, 4*i)) = quotients(table, sum)
			}
		}
		l, h, ox = l+n, h+n, ox+n
	}
}

// columnSums adds the row at add to the column sums and takes the row at sub
// from them (either may be nil), eight bytes a word; width is the row's
// pixels. A subtracted row was added before.
func columnSums(even, odd, add, sub unsafe.Pointer, width int) {
	full := width / 2
	switch {
	case add != nil && sub != nil:
		for i := range full {
			v, w := *(*uint64)(unsafe.Add(add, 8*i)), *(*uint64)(unsafe.Add(sub, 8*i))
			e, o := (*uint64)(unsafe.Add(even, 8*i)), (*uint64)(unsafe.Add(odd, 8*i))
			*e += v&evenBytes - w&evenBytes
			*o += v>>8&evenBytes - w>>8&evenBytes
		}
	case add != nil:
		for i := range full {
			v := *(*uint64)(unsafe.Add(add, 8*i))
			e, o := (*uint64)(unsafe.Add(even, 8*i)), (*uint64)(unsafe.Add(odd, 8*i))
			*e += v & evenBytes
			*o += v >> 8 & evenBytes
		}
	default:
		for i := range full {
			w := *(*uint64)(unsafe.Add(sub, 8*i))
			e, o := (*uint64)(unsafe.Add(even, 8*i)), (*uint64)(unsafe.Add(odd, 8*i))
			*e -= w & evenBytes
			*o -= w >> 8 & evenBytes
		}
	}
	if width&1 == 1 {
		var v, w uint64
		if add != nil {
			v = uint64(*(*uint32)(unsafe.Add(add, 8*full)))
		}
		if sub != nil {
			w = uint64(*(*uint32)(unsafe.Add(sub, 8*full)))
		}
		e, o := (*uint64)(unsafe.Add(even, 8*full)), (*uint64)(unsafe.Add(odd, 8*full))
		*e += v&evenBytes - w&evenBytes
		*o += v>>8&evenBytes - w>>8&evenBytes
	}
}
