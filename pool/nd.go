package pool

import (
	"math"
	"strconv"
)

// Spec describes a pooling for Pool and PoolIndices: an Options, the 2-D
// form that pictures take too, or an NDOptions, any spatial rank with ONNX's
// padding. Both resolve through the same per-axis rules.
type Spec interface {
	// resolveTensor returns the planes, the geometry and the options the
	// kernels read (the op and p) for a tensor of the shape whose data holds
	// n values.
	resolveTensor(shape []int, n int) (planes int, g NDGeometry, o NDOptions, err error)
}

// Extent is a spatial output size for AdaptivePool and MaxUnpool: a Size
// (2-D) or Dims (any rank).
type Extent interface {
	dims() Dims
}

// GlobalSpec says how GlobalPool reduces: an Op (2-D planes, Lp of order 2)
// or a Global (any rank, any order).
type GlobalSpec interface {
	global() Global
}

// Dims is a size with one entry per spatial axis, the first axis first:
// [L] in 1-D, [H, W] in 2-D, [D, H, W] in 3-D.
type Dims []int

// String formats d as "[2, 3]", the way error messages print lists.
func (d Dims) String() string { return shapeString(d) }

func (d Dims) dims() Dims { return d }
func (s Size) dims() Dims { return Dims{s.H, s.W} }

// AutoPad selects ONNX's automatic padding (its auto_pad attribute).
type AutoPad uint8

const (
	// ExplicitPad pads as NDOptions.Padding says (ONNX NOTSET and VALID).
	ExplicitPad AutoPad = iota
	// SameUpper is TensorFlow's SAME (ONNX SAME_UPPER): ceil(in/stride)
	// windows, the padding split with the smaller half before.
	SameUpper
	// SameLower is ONNX's SAME_LOWER: the same windows with the larger half
	// of the padding before.
	SameLower
)

// checkPads returns an error unless pads, numeric padding for a kernel of
// r axes, is nil (none) or holds r pads (both sides of each axis) or 2r
// (begin and end of each axis), each 0 to MaxSide.
func checkPads(pads Dims, r int) *OptionError {
	if pads != nil && len(pads) != r && len(pads) != 2*r {
		return &OptionError{Option: "padding", Value: pads.String(),
			Rule: "must have " + strconv.Itoa(r) + " elements (both sides of each axis) or " + strconv.Itoa(2*r) + " (begin and end of each axis)"}
	}
	for _, p := range pads {
		if p < 0 || p > MaxSide {
			return &OptionError{Option: "padding", Value: pads.String(), Rule: boundRule("each pad", p, 0)}
		}
	}
	return nil
}

// word returns a's word as messages quote it ("same", "same_lower",
// "valid").
func (a AutoPad) word() string {
	for _, w := range padWords {
		if w.mode == a {
			return strconv.Quote(w.name)
		}
	}
	return ""
}

// padWords are the words padding takes besides numbers, in the order
// messages list them: "valid" (no padding) and the SAME modes ("same" is
// SAME_UPPER, as in PyTorch's padding="same").
var padWords = [...]struct {
	name string
	mode AutoPad
}{{"valid", ExplicitPad}, {"same", SameUpper}, {"same_upper", SameUpper}, {"same_lower", SameLower}}

// PadWords returns the words padding takes besides numbers: "valid",
// "same", "same_upper" and "same_lower". It is the one list of them: the JS
// module's table and the HTTP API's parser are made from it.
func PadWords() []string {
	w := make([]string, len(padWords))
	for i, p := range padWords {
		w[i] = p.name
	}
	return w
}

// ParseAutoPad returns the AutoPad that the padding word s names, ok false
// when s is not one of PadWords; "valid" is ExplicitPad with no padding.
func ParseAutoPad(s string) (mode AutoPad, ok bool) {
	for _, p := range padWords {
		if p.name == s {
			return p.mode, true
		}
	}
	return ExplicitPad, false
}

// NDOptions describes a pooling of any spatial rank (1, 2 or 3), with
// PyTorch's padding or ONNX's. The rank is len(Kernel); every other list
// is nil for its default or has one entry per axis, the first axis first
// (an empty list that is not nil is one of the wrong length).
// The zero value of every other field means the documented default.
type NDOptions struct {
	// Op is the operation; required.
	Op Op
	// Kernel is the window size along each axis; required, each at least 1.
	Kernel []int
	// Stride is the step between windows; nil means the kernel.
	Stride []int
	// Dilation is the spacing between a window's cells; nil means 1.
	Dilation []int
	// Padding is nil (no padding), rank numbers (added on both sides of
	// each axis, at most half the effective kernel: PyTorch's padding) or
	// 2*rank numbers [begin..., end...] (ONNX's pads: each smaller than the
	// kernel on its axis). Max and min pad with -inf, avg and lp with 0.
	Padding []int
	// AutoPad selects SAME padding instead of Padding; padded cells are
	// then neither winners nor counted.
	AutoPad AutoPad
	// CeilMode rounds the output size up, as PyTorch's ceil_mode: the last
	// window must still start inside the input or the padding before it.
	CeilMode bool
	// ExcludePad leaves padded cells out of an average's divisor (PyTorch's
	// count_include_pad=False, ONNX's default). The default counts them.
	ExcludePad bool
	// P is the order of the Lp norm; zero means 2.
	P float64
	// DivisorOverride, when not zero, divides every window's sum by this
	// number instead of the cells it counts (op Avg only), as PyTorch's
	// divisor_override.
	DivisorOverride int
}

// Global is a global pooling of any rank: each plane of the last Dims axes
// is reduced to one cell.
type Global struct {
	// Op is Max, Min, Avg or Lp.
	Op Op
	// Dims is the number of spatial axes, 1, 2 or 3; zero means 2.
	Dims int
	// P is the order of the Lp norm; zero means 2. Any other op refuses
	// a P, as an option it does not take.
	P float64
}

func (op Op) global() Global    { return Global{Op: op} }
func (g Global) global() Global { return g }

// NDGeometry is the resolved geometry of a pooling, one Axis per spatial
// axis.
type NDGeometry struct {
	Axes []Axis
}

// Out returns the output size.
func (g *NDGeometry) Out() Dims { return g.out(nil) }

// out appends the output size to d, which a caller may keep on its stack.
func (g *NDGeometry) out(d Dims) Dims {
	for i := range g.Axes {
		d = append(d, g.Axes[i].Out)
	}
	return d
}

// resolveTensor checks o for a tensor and resolves it with the 2-D rules
// and messages of Options.
func (o Options) resolveTensor(shape []int, n int) (int, NDGeometry, NDOptions, error) {
	if err := o.validateTensor(); err != nil {
		return 0, NDGeometry{}, NDOptions{}, err
	}
	planes, in, err := splitShape(shape, n, 2)
	if err != nil {
		return 0, NDGeometry{}, NDOptions{}, err
	}
	r, err := o.resolved(Size{in[0], in[1]})
	if err != nil {
		return 0, NDGeometry{}, NDOptions{}, err
	}
	// The kernels read the op, p and the divisor override only: the axes'
	// slices of NDOptions() would be a tiny call's largest allocations.
	return planes, NDGeometry{Axes: r.axes}, NDOptions{Op: o.Op, P: o.P, DivisorOverride: o.DivisorOverride}, nil
}

func (o NDOptions) resolveTensor(shape []int, n int) (int, NDGeometry, NDOptions, error) {
	if err := o.validate(); err != nil {
		return 0, NDGeometry{}, NDOptions{}, err
	}
	planes, in, err := splitShape(shape, n, len(o.Kernel))
	if err != nil {
		return 0, NDGeometry{}, NDOptions{}, err
	}
	g, err := o.resolve(in)
	return planes, g, o, err
}

// NDOptions returns o in the rank-generic form, by whose rules o is
// validated: the 2-D form is a constructor of it. Alpha and ColorSpace,
// which only pictures take, have no counterpart there.
func (o Options) NDOptions() NDOptions {
	n := NDOptions{
		Op: o.Op, Kernel: []int{o.Kernel.H, o.Kernel.W}, CeilMode: o.CeilMode, ExcludePad: o.ExcludePad, P: o.P,
		DivisorOverride: o.DivisorOverride,
	}
	if o.Stride != (Size{}) {
		n.Stride = []int{o.Stride.H, o.Stride.W}
	}
	if o.Dilation != (Size{}) {
		n.Dilation = []int{o.Dilation.H, o.Dilation.W}
	}
	if o.Padding != (Size{}) {
		n.Padding = []int{o.Padding.H, o.Padding.W}
	}
	if o.Same {
		n.AutoPad = SameUpper
	}
	return n
}

// Options returns o as the 2-D Options, ok false when they cannot say it:
// a rank other than 2, begin and end pads, or SAME_LOWER. It is the one
// statement of which tensor poolings the 2-D form describes: adapters pool
// with the Options it returns, so that 2-D errors read as Options' do.
func (o NDOptions) Options() (opts Options, ok bool) {
	size := func(v []int) (Size, bool) {
		switch len(v) {
		case 0:
			return Size{}, v == nil
		case 2:
			return Size{H: v[0], W: v[1]}, true
		}
		return Size{}, false
	}
	k, okK := size(o.Kernel)
	s, okS := size(o.Stride)
	d, okD := size(o.Dilation)
	p, okP := size(o.Padding)
	// A stride or dilation of 0x0 is Options' default but NDOptions' error.
	zero := s == (Size{}) && o.Stride != nil || d == (Size{}) && o.Dilation != nil
	if len(o.Kernel) != 2 || !okK || !okS || !okD || !okP || zero || o.AutoPad == SameLower {
		return Options{}, false
	}
	return Options{
		Op: o.Op, Kernel: k, Stride: s, Dilation: d, Padding: p, Same: o.AutoPad == SameUpper,
		CeilMode: o.CeilMode, ExcludePad: o.ExcludePad, P: o.P, DivisorOverride: o.DivisorOverride,
	}, true
}

// Picture returns o as the Options a picture takes, its Alpha and
// ColorSpace the defaults: o's own error first, then an error unless o is
// 2-D with per-axis padding or SAME_UPPER, which is all a picture takes. It
// is the one statement of that rule: the wasm and the HTTP API read a
// picture's options as NDOptions and pool with what it returns.
func (o NDOptions) Picture() (Options, error) {
	if err := o.validate(); err != nil {
		return Options{}, err
	}
	if len(o.Kernel) != 2 {
		return Options{}, &OptionError{Option: "kernel", Value: Dims(o.Kernel).String(), Rule: "must be a number or [height, width]; pictures are 2-D"}
	}
	p, ok := o.Options()
	if !ok {
		shown := Dims(o.Padding).String()
		if o.AutoPad == SameLower {
			shown = o.AutoPad.word()
		}
		return Options{}, &OptionError{Option: "padding", Value: shown, Rule: `pictures take a number, [height, width], "valid" or "same" (begin and end pads and "same_lower" apply to tensors)`}
	}
	return p, nil
}

// Rank returns the number of spatial axes, len(o.Kernel).
func (o NDOptions) Rank() int { return len(o.Kernel) }

// Validate checks the options that do not depend on the input's size, as
// Resolve and Pool do first.
func (o NDOptions) Validate() error { return o.validate() }

// validate checks the options that do not depend on the input's size.
func (o NDOptions) validate() error {
	if o.Op < Max || o.Op > Lp {
		return &OptionError{Option: "op", Value: strconv.Itoa(int(o.Op)), Rule: "must be Max, Avg, Min or Lp"}
	}
	r := len(o.Kernel)
	if r < 1 || r > 3 {
		return &OptionError{Option: "kernel", Value: Dims(o.Kernel).String(), Rule: "must have 1, 2 or 3 elements"}
	}
	for _, l := range [...]struct {
		name string
		v    []int
	}{{"kernel", o.Kernel}, {"stride", o.Stride}, {"dilation", o.Dilation}} {
		// nil is the default; an empty list is a list of the wrong length.
		if l.v == nil && l.name != "kernel" {
			continue
		}
		if len(l.v) != r {
			return &OptionError{Option: l.name, Value: Dims(l.v).String(), Rule: "must have " + strconv.Itoa(r) + " elements, one per axis of kernel " + Dims(o.Kernel).String()}
		}
		for _, n := range l.v {
			if n < 1 || n > MaxSide {
				return &OptionError{Option: l.name, Value: Dims(l.v).String(), Rule: boundRule("each", n, 1)}
			}
		}
	}
	pads := Dims(o.Padding)
	if err := checkPads(pads, r); err != nil {
		return err
	}
	if o.AutoPad > SameLower {
		return &OptionError{Option: "padding", Value: "AutoPad(" + strconv.Itoa(int(o.AutoPad)) + ")", Rule: "must be ExplicitPad, SameUpper or SameLower"}
	}
	if o.AutoPad != ExplicitPad {
		for _, p := range pads {
			if p != 0 {
				return &OptionError{Option: "padding", Value: pads.String(), Rule: `cannot be combined with padding "same"`}
			}
		}
		if o.CeilMode {
			return &OptionError{Option: "ceilMode", Value: "true", Rule: `cannot be combined with padding "same", which fixes the output size`}
		}
	}
	if len(pads) == 2*r {
		for i, p := range pads {
			if k := o.Kernel[i%r]; p >= k {
				return &OptionError{Option: "padding", Value: pads.String(),
					Rule: "each pad must be smaller than the kernel on its axis (" + strconv.Itoa(k) + ")"}
			}
		}
	} else if len(pads) == r {
		for i, p := range pads {
			if half := ((o.Kernel[i]-1)*o.dilation(i) + 1) / 2; p > half {
				return &OptionError{Option: "padding", Value: pads.String(),
					Rule: "must be at most half the effective kernel on each axis (" + strconv.Itoa(half) + " on axis " + strconv.Itoa(i) + ")"}
			}
		}
	}
	if o.Op == Lp && o.P != 0 {
		if err := CheckP(o.P); err != nil {
			return err
		}
	}
	return checkDivisorOverride(o.Op, o.DivisorOverride)
}

func (o NDOptions) stride(i int) int   { return at(o.Stride, i, o.Kernel[i]) }
func (o NDOptions) dilation(i int) int { return at(o.Dilation, i, 1) }

func at(s []int, i, def int) int {
	if len(s) == 0 {
		return def
	}
	return s[i]
}

// pads returns the padding before and after axis i.
func (o NDOptions) pads(i int) (before, after int) {
	switch len(o.Padding) {
	case 0:
		return 0, 0
	case len(o.Kernel):
		return o.Padding[i], o.Padding[i]
	}
	return o.Padding[i], o.Padding[len(o.Kernel)+i]
}

func (o NDOptions) p() float64 {
	if o.P == 0 {
		return 2
	}
	return o.P
}

// Resolve validates o and computes the geometry of pooling an input of size
// in, which has one entry per axis of the kernel.
func (o NDOptions) Resolve(in Dims) (NDGeometry, error) {
	if err := o.validate(); err != nil {
		return NDGeometry{}, err
	}
	return o.resolve(in)
}

// resolve is Resolve for options already validated.
func (o NDOptions) resolve(in Dims) (NDGeometry, error) {
	if len(in) != len(o.Kernel) {
		return NDGeometry{}, &OptionError{Option: "input size", Value: in.String(), Rule: "must have " + strconv.Itoa(len(o.Kernel)) + " sides, one per axis of kernel " + Dims(o.Kernel).String()}
	}
	for _, n := range in {
		if n < 1 || n > MaxSide {
			return NDGeometry{}, &OptionError{Option: "input size", Value: in.String(), Rule: boundRule("each side", n, 1)}
		}
	}
	g := NDGeometry{Axes: make([]Axis, len(in))}
	for i := range in {
		before, after := o.pads(i)
		a := axisRule{
			in: in[i], kernel: o.Kernel[i], stride: o.stride(i), dilation: o.dilation(i), before: before, after: after,
			auto: o.AutoPad, ceil: o.CeilMode, countPad: o.AutoPad == ExplicitPad && !o.ExcludePad,
			what: "cell", axis: i, dilationN: o.Dilation,
		}
		var err error
		if g.Axes[i], err = a.resolve(); err != nil {
			return NDGeometry{}, err
		}
	}
	return g, nil
}

// spatialShapes names the tensor shapes each spatial rank takes.
var spatialShapes = [...]string{
	1: "[L], [C, L] or [N, C, L]",
	2: "[H, W], [C, H, W] or [N, C, H, W]",
	3: "[D, H, W], [C, D, H, W] or [N, C, D, H, W]",
}

// split checks t's shape against its data for rank spatial axes and returns
// the number of planes and the spatial size.
func (t Tensor) split(rank int) (planes int, in Dims, err error) {
	return splitShape(t.Shape, len(t.Data), rank)
}

// splitShape is split for a tensor of shape whose data holds n values.
func splitShape(shape []int, n, rank int) (planes int, in Dims, err error) {
	if r := len(shape); r < rank || r > rank+2 {
		rule := "must have " + strconv.Itoa(rank) + ", " + strconv.Itoa(rank+1) + " or " + strconv.Itoa(rank+2) + " dimensions (" + spatialShapes[rank] + ")"
		if rank != 2 {
			rule += " for " + strconv.Itoa(rank) + "-D pooling"
		}
		if rank == 2 && r == 1 {
			// A number kernel means 2-D; a signal needs its one axis named.
			rule += "; to pool a 1-D tensor, give one size per spatial axis: kernel: [k] (outputSize: [n] adaptive, dims: 1 global)"
		}
		return 0, nil, &OptionError{Option: "shape", Value: shapeString(shape), Rule: rule}
	}
	if err := CheckShape(shape); err != nil {
		return 0, nil, err
	}
	total := 1
	for _, d := range shape {
		if total > math.MaxInt/d {
			return 0, nil, &OptionError{Option: "shape", Value: shapeString(shape), Rule: "has more elements than memory can hold"}
		}
		total *= d
	}
	if total != n {
		return 0, nil, &OptionError{Option: "data", Value: "length " + strconv.Itoa(n),
			Rule: "must match shape " + shapeString(shape) + " (" + strconv.Itoa(total) + " elements)"}
	}
	in = Dims(shape[len(shape)-rank:])
	return total / in.cells(), in, nil
}

// cells returns the product of d's entries.
func (d Dims) cells() int {
	n := 1
	for _, v := range d {
		n *= v
	}
	return n
}

// withSpatial returns t's shape with its last len(out) entries replaced.
func (t Tensor) withSpatial(out Dims) []int {
	s := append([]int(nil), t.Shape...)
	copy(s[len(s)-len(out):], out)
	return s
}

// plane2D returns g as the 2-D geometry the plane kernels take: a 1-D
// pooling is a 1 x L plane.
func plane2D(g *NDGeometry) Geometry {
	if len(g.Axes) == 2 {
		return Geometry{H: g.Axes[0], W: g.Axes[1]}
	}
	return Geometry{H: unitAxis(), W: g.Axes[0]}
}

// unitAxis is an axis of one cell read by one window.
func unitAxis() Axis {
	return Axis{In: 1, Out: 1, Kernel: 1, Stride: 1, Dilation: 1, Windows: []Window{{First: 0, Count: 1, Divisor: 1}}}
}
