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
//
// Per-axis slots hold the first spatial axis first, in as many slots as the
// spatial rank; recPadding holds the pads before every axis, then those
// after (per-axis padding is written to both).
const (
	recOp         = 0  // 1..4: max, avg, min, lp
	recRank       = 1  // the spatial rank, 1..3
	recKernel     = 2  // 3 slots
	recStride     = 5  // 3 slots; 0 = the kernel
	recDilation   = 8  // 3 slots; 0 = 1
	recPadding    = 11 // 6 slots: begin..., end...
	recPadMode    = 17 // padAxes, padBeginEnd, padSameUpper or padSameLower
	recCeilMode   = 18 // 0 or 1
	recCountPad   = 19 // 0 or 1
	recP          = 20 // 0 = 2
	recAlpha      = 21 // 0 straight, 1 premultiplied
	recColorSpace = 22 // 0 srgb, 1 linear
	recIndices    = 23 // 1 = returnIndices
	recOutputSize = 24 // 3 slots; 0 = none
	recWidth      = 27 // a picture's width and height
	recHeight     = 28
	recTensorRank = 29 // a tensor's rank and shape; the result's on return
	recShape      = 30 // 5 slots
	recRows       = 35 // height, srcY, from, to
	recResult     = 39 // 2 slots: a picture's width and height, or inputRows' y0, y1
	recLen        = 41
)

// The padding modes of recPadMode.
const (
	padAxes      = 0 // per-axis numbers, PyTorch's padding
	padBeginEnd  = 1 // ONNX's pads
	padSameUpper = 2
	padSameLower = 3
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

// rank reads the spatial rank.
func (r *record) rank() (int, error) {
	n, err := r.int(recRank)
	if err != nil || n < 1 || n > 3 {
		return 0, errRecord
	}
	return n, nil
}

// axes reads rank slots from i; all zero reads as nil, the default.
func (r *record) axes(i, rank int) ([]int, error) {
	v := make([]int, rank)
	set := false
	for j := range v {
		var err error
		if v[j], err = r.int(i + j); err != nil {
			return nil, err
		}
		set = set || v[j] != 0
	}
	if !set {
		return nil, nil
	}
	return v, nil
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

// nd reads the pooling options of a tensor call; op is only read when
// withOp (maxUnpool takes none). poolkit.js has checked every value's type,
// that sizes are integers in range and that lists have one entry per axis;
// pool checks how they combine.
func (r *record) nd(withOp bool) (o pool.NDOptions, err error) {
	if withOp {
		if o.Op, err = r.op(); err != nil {
			return o, err
		}
	}
	rank, err := r.rank()
	if err != nil {
		return o, err
	}
	if o.Kernel, err = r.axes(recKernel, rank); err != nil {
		return o, err
	}
	if o.Stride, err = r.axes(recStride, rank); err != nil {
		return o, err
	}
	if o.Dilation, err = r.axes(recDilation, rank); err != nil {
		return o, err
	}
	before, err := r.axes(recPadding, rank)
	if err != nil {
		return o, err
	}
	after, err := r.axes(recPadding+3, rank)
	if err != nil {
		return o, err
	}
	switch r.f[recPadMode] {
	case padAxes:
		o.Padding = before
	case padBeginEnd:
		o.Padding = make([]int, 2*rank)
		copy(o.Padding, before)
		copy(o.Padding[rank:], after)
	case padSameUpper:
		o.AutoPad = pool.SameUpper
	case padSameLower:
		o.AutoPad = pool.SameLower
	default:
		return o, errRecord
	}
	o.CeilMode = r.f[recCeilMode] == 1
	o.ExcludePad = r.f[recCountPad] == 0
	o.P, err = r.p()
	return o, err
}

func (r *record) p() (float64, error) {
	p := r.f[recP]
	if p != 0 && !(p > 0 && !math.IsInf(p, 0)) {
		return 0, errRecord
	}
	return p, nil
}

// spec reads a tensor pooling: the 2-D Options where they say it, so that
// 2-D errors read as they always have, else NDOptions.
func (r *record) spec() (pool.Spec, error) {
	o, err := r.nd(true)
	if err != nil {
		return nil, err
	}
	for _, p := range [...]struct {
		slot  int
		name  string
		names []string
	}{{recAlpha, "alpha", alphaNames[:]}, {recColorSpace, "colorSpace", spaceNames[:]}} {
		if r.f[p.slot] != 0 {
			v, err := r.name(p.slot, p.names)
			if err != nil {
				return nil, err
			}
			return nil, newTypeError(p.name, `"`+v+`"`, "applies to pictures only, not to tensors")
		}
	}
	if len(o.Kernel) == 2 && (r.f[recPadMode] == padAxes || r.f[recPadMode] == padSameUpper) {
		o2, err := r.options()
		return o2, err
	}
	return o, nil
}

// options reads the 2-D pooling options that pictures take.
func (r *record) options() (o pool.Options, err error) {
	nd, err := r.nd(true)
	if err != nil {
		return o, err
	}
	if len(nd.Kernel) != 2 {
		return o, newTypeError("kernel", pool.Dims(nd.Kernel).String(), "must be a number or [height, width]; pictures are 2-D")
	}
	size := func(v []int) pool.Size {
		if v == nil {
			return pool.Size{}
		}
		return pool.Size{H: v[0], W: v[1]}
	}
	o = pool.Options{
		Op: nd.Op, Kernel: size(nd.Kernel), Stride: size(nd.Stride), Dilation: size(nd.Dilation),
		CeilMode: nd.CeilMode, ExcludePad: nd.ExcludePad, P: nd.P,
	}
	switch r.f[recPadMode] {
	case padAxes:
		o.Padding = size(nd.Padding)
	case padSameUpper:
		o.Same = true
	default:
		return o, newTypeError("padding", "", `pictures take a number, [height, width], "valid" or "same"`)
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

// extent reads outputSize: a Size in 2-D, whose errors read as they always
// have, else Dims; nil when it is not given.
func (r *record) extent() (pool.Extent, error) {
	rank, err := r.rank()
	if err != nil {
		return nil, err
	}
	d, err := r.axes(recOutputSize, rank)
	if err != nil || d == nil {
		return nil, err
	}
	if rank == 2 {
		return pool.Size{H: d[0], W: d[1]}, nil
	}
	return pool.Dims(d), nil
}

func (r *record) shape() ([]int, error) {
	n, err := r.int(recTensorRank)
	if err != nil || n > 5 {
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
	r.f[recTensorRank] = float64(len(s))
	for i, d := range s {
		r.f[recShape+i] = float64(d)
	}
}
