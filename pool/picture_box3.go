package pool

import "unsafe"

// The 3x3 box blur, the stride-1 plain average of 3x3 windows, computed two
// pixels at a time with no running state: each output row reads its three
// input rows a word (two pixels) each, sums them in 16-bit lanes (R and B
// in one word, G and A in another), adds the neighbouring columns' sums by
// shifting words, and divides the eight lanes of a whole window by 9 with
// a multiply and a shift, which leaves two output pixels in one word.
// Windows that reach into the padding, and the few pixels at the end of a
// row that the word loop leaves, are averaged one window at a time; output
// rows whose window is not three input rows go through avgLanes.

// box3Fits reports whether avgBox3 handles g.
func box3Fits(g *Geometry) bool {
	for _, a := range [...]*Axis{&g.H, &g.W} {
		if a.Kernel != 3 || a.Stride != 1 || a.Dilation != 1 {
			return false
		}
	}
	return wordViews
}

const (
	lowLanes = 0x0000FFFF0000FFFF // lanes 0 and 2 of four 16-bit lanes
	lowBytes = 0x000000FF000000FF // the low byte of each 32-bit lane
	// ninth is ceil(2^16/9) = (2^16+2)/9: for every m < 2^15,
	// (m*ninth)>>16 is m/9 rounded down, since m*ninth exceeds m*2^16/9 by
	// m*2/9, less than the 2^16/9 left to the next multiple of 2^16. Window
	// sums of nine bytes, 2295 at most, qualify.
	ninth = (1<<16 + 2) / 9
)

// avgBox3 writes output rows [from, to) of a plain average of 3x3 windows at
// stride 1.
func (k *kernelPixels) avgBox3(dst []byte, from, to int) {
	ay, ax := &k.g.H, &k.g.W
	outBytes := 4 * ax.Out
	wa, wb := wholeBox3Range(ax)
	// The word loop takes output pixels wa+2i, wa+2i+1, centred on input
	// pixels c0+2i and c0+2i+1, and reads the pair after them: its last
	// pair ends on the row's last pixel at most.
	// The vector loop (box3Quads) takes four output pixels a turn and reads
	// just their windows; the whole windows it leaves, one quad more that
	// ends on the last of them, overlapping the one before, where the pairs
	// would read past the row.
	quads, pairs, last := 0, 0, -1 // last: the first output of that quad
	c0 := 0
	if wa < wb {
		c0 = ax.Windows[wa].First + 1
		if k.vectors {
			quads = (wb - wa) / 4
		}
		if quads > 0 && wa+4*quads < wb {
			last = wb - 4
		} else {
			pairs = min((wb-wa-4*quads)/2, (ax.In-2-c0-4*quads)/2)
		}
	}
	done := wa + 4*quads + 2*pairs // the outputs left to windowAvg
	if last >= 0 {
		done = wb
	}
	for oy := from; oy < to; oy++ {
		out := dst[(oy-from)*outBytes : (oy-from+1)*outBytes]
		wy := ay.Windows[oy]
		if !wholeBox3(wy) {
			k.avgLanes(out, oy, oy+1)
			continue
		}
		top := (wy.First - k.srcY) * k.stride
		for ox := range wa {
			k.windowAvg(out[4*ox:4*ox+4], wy, ax.Windows[ox])
		}
		if quads > 0 {
			box3Quads(unsafe.Pointer(&out[4*wa]), unsafe.Pointer(&k.src[top+4*(c0-1)]), k.stride, quads)
		}
		if last >= 0 {
			box3Quads(unsafe.Pointer(&out[4*last]), unsafe.Pointer(&k.src[top+4*(c0+last-wa-1)]), k.stride, 1)
		}
		if pairs > 0 {
			x := 4 * quads
			box3Pairs(unsafe.Pointer(&out[4*(wa+x)]), unsafe.Pointer(&k.src[top+4*(c0+x-1)]), k.stride, pairs)
		}
		for ox := done; ox < ax.Out; ox++ {
			k.windowAvg(out[4*ox:4*ox+4], wy, ax.Windows[ox])
		}
	}
}

// wholeBox3 reports whether a window along one axis covers three cells and
// divides by three.
func wholeBox3(w Window) bool { return w.Count == 3 && w.Divisor == 3 }

// wholeBox3Range returns the outputs [wa, wb) along ax whose windows are
// whole (wholeBox3): with stride 1 they are consecutive.
func wholeBox3Range(ax *Axis) (wa, wb int) {
	wa, wb = 0, ax.Out
	for wa < wb && !wholeBox3(ax.Windows[wa]) {
		wa++
	}
	for wb > wa && !wholeBox3(ax.Windows[wb-1]) {
		wb--
	}
	return wa, wb
}

// box3Pairs writes 2*pairs output pixels at out, the averages of the whole
// 3x3 windows centred on the pixels after src's first, in the three rows
// from src on, stride bytes apart. It reads 2*pairs+3 pixels of each row.
func box3Pairs(out, src unsafe.Pointer, stride, pairs int) {
	r1, r2 := unsafe.Add(src, stride), unsafe.Add(src, 2*stride)
	// The column sums of the pixel before the first pair, in the lanes of a
	// pair's second pixel, and of the first pair.
	v0, v1, v2 := uint64(*(*uint32)(src)), uint64(*(*uint32)(r1)), uint64(*(*uint32)(r2))
	prevE := (v0&evenBytes + v1&evenBytes + v2&evenBytes) << 32
	prevO := (v0>>8&evenBytes + v1>>8&evenBytes + v2>>8&evenBytes) << 32
	v0, v1, v2 = *(*uint64)(unsafe.Add(src, 4)), *(*uint64)(unsafe.Add(r1, 4)), *(*uint64)(unsafe.Add(r2, 4))
	curE := v0&evenBytes + v1&evenBytes + v2&evenBytes
	curO := v0>>8&evenBytes + v1>>8&evenBytes + v2>>8&evenBytes
	box3Loop(out, unsafe.Add(src, 12), stride, pairs, prevE, prevO, curE, curO)
}

// windowAvg writes to o the average of the window (wy, wx), for the few
// windows a lane kernel leaves; it has at most maxLaneCells cells. The
// channels are summed in the 16-bit lanes of two words, R and B, G and A,
// and divided by one multiplication each: a division in wasm costs as much
// as the rest of the window.
func (k *kernelPixels) windowAvg(o []byte, wy, wx Window) {
	var rb, ga uint64
	row := (wy.First-k.srcY)*k.stride + 4*wx.First
	for range wy.Count {
		for x := row; x < row+4*wx.Count; x += 4 {
			v := uint64(load32(k.src, x))
			rb += v & 0x00FF00FF
			ga += v >> 8 & 0x00FF00FF
		}
		row += k.stride
	}
	d := uint64(wy.Divisor) * uint64(wx.Divisor)
	m := magic(d)
	o = o[:4]
	o[0] = byte(divRoundEvenMagic(rb&0xFFFF, d, m))
	o[1] = byte(divRoundEvenMagic(ga&0xFFFF, d, m))
	o[2] = byte(divRoundEvenMagic(rb>>16, d, m))
	o[3] = byte(divRoundEvenMagic(ga>>16, d, m))
}
