//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"
	"unsafe"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// Buffers reused across calls: each call copies its input into Go memory
// once and its output out of it once. They only grow; a page that pooled one
// large picture keeps the memory for the next one.
var (
	pixIn  []byte
	pixOut []byte
	f32In  []float32
	f32Out []float32
	i32In  []int32
)

// maxInput bounds the bytes a call may copy into Go memory, so that the
// input, its copy and the result fit wasm's 4 GiB together: running out of
// memory is fatal in Go, not a panic, and would end the instance.
const maxInput = 1 << 30

// maxOutput bounds the elements a tensor call may produce, so that an
// outputSize typo cannot make Go's allocator exhaust wasm memory, which is
// fatal too. 2^28 float32s are 1 GiB.
const maxOutput = 1 << 28

func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		buf = make([]T, n)
	}
	return buf[:n]
}

// bytesOf views s's memory as bytes: wasm and every JavaScript engine store
// typed arrays little-endian, so the bytes cross unchanged.
func bytesOf[T float32 | int32](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*4)
}

func checkBytes(v js.Value, name string) error {
	if v.Type() != js.TypeObject || !(v.InstanceOf(jsUint8Array) || v.InstanceOf(jsUint8ClampedArray)) {
		return newTypeError(name, "", "must be a Uint8Array or Uint8ClampedArray view")
	}
	return nil
}

// pixelsArg copies a picture's bytes into pixIn.
func pixelsArg(r *record, data js.Value) (pool.Pixels, error) {
	if err := checkBytes(data, "data"); err != nil {
		return pool.Pixels{}, err
	}
	w, err := r.int(wire.Width)
	if err != nil {
		return pool.Pixels{}, err
	}
	h, err := r.int(wire.Height)
	if err != nil {
		return pool.Pixels{}, err
	}
	n := data.Length()
	if n > maxInput {
		return pool.Pixels{}, newRangeError("data", "length "+strconv.Itoa(n), "must be at most 2^30 bytes (2^28 pixels)")
	}
	if n != 4*w*h {
		return pool.Pixels{}, newRangeError("data", "length "+strconv.Itoa(n),
			"must be width*height*4 = "+strconv.Itoa(4*w*h)+" for "+strconv.Itoa(w)+"x"+strconv.Itoa(h)+" (width x height) RGBA pixels")
	}
	pixIn = grow(pixIn, n)
	js.CopyBytesToGo(pixIn, data)
	return pool.Pixels{Pix: pixIn, Width: w, Height: h}, nil
}

// pixelsResult copies a pooled picture to out, or to a new Uint8ClampedArray
// that it returns when out is undefined, and keeps its buffer for the next
// call.
func pixelsResult(r *record, res pool.Pixels, out js.Value) (any, error) {
	if cap(res.Pix) > cap(pixOut) {
		pixOut = res.Pix[:0]
	}
	n := len(res.Pix)
	result := js.Undefined()
	if out.IsUndefined() {
		out = jsUint8ClampedArray.New(n)
		result = out
	} else {
		if err := checkBytes(out, "out"); err != nil {
			return nil, err
		}
		if out.Length() < n {
			return nil, newRangeError("out", "length "+strconv.Itoa(out.Length()),
				"must be at least "+strconv.Itoa(n)+" for the "+strconv.Itoa(res.Width)+"x"+strconv.Itoa(res.Height)+" (width x height) result")
		}
	}
	js.CopyBytesToJS(out, res.Pix)
	r.f[wire.Result], r.f[wire.Result+1] = float64(res.Width), float64(res.Height)
	r.send()
	return result, nil
}

// pictureCall reads what every picture call takes: the record, the options
// it holds and the picture's bytes.
func pictureCall(a []js.Value) (*record, pool.Options, pool.Pixels, error) {
	r, err := readRecord()
	if err != nil {
		return nil, pool.Options{}, pool.Pixels{}, err
	}
	o, err := r.options()
	if err != nil {
		return nil, pool.Options{}, pool.Pixels{}, err
	}
	src, err := pixelsArg(r, arg(a, 0))
	return r, o, src, err
}

// pool(bytes, out?)
func callPool(a []js.Value) (any, error) {
	r, o, src, err := pictureCall(a)
	if err != nil {
		return nil, err
	}
	res, err := pool.PoolPixels(pixOut, src, o)
	if err != nil {
		return nil, err
	}
	return pixelsResult(r, res, arg(a, 1))
}

// poolRows(bytes, out?): bytes hold rows [srcY, srcY+height) of a
// picture rows.height tall.
func callPoolRows(a []js.Value) (any, error) {
	r, o, src, err := pictureCall(a)
	if err != nil {
		return nil, err
	}
	var rows pool.Rows
	for i, p := range []*int{&rows.Height, &rows.SrcY, &rows.From, &rows.To} {
		if *p, err = r.int(wire.Rows + i); err != nil {
			return nil, err
		}
	}
	res, err := pool.PoolPixelRows(pixOut, src, o, rows)
	if err != nil {
		return nil, err
	}
	return pixelsResult(r, res, arg(a, 1))
}

func geometry(r *record) (pool.Options, pool.Geometry, error) {
	o, err := r.options()
	if err != nil {
		return o, pool.Geometry{}, err
	}
	var in pool.Size
	if in.W, err = r.int(wire.Width); err != nil {
		return o, pool.Geometry{}, err
	}
	if in.H, err = r.int(wire.Height); err != nil {
		return o, pool.Geometry{}, err
	}
	g, err := o.Resolve(in)
	return o, g, err
}

// outputSize()
func callOutputSize(a []js.Value) (any, error) {
	r, err := readRecord()
	if err != nil {
		return nil, err
	}
	_, g, err := geometry(r)
	if err != nil {
		return nil, err
	}
	r.f[wire.Result], r.f[wire.Result+1] = float64(g.W.Out), float64(g.H.Out)
	r.send()
	return nil, nil
}

// inputRows(): the output rows are rows.from and rows.to.
func callInputRows(a []js.Value) (any, error) {
	r, err := readRecord()
	if err != nil {
		return nil, err
	}
	o, g, err := geometry(r)
	if err != nil {
		return nil, err
	}
	from, err := r.int(wire.Rows + 2)
	if err != nil {
		return nil, err
	}
	to, err := r.int(wire.Rows + 3)
	if err != nil {
		return nil, err
	}
	y0, y1, err := o.InputRows(pool.Size{H: g.H.In, W: g.W.In}, from, to)
	if err != nil {
		return nil, err
	}
	r.f[wire.Result], r.f[wire.Result+1] = float64(y0), float64(y1)
	r.send()
	return nil, nil
}

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
