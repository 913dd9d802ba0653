package pool

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// FractionalOptions describes a fractional max pooling (Graham's, as
// PyTorch's FractionalMaxPool2d/3d): windows of a fixed Kernel whose starts
// advance by a fractional step, placed by one pseudo-random sample per
// plane and axis.
type FractionalOptions struct {
	// Kernel is the window size along each axis; its length, 2 or 3, is the
	// spatial rank.
	Kernel []int
	// OutputSize is the output's spatial size, one entry per axis; it and
	// OutputRatio are exclusive, one of them is required.
	OutputSize []int
	// OutputRatio gives the output size floor(in * ratio) per axis, each
	// ratio in (0, 1).
	OutputRatio []float64
	// Samples holds planes * rank values in [0, 1), laid out as PyTorch's
	// _random_samples [N, C, rank] (in 2-D the first of a plane's pair
	// places the columns, the second the rows; in 3-D they go depth, rows,
	// columns). With them the result is PyTorch's bit for bit. nil draws
	// them at random for each call; an empty list is one of the wrong
	// length.
	Samples []float32
}

// FractionalMaxPool pools every plane of t (shapes [N, C, H, W], [C, H, W],
// or their 3-D forms) with o, and returns the output and, for every output
// value, the flat index of its cell within its input plane. Ties go to the
// first cell in row-major order and a NaN wins, as in PyTorch.
func FractionalMaxPool(t Tensor, o FractionalOptions) (Tensor, []int32, error) {
	f, err := o.resolve(t)
	if err != nil {
		return Tensor{}, nil, err
	}
	out := Tensor{Shape: t.withSpatial(f.out), Data: make([]float32, f.planes*f.out.cells())}
	idx := make([]int32, len(out.Data))
	inCells, outCells := f.in.cells(), f.out.cells()
	f.each(func(p int, g *NDGeometry) {
		src := t.Data[p*inCells : (p+1)*inCells]
		dst, di := out.Data[p*outCells:(p+1)*outCells], idx[p*outCells:(p+1)*outCells]
		c := newCellLists(g)
		k := 0
		for _, cz := range c.cells[0] {
			for _, cy := range c.cells[1] {
				for _, cx := range c.cells[2] {
					// PyTorch's index before any cell beats -inf is the
					// window's first.
					m, at := float32(math.Inf(-1)), cz[0]+cy[0]+cx[0]
					for _, oz := range cz {
						for _, oy := range cy {
							row := oz + oy
							for _, ox := range cx {
								if v := src[row+ox]; v > m || v != v {
									m, at = v, row+ox
								}
							}
						}
					}
					dst[k], di[k] = m, int32(at)
					k++
				}
			}
		}
	})
	return out, idx, nil
}

// FractionalMaxPoolGrad returns the gradient of the input of
// FractionalMaxPool(t, o) given gradOutput, the gradient of its output:
// each output's gradient goes to the cell its index names, summed where
// windows overlap. o.Samples must be the forward call's.
func FractionalMaxPoolGrad(t, gradOutput Tensor, o FractionalOptions) (Tensor, error) {
	if o.Samples == nil {
		return Tensor{}, &OptionError{Option: "samples", Rule: "must be given: the gradient needs the samples of the forward call"}
	}
	out, idx, err := FractionalMaxPool(t, o)
	if err != nil {
		return Tensor{}, err
	}
	if err := checkGradOutput(gradOutput, out.Shape); err != nil {
		return Tensor{}, err
	}
	grad := Tensor{Shape: append([]int(nil), t.Shape...), Data: make([]float32, len(t.Data))}
	planes := len(t.Data) / max(Dims(t.Shape[len(t.Shape)-len(o.Kernel):]).cells(), 1)
	scatterGrad(grad.Data, gradOutput.Data, idx, planes, len(t.Data)/planes)
	return grad, nil
}

// fractional is a resolved fractional pooling.
type fractional struct {
	o       FractionalOptions
	planes  int
	in, out Dims
	samples []float32
}

func (o FractionalOptions) resolve(t Tensor) (fractional, error) {
	r := len(o.Kernel)
	if r != 2 && r != 3 {
		return fractional{}, &OptionError{Option: "kernel", Value: Dims(o.Kernel).String(), Rule: "must have 2 or 3 elements for fractional max pooling"}
	}
	planes, in, err := t.split(r)
	if err != nil {
		return fractional{}, err
	}
	for _, k := range o.Kernel {
		if k < 1 || k > MaxSide {
			return fractional{}, &OptionError{Option: "kernel", Value: Dims(o.Kernel).String(), Rule: boundRule("each", k, 1)}
		}
	}
	out := make(Dims, r)
	switch {
	case len(o.OutputSize) != 0 && len(o.OutputRatio) != 0:
		return fractional{}, &OptionError{Option: "outputRatio", Rule: "cannot be combined with outputSize"}
	case len(o.OutputSize) != 0:
		if len(o.OutputSize) != r {
			return fractional{}, &OptionError{Option: "outputSize", Value: Dims(o.OutputSize).String(), Rule: "must have " + strconv.Itoa(r) + " elements, one per axis of kernel " + Dims(o.Kernel).String()}
		}
		copy(out, o.OutputSize)
	case len(o.OutputRatio) != 0:
		if len(o.OutputRatio) != r {
			return fractional{}, &OptionError{Option: "outputRatio", Value: floatsString(o.OutputRatio), Rule: "must have " + strconv.Itoa(r) + " elements, one per axis of kernel " + Dims(o.Kernel).String()}
		}
		for i, ratio := range o.OutputRatio {
			if !(ratio > 0 && ratio < 1) {
				return fractional{}, &OptionError{Option: "outputRatio", Value: floatsString(o.OutputRatio), Rule: "each must lie in (0, 1)"}
			}
			out[i] = int(float64(in[i]) * ratio)
		}
	default:
		return fractional{}, &OptionError{Option: "outputSize", Rule: "must be given (or outputRatio)"}
	}
	for i, n := range out {
		if n < 1 {
			return fractional{}, &OptionError{Option: "outputSize", Value: out.String(), Rule: "each side must be at least 1"}
		}
		if k := o.Kernel[i]; k > in[i] || n > in[i]-k+1 {
			return fractional{}, &OptionError{Option: "outputSize", Value: out.String(),
				Rule: "with kernel " + Dims(o.Kernel).String() + " and input " + in.String() + " must be at most input - kernel + 1 on each axis"}
		}
	}
	samples := o.Samples
	if samples == nil {
		samples = make([]float32, planes*r)
		for i := range samples {
			samples[i] = rand.Float32()
		}
	}
	if len(samples) != planes*r {
		return fractional{}, &OptionError{Option: "samples", Value: "length " + strconv.Itoa(len(samples)),
			Rule: "must hold " + strconv.Itoa(r) + " per plane (" + strconv.Itoa(planes*r) + " for shape " + shapeString(t.Shape) + ")"}
	}
	for i, s := range samples {
		if !(s >= 0 && s < 1) {
			return fractional{}, &OptionError{Option: "samples", Value: strconv.FormatFloat(float64(s), 'g', -1, 32) + " at " + strconv.Itoa(i), Rule: "each must lie in [0, 1)"}
		}
	}
	return fractional{o: o, planes: planes, in: in, out: out, samples: samples}, nil
}

// each calls f with every plane's windows, placed by its samples.
func (f fractional) each(fn func(p int, g *NDGeometry)) {
	r := len(f.in)
	g := NDGeometry{Axes: make([]Axis, r)}
	for i := range r {
		g.Axes[i] = Axis{In: f.in[i], Out: f.out[i], Kernel: f.o.Kernel[i], Stride: 1, Dilation: 1, Windows: make([]Window, f.out[i])}
	}
	for p := range f.planes {
		s := f.samples[p*r : (p+1)*r]
		for i := range r {
			// PyTorch's 2-D kernel reads the pair as (columns, rows).
			sample := s[i]
			if r == 2 {
				sample = s[1-i]
			}
			fractionalWindows(g.Axes[i].Windows, sample, f.in[i], f.o.Kernel[i])
		}
		fn(p, &g)
	}
}

// fractionalWindows places len(w) windows of k cells over in cells with
// PyTorch's intervals, in float32 as its kernel computes them:
// start(i) = int((i + u) * alpha) - int(u * alpha), alpha =
// (in - k) / (out - 1), and the last window ends at the input's end.
func fractionalWindows(w []Window, u float32, in, k int) {
	n := len(w)
	if n > 1 {
		alpha := float32(in-k) / float32(n-1)
		base := int(float32(u * alpha))
		for i := range n - 1 {
			w[i] = Window{First: int(float32(float32(float32(i)+u)*alpha)) - base, Count: k, Divisor: k}
		}
	}
	w[n-1] = Window{First: in - k, Count: k, Divisor: k}
}

func floatsString(v []float64) string {
	b := []byte{'['}
	for i, f := range v {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendFloat(b, f, 'g', -1, 64)
	}
	return string(append(b, ']'))
}
