package pool

import (
	"math"
	"strconv"
)

// AdaptiveWindow returns the input cells [start, end) that output cell i of n
// reads along an axis of length in: start = floor(i*in/n),
// end = ceil((i+1)*in/n), as PyTorch's adaptive pooling.
func AdaptiveWindow(i, in, n int) (start, end int) {
	return i * in / n, ((i+1)*in + n - 1) / n
}

// AdaptivePool pools every plane of t to exactly out.H x out.W cells with
// PyTorch's AdaptiveMaxPool2d or AdaptiveAvgPool2d windows (op Max, Min or
// Avg). The output may be larger than the input; windows then repeat cells.
// An average to 1x1 is GlobalPool's mean, as in PyTorch.
func AdaptivePool(t Tensor, op Op, out Size) (Tensor, error) {
	res, _, err := adaptivePool(t, op, out, false)
	return res, err
}

// AdaptivePoolIndices is AdaptivePool for Max and Min that also returns the
// flat index within its plane of the cell each output value came from.
func AdaptivePoolIndices(t Tensor, op Op, out Size) (Tensor, []int32, error) {
	if op != Max && op != Min {
		return Tensor{}, nil, &OptionError{Option: "returnIndices", Value: "true", Rule: `applies to op "max" and "min" only, not "` + op.String() + `"`}
	}
	return adaptivePool(t, op, out, true)
}

// GlobalPool reduces every plane of t to one cell (op Max, Min or Avg), the
// global pooling that ends ResNet and Inception. The result has t's rank with
// H = W = 1. The average is summed in float64 and rounded once.
func GlobalPool(t Tensor, op Op) (Tensor, error) {
	if op != Max && op != Min && op != Avg {
		return Tensor{}, adaptiveOpError(op)
	}
	planes, in, err := t.planes()
	if err != nil {
		return Tensor{}, err
	}
	if op != Avg {
		return AdaptivePool(t, op, Size{1, 1})
	}
	hw := in.H * in.W
	out := Tensor{Shape: t.outShape(Size{1, 1}), Data: make([]float32, planes)}
	for p := range planes {
		var sum float64
		for _, v := range t.Data[p*hw : (p+1)*hw] {
			sum += float64(v)
		}
		out.Data[p] = float32(sum / float64(hw))
	}
	return out, nil
}

func adaptiveOpError(op Op) error {
	return &OptionError{Option: "op", Value: strconv.Quote(op.String()), Rule: `must be "max", "avg" or "min" for adaptive and global pooling`}
}

func adaptivePool(t Tensor, op Op, out Size, withIndices bool) (Tensor, []int32, error) {
	if op != Max && op != Min && op != Avg {
		return Tensor{}, nil, adaptiveOpError(op)
	}
	if out.H < 1 || out.W < 1 || out.H > MaxSide || out.W > MaxSide {
		return Tensor{}, nil, &OptionError{Option: "outputSize", Value: out.String(), Rule: "each side must be between 1 and " + strconv.Itoa(MaxSide)}
	}
	planes, in, err := t.planes()
	if err != nil {
		return Tensor{}, nil, err
	}
	outHW := out.H * out.W
	if outHW > math.MaxInt/planes || (withIndices && in.H*in.W > math.MaxInt32) {
		return Tensor{}, nil, &OptionError{Option: "outputSize", Value: out.String(), Rule: "gives more elements than memory can hold"}
	}
	if op == Avg && out == (Size{1, 1}) {
		// PyTorch computes this one as the mean of each plane, as GlobalPool.
		res, err := GlobalPool(t, Avg)
		return res, nil, err
	}
	g := Geometry{H: adaptiveAxis(in.H, out.H), W: adaptiveAxis(in.W, out.W)}
	res := Tensor{Shape: t.outShape(out), Data: make([]float32, planes*outHW)}
	var idx []int32
	if withIndices {
		idx = make([]int32, len(res.Data))
	}
	inHW := in.H * in.W
	for p := range planes {
		src := t.Data[p*inHW : (p+1)*inHW]
		dst := res.Data[p*outHW : (p+1)*outHW]
		var di []int32
		if withIndices {
			di = idx[p*outHW : (p+1)*outHW]
		}
		if op == Avg {
			adaptiveAvgPlane(dst, src, &g)
		} else {
			extremePlane(dst, di, src, &g, op == Min)
		}
	}
	return res, idx, nil
}

// adaptiveAxis expresses adaptive windows as an Axis, so that the fixed-window
// kernels run them unchanged.
func adaptiveAxis(in, out int) Axis {
	a := Axis{In: in, Out: out, Kernel: in, Stride: 1, Dilation: 1, Windows: make([]Window, out)}
	for i := range a.Windows {
		s, e := AdaptiveWindow(i, in, out)
		a.Windows[i] = Window{First: s, Count: e - s, Divisor: e - s}
	}
	return a
}

// adaptiveAvgPlane sums each window in float32, in row-major order, and
// divides the sum by the window's height and then by its width: two roundings,
// as PyTorch's CPU kernel (sum / kh / kw), so that the result is equal to the
// last bit.
func adaptiveAvgPlane(dst []float32, src []float32, g *Geometry) {
	w := g.W.In
	k := 0
	for _, wy := range g.H.Windows {
		for _, wx := range g.W.Windows {
			var sum float32
			for y := wy.First; y < wy.First+wy.Count; y++ {
				for _, v := range src[y*w+wx.First : y*w+wx.First+wx.Count] {
					sum += v
				}
			}
			dst[k] = sum / float32(wy.Divisor) / float32(wx.Divisor)
			k++
		}
	}
}
