package httpapi

// Tensors in binary: the body is the tensor's values as little-endian
// float32, row-major, four bytes each, which carries NaN and the infinities
// as they are and costs no decimal text either way. The shape is the query's
// shape=2,3,4 or the X-Shape header's 2,3,4; the options are in the query,
// as a picture's are:
//
//	POST /v1/pool/tensor?shape=1,3,224,224&op=max&kernel=2
//	Content-Type: application/octet-stream
//	Accept: application/octet-stream
//
// The answer is binary when Accept names application/octet-stream: the
// result's values, then with returnIndices its indices as little-endian
// int32, its shape in X-Shape and the byte offset of the indices in
// X-Indices-Offset. Otherwise it is the usual JSON.

import (
	"encoding/binary"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/poolkit/poolkit/pool"
)

// binaryType is the media type of a binary tensor.
const binaryType = "application/octet-stream"

func isBinary(contentType string) bool {
	t, _, err := mime.ParseMediaType(contentType)
	return err == nil && t == binaryType
}

// acceptsBinary reports whether the client asked for a binary answer.
func acceptsBinary(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		t, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err == nil && t == binaryType && params["q"] != "0" {
			return true
		}
	}
	return false
}

// binaryFields reads a binary tensor request's query: its options, and its
// shape, which may come from X-Shape instead.
func binaryFields(r *http.Request) ([]field, func() ([]int, error), error) {
	q, err := queryFields(r.URL.RawQuery)
	if err != nil {
		return nil, nil, err
	}
	fields := q[:0:0]
	var shape *value
	for _, f := range q {
		switch f.key {
		case "shape":
			if shape != nil {
				return nil, nil, &pool.OptionError{Option: "shape", Rule: "is given twice"}
			}
			v := f.v
			shape = &v
		case "data":
			return nil, nil, &pool.OptionError{Option: "data", Rule: "is the body of a binary tensor (little-endian float32), not a query parameter"}
		default:
			fields = append(fields, f)
		}
	}
	if hd := r.Header.Get("X-Shape"); hd != "" {
		if shape != nil {
			return nil, nil, &pool.OptionError{Option: "shape", Rule: "is given twice, in the query and in X-Shape"}
		}
		v := textValue(hd)
		shape = &v
	}
	shapeOf := func() ([]int, error) {
		if shape == nil {
			return nil, &pool.OptionError{Option: "shape", Rule: "is required: shape=2,3,4 in the query or an X-Shape: 2,3,4 header"}
		}
		return shapeFromValue(*shape)
	}
	return fields, shapeOf, nil
}

// decodeFloats reads a binary tensor's body: whole float32s, four bytes
// each. Whether they fill the shape is pool's to say, as for JSON data.
func decodeFloats(body []byte) ([]float32, error) {
	if len(body)%4 != 0 {
		return nil, optionErrorf(http.StatusBadRequest, "body", "body: %d bytes; a binary tensor takes 4 bytes of little-endian float32 an element", len(body))
	}
	data := make([]float32, len(body)/4)
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[4*i:]))
	}
	return data, nil
}

// writeBinaryTensor answers with t's values and then idx, if any, as
// little-endian float32 and int32.
func writeBinaryTensor(w http.ResponseWriter, t pool.Tensor, idx []int32) {
	b := make([]byte, 4*len(t.Data)+4*len(idx))
	for i, v := range t.Data {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	off := 4 * len(t.Data)
	for i, x := range idx {
		binary.LittleEndian.PutUint32(b[off+4*i:], uint32(x))
	}
	hd := w.Header()
	hd.Set("X-Shape", dimsText(t.Shape))
	if idx != nil {
		hd.Set("X-Indices-Offset", strconv.Itoa(off))
	}
	writeBody(w, http.StatusOK, binaryType, b)
}

func dimsText(shape []int) string {
	s := make([]string, len(shape))
	for i, d := range shape {
		s[i] = strconv.Itoa(d)
	}
	return strings.Join(s, ",")
}
