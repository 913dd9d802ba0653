package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// value is one option as a client wrote it: a query parameter's text or a
// JSON member. Both reduce to a list of atoms, so that one set of rules reads
// either, and kernel=3,2 means what "kernel": [3, 2] means.
type value struct {
	atoms []string // the numbers and words written, in order
	list  bool     // written with commas or as a JSON array
	shown string   // as written, for error messages
}

// field is one named option.
type field struct {
	key string
	v   value
}

// textValue reads a query parameter (or a JSON string, which reads the same):
// "3", "3,2", "same", "true".
func textValue(s string) value {
	atoms := strings.Split(s, ",")
	for i, a := range atoms {
		atoms[i] = strings.TrimSpace(a)
	}
	return value{atoms: atoms, list: len(atoms) > 1, shown: strconv.Quote(s)}
}

// jsonValue reads a JSON member. ok is false for null, which means "not
// given", as undefined does in the JS API.
func jsonValue(key string, raw json.RawMessage) (v value, ok bool, err error) {
	shown := shorten(string(raw))
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		return value{}, false, &pool.OptionError{Option: key, Value: shown, Rule: "is not valid JSON"}
	}
	atom := func(x any) (string, bool) {
		switch x := x.(type) {
		case json.Number:
			return x.String(), true
		case string:
			return x, true
		case bool:
			return strconv.FormatBool(x), true
		}
		return "", false
	}
	switch x := x.(type) {
	case nil:
		return value{}, false, nil
	case string:
		v = textValue(x)
		v.shown = shown
		return v, true, nil
	case []any:
		v = value{atoms: make([]string, len(x)), list: true, shown: shown}
		for i, e := range x {
			a, isAtom := atom(e)
			if !isAtom {
				return value{}, false, &pool.OptionError{Option: key, Value: shown, Rule: "must be a number, a string, a boolean or an array of numbers"}
			}
			v.atoms[i] = a
		}
		return v, true, nil
	}
	a, isAtom := atom(x)
	if !isAtom {
		return value{}, false, &pool.OptionError{Option: key, Value: shown, Rule: "must be a number, a string, a boolean or an array of numbers"}
	}
	return value{atoms: []string{a}, shown: shown}, true, nil
}

// shorten keeps error messages readable when a client sends a huge value.
func shorten(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

// word returns v as one word or number.
func (v value) word(key, rule string) (string, error) {
	if v.list || len(v.atoms) != 1 {
		return "", &pool.OptionError{Option: key, Value: v.shown, Rule: rule}
	}
	return v.atoms[0], nil
}

func (v value) boolean(key string) (bool, error) {
	w, err := v.word(key, "must be true or false")
	if err != nil {
		return false, err
	}
	switch w {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, &pool.OptionError{Option: key, Value: v.shown, Rule: "must be true or false"}
}

func (v value) number(key string) (float64, error) {
	const rule = "must be a finite number"
	w, err := v.word(key, rule)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(w, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, &pool.OptionError{Option: key, Value: v.shown, Rule: rule}
	}
	return f, nil
}

// integer reads an atom as a whole number; "3", "3.0" and "3e0" are all 3,
// as they are to JavaScript. inRange is false for one beyond ±pool.MaxSide.
func integer(atom string) (n int, ok, inRange bool) {
	f, err := strconv.ParseFloat(atom, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || f != math.Trunc(f) || math.IsNaN(f) {
		return 0, false, false
	}
	if math.Abs(f) > pool.MaxSide {
		return 0, true, false
	}
	return int(f), true, true
}

// size reads n or h,w.
func (v value) size(key string) (pool.Size, error) {
	rule := "must be a whole number or a pair of them (h, w): " + key + "=3 or " + key + "=3,2"
	if len(v.atoms) < 1 || len(v.atoms) > 2 {
		return pool.Size{}, &pool.OptionError{Option: key, Value: v.shown, Rule: rule}
	}
	var n [2]int
	for i, a := range v.atoms {
		var ok, inRange bool
		if n[i], ok, inRange = integer(a); !ok {
			return pool.Size{}, &pool.OptionError{Option: key, Value: v.shown, Rule: rule}
		} else if !inRange {
			return pool.Size{}, &pool.OptionError{Option: key, Value: v.shown, Rule: "is out of range: each side must be at most " + strconv.Itoa(pool.MaxSide)}
		}
	}
	if len(v.atoms) == 1 {
		return pool.Square(n[0]), nil
	}
	return pool.Size{H: n[0], W: n[1]}, nil
}

// axes reads a tensor option with one whole number per spatial axis: n
// (every axis) or a list of rank numbers, each at least least.
func (v value) axes(key string, rank, least int) ([]int, error) {
	rule := "must be a whole number or an array of " + strconv.Itoa(rank) + " of them, one per axis of the kernel"
	if len(v.atoms) != 1 && len(v.atoms) != rank || len(v.atoms) == 1 && v.list && rank != 1 {
		return nil, &pool.OptionError{Option: key, Value: v.shown, Rule: rule}
	}
	return v.numbers(key, least, rank, rule)
}

// numbers reads every atom as a whole number of at least least; a single
// atom is repeated to n numbers.
func (v value) numbers(key string, least, n int, rule string) ([]int, error) {
	out := make([]int, 0, n)
	for _, a := range v.atoms {
		k, ok, inRange := integer(a)
		switch {
		case !ok:
			return nil, &pool.OptionError{Option: key, Value: v.shown, Rule: rule}
		case !inRange:
			return nil, &pool.OptionError{Option: key, Value: v.shown, Rule: "is out of range: each must be at most " + strconv.Itoa(pool.MaxSide)}
		case k < least:
			return nil, &pool.OptionError{Option: key, Value: v.shown, Rule: "each must be at least " + strconv.Itoa(least)}
		}
		out = append(out, k)
	}
	for len(out) < n {
		out = append(out, out[0])
	}
	return out, nil
}

// positiveSize is size for the options whose zero pool reads as "the
// default": an explicit 0 must fail, as it does in the JS API.
func (v value) positiveSize(key string) (pool.Size, error) {
	s, err := v.size(key)
	if err == nil && s == (pool.Size{}) {
		err = &pool.OptionError{Option: key, Value: s.String(), Rule: "must be at least 1"}
	}
	return s, err
}

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
	twoD          bool           // opts describes the tensor pooling
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
	if r.twoD {
		return r.opts
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
	pictureEndpoint = endpoint{path: "/v1/pool", extra: []string{"format", "quality", "input", "width", "height"}}
	tensorEndpoint  = endpoint{path: "/v1/pool/tensor", extra: []string{"returnIndices", "call", "outputSize", "dims"}, skip: []string{"shape", "data"}, nd: true}
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

// readCall reads call and refuses the options the call does not take.
func (r *request) readCall(byKey map[string]value, fields []field) error {
	if v, ok := byKey["call"]; ok {
		w, err := v.word("call", `must be "pool", "adaptive" or "global"`)
		if err != nil {
			return err
		}
		switch w {
		case callPool, callAdaptive, callGlobal:
			r.call = w
		default:
			return &pool.OptionError{Option: "call", Value: v.shown, Rule: `must be "pool", "adaptive" or "global"`}
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
	w, err := v.word("op", `must be "max", "avg", "min" or "lp"`)
	if err != nil {
		return err
	}
	r.opts.Op, err = pool.ParseOp(w)
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
		if len(v.atoms) == 1 && !v.list && (v.atoms[0] == "same" || v.atoms[0] == "same_upper" || v.atoms[0] == "valid") {
			r.opts.Same = v.atoms[0] != "valid"
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
		var s string
		if s, err = v.word(key, `must be "straight" or "premultiplied"`); err == nil {
			r.opts.Alpha, err = pool.ParseAlpha(s)
		}
	case "colorSpace":
		var s string
		if s, err = v.word(key, `must be "srgb" or "linear"`); err == nil {
			r.opts.ColorSpace, err = pool.ParseColorSpace(s)
		}
	case "returnIndices":
		r.returnIndices, err = v.boolean(key)
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
		var s pool.Size
		if s, err = v.positiveSize(key); err == nil && len(v.atoms) != 1 {
			err = &pool.OptionError{Option: key, Value: v.shown, Rule: "must be one whole number"}
		}
		if key == "width" {
			r.width = s.W
		} else {
			r.height = s.H
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

// padModes are the words padding takes besides numbers.
var padModes = map[string]pool.AutoPad{"valid": pool.ExplicitPad, "same": pool.SameUpper, "same_upper": pool.SameUpper, "same_lower": pool.SameLower}

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
		mode, isWord := padModes[strings.Join(v.atoms, ",")]
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
	if !r.twoD && r.opts.Alpha != pool.Straight {
		return &pool.OptionError{Option: "alpha", Value: strconv.Quote(r.opts.Alpha.String()), Rule: "applies to pictures only, not to tensors"}
	}
	if !r.twoD && r.opts.ColorSpace != pool.SRGB {
		return &pool.OptionError{Option: "colorSpace", Value: strconv.Quote(r.opts.ColorSpace.String()), Rule: "applies to pictures only, not to tensors"}
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
