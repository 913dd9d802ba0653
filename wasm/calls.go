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
