package pool_test

import (
	"fmt"

	"github.com/poolkit/poolkit/pool"
)

func ExamplePool() {
	// A 1x1x4x4 feature map, max-pooled 2x2 with stride 2 as in a CNN.
	t := pool.Tensor{Shape: []int{1, 1, 4, 4}, Data: []float32{
		1, 2, 5, 6,
		3, 4, 7, 8,
		9, 10, 13, 14,
		11, 12, 15, 16,
	}}
	out, err := pool.Pool(t, pool.Options{Op: pool.Max, Kernel: pool.Square(2)})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Shape, out.Data)
	// Output: [1 1 2 2] [4 8 12 16]
}

func ExamplePoolPixels() {
	// A 2x2 black and white checkerboard, opaque, averaged to one pixel:
	// 128 on the bytes, 188 in linear light.
	px := pool.Pixels{Width: 2, Height: 2, Pix: []byte{
		0, 0, 0, 255, 255, 255, 255, 255,
		255, 255, 255, 255, 0, 0, 0, 255,
	}}
	o := pool.Options{Op: pool.Avg, Kernel: pool.Square(2)}
	srgb, _ := pool.PoolPixels(nil, px, o)
	o.ColorSpace = pool.Linear
	linear, _ := pool.PoolPixels(nil, px, o)
	fmt.Println(srgb.Pix, linear.Pix)
	// Output: [128 128 128 255] [188 188 188 255]
}

func ExampleOptions_Resolve() {
	// ceil mode adds a window that starts inside the input.
	g, _ := pool.Options{Op: pool.Max, Kernel: pool.Square(2), CeilMode: true}.Resolve(pool.Size{H: 5, W: 4})
	fmt.Println(g.Out())
	// Output: 3x2
}

func ExampleOutputSize() {
	_, err := pool.OutputSize(2, 3, 1, 0, 1, false)
	fmt.Println(err)
	// Output: kernel 3: window (3 cells with dilation) does not fit the input (2 cells plus padding)
}
