//go:build js && wasm

package main

import (
	"strconv"
	"unsafe"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// run runs one call of an export: it clears the record's error, and reports
// f's error, or a panic, there, returning 1; a panic that unwound out of an
// export would end the instance.
func run(f func() error) (status int32) {
	defer func() {
		if r := recover(); r != nil {
			setError(wire.ErrError, "", "poolkit: internal error"+panicText(r))
			status = 1
		}
	}()
	rec.f[wire.Error] = wire.ErrNone
	longLists = longLists[:0]
	if err := f(); err != nil {
		report(quoteLong(err))
		return 1
	}
	return 0
}

func panicText(r any) string {
	switch r := r.(type) {
	case error:
		return ": " + r.Error()
	case string:
		return ": " + r
	}
	return ""
}

// typeError is an OptionError that JavaScript sees as a TypeError: a value of
// the wrong kind, as opposed to a number out of range.
type typeError struct{ pool.OptionError }

func newTypeError(option, value, rule string) error {
	return &typeError{pool.OptionError{Option: option, Value: value, Rule: rule}}
}

func newRangeError(option, value, rule string) error {
	return &pool.OptionError{Option: option, Value: value, Rule: rule}
}

// typeOptions are the options whose values are names or flags, so that any
// error about them is a TypeError; every other option holds a number or a
// size, and errors about those are RangeErrors.
var typeOptions = map[string]bool{
	"op": true, "alpha": true, "colorSpace": true,
	"returnIndices": true, "ceilMode": true, "countIncludePad": true,
}

// quoteLong returns err quoting a list longer than its slots as the record
// holds it, where pool's message would quote the 0 read past them.
func quoteLong(err error) error {
	e, ok := err.(*pool.OptionError)
	if te, isType := err.(*typeError); isType {
		e, ok = &te.OptionError, true
	}
	if ok {
		for _, l := range longLists {
			if l.option == e.Option {
				e.Value = l.quote
			}
		}
	}
	return err
}

// report writes err into the record: its kind (the JavaScript class it
// becomes) and, for an option's error, the option's name.
func report(err error) {
	switch e := err.(type) {
	case *typeError:
		setError(wire.ErrType, e.Option, err.Error())
	case *pool.OptionError:
		kind := wire.ErrRange
		if typeOptions[e.Option] {
			kind = wire.ErrType
		}
		setError(kind, e.Option, err.Error())
	default:
		setError(wire.ErrError, "", "poolkit: "+err.Error())
	}
}

func setError(kind int, option, message string) {
	n := copy(rec.text[:], option)
	m := copy(rec.text[n:], message)
	rec.f[wire.Error] = float64(kind)
	rec.f[wire.ErrorOption] = float64(n)
	rec.f[wire.ErrorMessage] = float64(m)
}

// The buffers calls read their input from, by number (wire.BufData and the
// rest): JavaScript asks reserve for one of a size and writes its input at
// the address it gets. Each only grows, so a loop over inputs of one size, or
// of sizes that go down and up, allocates nothing after its first call.
// Freed numbers are nil and reused.
var buffers = make([][]byte, wire.FirstResident)

// Buffers reused for results, so that a loop of calls leaves no garbage: a
// picture's, and the float32 result of a tensor call with the converted input
// and result of uint8 and float64 tensors.
var (
	pixOut []byte
	f32In  []float32
	f32Out []float32
	anyOut []byte
)

// maxInput bounds the bytes of a buffer, so that the input, its copies and
// the result fit wasm's 4 GiB together: running out of memory is fatal in Go,
// not a panic, and would end the instance.
const maxInput = 1 << 30

// maxOutput bounds the elements a tensor call may produce, so that an
// outputSize typo cannot make Go's allocator exhaust wasm memory, which is
// fatal too. 2^28 float32s are 1 GiB.
const maxOutput = 1 << 28

// alignedBytes makes n bytes starting at a multiple of 8, so that
// JavaScript may view them as any typed array.
func alignedBytes(n int) []byte {
	w := make([]uint64, max(1, (n+7)/8))
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(w))), len(w)*8)[:n]
}

// growAligned returns b resized to n bytes, or new aligned bytes where b is
// too small or nil: every buffer has an address, the empty ones too, since
// reserve's 0 means an error.
func growAligned(b []byte, n int) []byte {
	if cap(b) < n || b == nil {
		return alignedBytes(n)
	}
	return b[:n]
}

func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		buf = make([]T, n)
	}
	return buf[:n]
}

// viewAs views b's bytes as Ts: wasm and every JavaScript engine store
// typed arrays little-endian, so JavaScript's bytes are Go's values.
func viewAs[T float32 | int32 | float64](b []byte) []T {
	var z T
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
}

func bytesOf[T float32 | int32 | float64](s []T) []byte {
	var z T
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(z)))
}

// reserve(buffer, bytes): the buffer resized to bytes, at the address it
// returns; 0 with an error in the record.
//
//go:wasmexport reserve
func exportReserve(id int32, n float64) uint32 {
	// Arguments travel through globals: a closure over them would be
	// allocated on every call.
	reserveID, reserveBytes, reserveAt = id, n, 0
	run(reserve)
	return reserveAt
}

var (
	reserveID    int32
	reserveBytes float64
	reserveAt    uint32
)

func reserve() error {
	id, n := reserveID, reserveBytes
	if id < 0 || int(id) >= len(buffers) || (id >= wire.FirstResident && buffers[id] == nil) {
		return errRecord
	}
	if n != float64(int(n)) || n < 0 {
		return errRecord
	}
	if n > maxInput {
		return newRangeError("data", "of "+strconv.FormatFloat(n, 'f', -1, 64)+" bytes", "must be at most 2^30 bytes")
	}
	buffers[id] = growAligned(buffers[id], int(n))
	reserveAt = address(buffers[id][:cap(buffers[id])])
	return nil
}

// bufferNew(): a resident buffer, for a tensor that stays in the memory.
//
//go:wasmexport bufferNew
func exportBufferNew() int32 {
	for i := wire.FirstResident; i < len(buffers); i++ {
		if buffers[i] == nil {
			buffers[i] = alignedBytes(0)
			return int32(i)
		}
	}
	buffers = append(buffers, alignedBytes(0))
	return int32(len(buffers) - 1)
}

// bufferFree(buffer)
//
//go:wasmexport bufferFree
func exportBufferFree(id int32) {
	if id >= wire.FirstResident && int(id) < len(buffers) {
		buffers[id] = nil
	}
}

// buffer is the buffer that record slot i names.
func buffer(i int) ([]byte, error) {
	id, err := rec.int(i)
	if err != nil || id >= len(buffers) || buffers[id] == nil {
		return nil, errRecord
	}
	return buffers[id], nil
}

// pixelsArg reads a picture from the data buffer; pool judges its size
// and its data's length.
func pixelsArg(r *record) (pool.Pixels, error) {
	w, h, err := r.pictureSize()
	if err != nil {
		return pool.Pixels{}, err
	}
	data, err := buffer(wire.Data)
	if err != nil {
		return pool.Pixels{}, err
	}
	return pool.Pixels{Pix: data, Width: w, Height: h}, nil
}

// pictureSize reads a picture's width and height from the record.
func (r *record) pictureSize() (w, h int, err error) {
	return pictureSize(r.f[wire.Width], r.f[wire.Height])
}

// pictureSize reads a picture's width and height with pool.Whole, for pool
// to judge.
func pictureSize(width, height float64) (w, h int, err error) {
	if w, err = wholeOf("width", width); err == nil {
		h, err = wholeOf("height", height)
	}
	return w, h, err
}

// pixelsResult keeps a pooled picture's buffer for the next call and tells
// JavaScript where it lies and its size.
func pixelsResult(r *record, res pool.Pixels) {
	if cap(res.Pix) > cap(pixOut) {
		pixOut = res.Pix[:0]
	}
	r.f[wire.Output], r.f[wire.OutputLen] = float64(address(res.Pix[:cap(res.Pix)])), float64(len(res.Pix))
	r.f[wire.Result], r.f[wire.Result+1] = float64(res.Width), float64(res.Height)
}

// pictureCall reads what every picture call takes: the options and the
// picture.
func pictureCall() (pool.Options, pool.Pixels, error) {
	o, err := rec.options()
	if err != nil {
		return pool.Options{}, pool.Pixels{}, err
	}
	src, err := pixelsArg(&rec)
	return o, src, err
}

//go:wasmexport pool
func exportPool() int32 {
	return run(func() error {
		o, src, err := pictureCall()
		if err != nil {
			return err
		}
		res, err := pool.PoolPixels(pixOut, src, o)
		if err != nil {
			return err
		}
		pixelsResult(&rec, res)
		return nil
	})
}

// rowsKeys names the record's rows slots as JavaScript's rows option does.
var rowsKeys = [...]string{"rows.height", "rows.srcY", "rows.from", "rows.to"}

// poolRows: the data buffer holds rows [srcY, srcY+height) of a picture
// rows.height tall.
//
//go:wasmexport poolRows
func exportPoolRows() int32 {
	return run(func() error {
		o, src, err := pictureCall()
		if err != nil {
			return err
		}
		var rows pool.Rows
		for i, p := range []*int{&rows.Height, &rows.SrcY, &rows.From, &rows.To} {
			if *p, err = wholeOf(rowsKeys[i], rec.f[wire.Rows+i]); err != nil {
				return err
			}
		}
		res, err := pool.PoolPixelRows(pixOut, src, o, rows)
		if err != nil {
			return err
		}
		pixelsResult(&rec, res)
		return nil
	})
}

func geometry(r *record) (pool.Options, pool.Geometry, error) {
	o, in, err := sizeCall(r)
	if err != nil {
		return o, pool.Geometry{}, err
	}
	g, err := o.Resolve(in)
	return o, g, err
}

// sizeCall reads the options and the picture size of outputSize and
// inputRows.
func sizeCall(r *record) (o pool.Options, in pool.Size, err error) {
	if o, err = r.options(); err != nil {
		return o, in, err
	}
	if in.W, in.H, err = r.pictureSize(); err != nil {
		return o, in, err
	}
	if e := pool.CheckPictureSize(in.W, in.H); e != nil {
		return o, in, e
	}
	return o, in, nil
}

//go:wasmexport outputSize
func exportOutputSize() int32 {
	return run(func() error {
		_, g, err := geometry(&rec)
		if err != nil {
			return err
		}
		rec.f[wire.Result], rec.f[wire.Result+1] = float64(g.W.Out), float64(g.H.Out)
		return nil
	})
}

// inputRows: the output rows are rows.from and rows.to.
//
//go:wasmexport inputRows
func exportInputRows() int32 {
	return run(func() error {
		// InputRows resolves the geometry itself, reusing the last call's
		// where it can: a picture pooled in bands asks for each band's rows.
		o, in, err := sizeCall(&rec)
		if err != nil {
			return err
		}
		from, err := wholeOf("from", rec.f[wire.Rows+2])
		if err != nil {
			return err
		}
		to, err := wholeOf("to", rec.f[wire.Rows+3])
		if err != nil {
			return err
		}
		y0, y1, err := o.InputRows(in, from, to)
		if err != nil {
			return err
		}
		rec.f[wire.Result], rec.f[wire.Result+1] = float64(y0), float64(y1)
		return nil
	})
}
