package pool

import (
	"math"
	"strconv"
	"unsafe"
)

// AdaptiveWindow returns the input cells [start, end) that output cell i of n
// reads along an axis of length in: start = floor(i*in/n),
// end = ceil((i+1)*in/n), as PyTorch's adaptive pooling.
func AdaptiveWindow(i, in, n int) (start, end int) {
	return i * in / n, ((i+1)*in + n - 1) / n
}

// AdaptivePool pools every plane of t to exactly out cells with PyTorch's
// AdaptiveMaxPool1d/2d/3d or AdaptiveAvgPool1d/2d/3d windows (op Max, Min or
// Avg). out is a Size (2-D) or Dims, whose length is the spatial rank. The
// output may be larger than the input; windows then repeat cells. An average
// to one cell is GlobalPool's mean, as in PyTorch.
func AdaptivePool(t Tensor, op Op, out Extent) (Tensor, error) {
	return AdaptivePoolInto(nil, t, op, out)
}

// AdaptivePoolInto is AdaptivePool writing the values into dst when its
// capacity holds them, else into a new slice, as PoolInto: a loop over
// tensors of one shape allocates no values.
func AdaptivePoolInto(dst []float32, t Tensor, op Op, out Extent) (Tensor, error) {
	res, _, err := adaptivePool(dst, t, op, out, false)
	return res, err
}

// AdaptivePoolIndices is AdaptivePool for Max and Min that also returns the
// flat index within its plane of the cell each output value came from.
func AdaptivePoolIndices(t Tensor, op Op, out Extent) (Tensor, []int32, error) {
	if op != Max && op != Min {
		return Tensor{}, nil, &OptionError{Option: "returnIndices", Value: "true", Rule: `applies to op "max" and "min" only, not "` + op.String() + `"`}
	}
	return adaptivePool(nil, t, op, out, true)
}

// GlobalPool reduces every plane of t to one cell, the global pooling that
// ends ResNet and Inception (ONNX's GlobalMaxPool, GlobalAveragePool and
// GlobalLpPool). g is an Op, which reduces 2-D planes (Lp of order 2), or a
// Global, which names the spatial rank and the order. The result has t's
// rank with every spatial side 1. The average is summed in float64 and
// rounded once; so is the Lp norm.
func GlobalPool(t Tensor, g GlobalSpec) (Tensor, error) {
	return GlobalPoolInto(nil, t, g)
}

// GlobalPoolInto is GlobalPool writing the values into dst when its capacity
// holds them, else into a new slice, as PoolInto: a model's head run again
// and again allocates no values.
func GlobalPoolInto(dst []float32, t Tensor, g GlobalSpec) (Tensor, error) {
	if g == nil {
		return Tensor{}, adaptiveOpError(0, true)
	}
	gl := g.global()
	if gl.Op < Max || gl.Op > Lp {
		return Tensor{}, adaptiveOpError(gl.Op, true)
	}
	if gl.Dims == 0 {
		gl.Dims = 2
	}
	if err := CheckDims(gl.Dims); err != nil {
		return Tensor{}, err
	}
	if gl.P != 0 && gl.Op != Lp {
		return Tensor{}, &OptionError{Option: "p", Value: strconv.FormatFloat(gl.P, 'g', -1, 64), Rule: `applies to op "lp" only, not "` + gl.Op.String() + `"`}
	}
	p := gl.P
	if p == 0 {
		p = 2
	}
	if err := CheckP(p); err != nil {
		return Tensor{}, err
	}
	planes, in, err := t.split(gl.Dims)
	if err != nil {
		return Tensor{}, err
	}
	ones := make(Dims, gl.Dims)
	for i := range ones {
		ones[i] = 1
	}
	out := Tensor{Shape: t.withSpatial(ones), Data: grow(dst, planes)}
	n := in.cells()
	if gl.Op == Lp && globalLpLanes(out.Data, t.Data, planes, n, p) {
		return out, nil
	}
	switch gl.Op {
	case Avg:
		globalMeansF64(out.Data, t.Data, n)
		return out, nil
	case Max, Min:
		globalExtremes(out.Data, t.Data, n, gl.Op == Min)
		return out, nil
	}
	pow := lpPower(p)
	for i := range planes {
		var sum float64
		for _, v := range t.Data[i*n : (i+1)*n] {
			sum += pow(math.Abs(float64(v)))
		}
		out.Data[i] = lpRoot32(sum, p)
	}
	return out, nil
}

// globalExtremesEach is globalExtremes a plane at a time.
func globalExtremesEach(dst, src []float32, n int, isMin bool) {
	if vectorsRun {
		// extremeOf's scalar comparisons after each plane's vector pass
		// wait on dirty upper halves (see clearUpper): global-max of
		// BenchmarkFamilies took 330 µs in place of 57 in a process that
		// had been preempted.
		clearUpper()
	}
	for i := range dst {
		dst[i] = extremeOf(src[i*n:(i+1)*n], isMin)
	}
}

// extremeOf returns the max (or min) of s; a NaN wins, as in the kernels.
func extremeOf(s []float32, isMin bool) float32 {
	if vectorsRun && len(s) >= 8 {
		// It beats the scalar loop from the fewest cells it takes (3.5x
		// natively on 7 x 7 planes; wasm takes every plane in one loop of
		// its own, globalExtremes).
		if m := extremeVec(ptr(s), len(s), isMin); orderFree(m) {
			return m
		}
	}
	return extremeInOrder(s, isMin)
}

// orderFree reports whether m, the max or min of some cells taken in
// another order than theirs, is the one extremeInOrder finds: unless it is
// a zero or a NaN, whose bits depend on the order of the cells.
func orderFree(m float32) bool { return m != 0 && m == m }

// extremeInOrder is extremeOf cell by cell, in order.
func extremeInOrder(s []float32, isMin bool) float32 {
	m := float32(math.Inf(-1))
	if isMin {
		m = float32(math.Inf(1))
	}
	for _, v := range s {
		better := v > m
		if isMin {
			better = v < m
		}
		if better || v != v {
			m = v
		}
	}
	return m
}

func adaptiveOpError(op Op, lp bool) error {
	if lp {
		return &OptionError{Option: "op", Value: strconv.Quote(op.String()), Rule: `must be "max", "avg", "min" or "lp" for global pooling`}
	}
	return &OptionError{Option: "op", Value: strconv.Quote(op.String()), Rule: `must be "max", "avg" or "min" for adaptive pooling`}
}

func adaptivePool(dst []float32, t Tensor, op Op, size Extent, withIndices bool) (Tensor, []int32, error) {
	if op != Max && op != Min && op != Avg {
		return Tensor{}, nil, adaptiveOpError(op, false)
	}
	if size == nil {
		return Tensor{}, nil, &OptionError{Option: "outputSize", Rule: "must be given"}
	}
	out := size.dims()
	if err := checkExtent(size, out); err != nil {
		return Tensor{}, nil, err
	}
	planes, in, err := t.split(len(out))
	if err != nil {
		return Tensor{}, nil, err
	}
	outCells := 1
	for _, n := range out {
		if outCells > math.MaxInt/n {
			outCells = math.MaxInt
			break
		}
		outCells *= n
	}
	if outCells > math.MaxInt/planes || (withIndices && in.cells() > math.MaxInt32) {
		return Tensor{}, nil, &OptionError{Option: "outputSize", Value: extentString(size), Rule: "gives more elements than memory can hold"}
	}
	if op == Avg && outCells == 1 {
		// PyTorch computes this one as the mean of each plane, as GlobalPool.
		res, err := GlobalPoolInto(dst, t, Global{Op: Avg, Dims: len(out)})
		return res, nil, err
	}
	g := NDGeometry{Axes: make([]Axis, len(out))}
	for i := range out {
		g.Axes[i] = adaptiveAxis(in[i], out[i])
	}
	res := Tensor{Shape: t.withSpatial(out), Data: grow(dst, planes*outCells)}
	var idx []int32
	if withIndices {
		idx = make([]int32, len(res.Data))
	}
	if !withIndices && adaptiveLanes(res.Data, t.Data, planes, &g, op) {
		return res, idx, nil
	}
	inCells := in.cells()
	if len(out) == 3 {
		for p := range planes {
			src := t.Data[p*inCells : (p+1)*inCells]
			dst := res.Data[p*outCells : (p+1)*outCells]
			if op == Avg {
				adaptiveAvgVolume(dst, src, &g)
				continue
			}
			var di []int32
			if withIndices {
				di = idx[p*outCells : (p+1)*outCells]
			}
			extremeVolume(dst, di, src, &g, op == Min)
		}
		return res, idx, nil
	}
	pg := plane2D(&g)
	var kernel planeKernel
	if op != Avg {
		// A fast path where the windows are fixed ones, the general kernel
		// otherwise. Averages divide twice here (see adaptiveAvgPlane),
		// unlike the fixed windows' kernels.
		s := tensorScratches.get()
		defer tensorScratches.put(s)
		kernel = tensorPlaneKernel(op, 0, &pg, withIndices, s)
	}
	for p := range planes {
		src := t.Data[p*inCells : (p+1)*inCells]
		dst := res.Data[p*outCells : (p+1)*outCells]
		var di []int32
		if withIndices {
			di = idx[p*outCells : (p+1)*outCells]
		}
		if op == Avg {
			adaptiveAvgPlane(dst, src, &pg)
		} else {
			kernel(dst, di, src)
		}
	}
	return res, idx, nil
}

// CheckDims returns an error unless dims, the spatial rank of a global
// pooling, is 1, 2 or 3. It is the one statement of that rule: GlobalPool
// calls it, and adapters that read an explicit 0 (which Global reads as 2).
func CheckDims(dims int) *OptionError {
	if dims >= 1 && dims <= 3 {
		return nil
	}
	return &OptionError{Option: "dims", Value: strconv.Itoa(dims), Rule: "must be 1, 2 or 3"}
}

// checkExtent checks an output size: one to three sides, each in range.
func checkExtent(e Extent, d Dims) error {
	if len(d) < 1 || len(d) > 3 {
		return &OptionError{Option: "outputSize", Value: extentString(e), Rule: "must have 1, 2 or 3 elements"}
	}
	for _, n := range d {
		if n < 1 || n > MaxSide {
			return &OptionError{Option: "outputSize", Value: extentString(e), Rule: boundRule("each side", n, 1)}
		}
	}
	return nil
}

// extentString prints a Size as "HxW", as 2-D messages always have, and
// Dims as a list.
func extentString(e Extent) string {
	if s, ok := e.(Size); ok {
		return s.String()
	}
	return e.dims().String()
}

// adaptiveAxis expresses adaptive windows as an Axis, so that the fixed-window
// kernels run them unchanged. When out divides in, the windows are the fixed
// ones of kernel and stride in/out, and the axis says so: the float32 fast
// paths then take it.
func adaptiveAxis(in, out int) Axis {
	a := Axis{In: in, Out: out, Kernel: in, Stride: 1, Dilation: 1, Windows: make([]Window, out)}
	if in%out == 0 {
		a.Kernel, a.Stride = in/out, in/out
	}
	for i := range a.Windows {
		s, e := AdaptiveWindow(i, in, out)
		a.Windows[i] = Window{First: s, Count: e - s, Divisor: e - s}
	}
	return a
}

// adaptiveAvgPlane sums each window in float32, in row-major order, and
// divides the sum by the window's height and then by its width: two roundings,
// as PyTorch's CPU kernel (sum / kh / kw), so that the result is equal to the
// last bit. (Dividing first by 1 changes no bit: the sum is never a
// signalling NaN.)
func adaptiveAvgPlane(dst []float32, src []float32, g *Geometry) {
	w := g.W.In
	for oy, wy := range g.H.Windows {
		row := unsafe.Add(ptr(src), 4*wy.First*w)
		adaptiveAvgRow(unsafe.Add(ptr(dst), 4*oy*g.W.Out), row, g.W.Windows, 1, 0, wy.Count, 4*w, 1, float32(wy.Divisor))
	}
}

// adaptiveAvgVolume is adaptiveAvgPlane in 3-D: sum / kd / kh / kw, as
// PyTorch's AdaptiveAvgPool3d.
func adaptiveAvgVolume(dst []float32, src []float32, g *NDGeometry) {
	h, w := g.Axes[1].In, g.Axes[2].In
	k := 0
	for _, wz := range g.Axes[0].Windows {
		for _, wy := range g.Axes[1].Windows {
			row := unsafe.Add(ptr(src), 4*(wz.First*h+wy.First)*w)
			adaptiveAvgRow(unsafe.Add(ptr(dst), 4*k), row, g.Axes[2].Windows, wz.Count, 4*h*w, wy.Count, 4*w, float32(wz.Divisor), float32(wy.Divisor))
			k += len(g.Axes[2].Windows)
		}
	}
}

// adaptiveAvgWindow writes at dst the average over one window of a row of
// windows, as adaptiveAvgRow computes it.
func adaptiveAvgWindow(dst, row unsafe.Pointer, wx Window, depth, dpitch, rows, rpitch int, d1, d2 float32) {
	var sum float32
	for z := range depth {
		sum = sumRows(sum, unsafe.Add(row, z*dpitch+4*wx.First), wx.Count, rows, rpitch/4)
	}
	*(*float32)(dst) = sum / d1 / d2 / float32(wx.Divisor)
}
