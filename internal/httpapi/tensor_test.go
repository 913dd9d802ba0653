package httpapi

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// tensorResponse is the endpoint's answer; Data holds null for NaN.
type tensorResponse struct {
	Shape   []int        `json:"shape"`
	Data    []*jsonFloat `json:"data"`
	Indices []int32      `json:"indices"`
}

// jsonFloat reads a JSON number as JavaScript does: 1e999 is infinite,
// where encoding/json refuses a number beyond float64's range.
type jsonFloat float64

func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return err
	}
	*f = jsonFloat(v)
	return nil
}

func postTensor(t testing.TB, h http.Handler, body string) (*tensorResponse, int, string) {
	t.Helper()
	rec := serveWith(t, h, http.MethodPost, "/v1/pool/tensor", []byte(body), "Content-Type", "application/json")
	if rec.Code != http.StatusOK {
		msg, _ := errorBody(t, rec)
		return nil, rec.Code, msg
	}
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var r tensorResponse
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &r), rec.Body.String())
	return &r, rec.Code, ""
}

func floats(r *tensorResponse) []float32 {
	out := make([]float32, len(r.Data))
	for i, v := range r.Data {
		if v == nil {
			out[i] = float32(math.NaN())
		} else {
			out[i] = float32(*v)
		}
	}
	return out
}

// a 1x2x4x5 input whose values are not all integers, so that averages and
// norms show their rounding.
var tensorIn = pool.Tensor{Shape: []int{1, 2, 4, 5}, Data: func() []float32 {
	d := make([]float32, 40)
	for i := range d {
		d[i] = float32((i*7)%11)*0.37 - 1.5
	}
	return d
}()}

func tensorJSON(t pool.Tensor, opts string) string {
	b := appendTensorJSON(nil, t, nil)
	// Reuse the writer for the input's shape and data, then add the options.
	s := strings.TrimSuffix(strings.TrimSpace(string(b)), "}")
	if opts != "" {
		s += "," + opts
	}
	return s + "}"
}

func TestPoolTensor(t *testing.T) {
	k2 := pool.Square(2)
	tests := []struct {
		opts    string
		o       pool.Options
		indices bool
	}{
		{`"op":"max","kernel":2`, pool.Options{Op: pool.Max, Kernel: k2}, false},
		{`"op":"max","kernel":[2,3],"stride":1,"returnIndices":true`, pool.Options{Op: pool.Max, Kernel: pool.Size{H: 2, W: 3}, Stride: pool.Square(1)}, true},
		{`"op":"min","kernel":[3,2],"padding":1,"ceilMode":true,"returnIndices":true`, pool.Options{Op: pool.Min, Kernel: pool.Size{H: 3, W: 2}, Padding: pool.Square(1), CeilMode: true}, true},
		{`"op":"avg","kernel":3,"stride":[1,2],"padding":[1,0],"countIncludePad":false`, pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: pool.Size{H: 1, W: 2}, Padding: pool.Size{H: 1}, ExcludePad: true}, false},
		{`"op":"avg","kernel":3,"stride":2,"padding":"same"`, pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: k2, Same: true}, false},
		{`"op":"avg","kernel":2,"padding":"valid","dilation":[1,2]`, pool.Options{Op: pool.Avg, Kernel: k2, Dilation: pool.Size{H: 1, W: 2}}, false},
		{`"op":"lp","kernel":2,"p":3`, pool.Options{Op: pool.Lp, Kernel: k2, P: 3}, false},
		{`"op":"lp","kernel":2,"p":null,"stride":null`, pool.Options{Op: pool.Lp, Kernel: k2}, false},
		{`"op":"max","kernel":2,"returnIndices":false,"call":"pool"`, pool.Options{Op: pool.Max, Kernel: k2}, false},
	}
	for _, tc := range tests {
		t.Run(tc.opts, func(t *testing.T) {
			r, status, msg := postTensor(t, New(Config{}), tensorJSON(tensorIn, tc.opts))
			require.Equal(t, http.StatusOK, status, msg)
			var want pool.Tensor
			var idx []int32
			var err error
			if tc.indices {
				want, idx, err = pool.PoolIndices(tensorIn, tc.o)
			} else {
				want, err = pool.Pool(tensorIn, tc.o)
			}
			require.NoError(t, err)
			assert.Equal(t, want.Shape, r.Shape)
			assert.Equal(t, want.Data, floats(r))
			assert.Equal(t, idx, r.Indices)
		})
	}
}

func TestPoolTensorCalls(t *testing.T) {
	h := New(Config{})
	r, status, msg := postTensor(t, h, tensorJSON(tensorIn, `"call":"adaptive","op":"avg","outputSize":[3,2]`))
	require.Equal(t, http.StatusOK, status, msg)
	want, err := pool.AdaptivePool(tensorIn, pool.Avg, pool.Size{H: 3, W: 2})
	require.NoError(t, err)
	assert.Equal(t, want.Shape, r.Shape)
	assert.Equal(t, want.Data, floats(r))

	r, status, msg = postTensor(t, h, tensorJSON(tensorIn, `"call":"adaptive","op":"max","outputSize":3,"returnIndices":true`))
	require.Equal(t, http.StatusOK, status, msg)
	want, idx, err := pool.AdaptivePoolIndices(tensorIn, pool.Max, pool.Square(3))
	require.NoError(t, err)
	assert.Equal(t, want.Data, floats(r))
	assert.Equal(t, idx, r.Indices)

	r, status, msg = postTensor(t, h, tensorJSON(tensorIn, `"call":"global","op":"avg"`))
	require.Equal(t, http.StatusOK, status, msg)
	want, err = pool.GlobalPool(tensorIn, pool.Avg)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 1, 1}, r.Shape)
	assert.Equal(t, want.Data, floats(r))
}

// N-D requests read as pk.poolTensor's options do, and answer what pool
// answers.
func TestPoolTensorND(t *testing.T) {
	h := New(Config{})
	vol := pool.Tensor{Shape: []int{2, 3, 4, 5}, Data: make([]float32, 120)}
	for i := range vol.Data {
		vol.Data[i] = float32((i*37)%101) / 8
	}
	tests := []struct {
		name    string
		in      pool.Tensor
		options string
		run     func(pool.Tensor) (pool.Tensor, []int32, error)
	}{
		{"1-D max with begin and end pads", pool.Tensor{Shape: []int{2, 60}, Data: vol.Data}, `"op":"max","kernel":[4],"stride":3,"padding":[3,1],"returnIndices":true`,
			func(t pool.Tensor) (pool.Tensor, []int32, error) {
				return pool.PoolIndices(t, pool.NDOptions{Op: pool.Max, Kernel: []int{4}, Stride: []int{3}, Padding: []int{3, 1}})
			}},
		{"2-D avg SAME_LOWER", pool.Tensor{Shape: []int{2, 12, 5}, Data: vol.Data}, `"op":"avg","kernel":[2,3],"padding":"same_lower"`,
			func(t pool.Tensor) (pool.Tensor, []int32, error) {
				out, err := pool.Pool(t, pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 3}, AutoPad: pool.SameLower})
				return out, nil, err
			}},
		{"2-D lp with ONNX pads", pool.Tensor{Shape: []int{2, 12, 5}, Data: vol.Data}, `"op":"lp","kernel":3,"padding":[2,0,1,1],"p":3`,
			func(t pool.Tensor) (pool.Tensor, []int32, error) {
				out, err := pool.Pool(t, pool.NDOptions{Op: pool.Lp, Kernel: []int{3, 3}, Padding: []int{2, 0, 1, 1}, P: 3})
				return out, nil, err
			}},
		{"3-D avg", vol, `"op":"avg","kernel":[2,2,3],"stride":[1,2,2],"padding":[1,0,1],"ceilMode":true,"countIncludePad":false`,
			func(t pool.Tensor) (pool.Tensor, []int32, error) {
				out, err := pool.Pool(t, pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 2, 3}, Stride: []int{1, 2, 2}, Padding: []int{1, 0, 1}, CeilMode: true, ExcludePad: true})
				return out, nil, err
			}},
		{"3-D adaptive max", vol, `"op":"max","call":"adaptive","outputSize":[2,3,2],"returnIndices":true`,
			func(t pool.Tensor) (pool.Tensor, []int32, error) {
				return pool.AdaptivePoolIndices(t, pool.Max, pool.Dims{2, 3, 2})
			}},
		{"3-D global lp", vol, `"op":"lp","call":"global","dims":3,"p":1`,
			func(t pool.Tensor) (pool.Tensor, []int32, error) {
				out, err := pool.GlobalPool(t, pool.Global{Op: pool.Lp, Dims: 3, P: 1})
				return out, nil, err
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, status, msg := postTensor(t, h, tensorJSON(tc.in, tc.options))
			require.Equal(t, http.StatusOK, status, msg)
			want, idx, err := tc.run(tc.in)
			require.NoError(t, err)
			assert.Equal(t, want.Shape, r.Shape)
			assert.Equal(t, want.Data, floats(r))
			assert.Equal(t, idx, r.Indices)
		})
	}
}

func TestPoolTensorValues(t *testing.T) {
	h := New(Config{})
	// null is NaN both ways, and NaN wins a max as in PyTorch; numbers keep
	// their float32 value through the shortest decimal.
	r, status, msg := postTensor(t, h, `{"shape":[1,4],"data":[ 1.5 , null,0.1,-2e-3 ],"op":"max","kernel":[1,2],"returnIndices":true}`)
	require.Equal(t, http.StatusOK, status, msg)
	assert.Nil(t, r.Data[0])
	assert.Equal(t, float32(0.1), float32(*r.Data[1]))
	assert.Equal(t, []int32{1, 2}, r.Indices)

	// Infinities go out as 1e999 and -1e999, which read back as infinite
	// (null would read back as NaN), and come in the same way.
	r, status, msg = postTensor(t, h, `{"shape":[1,2],"data":[3e38,3e38],"op":"lp","kernel":[1,2]}`)
	require.Equal(t, http.StatusOK, status, msg)
	assert.True(t, math.IsInf(float64(*r.Data[0]), 1))
	rec := serveWith(t, h, http.MethodPost, "/v1/pool/tensor", []byte(`{"shape":[4],"data":[1e999,-1e999,-1e999,null],"op":"max","kernel":[1]}`))
	assert.Equal(t, `{"shape":[4],"data":[1e999,-1e999,-1e999,null]}`+"\n", rec.Body.String())
	r, status, msg = postTensor(t, h, `{"shape":[4],"data":[-1e999,-1e999,5,1e39],"op":"max","kernel":[2]}`)
	require.Equal(t, http.StatusOK, status, msg)
	assert.Equal(t, []float32{float32(math.Inf(-1)), float32(math.Inf(1))}, floats(r))

	rec = serveWith(t, h, http.MethodPost, "/v1/pool/tensor", []byte(`{"shape":[2,2],"data":[1,2,3,4],"op":"avg","kernel":2}`))
	assert.Equal(t, `{"shape":[1,1],"data":[2.5]}`+"\n", rec.Body.String())
	rec = serveWith(t, h, http.MethodPost, "/v1/pool/tensor", []byte(`{"shape":[1,1],"data":[1e7],"op":"avg","kernel":1}`))
	assert.Equal(t, `{"shape":[1,1],"data":[1e+07]}`+"\n", rec.Body.String())
}

func TestPoolTensorErrors(t *testing.T) {
	ok := `"shape":[2,2],"data":[1,2,3,4]`
	tests := []struct {
		name, body string
		status     int
		msg        string
	}{
		{"invalid JSON", `{"shape":`, http.StatusBadRequest, "body: is not a JSON object"},
		{"not an object", `[1,2]`, http.StatusBadRequest, "body: is not a JSON object"},
		{"null", `null`, http.StatusBadRequest, "body: is not a JSON object"},
		{"empty", ``, http.StatusBadRequest, "body: empty"},
		{"no op", `{` + ok + `,"kernel":2}`, http.StatusBadRequest, "op: is required"},
		{"no kernel", `{` + ok + `,"op":"max"}`, http.StatusBadRequest, "kernel: is required"},
		{"unknown key", `{` + ok + `,"op":"max","kernel":2,"kernelSize":2}`, http.StatusBadRequest, "kernelSize: is not an option of /v1/pool/tensor"},
		{"picture key", `{` + ok + `,"op":"max","kernel":2,"format":"png"}`, http.StatusBadRequest, "format: is not an option"},
		{"alpha on a tensor", `{` + ok + `,"op":"avg","kernel":2,"alpha":"premultiplied"}`, http.StatusBadRequest, "applies to pictures only"},
		{"colorSpace on a tensor", `{` + ok + `,"op":"avg","kernel":2,"colorSpace":"linear"}`, http.StatusBadRequest, "applies to pictures only"},
		{"object value", `{` + ok + `,"op":"max","kernel":{"h":2}}`, http.StatusBadRequest, "kernel {\"h\":2}: must be a number"},
		{"nested kernel", `{` + ok + `,"op":"max","kernel":[[2]]}`, http.StatusBadRequest, "kernel"},
		{"kernel string", `{` + ok + `,"op":"max","kernel":"two"}`, http.StatusBadRequest, "kernel"},
		{"bool as number", `{` + ok + `,"op":"max","kernel":true}`, http.StatusBadRequest, "kernel"},
		{"ceilMode string", `{` + ok + `,"op":"max","kernel":2,"ceilMode":"yes"}`, http.StatusBadRequest, "ceilMode"},
		{"ceilMode list", `{` + ok + `,"op":"max","kernel":2,"ceilMode":[true]}`, http.StatusBadRequest, "ceilMode"},
		{"p zero", `{` + ok + `,"op":"lp","kernel":2,"p":0}`, http.StatusBadRequest, "p 0: must be a positive finite number"},
		{"indices of avg", `{` + ok + `,"op":"avg","kernel":2,"returnIndices":true}`, http.StatusBadRequest, "returnIndices true: applies to op \"max\" and \"min\" only"},
		{"bad call", `{` + ok + `,"op":"max","kernel":2,"call":"unpool"}`, http.StatusBadRequest, `call "unpool"`},
		{"kernel with adaptive", `{` + ok + `,"op":"max","kernel":2,"call":"adaptive","outputSize":1}`, http.StatusBadRequest, `kernel: does not apply to call "adaptive"`},
		{"adaptive without size", `{` + ok + `,"op":"max","call":"adaptive"}`, http.StatusBadRequest, "outputSize: is required"},
		{"adaptive zero size", `{` + ok + `,"op":"max","call":"adaptive","outputSize":0}`, http.StatusBadRequest, "outputSize 0x0: each side must be at least 1"},
		{"adaptive lp", `{` + ok + `,"op":"lp","call":"adaptive","outputSize":1}`, http.StatusBadRequest, "for adaptive pooling"},
		{"outputSize without adaptive", `{` + ok + `,"op":"max","kernel":2,"outputSize":1}`, http.StatusBadRequest, `outputSize: applies to call "adaptive" only`},
		{"indices with global", `{` + ok + `,"op":"max","call":"global","returnIndices":true}`, http.StatusBadRequest, `returnIndices: does not apply to call "global"`},
		{"no shape", `{"data":[1],"op":"max","kernel":1}`, http.StatusBadRequest, "shape: is required"},
		{"shape not a list", `{"shape":4,"data":[1],"op":"max","kernel":1}`, http.StatusBadRequest, "shape 4: must be an array"},
		{"shape of strings", `{"shape":["a",1],"data":[1],"op":"max","kernel":1}`, http.StatusBadRequest, "shape"},
		{"shape rank 1", `{"shape":[4],"data":[1,2,3,4],"op":"max","kernel":1}`, http.StatusBadRequest, "shape [4]: must have 2, 3 or 4 dimensions"},
		{"shape rank 5", `{"shape":[1,1,1,2,2],"data":[1,2,3,4],"op":"max","kernel":1}`, http.StatusBadRequest, "shape"},
		{"shape zero", `{"shape":[0,4],"data":[],"op":"max","kernel":1}`, http.StatusBadRequest, "shape [0, 4]"},
		{"shape negative", `{"shape":[-1,4],"data":[1],"op":"max","kernel":1}`, http.StatusBadRequest, "shape"},
		{"shape fraction", `{"shape":[1.5,4],"data":[1],"op":"max","kernel":1}`, http.StatusBadRequest, "shape"},
		{"shape huge", `{"shape":[1e12,4],"data":[1],"op":"max","kernel":1}`, http.StatusBadRequest, "must be at most 1073741824"},
		{"no data", `{"shape":[2,2],"op":"max","kernel":1}`, http.StatusBadRequest, "data: is required"},
		{"data not a list", `{"shape":[2,2],"data":"1,2,3,4","op":"max","kernel":1}`, http.StatusBadRequest, "data \"1,2,3,4\": must be a flat array"},
		{"data nested", `{"shape":[2,2],"data":[[1,2],[3,4]],"op":"max","kernel":1}`, http.StatusBadRequest, "data[0]: must be a number or null"},
		{"data string", `{"shape":[2,2],"data":[1,"2",3,4],"op":"max","kernel":1}`, http.StatusBadRequest, "data[1]: must be a number or null"},
		{"data bool", `{"shape":[2,2],"data":[1,2,true,4],"op":"max","kernel":1}`, http.StatusBadRequest, "data[2]"},
		{"data not a number", `{"shape":[2,2],"data":[1,2,3,"4"],"op":"max","kernel":1}`, http.StatusBadRequest, "data[3]: must be a number or null"},
		{"data short", `{"shape":[2,2],"data":[1,2,3],"op":"max","kernel":1}`, http.StatusBadRequest, "data length 3: must match shape [2, 2] (4 elements)"},
		{"data long", `{"shape":[2,2],"data":[1,2,3,4,5],"op":"max","kernel":1}`, http.StatusBadRequest, "data length 5"},
		{"window too big", `{"shape":[2,2],"data":[1,2,3,4],"op":"max","kernel":3}`, http.StatusBadRequest, "does not fit"},
		{"too many elements", `{"shape":[1024,1024,1024],"data":[1],"op":"max","kernel":1}`, http.StatusRequestEntityTooLarge, "the limit is 4194304"},
		{"elements overflow", `{"shape":[1073741824,1073741824,1073741824,1073741824],"data":[1],"op":"max","kernel":1}`, http.StatusRequestEntityTooLarge, "limit"},
		{"adaptive output too big", `{"shape":[2,2],"data":[1,2,3,4],"op":"max","call":"adaptive","outputSize":[4096,4096]}`, http.StatusRequestEntityTooLarge, "the output would have shape [4096 4096]"},
		{"kernel of four axes", `{` + ok + `,"op":"max","kernel":[2,2,2,2]}`, http.StatusBadRequest, "kernel [2, 2, 2, 2]: must have 1, 2 or 3 elements"},
		{"kernel of no axes", `{` + ok + `,"op":"max","kernel":[]}`, http.StatusBadRequest, "kernel []: must have 1, 2 or 3 elements"},
		{"stride of another length", `{"shape":[2,2,2],"data":[1,2,3,4,5,6,7,8],"op":"max","kernel":[2,2,2],"stride":[1,1]}`, http.StatusBadRequest, "stride [1, 1]: must have 3 elements, one per axis of kernel [2, 2, 2]"},
		{"padding empty", `{` + ok + `,"op":"max","kernel":2,"padding":[]}`, http.StatusBadRequest, "padding []"},
		{"padding empty 1-D", `{"shape":[4],"data":[1,2,3,4],"op":"max","kernel":[2],"padding":[]}`, http.StatusBadRequest, "padding []"},
		{"padding of three for 2-D", `{` + ok + `,"op":"max","kernel":[2,2],"padding":[1,1,1]}`, http.StatusBadRequest, "padding"},
		{"pad not smaller than the kernel", `{"shape":[4,4],"data":[1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6],"op":"avg","kernel":[3,2],"padding":[3,0,0,0]}`, http.StatusBadRequest, "padding [3, 0, 0, 0]: each pad must be smaller than the kernel on its axis (3)"},
		{"unknown padding word", `{"shape":[4],"data":[1,2,3,4],"op":"max","kernel":[2],"padding":"same_middle"}`, http.StatusBadRequest, "padding"},
		{"same_lower with ceilMode", `{` + ok + `,"op":"max","kernel":2,"padding":"same_lower","ceilMode":true}`, http.StatusBadRequest, "ceilMode"},
		{"alpha on a 1-D tensor", `{"shape":[4],"data":[1,2,3,4],"op":"avg","kernel":[2],"alpha":"premultiplied"}`, http.StatusBadRequest, "alpha \"premultiplied\": applies to pictures only"},
		{"3-D kernel on a 2-D tensor", `{` + ok + `,"op":"max","kernel":[1,1,1]}`, http.StatusBadRequest, "for 3-D pooling"},
		{"dims on a pooling", `{` + ok + `,"op":"max","kernel":2,"dims":3}`, http.StatusBadRequest, `dims: applies to call "global" only`},
		{"dims 4", `{` + ok + `,"op":"max","call":"global","dims":4}`, http.StatusBadRequest, "dims 4: must be 1, 2 or 3"},
		{"p on a global max", `{` + ok + `,"op":"max","call":"global","p":3}`, http.StatusBadRequest, `p 3: applies to op "lp" only`},
		{"adaptive of four axes", `{` + ok + `,"op":"max","call":"adaptive","outputSize":[1,1,1,1]}`, http.StatusBadRequest, "outputSize [1, 1, 1, 1]: must have 1, 2 or 3 elements"},
		{"shape rank 6", `{"shape":[1,1,1,1,1,1],"data":[1],"op":"max","kernel":[1]}`, http.StatusBadRequest, "shape"},
		{"3-D output too big", `{"shape":[1,1,1],"data":[1],"op":"max","call":"adaptive","outputSize":[1024,1024,1024]}`, http.StatusRequestEntityTooLarge, "the output would have shape [1024 1024 1024]"},
		{"adaptive output overflow", `{"shape":[2,2],"data":[1,2,3,4],"op":"max","call":"adaptive","outputSize":[1073741824,1073741824]}`, http.StatusRequestEntityTooLarge, "the output"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, status, msg := postTensor(t, New(Config{}), tc.body)
			assert.Equal(t, tc.status, status, msg)
			assert.Contains(t, msg, tc.msg)
		})
	}

	rec := serve(t, http.MethodPost, "/v1/pool/tensor?op=max", []byte(`{"shape":[1,1],"data":[1],"op":"max","kernel":1}`))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	msg, _ := errorBody(t, rec)
	assert.Contains(t, msg, "takes its options in the JSON body")
}

// TestPoolTensorOutputLimit covers pooling that grows a tensor: each 1x1
// plane padded by 1 with a 2x2 window and stride 1 gives 2x2.
func TestPoolTensorOutputLimit(t *testing.T) {
	h := New(Config{Limits: Limits{MaxTensorElements: 10}})
	body := `{"shape":[4,1,1],"data":[1,2,3,4],"op":"max","kernel":2,"stride":1,"padding":1}`
	_, status, msg := postTensor(t, h, body)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.Contains(t, msg, "the output would have shape [4 2 2]")

	r, status, msg := postTensor(t, New(Config{}), body)
	require.Equal(t, http.StatusOK, status, msg)
	assert.Equal(t, []int{4, 2, 2}, r.Shape)
}

func TestParseData(t *testing.T) {
	tests := []struct {
		in   string
		want []float32
		err  string
	}{
		{`[]`, []float32{}, ""},
		{` [ ] `, []float32{}, ""},
		{"[1,\n\t2 ,3\r\n]", []float32{1, 2, 3}, ""},
		{`[-0,1e-50,3.4028235e38,-1E+2]`, []float32{float32(math.Copysign(0, -1)), 0, math.MaxFloat32, -100}, ""},
		{`[0.1]`, []float32{0.1}, ""},
		{`{}`, nil, "must be a flat array"},
		{`"x"`, nil, "must be a flat array"},
		{`[1,]`, nil, "data[1]"},
		{`[1 2]`, nil, "data: must be a flat array"},
		{`[1`, nil, "data: must be a flat array"},
		{`[nul]`, nil, "data[0]"},
		{`[{}]`, nil, "data[0]"},
		{`[3.5e38,-1e999,1e999]`, []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Inf(1))}, ""},
		{`[1e-999]`, []float32{0}, ""},
		{`[1.2.3]`, nil, "data[0] 1.2.3: is not a number"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseData([]byte(tc.in), 0)
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	got, err := parseData([]byte(`[null]`), 1)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(float64(got[0])))
}
