//go:build js && wasm

// Command wasm is poolkit's WebAssembly module. It publishes the pool
// package's entry points to JavaScript as //go:wasmexport functions, which
// js/poolkit.js calls directly: a call costs what a call into any wasm
// function costs, where one through syscall/js's js.FuncOf cost about 11 us
// and left js.Values for Go's collector to finalize.
//
// Everything a call exchanges lies in this instance's memory, in places Go
// owns and keeps from call to call: the record of float64s (record.go) with
// the call's options, the sizes and addresses of its result and its error;
// the text area after it with an error's option name and message; and the
// buffers that reserve hands out for the input (calls.go), whose addresses
// stay put while they are large enough. JavaScript writes the record and
// the input there, calls the export, and reads the result where the record
// says it lies; it re-makes its views of the memory after any call, since a
// call that grows the memory detaches them.
//
// Every export returns 0, or 1 when the record holds an error; none lets a
// panic escape, which would end the instance. The exports, with their
// arguments (every other number travels in the record):
//
//	record()                   -> the address of the record; the text area follows it
//	reserve(buffer, bytes)     -> the address of that buffer, resized to bytes (0: an error)
//	bufferNew()                -> the number of a new resident buffer
//	bufferFree(buffer)
//	pool, poolRows             a picture in the data buffer; the result's address in output
//	outputSize, inputRows      sizes only, into result
//	checkShape                 pool.CheckShape's judgement of the shape in the record
//	poolTensor, adaptivePool, globalPool, maxUnpool
//	                           a tensor in the buffer the record names; the result at output,
//	                           its shape in shape, its indices at indicesOut
//	poolTensorGrad, adaptivePoolGrad, globalPoolGrad, maxUnpoolGrad, fractionalMaxPoolGrad
//	                           also gradOutput in its own buffer, its shape in sideShape; the
//	                           gradient (float32) at output (extended.go)
//	fractionalMaxPool          samples, if any, in the indices buffer
//	roiAlign, maxRoiPool       the regions in the indices buffer, their shape in sideShape
//	frameNew, frameSize, framePool, frameFree: pictures resident in memory (frames.go)
//
// syscall/js is used once, at start-up: main leaves an empty object in
// globalThis.__poolkit to tell js/loader.js that the program is running.
package main

import (
	"syscall/js"
)

func main() {
	js.Global().Set("__poolkit", js.Global().Get("Object").New())
	// Returning from main would end the instance and every later call would
	// fail with "Go program has already exited".
	select {}
}
