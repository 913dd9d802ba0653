package httpapi

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"slices"
	"strconv"
	"unsafe"

	"github.com/poolkit/poolkit/pool"
)

// serveTensor answers POST /v1/pool/tensor: a JSON object with the tensor
// ("shape", "data") and the options, as pk.poolTensor takes them. The
// extension "call": "adaptive" (with "outputSize") or "global" selects
// pk.adaptivePool or pk.globalPool. A binary tensor (Content-Type:
// application/octet-stream, see binary.go) carries its options in the query
// instead; the answer is binary when the request accepts it.
func (h *handler) serveTensor(w http.ResponseWriter, r *http.Request) error {
	binaryIn := isBinary(r.Header.Get("Content-Type"))
	if r.URL.RawQuery != "" && !binaryIn {
		return errorf(http.StatusBadRequest, "query: %s takes its options in the JSON body, next to shape and data (or in the query with a binary tensor, Content-Type: %s)", tensorEndpoint.path, binaryType)
	}
	// The work is reserved from the declared length before the body is
	// read, or from the body itself when no length was declared.
	cost := bytesPerTensorByte * r.ContentLength
	if r.ContentLength >= 0 {
		if err := h.reserve(cost); err != nil {
			return err
		}
		defer h.unreserve(cost)
	}
	var fields []field
	var shapeOf func() ([]int, error)
	var members map[string]json.RawMessage
	var req request
	if binaryIn {
		// The options come before the body, as a picture's do, so that a
		// bad one fails before megabytes are uploaded.
		var err error
		if fields, shapeOf, err = binaryFields(r); err != nil {
			return err
		}
		if isUnpool(fields) {
			return &pool.OptionError{Option: "call", Value: `"unpool"`, Rule: "takes a JSON body, with the indices beside the data"}
		}
		if req, err = parseOptions(fields, tensorEndpoint); err != nil {
			return err
		}
	}
	body, err := h.readBody(w, r)
	if err != nil {
		return err
	}
	if r.ContentLength < 0 {
		cost = bytesPerTensorByte * int64(len(body))
		if err := h.reserve(cost); err != nil {
			return err
		}
		defer h.unreserve(cost)
	}
	if !binaryIn {
		if err := json.Unmarshal(body, &members); err != nil || members == nil {
			msg := "is not a JSON object"
			if err != nil {
				msg += ": " + err.Error()
			}
			return optionErrorf(http.StatusBadRequest, "body", "body: %s; send {\"shape\": [...], \"data\": [...], \"op\": ..., \"kernel\": ...}", msg)
		}
		if call, ok := extendedCall(members); ok {
			return h.serveExtended(w, r, members, call)
		}
		fields = make([]field, 0, len(members))
		for k, raw := range members {
			if k == "shape" || k == "data" {
				continue
			}
			v, given, err := jsonValue(k, raw)
			if err != nil {
				return err
			}
			if given {
				fields = append(fields, field{key: k, v: v})
			}
		}
		shapeOf = func() ([]int, error) { return parseShape(members["shape"]) }
		if isUnpool(fields) {
			return h.serveUnpool(w, r, fields, members)
		}
		if req, err = parseOptions(fields, tensorEndpoint); err != nil {
			return err
		}
	}

	shape, err := shapeOf()
	if err != nil {
		return err
	}
	limit := h.limits.MaxTensorElements
	if n, ok := elements(shape); ok && n > limit {
		return optionErrorf(http.StatusRequestEntityTooLarge, "shape", "shape %v: %d elements; the limit is %d", shape, n, limit)
	}
	var data []float32
	if binaryIn {
		data, err = decodeFloats(body)
	} else {
		raw, ok := members["data"]
		if !ok {
			return &pool.OptionError{Option: "data", Rule: "is required: the tensor's values as a flat array of numbers, row-major"}
		}
		// The shape's size, once under the limit, is the likely length.
		hint, _ := elements(shape)
		data, err = parseData(raw, min(hint, limit))
	}
	if err != nil {
		return err
	}
	t := pool.Tensor{Shape: shape, Data: data}

	if err := h.acquire(r); err != nil {
		return err
	}
	defer h.release()
	var out pool.Tensor
	var idx []int32
	switch req.call {
	case callPool:
		if err := checkOutput(shape, outSize(shape, req.nd), limit); err != nil {
			return err
		}
		if req.returnIndices {
			out, idx, err = pool.PoolIndices(t, req.spec())
		} else {
			out, err = pool.Pool(t, req.spec())
		}
	case callAdaptive:
		if err := checkOutput(shape, req.outDims, limit); err != nil {
			return err
		}
		if req.returnIndices {
			out, idx, err = pool.AdaptivePoolIndices(t, req.nd.Op, req.extent())
		} else {
			out, err = pool.AdaptivePool(t, req.nd.Op, req.extent())
		}
	case callGlobal:
		out, err = pool.GlobalPool(t, req.global)
	}
	if err != nil {
		return err
	}
	writeTensor(w, r, out, idx)
	return nil
}

// writeTensor answers with a tensor: binary when the request accepts
// application/octet-stream, else JSON.
func writeTensor(w http.ResponseWriter, r *http.Request, out pool.Tensor, idx []int32) {
	if acceptsBinary(r) {
		writeBinaryTensor(w, out, idx)
		return
	}
	writeBody(w, http.StatusOK, "application/json", appendTensorJSON(nil, out, idx))
}

// parseShape reads the request's tensor's shape, judged by pool.CheckShape.
func parseShape(raw json.RawMessage) ([]int, error) {
	v, err := shapeValue(raw)
	if err != nil {
		return nil, err
	}
	return shapeFromValue(v)
}

// shapeRule is what a shape must be to be read; its values and its length
// are pool's to judge.
const shapeRule = "must be an array of numbers"

// shapeValue reads a shape's JSON.
func shapeValue(raw json.RawMessage) (value, error) {
	if raw == nil {
		return value{}, &pool.OptionError{Option: "shape", Rule: "is required; it " + shapeRule}
	}
	v, given, err := jsonValue("shape", raw)
	if err != nil || !given || !v.list {
		return value{}, &pool.OptionError{Option: "shape", Value: shorten(string(raw)), Rule: shapeRule}
	}
	return v, nil
}

// shapeFromValue reads the request's tensor's shape written as a JSON array
// or as the text 2,3,4 (a binary tensor's query or X-Shape), and judges it
// with pool.CheckShape before anything is sized by it.
func shapeFromValue(v value) ([]int, error) {
	shape, err := shapeNumbers(v)
	if err != nil {
		return nil, err
	}
	if e := pool.CheckShape(shape); e != nil {
		return nil, e
	}
	return shape, nil
}

// shapeNumbers reads a shape's numbers with pool.Whole.
func shapeNumbers(v value) ([]int, error) {
	shape := make([]int, len(v.atoms))
	for i, a := range v.atoms {
		if _, err := strconv.ParseFloat(a, 64); err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, &pool.OptionError{Option: "shape", Value: v.shown, Rule: shapeRule}
		}
		var err error
		if shape[i], err = v.whole("shape", a); err != nil {
			return nil, err
		}
	}
	return shape, nil
}

// elements returns the number of elements of shape; ok is false when a
// dimension is below 1, which leaves nothing to count: pool refuses such a
// shape, or takes it as no regions.
func elements(shape []int) (n int, ok bool) {
	n = 1
	for _, d := range shape {
		if d < 1 {
			return 0, false
		}
		if n > math.MaxInt/d {
			return math.MaxInt, true
		}
		n *= d
	}
	return n, true
}

// outSize is the spatial size a pooling gives, or nil when the options do
// not fit, which pool then reports.
func outSize(shape []int, o pool.NDOptions) pool.Dims {
	r := len(o.Kernel)
	if _, ok := elements(shape); !ok || len(shape) < r {
		return nil
	}
	g, err := o.Resolve(pool.Dims(shape[len(shape)-r:]))
	if err != nil {
		return nil
	}
	return g.Out()
}

// checkOutput refuses a call whose output would be over the limit: padding,
// ceil mode and adaptive pooling can all make an output larger than its
// input.
func checkOutput(shape []int, out pool.Dims, limit int) error {
	n, ok := elements(shape)
	r := len(out)
	if !ok || r == 0 || len(shape) < r {
		return nil
	}
	in := 1
	for _, d := range shape[len(shape)-r:] {
		in *= d
	}
	cells := 1
	for _, d := range out {
		if d < 1 {
			return nil
		}
		if cells > limit/d {
			cells = limit + 1
			break
		}
		cells *= d
	}
	if cells > limit || n/in > limit/cells {
		outShape := append(slices.Clone(shape[:len(shape)-r]), out...)
		return optionErrorf(http.StatusRequestEntityTooLarge, "shape", "the output would have shape %v, over the limit of %d elements", outShape, limit)
	}
	return nil
}

// parseData reads a JSON array of numbers, null standing for NaN (as
// JSON.stringify writes NaN) and a number beyond float32's range for an
// infinity (1e999 and -1e999 as appendTensorJSON writes them; JSON.parse and
// Python's json read them as Infinity too), with room for hint of them made
// at once. raw is one member of a
// document encoding/json has already checked, so only its shape is in
// question here; a scanner this narrow reads millions of numbers far faster
// than encoding/json's reflection.
func parseData(raw []byte, hint int) ([]float32, error) {
	const rule = "must be a flat array of numbers (null for NaN)"
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, &pool.OptionError{Option: "data", Value: shorten(string(raw)), Rule: rule}
	}
	data := make([]float32, 0, hint)
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return data, nil
	}
	for {
		start := i
		for i < len(raw) && (raw[i] == '-' || raw[i] == '+' || raw[i] == '.' || raw[i] == 'e' || raw[i] == 'E' || raw[i] >= '0' && raw[i] <= '9') {
			i++
		}
		switch {
		case i > start:
			// The bytes are a JSON number, which strconv reads; it copies the
			// string into any error it returns, so the view does not escape.
			// A number too large for float32 is an infinity, as
			// Float32Array stores it.
			f, err := strconv.ParseFloat(unsafe.String(&raw[start], i-start), 32)
			if err != nil && !errors.Is(err, strconv.ErrRange) {
				return nil, &pool.OptionError{Option: "data[" + strconv.Itoa(len(data)) + "]", Value: string(raw[start:i]),
					Rule: "is not a number"}
			}
			data = append(data, float32(f))
		case i+4 <= len(raw) && string(raw[i:i+4]) == "null":
			data = append(data, float32(math.NaN()))
			i += 4
		default:
			return nil, &pool.OptionError{Option: "data[" + strconv.Itoa(len(data)) + "]", Rule: "must be a number or null; data " + rule}
		}
		i = skipSpace(raw, i)
		if i >= len(raw) {
			break
		}
		if raw[i] == ']' {
			return data, nil
		}
		if raw[i] != ',' {
			break
		}
		i = skipSpace(raw, i+1)
	}
	return nil, &pool.OptionError{Option: "data", Rule: rule}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// appendTensorJSON writes {"shape": [...], "data": [...], "indices": [...]}.
// Each value is the shortest decimal that reads back as the same float32.
// JSON has no NaN or infinities: NaN is null, as JSON.stringify writes it,
// and the infinities are 1e999 and -1e999, numbers that JSON.parse, Python's
// json and Go's strconv read as infinite, so that they come back as what
// they are where null would make them NaN.
func appendTensorJSON(b []byte, t pool.Tensor, idx []int32) []byte {
	b = slices.Grow(b, 32+12*len(t.Data)+8*len(idx))
	b = append(b, `{"shape":[`...)
	for i, d := range t.Shape {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(d), 10)
	}
	b = append(b, `],"data":[`...)
	for i, v := range t.Data {
		if i > 0 {
			b = append(b, ',')
		}
		switch f := float64(v); {
		case math.IsNaN(f):
			b = append(b, "null"...)
		case math.IsInf(f, 1):
			b = append(b, "1e999"...)
		case math.IsInf(f, -1):
			b = append(b, "-1e999"...)
		default:
			b = strconv.AppendFloat(b, f, 'g', -1, 32)
		}
	}
	b = append(b, ']')
	if idx != nil {
		b = append(b, `,"indices":[`...)
		for i, x := range idx {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(x), 10)
		}
		b = append(b, ']')
	}
	return append(b, "}\n"...)
}
