package pool

// The lane kernels (tensor_lanes_simd.go) pool four planes at once, one per
// lane of a 128-bit vector, for the families whose windows have no fast path
// of their own: 3-D pooling, Lp, adaptive pooling, and dilation. This file
// says which poolings they take; where the vector kernels are not built,
// poolLanes declines and the general kernels pool every plane.

// laneKind is what the lane kernels compute over each window.
type laneKind uint8

const (
	laneMax laneKind = iota
	laneMin
	// laneAvg divides each window's float32 sum once by the product of its
	// divisors (AvgPool).
	laneAvg
	// laneLp sums |x|^p in float64 and rounds the root once (LPPool).
	laneLp
	// laneAdaptiveAvg divides each window's float32 sum by each of its
	// divisors in turn, depth, row and column (AdaptiveAvgPool).
	laneAdaptiveAvg
)

// tensorLanes pools with the lane kernels what Pool gives them (every 3-D
// pooling, every Lp, and the windows of the other ranks that no fast path
// takes: dilated ones), and reports whether it did.
func tensorLanes(dst, src []float32, planes int, g *NDGeometry, o *NDOptions) bool {
	if len(g.Axes) < 3 && o.Op != Lp && regularAxis(&g.Axes[0]) && regularAxis(&g.Axes[len(g.Axes)-1]) {
		return false
	}
	kind := [...]laneKind{Max: laneMax, Min: laneMin, Avg: laneAvg, Lp: laneLp}[o.Op]
	axes := laneAxes(g.Axes)
	return poolLanes(dst, src, planes, &axes, kind, o.p())
}

// adaptiveLanes is tensorLanes for AdaptivePool.
func adaptiveLanes(dst, src []float32, planes int, g *NDGeometry, op Op) bool {
	kind := [...]laneKind{Max: laneMax, Min: laneMin, Avg: laneAdaptiveAvg}[op]
	axes := laneAxes(g.Axes)
	return poolLanes(dst, src, planes, &axes, kind, 0)
}

// globalLpLanes is tensorLanes for GlobalPool's Lp norm over planes of
// cells values: one window over the whole plane, read as a line.
func globalLpLanes(dst, src []float32, planes, cells int, p float64) bool {
	axes := [3]Axis{unitAxis(), unitAxis(), {In: cells, Out: 1, Kernel: cells, Stride: 1, Dilation: 1,
		Windows: []Window{{First: 0, Count: cells, Divisor: cells}}}}
	return poolLanes(dst, src, planes, &axes, laneLp, p)
}

// laneAxes returns the axes of a (1, 2 or 3 of them) as three, the missing
// leading ones a single cell.
func laneAxes(a []Axis) [3]Axis {
	var axes [3]Axis
	for i := range 3 - len(a) {
		axes[i] = unitAxis()
	}
	copy(axes[3-len(a):], a)
	return axes
}
