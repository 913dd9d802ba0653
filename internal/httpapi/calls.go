package httpapi

// The tensor endpoint's calls beyond pooling: gradients, fractional max
// pooling and region pooling, each with extra tensors as JSON members
// (gradOutput, indices, rois, samples) beside shape and data. The pooling
// options of a gradient are read by the forward call's own parser.

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/poolkit/poolkit/pool"
)

// The extended calls, and the members each takes besides shape and data. A
// gradient takes its forward call's options, returnIndices included (and
// ignored), so that a client can send the same options to both.
var extendedCalls = map[string][]string{
	"poolGrad":       {"gradOutput"},
	"adaptiveGrad":   {"gradOutput"},
	"globalGrad":     {"gradOutput"},
	"unpoolGrad":     {"gradOutput", "indices", "kernel", "stride", "padding", "outputSize"},
	"fractional":     {"kernel", "outputSize", "outputRatio", "samples", "returnIndices"},
	"fractionalGrad": {"gradOutput", "kernel", "outputSize", "outputRatio", "samples", "returnIndices"},
	"roiAlign":       {"rois", "outputSize", "spatialScale", "samplingRatio", "aligned", "op"},
	"maxRoiPool":     {"rois", "outputSize", "spatialScale"},
}

// forwardCalls maps a gradient call whose options are a pooling's to that
// pooling's call.
var forwardCalls = map[string]string{"poolGrad": callPool, "adaptiveGrad": callAdaptive, "globalGrad": callGlobal}

// extendedCall returns the members' call when it is one of the extended
// ones, which serveExtended answers.
func extendedCall(members map[string]json.RawMessage) (string, bool) {
	raw, ok := members["call"]
	if !ok {
		return "", false
	}
	var call string
	if json.Unmarshal(raw, &call) != nil {
		return "", false
	}
	_, ok = extendedCalls[call]
	return call, ok
}

// serveExtended answers an extended call of /v1/pool/tensor.
func (h *handler) serveExtended(w http.ResponseWriter, r *http.Request, members map[string]json.RawMessage, call string) error {
	limit := h.limits.MaxTensorElements
	takes := extendedCalls[call]
	fields := make([]field, 0, len(members))
	byKey := map[string]value{}
	for k, raw := range members {
		switch {
		case k == "shape" || k == "data" || k == "call" || k == "gradOutput" || k == "indices" || k == "rois" || k == "samples":
			if k != "shape" && k != "data" && k != "call" && !slices.Contains(takes, k) {
				return &pool.OptionError{Option: k, Rule: `does not apply to call "` + call + `"`}
			}
			continue
		case forwardCalls[call] == "" && !slices.Contains(takes, k):
			return &pool.OptionError{Option: k, Rule: `is not an option of call "` + call + `"; it takes ` + strings.Join(takes, ", ")}
		}
		v, given, err := jsonValue(k, raw)
		if err != nil {
			return err
		}
		if given {
			fields = append(fields, field{key: k, v: v})
			byKey[k] = v
		}
	}
	for _, k := range takes {
		if _, ok := members[k]; !ok && (k == "gradOutput" || k == "indices" || k == "rois") {
			return &pool.OptionError{Option: k, Rule: `is required with call "` + call + `"`}
		}
	}
	t, err := readTensor("", members["shape"], members["data"], limit)
	if err != nil {
		return err
	}
	var gout, rois pool.Tensor
	if raw, ok := members["gradOutput"]; ok {
		if gout, err = readTensorMember("gradOutput", raw, limit); err != nil {
			return err
		}
	}
	if raw, ok := members["rois"]; ok {
		if rois, err = readTensorMember("rois", raw, limit); err != nil {
			return err
		}
	}
	var indices []int32
	if raw, ok := members["indices"]; ok {
		if indices, err = parseIndices(raw, limit); err != nil {
			return err
		}
	}
	var samples []float32
	if raw, ok := members["samples"]; ok && string(raw) != "null" {
		if samples, err = parseData(raw, 0); err != nil {
			return renamed(err, "data", "samples")
		}
	}

	var run func() (pool.Tensor, []int32, error)
	if fwd := forwardCalls[call]; fwd != "" {
		fields = append(fields, field{key: "call", v: textValue(fwd)})
		req, err := parseOptions(fields, tensorEndpoint)
		if err != nil {
			return err
		}
		run = func() (pool.Tensor, []int32, error) {
			var g pool.Tensor
			var err error
			switch fwd {
			case callPool:
				g, err = pool.PoolGrad(t, gout, req.spec())
			case callAdaptive:
				g, err = pool.AdaptivePoolGrad(t, gout, req.nd.Op, req.extent())
			default:
				g, err = pool.GlobalPoolGrad(t, gout, req.global)
			}
			return g, nil, err
		}
	} else {
		run, err = extendedRun(call, byKey, t, gout, rois, indices, samples, limit)
		if err != nil {
			return err
		}
	}
	if err := h.acquire(r); err != nil {
		return err
	}
	defer h.release()
	out, idx, err := run()
	if err != nil {
		return err
	}
	writeBody(w, http.StatusOK, "application/json", appendTensorJSON(nil, out, idx))
	return nil
}

// extendedRun reads the options of the calls that are not a pooling's
// gradient and returns the call to make.
func extendedRun(call string, byKey map[string]value, t, gout, rois pool.Tensor, indices []int32, samples []float32, limit int) (func() (pool.Tensor, []int32, error), error) {
	switch call {
	case "fractional", "fractionalGrad":
		o, err := fractionalOptions(byKey)
		if err != nil {
			return nil, err
		}
		o.Samples = samples
		withIndices := false
		if v, ok := byKey["returnIndices"]; ok {
			if withIndices, err = v.boolean("returnIndices"); err != nil {
				return nil, err
			}
		}
		if call == "fractionalGrad" {
			// returnIndices, read above, is the forward call's.
			return func() (pool.Tensor, []int32, error) {
				g, err := pool.FractionalMaxPoolGrad(t, gout, o)
				return g, nil, err
			}, nil
		}
		return func() (pool.Tensor, []int32, error) {
			out, idx, err := pool.FractionalMaxPool(t, o)
			if !withIndices {
				idx = nil
			}
			return out, idx, err
		}, nil
	case "unpoolGrad":
		size, err := unpoolSize(byKey, t.Shape)
		if err != nil {
			return nil, err
		}
		return func() (pool.Tensor, []int32, error) {
			g, err := pool.MaxUnpoolGrad(t, indices, gout, size)
			return g, nil, err
		}, nil
	}
	// roiAlign, maxRoiPool
	var o pool.RoiOptions
	v, ok := byKey["outputSize"]
	if !ok {
		return nil, &pool.OptionError{Option: "outputSize", Rule: "is required: a whole number or a pair [h, w]"}
	}
	size, err := v.axes("outputSize", 2)
	if err != nil {
		return nil, err
	}
	if o.OutputSize, err = pool.RoiSize(size); err != nil {
		return nil, err
	}
	if v, ok := byKey["spatialScale"]; ok {
		if o.SpatialScale, err = v.number("spatialScale"); err != nil {
			return nil, err
		}
		// RoiOptions reads 0 as 1: pool's rule judges the scale given.
		if e := pool.CheckSpatialScale(o.SpatialScale); e != nil {
			e.Value = v.shown
			return nil, e
		}
	}
	if v, ok := byKey["samplingRatio"]; ok {
		if len(v.atoms) != 1 || v.list {
			return nil, &pool.OptionError{Option: "samplingRatio", Value: v.shown, Rule: "must be one whole number"}
		}
		if o.SamplingRatio, err = v.whole("samplingRatio", v.atoms[0]); err != nil {
			return nil, err
		}
	}
	if v, ok := byKey["aligned"]; ok {
		if o.Aligned, err = v.boolean("aligned"); err != nil {
			return nil, err
		}
	}
	if v, ok := byKey["op"]; ok {
		// Which ops roiAlign takes is pool's rule.
		if o.Op, err = parseWord(v, pool.ParseOp); err != nil {
			return nil, err
		}
	}
	// The result is [R, C, h, w]: bound it before pool allocates it.
	if len(rois.Shape) == 2 && len(t.Shape) >= 3 {
		n := float64(rois.Shape[0]) * float64(t.Shape[len(t.Shape)-3]) * float64(o.OutputSize.H) * float64(o.OutputSize.W)
		if n > float64(limit) {
			return nil, optionErrorf(http.StatusRequestEntityTooLarge, "outputSize", "outputSize %v: the output would have %.0f elements, over the limit of %d", o.OutputSize, n, limit)
		}
	}
	if call == "maxRoiPool" {
		return func() (pool.Tensor, []int32, error) {
			out, err := pool.MaxRoiPool(t, rois, o)
			return out, nil, err
		}, nil
	}
	return func() (pool.Tensor, []int32, error) {
		out, err := pool.RoiAlign(t, rois, o)
		return out, nil, err
	}, nil
}

// fractionalOptions reads kernel (a number is 2-D), outputSize and
// outputRatio, lists as value.axes reads them: pool judges their lengths.
func fractionalOptions(byKey map[string]value) (pool.FractionalOptions, error) {
	var o pool.FractionalOptions
	v, ok := byKey["kernel"]
	if !ok {
		return o, &pool.OptionError{Option: "kernel", Rule: "is required: a whole number or an array of 2 or 3 of them"}
	}
	rank := v.rank()
	var err error
	if o.Kernel, err = v.axes("kernel", rank); err != nil {
		return o, err
	}
	if v, ok := byKey["outputSize"]; ok {
		if o.OutputSize, err = v.axes("outputSize", rank); err != nil {
			return o, err
		}
	}
	if v, ok := byKey["outputRatio"]; ok {
		// pool judges the ratios.
		for _, a := range v.atoms {
			f, err := strconv.ParseFloat(a, 64)
			if err != nil {
				return o, &pool.OptionError{Option: "outputRatio", Value: v.shown, Rule: "must be a number or an array of numbers"}
			}
			o.OutputRatio = append(o.OutputRatio, f)
		}
		for !v.list && len(o.OutputRatio) < rank {
			o.OutputRatio = append(o.OutputRatio, o.OutputRatio[0])
		}
	}
	return o, nil
}

// readTensorMember reads a {"shape": [...], "data": [...]} member.
func readTensorMember(key string, raw json.RawMessage, limit int) (pool.Tensor, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return pool.Tensor{}, &pool.OptionError{Option: key, Value: shorten(string(raw)), Rule: `must be an object {"shape": [...], "data": [...]}`}
	}
	for k := range m {
		if k != "shape" && k != "data" {
			return pool.Tensor{}, &pool.OptionError{Option: key + "." + k, Rule: `is not a member of a tensor; it takes shape and data`}
		}
	}
	return readTensor(key, m["shape"], m["data"], limit)
}

// readTensor reads a shape and its data, member naming the member they are
// in ("" for the request's own tensor). A member's shape is read as given:
// pool judges it, and its data's length, against the call's other tensors,
// and its errors name the member, as JavaScript's do.
func readTensor(member string, rawShape, rawData json.RawMessage, limit int) (pool.Tensor, error) {
	shape, err := []int(nil), error(nil)
	if member == "" {
		shape, err = parseShape(rawShape)
	} else {
		shape, err = memberShape(member, rawShape)
	}
	if err != nil {
		return pool.Tensor{}, err
	}
	if n, ok := elements(shape); ok && n > limit {
		option, at := "shape", ""
		if member != "" {
			option, at = member, member+" "
		}
		return pool.Tensor{}, optionErrorf(http.StatusRequestEntityTooLarge, option, "%sshape %v: %d elements; the limit is %d", at, shape, n, limit)
	}
	if rawData == nil {
		return pool.Tensor{}, asMember(&pool.OptionError{Option: "data", Rule: "is required: the tensor's values as a flat array of numbers, row-major"}, member)
	}
	hint, _ := elements(shape)
	data, err := parseData(rawData, min(hint, limit))
	if err != nil {
		return pool.Tensor{}, asMember(err, member)
	}
	return pool.Tensor{Shape: shape, Data: data}, nil
}

// memberShape reads the shape of member, errors naming it.
func memberShape(member string, raw json.RawMessage) ([]int, error) {
	v, err := shapeValue(raw)
	var shape []int
	if err == nil {
		shape, err = shapeNumbers(v)
	}
	return shape, asMember(err, member)
}

// asMember makes an error about the shape or the data of a tensor member
// (gradOutput, rois) one about the member, as JavaScript names it: option
// gradOutput, the field (shape, data[3]) before the value. The request's own
// tensor (member "") keeps the field's name.
func asMember(err error, member string) error {
	oe, ok := err.(*pool.OptionError)
	if !ok || member == "" {
		return err
	}
	c := *oe
	c.Option, c.Value = member, strings.TrimSpace(oe.Option+" "+oe.Value)
	return &c
}

// renamed moves an error about option from to option to, prefix included:
// the parsers name the request's own shape and data.
func renamed(err error, from, to string) error {
	if oe, ok := err.(*pool.OptionError); ok && from != to && strings.HasPrefix(oe.Option, from) {
		c := *oe
		c.Option = to + strings.TrimPrefix(oe.Option, from)
		return &c
	}
	return err
}

// readDivisor reads divisorOverride, one whole number; an explicit 0,
// which NDOptions reads as none, is judged by pool.CheckDivisorOverride
// here, any other value by pool where it takes the options.
func readDivisor(v value, op pool.Op) (int, error) {
	if len(v.atoms) != 1 || v.list {
		return 0, &pool.OptionError{Option: "divisorOverride", Value: v.shown, Rule: "must be one whole number"}
	}
	n, err := v.whole("divisorOverride", v.atoms[0])
	if err == nil && n == 0 {
		e := pool.CheckDivisorOverride(op, 0)
		e.Value = v.shown
		return 0, e
	}
	return n, err
}
