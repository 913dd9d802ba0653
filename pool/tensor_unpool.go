package pool

import (
	"math"
	"strconv"
)

// UnpoolSize returns the default output size of MaxUnpool for a pooled
// input of size in: (in-1)*stride - 2*padding + kernel on each axis, as
// PyTorch's MaxUnpool2d. Only Kernel, Stride and Padding of o are used.
func UnpoolSize(in Size, o Options) (Size, error) {
	d, err := UnpoolDims(in.dims(), o.NDOptions())
	if err != nil {
		return Size{}, err
	}
	return Size{d[0], d[1]}, nil
}

// UnpoolDims is UnpoolSize in any rank: (in-1)*stride - begin - end + kernel
// on each axis, as PyTorch's MaxUnpool1d/2d/3d and ONNX's MaxUnpool without
// output_shape. Only Kernel, Stride and Padding of o are used; in has one
// entry per axis of the kernel.
func UnpoolDims(in Dims, o NDOptions) (Dims, error) {
	window := NDOptions{Op: Max, Kernel: o.Kernel, Stride: o.Stride}
	if err := window.validate(); err != nil {
		return nil, err
	}
	r := len(o.Kernel)
	if err := checkPads(o.Padding, r); err != nil {
		return nil, err
	}
	if len(in) != r {
		return nil, &OptionError{Option: "input size", Value: in.String(), Rule: "must have " + strconv.Itoa(r) + " sides, one per axis of kernel " + Dims(o.Kernel).String()}
	}
	out := make(Dims, r)
	for i, n := range in {
		if n < 1 || n > MaxSide {
			return nil, &OptionError{Option: "input size", Value: in.String(), Rule: boundRule("each side", n, 1)}
		}
		before, after := o.pads(i)
		out[i] = (n-1)*o.stride(i) - before - after + o.Kernel[i]
		if out[i] < 1 {
			return nil, &OptionError{Option: "padding", Value: Dims(o.Padding).String(), Rule: "leaves no output (" + out.String() + ")"}
		}
	}
	return out, nil
}

// UnpoolOutput returns the spatial size of MaxUnpool's output for a pooled
// tensor of shape shape, as PyTorch's MaxUnpool and ONNX's take their
// arguments: outputSize when it is given (a kernel given beside it must have
// as many axes), else UnpoolDims of the shape's last axes, one per axis of
// o's kernel. Only Kernel, Stride and Padding of o are used. It is the one
// statement of those rules for adapters that take a maxUnpool's options.
func UnpoolOutput(shape []int, o NDOptions, outputSize Dims) (Dims, error) {
	if o.AutoPad != ExplicitPad {
		return nil, &OptionError{Option: "padding", Value: o.AutoPad.word(), Rule: "is not defined for maxUnpool; give outputSize instead"}
	}
	r := len(o.Kernel)
	if outputSize != nil {
		if r != 0 && r != len(outputSize) {
			return nil, &OptionError{Option: "outputSize", Value: outputSize.String(), Rule: "must have " + strconv.Itoa(r) + " elements, one per axis of kernel " + Dims(o.Kernel).String()}
		}
		return outputSize, nil
	}
	if o.Kernel == nil {
		return nil, &OptionError{Option: "kernel", Rule: "must be given unless outputSize is"}
	}
	if len(shape) < r {
		// The kernel is judged first: a shape is short only of a kernel
		// that may be.
		if err := (NDOptions{Op: Max, Kernel: o.Kernel}).validate(); err != nil {
			return nil, err
		}
		return nil, &OptionError{Option: "shape", Value: shapeString(shape), Rule: "has fewer dimensions than kernel " + Dims(o.Kernel).String() + " has axes"}
	}
	return UnpoolDims(Dims(shape[len(shape)-r:]), o)
}

// MaxUnpool is the partial inverse of PoolIndices, as PyTorch's
// MaxUnpool1d/2d/3d: every value of t goes to the cell its index names in a
// plane of zeros of size out, a Size (2-D) or Dims. indices has t's length;
// each must lie in [0, cells of out). When two values name one cell, the
// later one stays.
func MaxUnpool(t Tensor, indices []int32, out Extent) (Tensor, error) {
	u, err := resolveUnpool(t, indices, out)
	if err != nil {
		return Tensor{}, err
	}
	planes, size, inCells, outCells := u.planes, u.size, u.inCells, u.outCells
	res := Tensor{Shape: t.withSpatial(size), Data: make([]float32, planes*outCells)}
	for p := range planes {
		dst := res.Data[p*outCells : (p+1)*outCells]
		for i, v := range t.Data[p*inCells : (p+1)*inCells] {
			at := indices[p*inCells+i]
			if at < 0 || int(at) >= outCells {
				return Tensor{}, u.indexError(at)
			}
			dst[at] = v
		}
	}
	return res, nil
}

// unpooling is a max unpooling's checked geometry, which MaxUnpool and
// MaxUnpoolGrad share.
type unpooling struct {
	out               Extent
	size              Dims
	planes            int
	inCells, outCells int
}

// resolveUnpool checks a max unpooling of t to out with indices: the sizes,
// the indices' length and the output's cell counts (not each index, which
// the loops check as they read it).
func resolveUnpool(t Tensor, indices []int32, out Extent) (unpooling, error) {
	if out == nil {
		return unpooling{}, &OptionError{Option: "outputSize", Rule: "must be given"}
	}
	size := out.dims()
	if err := checkExtent(out, size); err != nil {
		return unpooling{}, err
	}
	planes, in, err := t.split(len(size))
	if err != nil {
		return unpooling{}, err
	}
	if len(indices) != len(t.Data) {
		return unpooling{}, &OptionError{Option: "indices", Value: "length " + strconv.Itoa(len(indices)), Rule: "must match the data (" + strconv.Itoa(len(t.Data)) + " elements)"}
	}
	outCells := 1
	for _, n := range size {
		if outCells > math.MaxInt32/n {
			return unpooling{}, &OptionError{Option: "outputSize", Value: extentString(out), Rule: "each side must be at least 1 and a plane at most 2^31-1 cells"}
		}
		outCells *= n
	}
	if outCells > math.MaxInt/planes {
		return unpooling{}, &OptionError{Option: "outputSize", Value: extentString(out), Rule: "gives more elements than memory can hold"}
	}
	return unpooling{out: out, size: size, planes: planes, inCells: in.cells(), outCells: outCells}, nil
}

// indexError is the error of an index outside the output plane.
func (u *unpooling) indexError(at int32) error {
	return &OptionError{Option: "indices", Value: strconv.Itoa(int(at)),
		Rule: "must lie in [0, " + strconv.Itoa(u.outCells) + ") for output size " + extentString(u.out)}
}
