package httpapi

// The tensor endpoint's options in any rank: ONNX's pads and auto_pad, and
// the axes of 1-D and 3-D pooling.

import (
	"strings"

	"github.com/poolkit/poolkit/pool"
)

// parseND reads the tensor options that Options cannot hold and returns
// the spatial rank: the length of kernel (call "pool") or outputSize (call
// "adaptive") when it is a list, else dims (call "global"), else 2. In 2-D it
// reads only ONNX's padding (begin and end pads, SAME_LOWER) and leaves the
// rest to Options, whose messages 2-D errors keep; r.twoD says whether
// Options describe the pooling. finishND completes r.nd after the flags.
func (r *request) parseND(byKey map[string]value) (rank int, err error) {
	rank = 2
	lengthOf := func(key string) error {
		v, ok := byKey[key]
		if !ok || !v.list {
			return nil
		}
		if len(v.atoms) < 1 || len(v.atoms) > 3 {
			return &pool.OptionError{Option: key, Value: v.shown, Rule: "must have 1, 2 or 3 elements, one per spatial axis"}
		}
		rank = len(v.atoms)
		return nil
	}
	switch r.call {
	case callGlobal:
		r.global = pool.Global{Op: r.opts.Op}
		if v, ok := byKey["dims"]; ok {
			d, err := v.number("dims")
			if err != nil || (d != 1 && d != 2 && d != 3) {
				return 0, &pool.OptionError{Option: "dims", Value: v.shown, Rule: "must be 1, 2 or 3"}
			}
			r.global.Dims = int(d)
		}
		if v, ok := byKey["p"]; ok {
			if r.global.Op != pool.Lp {
				return 0, &pool.OptionError{Option: "p", Value: v.shown, Rule: `applies to op "lp" only`}
			}
			if r.global.P, err = v.number("p"); err == nil {
				err = checkP(r.global.P, v.shown)
			}
		}
		return rank, err
	case callAdaptive:
		if err := lengthOf("outputSize"); err != nil || rank == 2 {
			return rank, err
		}
		r.outDims, err = byKey["outputSize"].axes("outputSize", rank, 1)
		return rank, err
	}
	if err := lengthOf("kernel"); err != nil {
		return 0, err
	}
	o := pool.NDOptions{Op: r.opts.Op}
	r.twoD = rank == 2
	if rank != 2 {
		v, ok := byKey["kernel"]
		if !ok {
			return 0, &pool.OptionError{Option: "kernel", Rule: "is required: a whole number or an array of one per spatial axis"}
		}
		if o.Kernel, err = v.axes("kernel", rank, 1); err != nil {
			return 0, err
		}
	}
	// In key order, so that of several bad options the same one is reported.
	if v, ok := byKey["dilation"]; ok && rank != 2 {
		if o.Dilation, err = v.axes("dilation", rank, 1); err != nil {
			return 0, err
		}
	}
	if v, ok := byKey["padding"]; ok {
		rule := `must be a whole number, one per spatial axis, two per axis (begin..., end...), "valid", "same", "same_upper" or "same_lower"`
		mode, isWord := pool.ParseAutoPad(strings.Join(v.atoms, ","))
		switch {
		case isWord && !v.list:
			o.AutoPad = mode
			r.twoD = r.twoD && mode != pool.SameLower
		case len(v.atoms) == 2*rank && v.list:
			if o.Padding, err = v.numbers("padding", 0, 2*rank, rule); err != nil {
				return 0, err
			}
			r.twoD = false
		case rank == 2:
			// Options reads it.
		case len(v.atoms) == 1 && !v.list || len(v.atoms) == rank && v.list:
			if o.Padding, err = v.numbers("padding", 0, rank, rule); err != nil {
				return 0, err
			}
		default:
			return 0, &pool.OptionError{Option: "padding", Value: v.shown, Rule: rule}
		}
	}
	if v, ok := byKey["stride"]; ok && rank != 2 {
		if o.Stride, err = v.axes("stride", rank, 1); err != nil {
			return 0, err
		}
	}
	r.nd = o
	return rank, nil
}

// finishND completes r.nd, r.outDims and r.global with what parseOptions
// read into Options: the flags in every rank, everything in 2-D.
func (r *request) finishND(rank int) error {
	switch r.call {
	case callAdaptive:
		if rank == 2 {
			r.outDims = pool.Dims{r.outputSize.H, r.outputSize.W}
		}
		return nil
	case callGlobal:
		return nil
	}
	if rank == 2 {
		pads, auto := r.nd.Padding, r.nd.AutoPad
		r.nd = r.opts.NDOptions()
		if !r.twoD {
			r.nd.Padding, r.nd.AutoPad = pads, auto
		}
	}
	r.nd.CeilMode, r.nd.ExcludePad, r.nd.P = r.opts.CeilMode, r.opts.ExcludePad, r.opts.P
	r.nd.DivisorOverride = r.opts.DivisorOverride
	if err := pool.CheckTensor(r.opts.Alpha, r.opts.ColorSpace); err != nil {
		return err
	}
	return nil
}

// checkP is pool's rule for p, its error quoting the value as it was written.
func checkP(p float64, shown string) error {
	if e := pool.CheckP(p); e != nil {
		e.Value = shown
		return e
	}
	return nil
}
