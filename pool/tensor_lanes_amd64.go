//go:build goexperiment.simd

package pool

import (
	"math"
	"unsafe"

	"simd/archsimd"
)

// avgWindows4 writes to dst, four floats an output, the averages of four
// interleaved planes over the windows wins of a row of windows, laid out as
// lpWindows4's, each sum divided by div times the window's Divisor.
func avgWindows4(dst, src unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch, step, div int) {
	for i, wx := range wins {
		var sum archsimd.Float32x4
		for z := range depth {
			for y := range rows {
				row := unsafe.Add(src, z*dpitch+y*rpitch+16*wx.First)
				l := 0
				for ; l+2 <= wx.Count; l += 2 {
					sum = sum.Add(loadLane(row, l*step/16)).Add(loadLane(row, (l+1)*step/16))
				}
				if l < wx.Count {
					sum = sum.Add(loadLane(row, l*step/16))
				}
			}
		}
		sum = sum.Div(archsimd.BroadcastFloat32x4(float32(div * wx.Divisor)))
		sum.StoreArray((*[4]float32)(unsafe.Add(dst, 16*i)))
	}
}

// lpWindows4 writes to dst, four floats an output, the norms of order p
// (1 or 2) of four interleaved planes over the windows wins of a row of
// windows: src is the first cell of the row of their first depth and row;
// each window sums depth x rows x its Count cells, dpitch, rpitch and step
// bytes apart, in lpVolume's order.
func lpWindows4(dst, src unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch, step int, p float64) {
	for i, wx := range wins {
		var acc [4]float64
		for z := range depth {
			for y := range rows {
				row := unsafe.Add(src, z*dpitch+y*rpitch+16*wx.First)
				if p == 2 {
					lpRow4Square(&acc, row, wx.Count, step/16)
				} else {
					lpRow4Abs(&acc, row, wx.Count, step/16)
				}
			}
		}
		o := (*[4]float32)(unsafe.Add(dst, 16*i))
		for c := range 4 {
			o[c] = lpRoot32(acc[c], p)
		}
	}
}

// lpRow4Square adds to acc the squares of n cells of four interleaved
// planes, step cells apart, each lane to its own sum, in order.
func lpRow4Square(acc *[4]float64, p unsafe.Pointer, n, step int) {
	a, b, c, d := acc[0], acc[1], acc[2], acc[3]
	for l := range n {
		v := (*[4]float32)(unsafe.Add(p, 16*l*step))
		x0, x1, x2, x3 := float64(v[0]), float64(v[1]), float64(v[2]), float64(v[3])
		// The conversions round each square, so that no compiler fuses
		// it with the addition.
		a, b, c, d = a+float64(x0*x0), b+float64(x1*x1), c+float64(x2*x2), d+float64(x3*x3)
	}
	acc[0], acc[1], acc[2], acc[3] = a, b, c, d
}

// lpRow4Abs is lpRow4Square with absolute values (Lp of order 1).
func lpRow4Abs(acc *[4]float64, p unsafe.Pointer, n, step int) {
	a, b, c, d := acc[0], acc[1], acc[2], acc[3]
	for l := range n {
		v := (*[4]float32)(unsafe.Add(p, 16*l*step))
		a += math.Abs(float64(v[0]))
		b += math.Abs(float64(v[1]))
		c += math.Abs(float64(v[2]))
		d += math.Abs(float64(v[3]))
	}
	acc[0], acc[1], acc[2], acc[3] = a, b, c, d
}
