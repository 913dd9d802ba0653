package httpapi

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// jsonFields reads a JSON object's members as the tensor endpoint does.
func jsonFields(t testing.TB, body string) []field {
	t.Helper()
	var members map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(body), &members))
	var fields []field
	for k, raw := range members {
		v, given, err := jsonValue(k, raw)
		require.NoError(t, err)
		if given {
			fields = append(fields, field{key: k, v: v})
		}
	}
	return fields
}

// TestQueryAndJSONAgree holds the one parser to reading a query string and
// a JSON body alike.
func TestQueryAndJSONAgree(t *testing.T) {
	pe := endpoint{path: "/test", picture: true}
	te := endpoint{path: "/test", extra: []string{"returnIndices", "call", "outputSize"}}
	tests := []struct {
		query, json string
		e           endpoint
		want        request
	}{
		{"op=max&kernel=3,2", `{"op":"max","kernel":[3,2]}`, pe,
			request{nd: pool.NDOptions{Op: pool.Max, Kernel: []int{3, 2}}, opts: pool.Options{Op: pool.Max, Kernel: pool.Size{H: 3, W: 2}}}},
		{"op=avg&kernel=3&stride=1,2&padding=same&dilation=2&countIncludePad=false", `{"op":"avg","kernel":3,"stride":[1,2],"padding":"same","dilation":2,"countIncludePad":false}`, pe,
			request{nd: pool.NDOptions{Op: pool.Avg, Kernel: []int{3, 3}, Stride: []int{1, 2}, AutoPad: pool.SameUpper, Dilation: []int{2, 2}, ExcludePad: true},
				opts: pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: pool.Size{H: 1, W: 2}, Same: true, Dilation: pool.Square(2), ExcludePad: true}}},
		{"op=lp&kernel=2&p=2.5&ceilMode=true&padding=1,0", `{"op":"lp","kernel":2,"p":2.5,"ceilMode":true,"padding":[1,0]}`, pe,
			request{nd: pool.NDOptions{Op: pool.Lp, Kernel: []int{2, 2}, P: 2.5, CeilMode: true, Padding: []int{1, 0}},
				opts: pool.Options{Op: pool.Lp, Kernel: pool.Square(2), P: 2.5, CeilMode: true, Padding: pool.Size{H: 1}}}},
		{"op=avg&kernel=2&alpha=premultiplied&colorSpace=linear&padding=valid", `{"op":"avg","kernel":2,"alpha":"premultiplied","colorSpace":"linear","padding":"valid"}`, pe,
			request{nd: pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 2}}, alpha: pool.Premultiplied, colorSpace: pool.Linear,
				opts: pool.Options{Op: pool.Avg, Kernel: pool.Square(2), Alpha: pool.Premultiplied, ColorSpace: pool.Linear}}},
		{"op=max&call=adaptive&outputSize=7,5&returnIndices=true", `{"op":"max","call":"adaptive","outputSize":[7,5],"returnIndices":true}`, te,
			request{nd: pool.NDOptions{Op: pool.Max}, call: callAdaptive, outDims: pool.Dims{7, 5}, returnIndices: true}},
		{"op=max&kernel=2", `{"op":"max","kernel":2,"stride":null}`, pe,
			request{nd: pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2}}, opts: pool.Options{Op: pool.Max, Kernel: pool.Square(2)}}},
		{"op=max&kernel=2,2,2&padding=0,0,1,1,1,0", `{"op":"max","kernel":[2,2,2],"padding":[0,0,1,1,1,0]}`, te,
			request{nd: pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2, 2}, Padding: []int{0, 0, 1, 1, 1, 0}}}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			tc.want.format = formatPNG
			if tc.want.call == "" {
				tc.want.call = callPool
			}
			q, err := queryFields(tc.query)
			require.NoError(t, err)
			fromQuery, err := parseOptions(q, tc.e)
			require.NoError(t, err)
			fromJSON, err := parseOptions(jsonFields(t, tc.json), tc.e)
			require.NoError(t, err)
			assert.Equal(t, tc.want, fromQuery)
			assert.Equal(t, tc.want, fromJSON)
		})
	}
}

// TestFirstErrorIsStable checks that of several bad options the same one is
// reported every time, whatever order they came in.
func TestFirstErrorIsStable(t *testing.T) {
	for range 20 {
		_, err := parseOptions(jsonFields(t, `{"op":"max","kernel":2,"stride":[1,2,3],"dilation":0.5,"padding":"z"}`), tensorEndpoint)
		assert.ErrorContains(t, err, "dilation")
	}
}

func TestJSONValue(t *testing.T) {
	v, given, err := jsonValue("k", json.RawMessage(`[1, 2.5e1, "x", true]`))
	require.NoError(t, err)
	assert.True(t, given)
	assert.Equal(t, value{atoms: []string{"1", "2.5e1", "x", "true"}, list: true, shown: `[1, 2.5e1, "x", true]`}, v)

	_, given, err = jsonValue("k", json.RawMessage(`null`))
	assert.NoError(t, err)
	assert.False(t, given)

	for _, bad := range []string{`{}`, `[null]`, `[[1]]`, `[{}]`, `nope`} {
		_, _, err := jsonValue("k", json.RawMessage(bad))
		assert.ErrorContains(t, err, "k ", bad)
	}
	long := `"` + string(make([]byte, 100)) + `"`
	_, _, err = jsonValue("k", json.RawMessage(`[`+long+`,{}]`))
	assert.ErrorContains(t, err, "...")
}

// JSON has types, and the JS API checks them: a member of the wrong type is
// refused, naming its option, where a query string's text is read.
func TestJSONTypesAreStrict(t *testing.T) {
	for _, tc := range []struct{ body, option string }{
		{`{"op":"max","kernel":"2"}`, "kernel"},
		{`{"op":"max","kernel":["2",2]}`, "kernel"},
		{`{"op":"max","kernel":2,"stride":"1,2"}`, "stride"},
		{`{"op":"max","kernel":2,"ceilMode":"true"}`, "ceilMode"},
		{`{"op":"max","kernel":2,"ceilMode":1}`, "ceilMode"},
		{`{"op":2,"kernel":2}`, "op"},
		{`{"op":"max","kernel":2,"padding":true}`, "padding"},
		{`{"op":"lp","kernel":2,"p":"2"}`, "p"},
		{`{"op":"max","kernel":2,"returnIndices":"false"}`, "returnIndices"},
		{`{"op":"max","call":"adaptive","outputSize":"3"}`, "outputSize"},
	} {
		var members map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(tc.body), &members))
		var err error
		for k, raw := range members {
			if _, _, e := jsonValue(k, raw); e != nil {
				err = e
			}
		}
		var oe *pool.OptionError
		require.ErrorAs(t, err, &oe, tc.body)
		assert.Equal(t, tc.option, oe.Option, tc.body)
	}
	// A string where one is meant is still one: padding's "same", op's name.
	for _, ok := range []string{`{"op":"max","kernel":[2,2],"padding":"same"}`, `{"op":"avg","kernel":2,"padding":[1,0],"ceilMode":false}`} {
		assert.NotEmpty(t, jsonFields(t, ok))
	}
}
