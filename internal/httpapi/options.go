package httpapi

// A request's options, from a query string or a JSON body, read into a
// request in steps: which keys the endpoint takes, the call, the op, the
// window, each option's value, the output. pool judges the values.

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
	nd            pool.NDOptions  // the pooling, in any rank: the one form the window options are read into
	opts          pool.Options    // pictures: nd as pool.NDOptions.Picture says it, with alpha and colorSpace
	alpha         pool.Alpha      // pictures
	colorSpace    pool.ColorSpace // pictures; on a tensor, refused by pool.CheckTensor
	call          string          // tensors: callPool, callAdaptive or callGlobal
	outDims       pool.Dims       // callAdaptive
	global        pool.Global     // callGlobal
	returnIndices bool            // tensors
	format        string          // pictures: formatPNG, formatJPEG or formatRGBA
	quality       int             // formatJPEG
	input         string          // pictures: inputRGBA, or "" for an encoded picture
	width, height int             // inputRGBA
}

// spec returns the tensor pooling: the 2-D Options where they say it, so
// that a 2-D pooling takes the 2-D kernels' path, as the wasm's does, else
// the NDOptions.
func (r request) spec() pool.Spec {
	if o, ok := r.nd.Options(); ok {
		return o
	}
	return r.nd
}

// extent returns the adaptive output size: a Size in 2-D, else Dims.
func (r request) extent() pool.Extent {
	if len(r.outDims) == 2 {
		return pool.Size{H: r.outDims[0], W: r.outDims[1]}
	}
	return r.outDims
}

// endpoint says which keys a call takes besides the pooling options.
type endpoint struct {
	path    string
	extra   []string // keys besides poolingKeys
	skip    []string // keys the caller reads itself (a tensor's shape and data)
	picture bool     // pools pictures: 2-D, with alpha and colorSpace
}

// poolingKeys are the options every pooling call takes: the JS API's names.
var poolingKeys = wire.PictureOptions

var (
	pictureEndpoint = endpoint{path: "/v1/pool", extra: []string{"format", "quality", "input", "width", "height", "divisorOverride"}, picture: true}
	tensorEndpoint  = endpoint{path: "/v1/pool/tensor", extra: []string{"returnIndices", "call", "outputSize", "dims", "divisorOverride"}, skip: []string{"shape", "data"}}
)

// keysTaken lists the keys a call to the endpoint may carry, for messages.
func (e endpoint) keysTaken() string {
	return strings.Join(slices.Concat(poolingKeys, e.extra, e.skip), ", ")
}

// parseOptions is the one option parser behind query strings and JSON
// bodies: every call's window options are read into one NDOptions, of the
// rank the kernel's (or outputSize's) length gives, 2 for a number, and pool
// judges their values. Fields are read in key order so that, of several bad
// options, the same one is always reported.
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
	if r.call == callGlobal {
		return r, r.readGlobal(byKey)
	}
	rank, err := r.readWindow(byKey)
	if err != nil {
		return request{}, err
	}
	for _, f := range fields {
		if _, kept := byKey[f.key]; !kept {
			continue
		}
		if err := r.readOption(f.key, f.v, rank); err != nil {
			return request{}, err
		}
	}
	if err := r.readOutput(byKey); err != nil {
		return request{}, err
	}
	if !e.picture {
		if err := pool.CheckTensor(r.alpha, r.colorSpace); err != nil {
			return request{}, err
		}
		if r.call == callPool {
			// Judged before the body is read, as a picture's options are.
			if err := r.nd.Validate(); err != nil {
				return request{}, err
			}
		}
		return r, nil
	}
	if r.opts, err = r.nd.Picture(); err != nil {
		return request{}, err
	}
	r.opts.Alpha, r.opts.ColorSpace = r.alpha, r.colorSpace
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
	r.nd.Op, err = parseWord(v, pool.ParseOp)
	return err
}

// readGlobal reads call "global"'s dims and p. An explicit 0, which
// pool.Global reads as the default, is judged by pool's rule here.
func (r *request) readGlobal(byKey map[string]value) error {
	r.global = pool.Global{Op: r.nd.Op}
	if v, ok := byKey["dims"]; ok {
		w, err := v.word("dims", "must be one whole number")
		if err != nil {
			return err
		}
		if r.global.Dims, err = v.whole("dims", w); err != nil {
			return err
		}
		if e := pool.CheckDims(r.global.Dims); e != nil {
			e.Value = v.shown
			return e
		}
	}
	if v, ok := byKey["p"]; ok {
		var err error
		if r.global.P, err = readP(v); err != nil {
			return err
		}
	}
	return nil
}

// readWindow reads what sizes a call's windows, kernel for call "pool",
// outputSize for call "adaptive", refuses the other call's, and returns the
// spatial rank: the length of that option when it is a list, else 2.
func (r *request) readWindow(byKey map[string]value) (rank int, err error) {
	key := "kernel"
	switch r.call {
	case callAdaptive:
		key = "outputSize"
	case callPool:
		if _, ok := byKey["outputSize"]; ok {
			return 0, &pool.OptionError{Option: "outputSize", Rule: `applies to call "adaptive" only`}
		}
		if _, ok := byKey["dims"]; ok {
			return 0, &pool.OptionError{Option: "dims", Rule: `applies to call "global" only; the kernel's length is the rank`}
		}
	}
	v, ok := byKey[key]
	if !ok {
		return 0, &pool.OptionError{Option: key, Rule: "is required: a whole number or an array of one per spatial axis"}
	}
	rank = v.rank()
	if r.call == callAdaptive {
		r.outDims, err = v.axes(key, rank)
	} else {
		r.nd.Kernel, err = v.axes(key, rank)
	}
	return rank, err
}

// readOption reads one of the options that stand on their own.
func (r *request) readOption(key string, v value, rank int) (err error) {
	switch key {
	case "stride":
		r.nd.Stride, err = v.axes(key, rank)
	case "dilation":
		r.nd.Dilation, err = v.axes(key, rank)
	case "padding":
		err = r.readPadding(v, rank)
	case "ceilMode":
		r.nd.CeilMode, err = v.boolean(key)
	case "countIncludePad":
		var include bool
		include, err = v.boolean(key)
		r.nd.ExcludePad = !include
	case "p":
		r.nd.P, err = readP(v)
	case "alpha":
		r.alpha, err = parseWord(v, pool.ParseAlpha)
	case "colorSpace":
		r.colorSpace, err = parseWord(v, pool.ParseColorSpace)
	case "returnIndices":
		r.returnIndices, err = v.boolean(key)
	case "divisorOverride":
		r.nd.DivisorOverride, err = readDivisor(v, r.nd.Op)
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
		// pool judges the size once both are read (readOutput).
		if len(v.atoms) != 1 {
			return &pool.OptionError{Option: key, Value: v.shown, Rule: "must be one whole number"}
		}
		n, err := v.whole(key, v.atoms[0])
		if err != nil {
			return err
		}
		if key == "width" {
			r.width = n
		} else {
			r.height = n
		}
	}
	return err
}

// readPadding reads padding: a word (pool.ParseAutoPad's), or numbers as
// value.axes reads them (pool says how many per axis it takes).
func (r *request) readPadding(v value, rank int) (err error) {
	if mode, isWord := pool.ParseAutoPad(strings.Join(v.atoms, ",")); isWord && !v.list {
		r.nd.AutoPad = mode
		return nil
	}
	if len(v.atoms) == 1 && !v.list {
		if _, err := strconv.ParseFloat(v.atoms[0], 64); err != nil {
			return &pool.OptionError{Option: "padding", Value: v.shown,
				Rule: `must be a whole number, one per spatial axis, two per axis (begin..., end...), "valid", "same", "same_upper" or "same_lower"`}
		}
	}
	r.nd.Padding, err = v.axes("padding", rank)
	return err
}

// readP reads p, judged by pool.CheckP whether or not op is lp, as the JS
// API does; the error quotes p as it was written.
func readP(v value) (float64, error) {
	p, err := v.number("p")
	if err != nil {
		return 0, err
	}
	if e := pool.CheckP(p); e != nil {
		e.Value = v.shown
		return 0, e
	}
	return p, nil
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
	if r.input == inputRGBA {
		// A bad option, as in the JS API, not a picture without pixels.
		if e := pool.CheckPictureSize(r.width, r.height); e != nil {
			return e
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
