package pool

import (
	"math"
	"strconv"
)

// Gradients of the tensor poolings: what torch.autograd gives for the same
// forward call in float32. Max and min send each output's gradient to the
// cell its index names, summed in output order where windows overlap, as
// PyTorch's backward kernels add them; averages add gradient/divisor, that
// quotient rounded to float32 first, again in output order; Lp norms follow
// the derivative of the true norm, summed in float64 and rounded once.

// PoolGrad returns the gradient of the input of Pool(t, o) given gradOutput,
// the gradient of its output (which has the output's shape). The result has
// t's shape. Max and min send each output's gradient to the cell PoolIndices
// names (the first extreme in scan order; a NaN wins); an average spreads
// gradient/divisor over the cells its divisor counts that lie inside the
// input; Lp gives each cell gradient * |x|^(p-1) * sign(x) / norm^(p-1),
// 0 where the norm is 0.
func PoolGrad(t, gradOutput Tensor, o Spec) (Tensor, error) {
	if o == nil {
		return Tensor{}, &OptionError{Option: "op", Rule: "must be given: PoolGrad takes an Options or an NDOptions"}
	}
	planes, nd, opts, err := o.resolveTensor(t.Shape, len(t.Data))
	if err != nil {
		return Tensor{}, err
	}
	if err := checkGradOutput(gradOutput, t.withSpatial(nd.Out())); err != nil {
		return Tensor{}, err
	}
	grad := Tensor{Shape: append([]int(nil), t.Shape...), Data: make([]float32, len(t.Data))}
	switch opts.Op {
	case Max, Min:
		_, idx, err := PoolIndices(t, o)
		if err != nil {
			return Tensor{}, err
		}
		scatterGrad(grad.Data, gradOutput.Data, idx, planes, nd.inCells())
	case Avg:
		avgGrad(grad.Data, gradOutput.Data, planes, &nd, opts.DivisorOverride, false)
	case Lp:
		lpGrad(grad.Data, t.Data, gradOutput.Data, planes, &nd, opts.p())
	}
	return grad, nil
}

// AdaptivePoolGrad returns the gradient of the input of AdaptivePool(t, op,
// out) given gradOutput, the gradient of its output. An average divides
// each output's gradient by the window's sides one after the other
// (gradient / kh / kw, PyTorch's order); an average to one cell is a mean,
// whose gradient is gradient / cells.
func AdaptivePoolGrad(t, gradOutput Tensor, op Op, out Extent) (Tensor, error) {
	if op != Max && op != Min && op != Avg {
		return Tensor{}, adaptiveOpError(op, false)
	}
	if out == nil {
		return Tensor{}, &OptionError{Option: "outputSize", Rule: "must be given"}
	}
	size := out.dims()
	if err := checkExtent(out, size); err != nil {
		return Tensor{}, err
	}
	planes, in, err := t.split(len(size))
	if err != nil {
		return Tensor{}, err
	}
	// The gradient's shape is checked before the forward pass allocates.
	if err := checkGradOutput(gradOutput, t.withSpatial(size)); err != nil {
		return Tensor{}, err
	}
	grad := Tensor{Shape: append([]int(nil), t.Shape...), Data: make([]float32, len(t.Data))}
	if op == Max || op == Min {
		_, idx, err := AdaptivePoolIndices(t, op, out)
		if err != nil {
			return Tensor{}, err
		}
		scatterGrad(grad.Data, gradOutput.Data, idx, planes, in.cells())
		return grad, nil
	}
	if len(gradOutput.Data) == planes {
		meanGrad(grad.Data, gradOutput.Data, in.cells())
		return grad, nil
	}
	g := NDGeometry{Axes: make([]Axis, len(size))}
	for i := range size {
		g.Axes[i] = adaptiveAxis(in[i], size[i])
	}
	avgGrad(grad.Data, gradOutput.Data, planes, &g, 0, true)
	return grad, nil
}

// GlobalPoolGrad returns the gradient of the input of GlobalPool(t, g)
// given gradOutput, the gradient of its output (one cell per plane). Max
// and min send it to the plane's first extreme (a NaN wins), the mean
// spreads gradient / cells.
func GlobalPoolGrad(t, gradOutput Tensor, g GlobalSpec) (Tensor, error) {
	res, err := GlobalPool(t, g)
	if err != nil {
		return Tensor{}, err
	}
	if err := checkGradOutput(gradOutput, res.Shape); err != nil {
		return Tensor{}, err
	}
	gl := g.global()
	planes := len(res.Data)
	n := len(t.Data) / planes
	grad := Tensor{Shape: append([]int(nil), t.Shape...), Data: make([]float32, len(t.Data))}
	switch gl.Op {
	case Max, Min:
		for p := range planes {
			plane := t.Data[p*n : (p+1)*n]
			grad.Data[p*n+extremeIndex(plane, gl.Op == Min)] = gradOutput.Data[p]
		}
	case Avg:
		meanGrad(grad.Data, gradOutput.Data, n)
	case Lp:
		p := gl.P
		if p == 0 {
			p = 2
		}
		axis := Axis{In: n, Out: 1, Kernel: n, Stride: 1, Dilation: 1, Windows: []Window{{First: 0, Count: n, Divisor: n}}}
		lpGrad(grad.Data, t.Data, gradOutput.Data, planes, &NDGeometry{Axes: []Axis{axis}}, p)
	}
	return grad, nil
}

// MaxUnpoolGrad returns the gradient of the input of MaxUnpool(t, indices,
// out) given gradOutput, the gradient of its output: each value's gradient
// is the output gradient at the cell its index names.
func MaxUnpoolGrad(t Tensor, indices []int32, gradOutput Tensor, out Extent) (Tensor, error) {
	u, err := resolveUnpool(t, indices, out)
	if err != nil {
		return Tensor{}, err
	}
	planes, size, inCells, outCells := u.planes, u.size, u.inCells, u.outCells
	if err := checkGradOutput(gradOutput, t.withSpatial(size)); err != nil {
		return Tensor{}, err
	}
	grad := Tensor{Shape: append([]int(nil), t.Shape...), Data: make([]float32, len(t.Data))}
	for p := range planes {
		src := gradOutput.Data[p*outCells : (p+1)*outCells]
		for i := p * inCells; i < (p+1)*inCells; i++ {
			at := indices[i]
			if at < 0 || int(at) >= outCells {
				return Tensor{}, u.indexError(at)
			}
			grad.Data[i] = src[at]
		}
	}
	return grad, nil
}

// checkGradOutput checks that g has the forward output's shape and that its
// data fills that shape.
func checkGradOutput(g Tensor, want []int) error {
	same := len(g.Shape) == len(want)
	for i := 0; same && i < len(want); i++ {
		same = g.Shape[i] == want[i]
	}
	if !same {
		return &OptionError{Option: "gradOutput", Value: "shape " + shapeString(g.Shape), Rule: "must be the forward output's shape " + shapeString(want)}
	}
	n := 1
	for _, d := range want {
		n *= d
	}
	if len(g.Data) != n {
		return &OptionError{Option: "gradOutput", Value: "length " + strconv.Itoa(len(g.Data)),
			Rule: "must match shape " + shapeString(want) + " (" + strconv.Itoa(n) + " elements)"}
	}
	return nil
}

// scatterGrad adds each output gradient to the input cell its plane index
// names, in output order.
func scatterGrad(dst, gradOut []float32, idx []int32, planes, inCells int) {
	outCells := len(gradOut) / max(planes, 1)
	for p := range planes {
		in := dst[p*inCells : (p+1)*inCells]
		for k, at := range idx[p*outCells : (p+1)*outCells] {
			in[at] += gradOut[p*outCells+k]
		}
	}
}

// avgGrad adds each output's gradient over its divisor to the cells of its
// window, in output order. override replaces the divisor; adaptive divides
// by the window's sides one at a time, as PyTorch's adaptive kernels do.
func avgGrad(dst, gradOut []float32, planes int, g *NDGeometry, override int, adaptive bool) {
	c := newCellLists(g)
	inCells := g.inCells()
	outCells := len(gradOut) / max(planes, 1)
	for p := range planes {
		in := dst[p*inCells : (p+1)*inCells]
		gout := gradOut[p*outCells : (p+1)*outCells]
		k := 0
		for jz, cz := range c.cells[0] {
			for jy, cy := range c.cells[1] {
				for jx, cx := range c.cells[2] {
					delta := gout[k]
					k++
					dz, dy, dx := c.win[0][jz].Divisor, c.win[1][jy].Divisor, c.win[2][jx].Divisor
					switch {
					case override != 0:
						delta /= float32(override)
					case adaptive:
						// The unit axes a lower rank adds divide by 1, exactly.
						delta = delta / float32(dz) / float32(dy) / float32(dx)
					default:
						delta /= float32(dz * dy * dx)
					}
					for _, oz := range cz {
						for _, oy := range cy {
							row := in[oz+oy:]
							for _, ox := range cx {
								row[ox] += delta
							}
						}
					}
				}
			}
		}
	}
}

// meanGrad spreads each plane's gradient evenly over its n cells: the
// gradient of a mean, gradient / n.
func meanGrad(dst, gradOut []float32, n int) {
	for p, v := range gradOut {
		d := v / float32(n)
		for i := p * n; i < (p+1)*n; i++ {
			dst[i] = d
		}
	}
}

// lpGrad adds each output's gradient times the derivative of its window's
// norm to the window's cells, in float64, and rounds every cell once.
func lpGrad(dst, src, gradOut []float32, planes int, g *NDGeometry, p float64) {
	c := newCellLists(g)
	inCells := g.inCells()
	outCells := len(gradOut) / max(planes, 1)
	pow := lpPower(p)
	acc := make([]float64, inCells)
	for pl := range planes {
		in := src[pl*inCells : (pl+1)*inCells]
		gout := gradOut[pl*outCells : (pl+1)*outCells]
		clear(acc)
		k := 0
		for _, cz := range c.cells[0] {
			for _, cy := range c.cells[1] {
				for _, cx := range c.cells[2] {
					var sum float64
					for _, oz := range cz {
						for _, oy := range cy {
							for _, ox := range cx {
								sum += pow(math.Abs(float64(in[oz+oy+ox])))
							}
						}
					}
					gk := gout[k]
					k++
					norm := lpRoot(sum, p)
					if norm == 0 {
						continue
					}
					// d norm / d x = |x|^(p-1) sign(x) / norm^(p-1)
					scale := float64(gk) / math.Pow(norm, p-1)
					for _, oz := range cz {
						for _, oy := range cy {
							for _, ox := range cx {
								i := oz + oy + ox
								x := float64(in[i])
								if x == 0 {
									continue
								}
								d := lpDerivative(math.Abs(x), p) * scale
								if x < 0 {
									d = -d
								}
								acc[i] += d
							}
						}
					}
				}
			}
		}
		out := dst[pl*inCells : (pl+1)*inCells]
		for i, v := range acc {
			out[i] = float32(v)
		}
	}
}

// lpDerivative returns x^(p-1), exact for the common orders.
func lpDerivative(x, p float64) float64 {
	switch p {
	case 1:
		return 1
	case 2:
		return x
	}
	return math.Pow(x, p-1)
}

// extremeIndex returns the index of s's first max (or min); a NaN wins, and
// a later NaN replaces an earlier one, as in the kernels.
func extremeIndex(s []float32, isMin bool) int {
	m := float32(math.Inf(-1))
	if isMin {
		m = float32(math.Inf(1))
	}
	at := 0
	for i, v := range s {
		better := v > m
		if isMin {
			better = v < m
		}
		if better || v != v {
			m, at = v, i
		}
	}
	return at
}
