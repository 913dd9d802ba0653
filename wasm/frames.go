//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"
	"unsafe"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// Frames are pictures that live in this instance's memory across calls, for
// frame loops: JavaScript writes a frame's pixels straight into its input
// (VideoFrame.copyTo can), pools it, and reads the result where it lies, so
// a stream of frames of one size copies nothing in or out of Go and
// allocates nothing per frame.
//
// JavaScript sees a frame's buffers through their addresses in the memory's
// ArrayBuffer: Go's collector does not move objects, and the frames map keeps
// the buffers alive until frameFree.
//
//	frameNew()                   -> id
//	frameSize(id, width, height) -> address of the input, width*height*4 bytes
//	framePool(id)                -> address of the result; its size is in the record
//	frameFree(id)                -> undefined
type frame struct {
	in            []byte
	out           []byte
	width, height int
}

var (
	frames    = map[int]*frame{}
	lastFrame int
)

func frameArg(a []js.Value) (*frame, error) {
	v := arg(a, 0)
	if v.Type() != js.TypeNumber {
		return nil, errRecord
	}
	f := frames[v.Int()]
	if f == nil {
		return nil, newTypeError("frame", "", "has been freed")
	}
	return f, nil
}

func address(b []byte) float64 {
	return float64(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
}

// frameNew()
func callFrameNew(a []js.Value) (any, error) {
	lastFrame++
	frames[lastFrame] = &frame{}
	return lastFrame, nil
}

// frameSize(id, width, height): the input keeps its buffer when it is large
// enough, so that alternating sizes do not allocate.
func callFrameSize(a []js.Value) (any, error) {
	f, err := frameArg(a)
	if err != nil {
		return nil, err
	}
	var size [2]int
	for i, name := range []string{"width", "height"} {
		v := arg(a, i+1)
		if v.Type() != js.TypeNumber {
			return nil, errRecord
		}
		n := v.Float()
		if n != float64(int(n)) || n < 1 || n > pool.MaxSide {
			return nil, newRangeError(name, strconv.FormatFloat(n, 'g', -1, 64), "must be an integer from 1 to "+strconv.Itoa(pool.MaxSide))
		}
		size[i] = int(n)
	}
	w, h := size[0], size[1]
	if w*h > maxInput/4 {
		return nil, newRangeError("size", strconv.Itoa(w)+"x"+strconv.Itoa(h), "must be at most 2^28 pixels")
	}
	f.in = grow(f.in, 4*w*h)
	f.width, f.height = w, h
	return address(f.in), nil
}

// framePool(id): the options are in the record.
func callFramePool(a []js.Value) (any, error) {
	f, err := frameArg(a)
	if err != nil {
		return nil, err
	}
	if f.width == 0 {
		return nil, newTypeError("frame", "", "has no size yet")
	}
	r, err := readRecord()
	if err != nil {
		return nil, err
	}
	o, err := r.options()
	if err != nil {
		return nil, err
	}
	res, err := pool.PoolPixels(f.out, pool.Pixels{Pix: f.in, Width: f.width, Height: f.height}, o)
	if err != nil {
		return nil, err
	}
	if cap(res.Pix) > cap(f.out) {
		f.out = res.Pix[:0]
	}
	r.f[wire.Result], r.f[wire.Result+1] = float64(res.Width), float64(res.Height)
	r.send()
	return address(res.Pix), nil
}

// frameFree(id)
func callFrameFree(a []js.Value) (any, error) {
	if _, err := frameArg(a); err != nil {
		return nil, err
	}
	delete(frames, arg(a, 0).Int())
	return nil, nil
}
