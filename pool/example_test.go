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

func ExamplePoolInto() {
	// Frames of one shape, pooled into one buffer: after the first call no
	// call allocates its output.
	o := pool.Options{Op: pool.Avg, Kernel: pool.Square(2)}
	var buf []float32
	for frame := range 3 {
		t := pool.Tensor{Shape: []int{2, 2}, Data: []float32{1, 2, 3, float32(frame)}}
		out, err := pool.PoolInto(buf, t, o)
		if err != nil {
			panic(err)
		}
		buf = out.Data
		fmt.Println(out.Data)
	}
	// Output:
	// [1.5]
	// [1.75]
	// [2]
}

func ExampleNewTensorPlan() {
	// A layer run over many inputs of one shape: the options are checked
	// and the windows resolved once, and every Run only pools.
	plan, err := pool.NewTensorPlan(pool.Options{Op: pool.Max, Kernel: pool.Square(2)}, []int{2, 2, 2})
	if err != nil {
		panic(err)
	}
	dst := make([]float32, plan.OutLen())
	for step := range 2 {
		if err := plan.Run(dst, []float32{1, 2, 3, float32(4 * step), 5, 6, 7, 8}); err != nil {
			panic(err)
		}
		fmt.Println(plan.OutShape(), dst)
	}
	// Output:
	// [2 1 1] [3 8]
	// [2 1 1] [4 8]
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
	// Output: kernel 3: window (3 cells) does not fit the input (2 cells plus padding 0+0)
}

func ExampleNDOptions() {
	// A 1-D signal of one channel, max-pooled over 3 samples every 2 with
	// ONNX's pads: one sample of padding before, none after.
	line := pool.Tensor{Shape: []int{1, 7}, Data: []float32{1, 5, 2, 3, 4, 0, 6}}
	out, idx, err := pool.PoolIndices(line, pool.NDOptions{Op: pool.Max, Kernel: []int{3}, Stride: []int{2}, Padding: []int{1, 0}})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Shape, out.Data, idx)

	// SAME_LOWER keeps every sample and pads before it; the padded cell is
	// not counted.
	avg, err := pool.Pool(pool.Tensor{Shape: []int{4}, Data: []float32{1, 2, 3, 4}},
		pool.NDOptions{Op: pool.Avg, Kernel: []int{2}, Stride: []int{1}, AutoPad: pool.SameLower})
	fmt.Println(avg.Data, err)

	// A 2x2x2 volume to one cell, and a kernel of four axes.
	vol := pool.Tensor{Shape: []int{2, 2, 2}, Data: []float32{1, 2, 3, 4, 5, 6, 7, 8}}
	m, err := pool.Pool(vol, pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2, 2}})
	fmt.Println(m.Shape, m.Data, err)
	_, err = pool.Pool(vol, pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2, 2, 2}})
	fmt.Println(err)
	// Output:
	// [1 3] [5 5 4] [1 1 4]
	// [1 1.5 2.5 3.5] <nil>
	// [1 1 1] [8] <nil>
	// kernel [2, 2, 2, 2]: must have 1, 2 or 3 elements
}

func ExampleGlobalPool() {
	// ONNX's GlobalLpPool over the two spatial axes of each channel.
	t := pool.Tensor{Shape: []int{2, 1, 2}, Data: []float32{3, 4, 6, 8}}
	out, _ := pool.GlobalPool(t, pool.Global{Op: pool.Lp, Dims: 2})
	fmt.Println(out.Shape, out.Data)
	// Output: [2 1 1] [5 10]
}
