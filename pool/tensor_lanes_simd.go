//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"math"
	"runtime"
	"unsafe"

	"simd/archsimd"
)

// The lane kernels pool four planes at once, one per lane of a 128-bit
// vector: the families whose windows have no fast path of their own (3-D
// pooling, Lp, adaptive pooling, dilation) visit each window's cells one by
// one, and a vector visits the same cell of four planes in one instruction.
// The four planes are first interleaved (cell c of plane j at 4c+j), so that
// a cell's four values are one vector, and the outputs are taken apart the
// same way. Each lane is its own plane, folded in the general kernels' order
// (depth, rows, columns) by their rule, so every output has their bits:
// PyTorch's float32 summation order, NaN wins a max and the first of equal
// extremes stays.

// lanesUpTo is the largest plane the lane kernels take: their interleaved
// copy of four planes (16 bytes a cell) then stays within a few MiB.
const lanesUpTo = 1 << 18

// planeLaneScratch holds the interleaved input and output of four planes, kept
// from call to call.
type planeLaneScratch struct{ in, out []float32 }

var planeLaneScratches scratchPool[planeLaneScratch]

// poolLanes pools planes planes of src (each of the cells of axes, depth
// first; a missing leading axis is unitAxis) into dst with kind, four planes
// at a time, and reports whether it did: it declines planes over lanesUpTo
// cells, which the general kernels then pool.
func poolLanes(dst, src []float32, planes int, axes *[3]Axis, kind laneKind, p float64) bool {
	if !vectorsRun {
		return false
	}
	inCells := axes[0].In * axes[1].In * axes[2].In
	outCells := axes[0].Out * axes[1].Out * axes[2].Out
	if inCells > lanesUpTo || outCells > lanesUpTo || planes*inCells != len(src) || planes*outCells != len(dst) {
		return false
	}
	s := planeLaneScratches.get()
	defer planeLaneScratches.put(s)
	s.in = grow(s.in, 4*inCells)
	s.out = grow(s.out, 4*outCells)
	in, out := ptr(s.in), ptr(s.out)
	for p0 := 0; p0 < planes; p0 += 4 {
		n := min(4, planes-p0)
		interleave4(in, src[p0*inCells:(p0+n)*inCells], n, inCells)
		clearUpper()
		switch kind {
		case laneMax:
			maxLanes(out, in, axes)
		case laneMin:
			minLanes(out, in, axes)
		case laneAvg:
			avgLanes(out, in, axes)
		case laneAdaptiveAvg:
			adaptiveAvgLanes(out, in, axes)
		default:
			lpLanes(out, in, axes, p)
		}
		deinterleave4(dst[p0*outCells:(p0+n)*outCells], out, n, outCells)
	}
	return true
}

// interleave4 writes the n planes of cells values in src to dst, cell c of
// plane j at 4c+j; the lanes of missing planes get zeros.
func interleave4(dst unsafe.Pointer, src []float32, n, cells int) {
	if runtime.GOARCH == "wasm" && n == 4 {
		// In wasm a 4x4 block is turned by lane moves, four times as fast
		// as the scalar copies; on amd64 those moves are the slow ones.
		p0, p1, p2, p3 := ptr(src), ptr(src[cells:]), ptr(src[2*cells:]), ptr(src[3*cells:])
		c := 0
		for ; c+4 <= cells; c += 4 {
			transpose4(unsafe.Add(dst, 16*c), 16, load4(p0, c), load4(p1, c), load4(p2, c), load4(p3, c))
		}
		for ; c < cells; c++ {
			q := unsafe.Add(dst, 16*c)
			setF32(q, 0, f32(p0, c))
			setF32(q, 1, f32(p1, c))
			setF32(q, 2, f32(p2, c))
			setF32(q, 3, f32(p3, c))
		}
		return
	}
	for j := range 4 {
		q := unsafe.Add(dst, 4*j)
		if j >= n {
			for c := range cells {
				setF32(q, 4*c, 0)
			}
			continue
		}
		s := ptr(src[j*cells:])
		c := 0
		for ; c+4 <= cells; c += 4 {
			a, b, d, e := f32(s, c), f32(s, c+1), f32(s, c+2), f32(s, c+3)
			setF32(q, 4*c, a)
			setF32(q, 4*c+4, b)
			setF32(q, 4*c+8, d)
			setF32(q, 4*c+12, e)
		}
		for ; c < cells; c++ {
			setF32(q, 4*c, f32(s, c))
		}
	}
}

// deinterleave4 is interleave4 backwards, for the n planes of dst.
func deinterleave4(dst []float32, src unsafe.Pointer, n, cells int) {
	if runtime.GOARCH == "wasm" && n == 4 {
		c := 0
		for ; c+4 <= cells; c += 4 {
			q := unsafe.Add(src, 16*c)
			transpose4(unsafe.Add(ptr(dst), 4*c), 4*cells, load4(q, 0), load4(q, 4), load4(q, 8), load4(q, 12))
		}
		for ; c < cells; c++ {
			q := unsafe.Add(src, 16*c)
			for j := range 4 {
				dst[j*cells+c] = f32(q, j)
			}
		}
		return
	}
	for j := range n {
		q := unsafe.Add(src, 4*j)
		d := ptr(dst[j*cells:])
		c := 0
		for ; c+4 <= cells; c += 4 {
			a, b, e, f := f32(q, 4*c), f32(q, 4*c+4), f32(q, 4*c+8), f32(q, 4*c+12)
			setF32(d, c, a)
			setF32(d, c+1, b)
			setF32(d, c+2, e)
			setF32(d, c+3, f)
		}
		for ; c < cells; c++ {
			setF32(d, c, f32(q, 4*c))
		}
	}
}

// transpose4 stores the 4x4 block whose rows are a, b, c and d by columns:
// column i at dst + i*pitch bytes.
func transpose4(dst unsafe.Pointer, pitch int, a, b, c, d archsimd.Float32x4) {
	archsimd.BroadcastFloat32x4(a.GetElem(0)).SetElem(1, b.GetElem(0)).SetElem(2, c.GetElem(0)).SetElem(3, d.GetElem(0)).
		StoreArray((*[4]float32)(dst))
	archsimd.BroadcastFloat32x4(a.GetElem(1)).SetElem(1, b.GetElem(1)).SetElem(2, c.GetElem(1)).SetElem(3, d.GetElem(1)).
		StoreArray((*[4]float32)(unsafe.Add(dst, pitch)))
	archsimd.BroadcastFloat32x4(a.GetElem(2)).SetElem(1, b.GetElem(2)).SetElem(2, c.GetElem(2)).SetElem(3, d.GetElem(2)).
		StoreArray((*[4]float32)(unsafe.Add(dst, 2*pitch)))
	archsimd.BroadcastFloat32x4(a.GetElem(3)).SetElem(1, b.GetElem(3)).SetElem(2, c.GetElem(3)).SetElem(3, d.GetElem(3)).
		StoreArray((*[4]float32)(unsafe.Add(dst, 3*pitch)))
}

// loadLane returns the vector of four planes' values at cell c.
func loadLane(p unsafe.Pointer, c int) archsimd.Float32x4 {
	return archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(p, 16*c)))
}

// avgLanes is avgVolume on four interleaved planes, a row of windows a call
// of avgWindows4 (in wasm one assembly loop, tensor_lanes_gen_wasm.s).
func avgLanes(dst, src unsafe.Pointer, axes *[3]Axis) {
	h, w := axes[1].In, axes[2].In
	dd, dh, dw := axes[0].Dilation, axes[1].Dilation, axes[2].Dilation
	k := 0
	for _, wz := range axes[0].Windows {
		for _, wy := range axes[1].Windows {
			row := unsafe.Add(src, 16*(wz.First*h+wy.First)*w)
			avgWindows4(unsafe.Add(dst, 16*k), row, axes[2].Windows, wz.Count, 16*h*w*dd, wy.Count, 16*w*dh, 16*dw, wz.Divisor*wy.Divisor)
			k += len(axes[2].Windows)
		}
	}
}

// adaptiveAvgLanes is avgLanes for adaptive averages: each window's sum
// divided by the depth's and the row's divisors and then by its own, as
// adaptiveAvgVolume and adaptiveAvgPlane divide (adaptiveAvgWindows4).
func adaptiveAvgLanes(dst, src unsafe.Pointer, axes *[3]Axis) {
	h, w := axes[1].In, axes[2].In
	k := 0
	for _, wz := range axes[0].Windows {
		for _, wy := range axes[1].Windows {
			row := unsafe.Add(src, 16*(wz.First*h+wy.First)*w)
			adaptiveAvgWindows4(unsafe.Add(dst, 16*k), row, axes[2].Windows, wz.Count, 16*h*w, wy.Count, 16*w, float32(wz.Divisor), float32(wy.Divisor))
			k += len(axes[2].Windows)
		}
	}
}

// lpLanes is lpVolume on four interleaved planes, their four float64 sums
// side by side: for orders 1, 2 and 3 a row of windows a call of
// lpWindows4 (in wasm two sums to a vector, tensor_lanes_gen_wasm.s; on
// amd64, whose archsimd has no 128-bit widening, four scalar sums); any
// other order calls math.Pow a cell.
func lpLanes(dst, src unsafe.Pointer, axes *[3]Axis, p float64) {
	h, w := axes[1].In, axes[2].In
	dd, dh, dw := axes[0].Dilation, axes[1].Dilation, axes[2].Dilation
	pow := lpPower(p)
	k := 0
	for _, wz := range axes[0].Windows {
		for _, wy := range axes[1].Windows {
			if p == 1 || p == 2 || p == 3 {
				row := unsafe.Add(src, 16*(wz.First*h+wy.First)*w)
				lpWindows4(unsafe.Add(dst, 16*k), row, axes[2].Windows, wz.Count, 16*h*w*dd, wy.Count, 16*w*dh, 16*dw, p)
				k += len(axes[2].Windows)
				continue
			}
			for _, wx := range axes[2].Windows {
				var acc [4]float64
				for i, z := 0, wz.First; i < wz.Count; i, z = i+1, z+dd {
					for j, y := 0, wy.First; j < wy.Count; j, y = j+1, y+dh {
						row := unsafe.Add(src, 16*((z*h+y)*w+wx.First))
						for l := range wx.Count {
							v := (*[4]float32)(unsafe.Add(row, 16*l*dw))
							for c := range 4 {
								acc[c] += pow(math.Abs(float64(v[c])))
							}
						}
					}
				}
				o := (*[4]float32)(unsafe.Add(dst, 16*k))
				for c := range 4 {
					o[c] = lpRoot32(acc[c], p)
				}
				k++
			}
		}
	}
}
