package pool_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// ONNX's pooling node tests whose inputs and outputs are written out in the
// operator specs (the "precomputed" ones and a few others), with their
// attributes mapped as the README says: pads to the 2 x rank Padding,
// auto_pad to AutoPad, count_include_pad 0 (ONNX's default) to ExcludePad,
// and no strides to a stride of 1 (ONNX's default; poolkit's is the kernel).
// The random ones are covered by the golden vectors' configurations.
func TestONNXNodeExamples(t *testing.T) {
	seq := func(shape ...int) pool.Tensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		x := pool.Tensor{Shape: shape, Data: make([]float32, n)}
		for i := range x.Data {
			x.Data[i] = float32(i%16 + 1)
		}
		return x
	}
	x5 := seq(1, 1, 5, 5)
	for i := range x5.Data {
		x5.Data[i] = float32(i + 1)
	}
	x4 := seq(1, 1, 4, 4)
	tests := []struct {
		name    string
		x       pool.Tensor
		o       pool.NDOptions
		want    []float32
		shape   []int
		indices []int32
	}{
		{"averagepool_2d_precomputed_pads", x5, pool.NDOptions{Op: pool.Avg, Kernel: []int{5, 5}, Stride: []int{1, 1}, Padding: []int{2, 2, 2, 2}, ExcludePad: true},
			[]float32{7, 7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5, 14, 14.5, 15, 15.5, 16, 16.5, 17, 17.5, 18, 18.5, 19}, []int{1, 1, 5, 5}, nil},
		{"averagepool_2d_precomputed_pads_count_include_pad", x5, pool.NDOptions{Op: pool.Avg, Kernel: []int{5, 5}, Stride: []int{1, 1}, Padding: []int{2, 2, 2, 2}},
			[]float32{2.52, 3.6, 4.8, 4.08, 3.24, 4.56, 6.4, 8.4, 7.04, 5.52, 7.2, 10, 13, 10.8, 8.4, 6.96, 9.6, 12.4, 10.24, 7.92, 6.12, 8.4, 10.8, 8.88, 6.84}, []int{1, 1, 5, 5}, nil},
		{"averagepool_2d_precomputed_strides", x5, pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 2}, Stride: []int{2, 2}, ExcludePad: true},
			[]float32{4, 6, 14, 16}, []int{1, 1, 2, 2}, nil},
		{"averagepool_2d_precomputed_same_upper", x5, pool.NDOptions{Op: pool.Avg, Kernel: []int{3, 3}, Stride: []int{2, 2}, AutoPad: pool.SameUpper, ExcludePad: true},
			[]float32{4, 5.5, 7, 11.5, 13, 14.5, 19, 20.5, 22}, []int{1, 1, 3, 3}, nil},
		{"averagepool_2d_ceil", x4, pool.NDOptions{Op: pool.Avg, Kernel: []int{3, 3}, Stride: []int{2, 2}, CeilMode: true, ExcludePad: true},
			[]float32{6, 7.5, 12, 13.5}, []int{1, 1, 2, 2}, nil},
		{"averagepool_2d_dilations", x4, pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 2}, Stride: []int{1, 1}, Dilation: []int{2, 2}, CeilMode: true, ExcludePad: true},
			[]float32{6, 7, 10, 11}, []int{1, 1, 2, 2}, nil},
		{"averagepool_3d_dilations_small", seq(1, 1, 4, 4, 4), pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 2, 2}, Stride: []int{1, 1, 1}, Dilation: []int{2, 2, 2}, CeilMode: true, ExcludePad: true},
			[]float32{6, 7, 10, 11, 6, 7, 10, 11}, []int{1, 1, 2, 2, 2}, nil},
		{"maxpool_2d_precomputed_pads", x5, pool.NDOptions{Op: pool.Max, Kernel: []int{5, 5}, Stride: []int{1, 1}, Padding: []int{2, 2, 2, 2}},
			[]float32{13, 14, 15, 15, 15, 18, 19, 20, 20, 20, 23, 24, 25, 25, 25, 23, 24, 25, 25, 25, 23, 24, 25, 25, 25}, []int{1, 1, 5, 5},
			[]int32{12, 13, 14, 14, 14, 17, 18, 19, 19, 19, 22, 23, 24, 24, 24, 22, 23, 24, 24, 24, 22, 23, 24, 24, 24}},
		{"maxpool_2d_precomputed_strides", x5, pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2}, Stride: []int{2, 2}},
			[]float32{7, 9, 17, 19}, []int{1, 1, 2, 2}, []int32{6, 8, 16, 18}},
		{"maxpool_2d_precomputed_same_upper", x5, pool.NDOptions{Op: pool.Max, Kernel: []int{3, 3}, Stride: []int{2, 2}, AutoPad: pool.SameUpper},
			[]float32{7, 9, 10, 17, 19, 20, 22, 24, 25}, []int{1, 1, 3, 3}, nil},
		{"maxpool_2d_ceil", x4, pool.NDOptions{Op: pool.Max, Kernel: []int{3, 3}, Stride: []int{2, 2}, CeilMode: true},
			[]float32{11, 12, 15, 16}, []int{1, 1, 2, 2}, nil},
		{"maxpool_2d_dilations", x4, pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2}, Stride: []int{1, 1}, Dilation: []int{2, 2}},
			[]float32{11, 12, 15, 16}, []int{1, 1, 2, 2}, nil},
		{"maxpool_2d_ceil_output_size_reduce_by_one", seq(1, 1, 2, 2), pool.NDOptions{Op: pool.Max, Kernel: []int{1, 1}, Stride: []int{2, 2}, CeilMode: true},
			[]float32{1}, []int{1, 1, 1, 1}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, idx, err := pool.PoolIndices(tc.x, pool.NDOptions{Op: pool.Max, Kernel: tc.o.Kernel, Stride: tc.o.Stride, Dilation: tc.o.Dilation,
				Padding: tc.o.Padding, AutoPad: tc.o.AutoPad, CeilMode: tc.o.CeilMode})
			if tc.o.Op != pool.Max {
				got, err = pool.Pool(tc.x, tc.o)
			}
			require.NoError(t, err)
			assert.Equal(t, tc.shape, got.Shape)
			assert.InDeltaSlice(t, tc.want, got.Data, 1e-5)
			if tc.indices != nil {
				assert.Equal(t, tc.indices, idx)
			}
		})
	}

	// The last window starts in the padding before ceil mode drops it; the
	// expected values are PyTorch's, which count the padding.
	x := pool.Tensor{Shape: []int{1, 3, 2, 2}, Data: []float32{0.8580, 0.0786, 0.2692, 0.1537, 0.8816, 0.4353, 0.5772, 0.6623, 0.9067, 0.9483, 0.5970, 0.7630}}
	got, err := pool.Pool(x, pool.NDOptions{Op: pool.Avg, Kernel: []int{3, 3}, Stride: []int{3, 3}, Padding: []int{1, 1, 1, 1}, CeilMode: true})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 3, 1, 1}, got.Shape)
	assert.InDeltaSlice(t, []float32{0.1511, 0.2841, 0.3572}, got.Data, 1e-4)

	// storage_order 1 numbers a plane's cells column by column: w*H + h.
	_, idx, err := pool.PoolIndices(x5, pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2}, Stride: []int{2, 2}})
	require.NoError(t, err)
	colMajor := make([]int32, len(idx))
	for i, at := range idx {
		colMajor[i] = at%5*5 + at/5
	}
	assert.Equal(t, []int32{6, 16, 8, 18}, colMajor)

	// MaxUnpool with and without output_shape.
	pooled := pool.Tensor{Shape: []int{1, 1, 2, 2}, Data: []float32{5, 6, 7, 8}}
	at := []int32{5, 7, 13, 15}
	size, err := pool.UnpoolDims(pool.Dims{2, 2}, pool.NDOptions{Kernel: []int{2, 2}, Stride: []int{2, 2}})
	require.NoError(t, err)
	u, err := pool.MaxUnpool(pooled, at, size)
	require.NoError(t, err)
	assert.Equal(t, []float32{0, 0, 0, 0, 0, 5, 0, 6, 0, 0, 0, 0, 0, 7, 0, 8}, u.Data)
	u, err = pool.MaxUnpool(pooled, at, pool.Dims{5, 5})
	require.NoError(t, err)
	assert.Equal(t, []float32{0, 0, 0, 0, 0, 5, 0, 6, 0, 0, 0, 0, 0, 7, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0}, u.Data)

	// GlobalMaxPool and GlobalAveragePool, precomputed.
	g := pool.Tensor{Shape: []int{1, 1, 3, 3}, Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}}
	m, err := pool.GlobalPool(g, pool.Max)
	require.NoError(t, err)
	a, err := pool.GlobalPool(g, pool.Avg)
	require.NoError(t, err)
	assert.Equal(t, []float32{9}, m.Data)
	assert.Equal(t, []float32{5}, a.Data)
}
