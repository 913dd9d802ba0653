//go:build js && wasm

package main

// The tensor calls: a tensor in a buffer (wire.Data's number), pooled in
// float32, its result left in f32Out (or anyOut, converted back to the
// input's type) for JavaScript to copy out (calls.go holds the buffers and
// the picture calls).

import (
	"math"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// tensorArg reads the tensor the record names: float32 data is pooled
// where it lies; uint8 and float64 data is converted into f32In.
func tensorArg(r *record) (pool.Tensor, error) {
	s, err := r.tensorShape()
	if err != nil {
		return pool.Tensor{}, err
	}
	if err := checkInput(s); err != nil {
		return pool.Tensor{}, err
	}
	values, err := tensorValues(r)
	if err != nil {
		return pool.Tensor{}, err
	}
	// pool judges the data's length against the shape.
	return pool.Tensor{Shape: s, Data: values}, nil
}

// checkInput checks that a tensor of shape s, which pool.CheckShape has
// judged, fits maxInput as float32s.
func checkInput(s []int) error {
	n := 1
	for _, d := range s {
		n *= d
		if n > maxInput/4 {
			return newRangeError("data", "of shape "+pool.Dims(s).String(), "must be at most 2^28 elements")
		}
	}
	return nil
}

// tensorValues reads the values of the tensor the record names, as float32.
func tensorValues(r *record) ([]float32, error) {
	data, err := buffer(wire.Data)
	if err != nil {
		return nil, err
	}
	switch r.f[wire.DType] {
	case wire.DTypeFloat32:
		return viewAs[float32](data), nil
	case wire.DTypeUint8:
		f32In = grow(f32In, len(data))
		for i, b := range data {
			f32In[i] = float32(b)
		}
		return f32In, nil
	case wire.DTypeFloat64:
		in := viewAs[float64](data)
		f32In = grow(f32In, len(in))
		for i, v := range in {
			f32In[i] = float32(v)
		}
		return f32In, nil
	}
	return nil, errRecord
}

// tensorResult tells JavaScript where t's values (in the input's element
// type) and idx lie, and t's shape.
func tensorResult(r *record, t pool.Tensor, idx []int32) {
	out := bytesOf(t.Data)
	switch r.f[wire.DType] {
	case wire.DTypeUint8:
		// As 8-bit pictures: round to nearest, ties to even, and clamp;
		// max and min are exact.
		anyOut = growAligned(anyOut, len(t.Data))
		for i, v := range t.Data {
			anyOut[i] = uint8(math.RoundToEven(float64(min32(max32(v, 0), 255))))
		}
		out = anyOut
	case wire.DTypeFloat64:
		anyOut = growAligned(anyOut, 8*len(t.Data))
		f := viewAs[float64](anyOut)
		for i, v := range t.Data {
			f[i] = float64(v)
		}
		out = anyOut
	}
	r.f[wire.Output], r.f[wire.OutputLen] = float64(address(out)), float64(len(out))
	r.f[wire.IndicesOut] = float64(address(bytesOf(idx)))
	r.setShape(t.Shape)
}

// max32 and min32 compare explicitly: the builtins are slow on floats in
// wasm. NaN (which uint8 input cannot produce) becomes 0.
func max32(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}

func min32(a, b float32) float32 {
	if a < b {
		return a
	}
	return b
}

// checkShape: whether the record's shape is a tensor's, by
// pool.CheckShape, for JavaScript to size a resident tensor by it or split
// a tensor into runs of planes.
//
//go:wasmexport checkShape
func exportCheckShape() int32 {
	return run(func() error {
		_, err := rec.tensorShape()
		return err
	})
}

//go:wasmexport poolTensor
func exportPoolTensor() int32 {
	return run(func() error {
		if rec.f[wire.ReturnIndices] == 1 {
			o, err := rec.spec()
			if err != nil {
				return err
			}
			t, err := tensorArg(&rec)
			if err != nil {
				return err
			}
			t, idx, err := pool.PoolIndices(t, o)
			if err != nil {
				return err
			}
			tensorResult(&rec, t, idx)
			return nil
		}
		p, err := tensorPlan(&rec)
		if err != nil {
			return err
		}
		values, err := tensorValues(&rec)
		if err != nil {
			return err
		}
		f32Out = grow(f32Out, p.OutLen())
		if err := p.Run(f32Out, values); err != nil {
			return err
		}
		tensorResult(&rec, pool.Tensor{Shape: p.OutShape(), Data: f32Out}, nil)
		return nil
	})
}

// planKey is what decides a poolTensor call's plan, as the record's bits:
// the pooling options and the tensor's rank and shape.
type planKey struct {
	options optionBits
	shape   [1 + 5]uint64
}

// matches reports whether r holds k.
func (k *planKey) matches(r *record) bool {
	if !k.options.matches(r) {
		return false
	}
	for i := range k.shape {
		if k.shape[i] != math.Float64bits(r.f[wire.TensorRank+i]) {
			return false
		}
	}
	return true
}

func planKeyOf(r *record) (k planKey) {
	k.options = optionBitsOf(r)
	for i := range k.shape {
		k.shape[i] = math.Float64bits(r.f[wire.TensorRank+i])
	}
	return k
}

// The last two poolTensor calls' plans, the newer first, and the keys they
// were made for: a loop of calls of one shape and options, a model's layer
// called again and again, reads neither its options nor its geometry again,
// and only pools. Two, because js/poolkit.js pools a large tensor in runs of
// planes whose last run is shorter when the planes do not divide evenly: its
// calls alternate between two shapes, and one plan, made again twice a
// tensor (buffers and all), cost ResNet's stem [1, 64, 112, 112] a quarter
// of its time.
var plans [2]struct {
	plan *pool.TensorPlan
	key  planKey
}

// tensorPlan returns the plan of the call in r: one of the last two when r's
// key equals the one it was made for.
func tensorPlan(r *record) (*pool.TensorPlan, error) {
	for i := range plans {
		if plans[i].plan != nil && plans[i].key.matches(r) {
			plans[0], plans[i] = plans[i], plans[0]
			return plans[0].plan, nil
		}
	}
	o, err := r.spec()
	if err != nil {
		return nil, err
	}
	shape, err := r.tensorShape()
	if err != nil {
		return nil, err
	}
	if err := checkInput(shape); err != nil {
		return nil, err
	}
	p, err := pool.NewTensorPlan(o, shape)
	if err != nil {
		return nil, err
	}
	plans[1] = plans[0]
	plans[0].plan, plans[0].key = p, planKeyOf(r)
	return p, nil
}

// checkOutput checks that planes of size out fit maxOutput.
func checkOutput(out pool.Extent, shape []int) error {
	d := pool.Dims(nil)
	if out != nil {
		d = extentDims(out)
	}
	planes := 1
	for _, n := range shape[:max(len(shape)-len(d), 0)] {
		planes *= n
	}
	cells := 1
	for _, n := range d {
		if n < 1 {
			return nil // pool reports it
		}
		// Stopping past maxOutput keeps the product of three sides of at
		// most 2^30 from overflowing.
		cells *= n
		if cells > maxOutput {
			break
		}
	}
	if cells > maxOutput/planes {
		shown := d.String()
		if s, ok := out.(pool.Size); ok {
			shown = s.String()
		}
		return newRangeError("outputSize", shown, "gives more than 2^28 output elements")
	}
	return nil
}

func extentDims(e pool.Extent) pool.Dims {
	if s, ok := e.(pool.Size); ok {
		return pool.Dims{s.H, s.W}
	}
	return e.(pool.Dims)
}

// opTensorCall reads what adaptivePool and globalPool take: the op and the
// tensor.
func opTensorCall() (pool.Op, pool.Tensor, error) {
	op, err := rec.op()
	if err != nil {
		return 0, pool.Tensor{}, err
	}
	t, err := tensorArg(&rec)
	return op, t, err
}

//go:wasmexport adaptivePool
func exportAdaptivePool() int32 {
	return run(func() error {
		op, t, err := opTensorCall()
		if err != nil {
			return err
		}
		out, err := rec.extent()
		if err != nil {
			return err
		}
		if err := checkOutput(out, t.Shape); err != nil {
			return err
		}
		var idx []int32
		if rec.f[wire.ReturnIndices] == 1 {
			t, idx, err = pool.AdaptivePoolIndices(t, op, out)
		} else if t, err = pool.AdaptivePoolInto(f32Out, t, op, out); err == nil {
			f32Out = t.Data
		}
		if err != nil {
			return err
		}
		tensorResult(&rec, t, idx)
		return nil
	})
}

//go:wasmexport globalPool
func exportGlobalPool() int32 {
	return run(func() error {
		op, t, err := opTensorCall()
		if err != nil {
			return err
		}
		g, err := rec.global(op)
		if err != nil {
			return err
		}
		if t, err = pool.GlobalPoolInto(f32Out, t, g); err != nil {
			return globalError(err)
		}
		f32Out = t.Data
		tensorResult(&rec, t, nil)
		return nil
	})
}

// global reads globalPool's dims and p.
func (r *record) global(op pool.Op) (pool.Global, error) {
	dims, err := r.dims()
	if err != nil {
		return pool.Global{}, err
	}
	p, err := r.p()
	return pool.Global{Op: op, Dims: dims, P: p}, err
}

// globalError is err, a global pooling's: an error about p, whose value
// record.p has judged, is about the op it was given with, which JavaScript
// sees as a TypeError, as a value of the wrong kind.
func globalError(err error) error {
	if e, ok := err.(*pool.OptionError); ok && e.Option == "p" {
		return &typeError{*e}
	}
	return err
}

// maxUnpool: the indices are in their own buffer; the output size is
// outputSize when it is set, else it follows from kernel, stride and
// padding.
//
//go:wasmexport maxUnpool
func exportMaxUnpool() int32 {
	return run(func() error {
		t, idx, out, err := unpoolCall()
		if err != nil {
			return err
		}
		if t, err = pool.MaxUnpool(t, idx, out); err != nil {
			return err
		}
		tensorResult(&rec, t, nil)
		return nil
	})
}

// unpoolCall reads what maxUnpool and its gradient take: the tensor, the
// indices and the output size, outputSize when it is set, else what kernel,
// stride and padding give.
func unpoolCall() (pool.Tensor, []int32, pool.Extent, error) {
	t, err := tensorArg(&rec)
	if err != nil {
		return t, nil, nil, err
	}
	idxBytes, err := buffer(wire.Indices)
	if err != nil {
		return t, nil, nil, err
	}
	if len(idxBytes)%4 != 0 {
		return t, nil, nil, errRecord
	}
	// The rank is outputSize's length, else the kernel's; pool judges
	// whether the two agree.
	rank := 2
	switch {
	case rec.given("outputSize") && rec.f[wire.OutputSizeCount] != wire.OneNumber:
		rank, err = rec.rankOf(wire.OutputSizeCount)
	case rec.given("kernel") && rec.f[wire.KernelCount] != wire.OneNumber:
		rank, err = rec.rankOf(wire.KernelCount)
	}
	if err != nil {
		return t, nil, nil, err
	}
	o, err := rec.nd(false, rank)
	if err != nil {
		return t, nil, nil, err
	}
	size, err := rec.axes("outputSize", wire.OutputSize, wire.OutputSizeCount, 3, rank)
	if err != nil {
		return t, nil, nil, err
	}
	d, err := pool.UnpoolOutput(t.Shape, o, size)
	if e, ok := err.(*pool.OptionError); ok && (e.Option == "kernel" && !rec.given("kernel") || e.Option == "padding" && o.AutoPad != pool.ExplicitPad) {
		// An option required and not given, or a padding word, is a
		// TypeError, as a value of the wrong kind.
		return t, nil, nil, &typeError{*e}
	}
	if err != nil {
		return t, nil, nil, err
	}
	out := extentOf(d)
	if err := checkOutput(out, t.Shape); err != nil {
		return t, nil, nil, err
	}
	return t, viewAs[int32](idxBytes), out, nil
}
