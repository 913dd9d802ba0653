package pool_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// An override equal to the divisor every window counts (no padding, whole
// windows) changes nothing, in every picture mode and for tensors of every
// rank; a smaller one scales the sums and clamps at 255.
func TestDivisorOverrideMatchesDivisor(t *testing.T) {
	px := pool.Pixels{Pix: make([]byte, 4*12*9), Width: 12, Height: 9}
	for i := range px.Pix {
		px.Pix[i] = byte(i*37 + i/7)
	}
	for _, alpha := range []pool.Alpha{pool.Straight, pool.Premultiplied} {
		for _, cs := range []pool.ColorSpace{pool.SRGB, pool.Linear} {
			o := pool.Options{Op: pool.Avg, Kernel: pool.Size{H: 3, W: 2}, Stride: pool.Size{H: 3, W: 2}, Alpha: alpha, ColorSpace: cs}
			want, err := pool.PoolPixels(nil, px, o)
			require.NoError(t, err)
			o.DivisorOverride = 6
			got, err := pool.PoolPixels(nil, px, o)
			require.NoError(t, err)
			assert.Equal(t, want.Pix, got.Pix, "%v %v", alpha, cs)
		}
	}
	for _, o := range []pool.NDOptions{
		{Op: pool.Avg, Kernel: []int{3}, Stride: []int{2}},
		{Op: pool.Avg, Kernel: []int{2, 3}, Stride: []int{1, 2}},
		{Op: pool.Avg, Kernel: []int{2, 2, 3}},
	} {
		x := tensor(append([]int{2, 3}, []int{7, 8, 9}[:len(o.Kernel)]...)...)
		want, err := pool.Pool(x, o)
		require.NoError(t, err)
		o.DivisorOverride = 1
		for _, k := range o.Kernel {
			o.DivisorOverride *= k
		}
		got, err := pool.Pool(x, o)
		require.NoError(t, err)
		assert.Equal(t, want.Data, got.Data, "%v", o.Kernel)
	}
}

func TestDivisorOverridePictureClamps(t *testing.T) {
	px := pool.Pixels{Pix: []byte{
		200, 10, 0, 255, 100, 11, 0, 0,
		50, 12, 0, 128, 60, 13, 3, 1,
	}, Width: 2, Height: 2}
	o := pool.Options{Op: pool.Avg, Kernel: pool.Square(2), DivisorOverride: 2}
	got, err := pool.PoolPixels(nil, px, o)
	require.NoError(t, err)
	// Sums 410, 46, 3, 384: over 2, halves to even, clamped.
	assert.Equal(t, []byte{205, 23, 2, 192}, got.Pix)
	o.Alpha = pool.Premultiplied
	got, err = pool.PoolPixels(nil, px, o)
	require.NoError(t, err)
	// Colours stay alpha-weighted means: (200*255 + 50*128 + 60*1) / 384.
	assert.Equal(t, []byte{150, 11, 0, 192}, got.Pix)
	o.DivisorOverride = 1
	got, err = pool.PoolPixels(nil, px, o)
	require.NoError(t, err)
	assert.Equal(t, byte(255), got.Pix[3])
}

// A tensor pooled with the 2-D Options gets the override as with
// NDOptions, forward and backward.
func TestDivisorOverrideOptionsTensor(t *testing.T) {
	x := tensor(2, 3, 6, 8)
	nd := pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 3}, Stride: []int{2, 2}, Padding: []int{1, 1}, DivisorOverride: 5}
	o := pool.Options{Op: pool.Avg, Kernel: pool.Size{H: 2, W: 3}, Stride: pool.Square(2), Padding: pool.Square(1), DivisorOverride: 5}
	want, err := pool.Pool(x, nd)
	require.NoError(t, err)
	got, err := pool.Pool(x, o)
	require.NoError(t, err)
	assert.Equal(t, want.Data, got.Data)
	gout := tensor(want.Shape...)
	wantGrad, err := pool.PoolGrad(x, gout, nd)
	require.NoError(t, err)
	gotGrad, err := pool.PoolGrad(x, gout, o)
	require.NoError(t, err)
	assert.Equal(t, wantGrad.Data, gotGrad.Data)
}
