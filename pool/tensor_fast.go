package pool

import "unsafe"

// The float32 fast paths. The general kernels in tensor.go visit each
// window's cells one by one, with a bounds check per cell; these handle the
// CNN windows (2x2 and 3x3 at stride 2, 3x3 and 5x5 at stride 1, any size
// with van Herk/Gil-Werman) with straight loops over whole planes. In wasm a
// bounds check, a call or a jump between Go's basic blocks costs about as
// much as the comparison it guards, so the loops walk the plane through
// unsafe pointers, over buffers sized before the loop starts. Where
// vectorsRun, the passes run on 128-bit vectors (the *_simd.go files), four
// outputs per instruction, with the same bits as the portable passes; in
// wasm, max over a plane without NaN takes f32x4.pmax instead
// (tensor_pmax_wasm.go).

// planeKernel pools one plane: dst gets the output, idx (nil when no indices
// are asked for) the flat input index of each output.
type planeKernel func(dst []float32, idx []int32, src []float32)

// tensorPlaneKernel returns the fastest kernel for op over planes of geometry
// g, the way run picks a picture kernel: a fast path whose preconditions hold,
// or the general kernel, which handles everything. The fast paths compute no
// indices; asking for them takes the general kernel. The returned kernel
// keeps its buffers, taken from s, from plane to plane, and must not be
// shared between goroutines nor used once s is handed to another kernel.
func tensorPlaneKernel(op Op, p float64, g *Geometry, withIndices bool, s *tensorScratch) planeKernel {
	if !withIndices && regularAxis(&g.H) && regularAxis(&g.W) {
		switch op {
		case Max, Min:
			newExtremeTensor(g, op == Min, s)
			if s.extPlane == nil {
				s.extPlane = s.ext.plane
			}
			return s.extPlane
		case Avg:
			newAvgTensor(g, s)
			if s.avgPlane == nil {
				s.avgPlane = s.avg.plane
			}
			return s.avgPlane
		}
	}
	switch op {
	case Max, Min:
		isMin := op == Min
		return func(dst []float32, idx []int32, src []float32) { extremePlane(dst, idx, src, g, isMin) }
	case Avg:
		return func(dst []float32, _ []int32, src []float32) { avgPlane(dst, src, g) }
	default:
		return func(dst []float32, _ []int32, src []float32) { lpPlane(dst, src, g, p) }
	}
}

// tensorScratch holds the buffers of the float32 fast paths, kept from call
// to call in tensorScratches: a band of a large plane takes up to a MiB,
// which every call of a loop would otherwise leave to the collector.
type tensorScratch struct {
	padded, hrows, pre, suf, divs []float32
	// g is the plane geometry the kernel reads, here rather than on the
	// heap by itself.
	g Geometry
	// The kernels themselves, with their plane methods bound once: a
	// kernel and its method value made anew were two of a tiny call's
	// allocations.
	ext      extremeTensor
	avg      avgTensor
	extPlane planeKernel
	avgPlane planeKernel
}

var tensorScratches scratchPool[tensorScratch]

// globalMeans returns, for an average whose one window covers the whole
// plane (a CNN's global average pooling), a kernel that writes the mean of
// each of dst's planes of cells values in src, or nil. It takes every plane
// at once: each plane's sum is one chain of additions (see sumRowMajor), so
// the planes are summed eight at a time, whose chains the engine overlaps
// (in wasm, two to a vector: tensor_means_wasm.s).
func globalMeans(op Op, g *Geometry, withIndices bool) func(dst, src []float32, cells int) {
	if withIndices || op != Avg || !regularAxis(&g.H) || !regularAxis(&g.W) || !globalWindow(g) {
		return nil
	}
	div := float32(g.H.Windows[0].Divisor * g.W.Windows[0].Divisor)
	means := means8RowMajor
	if vec := vectorMeans8(g.H.In * g.W.In); vectorsRun && vec != nil {
		means = vec
	}
	return func(dst, src []float32, cells int) {
		p := len(dst) / 8 * 8
		if p > 0 {
			means(ptr(dst), ptr(src[:p*cells]), p/8, cells, div)
		}
		for ; p < len(dst); p++ {
			dst[p] = sumRowMajor(src[p*cells:(p+1)*cells]) / div
		}
	}
}

// regularAxis reports whether every window of a is the part inside the input
// of Kernel consecutive cells starting at Start(o): what the fast paths
// assume when they read a padded row at o*Stride. Resolve's axes are, with
// dilation 1, whatever the padding (asymmetric too) and ceil mode.
func regularAxis(a *Axis) bool {
	if a.Dilation != 1 || a.Out < 1 || len(a.Windows) != a.Out || a.Kernel < 1 || a.Stride < 1 {
		return false
	}
	for o, w := range a.Windows {
		s := a.Start(o)
		first, end := max(s, 0), min(s+a.Kernel, a.In)
		if w.First != first || w.Count != end-first || w.Count < 1 {
			return false
		}
	}
	return true
}

// globalWindow reports whether g has one window, covering the whole plane.
func globalWindow(g *Geometry) bool {
	return g.H.Out == 1 && g.W.Out == 1 && g.H.Windows[0].Count == g.H.In && g.W.Windows[0].Count == g.W.In
}

// f32 returns the float32 at p + 4*i.
func f32(p unsafe.Pointer, i int) float32 { return *(*float32)(unsafe.Add(p, 4*i)) }

// setF32 stores v at p + 4*i.
func setF32(p unsafe.Pointer, i int, v float32) { *(*float32)(unsafe.Add(p, 4*i)) = v }

// ptr returns the address of s[0]; s must not be empty.
func ptr(s []float32) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(s)) }
