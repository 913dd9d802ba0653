package pool

// The plain average, separably: prefix sums along each row, then running
// sums over rows, then one exact rounded division per value.

// avgScratch holds avgSeparable's buffers.
type avgScratch struct {
	sums, acc, prefix []uint32
	recip             []float64
	divs              []uint32
	quotientCache
}

var avgScratches scratchPool[avgScratch]

// maxTableDiv bounds the divisor whose quotients avgSeparable tabulates.
const maxTableDiv = 1024

// avgSeparable writes output rows [from, to) of a plain average: each input
// row's window sums from its prefix sums, then a running sum over rows that
// adds each row once as windows reach it and subtracts it once as they leave,
// then one exact rounded division per value.
func (k *kernelPixels) avgSeparable(dst []byte, from, to int) {
	s := avgScratches.get()
	defer avgScratches.put(s)
	ay, ax := &k.g.H, &k.g.W
	elems := 4 * ax.Out
	// A ring of Kernel rows of horizontal sums: a row leaves the running sum
	// at most Kernel rows after it entered.
	ring := ay.Kernel
	s.sums = grow(s.sums, ring*elems)
	s.acc = grow(s.acc, elems)
	s.prefix = grow(s.prefix, 4*(ax.In+1))
	s.recip = grow(s.recip, ax.Out)
	s.divs = grow(s.divs, ax.Out)
	sumRow := func(y int) []uint32 { r := y % ring; return s.sums[r*elems : (r+1)*elems] }
	lo, hi := 0, 0 // input rows [lo, hi) are in acc
	lastDiv := -1
	tableDiv := uint32(0) // no window sum divides by 0: no table
	var table []byte
	if d := ay.Kernel * ax.Kernel; d <= maxTableDiv {
		tableDiv, table = uint32(d), s.quotientTable(d)
	}
	for oy := from; oy < to; oy++ {
		w := ay.Windows[oy]
		a, b := w.First, w.First+w.Count
		if a >= hi {
			clear(s.acc)
			lo, hi = a, a
		}
		for ; lo < a; lo++ {
			subRow(s.acc, sumRow(lo))
		}
		for ; hi < b; hi++ {
			r := sumRow(hi)
			k.sumRow(r, hi, s)
			addRow(s.acc, r)
		}
		if w.Divisor != lastDiv {
			lastDiv = w.Divisor
			for ox, wx := range ax.Windows {
				d := uint32(w.Divisor * wx.Divisor)
				s.divs[ox], s.recip[ox] = d, reciprocal(d)
			}
		}
		out := dst[(oy-from)*elems : (oy-from+1)*elems]
		acc := s.acc[:elems]
		for ox, d := range s.divs[:ax.Out] {
			if d == tableDiv {
				a, o := acc[4*ox:4*ox+4], out[4*ox:4*ox+4]
				o[0], o[1], o[2], o[3] = table[a[0]], table[a[1]], table[a[2]], table[a[3]]
				continue
			}
			r := s.recip[ox]
			a, o := acc[4*ox:4*ox+4], out[4*ox:4*ox+4]
			o[0] = byte(divRoundEvenRecip(a[0], d, r))
			o[1] = byte(divRoundEvenRecip(a[1], d, r))
			o[2] = byte(divRoundEvenRecip(a[2], d, r))
			o[3] = byte(divRoundEvenRecip(a[3], d, r))
		}
	}
}

// sumRow writes the horizontal window sums of input row y into out. Prefix
// sums wrap modulo 2^32, which leaves differences exact since a window's sum
// is far below 2^32.
func (k *kernelPixels) sumRow(out []uint32, y int, s *avgScratch) {
	ax := &k.g.W
	row := k.srcRow(y)
	p := s.prefix
	p[0], p[1], p[2], p[3] = 0, 0, 0, 0
	for i, v := range row {
		p[i+4] = p[i] + uint32(v)
	}
	for ox, w := range ax.Windows {
		a, b := 4*w.First, 4*(w.First+w.Count)
		for c := range 4 {
			out[4*ox+c] = p[b+c] - p[a+c]
		}
	}
}

func addRow(acc, r []uint32) {
	r = r[:len(acc)]
	for i := range acc {
		acc[i] += r[i]
	}
}

func subRow(acc, r []uint32) {
	r = r[:len(acc)]
	for i := range acc {
		acc[i] -= r[i]
	}
}
