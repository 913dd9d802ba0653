//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"unsafe"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// A call's numbers travel in one record of float64s that poolkit.js fills
// (checking their types) in place, in this instance's memory, and pool
// judges their values. Go writes the result's sizes and addresses, or its
// error, into the same record and the text area after it. Its layout and
// enum codes are package wire's, from which js/wire.js is generated.

type record struct {
	f    [wire.Len]float64
	text [wire.TextLen]byte
}

// rec is the one record of this instance: JavaScript runs one call at a
// time.
var rec record

var errRecord = errors.New("malformed call record")

//go:wasmexport record
func exportRecord() uint32 { return address(unsafe.Slice((*byte)(unsafe.Pointer(&rec)), 1)) }

// address is where b's bytes start in the memory; Go's collector does not
// move objects.
func address(b []byte) uint32 {
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
}

// int reads slot i as an integer in [0, pool.MaxSide].
func (r *record) int(i int) (int, error) {
	f := r.f[i]
	if f != math.Trunc(f) || f < 0 || f > pool.MaxSide {
		return 0, errRecord
	}
	return int(f), nil
}

// rankOf returns the spatial rank that the list option whose count is in
// slot count sets: its length, or 2 for one number, as pool reads a number;
// a list longer than the record holds reads as one more than it holds.
func (r *record) rankOf(count int) (int, error) {
	c := r.f[count]
	if c == wire.OneNumber {
		return 2, nil
	}
	n, err := r.int(count)
	return min(n, maxList), err
}

// given reports whether the caller gave option, one of wire.Givens.
func (r *record) given(option string) bool {
	return int(r.f[wire.Given])&int(wire.Bit(option)) != 0
}

// floats formats v as "[2, 0.5]".
func floats(v []float64) string {
	b := []byte{'['}
	for i, f := range v {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, number(f)...)
	}
	return string(append(b, ']'))
}

// number formats f as JavaScript writes the infinities and whole numbers.
func number(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == math.Trunc(f) && math.Abs(f) < 1e21:
		// JavaScript writes whole numbers below 1e21 without an exponent.
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// maxList is the most numbers any list option has slots for (padding's
// begin and end of three axes).
const maxList = 6

// listBuf holds what list reads, one array per slot, so that a call
// allocates nothing to read its options: they are only read during it.
var listBuf [wire.Len][maxList + 1]int

// longList quotes a list or a shape of this call longer than its slots as
// the record holds it, for pool's message about it.
type longList struct{ option, quote string }

// longLists are this call's lists and shapes longer than their slots.
var longLists []longList

// noteLong notes that option holds more numbers than held, its numbers in
// the record; its messages quote them after prefix.
func noteLong(option, prefix string, held []float64) {
	q := floats(held)
	longLists = append(longLists, longList{option, prefix + q[:len(q)-1] + ", ...]"})
}

// axes reads the list option whose numbers start at slot i (slots of
// them) and whose count is in slot count: nil, the default, when it was not
// given, else what JavaScript wrote, for pool to judge.
func (r *record) axes(option string, i, count, slots, rank int) ([]int, error) {
	if !r.given(option) {
		return nil, nil
	}
	return r.list(option, i, count, slots, rank)
}

// list reads a list option: one number repeated to rank, or the list as
// given (numbersAt), for pool to judge, its length included.
func (r *record) list(option string, i, count, slots, rank int) ([]int, error) {
	if r.f[count] != wire.OneNumber {
		return r.numbersAt(listBuf[i][:], option, "", count, i, slots)
	}
	n, err := wholeOf(option, r.f[i])
	if err != nil {
		return nil, err
	}
	v := listBuf[i][:rank:rank]
	for j := range v {
		v[j] = n
	}
	return v, nil
}

// listLength reads the count slot of a list whose numbers start at slot
// first, slots of them, as JavaScript wrote it: held, how many numbers the
// record holds, and n, how many to read: held, or one more where the list
// is longer than its slots, its numbers then noted for pool's message
// (noteLong), which quotes them after prefix.
func (r *record) listLength(option, prefix string, count, first, slots int) (n, held int, err error) {
	if n, err = r.int(count); err != nil {
		return 0, 0, err
	}
	held = min(n, slots)
	if n > held {
		noteLong(option, prefix, r.f[first:first+held])
		n = held + 1
	}
	return n, held, nil
}

// numbersAt reads into buf (of at least slots+1) a list or a shape as
// JavaScript wrote it, its length in slot count (listLength) and its first
// numbers from slot first, each a whole number for pool to judge; errors
// name option and quote the numbers after prefix. A list longer than its
// slots reads as one more number than they hold, a 0: pool judges a list's
// length before its numbers, and no rule of it says the length it was given.
func (r *record) numbersAt(buf []int, option, prefix string, count, first, slots int) ([]int, error) {
	n, held, err := r.listLength(option, prefix, count, first, slots)
	if err != nil {
		return nil, err
	}
	v := buf[:n:n]
	for j := range v {
		if j == held {
			v[j] = 0
			break
		}
		f := r.f[first+j]
		if f >= 1 && f <= pool.MaxSide && f == math.Trunc(f) {
			// The common case, without a call.
			v[j] = int(f)
			continue
		}
		d, e := pool.Whole(option, f)
		if e != nil {
			e.Value = prefix + floats(r.f[first:first+held])
			return nil, e
		}
		v[j] = d
	}
	return v, nil
}

// wholeOf reads f, the value of option, a number alone, with pool.Whole;
// the error quotes it as JavaScript wrote it.
func wholeOf(option string, f float64) (int, error) {
	if f >= 1 && f <= pool.MaxSide && f == math.Trunc(f) {
		// The common case, without a call: a number pool will judge.
		return int(f), nil
	}
	n, e := pool.Whole(option, f)
	if e != nil {
		e.Value = number(f)
		return 0, e
	}
	return n, nil
}

// code reads slot i as an enum code below n.
func (r *record) code(i, n int) (int, error) {
	c, err := r.int(i)
	if err != nil || c >= n {
		return 0, errRecord
	}
	return c, nil
}

func (r *record) op() (pool.Op, error) {
	c, err := r.code(wire.Op, len(wire.Ops))
	if err != nil || c < int(pool.Max) {
		return 0, errRecord
	}
	return pool.Op(c), nil
}

func (r *record) alpha() (pool.Alpha, error) {
	c, err := r.code(wire.Alpha, len(wire.Alphas))
	return pool.Alpha(c), err
}

func (r *record) colorSpace() (pool.ColorSpace, error) {
	c, err := r.code(wire.ColorSpace, len(wire.ColorSpaces))
	return pool.ColorSpace(c), err
}

// nd reads the pooling options of a tensor call, lists of one number
// repeated to rank; op is only read when withOp (maxUnpool takes none).
// poolkit.js has checked every value's type; pool checks the values and
// the lists' lengths.
func (r *record) nd(withOp bool, rank int) (o pool.NDOptions, err error) {
	if withOp {
		if o.Op, err = r.op(); err != nil {
			return o, err
		}
	}
	if o.Kernel, err = r.axes("kernel", wire.Kernel, wire.KernelCount, 3, rank); err != nil {
		return o, err
	}
	if o.Stride, err = r.axes("stride", wire.Stride, wire.StrideCount, 3, rank); err != nil {
		return o, err
	}
	if o.Dilation, err = r.axes("dilation", wire.Dilation, wire.DilationCount, 3, rank); err != nil {
		return o, err
	}
	switch r.f[wire.PadMode] {
	case wire.PadNumbers:
		if o.Padding, err = r.axes("padding", wire.Padding, wire.PaddingCount, maxList, rank); err != nil {
			return o, err
		}
	case wire.PadSameUpper:
		o.AutoPad = pool.SameUpper
	case wire.PadSameLower:
		o.AutoPad = pool.SameLower
	default:
		return o, errRecord
	}
	o.CeilMode = r.f[wire.CeilMode] == 1
	o.ExcludePad = r.f[wire.CountIncludePad] == 0
	if r.given("divisorOverride") {
		if o.DivisorOverride, err = wholeOf("divisorOverride", r.f[wire.DivisorOverride]); err != nil {
			return o, err
		}
		if o.DivisorOverride == 0 {
			// 0 is NDOptions' "none": given, it is an error.
			return o, pool.CheckDivisorOverride(o.Op, 0)
		}
	}
	o.P, err = r.p()
	return o, err
}

// p reads the order of an Lp norm: 0, the default, when it was not given,
// else what JavaScript wrote, checked by pool.CheckP, since pool reads 0 as
// the default.
func (r *record) p() (float64, error) {
	if !r.given("p") {
		return 0, nil
	}
	p := r.f[wire.P]
	if e := pool.CheckP(p); e != nil {
		e.Value = number(p)
		return 0, e
	}
	return p, nil
}

// spec reads a tensor pooling: the 2-D Options where they say it, so that
// 2-D errors read as they always have, else NDOptions.
func (r *record) spec() (pool.Spec, error) {
	rank, err := r.rankOf(wire.KernelCount)
	if err != nil {
		return nil, err
	}
	o, err := r.nd(true, rank)
	if err != nil {
		return nil, err
	}
	// Pictures' options are errors on tensors, named with the value given.
	a, err := r.alpha()
	if err != nil {
		return nil, err
	}
	c, err := r.colorSpace()
	if err != nil {
		return nil, err
	}
	if e := pool.CheckTensor(a, c); e != nil {
		return nil, &typeError{*e}
	}
	if o2, ok := o.Options(); ok {
		// Options in a Spec is a copy on the heap: the last call's is
		// handed out again when this call's options equal it, so that a
		// loop of calls allocates none.
		if last, ok := lastSpec.(pool.Options); !ok || last != o2 {
			lastSpec = o2
		}
		return lastSpec, nil
	}
	return o, nil
}

// lastSpec is the last 2-D tensor call's options.
var lastSpec pool.Spec

// options reads the 2-D pooling options that pictures take: the last
// call's again when the record's option slots are those it was read from,
// as they are in a loop over pictures.
func (r *record) options() (pool.Options, error) {
	if haveLastOptions && lastOptionsBits.matches(r) {
		return lastOptions, nil
	}
	rank, err := r.rankOf(wire.KernelCount)
	if err != nil {
		return pool.Options{}, err
	}
	nd, err := r.nd(true, rank)
	if err != nil {
		return pool.Options{}, err
	}
	o, err := r.options2(nd)
	if err != nil {
		return o, err
	}
	lastOptions, lastOptionsBits, haveLastOptions = o, optionBitsOf(r), true
	return o, nil
}

var (
	lastOptions     pool.Options
	lastOptionsBits optionBits
	haveLastOptions bool
)

// optionBits are the record's slots of the pooling options (those before
// returnIndices, the divisor override, the options given and the window
// lists' counts) as bits.
type optionBits struct {
	slots           [wire.ReturnIndices]uint64
	override, given uint64
	counts          [wire.PaddingCount + 1 - wire.KernelCount]uint64
}

func optionBitsOf(r *record) (k optionBits) {
	for i := range k.slots {
		k.slots[i] = math.Float64bits(r.f[i])
	}
	k.override = math.Float64bits(r.f[wire.DivisorOverride])
	k.given = math.Float64bits(r.f[wire.Given])
	for i := range k.counts {
		k.counts[i] = math.Float64bits(r.f[wire.KernelCount+i])
	}
	return k
}

// matches reports whether r holds k; it compares slot by slot and stops at
// the first difference, where comparing arrays whole would call Go's
// memequal, which wasm runs a byte at a time.
func (k *optionBits) matches(r *record) bool {
	for i := range k.slots {
		if k.slots[i] != math.Float64bits(r.f[i]) {
			return false
		}
	}
	for i := range k.counts {
		if k.counts[i] != math.Float64bits(r.f[wire.KernelCount+i]) {
			return false
		}
	}
	return k.override == math.Float64bits(r.f[wire.DivisorOverride]) && k.given == math.Float64bits(r.f[wire.Given])
}

// options2 makes nd, read from the record, the 2-D Options a picture takes.
// An error about what nd says rather than its values (a kernel not 2-D,
// begin and end pads) is a TypeError, as a value of the wrong kind.
func (r *record) options2(nd pool.NDOptions) (o pool.Options, err error) {
	if o, err = nd.Picture(); err != nil {
		if e, ok := err.(*pool.OptionError); ok && nd.Validate() == nil {
			return o, &typeError{*e}
		}
		return o, err
	}
	if o.Alpha, err = r.alpha(); err != nil {
		return o, err
	}
	o.ColorSpace, err = r.colorSpace()
	return o, err
}

// extent reads outputSize, of the rank its own length gives: a Size in
// 2-D, whose errors read as they always have, else Dims; nil when it is not
// given.
func (r *record) extent() (pool.Extent, error) {
	rank, err := r.rankOf(wire.OutputSizeCount)
	if err != nil {
		return nil, err
	}
	d, err := r.axes("outputSize", wire.OutputSize, wire.OutputSizeCount, 3, rank)
	if err != nil || d == nil {
		return nil, err
	}
	return extentOf(d), nil
}

// extentOf returns d as a Size in 2-D, else as Dims.
func extentOf(d []int) pool.Extent {
	if len(d) == 2 {
		return pool.Size{H: d[0], W: d[1]}
	}
	return pool.Dims(d)
}

// dims reads globalPool's dims: 0, the default, when it was not given, else
// what JavaScript wrote, checked by pool.CheckDims, since pool reads 0 as
// the default.
func (r *record) dims() (int, error) {
	if !r.given("dims") {
		return 0, nil
	}
	d, err := wholeOf("dims", r.f[wire.Dims])
	if err != nil {
		return 0, err
	}
	if e := pool.CheckDims(d); e != nil {
		e.Value = number(r.f[wire.Dims])
		return 0, e
	}
	return d, nil
}

// shapeBuf holds the tensor's shape as a call reads it, and sideBuf its
// second tensor's: a call's shapes are only read during it.
var shapeBuf, sideBuf [wire.ShapeSlots + 1]int

// tensorShape reads the tensor's shape and judges it with pool.CheckShape.
func (r *record) tensorShape() ([]int, error) {
	s, err := r.numbersAt(shapeBuf[:], "shape", "", wire.TensorRank, wire.Shape, wire.ShapeSlots)
	if err != nil {
		return nil, err
	}
	if e := pool.CheckShape(s); e != nil {
		return nil, e
	}
	return s, nil
}

func (r *record) setShape(s []int) {
	r.f[wire.TensorRank] = float64(len(s))
	for i, d := range s {
		r.f[wire.Shape+i] = float64(d)
	}
}
