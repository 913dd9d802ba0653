package httpapi

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// call "unpool" inverts a max pooling sent through the same endpoint, as
// pool.MaxUnpool does, in each rank.
func TestUnpool(t *testing.T) {
	h := New(Config{})
	vol := make([]float32, 2*6*4*5)
	for i := range vol {
		vol[i] = float32((i*37)%101) / 8
	}
	for _, tc := range []struct {
		name   string
		shape  []int
		pool   string
		unpool string
		nd     pool.NDOptions
		out    pool.Dims
	}{
		{"2-D", []int{2, 6, 20}, `"kernel":2`, `"kernel":2`, pool.NDOptions{Kernel: []int{2, 2}}, nil},
		{"2-D with stride, padding and outputSize", []int{1, 2, 12, 10}, `"kernel":[3,2],"stride":2,"padding":1`,
			`"kernel":[3,2],"stride":[2,2],"padding":[1,1],"outputSize":[12,10]`, pool.NDOptions{Kernel: []int{3, 2}, Stride: []int{2, 2}, Padding: []int{1, 1}}, pool.Dims{12, 10}},
		{"1-D", []int{2, 120}, `"kernel":[4],"stride":3`, `"kernel":[4],"stride":3`, pool.NDOptions{Kernel: []int{4}, Stride: []int{3}}, nil},
		{"3-D", []int{2, 6, 4, 5}, `"kernel":[2,2,2]`, `"kernel":[2,2,2],"outputSize":[6,4,5]`, pool.NDOptions{Kernel: []int{2, 2, 2}}, pool.Dims{6, 4, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := pool.Tensor{Shape: tc.shape, Data: vol}
			pooled, status, msg := postTensor(t, h, tensorJSON(in, `"op":"max","returnIndices":true,`+tc.pool))
			require.Equal(t, http.StatusOK, status, msg)
			idx, err := json.Marshal(pooled.Indices)
			require.NoError(t, err)
			body := tensorJSON(pool.Tensor{Shape: pooled.Shape, Data: floats(pooled)}, `"call":"unpool","indices":`+string(idx)+`,`+tc.unpool)
			got, status, msg := postTensor(t, h, body)
			require.Equal(t, http.StatusOK, status, msg)

			r := len(tc.nd.Kernel)
			out := tc.out
			if out == nil {
				out, err = pool.UnpoolDims(pool.Dims(pooled.Shape[len(pooled.Shape)-r:]), tc.nd)
				require.NoError(t, err)
			}
			want, err := pool.MaxUnpool(pool.Tensor{Shape: pooled.Shape, Data: floats(pooled)}, pooled.Indices, out)
			require.NoError(t, err)
			assert.Equal(t, want.Shape, got.Shape)
			assert.Equal(t, want.Data, floats(got))
		})
	}
}

func TestUnpoolErrors(t *testing.T) {
	h := New(Config{Limits: Limits{MaxTensorElements: 1000}})
	for _, tc := range []struct {
		body, option, msg string
		status            int
	}{
		{`{"call":"unpool","shape":[2,2],"data":[1,2,3,4],"kernel":2}`, "indices", "is required", 400},
		// A kernel of three numbers unpools the last three axes: [1,1,2] to
		// [2,2,4], whose planes have 16 cells.
		{`{"call":"unpool","shape":[1,1,2],"data":[1,2],"indices":[0,17],"kernel":[2,2,2]}`, "indices", "must lie in [0, 16)", 400},
		{`{"call":"unpool","shape":[2,2],"data":[1,2,3,4],"indices":[0,1,2],"kernel":2}`, "indices", "must match the data", 400},
		{`{"call":"unpool","shape":[2,2],"data":[1,2,3,4],"indices":[0,1,2,99],"kernel":2}`, "indices", "must lie in [0, 16)", 400},
		{`{"call":"unpool","shape":[2,2],"data":[1,2,3,4],"indices":[0,1,2,1.5],"kernel":2}`, "indices", "whole number", 400},
		{`{"call":"unpool","shape":[2,2],"data":[1,2,3,4],"indices":[0,1,2,3]}`, "kernel", "must be given unless outputSize is", 400},
		{`{"call":"unpool","op":"max","shape":[2,2],"data":[1,2,3,4],"indices":[0,1,2,3],"kernel":2}`, "op", `does not apply to call "unpool"`, 400},
		{`{"call":"unpool","shape":[2,2],"data":[1,2,3,4],"indices":[0,1,2,3],"kernel":[2,2],"stride":[1,1,1]}`, "stride", "one per axis", 400},
		{`{"call":"unpool","shape":[2,2],"data":[1,2,3,4],"indices":[0,1,2,3],"kernel":"2"}`, "kernel", "must be a number or an array of numbers", 400},
		{`{"call":"unpool","shape":[2,2],"data":[1,2,3,4],"indices":[0,1,2,3],"kernel":2,"outputSize":[100,100]}`, "shape", "over the limit of 1000", 413},
	} {
		t.Run(tc.body, func(t *testing.T) {
			rec := serveWith(t, h, http.MethodPost, "/v1/pool/tensor", []byte(tc.body))
			assert.Equal(t, tc.status, rec.Code, rec.Body.String())
			msg, option := errorBody(t, rec)
			assert.Equal(t, tc.option, option)
			assert.Contains(t, msg, tc.msg)
		})
	}
}
