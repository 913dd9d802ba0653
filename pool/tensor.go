package pool

import (
	"math"
	"strconv"
)

// Tensor is a dense float32 tensor in row-major order. Pooling takes the
// shapes [N, C, H, W], [C, H, W] and [H, W] and pools every H x W plane.
type Tensor struct {
	Shape []int
	Data  []float32
}

// planes checks t's shape against its data and returns the number of planes
// and the plane size.
func (t Tensor) planes() (n int, hw Size, err error) {
	if r := len(t.Shape); r < 2 || r > 4 {
		return 0, Size{}, &OptionError{Option: "shape", Value: shapeString(t.Shape), Rule: "must have 2, 3 or 4 dimensions ([H, W], [C, H, W] or [N, C, H, W])"}
	}
	total := 1
	for _, d := range t.Shape {
		if d < 1 || d > MaxSide {
			return 0, Size{}, &OptionError{Option: "shape", Value: shapeString(t.Shape), Rule: "every dimension must be between 1 and " + strconv.Itoa(MaxSide)}
		}
		if total > math.MaxInt/d {
			return 0, Size{}, &OptionError{Option: "shape", Value: shapeString(t.Shape), Rule: "has more elements than memory can hold"}
		}
		total *= d
	}
	if total != len(t.Data) {
		return 0, Size{}, &OptionError{Option: "data", Value: "length " + strconv.Itoa(len(t.Data)),
			Rule: "must match shape " + shapeString(t.Shape) + " (" + strconv.Itoa(total) + " elements)"}
	}
	r := len(t.Shape)
	hw = Size{t.Shape[r-2], t.Shape[r-1]}
	return total / (hw.H * hw.W), hw, nil
}

// outShape returns t's shape with the plane size replaced by out.
func (t Tensor) outShape(out Size) []int {
	s := append([]int(nil), t.Shape...)
	s[len(s)-2], s[len(s)-1] = out.H, out.W
	return s
}

func shapeString(s []int) string {
	b := []byte{'['}
	for i, d := range s {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(d), 10)
	}
	return string(append(b, ']'))
}

// Pool pools every plane of t with o, with the semantics of PyTorch's
// MaxPool2d, AvgPool2d and LPPool2d (see the package documentation for
// SAME padding, min and the Lp norm).
func Pool(t Tensor, o Options) (Tensor, error) {
	out, _, err := poolTensor(t, o, false)
	return out, err
}

// PoolIndices is Pool for max and min that also returns, for every output
// value, the flat index h*W + w of the input cell it came from within its
// plane, as PyTorch's return_indices. Ties go to the first cell in row-major
// order; a NaN wins over any number.
func PoolIndices(t Tensor, o Options) (Tensor, []int32, error) {
	if o.Op != Max && o.Op != Min {
		return Tensor{}, nil, &OptionError{Option: "returnIndices", Value: "true", Rule: `applies to op "max" and "min" only, not "` + o.Op.String() + `"`}
	}
	return poolTensor(t, o, true)
}

func poolTensor(t Tensor, o Options, withIndices bool) (Tensor, []int32, error) {
	if err := o.validateTensor(); err != nil {
		return Tensor{}, nil, err
	}
	planes, in, err := t.planes()
	if err != nil {
		return Tensor{}, nil, err
	}
	if withIndices && in.H*in.W > math.MaxInt32 {
		return Tensor{}, nil, &OptionError{Option: "shape", Value: shapeString(t.Shape), Rule: "planes over 2^31 cells cannot return int32 indices"}
	}
	o = o.withDefaults()
	g, err := o.Resolve(in)
	if err != nil {
		return Tensor{}, nil, err
	}
	outHW := g.H.Out * g.W.Out
	out := Tensor{Shape: t.outShape(g.Out()), Data: make([]float32, planes*outHW)}
	var idx []int32
	if withIndices {
		idx = make([]int32, len(out.Data))
	}
	inHW := in.H * in.W
	kernel := tensorPlaneKernel(o.Op, o.P, &g, withIndices)
	for p := range planes {
		src := t.Data[p*inHW : (p+1)*inHW]
		dst := out.Data[p*outHW : (p+1)*outHW]
		var di []int32
		if withIndices {
			di = idx[p*outHW : (p+1)*outHW]
		}
		kernel(dst, di, src)
	}
	return out, idx, nil
}

// extremePlane writes the max (or min) of every window and, when idx is not
// nil, where it was. Like PyTorch, a NaN replaces any number and a later NaN
// replaces an earlier one.
func extremePlane(dst []float32, idx []int32, src []float32, g *Geometry, isMin bool) {
	w := g.W.In
	dh, dw := g.H.Dilation, g.W.Dilation
	init := float32(math.Inf(-1))
	if isMin {
		init = float32(math.Inf(1))
	}
	k := 0
	for _, wy := range g.H.Windows {
		for _, wx := range g.W.Windows {
			m, at := init, wy.First*w+wx.First
			for i, y := 0, wy.First; i < wy.Count; i, y = i+1, y+dh {
				row := src[y*w : y*w+w]
				for j, x := 0, wx.First; j < wx.Count; j, x = j+1, x+dw {
					v := row[x]
					better := v > m
					if isMin {
						better = v < m
					}
					if better || v != v {
						m, at = v, y*w+x
					}
				}
			}
			dst[k] = m
			if idx != nil {
				idx[k] = int32(at)
			}
			k++
		}
	}
}

// avgPlane sums each window in float32, in row-major order, and divides by
// the divisor, which is what PyTorch's CPU kernel does; the result is then
// equal to the last bit.
func avgPlane(dst []float32, src []float32, g *Geometry) {
	w := g.W.In
	dh, dw := g.H.Dilation, g.W.Dilation
	k := 0
	for _, wy := range g.H.Windows {
		for _, wx := range g.W.Windows {
			var sum float32
			for i, y := 0, wy.First; i < wy.Count; i, y = i+1, y+dh {
				row := src[y*w : y*w+w]
				for j, x := 0, wx.First; j < wx.Count; j, x = j+1, x+dw {
					sum += row[x]
				}
			}
			dst[k] = sum / float32(wy.Divisor*wx.Divisor)
			k++
		}
	}
}

// lpPlane computes the Lp norm of each window in float64 and rounds it once
// to float32.
func lpPlane(dst []float32, src []float32, g *Geometry, p float64) {
	w := g.W.In
	dh, dw := g.H.Dilation, g.W.Dilation
	pow := lpPower(p)
	k := 0
	for _, wy := range g.H.Windows {
		for _, wx := range g.W.Windows {
			var sum float64
			for i, y := 0, wy.First; i < wy.Count; i, y = i+1, y+dh {
				row := src[y*w : y*w+w]
				for j, x := 0, wx.First; j < wx.Count; j, x = j+1, x+dw {
					sum += pow(math.Abs(float64(row[x])))
				}
			}
			dst[k] = float32(lpRoot(sum, p))
			k++
		}
	}
}

// lpPower returns x -> x^p, exact for the common orders.
func lpPower(p float64) func(float64) float64 {
	switch p {
	case 1:
		return func(x float64) float64 { return x }
	case 2:
		return func(x float64) float64 { return x * x }
	}
	return func(x float64) float64 { return math.Pow(x, p) }
}

func lpRoot(sum, p float64) float64 {
	switch p {
	case 1:
		return sum
	case 2:
		return math.Sqrt(sum)
	}
	return math.Pow(sum, 1/p)
}
