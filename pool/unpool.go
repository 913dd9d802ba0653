package pool

import (
	"math"
	"strconv"
)

// UnpoolSize returns the default output size of MaxUnpool for a pooled
// input of size in: (in-1)*stride - 2*padding + kernel on each axis, as
// PyTorch's MaxUnpool2d. Only Kernel, Stride and Padding of o are used.
func UnpoolSize(in Size, o Options) (Size, error) {
	o = o.withDefaults()
	if err := checkPositive("kernel", o.Kernel); err != nil {
		return Size{}, err
	}
	if err := checkPositive("stride", o.Stride); err != nil {
		return Size{}, err
	}
	if in.H < 1 || in.W < 1 || in.H > MaxSide || in.W > MaxSide {
		return Size{}, &OptionError{Option: "input size", Value: in.String(), Rule: "each side must be between 1 and " + strconv.Itoa(MaxSide)}
	}
	if o.Padding.H < 0 || o.Padding.W < 0 || o.Padding.H > MaxSide || o.Padding.W > MaxSide {
		return Size{}, &OptionError{Option: "padding", Value: o.Padding.String(), Rule: "must be between 0 and " + strconv.Itoa(MaxSide)}
	}
	s := Size{
		(in.H-1)*o.Stride.H - 2*o.Padding.H + o.Kernel.H,
		(in.W-1)*o.Stride.W - 2*o.Padding.W + o.Kernel.W,
	}
	if s.H < 1 || s.W < 1 {
		return Size{}, &OptionError{Option: "padding", Value: o.Padding.String(), Rule: "leaves no output (" + s.String() + ")"}
	}
	return s, nil
}

// MaxUnpool is the partial inverse of PoolIndices, as PyTorch's
// MaxUnpool2d: every value of t goes to the cell its index names in an
// out.H x out.W plane of zeros. indices has t's length; each must lie in
// [0, out.H*out.W). When two values name one cell, the later one stays.
func MaxUnpool(t Tensor, indices []int32, out Size) (Tensor, error) {
	planes, in, err := t.planes()
	if err != nil {
		return Tensor{}, err
	}
	if len(indices) != len(t.Data) {
		return Tensor{}, &OptionError{Option: "indices", Value: "length " + strconv.Itoa(len(indices)), Rule: "must match the data (" + strconv.Itoa(len(t.Data)) + " elements)"}
	}
	if out.H < 1 || out.W < 1 || out.H > MaxSide || out.W > MaxSide || out.H > (1<<31-1)/out.W {
		return Tensor{}, &OptionError{Option: "outputSize", Value: out.String(), Rule: "each side must be at least 1 and a plane at most 2^31-1 cells"}
	}
	outHW := out.H * out.W
	if outHW > math.MaxInt/planes {
		return Tensor{}, &OptionError{Option: "outputSize", Value: out.String(), Rule: "gives more elements than memory can hold"}
	}
	res := Tensor{Shape: t.outShape(out), Data: make([]float32, planes*outHW)}
	inHW := in.H * in.W
	for p := range planes {
		dst := res.Data[p*outHW : (p+1)*outHW]
		for i, v := range t.Data[p*inHW : (p+1)*inHW] {
			at := indices[p*inHW+i]
			if at < 0 || int(at) >= outHW {
				return Tensor{}, &OptionError{Option: "indices", Value: strconv.Itoa(int(at)),
					Rule: "must lie in [0, " + strconv.Itoa(outHW) + ") for output size " + out.String()}
			}
			dst[at] = v
		}
	}
	return res, nil
}
