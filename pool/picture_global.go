package pool

// A window that covers the whole picture (global average pooling, the end of
// ResNet) is a plain sum of every byte per channel: eight bytes a word into
// 16-bit lanes, emptied into 64-bit totals before they can overflow.

// coversAll reports whether g has one window, covering every input cell.
func coversAll(g *Geometry) bool {
	for _, a := range [2]*Axis{&g.H, &g.W} {
		if a.Out != 1 || a.Dilation != 1 || a.Windows[0].First != 0 || a.Windows[0].Count != a.In {
			return false
		}
	}
	return wordViews
}

// avgGlobal writes the one output pixel of a plain average over the whole
// picture.
func (k *kernelPixels) avgGlobal(dst []byte) {
	var total [4]uint64
	// A lane gains at most 255 a word, so 257 words fit; flush every 256.
	const flushEvery = 256
	inW := k.g.W.In
	for y := range k.g.H.In {
		row := k.srcRow(y)
		w := words(row)
		for len(w) > 0 {
			n := min(len(w), flushEvery)
			var even, odd uint64
			for _, v := range w[:n] {
				even += v & evenBytes
				odd += v >> 8 & evenBytes
			}
			// Lanes: even = R, B of the first pixel of each word, then of the
			// second; odd = G, A likewise.
			total[0] += even&0xFFFF + even>>32&0xFFFF
			total[2] += even>>16&0xFFFF + even>>48
			total[1] += odd&0xFFFF + odd>>32&0xFFFF
			total[3] += odd>>16&0xFFFF + odd>>48
			w = w[n:]
		}
		if inW&1 == 1 {
			p := row[4*(inW-1) : 4*inW]
			for c := range 4 {
				total[c] += uint64(p[c])
			}
		}
	}
	wy, wx := k.g.H.Windows[0], k.g.W.Windows[0]
	div := uint64(wy.Divisor) * uint64(wx.Divisor)
	for c := range 4 {
		dst[c] = byte(divRoundEven(total[c], div))
	}
}
