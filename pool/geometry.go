package pool

import (
	"strconv"
	"sync/atomic"
)

// OutputSize returns the number of windows along one axis of length in, with
// PyTorch's rule: floor (or ceil, with ceilMode) of
// (in + 2*padding - dilation*(kernel-1) - 1) / stride, plus one, where in
// ceil mode a last window that would start inside the right padding is
// dropped. It returns an error when no window fits or an argument is out of
// range.
func OutputSize(in, kernel, stride, padding, dilation int, ceilMode bool) (int, error) {
	return outputSize(in, kernel, stride, padding, padding, dilation, ceilMode)
}

// outputSize is OutputSize with the padding before and after the input.
func outputSize(in, kernel, stride, before, after, dilation int, ceilMode bool) (int, error) {
	if err := checkAxisArgs(in, kernel, stride, dilation); err != nil {
		return 0, err
	}
	for _, padding := range [2]int{before, after} {
		if padding < 0 || padding > MaxSide {
			return 0, &OptionError{Option: "padding", Value: strconv.Itoa(padding), Rule: boundRule("", padding, 0)}
		}
	}
	eff := (kernel-1)*dilation + 1 // no overflow: both factors are at most 2^30 on 64-bit ints
	span := in + before + after - eff
	if span < 0 {
		window := cells(eff)
		if dilation > 1 {
			window += " with dilation " + strconv.Itoa(dilation)
		}
		return 0, &OptionError{Option: "kernel", Value: strconv.Itoa(kernel),
			Rule: "window (" + window + ") does not fit the input (" + cells(in) + " plus padding " + strconv.Itoa(before) + "+" + strconv.Itoa(after) + ")"}
	}
	out := span/stride + 1
	if ceilMode && span%stride != 0 {
		out++
		if (out-1)*stride >= in+before {
			out--
		}
	}
	return out, nil
}

// SamePadding returns TensorFlow's SAME geometry along one axis: out =
// ceil(in/stride) windows and the total padding
// max((out-1)*stride + (kernel-1)*dilation + 1 - in, 0) split as
// floor(total/2) before and the rest after.
func SamePadding(in, kernel, stride, dilation int) (out, before, after int, err error) {
	if err := checkAxisArgs(in, kernel, stride, dilation); err != nil {
		return 0, 0, 0, err
	}
	out = (in + stride - 1) / stride
	total := (out-1)*stride + (kernel-1)*dilation + 1 - in
	if total < 0 {
		total = 0
	}
	return out, total / 2, total - total/2, nil
}

// cells says n cells.
func cells(n int) string {
	if n == 1 {
		return "1 cell"
	}
	return strconv.Itoa(n) + " cells"
}

func checkAxisArgs(in, kernel, stride, dilation int) error {
	if in < 1 || in > MaxSide {
		return &OptionError{Option: "input size", Value: strconv.Itoa(in), Rule: boundRule("", in, 1)}
	}
	for _, a := range [...]struct {
		name string
		v    int
	}{{"kernel", kernel}, {"stride", stride}, {"dilation", dilation}} {
		if a.v < 1 || a.v > MaxSide {
			return &OptionError{Option: a.name, Value: strconv.Itoa(a.v), Rule: boundRule("", a.v, 1)}
		}
	}
	return nil
}

// Axis is the resolved geometry of a pooling along one axis: for each output
// cell o, the window's cells are Start(o) + i*Dilation for i in [0, Kernel),
// and those inside [0, In) are read.
type Axis struct {
	In, Out                  int
	Kernel, Stride, Dilation int
	PadBefore, PadAfter      int
	// Windows holds, for each output cell, the window's cells that lie inside
	// the input and its average divisor along this axis.
	Windows []Window
}

// Window is the part of one window along one axis that lies inside the input.
type Window struct {
	// First is the first input cell read, Count how many are read (First,
	// First+Dilation, ...).
	First, Count int
	// Divisor is how many cells the average divides by along this axis:
	// Count, plus the padded cells when padding is counted.
	Divisor int
}

// Start returns the (possibly negative) position of output cell o's first
// window cell.
func (a *Axis) Start(o int) int { return o*a.Stride - a.PadBefore }

// Geometry is the resolved geometry of a pooling over an H x W plane.
type Geometry struct {
	H, W Axis
}

// Out returns the output size.
func (g *Geometry) Out() Size { return Size{g.H.Out, g.W.Out} }

// Resolve validates o and computes the geometry of pooling an in.H x in.W
// plane with it.
func (o Options) Resolve(in Size) (Geometry, error) {
	o = o.withDefaults()
	if err := o.validate(); err != nil {
		return Geometry{}, err
	}
	if in.H < 1 || in.W < 1 || in.H > MaxSide || in.W > MaxSide {
		return Geometry{}, &OptionError{Option: "input size", Value: in.String(), Rule: boundRule("each side", min(in.H, in.W), 1)}
	}
	var g Geometry
	var err error
	if g.H, err = o.resolveAxis(in.H, o.Kernel.H, o.Stride.H, o.Padding.H, o.Dilation.H, "row"); err != nil {
		return Geometry{}, err
	}
	if g.W, err = o.resolveAxis(in.W, o.Kernel.W, o.Stride.W, o.Padding.W, o.Dilation.W, "column"); err != nil {
		return Geometry{}, err
	}
	return g, nil
}

// resolvedGeometry is a geometry Options.resolved computed, with the options
// (defaults filled in) and input size it was computed from. Only read once
// made, so that any number of calls may share it at once.
type resolvedGeometry struct {
	o    Options
	in   Size
	g    Geometry
	axes []Axis // g.H and g.W, the NDGeometry that tensor calls take
}

// lastGeometry is the geometry resolved last. A loop of calls with one
// options and one size (a video, a model's layer, a tiny call repeated)
// reuses it, where resolving again would allocate every window again: that
// is most of a tiny call's cost, and 100 KB a call for a 4096-pixel-wide
// picture. It holds the windows of one call's size only.
var lastGeometry atomic.Pointer[resolvedGeometry]

// resolved is Resolve through lastGeometry; its geometry must not be
// modified.
func (o Options) resolved(in Size) (*resolvedGeometry, error) {
	d := o.withDefaults()
	if r := lastGeometry.Load(); r != nil && r.o == d && r.in == in {
		return r, nil
	}
	g, err := o.Resolve(in)
	if err != nil {
		return nil, err
	}
	r := &resolvedGeometry{o: d, in: in, g: g, axes: []Axis{g.H, g.W}}
	lastGeometry.Store(r)
	return r, nil
}

func (o Options) resolveAxis(in, kernel, stride, padding, dilation int, what string) (Axis, error) {
	auto := ExplicitPad
	if o.Same {
		auto = SameUpper
	}
	return axisRule{
		in: in, kernel: kernel, stride: stride, dilation: dilation, before: padding, after: padding,
		auto: auto, ceil: o.CeilMode, countPad: !o.Same && !o.ExcludePad,
		what: what, axis: -1, dilation2: o.Dilation,
	}.resolve()
}

// axisRule is everything that decides the windows along one axis.
type axisRule struct {
	in, kernel, stride, dilation int
	before, after                int
	auto                         AutoPad
	ceil, countPad               bool
	// what names a cell of the axis in errors ("row"), axis the axis's
	// number when what cannot (else -1); dilation2 or dilationN is the
	// dilation option as the caller wrote it, 2-D or N-D. Errors are
	// written from them only when there is one: a call that fails nothing
	// formats nothing.
	what      string
	axis      int
	dilation2 Size
	dilationN []int
}

// wholeEnd is one past the last output whose window holds Kernel cells. The
// windows the input's edges cut short lie at the ends of an axis, so with
// stride 1 the whole windows are consecutive and end here.
func (a *Axis) wholeEnd() int {
	end := a.Out
	for end > 0 && a.Windows[end-1].Count != a.Kernel {
		end--
	}
	return end
}

// empty is the error for output i's window, which covers no input cell.
func (r axisRule) empty(i int) error {
	shown, onAxis := r.dilation2.String(), ""
	if r.axis >= 0 {
		shown, onAxis = "1", " on axis "+strconv.Itoa(r.axis)
		if len(r.dilationN) > 0 {
			shown = Dims(r.dilationN).String()
		}
	}
	return &OptionError{Option: "dilation", Value: shown,
		Rule: "the window of output " + r.what + " " + strconv.Itoa(i) + onAxis + " covers no input " + r.what + "; lower the dilation or the padding"}
}

func (r axisRule) resolve() (Axis, error) {
	in, kernel, dilation := r.in, r.kernel, r.dilation
	a := Axis{In: in, Kernel: kernel, Stride: r.stride, Dilation: dilation}
	var err error
	switch r.auto {
	case ExplicitPad:
		a.Out, err = outputSize(in, kernel, r.stride, r.before, r.after, dilation, r.ceil)
		a.PadBefore, a.PadAfter = r.before, r.after
	case SameUpper:
		a.Out, a.PadBefore, a.PadAfter, err = SamePadding(in, kernel, r.stride, dilation)
	case SameLower:
		a.Out, a.PadAfter, a.PadBefore, err = SamePadding(in, kernel, r.stride, dilation)
	}
	if err != nil {
		return Axis{}, err
	}
	a.Windows = make([]Window, a.Out)
	if dilation == 1 {
		// Without dilation every window is a run of cells: no division, and
		// a picture's thousands of windows cost next to nothing per call.
		limit := in + a.PadAfter
		for i := range a.Windows {
			start := a.Start(i)
			first := max(start, 0)
			count := min(start+kernel, in) - first
			if count <= 0 {
				return Axis{}, r.empty(i)
			}
			w := Window{First: first, Count: count, Divisor: count}
			if r.countPad {
				w.Divisor = max(min(limit-start, kernel), 0)
			}
			a.Windows[i] = w
		}
		return a, nil
	}
	for i := range a.Windows {
		start := a.Start(i)
		// The first tap at or after cell 0, and the taps before the input's end.
		skip := 0
		if start < 0 {
			skip = (-start + dilation - 1) / dilation
		}
		first := start + skip*dilation
		count := 0
		if first < in {
			count = min((in-1-first)/dilation+1, kernel-skip)
		}
		if count <= 0 {
			return Axis{}, r.empty(i)
		}
		w := Window{First: first, Count: count, Divisor: count}
		if r.countPad {
			// PyTorch counts the window's cells up to the end of the padding
			// after the input; ceil mode's overhang past it is never counted.
			limit := in + a.PadAfter
			taps := 0
			if start < limit {
				taps = min((limit-1-start)/dilation+1, kernel)
			}
			w.Divisor = taps
		}
		a.Windows[i] = w
	}
	return a, nil
}
