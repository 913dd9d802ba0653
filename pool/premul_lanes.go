package pool

import "unsafe"

// The premultiplied average in sRGB is an exact integer computation, so it
// slides like the plain one (picture_avglanes.go): per pixel, its colours times its
// alpha and its alpha, two 32-bit lanes to a word (R·a, B·a and G·a, a); sums
// over each window's rows kept per column, rows entering and leaving; then
// sums along the row, pixels entering and leaving with stride 1, afresh for
// blocks. Lanes hold up to maxProductCells pixels.

// subtractLanes takes the n words at p, a row leaving the column sums, from
// the n words at cols.
func subtractLanes(cols, p unsafe.Pointer, n int) {
	for i := range n {
		*(*uint64)(unsafe.Add(cols, 8*i)) -= *(*uint64)(unsafe.Add(p, 8*i))
	}
}

// laneRows keeps, for the lane kernels of the picture options, the sums
// per column of the input rows [lo, hi) that a window row covers: cols, one
// row of words; each row's own words in ring, row y in slot y % kernel, so
// that it can leave the sums again.
type laneRows struct {
	cols   []uint64
	ring   unsafe.Pointer
	kernel int  // the window's rows: the ring's slots
	keep   bool // whether rows leave again: windows overlap down the picture
	lo, hi int
}

// rowMode says what a row function does with the slot of its row in the
// ring: nothing (no window ever takes the row back out), keep the row's
// words there, or first take the row that lies there from the column sums.
type rowMode uint8

const (
	addOnly rowMode = iota
	addKeep
	replaceSlot
)

// newLaneRows returns the column sums of words words a row for windows of
// ay, their buffers s's.
func newLaneRows(s *optionScratch, words int, ay *Axis) laneRows {
	s.products = grow(s.products, words*ay.Kernel)
	s.pixel = grow(s.pixel, words)
	return laneRows{cols: s.pixel, ring: unsafe.Pointer(&s.products[0]), kernel: ay.Kernel, keep: ay.Stride < ay.Kernel}
}

func (c *laneRows) slot(y int) unsafe.Pointer {
	return unsafe.Add(c.ring, 8*len(c.cols)*(y%c.kernel))
}

// cover makes the sums those of the rows [a, b), the window rows coming
// down the picture in order: enter adds row y to the sums with its slot and
// mode. A row that enters where the leaving row lies (stride 1) replaces it
// in one pass.
func (c *laneRows) cover(a, b int, enter func(slot unsafe.Pointer, y int, mode rowMode)) {
	if a >= c.hi {
		clear(c.cols)
		c.lo, c.hi = a, a
	}
	for ; c.lo < a && c.hi < b && c.hi == c.lo+c.kernel; c.lo, c.hi = c.lo+1, c.hi+1 {
		enter(c.slot(c.hi), c.hi, replaceSlot)
	}
	for ; c.lo < a; c.lo++ {
		subtractLanes(unsafe.Pointer(&c.cols[0]), c.slot(c.lo), len(c.cols))
	}
	mode := addOnly
	if c.keep {
		mode = addKeep
	}
	for ; c.hi < b; c.hi++ {
		enter(c.slot(c.hi), c.hi, mode)
	}
}

// optionScratch holds the buffers of the picture options' kernels
// (premul_2x2.go, premul_lanes.go, linear_lanes.go): a ring of rows of lanes
// (products), a row of column sums (pixel) and the magic reciprocals of
// alpha sums.
type optionScratch struct {
	products, pixel []uint64
	magics          []uint64 // magic(n) for alpha sums n
}

var optionScratches scratchPool[optionScratch]

// premultipliedLanesFit reports whether premultipliedLanes handles g.
func premultipliedLanesFit(g *Geometry) bool {
	return wordViews && g.H.Dilation == 1 && g.W.Dilation == 1 && g.H.Kernel <= maxProductCells/g.W.Kernel
}

// premultipliedLanes writes output rows [from, to) of a premultiplied average
// in sRGB, with the rounding of avgPicture: colour = sum(c·a)/sum(a), alpha =
// sum(a)/divisor, both half to even, colour 0 where the window is fully
// transparent (premultipliedPixel).
func (k *kernelPixels) premultipliedLanes(dst []byte, from, to int) {
	s := optionScratches.get()
	defer optionScratches.put(s)
	ay, ax := &k.g.H, &k.g.W
	inW := ax.In
	// Two words a pixel: its products R·a, B·a and G·a, a.
	rows := newLaneRows(s, 2*inW, ay)
	cols := unsafe.Pointer(&rows.cols[0])
	cells := ay.Kernel * ax.Kernel
	magics := s.magicTable(cells)
	// With stride 1 the whole windows are consecutive; they end here.
	wholeEnd := ax.wholeEnd()
	runs := ax.Stride == 1 && cells <= maxMagicTable/255
	blocks := ax.Stride >= ax.Kernel && cells <= maxMagicTable/255
	add, sum, replace := addProductRow, sumProductRow, replaceProductRow
	if k.vectors {
		add, sum, replace = addProductRowVectors, sumProductRowVectors, replaceProductRowVectors
	}
	// The vector kernels replace a row's columns as the run of windows
	// along the output row reaches them (premultipliedFusedVectors): its
	// replacement waits in pend until then, and is done by the row's end.
	fuse := k.vectors && runs && !blocks
	pend := pendingRow{done: inW, n: inW}
	enter := func(slot unsafe.Pointer, y int, mode rowMode) {
		pend.finish(cols)
		row := unsafe.Pointer(&k.src[(y-k.srcY)*k.stride])
		switch {
		case mode == replaceSlot && fuse:
			pend = pendingRow{slot: slot, row: row, n: inW}
		case mode == replaceSlot:
			replace(cols, slot, row, inW)
		case mode == addKeep:
			add(cols, slot, row, inW)
		default:
			sum(cols, row, inW)
		}
	}
	for oy := from; oy < to; oy++ {
		wy := ay.Windows[oy]
		// A row that leaves the sums without one entering (subtractLanes)
		// takes another slot than the pending row's: the two commute.
		rows.cover(wy.First, wy.First+wy.Count, enter)
		out := unsafe.Pointer(&dst[(oy-from)*4*ax.Out])
		var rb, ga uint64
		l, h := 0, 0 // the pixels in rb and ga
		lastDiv, divMagic := 0, uint64(0)
		for ox := 0; ox < ax.Out; ox++ {
			wx := &ax.Windows[ox]
			a, b := wx.First, wx.First+wx.Count
			if a >= h {
				rb, ga, l, h = 0, 0, a, a
			}
			pend.upTo(cols, b)
			for ; l < a; l++ {
				rb -= *(*uint64)(unsafe.Add(cols, 16*l))
				ga -= *(*uint64)(unsafe.Add(cols, 16*l+8))
			}
			for ; h < b; h++ {
				rb += *(*uint64)(unsafe.Add(cols, 16*h))
				ga += *(*uint64)(unsafe.Add(cols, 16*h+8))
			}
			if div := wy.Divisor * wx.Divisor; div != lastDiv {
				lastDiv, divMagic = div, magic(uint64(div))
			}
			*(*uint32)(unsafe.Add(out, 4*ox)) = premultipliedPixel(rb, ga, uint64(lastDiv), divMagic, magics)
			if wx.Count != ax.Kernel || ox+1 >= wholeEnd || !runs && !blocks {
				continue
			}
			if blocks {
				// Stride at least the kernel from a whole window: the next
				// windows, while whole, are summed afresh.
				n := wholeEnd - (ox + 1)
				if k.vectors {
					premultipliedBlockRunVectors(unsafe.Add(out, 4*(ox+1)), unsafe.Add(cols, 16*(a+ax.Stride)), n, ax.Stride, ax.Kernel, uint64(lastDiv))
				} else {
					premultipliedBlockRun(unsafe.Add(out, 4*(ox+1)), unsafe.Add(cols, 16*(a+ax.Stride)), n, ax.Stride, ax.Kernel,
						uint64(lastDiv), divMagic, unsafe.Pointer(&magics[0]))
				}
				ox, h = ox+n, 0
				continue
			}
			// Stride 1 from a whole window: the next windows, while whole,
			// each take one pixel on the right and drop one on the left.
			n := wholeEnd - (ox + 1)
			if pend.done == h && n >= 4 {
				var took int
				rb, ga, took = premultipliedFusedVectors(unsafe.Add(out, 4*(ox+1)), unsafe.Add(cols, 16*h), unsafe.Add(pend.slot, 16*h),
					unsafe.Add(pend.row, 4*h), n, ax.Kernel, rb, ga, uint64(lastDiv))
				pend.done += took
				ox, l, h, n = ox+took, l+took, h+took, n-took
			}
			pend.upTo(cols, h+n)
			switch {
			case n == 0: // else out, past its end, would be an invalid pointer
			case k.vectors:
				rb, ga = premultipliedRunVectors(unsafe.Add(out, 4*(ox+1)), unsafe.Add(cols, 16*h), unsafe.Add(cols, 16*l), n, rb, ga, uint64(lastDiv))
			default:
				rb, ga = premultipliedRun(unsafe.Add(out, 4*(ox+1)), unsafe.Add(cols, 16*h), unsafe.Add(cols, 16*l), n,
					rb, ga, uint64(lastDiv), divMagic, unsafe.Pointer(&magics[0]))
			}
			ox, l, h = ox+n, l+n, h+n
		}
		pend.finish(cols)
	}
}

// pendingRow is a row entering the column sums of premultipliedLanes in
// place of the one in slot, whose columns [0, done) of n are replaced
// (replaceProductRowVectors); done == n when none waits.
type pendingRow struct {
	slot, row unsafe.Pointer
	done, n   int
}

// upTo replaces the row's columns up to c.
func (p *pendingRow) upTo(cols unsafe.Pointer, c int) {
	if c = min(c, p.n); p.done < c {
		replaceProductRowVectors(unsafe.Add(cols, 16*p.done), unsafe.Add(p.slot, 16*p.done), unsafe.Add(p.row, 4*p.done), c-p.done)
		p.done = c
	}
}

// finish replaces the row's columns left.
func (p *pendingRow) finish(cols unsafe.Pointer) { p.upTo(cols, p.n) }

// addProductRow writes the products of the n pixels of an input row into
// slot and adds them to the column sums; a loop of its own, few variables
// live, so that the wasm build keeps them in locals.
func addProductRow(cols, slot, row unsafe.Pointer, n int) {
	for x := range n {
		rb, ga := alphaWeightedLanes(*(*uint32)(unsafe.Add(row, 4*x)))
		*(*uint64)(unsafe.Add(slot, 16*x)) = rb
		*(*uint64)(unsafe.Add(slot, 16*x+8)) = ga
		*(*uint64)(unsafe.Add(cols, 16*x)) += rb
		*(*uint64)(unsafe.Add(cols, 16*x+8)) += ga
	}
}

// sumProductRow is addProductRow for a row that never leaves the column
// sums before they are cleared: nothing kept.
func sumProductRow(cols, row unsafe.Pointer, n int) {
	for x := range n {
		rb, ga := alphaWeightedLanes(*(*uint32)(unsafe.Add(row, 4*x)))
		*(*uint64)(unsafe.Add(cols, 16*x)) += rb
		*(*uint64)(unsafe.Add(cols, 16*x+8)) += ga
	}
}

// replaceProductRow is addProductRow where the slot holds a row leaving the
// column sums: it is taken from them in the same pass.
func replaceProductRow(cols, slot, row unsafe.Pointer, n int) {
	for x := range n {
		rb, ga := alphaWeightedLanes(*(*uint32)(unsafe.Add(row, 4*x)))
		q, c := unsafe.Add(slot, 16*x), unsafe.Add(cols, 16*x)
		*(*uint64)(c) += rb - *(*uint64)(q)
		*(*uint64)(unsafe.Add(c, 8)) += ga - *(*uint64)(unsafe.Add(q, 8))
		*(*uint64)(q) = rb
		*(*uint64)(unsafe.Add(q, 8)) = ga
	}
}

// alphaWeightedLanes splits an RGBA pixel into two words of 32-bit lanes:
// red and blue times alpha, and green times alpha beside alpha itself, so
// that a column of them sums in two additions a pixel.
func alphaWeightedLanes(v uint32) (rb, ga uint64) {
	al := uint64(v >> 24)
	return (uint64(v&0xFF) | uint64(v&0xFF0000)<<16) * al, uint64(v>>8&0xFF)*al | al<<32
}

// premultipliedRun writes n pixels at out, the windows after one whose sums
// are rb and ga, each a pixel further right: its pixel at enter added, the
// one at leave taken. Their divisor is div (with magic dm), and magics holds
// the magic of every alpha sum they can have. It returns the last window's
// sums.
func premultipliedRun(out, enter, leave unsafe.Pointer, n int, rb, ga, div, dm uint64, magics unsafe.Pointer) (uint64, uint64) {
	for i := range n {
		rb += *(*uint64)(unsafe.Add(enter, 16*i)) - *(*uint64)(unsafe.Add(leave, 16*i))
		ga += *(*uint64)(unsafe.Add(enter, 16*i+8)) - *(*uint64)(unsafe.Add(leave, 16*i+8))
		sa := ga >> 32
		o := uint32(divRoundEvenMagic(sa, div, dm)) << 24
		if sa != 0 {
			m := *(*uint64)(unsafe.Add(magics, 8*sa))
			o |= uint32(divRoundEvenMagic(rb&0xFFFFFFFF, sa, m)) |
				uint32(divRoundEvenMagic(ga&0xFFFFFFFF, sa, m))<<8 |
				uint32(divRoundEvenMagic(rb>>32, sa, m))<<16
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = o
	}
	return rb, ga
}

// premultipliedBlockRun writes n pixels at out from windows of kw columns
// whose first is at cols, the next stride columns further; their divisor
// is div (with magic dm), and magics holds the magic of every alpha sum
// they can have.
func premultipliedBlockRun(out, cols unsafe.Pointer, n, stride, kw int, div, dm uint64, magics unsafe.Pointer) {
	for i := range n {
		p := unsafe.Add(cols, 16*stride*i)
		var rb, ga uint64
		for j := range kw {
			rb += *(*uint64)(unsafe.Add(p, 16*j))
			ga += *(*uint64)(unsafe.Add(p, 16*j+8))
		}
		sa := ga >> 32
		o := uint32(divRoundEvenMagic(sa, div, dm)) << 24
		if sa != 0 {
			m := *(*uint64)(unsafe.Add(magics, 8*sa))
			o |= uint32(divRoundEvenMagic(rb&0xFFFFFFFF, sa, m)) |
				uint32(divRoundEvenMagic(ga&0xFFFFFFFF, sa, m))<<8 |
				uint32(divRoundEvenMagic(rb>>32, sa, m))<<16
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = o
	}
}
