// Package pool implements pooling (max, average, min and Lp; adaptive;
// global; max unpooling) with PyTorch's exact semantics, on float32 tensors
// in one, two or three spatial dimensions and on 8-bit RGBA pixels laid out
// as canvas ImageData.
//
// An Options value describes a 2-D pooling, the form pictures take; an
// NDOptions value describes one of any spatial rank, with PyTorch's padding
// or ONNX's (begin and end pads, SAME_UPPER, SAME_LOWER). Pool and
// PoolIndices take either. Zero fields mean the documented defaults (stride =
// kernel, padding 0, dilation 1, count-include-pad on, p = 2, straight alpha,
// sRGB). Every entry point validates its input and returns an *OptionError
// naming the option and the rule it broke; nothing in this package panics on
// bad input.
//
// Tensors (Pool, PoolIndices, AdaptivePool, GlobalPool, MaxUnpool) follow
// PyTorch's MaxPool1d/2d/3d, AvgPool1d/2d/3d, LPPool1d/2d,
// AdaptiveMaxPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d and MaxUnpool1d/2d/3d,
// and ONNX's MaxPool, AveragePool, LpPool, GlobalMaxPool,
// GlobalAveragePool, GlobalLpPool and MaxUnpool. The spatial axes are a
// tensor's last ones, after at most a batch and a channel axis. Pictures
// (PoolPixels, PoolImage) are 2-D; they pool the four channels independently
// and compute on the bytes directly: integer sums rounded half to even,
// exact max and min.
//
// The package imports only the standard library and nothing heavier than
// strconv, math and image, so that it stays small when compiled to
// WebAssembly.
package pool

// The kernels that are one loop written out for several windows are made
// by gen.go, which says what varies between them.
//
//go:generate go run gen.go
