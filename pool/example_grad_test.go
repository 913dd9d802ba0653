package pool_test

import (
	"fmt"

	"github.com/poolkit/poolkit/pool"
)

func ExamplePoolGrad() {
	// Max sends each output's whole gradient to its window's largest cell;
	// average spreads it evenly over the window.
	t := pool.Tensor{Shape: []int{2, 4}, Data: []float32{
		1, 5, 2, 0,
		3, 4, 8, 6,
	}}
	gradOut := pool.Tensor{Shape: []int{1, 2}, Data: []float32{1, 2}}
	for _, op := range []pool.Op{pool.Max, pool.Avg} {
		g, err := pool.PoolGrad(t, gradOut, pool.Options{Op: op, Kernel: pool.Square(2)})
		if err != nil {
			panic(err)
		}
		fmt.Println(op, g.Data)
	}
	// Output:
	// max [0 1 0 0 0 0 2 0]
	// avg [0.25 0.25 0.5 0.5 0.25 0.25 0.5 0.5]
}

func ExamplePool_divisorOverride() {
	// PyTorch's divisor_override: the 2x2 window's sum divided by 2, not 4.
	t := pool.Tensor{Shape: []int{2, 2}, Data: []float32{1, 2, 3, 4}}
	out, err := pool.Pool(t, pool.Options{Op: pool.Avg, Kernel: pool.Square(2), DivisorOverride: 2})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Data)
	// Output: [5]
}

func ExampleFractionalMaxPool() {
	// The samples fix where the windows fall, as PyTorch's _random_samples
	// (one pair per plane: columns, then rows).
	t := pool.Tensor{Shape: []int{1, 1, 5, 5}, Data: []float32{
		1, 2, 3, 4, 5,
		6, 7, 8, 9, 10,
		11, 12, 13, 14, 15,
		16, 17, 18, 19, 20,
		21, 22, 23, 24, 25,
	}}
	o := pool.FractionalOptions{Kernel: []int{2, 2}, OutputSize: []int{3, 3}, Samples: []float32{0.5, 0.5}}
	out, idx, err := pool.FractionalMaxPool(t, o)
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Shape, out.Data, idx)
	// Output: [1 1 3 3] [7 9 10 17 19 20 22 24 25] [6 8 9 16 18 19 21 23 24]
}

func ExampleRoiAlign() {
	// One 2x2 output per box: box (0, 0)-(3, 3) of a 4x4 ramp, sampled
	// bilinearly once per bin.
	t := pool.Tensor{Shape: []int{1, 1, 4, 4}, Data: []float32{
		0, 1, 2, 3,
		4, 5, 6, 7,
		8, 9, 10, 11,
		12, 13, 14, 15,
	}}
	rois := pool.Tensor{Shape: []int{1, 5}, Data: []float32{0, 0, 0, 3, 3}}
	out, err := pool.RoiAlign(t, rois, pool.RoiOptions{OutputSize: pool.Size{H: 2, W: 2}, SamplingRatio: 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Shape, out.Data)
	// Output: [1 1 2 2] [3.75 5.25 9.75 11.25]
}

func ExampleMaxRoiPool() {
	// Box (1, 1)-(3, 3) holds 3x3 whole cells: bins of 1.5 cells, widened
	// to whole ones (rows 1-2 and 2-3), so neighbouring bins share a row.
	t := pool.Tensor{Shape: []int{1, 1, 4, 4}, Data: []float32{
		0, 1, 2, 3,
		4, 5, 6, 7,
		8, 9, 10, 11,
		12, 13, 14, 15,
	}}
	rois := pool.Tensor{Shape: []int{1, 5}, Data: []float32{0, 1, 1, 3, 3}}
	out, err := pool.MaxRoiPool(t, rois, pool.RoiOptions{OutputSize: pool.Size{H: 2, W: 2}})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Data)
	// Output: [10 11 14 15]
}
