package httpapi

// A request's options, from a query string or a JSON body, read into a
// request in steps: which keys the endpoint takes, the call, the op, the
// window, each option's value, the output; ndoptions.go reads the tensor
// options that pool.Options cannot hold.

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// Calls of the tensor endpoint.
const (
	callPool     = "pool"
	callAdaptive = "adaptive"
	callGlobal   = "global"
)

// Output formats of the picture endpoint.
const (
	formatPNG  = "png"
	formatJPEG = "jpeg"
	formatRGBA = "rgba" // raw RGBA bytes, ImageData's layout
)

// inputRGBA is the picture endpoint's input=rgba: the body is raw RGBA bytes
// of the width and height the query gives, ImageData's layout.
const inputRGBA = "rgba"

// request is everything the options of one call say.
type request struct {
	opts          pool.Options   // pictures, and 2-D tensors that Options can describe (twoD)
	nd            pool.NDOptions // tensors: the pooling in any rank
	twoD          bool           // tensors: opts reads the padding (per-axis or SAME_UPPER in 2-D)
	call          string         // tensors: callPool, callAdaptive or callGlobal
	outputSize    pool.Size      // callAdaptive in 2-D
	outDims       pool.Dims      // callAdaptive in any rank
	global        pool.Global    // callGlobal
	returnIndices bool           // tensors
	format        string         // pictures: formatPNG, formatJPEG or formatRGBA
	quality       int            // formatJPEG
	input         string         // pictures: inputRGBA, or "" for an encoded picture
	width, height int            // inputRGBA
}

// spec returns the tensor pooling: Options where they describe it, so
// that 2-D errors read as they always have, else the NDOptions.
func (r request) spec() pool.Spec {
	if o, ok := r.nd.Options(); ok {
		return o
	}
	return r.nd
}

// extent returns the adaptive output size: a Size in 2-D, else Dims.
func (r request) extent() pool.Extent {
	if len(r.outDims) == 2 {
		return r.outputSize
	}
	return r.outDims
}

// endpoint says which keys a call takes besides the pooling options.
type endpoint struct {
	path  string
	extra []string // keys besides poolingKeys
	skip  []string // keys the caller reads itself (a tensor's shape and data)
	nd    bool     // pools tensors of any spatial rank
}

// poolingKeys are the options every pooling call takes: the JS API's names.
var poolingKeys = wire.PictureOptions

var (
	pictureEndpoint = endpoint{path: "/v1/pool", extra: []string{"format", "quality", "input", "width", "height", "divisorOverride"}}
	tensorEndpoint  = endpoint{path: "/v1/pool/tensor", extra: []string{"returnIndices", "call", "outputSize", "dims", "divisorOverride"}, skip: []string{"shape", "data"}, nd: true}
)

// keysTaken lists the keys a call to the endpoint may carry, for messages.
func (e endpoint) keysTaken() string {
	return strings.Join(slices.Concat(poolingKeys, e.extra, e.skip), ", ")
}

// parseOptions is the one option parser behind query strings and JSON
// bodies. Fields are read in key order so that, of several bad options, the
// same one is always reported.
func parseOptions(fields []field, e endpoint) (request, error) {
	byKey, err := indexFields(fields, e)
	if err != nil {
		return request{}, err
	}
	r := request{call: callPool, format: formatPNG}
	if err := r.readCall(byKey, fields); err != nil {
		return request{}, err
	}
	if err := r.readOp(byKey); err != nil {
		return request{}, err
	}
	rank := 2
	if e.nd {
		if rank, err = r.parseND(byKey); err != nil {
			return request{}, err
		}
		if r.call == callGlobal {
			return r, nil
		}
	}
	if rank != 2 {
		// The N-D options are read; what remains are the flags.
		for _, key := range []string{"kernel", "stride", "dilation", "padding", "outputSize"} {
			delete(byKey, key)
		}
	}
	if err := r.readWindow(byKey, rank); err != nil {
		return request{}, err
	}
	for _, f := range fields {
		if _, kept := byKey[f.key]; !kept {
			continue
		}
		if err := r.readOption(f.key, f.v, e); err != nil {
			return request{}, err
		}
	}
	if e.nd {
		if err := r.finishND(rank); err != nil {
			return request{}, err
		}
	}
	if err := r.readOutput(byKey); err != nil {
		return request{}, err
	}
	return r, nil
}

// indexFields sorts fields by key and maps each key the endpoint takes to
// its value; an unknown key or one given twice is an error.
func indexFields(fields []field, e endpoint) (map[string]value, error) {
	slices.SortStableFunc(fields, func(a, b field) int { return strings.Compare(a.key, b.key) })
	byKey := make(map[string]value, len(fields))
	for i, f := range fields {
		if slices.Contains(e.skip, f.key) {
			continue
		}
		if !slices.Contains(poolingKeys, f.key) && !slices.Contains(e.extra, f.key) {
			name := f.key
			if name == "" {
				name = `""`
			}
			return nil, &pool.OptionError{Option: name, Rule: "is not an option of " + e.path + "; it takes " + e.keysTaken()}
		}
		if i > 0 && fields[i-1].key == f.key {
			return nil, &pool.OptionError{Option: f.key, Rule: "is given twice"}
		}
		byKey[f.key] = f.v
	}
	return byKey, nil
}

// callRule lists every call of the tensor endpoint.
const callRule = `must be "pool", "adaptive", "global", "unpool", "poolGrad", "adaptiveGrad", "globalGrad", "unpoolGrad", "fractional", "fractionalGrad", "roiAlign" or "maxRoiPool"`

// readCall reads call and refuses the options the call does not take.
func (r *request) readCall(byKey map[string]value, fields []field) error {
	if v, ok := byKey["call"]; ok {
		w, err := v.word("call", callRule)
		if err != nil {
			return err
		}
		switch w {
		case callPool, callAdaptive, callGlobal:
			r.call = w
		default:
			return &pool.OptionError{Option: "call", Value: v.shown, Rule: callRule}
		}
	}
	if r.call != callPool {
		takes := []string{"op", "call", "outputSize", "returnIndices"}
		if r.call == callGlobal {
			takes = []string{"op", "call", "dims", "p"}
		}
		for _, f := range fields {
			if _, given := byKey[f.key]; given && !slices.Contains(takes, f.key) {
				return &pool.OptionError{Option: f.key, Rule: `does not apply to call "` + r.call + `"; it takes ` + strings.Join(takes, ", ")}
			}
		}
	}
	return nil
}

// readOp reads op, which every call requires.
func (r *request) readOp(byKey map[string]value) error {
	v, ok := byKey["op"]
	if !ok {
		return &pool.OptionError{Option: "op", Rule: `is required: "max", "avg", "min" or "lp"`}
	}
	var err error
	r.opts.Op, err = parseWord(v, pool.ParseOp)
	return err
}

// readWindow reads what sizes a 2-D call's windows: kernel for call "pool",
// outputSize for call "adaptive", and refuses the other call's.
func (r *request) readWindow(byKey map[string]value, rank int) (err error) {
	switch r.call {
	case callAdaptive:
		if rank != 2 {
			break
		}
		v, ok := byKey["outputSize"]
		if !ok {
			return &pool.OptionError{Option: "outputSize", Rule: `is required with call "adaptive": a whole number or a pair [oh, ow]`}
		}
		r.outputSize, err = v.positiveSize("outputSize")
	case callPool:
		if _, ok := byKey["outputSize"]; ok {
			return &pool.OptionError{Option: "outputSize", Rule: `applies to call "adaptive" only`}
		}
		if _, ok := byKey["dims"]; ok {
			return &pool.OptionError{Option: "dims", Rule: `applies to call "global" only; the kernel's length is the rank`}
		}
		if rank != 2 {
			break
		}
		v, ok := byKey["kernel"]
		if !ok {
			return &pool.OptionError{Option: "kernel", Rule: "is required: a whole number or a pair (h, w)"}
		}
		r.opts.Kernel, err = v.positiveSize("kernel")
	}
	return err
}

// readOption reads one of the options that stand on their own.
func (r *request) readOption(key string, v value, e endpoint) (err error) {
	switch key {
	case "stride":
		r.opts.Stride, err = v.positiveSize(key)
	case "dilation":
		r.opts.Dilation, err = v.positiveSize(key)
	case "padding":
		if e.nd && !r.twoD {
			break // begin and end pads or SAME_LOWER: NDOptions only
		}
		if mode, isWord := pool.ParseAutoPad(strings.Join(v.atoms, ",")); isWord && mode != pool.SameLower && !v.list {
			r.opts.Same = mode == pool.SameUpper
		} else if r.opts.Padding, err = v.size(key); err != nil {
			err = &pool.OptionError{Option: key, Value: v.shown, Rule: `must be a whole number, a pair of them (h, w), "valid" or "same"`}
		}
	case "ceilMode":
		r.opts.CeilMode, err = v.boolean(key)
	case "countIncludePad":
		var include bool
		include, err = v.boolean(key)
		r.opts.ExcludePad = !include
	case "p":
		if r.opts.P, err = v.number(key); err == nil {
			err = checkP(r.opts.P, v.shown)
		}
	case "alpha":
		r.opts.Alpha, err = parseWord(v, pool.ParseAlpha)
	case "colorSpace":
		r.opts.ColorSpace, err = parseWord(v, pool.ParseColorSpace)
	case "returnIndices":
		r.returnIndices, err = v.boolean(key)
	case "divisorOverride":
		r.opts.DivisorOverride, err = readDivisor(v)
	case "format":
		const rule = `must be "png", "jpeg" or "rgba"`
		if r.format, err = v.word(key, rule); err == nil {
			switch r.format {
			case formatPNG, formatJPEG, formatRGBA:
			case "jpg":
				r.format = formatJPEG
			default:
				err = &pool.OptionError{Option: key, Value: v.shown, Rule: rule}
			}
		}
	case "input":
		if r.input, err = v.word(key, `must be "rgba"`); err == nil && r.input != inputRGBA {
			err = &pool.OptionError{Option: key, Value: v.shown, Rule: `must be "rgba" (raw RGBA bytes as the body), or absent for an encoded picture`}
		}
	case "width", "height":
		// A RangeError on the same key in the JS API: a size below 1 is a
		// bad option, not a picture without pixels.
		if len(v.atoms) != 1 {
			return &pool.OptionError{Option: key, Value: v.shown, Rule: "must be one whole number"}
		}
		n, ok, inRange := integer(v.atoms[0])
		switch {
		case !ok:
			return &pool.OptionError{Option: key, Value: v.shown, Rule: "must be one whole number"}
		case !inRange:
			return &pool.OptionError{Option: key, Value: v.shown, Rule: "is out of range: at most " + strconv.Itoa(pool.MaxSide)}
		case n < 1:
			return &pool.OptionError{Option: key, Value: v.shown, Rule: "must be at least 1"}
		}
		if key == "width" {
			r.width = n
		} else {
			r.height = n
		}
	}
	return err
}

// readOutput reads the rules that depend on other options: width and height
// with input=rgba only, quality with format jpeg only.
func (r *request) readOutput(byKey map[string]value) error {
	for _, key := range []string{"width", "height"} {
		if _, ok := byKey[key]; ok != (r.input == inputRGBA) {
			if ok {
				return &pool.OptionError{Option: key, Rule: "applies to input=rgba only; an encoded picture has its own size"}
			}
			return &pool.OptionError{Option: key, Rule: "is required with input=rgba: the picture's size in pixels"}
		}
	}
	if v, ok := byKey["quality"]; ok {
		if r.format != formatJPEG {
			return &pool.OptionError{Option: "quality", Rule: `applies to format "jpeg" only`}
		}
		q, err := v.number("quality")
		if err != nil || q != math.Trunc(q) || q < 1 || q > 100 {
			return &pool.OptionError{Option: "quality", Value: v.shown, Rule: "must be a whole number from 1 to 100"}
		}
		r.quality = int(q)
	} else if r.format == formatJPEG {
		r.quality = 90
	}
	return nil
}
