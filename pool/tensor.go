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

// MaxRank is the most dimensions a tensor has: at most three spatial axes
// after at most a batch and a channel axis.
const MaxRank = 5

// CheckShape returns an error unless shape is a tensor's shape: 1 to
// MaxRank dimensions, each 1 to MaxSide. It is the one statement of that
// rule: every tensor call checks it, and the wasm and the HTTP API call it
// on a shape as soon as they have read it, before they size or split
// anything by it. Which ranks a pooling takes, and whether the data fills
// the shape, are the pooling's own rules.
func CheckShape(shape []int) *OptionError {
	if len(shape) < 1 || len(shape) > MaxRank {
		return &OptionError{Option: "shape", Value: shapeString(shape), Rule: "must have 1 to " + strconv.Itoa(MaxRank) + " dimensions: the spatial axes after at most a batch and a channel axis"}
	}
	for _, d := range shape {
		if d < 1 || d > MaxSide {
			return &OptionError{Option: "shape", Value: shapeString(shape), Rule: boundRule("every dimension", d, 1)}
		}
	}
	return nil
}

// Pool pools every plane of t with o, with the semantics of PyTorch's
// MaxPool1d/2d/3d, AvgPool1d/2d/3d and LPPool1d/2d and of ONNX's MaxPool,
// AveragePool and LpPool (see the package documentation for SAME padding,
// min and the Lp norm). o is an Options (2-D) or an NDOptions (any rank);
// the spatial axes are t's last ones, after at most a batch and a channel
// axis.
func Pool(t Tensor, o Spec) (Tensor, error) {
	return PoolInto(nil, t, o)
}

// PoolInto is Pool writing the values into dst when its capacity holds
// them, else into a new slice, as PoolPixels does: a loop over tensors of
// one shape allocates nothing. The result's Data is then dst[:n].
func PoolInto(dst []float32, t Tensor, o Spec) (Tensor, error) {
	out, _, err := poolTensor(dst, t, o, false)
	return out, err
}

// PoolIndices is Pool for max and min that also returns, for every output
// value, the flat index of the input cell it came from within its plane of
// the spatial axes (h*W + w in 2-D, (d*H + h)*W + w in 3-D), as PyTorch's
// return_indices. Ties go to the first cell in row-major order; a NaN wins
// over any number.
func PoolIndices(t Tensor, o Spec) (Tensor, []int32, error) {
	if op := specOp(o); o != nil && op != Max && op != Min {
		return Tensor{}, nil, &OptionError{Option: "returnIndices", Value: "true", Rule: `applies to op "max" and "min" only, not "` + op.String() + `"`}
	}
	return poolTensor(nil, t, o, true)
}

func specOp(s Spec) Op {
	switch s := s.(type) {
	case Options:
		return s.Op
	case NDOptions:
		return s.Op
	}
	return 0
}

func poolTensor(dst []float32, t Tensor, s Spec, withIndices bool) (Tensor, []int32, error) {
	scratch := tensorScratches.get()
	defer tensorScratches.put(scratch)
	var p TensorPlan
	if err := p.init(s, t.Shape, len(t.Data), withIndices, scratch); err != nil {
		return Tensor{}, nil, err
	}
	out := Tensor{Shape: p.out, Data: grow(dst, p.OutLen())}
	var idx []int32
	if withIndices {
		idx = make([]int32, len(out.Data))
	}
	p.run(out.Data, idx, t.Data)
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
			dst[k] = lpRoot32(sum, p)
			k++
		}
	}
}
