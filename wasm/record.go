//go:build js && wasm

package main

import (
	"errors"
	"math"
	"syscall/js"
	"unsafe"

	"github.com/poolkit/poolkit/pool"
)

// A call's numbers travel in one record of float64s that poolkit.js fills
// (and checks) and Go reads with one copy: every string or object that Go
// reads from JavaScript costs a js.Value with a finalizer, which made the
// registration of finalizers the largest cost of a small call. The layout is
// shared with REC in js/poolkit.js.
const (
	recOp         = 0  // 1..4: max, avg, min, lp
	recKernel     = 1  // h, w
	recStride     = 3  // h, w; 0 = the kernel
	recPadding    = 5  // h, w
	recSame       = 7  // 1 = padding "same"
	recDilation   = 8  // h, w; 0 = 1
	recCeilMode   = 10 // 0 or 1
	recCountPad   = 11 // 0 or 1
	recP          = 12 // 0 = 2
	recAlpha      = 13 // 0 straight, 1 premultiplied
	recColorSpace = 14 // 0 srgb, 1 linear
	recIndices    = 15 // 1 = returnIndices
	recOutputSize = 16 // h, w; 0 = none
	recWidth      = 18 // a picture's width and height
	recHeight     = 19
	recRank       = 20 // a tensor's rank and shape; the result's on return
	recShape      = 21 // 4 slots
	recRows       = 25 // height, srcY, from, to
	recResult     = 29 // 2 slots: a picture's width and height, or inputRows' y0, y1
	recLen        = 32
)

var (
	opNames    = [...]string{1: "max", 2: "avg", 3: "min", 4: "lp"}
	alphaNames = [...]string{"straight", "premultiplied"}
	spaceNames = [...]string{"srgb", "linear"}
)

type record struct {
	f    [recLen]float64
	view js.Value
}

// rec is the one record of this instance: JavaScript runs one call at a
// time, and poolkit.js hands over its view once (setRecord) so that no call
// pays for a js.Value of it.
var rec record

var errRecord = errors.New("malformed call record")

// setRecord(view) keeps the record's byte view for every later call.
func callSetRecord(a []js.Value) (any, error) {
	v := arg(a, 0)
	if err := checkBytes(v, "record"); err != nil {
		return nil, err
	}
	if v.Length() != recLen*8 {
		return nil, errRecord
	}
	rec.view = v
	return nil, nil
}

// readRecord copies the record from JavaScript.
func readRecord() (*record, error) {
	if rec.view.IsUndefined() {
		return nil, errRecord
	}
	js.CopyBytesToGo(unsafe.Slice((*byte)(unsafe.Pointer(&rec.f)), recLen*8), rec.view)
	return &rec, nil
}

// send copies the record, with the results Go wrote into it, back to
// JavaScript.
func (r *record) send() {
	js.CopyBytesToJS(r.view, unsafe.Slice((*byte)(unsafe.Pointer(&r.f)), recLen*8))
}

// int reads slot i as an integer in [0, pool.MaxSide].
func (r *record) int(i int) (int, error) {
	f := r.f[i]
	if f != math.Trunc(f) || f < 0 || f > pool.MaxSide {
		return 0, errRecord
	}
	return int(f), nil
}

func (r *record) size(i int) (pool.Size, error) {
	h, err := r.int(i)
	if err != nil {
		return pool.Size{}, err
	}
	w, err := r.int(i + 1)
	return pool.Size{H: h, W: w}, err
}

func (r *record) name(i int, names []string) (string, error) {
	n, err := r.int(i)
	if err != nil || n >= len(names) || names[n] == "" {
		return "", errRecord
	}
	return names[n], nil
}

func (r *record) op() (pool.Op, error) {
	s, err := r.name(recOp, opNames[:])
	if err != nil {
		return 0, err
	}
	return pool.ParseOp(s)
}

// window reads kernel, stride and padding, which maxUnpool takes alone.
func (r *record) window() (o pool.Options, err error) {
	if o.Kernel, err = r.size(recKernel); err != nil {
		return o, err
	}
	if o.Stride, err = r.size(recStride); err != nil {
		return o, err
	}
	o.Padding, err = r.size(recPadding)
	return o, err
}

// options reads the pooling options. poolkit.js has checked every value's
// type and that sizes are integers in range; pool checks how they combine.
func (r *record) options() (o pool.Options, err error) {
	op, err := r.op()
	if err != nil {
		return o, err
	}
	if o, err = r.window(); err != nil {
		return o, err
	}
	o.Op = op
	if o.Dilation, err = r.size(recDilation); err != nil {
		return o, err
	}
	o.Same = r.f[recSame] == 1
	o.CeilMode = r.f[recCeilMode] == 1
	o.ExcludePad = r.f[recCountPad] == 0
	if p := r.f[recP]; p > 0 && !math.IsInf(p, 0) {
		o.P = p
	} else if p != 0 {
		return o, errRecord
	}
	a, err := r.name(recAlpha, alphaNames[:])
	if err != nil {
		return o, err
	}
	if o.Alpha, err = pool.ParseAlpha(a); err != nil {
		return o, err
	}
	c, err := r.name(recColorSpace, spaceNames[:])
	if err != nil {
		return o, err
	}
	o.ColorSpace, err = pool.ParseColorSpace(c)
	return o, err
}

func (r *record) shape() ([]int, error) {
	n, err := r.int(recRank)
	if err != nil || n > 4 {
		return nil, errRecord
	}
	s := make([]int, n)
	for i := range s {
		if s[i], err = r.int(recShape + i); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (r *record) setShape(s []int) {
	r.f[recRank] = float64(len(s))
	for i, d := range s {
		r.f[recShape+i] = float64(d)
	}
}
