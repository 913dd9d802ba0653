//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// avgWindows4 writes to dst, four floats an output, the averages of four
// interleaved planes over the windows wins of a row of windows, laid out as
// lpWindows4's, each sum divided by div times the window's Divisor. Four
// windows of one size are summed side by side (sumQuad), four chains of
// additions for the processor to overlap where one waits on each addition
// before the next.
func avgWindows4(dst, src unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch, step, div int) {
	mean := func(i int, sum archsimd.Float32x4) {
		sum = sum.Div(archsimd.BroadcastFloat32x4(float32(div * wins[i].Divisor)))
		sum.StoreArray((*[4]float32)(unsafe.Add(dst, 16*i)))
	}
	for i := 0; i < len(wins); i++ {
		if n := wins[i].Count; i+4 <= len(wins) && wins[i+1].Count == n && wins[i+2].Count == n && wins[i+3].Count == n {
			a, b, c, d := sumQuad(src, &wins[i], depth, dpitch, rows, rpitch, step)
			mean(i, a)
			mean(i+1, b)
			mean(i+2, c)
			mean(i+3, d)
			i += 3
			continue
		}
		mean(i, sumWindow4(src, wins[i], depth, dpitch, rows, rpitch, step))
	}
}

// sumQuad returns sumWindow4 of the four windows from w on, all of w's
// Count, each in its own order.
func sumQuad(src unsafe.Pointer, w *Window, depth, dpitch, rows, rpitch, step int) (a, b, c, d archsimd.Float32x4) {
	ws := (*[4]Window)(unsafe.Pointer(w))
	n := ws[0].Count
	for z := range depth {
		for y := range rows {
			row := unsafe.Add(src, z*dpitch+y*rpitch)
			p0, p1 := unsafe.Add(row, 16*ws[0].First), unsafe.Add(row, 16*ws[1].First)
			p2, p3 := unsafe.Add(row, 16*ws[2].First), unsafe.Add(row, 16*ws[3].First)
			for l := range n {
				o := l * step / 16
				a, b = a.Add(loadLane(p0, o)), b.Add(loadLane(p1, o))
				c, d = c.Add(loadLane(p2, o)), d.Add(loadLane(p3, o))
			}
		}
	}
	return a, b, c, d
}

// sumWindow4 returns the float32 sums from +0 of the four interleaved planes
// over the window wx of a row of windows, in avgVolume's order.
func sumWindow4(src unsafe.Pointer, wx Window, depth, dpitch, rows, rpitch, step int) archsimd.Float32x4 {
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
	return sum
}

// adaptiveAvgWindows4 writes to dst, four floats an output, the adaptive
// averages of four interleaved planes over the windows wins of a row of
// windows, laid out as lpWindows4's with cells 16 bytes apart, each sum
// divided by d1, by d2 and by the window's Divisor. Two windows of one size
// are summed side by side, two chains of additions, not one, for the
// processor to overlap.
func adaptiveAvgWindows4(dst, src unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch int, d1, d2 float32) {
	f1, f2 := archsimd.BroadcastFloat32x4(d1), archsimd.BroadcastFloat32x4(d2)
	mean := func(i int, sum archsimd.Float32x4) {
		sum = sum.Div(f1).Div(f2).Div(archsimd.BroadcastFloat32x4(float32(wins[i].Divisor)))
		sum.StoreArray((*[4]float32)(unsafe.Add(dst, 16*i)))
	}
	for i := 0; i < len(wins); i++ {
		a := wins[i]
		if i+1 == len(wins) || wins[i+1].Count != a.Count {
			mean(i, sumWindow4(src, a, depth, dpitch, rows, rpitch, 16))
			continue
		}
		var sa, sb archsimd.Float32x4
		for z := range depth {
			for y := range rows {
				p := unsafe.Add(src, z*dpitch+y*rpitch+16*a.First)
				q := unsafe.Add(src, z*dpitch+y*rpitch+16*wins[i+1].First)
				for l := range a.Count {
					sa, sb = sa.Add(loadLane(p, l)), sb.Add(loadLane(q, l))
				}
			}
		}
		mean(i, sa)
		mean(i+1, sb)
		i++
	}
}

// lpWindows4 writes to dst, four floats an output, the norms of order p
// (1, 2 or 3) of four interleaved planes over the windows wins of a row of
// windows: src is the first cell of the row of their first depth and row;
// each window sums depth x rows x its Count cells, dpitch, rpitch and step
// bytes apart, in lpVolume's order. The sums are 256-bit vectors; order 3's
// come back in float64 for cbrt4, a chunk of windows at a time, after the
// vector registers' upper halves are cleared (Go's scalar float code is SSE
// instructions, which would each wait on them).
func lpWindows4(dst, src unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch, step int, p float64) {
	// The order as an integer, taken before any vector: a comparison of p
	// in the loops would be an SSE instruction too.
	order := int(p)
	sums := func(wx Window) archsimd.Float64x4 {
		var acc archsimd.Float64x4
		for z := range depth {
			for y := range rows {
				row := unsafe.Add(src, z*dpitch+y*rpitch+16*wx.First)
				switch order {
				case 2:
					acc = lpRow4Square(acc, row, wx.Count, step/16)
				case 1:
					acc = lpRow4Abs(acc, row, wx.Count, step/16)
				default:
					acc = lpRow4Cube(acc, row, wx.Count, step/16)
				}
			}
		}
		return acc
	}
	clearUpper()
	switch order {
	case 2:
		for i, wx := range wins {
			store4(dst, 4*i, sums(wx).Sqrt().ConvertToFloat32())
		}
	case 1:
		for i, wx := range wins {
			store4(dst, 4*i, sums(wx).ConvertToFloat32())
		}
	default:
		var chunk [64][4]float64
		for first := 0; first < len(wins); first += len(chunk) {
			n := min(len(wins)-first, len(chunk))
			for i, wx := range wins[first : first+n] {
				sums(wx).StoreArray(&chunk[i])
			}
			clearUpper()
			// Each output's address from dst: a pointer advanced past the
			// last chunk would point past the allocation.
			for i := range n {
				cbrt4((*[4]float32)(unsafe.Add(dst, 16*(first+i))), &chunk[i])
			}
		}
	}
	clearUpper()
}
