package pool

// The plain average of small windows (at most 257 cells, which covers every
// window up to 16x16) fits each channel's window sum in 16 bits: at most
// 255*257 = 65535. avgLanes keeps those sums four to a uint64: column sums
// over the window's rows, two pixels per pair of words, then sliding row sums
// one pixel per word, then a table of quotients for the common divisor.

// maxLaneCells is the largest window whose byte sums fit a 16-bit lane.
const maxLaneCells = 0xFFFF / 255

// lanesFit reports whether avgLanes handles g.
func lanesFit(g *Geometry) bool {
	return g.H.Dilation == 1 && g.W.Dilation == 1 && g.H.Kernel <= maxLaneCells/g.W.Kernel
}

// avgLanes writes output rows [from, to) of a plain (straight, sRGB) average.
func (k *kernelPixels) avgLanes(dst []byte, from, to int) {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	ay, ax := &k.g.H, &k.g.W
	inW := ax.In
	pairs := (inW + 1) / 2
	// even[i] holds the column sums of R and B of pixels 2i and 2i+1, one
	// 16-bit lane each; odd[i] those of G and A.
	s.even = grow(s.even, pairs)
	s.odd = grow(s.odd, pairs)
	s.pixel = grow(s.pixel, inW)
	even, odd, pixel := s.even, s.odd, s.pixel
	d := ay.Kernel * ax.Kernel
	table := (*[1 << 16]byte)(s.quotientTable(d))
	lo, hi := 0, 0 // the input rows in the column sums
	outBytes := 4 * ax.Out
	for oy := from; oy < to; oy++ {
		wy := ay.Windows[oy]
		a, b := wy.First, wy.First+wy.Count
		if a >= hi {
			clear(even)
			clear(odd)
			lo, hi = a, a
		}
		// Rows leave before rows enter, so that no lane ever holds more
		// than one window's sum.
		for ; lo < a; lo++ {
			columnSums(even, odd, k.srcRow(lo), inW, true)
		}
		for ; hi < b; hi++ {
			columnSums(even, odd, k.srcRow(hi), inW, false)
		}
		// One pixel per word: lanes R, B (bits 0-31) and G, A (32-63).
		for i := range inW / 2 {
			e, o := even[i], odd[i]
			pixel[2*i] = e&0xFFFFFFFF | o<<32
			pixel[2*i+1] = e>>32 | o&^0xFFFFFFFF
		}
		if inW&1 == 1 {
			pixel[inW-1] = even[pairs-1]&0xFFFFFFFF | odd[pairs-1]<<32
		}
		out := dst[(oy-from)*outBytes : (oy-from+1)*outBytes]
		k.rowLanes(out, pixel, wy.Divisor, d, table)
	}
}

// rowLanes writes one output row from the per-pixel column sums: windows
// slide along the row, each pixel added once as windows reach it and taken
// once as they leave. Whole windows divide by d through the table.
func (k *kernelPixels) rowLanes(out []byte, pixel []uint64, divH, d int, table *[1 << 16]byte) {
	ax := &k.g.W
	// With stride 1 the whole windows are consecutive; they end here.
	wholeEnd := ax.Out
	for wholeEnd > 0 && ax.Windows[wholeEnd-1].Count != ax.Kernel {
		wholeEnd--
	}
	var sum uint64
	l, h := 0, 0 // the pixels in sum
	for ox := 0; ox < ax.Out; ox++ {
		wx := &ax.Windows[ox]
		a, b := wx.First, wx.First+wx.Count
		if a >= h {
			sum, l, h = 0, a, a
		}
		for ; l < a; l++ {
			sum -= pixel[l]
		}
		for ; h < b; h++ {
			sum += pixel[h]
		}
		o := out[4*ox : 4*ox+4]
		div := divH * wx.Divisor
		if div != d {
			r := reciprocal(uint32(div))
			o[0] = byte(divRoundEvenRecip(uint32(sum&0xFFFF), uint32(div), r))
			o[1] = byte(divRoundEvenRecip(uint32(sum>>32&0xFFFF), uint32(div), r))
			o[2] = byte(divRoundEvenRecip(uint32(sum>>16&0xFFFF), uint32(div), r))
			o[3] = byte(divRoundEvenRecip(uint32(sum>>48), uint32(div), r))
			continue
		}
		storeQuotients(o, sum, table)
		if ax.Stride != 1 || wx.Count != ax.Kernel {
			continue
		}
		// Stride 1 from a whole window: the next windows, while whole, each
		// take one pixel on the right and drop one on the left. Adding
		// before subtracting is safe: the lanes of the final value are the
		// true sums, below 2^16, whatever the order.
		n := wholeEnd - (ox + 1)
		enter, leave := pixel[h:h+n], pixel[l:l+n]
		next := out[4*(ox+1) : 4*(ox+1+n)]
		for i := range enter {
			sum += enter[i] - leave[i]
			storeQuotients(next[4*i:4*i+4], sum, table)
		}
		l, h, ox = l+n, h+n, ox+n
	}
}

// storeQuotients writes the pixel whose channel sums are the lanes of sum
// (R, B, G, A from the low bits), each divided through table.
func storeQuotients(o []byte, sum uint64, table *[1 << 16]byte) {
	o[0], o[1], o[2], o[3] = table[uint16(sum)], table[uint16(sum>>32)], table[uint16(sum>>16)], table[uint16(sum>>48)]
}

// columnSums adds a row's bytes to (or, with sub, takes them from) the
// column sums, eight bytes a word. A subtracted row was added before, so no
// lane borrows.
func columnSums(even, odd []uint64, row []byte, width int, sub bool) {
	full := width / 2
	even, odd = even[:full+width&1], odd[:full+width&1]
	i := 0
	if wordViews {
		w := words(row[:8*full])
		e, o := even[:len(w)], odd[:len(w)]
		if sub {
			for j, v := range w {
				e[j] -= v & evenBytes
				o[j] -= v >> 8 & evenBytes
			}
		} else {
			for j, v := range w {
				e[j] += v & evenBytes
				o[j] += v >> 8 & evenBytes
			}
		}
		i = len(w)
	}
	for ; i < full; i++ {
		w := load64(row, 8*i)
		if sub {
			even[i] -= w & evenBytes
			odd[i] -= w >> 8 & evenBytes
		} else {
			even[i] += w & evenBytes
			odd[i] += w >> 8 & evenBytes
		}
	}
	if width&1 == 1 {
		w := uint64(load32(row, 8*full))
		if sub {
			even[full] -= w & evenBytes
			odd[full] -= w >> 8 & evenBytes
		} else {
			even[full] += w & evenBytes
			odd[full] += w >> 8 & evenBytes
		}
	}
}
