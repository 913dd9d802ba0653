package httpapi

// call "unpool": pk.maxUnpool over HTTP, with its own few options.

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// callUnpool is the tensor endpoint's call for pk.maxUnpool: the JSON body
// carries the pooled tensor (shape, data), the indices a max pooling with
// returnIndices gave, and kernel, stride, padding and outputSize.
const callUnpool = "unpool"

// isUnpool reports whether a JSON body's fields ask for call "unpool",
// which has options of its own and is read by serveUnpool.
func isUnpool(fields []field) bool {
	for _, f := range fields {
		if f.key == "call" && len(f.v.atoms) == 1 && !f.v.list && f.v.atoms[0] == callUnpool {
			return true
		}
	}
	return false
}

// serveUnpool answers call "unpool". The rank is the kernel's length (a
// number means 2-D); without outputSize the output's spatial size is
// PyTorch's default, (in-1)*stride - pads + kernel on each axis.
func (h *handler) serveUnpool(w http.ResponseWriter, r *http.Request, fields []field, members map[string]json.RawMessage) error {
	takes := append([]string{"call"}, wire.UnpoolOptions...)
	fields = slices.DeleteFunc(fields, func(f field) bool { return f.key == "indices" })
	byKey, err := indexFields(fields, endpoint{path: tensorEndpoint.path, extra: takes, skip: []string{"shape", "data", "indices"}})
	if err != nil {
		return err
	}
	for _, f := range fields {
		if !slices.Contains(takes, f.key) {
			return &pool.OptionError{Option: f.key, Rule: `does not apply to call "unpool"; it takes ` + strings.Join(takes, ", ") + " and indices"}
		}
	}
	shape, err := parseShape(members["shape"])
	if err != nil {
		return err
	}
	out, err := unpoolSize(byKey, shape)
	if err != nil {
		return err
	}
	limit := h.limits.MaxTensorElements
	n, ok := elements(shape)
	if ok && n > limit {
		return optionErrorf(http.StatusRequestEntityTooLarge, "shape", "shape %v: %d elements; the limit is %d", shape, n, limit)
	}
	raw, ok := members["data"]
	if !ok {
		return &pool.OptionError{Option: "data", Rule: "is required: the pooled tensor's values as a flat array of numbers, row-major"}
	}
	data, err := parseData(raw, min(n, limit))
	if err != nil {
		return err
	}
	if members["indices"] == nil {
		return &pool.OptionError{Option: "indices", Rule: `is required with call "unpool": the indices of the max pooling (returnIndices), an array of whole numbers as long as data`}
	}
	indices, err := parseIndices(members["indices"], limit)
	if err != nil {
		return err
	}
	if err := checkOutput(shape, out, limit); err != nil {
		return err
	}

	if err := h.acquire(r); err != nil {
		return err
	}
	defer h.release()
	res, err := pool.MaxUnpool(pool.Tensor{Shape: shape, Data: data}, indices, out)
	if err != nil {
		return err
	}
	writeTensor(w, r, res, nil)
	return nil
}

// unpoolSize reads the options of a max unpooling (call "unpool" and its
// gradient "unpoolGrad"): kernel, stride, padding and outputSize, lists of
// the rank outputSize's length gives, else the kernel's (a number means
// 2-D), and returns the output's spatial size as pool.UnpoolOutput says it.
func unpoolSize(byKey map[string]value, pooled []int) (pool.Dims, error) {
	rank := 2
	kernel, hasKernel := byKey["kernel"]
	out, hasOut := byKey["outputSize"]
	switch {
	case hasOut && out.list:
		rank = out.rank()
	case hasKernel && kernel.list:
		rank = kernel.rank()
	}
	var r request
	var err error
	if hasKernel {
		if r.nd.Kernel, err = kernel.axes("kernel", rank); err != nil {
			return nil, err
		}
	}
	if v, ok := byKey["stride"]; ok {
		if r.nd.Stride, err = v.axes("stride", rank); err != nil {
			return nil, err
		}
	}
	if v, ok := byKey["padding"]; ok {
		if err := r.readPadding(v, rank); err != nil {
			return nil, err
		}
	}
	var size pool.Dims
	if hasOut {
		if size, err = out.axes("outputSize", rank); err != nil {
			return nil, err
		}
	}
	return pool.UnpoolOutput(pooled, r.nd, size)
}

// parseIndices reads indices as returnIndices gives them: a flat JSON array
// of whole numbers, at most limit of them.
func parseIndices(raw json.RawMessage, limit int) ([]int32, error) {
	const rule = "must be a flat array of whole numbers, the indices of a max pooling (returnIndices)"
	var xs []json.Number
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&xs); err != nil {
		return nil, &pool.OptionError{Option: "indices", Value: shorten(string(raw)), Rule: rule}
	}
	if len(xs) > limit {
		return nil, &pool.OptionError{Option: "indices", Value: "length " + strconv.Itoa(len(xs)), Rule: "must have at most " + strconv.Itoa(limit) + " elements"}
	}
	out := make([]int32, 0, len(xs))
	for i, x := range xs {
		k, err := x.Int64()
		if err != nil || k < -1<<31 || k >= 1<<31 {
			return nil, &pool.OptionError{Option: "indices", Value: x.String(), Rule: "indices[" + strconv.Itoa(i) + "] must be a whole number"}
		}
		out = append(out, int32(k))
	}
	return out, nil
}
