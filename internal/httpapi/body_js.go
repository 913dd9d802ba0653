//go:build js && wasm

package httpapi

import (
	"errors"
	"net/http"
	"syscall/js"
)

// At the edge, syumai/workers streams bodies between JS and Go in small
// chunks, each a promise and a goroutine switch: a 16 MiB body took over a
// second that way. Its request body and response writer also expose the JS
// side, so both travel in one piece instead.

// readWhole reads the body of a request from the JS runtime in one piece,
// refusing one over limit. ok is false when the body is not a JS stream.
func readWhole(r *http.Request, limit int64) (b []byte, ok bool, err error) {
	src, isJS := r.Body.(interface{ GetRawJSBody() js.Value })
	if !isJS {
		return nil, false, nil
	}
	buf, err := await(js.Global().Get("Response").New(src.GetRawJSBody()).Call("arrayBuffer"))
	if err != nil {
		return nil, true, err
	}
	if n := int64(buf.Get("byteLength").Int()); n > limit {
		return nil, true, &http.MaxBytesError{Limit: limit}
	}
	u8 := js.Global().Get("Uint8Array").New(buf)
	b = make([]byte, u8.Get("length").Int())
	js.CopyBytesToGo(b, u8)
	return b, true, nil
}

// writeWhole hands body to the JS runtime as the response's body in one
// piece. ok is false when w cannot take a JS body.
func writeWhole(w http.ResponseWriter, body []byte) bool {
	dst, isJS := w.(interface{ WriteRawJSBody(js.Value) })
	if !isJS {
		return false
	}
	u8 := js.Global().Get("Uint8Array").New(len(body))
	js.CopyBytesToJS(u8, body)
	dst.WriteRawJSBody(u8)
	return true
}

// await waits for a JS promise.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	defer then.Release()
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: errors.New(js.Global().Get("String").Invoke(args[0]).String())}
		return nil
	})
	defer catch.Release()
	p.Call("then", then, catch)
	r := <-ch
	return r.v, r.err
}

// discardBody has nothing to do at the edge: the runtime, not the Go
// handler, holds the connection, and answers whatever the body.
func discardBody(http.ResponseWriter, *http.Request) {}
