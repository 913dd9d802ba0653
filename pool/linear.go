package pool

import "unsafe"

// Averages in linear light sum float64s, and a float sum depends on its
// order: to give the general kernel's bytes, a fast kernel must add each
// window's cells in the same order, row-major within the window. So no sum
// slides from one window to the next; what linearWindows saves is the rest:
// bounds checks, calls and the per-cell dispatch of avgPicture.

// linearWindowsFit reports whether linearWindows handles g.
func linearWindowsFit(g *Geometry) bool {
	return wordViews && g.H.Dilation == 1 && g.W.Dilation == 1 && g.H.Kernel <= maxProductCells/g.W.Kernel
}

// linearWindows writes output rows [from, to) of an average in linear light,
// premultiplied or not: each colour decoded through the exact table, summed
// in float64 in avgPicture's order, divided and encoded exactly; alpha the
// integer mean, half to even.
func (k *kernelPixels) linearWindows(dst []byte, from, to int) {
	premul := k.o.Alpha == Premultiplied
	ay, ax := &k.g.H, &k.g.W
	src := unsafe.Pointer(unsafe.SliceData(k.src))
	stride := k.stride
	dec := &srgbToLinear
	lastDiv, recipDiv := 0, 0.0
	for oy := from; oy < to; oy++ {
		wy := ay.Windows[oy]
		top := unsafe.Add(src, (wy.First-k.srcY)*stride)
		row := unsafe.Pointer(&dst[(oy-from)*4*ax.Out])
		for ox, wx := range ax.Windows {
			var sa uint32
			var lr, lg, lb float64
			p := unsafe.Add(top, 4*wx.First)
			for i := range wy.Count {
				r := unsafe.Add(p, i*stride)
				for j := range wx.Count {
					v := *(*uint32)(unsafe.Add(r, 4*j))
					a := v >> 24
					sa += a
					if premul {
						fa := float64(a)
						lr += dec[uint8(v)] * fa
						lg += dec[uint8(v>>8)] * fa
						lb += dec[uint8(v>>16)] * fa
					} else {
						lr += dec[uint8(v)]
						lg += dec[uint8(v>>8)]
						lb += dec[uint8(v>>16)]
					}
				}
			}
			div := wy.Divisor * wx.Divisor
			if div != lastDiv {
				lastDiv, recipDiv = div, reciprocal(uint32(div))
			}
			o := divRoundEvenRecip(sa, uint32(div), recipDiv) << 24
			switch {
			case !premul:
				fd := float64(div)
				o |= uint32(linearToSRGB(lr/fd)) | uint32(linearToSRGB(lg/fd))<<8 | uint32(linearToSRGB(lb/fd))<<16
			case sa != 0:
				fa := float64(sa)
				o |= uint32(linearToSRGB(lr/fa)) | uint32(linearToSRGB(lg/fa))<<8 | uint32(linearToSRGB(lb/fa))<<16
			}
			*(*uint32)(unsafe.Add(row, 4*ox)) = o
		}
	}
}
