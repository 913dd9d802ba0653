package pool

import "math"

// The 3-D kernels: the general loops of the plane kernels with one more
// axis. Each window is read in row-major order (depth, then rows, then
// columns), which is the order PyTorch's CPU kernels sum in.

// volumeKernel returns the 3-D kernel of op, which pools one D x H x W
// volume per call.
func volumeKernel(op Op, p float64, g *NDGeometry) planeKernel {
	switch op {
	case Max, Min:
		isMin := op == Min
		return func(dst []float32, idx []int32, src []float32) { extremeVolume(dst, idx, src, g, isMin) }
	case Avg:
		return func(dst []float32, _ []int32, src []float32) { avgVolume(dst, src, g) }
	default:
		return func(dst []float32, _ []int32, src []float32) { lpVolume(dst, src, g, p) }
	}
}

// eachWindow calls f with every output cell's window, in row-major order.
func eachWindow(g *NDGeometry, f func(k int, wz, wy, wx Window)) {
	k := 0
	for _, wz := range g.Axes[0].Windows {
		for _, wy := range g.Axes[1].Windows {
			for _, wx := range g.Axes[2].Windows {
				f(k, wz, wy, wx)
				k++
			}
		}
	}
}

// extremeVolume is extremePlane in 3-D; indices are (d*H + h)*W + w.
func extremeVolume(dst []float32, idx []int32, src []float32, g *NDGeometry, isMin bool) {
	h, w := g.Axes[1].In, g.Axes[2].In
	dd, dh, dw := g.Axes[0].Dilation, g.Axes[1].Dilation, g.Axes[2].Dilation
	init := float32(math.Inf(-1))
	if isMin {
		init = float32(math.Inf(1))
	}
	eachWindow(g, func(k int, wz, wy, wx Window) {
		m, at := init, (wz.First*h+wy.First)*w+wx.First
		for i, z := 0, wz.First; i < wz.Count; i, z = i+1, z+dd {
			for j, y := 0, wy.First; j < wy.Count; j, y = j+1, y+dh {
				row := (z*h + y) * w
				for l, x := 0, wx.First; l < wx.Count; l, x = l+1, x+dw {
					v := src[row+x]
					better := v > m
					if isMin {
						better = v < m
					}
					if better || v != v {
						m, at = v, row+x
					}
				}
			}
		}
		dst[k] = m
		if idx != nil {
			idx[k] = int32(at)
		}
	})
}

// avgVolume sums each window in float32 and divides once by the divisor.
func avgVolume(dst []float32, src []float32, g *NDGeometry) {
	h, w := g.Axes[1].In, g.Axes[2].In
	dd, dh, dw := g.Axes[0].Dilation, g.Axes[1].Dilation, g.Axes[2].Dilation
	eachWindow(g, func(k int, wz, wy, wx Window) {
		var sum float32
		for i, z := 0, wz.First; i < wz.Count; i, z = i+1, z+dd {
			for j, y := 0, wy.First; j < wy.Count; j, y = j+1, y+dh {
				row := (z*h + y) * w
				for l, x := 0, wx.First; l < wx.Count; l, x = l+1, x+dw {
					sum += src[row+x]
				}
			}
		}
		dst[k] = sum / float32(wz.Divisor*wy.Divisor*wx.Divisor)
	})
}

// lpVolume computes each window's Lp norm in float64 and rounds it once.
func lpVolume(dst []float32, src []float32, g *NDGeometry, p float64) {
	h, w := g.Axes[1].In, g.Axes[2].In
	dd, dh, dw := g.Axes[0].Dilation, g.Axes[1].Dilation, g.Axes[2].Dilation
	pow := lpPower(p)
	eachWindow(g, func(k int, wz, wy, wx Window) {
		var sum float64
		for i, z := 0, wz.First; i < wz.Count; i, z = i+1, z+dd {
			for j, y := 0, wy.First; j < wy.Count; j, y = j+1, y+dh {
				row := (z*h + y) * w
				for l, x := 0, wx.First; l < wx.Count; l, x = l+1, x+dw {
					sum += pow(math.Abs(float64(src[row+x])))
				}
			}
		}
		dst[k] = lpRoot32(sum, p)
	})
}
