package httpapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// memberJSON writes a tensor as a JSON member value {"shape":..,"data":..}.
func memberJSON(t pool.Tensor) string {
	b := appendTensorJSON(nil, t, nil)
	return string(b[:len(b)-1])
}

func ones(shape ...int) pool.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	t := pool.Tensor{Shape: shape, Data: make([]float32, n)}
	for i := range t.Data {
		t.Data[i] = float32(i%3) + 0.5
	}
	return t
}

func TestExtendedCalls(t *testing.T) {
	h := New(Config{})
	samples := []float32{0.25, 0.5, 0.75, 0.125}
	frac := pool.FractionalOptions{Kernel: []int{2, 2}, OutputSize: []int{2, 3}, Samples: samples}
	rois := pool.Tensor{Shape: []int{2, 5}, Data: []float32{0, 0, 0, 3, 2, 0, 1, 0.5, 4, 3.5}}
	_, unpoolIdx, err := pool.PoolIndices(tensorIn, pool.Options{Op: pool.Max, Kernel: pool.Square(2)})
	require.NoError(t, err)
	pooled, err := pool.Pool(tensorIn, pool.Options{Op: pool.Max, Kernel: pool.Square(2)})
	require.NoError(t, err)
	tests := []struct {
		name, opts string
		want       func() (pool.Tensor, []int32, error)
	}{
		{"poolGrad max", `"call":"poolGrad","op":"max","kernel":2,"stride":1,"returnIndices":true,"gradOutput":` + memberJSON(ones(1, 2, 3, 4)),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.PoolGrad(tensorIn, ones(1, 2, 3, 4), pool.Options{Op: pool.Max, Kernel: pool.Square(2), Stride: pool.Square(1)})
				return g, nil, err
			}},
		{"poolGrad avg divisor 3-D", `"call":"poolGrad","op":"avg","kernel":[2,2,2],"divisorOverride":3,"gradOutput":` + memberJSON(ones(1, 1, 2, 2)),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.PoolGrad(tensorIn, ones(1, 1, 2, 2), pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 2, 2}, DivisorOverride: 3})
				return g, nil, err
			}},
		{"poolGrad lp", `"call":"poolGrad","op":"lp","p":3,"kernel":[2,3],"gradOutput":` + memberJSON(ones(1, 2, 2, 1)),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.PoolGrad(tensorIn, ones(1, 2, 2, 1), pool.Options{Op: pool.Lp, P: 3, Kernel: pool.Size{H: 2, W: 3}})
				return g, nil, err
			}},
		{"adaptiveGrad", `"call":"adaptiveGrad","op":"avg","outputSize":[3,2],"gradOutput":` + memberJSON(ones(1, 2, 3, 2)),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.AdaptivePoolGrad(tensorIn, ones(1, 2, 3, 2), pool.Avg, pool.Size{H: 3, W: 2})
				return g, nil, err
			}},
		{"globalGrad", `"call":"globalGrad","op":"min","gradOutput":` + memberJSON(ones(1, 2, 1, 1)),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.GlobalPoolGrad(tensorIn, ones(1, 2, 1, 1), pool.Min)
				return g, nil, err
			}},
		{"fractional", `"call":"fractional","kernel":2,"outputSize":[2,3],"samples":[0.25,0.5,0.75,0.125],"returnIndices":true`,
			func() (pool.Tensor, []int32, error) { return pool.FractionalMaxPool(tensorIn, frac) }},
		{"fractionalGrad", `"call":"fractionalGrad","kernel":[2,2],"outputSize":[2,3],"samples":[0.25,0.5,0.75,0.125],"gradOutput":` + memberJSON(ones(1, 2, 2, 3)),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.FractionalMaxPoolGrad(tensorIn, ones(1, 2, 2, 3), frac)
				return g, nil, err
			}},
		{"unpoolGrad", `"call":"unpoolGrad","kernel":2,"outputSize":[4,5],"gradOutput":` + memberJSON(ones(1, 2, 4, 5)) + `,"indices":` + intsJSON(unpoolIdx),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.MaxUnpoolGrad(pooled, unpoolIdx, ones(1, 2, 4, 5), pool.Dims{4, 5})
				return g, nil, err
			}},
		{"roiAlign", `"call":"roiAlign","outputSize":[2,2],"samplingRatio":0,"aligned":true,"spatialScale":0.5,"rois":` + memberJSON(rois),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.RoiAlign(tensorIn, rois, pool.RoiOptions{OutputSize: pool.Square(2), Aligned: true, SpatialScale: 0.5})
				return g, nil, err
			}},
		{"roiAlign max", `"call":"roiAlign","op":"max","outputSize":3,"samplingRatio":2,"rois":` + memberJSON(rois),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.RoiAlign(tensorIn, rois, pool.RoiOptions{OutputSize: pool.Square(3), Op: pool.Max, SamplingRatio: 2})
				return g, nil, err
			}},
		{"maxRoiPool", `"call":"maxRoiPool","outputSize":[1,2],"rois":` + memberJSON(rois),
			func() (pool.Tensor, []int32, error) {
				g, err := pool.MaxRoiPool(tensorIn, rois, pool.RoiOptions{OutputSize: pool.Size{H: 1, W: 2}})
				return g, nil, err
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := tensorJSON(tensorIn, tc.opts)
			if tc.name == "unpoolGrad" {
				body = tensorJSON(pooled, tc.opts)
			}
			r, status, msg := postTensor(t, h, body)
			require.Equal(t, http.StatusOK, status, msg)
			want, idx, err := tc.want()
			require.NoError(t, err)
			assert.Equal(t, want.Shape, r.Shape)
			assert.Equal(t, want.Data, floats(r))
			assert.Equal(t, idx, r.Indices)
		})
	}
	// Without samples the windows are drawn at random; the shape is fixed.
	r, status, msg := postTensor(t, h, tensorJSON(tensorIn, `"call":"fractional","kernel":2,"outputRatio":0.5`))
	require.Equal(t, http.StatusOK, status, msg)
	assert.Equal(t, []int{1, 2, 2, 2}, r.Shape)
	assert.Nil(t, r.Indices)
}

func intsJSON(v []int32) string {
	b := appendTensorJSON(nil, pool.Tensor{}, v)
	s := string(b)
	return s[len(`{"shape":[],"data":[],"indices":`) : len(s)-2]
}

func TestExtendedCallErrors(t *testing.T) {
	h := New(Config{})
	rois := `{"shape":[1,5],"data":[0,0,0,2,2]}`
	tests := []struct {
		name, opts string
		status     int
		option     string
	}{
		{"grad shape", `"call":"poolGrad","op":"max","kernel":2,"gradOutput":{"shape":[1,2,3,3],"data":[` + zeros(18) + `]}`, 400, "gradOutput"},
		{"grad missing", `"call":"poolGrad","op":"max","kernel":2`, 400, "gradOutput"},
		{"grad data", `"call":"adaptiveGrad","op":"max","outputSize":2,"gradOutput":{"shape":[1,2,2,2],"data":[1,2]}`, 400, "gradOutput"},
		{"grad data not numbers", `"call":"adaptiveGrad","op":"max","outputSize":2,"gradOutput":{"shape":[1,2,2,2],"data":"x"}`, 400, "gradOutput"},
		{"grad data with a string", `"call":"adaptiveGrad","op":"max","outputSize":2,"gradOutput":{"shape":[1,2,2,2],"data":[1,"2"]}`, 400, "gradOutput"},
		{"grad data missing", `"call":"adaptiveGrad","op":"max","outputSize":2,"gradOutput":{"shape":[1,2,2,2]}`, 400, "gradOutput"},
		{"rois data not numbers", `"call":"roiAlign","outputSize":2,"rois":{"shape":[1,5],"data":{}}`, 400, "rois"},
		{"grad not tensor", `"call":"globalGrad","op":"max","gradOutput":[1,2]`, 400, "gradOutput"},
		{"grad bad option", `"call":"poolGrad","op":"max","kernel":0,"gradOutput":{"shape":[1],"data":[1]}`, 400, "kernel"},
		{"grad returnIndices", `"call":"poolGrad","op":"max","kernel":2,"returnIndices":1,"gradOutput":{"shape":[1,2,2,2],"data":[` + zeros(8) + `]}`, 400, "returnIndices"},
		{"samples range", `"call":"fractional","kernel":2,"outputSize":2,"samples":[0.5,1,0.5,0.5]`, 400, "samples"},
		{"samples length", `"call":"fractional","kernel":2,"outputSize":2,"samples":[0.5]`, 400, "samples"},
		{"samples type", `"call":"fractional","kernel":2,"outputSize":2,"samples":"x"`, 400, "samples"},
		{"fractional ratio", `"call":"fractional","kernel":2,"outputRatio":1.5`, 400, "outputRatio"},
		{"fractional unknown", `"call":"fractional","kernel":2,"outputSize":2,"op":"max"`, 400, "op"},
		{"fractionalGrad samples", `"call":"fractionalGrad","kernel":2,"outputSize":2,"gradOutput":{"shape":[1,2,2,2],"data":[` + zeros(8) + `]}`, 400, "samples"},
		{"rois batch", `"call":"roiAlign","outputSize":2,"rois":{"shape":[1,5],"data":[1,0,0,2,2]}`, 400, "rois"},
		{"rois nan", `"call":"maxRoiPool","outputSize":2,"rois":{"shape":[1,5],"data":[0,null,0,2,2]}`, 400, "rois"},
		{"rois shape", `"call":"roiAlign","outputSize":2,"rois":{"shape":[1,4],"data":[0,0,2,2]}`, 400, "rois"},
		{"rois missing", `"call":"roiAlign","outputSize":2`, 400, "rois"},
		{"roi op", `"call":"roiAlign","outputSize":2,"op":"min","rois":` + rois, 400, "op"},
		{"roi ratio", `"call":"roiAlign","outputSize":2,"samplingRatio":-1,"rois":` + rois, 400, "samplingRatio"},
		{"roi scale", `"call":"maxRoiPool","outputSize":2,"spatialScale":0,"rois":` + rois, 400, "spatialScale"},
		{"roi huge output", `"call":"roiAlign","outputSize":[100000,100000],"rois":` + rois, 413, "outputSize"},
		{"roi huge box", `"call":"roiAlign","outputSize":2,"rois":{"shape":[1,5],"data":[0,0,0,1e30,1e30]}`, 400, "rois"},
		{"indices", `"call":"unpoolGrad","kernel":2,"indices":[0.5],"gradOutput":{"shape":[1],"data":[1]}`, 400, "indices"},
		{"divisor avg only", `"op":"max","kernel":2,"divisorOverride":2`, 400, "divisorOverride"},
		{"divisor zero", `"op":"avg","kernel":2,"divisorOverride":0`, 400, "divisorOverride"},
		{"divisor fraction", `"op":"avg","kernel":2,"divisorOverride":1.5`, 400, "divisorOverride"},
		{"divisor adaptive", `"call":"adaptive","op":"avg","outputSize":2,"divisorOverride":2`, 400, "divisorOverride"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serveWith(t, h, http.MethodPost, "/v1/pool/tensor", []byte(tensorJSON(tensorIn, tc.opts)), "Content-Type", "application/json")
			require.Equal(t, tc.status, rec.Code, rec.Body.String())
			msg, option := errorBody(t, rec)
			assert.NotEmpty(t, msg)
			assert.Equal(t, tc.option, option, msg)
		})
	}
}

func zeros(n int) string {
	s := "0"
	for range n - 1 {
		s += ",0"
	}
	return s
}

func TestDivisorOverride(t *testing.T) {
	h := New(Config{})
	r, status, msg := postTensor(t, h, tensorJSON(tensorIn, `"op":"avg","kernel":[2,3],"stride":1,"padding":[1,1],"divisorOverride":4`))
	require.Equal(t, http.StatusOK, status, msg)
	want, err := pool.Pool(tensorIn, pool.Options{Op: pool.Avg, Kernel: pool.Size{H: 2, W: 3}, Stride: pool.Square(1), Padding: pool.Square(1), DivisorOverride: 4})
	require.NoError(t, err)
	assert.Equal(t, want.Data, floats(r))

	px := rawPicture(9, 7)
	o := pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: pool.Square(2), DivisorOverride: 5}
	wantPx, err := pool.PoolPixels(nil, px, o)
	require.NoError(t, err)
	rec := serve(t, http.MethodPost, rawQuery(px, "op=avg&kernel=3&stride=2&divisorOverride=5&format=rgba"), px.Pix)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, wantPx.Pix, rec.Body.Bytes())

	rec = serve(t, http.MethodPost, rawQuery(px, "op=min&kernel=3&divisorOverride=5&format=rgba"), px.Pix)
	require.Equal(t, http.StatusBadRequest, rec.Code)
	_, option := errorBody(t, rec)
	assert.Equal(t, "divisorOverride", option)
}

// FuzzExtendedCalls sends any body with the extended calls' members: the
// answer is a tensor, or a JSON 400 or 413, never a 500.
func FuzzExtendedCalls(f *testing.F) {
	for _, b := range []string{
		`{"shape":[1,1,3,3],"data":[1,2,3,4,5,6,7,8,9],"call":"poolGrad","op":"max","kernel":2,"stride":1,"gradOutput":{"shape":[1,1,2,2],"data":[1,2,3,4]}}`,
		`{"shape":[3,3],"data":[1,2,3,4,5,6,7,8,9],"call":"adaptiveGrad","op":"avg","outputSize":2,"gradOutput":{"shape":[2,2],"data":[1,2,3,4]}}`,
		`{"shape":[2,3],"data":[1,2,3,4,5,6],"call":"globalGrad","op":"lp","p":3,"dims":1,"gradOutput":{"shape":[2,1],"data":[1,2]}}`,
		`{"shape":[1,2,2],"data":[1,2,3,4],"call":"unpoolGrad","kernel":2,"indices":[0,3,5,15],"gradOutput":{"shape":[1,4,4],"data":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]}}`,
		`{"shape":[1,5,5],"data":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25],"call":"fractional","kernel":2,"outputSize":3,"samples":[0.5,0.25],"returnIndices":true}`,
		`{"shape":[1,5,5],"data":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25],"call":"fractionalGrad","kernel":2,"outputRatio":0.6,"samples":[0.5,0.25],"gradOutput":{"shape":[1,3,3],"data":[1,2,3,4,5,6,7,8,9]}}`,
		`{"shape":[1,3,3],"data":[1,2,3,4,5,6,7,8,9],"call":"roiAlign","outputSize":2,"samplingRatio":0,"aligned":true,"op":"max","rois":{"shape":[1,5],"data":[0,0,0,2,2]}}`,
		`{"shape":[1,3,3],"data":[1,2,3,4,5,6,7,8,9],"call":"maxRoiPool","outputSize":[2,1],"spatialScale":0.5,"rois":{"shape":[2,5],"data":[0,0,0,2,2,0,-1,-1,9,9]}}`,
		`{"shape":[3,3],"data":[1,2,3,4,5,6,7,8,9],"op":"avg","kernel":2,"divisorOverride":3}`,
	} {
		f.Add([]byte(b))
	}
	fuzzTensorEndpoint(f)
}

func TestCallRuleNamesEveryCall(t *testing.T) {
	calls := []string{callPool, callAdaptive, callGlobal, callUnpool}
	for c := range extendedCalls {
		calls = append(calls, c)
	}
	for _, c := range calls {
		assert.Contains(t, callRule, `"`+c+`"`)
	}
}
