package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

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
	opts          pool.Options
	call          string    // tensors: callPool, callAdaptive or callGlobal
	outputSize    pool.Size // callAdaptive
	returnIndices bool      // tensors
	format        string    // pictures: formatPNG, formatJPEG or formatRGBA
	quality       int       // formatJPEG
	input         string    // pictures: inputRGBA, or "" for an encoded picture
	width, height int       // inputRGBA
}

// endpoint says which keys a call takes besides the pooling options.
type endpoint struct {
	path  string
	extra []string // keys besides poolingKeys
	skip  []string // keys the caller reads itself (a tensor's shape and data)
}

// poolingKeys are the options every pooling call takes: the JS API's names.
var poolingKeys = []string{"op", "kernel", "stride", "padding", "dilation", "ceilMode", "countIncludePad", "p", "alpha", "colorSpace"}

var (
	pictureEndpoint = endpoint{path: "/v1/pool", extra: []string{"format", "quality", "input", "width", "height"}}
	tensorEndpoint  = endpoint{path: "/v1/pool/tensor", extra: []string{"returnIndices", "call", "outputSize"}, skip: []string{"shape", "data"}}
)

// keysTaken lists the keys a call to the endpoint may carry, for messages.
func (e endpoint) keysTaken() string {
	return strings.Join(slices.Concat(poolingKeys, e.extra, e.skip), ", ")
}

// parseOptions is the one option parser behind query strings and JSON
// bodies. Fields are read in key order so that, of several bad options, the
// same one is always reported.
func parseOptions(fields []field, e endpoint) (request, error) {
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
			return request{}, &pool.OptionError{Option: name, Rule: "is not an option of " + e.path + "; it takes " + e.keysTaken()}
		}
		if i > 0 && fields[i-1].key == f.key {
			return request{}, &pool.OptionError{Option: f.key, Rule: "is given twice"}
		}
		byKey[f.key] = f.v
	}

	r := request{call: callPool, format: formatPNG}
	if v, ok := byKey["call"]; ok {
		w, err := v.word("call", `must be "pool", "adaptive" or "global"`)
		if err != nil {
			return request{}, err
		}
		switch w {
		case callPool, callAdaptive, callGlobal:
			r.call = w
		default:
			return request{}, &pool.OptionError{Option: "call", Value: v.shown, Rule: `must be "pool", "adaptive" or "global"`}
		}
	}
	if r.call != callPool {
		takes := []string{"op", "call", "outputSize", "returnIndices"}
		if r.call == callGlobal {
			takes = []string{"op", "call"}
		}
		for _, f := range fields {
			if _, given := byKey[f.key]; given && !slices.Contains(takes, f.key) {
				return request{}, &pool.OptionError{Option: f.key, Rule: `does not apply to call "` + r.call + `"; it takes ` + strings.Join(takes, ", ")}
			}
		}
	}

	v, ok := byKey["op"]
	if !ok {
		return request{}, &pool.OptionError{Option: "op", Rule: `is required: "max", "avg", "min" or "lp"`}
	}
	w, err := v.word("op", `must be "max", "avg", "min" or "lp"`)
	if err != nil {
		return request{}, err
	}
	if r.opts.Op, err = pool.ParseOp(w); err != nil {
		return request{}, err
	}

	switch r.call {
	case callAdaptive:
		v, ok := byKey["outputSize"]
		if !ok {
			return request{}, &pool.OptionError{Option: "outputSize", Rule: `is required with call "adaptive": a whole number or a pair [oh, ow]`}
		}
		if r.outputSize, err = v.positiveSize("outputSize"); err != nil {
			return request{}, err
		}
	case callPool:
		if _, ok := byKey["outputSize"]; ok {
			return request{}, &pool.OptionError{Option: "outputSize", Rule: `applies to call "adaptive" only`}
		}
		v, ok := byKey["kernel"]
		if !ok {
			return request{}, &pool.OptionError{Option: "kernel", Rule: "is required: a whole number or a pair (h, w)"}
		}
		if r.opts.Kernel, err = v.positiveSize("kernel"); err != nil {
			return request{}, err
		}
	}

	for _, f := range fields {
		key, v := f.key, f.v
		switch key {
		case "stride":
			r.opts.Stride, err = v.positiveSize(key)
		case "dilation":
			r.opts.Dilation, err = v.positiveSize(key)
		case "padding":
			if !v.list && len(v.atoms) == 1 && (v.atoms[0] == "same" || v.atoms[0] == "valid") {
				r.opts.Same = v.atoms[0] == "same"
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
			r.opts.P, err = v.number(key)
			if err == nil && r.opts.P <= 0 {
				err = &pool.OptionError{Option: key, Value: v.shown, Rule: "must be a positive finite number"}
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
		if err != nil {
			return request{}, err
		}
	}
	// After the loop, because these rules depend on other options.
	for _, key := range []string{"width", "height"} {
		if _, ok := byKey[key]; ok != (r.input == inputRGBA) {
			if ok {
				return request{}, &pool.OptionError{Option: key, Rule: "applies to input=rgba only; an encoded picture has its own size"}
			}
			return request{}, &pool.OptionError{Option: key, Rule: "is required with input=rgba: the picture's size in pixels"}
		}
	}
	if v, ok := byKey["quality"]; ok {
		if r.format != formatJPEG {
			return request{}, &pool.OptionError{Option: "quality", Rule: `applies to format "jpeg" only`}
		}
		q, err := v.number("quality")
		if err != nil || q != math.Trunc(q) || q < 1 || q > 100 {
			return request{}, &pool.OptionError{Option: "quality", Value: v.shown, Rule: "must be a whole number from 1 to 100"}
		}
		r.quality = int(q)
	} else if r.format == formatJPEG {
		r.quality = 90
	}
	return r, nil
}
