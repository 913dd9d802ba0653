// Package pool implements two-dimensional pooling (max, average, min and Lp;
// adaptive; global) with PyTorch's exact semantics, on float32 tensors and on
// 8-bit RGBA pixels laid out as canvas ImageData.
//
// One Options value describes a pooling; its zero fields mean the documented
// defaults (stride = kernel, padding 0, dilation 1, count-include-pad on,
// p = 2, straight alpha, sRGB). Every entry point validates its input and
// returns an *OptionError naming the option and the rule it broke; nothing in
// this package panics on bad input.
//
// Tensors (Pool, PoolIndices, AdaptivePool, GlobalPool, MaxUnpool) follow
// PyTorch's MaxPool2d, AvgPool2d, LPPool2d, AdaptiveMaxPool2d,
// AdaptiveAvgPool2d and MaxUnpool2d. Pictures (PoolPixels, PoolImage) pool
// the four channels independently and compute on the bytes directly: integer
// sums rounded half to even, exact max and min.
//
// The package imports only the standard library and nothing heavier than
// strconv, math and image, so that it stays small when compiled to
// WebAssembly.
package pool
