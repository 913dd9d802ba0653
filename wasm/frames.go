//go:build js && wasm

package main

import (
	"strconv"

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
//	frameSize(id, width, height, length) -> 0; the address of the input, width*height*4 bytes, in output
//	framePool(id)                -> 0; the address of the result in output, its size in result
//	frameFree(id)
type frame struct {
	in            []byte
	out           []byte
	width, height int
}

var (
	frames    = map[int32]*frame{}
	lastFrame int32
)

func frameArg(id int32) (*frame, error) {
	f := frames[id]
	if f == nil {
		return nil, newTypeError("frame", "", "has been freed")
	}
	return f, nil
}

//go:wasmexport frameNew
func exportFrameNew() int32 {
	lastFrame++
	frames[lastFrame] = &frame{}
	return lastFrame
}

// frameSize(id, width, height, length): the input keeps its buffer when it
// is large enough, so that alternating sizes do not allocate. length is that
// of the data to be copied in, judged against the size by pool, or -1 when
// there is none: a resize, or a VideoFrame that copies itself in at the
// frame's size.
//
//go:wasmexport frameSize
func exportFrameSize(id int32, width, height, length float64) int32 {
	return run(func() error {
		f, err := frameArg(id)
		if err != nil {
			return err
		}
		w, h, err := pictureSize(width, height)
		if err != nil {
			return err
		}
		if e := pool.CheckPictureSize(w, h); e != nil {
			return e
		}
		if length >= 0 {
			// A length is that of a typed array: a whole number below 2^53.
			if e := pool.CheckPixels(w, h, int(length)); e != nil {
				return e
			}
		}
		if w*h > maxInput/4 {
			return newRangeError("size", strconv.Itoa(w)+"x"+strconv.Itoa(h), "must be at most 2^28 pixels")
		}
		f.in = growAligned(f.in, 4*w*h)
		f.width, f.height = w, h
		rec.f[wire.Output] = float64(address(f.in))
		return nil
	})
}

// framePool(id): the options are in the record.
//
//go:wasmexport framePool
func exportFramePool(id int32) int32 {
	return run(func() error {
		f, err := frameArg(id)
		if err != nil {
			return err
		}
		if f.width == 0 {
			return newTypeError("frame", "", "has no size yet")
		}
		o, err := rec.options()
		if err != nil {
			return err
		}
		res, err := pool.PoolPixels(f.out, pool.Pixels{Pix: f.in, Width: f.width, Height: f.height}, o)
		if err != nil {
			return err
		}
		if cap(res.Pix) > cap(f.out) {
			f.out = res.Pix[:0]
		}
		rec.f[wire.Output], rec.f[wire.OutputLen] = float64(address(res.Pix)), float64(len(res.Pix))
		rec.f[wire.Result], rec.f[wire.Result+1] = float64(res.Width), float64(res.Height)
		return nil
	})
}

//go:wasmexport frameFree
func exportFrameFree(id int32) {
	delete(frames, id)
}
