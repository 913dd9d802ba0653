//go:build js && wasm

package main

// The tensor calls: float32 tensors in through f32In, results out through
// f32Out or the caller's out (calls.go holds the buffers and the picture
// calls).

import (
	"strconv"
	"syscall/js"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// tensorArg copies a tensor's bytes into f32In.
func tensorArg(r *record, data js.Value) (pool.Tensor, error) {
	if err := checkBytes(data, "data"); err != nil {
		return pool.Tensor{}, err
	}
	s, err := r.shape()
	if err != nil {
		return pool.Tensor{}, err
	}
	n := data.Length()
	if n > maxInput {
		return pool.Tensor{}, newRangeError("data", "length "+strconv.Itoa(n/4), "must be at most 2^28 elements")
	}
	if n%4 != 0 {
		return pool.Tensor{}, errRecord
	}
	f32In = grow(f32In, n/4)
	js.CopyBytesToGo(bytesOf(f32In), data)
	return pool.Tensor{Shape: s, Data: f32In}, nil
}

// tensorResult copies t's bytes to out, or to a new Uint8Array that it
// returns when out is undefined, with idx's in a second new one when there
// are indices, and writes t's shape into the record. JavaScript makes the
// Float32Array and Int32Array views.
func tensorResult(r *record, t pool.Tensor, idx []int32, out js.Value) (any, error) {
	n := 4 * len(t.Data)
	data := out
	if out.IsUndefined() {
		data = jsUint8Array.New(n)
	} else {
		if err := checkBytes(out, "out"); err != nil {
			return nil, err
		}
		if out.Length() < n {
			return nil, newRangeError("out", "length "+strconv.Itoa(out.Length()/4),
				"must be at least "+strconv.Itoa(len(t.Data))+" for the result of shape "+pool.Dims(t.Shape).String())
		}
	}
	js.CopyBytesToJS(data, bytesOf(t.Data))
	r.setShape(t.Shape)
	r.send()
	if idx == nil {
		return data, nil
	}
	indices := jsUint8Array.New(4 * len(idx))
	js.CopyBytesToJS(indices, bytesOf(idx))
	return []any{data, indices}, nil
}

// poolTensor(bytes, out?)
func callPoolTensor(a []js.Value) (any, error) {
	r, err := readRecord()
	if err != nil {
		return nil, err
	}
	o, err := r.spec()
	if err != nil {
		return nil, err
	}
	t, err := tensorArg(r, arg(a, 0))
	if err != nil {
		return nil, err
	}
	var idx []int32
	if r.f[wire.ReturnIndices] == 1 {
		t, idx, err = pool.PoolIndices(t, o)
	} else if t, err = pool.PoolInto(f32Out, t, o); err == nil {
		f32Out = t.Data
	}
	if err != nil {
		return nil, err
	}
	return tensorResult(r, t, idx, arg(a, 1))
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

// opTensorCall reads what adaptivePool and globalPool take: the record,
// its op and the tensor.
func opTensorCall(a []js.Value) (*record, pool.Op, pool.Tensor, error) {
	r, err := readRecord()
	if err != nil {
		return nil, 0, pool.Tensor{}, err
	}
	op, err := r.op()
	if err != nil {
		return nil, 0, pool.Tensor{}, err
	}
	t, err := tensorArg(r, arg(a, 0))
	return r, op, t, err
}

// adaptivePool(bytes, out?)
func callAdaptivePool(a []js.Value) (any, error) {
	r, op, t, err := opTensorCall(a)
	if err != nil {
		return nil, err
	}
	out, err := r.extent()
	if err != nil {
		return nil, err
	}
	if err := checkOutput(out, t.Shape); err != nil {
		return nil, err
	}
	var idx []int32
	if r.f[wire.ReturnIndices] == 1 {
		t, idx, err = pool.AdaptivePoolIndices(t, op, out)
	} else {
		t, err = pool.AdaptivePool(t, op, out)
	}
	if err != nil {
		return nil, err
	}
	return tensorResult(r, t, idx, arg(a, 1))
}

// globalPool(bytes, out?)
func callGlobalPool(a []js.Value) (any, error) {
	r, op, t, err := opTensorCall(a)
	if err != nil {
		return nil, err
	}
	dims, err := r.rank()
	if err != nil {
		return nil, err
	}
	p, err := r.p()
	if err != nil {
		return nil, err
	}
	if t, err = pool.GlobalPool(t, pool.Global{Op: op, Dims: dims, P: p}); err != nil {
		return nil, err
	}
	return tensorResult(r, t, nil, arg(a, 1))
}

// maxUnpool(bytes, indexBytes, out?): the output size is outputSize when
// it is set, else it follows from kernel, stride and padding.
func callMaxUnpool(a []js.Value) (any, error) {
	r, err := readRecord()
	if err != nil {
		return nil, err
	}
	t, err := tensorArg(r, arg(a, 0))
	if err != nil {
		return nil, err
	}
	idxBytes := arg(a, 1)
	if err := checkBytes(idxBytes, "indices"); err != nil {
		return nil, err
	}
	n := idxBytes.Length()
	if n%4 != 0 {
		return nil, errRecord
	}
	i32In = grow(i32In, n/4)
	js.CopyBytesToGo(bytesOf(i32In), idxBytes)

	out, err := r.extent()
	if err != nil {
		return nil, err
	}
	if out == nil {
		o, err := r.nd(false)
		if err != nil {
			return nil, err
		}
		rank := len(o.Kernel)
		if len(t.Shape) < rank {
			return nil, newRangeError("shape", pool.Dims(t.Shape).String(), "has fewer dimensions than kernel "+pool.Dims(o.Kernel).String()+" has axes")
		}
		if out, err = pool.UnpoolDims(pool.Dims(t.Shape[len(t.Shape)-rank:]), o); err != nil {
			return nil, err
		}
	}
	if err := checkOutput(out, t.Shape); err != nil {
		return nil, err
	}
	if t, err = pool.MaxUnpool(t, i32In, out); err != nil {
		return nil, err
	}
	return tensorResult(r, t, nil, arg(a, 2))
}
