package pool

import "unsafe"

// The linear-light kernels proper (see linear.go for why their bytes are the
// general kernel's): per pixel its colours decoded to fixed point and
// weighted, four words a pixel (R, G, B and alpha); sums over each window's
// rows kept per column, rows entering and leaving, as in premultipliedLanes;
// then sums along the row, sliding with stride 1, afresh for blocks; then
// one encoding per colour through the encoder's table.

// linearLanesFit reports whether linearLanes handles g.
func linearLanesFit(g *Geometry) bool {
	return wordViews && g.H.Dilation == 1 && g.W.Dilation == 1 && g.H.Kernel <= maxProductCells/g.W.Kernel
}

// linearLanes writes output rows [from, to) of an average in linear light,
// premultiplied or not, with the bytes of avgPicture (see above).
func (k *kernelPixels) linearLanes(dst []byte, from, to int) {
	k.linearLanesWith(dst, from, to, defaultLinearEncoder)
}

// linearLanesWith is linearLanes with the encoder as a parameter, so that
// tests can widen its margin and send many windows down the general way.
func (k *kernelPixels) linearLanesWith(dst []byte, from, to int, e *linearEncoder) {
	s := optionScratches.get()
	defer optionScratches.put(s)
	premul := k.o.Alpha == Premultiplied
	// Each pixel's weight: its alpha when premultiplied, else 1.
	wmask, wone := uint64(0), uint64(1)
	if premul {
		wmask, wone = 0xFF, 0
	}
	ay, ax := &k.g.H, &k.g.W
	inW := ax.In
	// Four words a pixel: R, G, B weighted and decoded, and alpha.
	rows := newLaneRows(s, 4*inW, ay)
	cols := unsafe.Pointer(&rows.cols[0])
	enter := func(slot unsafe.Pointer, y int, mode rowMode) {
		linearRowLanes(cols, slot, unsafe.Pointer(&k.src[(y-k.srcY)*k.stride]), inW, wmask, wone, mode, &linearFixed)
	}
	// The whole windows are consecutive; they end here.
	wholeEnd := ax.wholeEnd()
	for oy := from; oy < to; oy++ {
		wy := ay.Windows[oy]
		rows.cover(wy.First, wy.First+wy.Count, enter)
		out := unsafe.Pointer(&dst[(oy-from)*4*ax.Out])
		var sr, sg, sb, sa uint64
		l, h := 0, 0 // the pixels in the sums
		run := linearRun{k: k, e: e, wy: wy, premul: premul}
		for ox := 0; ox < ax.Out; ox++ {
			wx := &ax.Windows[ox]
			a, b := wx.First, wx.First+wx.Count
			if a >= h {
				sr, sg, sb, sa, l, h = 0, 0, 0, 0, a, a
			}
			for ; l < a; l++ {
				c := unsafe.Add(cols, 32*l)
				sr -= *(*uint64)(c)
				sg -= *(*uint64)(unsafe.Add(c, 8))
				sb -= *(*uint64)(unsafe.Add(c, 16))
				sa -= *(*uint64)(unsafe.Add(c, 24))
			}
			for ; h < b; h++ {
				c := unsafe.Add(cols, 32*h)
				sr += *(*uint64)(c)
				sg += *(*uint64)(unsafe.Add(c, 8))
				sb += *(*uint64)(unsafe.Add(c, 16))
				sa += *(*uint64)(unsafe.Add(c, 24))
			}
			if div := uint64(wy.Divisor * wx.Divisor); div != run.div {
				run.div, run.dm, run.inv = div, magic(div), 1/(float64(div)*(1<<32))
			}
			*(*uint32)(unsafe.Add(out, 4*ox)) = run.pixel(ox, sr, sg, sb, sa)
			if wx.Count != ax.Kernel || ox+1 >= wholeEnd || ax.Stride != 1 && ax.Stride < ax.Kernel {
				continue
			}
			n := wholeEnd - (ox + 1)
			if ax.Stride == 1 {
				// Stride 1 from a whole window: the next windows, while
				// whole, each take one pixel on the right and drop one on
				// the left.
				sr, sg, sb, sa = run.slide(unsafe.Add(out, 4*(ox+1)), unsafe.Add(cols, 32*h), unsafe.Add(cols, 32*l), ox+1, n, sr, sg, sb, sa)
				ox, l, h = ox+n, l+n, h+n
				continue
			}
			// Stride at least the kernel: the next windows, while whole,
			// are summed afresh.
			run.blocks(unsafe.Add(out, 4*(ox+1)), unsafe.Add(cols, 32*(a+ax.Stride)), ox+1, n, ax.Stride, ax.Kernel)
			ox, h = ox+n, 0
		}
	}
}

// linearRun encodes the windows of output row wy of linearLanes from their
// sums, and slides or sums runs of whole windows along the row; div is the
// windows' divisor (magic dm, inv = 1/(div·2^32)) as the row last set it.
type linearRun struct {
	k       *kernelPixels
	e       *linearEncoder
	wy      Window
	div, dm uint64
	inv     float64
	premul  bool
}

// slide writes n pixels at out, windows ox0, ox0+1, ... after one whose
// sums are sr, sg, sb, sa, each a pixel further right: its column at enter
// added, the one at leave taken. It returns the last window's sums. The
// loops stop at the first window whose step is uncertain, settled here.
func (r *linearRun) slide(out, enter, leave unsafe.Pointer, ox0, n int, sr, sg, sb, sa uint64) (uint64, uint64, uint64, uint64) {
	sums := [4]uint64{sr, sg, sb, sa}
	for i := 0; i < n; i++ {
		if r.premul {
			i = linearSlidePremul(out, enter, leave, i, n, &sums, r.div, r.dm, r.inv, r.e)
		} else {
			i = linearSlide(out, enter, leave, i, n, &sums, r.div, r.dm, r.inv, r.e)
		}
		if i < n {
			*(*uint32)(unsafe.Add(out, 4*i)) = r.pixel(ox0+i, sums[0], sums[1], sums[2], sums[3])
		}
	}
	return sums[0], sums[1], sums[2], sums[3]
}

// blocks writes n pixels at out, windows ox0, ox0+1, ... of kw columns, the
// first's at cols, the next stride columns further. The loops stop at the
// first window whose step is uncertain, settled here.
func (r *linearRun) blocks(out, cols unsafe.Pointer, ox0, n, stride, kw int) {
	for i := 0; i < n; i++ {
		if r.premul {
			i = linearBlocksPremul(out, cols, i, n, stride, kw, r.div, r.dm, r.inv, r.e)
		} else {
			i = linearBlocks(out, cols, i, n, stride, kw, r.div, r.dm, r.inv, r.e)
		}
		if i < n {
			sr, sg, sb, sa := linearBlockSums(unsafe.Add(cols, 32*stride*i), kw)
			*(*uint32)(unsafe.Add(out, 4*i)) = r.pixel(ox0+i, sr, sg, sb, sa)
		}
	}
}

// linearBlockSums returns the sums of the kw columns from p.
func linearBlockSums(p unsafe.Pointer, kw int) (sr, sg, sb, sa uint64) {
	for j := range kw {
		c := unsafe.Add(p, 32*j)
		sr += *(*uint64)(c)
		sg += *(*uint64)(unsafe.Add(c, 8))
		sb += *(*uint64)(unsafe.Add(c, 16))
		sa += *(*uint64)(unsafe.Add(c, 24))
	}
	return sr, sg, sb, sa
}

// pixel returns the pixel of window ox from its sums.
func (r *linearRun) pixel(ox int, sr, sg, sb, sa uint64) uint32 {
	code := &r.e.code
	o := uint32(divRoundEvenMagic(sa, r.div, r.dm)) << 24
	w := r.inv
	if r.premul {
		if sa == 0 {
			return o
		}
		w = 1 / (float64(sa) * (1 << 32))
	}
	lr, lg, lb := float64(sr)*w, float64(sg)*w, float64(sb)*w
	cr := code[stepOf(lr)]
	cg := code[stepOf(lg)]
	cb := code[stepOf(lb)]
	if (cr|cg|cb)&uncertainStep == 0 {
		return o | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	return o | r.k.uncertainColours(r.e, lr, lg, lb, r.wy, r.k.g.W.Windows[ox])
}

// linearBlockRows writes output rows [from, to) of an average in linear
// light of blocks (fitsBlocks, and linearLanesFit): each block's pixels
// decoded and summed where they lie, with no column sums to keep, as
// linear2x2 does for 2x2 blocks. The row functions stop at the first block
// whose step stays uncertain, which is computed here the general way.
func (k *kernelPixels) linearBlockRows(dst []byte, from, to int, e *linearEncoder) {
	kh, kw, outW := k.g.H.Kernel, k.g.W.Kernel, k.g.W.Out
	div := uint64(kh * kw)
	dm, inv := magic(div), 1/(float64(div)*(1<<32))
	premul := k.o.Alpha == Premultiplied
	src, out := k.blockBase(dst)
	for oy := from; oy < to; oy++ {
		top := unsafe.Add(src, k.blockTop(oy))
		d := unsafe.Add(out, (oy-from)*4*outW)
		for ox := 0; ox < outW; ox++ {
			if premul {
				ox = linearBlockRowPremul(d, top, k.stride, kh, kw, ox, outW, div, dm, inv, e, &linearFixed)
			} else {
				ox = linearBlockRow(d, top, k.stride, kh, kw, ox, outW, div, dm, inv, e, &linearFixed)
			}
			if ox < outW {
				wy, wx := k.g.H.Windows[oy], k.g.W.Windows[ox]
				var sa uint64
				for y := range kh {
					for x := range kw {
						sa += uint64(*(*uint8)(unsafe.Add(top, y*k.stride+4*(kw*ox+x)+3)))
					}
				}
				*(*uint32)(unsafe.Add(d, 4*ox)) = uint32(divRoundEven(sa, div))<<24 | k.linearWindow(wy, wx)
			}
		}
	}
}

// quadReciprocals[sa] is 1/(sa·2^32), the factor that turns a fixed-point
// sum weighted by an alpha sum sa into the mean, for every alpha sum of four
// pixels, and past it to 1023 so that a 10-bit index needs no bounds check.
var quadReciprocals = func() (t [1024]float64) {
	for sa := 1; sa < len(t); sa++ {
		t[sa] = 1 / (float64(sa) * (1 << 32))
	}
	return t
}()

// linear2x2 writes output rows [from, to) of an average in linear light of
// 2x2 blocks (fits2x2): linearLanes without column sums, and without the
// loops along windows, which cost most in wasm. The row functions stop at
// the first block whose step is uncertain, which is settled here.
func (k *kernelPixels) linear2x2(dst []byte, from, to int, e *linearEncoder) {
	premul := k.o.Alpha == Premultiplied
	outW := k.g.W.Out
	src, out := k.blockBase(dst)
	for oy := from; oy < to; oy++ {
		r0 := unsafe.Add(src, k.blockTop(oy))
		r1 := unsafe.Add(r0, k.stride)
		d := unsafe.Add(out, (oy-from)*4*outW)
		for ox := 0; ox < outW; ox++ {
			if premul {
				ox = linear2x2PremulRow(d, r0, r1, ox, outW, e, &linearFixed, &quadReciprocals)
			} else {
				ox = linear2x2Row(d, r0, r1, ox, outW, e, &linearFixed)
			}
			if ox < outW {
				v, w := *(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))
				*(*uint32)(unsafe.Add(d, 4*ox)) = k.linear2x2Uncertain(e, v, w, premul, oy, ox)
			}
		}
	}
}

// linear2x2Uncertain returns the pixel of the block at (oy, ox), whose
// pixels are v's and w's halves, where its step is uncertain.
func (k *kernelPixels) linear2x2Uncertain(e *linearEncoder, v, w uint64, premul bool, oy, ox int) uint32 {
	dec := &linearFixed
	sa := v>>24&0xFF + v>>56 + w>>24&0xFF + w>>56
	o := uint32((sa+1+sa>>2&1)>>2) << 24 // n/4 rounded half to even
	a0, a1, a2, a3 := uint64(1), uint64(1), uint64(1), uint64(1)
	f := 1.0 / (4 << 32)
	if premul {
		if sa == 0 {
			return o
		}
		a0, a1, a2, a3 = v>>24&0xFF, v>>56, w>>24&0xFF, w>>56
		f = quadReciprocals[sa]
	}
	sr := dec[uint8(v)]*a0 + dec[uint8(v>>32)]*a1 + dec[uint8(w)]*a2 + dec[uint8(w>>32)]*a3
	sg := dec[uint8(v>>8)]*a0 + dec[uint8(v>>40)]*a1 + dec[uint8(w>>8)]*a2 + dec[uint8(w>>40)]*a3
	sb := dec[uint8(v>>16)]*a0 + dec[uint8(v>>48)]*a1 + dec[uint8(w>>16)]*a2 + dec[uint8(w>>48)]*a3
	return o | k.uncertainColours(e, float64(sr)*f, float64(sg)*f, float64(sb)*f, k.g.H.Windows[oy], k.g.W.Windows[ox])
}
