//go:build js && wasm

package main

// The calls beyond pooling (issue 22's): the gradients, whose gradOutput is
// in its own buffer with its shape in the record, fractional max pooling,
// whose samples, and region pooling, whose regions, are in the indices
// buffer. A gradient is float32 whatever the input's element type.

import (
	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// gradArg reads gradOutput: float32 values in its buffer, its shape in the
// record. pool checks it against the forward output's shape.
func gradArg(r *record) (pool.Tensor, error) {
	s, err := r.numbersAt(sideBuf[:], "gradOutput", "shape ", wire.SideRank, wire.SideShape, wire.ShapeSlots)
	if err != nil {
		return pool.Tensor{}, err
	}
	data, err := buffer(wire.GradOutput)
	if err != nil {
		return pool.Tensor{}, err
	}
	return pool.Tensor{Shape: s, Data: viewAs[float32](data)}, nil
}

// gradResult reports a gradient, float32 whatever the input's type.
func gradResult(r *record, g pool.Tensor) {
	r.f[wire.DType] = wire.DTypeFloat32
	tensorResult(r, g, nil)
}

// gradCall runs a gradient: the tensor and gradOutput, then f.
func gradCall(f func(t, g pool.Tensor) (pool.Tensor, error)) int32 {
	return run(func() error {
		t, err := tensorArg(&rec)
		if err != nil {
			return err
		}
		g, err := gradArg(&rec)
		if err != nil {
			return err
		}
		res, err := f(t, g)
		if err != nil {
			return err
		}
		gradResult(&rec, res)
		return nil
	})
}

//go:wasmexport poolTensorGrad
func exportPoolTensorGrad() int32 {
	return gradCall(func(t, g pool.Tensor) (pool.Tensor, error) {
		o, err := rec.spec()
		if err != nil {
			return pool.Tensor{}, err
		}
		return pool.PoolGrad(t, g, o)
	})
}

//go:wasmexport adaptivePoolGrad
func exportAdaptivePoolGrad() int32 {
	return gradCall(func(t, g pool.Tensor) (pool.Tensor, error) {
		op, err := rec.op()
		if err != nil {
			return pool.Tensor{}, err
		}
		out, err := rec.extent()
		if err != nil {
			return pool.Tensor{}, err
		}
		if err := checkOutput(out, t.Shape); err != nil {
			return pool.Tensor{}, err
		}
		return pool.AdaptivePoolGrad(t, g, op, out)
	})
}

//go:wasmexport globalPoolGrad
func exportGlobalPoolGrad() int32 {
	return gradCall(func(t, g pool.Tensor) (pool.Tensor, error) {
		op, err := rec.op()
		if err != nil {
			return pool.Tensor{}, err
		}
		gl, err := rec.global(op)
		if err != nil {
			return pool.Tensor{}, err
		}
		res, err := pool.GlobalPoolGrad(t, g, gl)
		return res, globalError(err)
	})
}

//go:wasmexport maxUnpoolGrad
func exportMaxUnpoolGrad() int32 {
	return run(func() error {
		t, idx, out, err := unpoolCall()
		if err != nil {
			return err
		}
		g, err := gradArg(&rec)
		if err != nil {
			return err
		}
		if t, err = pool.MaxUnpoolGrad(t, idx, g, out); err != nil {
			return err
		}
		gradResult(&rec, t)
		return nil
	})
}

// fractionalOptions reads kernel, outputSize or outputRatio, and the
// samples (none: pool draws them).
func fractionalOptions(r *record) (o pool.FractionalOptions, err error) {
	rank, err := r.rankOf(wire.KernelCount)
	if err != nil {
		return o, err
	}
	if o.Kernel, err = r.axes("kernel", wire.Kernel, wire.KernelCount, 3, rank); err != nil {
		return o, err
	}
	if o.OutputSize, err = r.axes("outputSize", wire.OutputSize, wire.OutputSizeCount, 3, rank); err != nil {
		return o, err
	}
	if r.given("outputRatio") {
		if o.OutputRatio, err = r.ratios(rank); err != nil {
			return o, err
		}
	}
	if !r.given("samples") {
		return o, nil
	}
	n, err := r.int(wire.Samples)
	if err != nil {
		return o, err
	}
	if n == 0 {
		// Given, none is a list of the wrong length, not "draw them";
		// JavaScript puts no buffer for it.
		o.Samples = []float32{}
		return o, nil
	}
	b, err := buffer(wire.Indices)
	if err != nil {
		return o, err
	}
	if len(b) != 4*n {
		return o, errRecord
	}
	o.Samples = viewAs[float32](b)
	return o, nil
}

//go:wasmexport fractionalMaxPool
func exportFractionalMaxPool() int32 {
	return run(func() error {
		o, err := fractionalOptions(&rec)
		if err != nil {
			return err
		}
		t, err := tensorArg(&rec)
		if err != nil {
			return err
		}
		res, idx, err := pool.FractionalMaxPool(t, o)
		if err != nil {
			return err
		}
		if rec.f[wire.ReturnIndices] != 1 {
			idx = nil
		}
		tensorResult(&rec, res, idx)
		return nil
	})
}

//go:wasmexport fractionalMaxPoolGrad
func exportFractionalMaxPoolGrad() int32 {
	return gradCall(func(t, g pool.Tensor) (pool.Tensor, error) {
		o, err := fractionalOptions(&rec)
		if err != nil {
			return pool.Tensor{}, err
		}
		return pool.FractionalMaxPoolGrad(t, g, o)
	})
}

// roiCall reads a region pooling's tensor, regions and options.
func roiCall() (t, rois pool.Tensor, o pool.RoiOptions, err error) {
	if t, err = tensorArg(&rec); err != nil {
		return
	}
	// pool judges the regions' shape and their data's length.
	s, err := rec.numbersAt(sideBuf[:], "rois", "shape ", wire.SideRank, wire.SideShape, wire.ShapeSlots)
	if err != nil {
		return
	}
	b, err := buffer(wire.Indices)
	if err != nil {
		return
	}
	rois = pool.Tensor{Shape: s, Data: viewAs[float32](b)}
	size, err := rec.list("outputSize", wire.OutputSize, wire.OutputSizeCount, 3, 2)
	if err != nil {
		return
	}
	if o.OutputSize, err = pool.RoiSize(size); err != nil {
		return
	}
	if rec.given("spatialScale") {
		// RoiOptions reads 0 as 1: pool's rule judges the scale given.
		if e := pool.CheckSpatialScale(rec.f[wire.SpatialScale]); e != nil {
			e.Value = number(rec.f[wire.SpatialScale])
			err = e
			return
		}
		o.SpatialScale = rec.f[wire.SpatialScale]
	}
	if o.SamplingRatio, err = wholeOf("samplingRatio", rec.f[wire.SamplingRatio]); err != nil {
		return
	}
	o.Aligned = rec.f[wire.Aligned] == 1
	if rec.f[wire.Op] != 0 {
		o.Op, err = rec.op()
	}
	return
}

//go:wasmexport roiAlign
func exportRoiAlign() int32 {
	return run(func() error {
		t, rois, o, err := roiCall()
		if err != nil {
			return err
		}
		res, err := pool.RoiAlign(t, rois, o)
		if err != nil {
			return err
		}
		tensorResult(&rec, res, nil)
		return nil
	})
}

//go:wasmexport maxRoiPool
func exportMaxRoiPool() int32 {
	return run(func() error {
		t, rois, o, err := roiCall()
		if err != nil {
			return err
		}
		res, err := pool.MaxRoiPool(t, rois, o)
		if err != nil {
			return err
		}
		tensorResult(&rec, res, nil)
		return nil
	})
}

// ratios reads outputRatio: one number repeated to rank, or the list as
// given (as list reads one), for pool to judge.
func (r *record) ratios(rank int) ([]float64, error) {
	if r.f[wire.OutputRatioCount] == wire.OneNumber {
		v := make([]float64, rank)
		for i := range v {
			v[i] = r.f[wire.OutputRatio]
		}
		return v, nil
	}
	n, held, err := r.listLength("outputRatio", "", wire.OutputRatioCount, wire.OutputRatio, 3)
	if err != nil {
		return nil, err
	}
	v := make([]float64, n)
	copy(v, r.f[wire.OutputRatio:wire.OutputRatio+held])
	return v, nil
}
