//go:build js && wasm

// Command wasm is poolkit's WebAssembly module. It publishes the pool
// package's entry points to JavaScript as one object of functions and then
// waits for calls for as long as the page or process lives.
//
// The object is left in globalThis.__poolkit while main runs; js/poolkit.js
// takes it and deletes the property as soon as the Go program is started,
// before any other JavaScript can run, so several instances can load side by
// side. Its functions take a record of numbers that poolkit.js has already
// checked and byte views over typed arrays, and return their results or an
// Error object, which poolkit.js throws: a Go function cannot throw into
// JavaScript, and a JavaScript exception unwinding through Go frames would
// leave the runtime broken.
//
// The functions, with "bytes" a Uint8Array view of a typed array's bytes;
// every other number a call needs, and the sizes it returns, travel in the
// record (see record.go) whose view setRecord hands over once:
//
//	setRecord(view)
//	pool(bytes, out?)            -> Uint8ClampedArray, or undefined when written to out
//	poolRows(bytes, out?)        -> the same, for output rows [from, to) of a band
//	outputSize()                 -> undefined; the size is in the record
//	inputRows()                  -> undefined; [y0, y1) is in the record
//	poolTensor(bytes, out?)      -> Uint8Array of float32s (out when given), or [that, Uint8Array of int32 indices]
//	adaptivePool(bytes, out?)    -> the same
//	globalPool(bytes, out?)      -> Uint8Array of float32s (out when given)
//	maxUnpool(bytes, indexBytes, out?) -> the same
//	frameNew, frameSize, framePool, frameFree: pictures resident in memory (frames.go)
package main

import (
	"runtime"
	"syscall/js"

	"github.com/poolkit/poolkit/pool"
)

var (
	jsObject            = js.Global().Get("Object")
	jsError             = js.Global().Get("Error")
	jsTypeError         = js.Global().Get("TypeError")
	jsRangeError        = js.Global().Get("RangeError")
	jsUint8Array        = js.Global().Get("Uint8Array")
	jsUint8ClampedArray = js.Global().Get("Uint8ClampedArray")
)

func main() {
	api := jsObject.New()
	for _, f := range []struct {
		name string
		call func([]js.Value) (any, error)
	}{
		{"setRecord", callSetRecord},
		{"pool", callPool},
		{"poolRows", callPoolRows},
		{"outputSize", callOutputSize},
		{"inputRows", callInputRows},
		{"poolTensor", callPoolTensor},
		{"adaptivePool", callAdaptivePool},
		{"globalPool", callGlobalPool},
		{"maxUnpool", callMaxUnpool},
		{"frameNew", callFrameNew},
		{"frameSize", callFrameSize},
		{"framePool", callFramePool},
		{"frameFree", callFrameFree},
	} {
		api.Set(f.name, export(f.call))
	}
	js.Global().Set("__poolkit", api)
	// Returning from main would end the instance and every later call would
	// fail with "Go program has already exited".
	select {}
}

// export wraps f as a JavaScript function that never lets a panic escape:
// a panic in a js.FuncOf callback ends the Go runtime for good.
func export(f func([]js.Value) (any, error)) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = panicError(r)
			}
		}()
		v, err := f(args)
		release(args, v)
		if err != nil {
			return errorValue(err)
		}
		return v
	})
}

// Every JavaScript object a call's arguments hold, or that Go makes for its
// result, stays referenced from wasm_exec.js's table until Go's garbage
// collector finalizes the js.Value that named it; the buffers Go reuses keep
// its heap from growing, so without help that collection would hardly ever
// come, and every picture passed in or handed back would stay in memory.
// release counts the bytes of the typed arrays a call touched and collects
// once they add up to heldLimit, which bounds what is kept to about that.
var heldBytes int

const heldLimit = 64 << 20

func release(args []js.Value, result any) {
	for _, a := range args {
		heldBytes += typedBytes(a)
	}
	switch r := result.(type) {
	case js.Value:
		heldBytes += typedBytes(r)
	case []any:
		for _, v := range r {
			if v, ok := v.(js.Value); ok {
				heldBytes += typedBytes(v)
			}
		}
	}
	if heldBytes > heldLimit {
		heldBytes = 0
		runtime.GC()
	}
}

// typedBytes is v's byteLength when v is a typed array, else 0.
func typedBytes(v js.Value) int {
	if v.Type() != js.TypeObject {
		return 0
	}
	if n := v.Get("byteLength"); n.Type() == js.TypeNumber {
		return n.Int()
	}
	return 0
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

// errorValue is the JavaScript error for err; an option's error carries the
// option's name as its option property.
func errorValue(err error) js.Value {
	var v js.Value
	var option string
	switch e := err.(type) {
	case *typeError:
		v, option = jsTypeError.New(err.Error()), e.Option
	case *pool.OptionError:
		if typeOptions[e.Option] {
			v = jsTypeError.New(err.Error())
		} else {
			v = jsRangeError.New(err.Error())
		}
		option = e.Option
	default:
		return jsError.New("poolkit: " + err.Error())
	}
	v.Set("option", option)
	return v
}

func panicError(r any) js.Value {
	switch r := r.(type) {
	case *js.ValueError:
		return jsTypeError.New("poolkit: " + r.Error())
	case error:
		return jsError.New("poolkit: internal error: " + r.Error())
	case string:
		return jsError.New("poolkit: internal error: " + r)
	}
	return jsError.New("poolkit: internal error")
}

// arg returns args[i], or undefined past the end, so that a short call reads
// as missing arguments instead of an index panic.
func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}
