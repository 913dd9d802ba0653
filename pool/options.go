package pool

import (
	"math"
	"strconv"
)

// Op is a pooling operation.
type Op uint8

// The pooling operations. The zero Op is not an operation: an Options value
// must name one.
const (
	Max Op = iota + 1 // the largest value of each window
	Avg               // the mean of each window
	Min               // the smallest value of each window (max of the negated input, negated back)
	Lp                // the Lp norm (sum |x|^p)^(1/p) of each window
)

var opNames = [...]string{Max: "max", Avg: "avg", Min: "min", Lp: "lp"}

// String returns the name the JS and HTTP adapters use for op: "max", "avg",
// "min" or "lp".
func (op Op) String() string {
	if op >= Max && op <= Lp {
		return opNames[op]
	}
	return "Op(" + strconv.Itoa(int(op)) + ")"
}

// ParseOp returns the Op named s ("max", "avg", "min" or "lp").
func ParseOp(s string) (Op, error) {
	for op := Max; op <= Lp; op++ {
		if opNames[op] == s {
			return op, nil
		}
	}
	return 0, &OptionError{Option: "op", Value: strconv.Quote(s), Rule: `must be "max", "avg", "min" or "lp"`}
}

// CheckP returns an error unless p, the order of an Lp norm, is positive and
// finite. It is the one statement of that rule: adapters that must check p
// before they call pool call it.
func CheckP(p float64) *OptionError {
	if p > 0 && !math.IsInf(p, 0) {
		return nil
	}
	return &OptionError{Option: "p", Value: strconv.FormatFloat(p, 'g', -1, 64), Rule: "must be a positive finite number"}
}

// Whole returns v, a size, step, pad or count that JavaScript or JSON gave
// as a number, as an int: an error naming option unless v is a whole number
// of at most MaxSide either way. Whether it may be 0 or negative is its
// option's own rule, checked where pool takes the option. It is the one
// statement of what a number must be to be read as one: the wasm and the
// HTTP API read sizes with it (and set the error's Value to what the
// caller wrote).
func Whole(option string, v float64) (int, *OptionError) {
	var rule string
	switch {
	case v != math.Trunc(v) || math.IsNaN(v):
		rule = "must be an integer"
	case v > MaxSide:
		rule = "must be at most " + strconv.Itoa(MaxSide)
	case v < -MaxSide:
		rule = "must not be negative"
	default:
		// The value is formatted only for an error: a tiny call reads
		// its sizes with Whole.
		return int(v), nil
	}
	return 0, &OptionError{Option: option, Value: strconv.FormatFloat(v, 'g', -1, 64), Rule: rule}
}

// Alpha says how a picture's colour channels relate to its alpha channel when
// they are averaged.
type Alpha uint8

const (
	// Straight averages each channel on its own, as a tensor library does.
	Straight Alpha = iota
	// Premultiplied weights each colour by its pixel's alpha, so that
	// transparent pixels do not darken the colour of the opaque ones.
	Premultiplied
)

// String returns "straight" or "premultiplied".
func (a Alpha) String() string {
	switch a {
	case Straight:
		return "straight"
	case Premultiplied:
		return "premultiplied"
	}
	return "Alpha(" + strconv.Itoa(int(a)) + ")"
}

// ParseAlpha returns the Alpha named s ("straight" or "premultiplied").
func ParseAlpha(s string) (Alpha, error) {
	switch s {
	case "straight":
		return Straight, nil
	case "premultiplied":
		return Premultiplied, nil
	}
	return 0, &OptionError{Option: "alpha", Value: strconv.Quote(s), Rule: `must be "straight" or "premultiplied"`}
}

// ColorSpace says in which encoding a picture's colours are averaged.
type ColorSpace uint8

const (
	// SRGB averages the stored (gamma-encoded) bytes.
	SRGB ColorSpace = iota
	// Linear decodes the colours to linear light with the sRGB transfer
	// function, averages there and encodes the mean back.
	Linear
)

// String returns "srgb" or "linear".
func (c ColorSpace) String() string {
	switch c {
	case SRGB:
		return "srgb"
	case Linear:
		return "linear"
	}
	return "ColorSpace(" + strconv.Itoa(int(c)) + ")"
}

// ParseColorSpace returns the ColorSpace named s ("srgb" or "linear").
func ParseColorSpace(s string) (ColorSpace, error) {
	switch s {
	case "srgb":
		return SRGB, nil
	case "linear":
		return Linear, nil
	}
	return 0, &OptionError{Option: "colorSpace", Value: strconv.Quote(s), Rule: `must be "srgb" or "linear"`}
}

// Size is a pair of sizes along the height and the width.
type Size struct {
	H, W int
}

// Square returns the Size n x n.
func Square(n int) Size { return Size{n, n} }

// String formats s as "HxW", the way error messages print sizes.
func (s Size) String() string { return strconv.Itoa(s.H) + "x" + strconv.Itoa(s.W) }

// Options describes a pooling window and how it is applied. The zero value of
// every field but Op and Kernel means the documented default.
type Options struct {
	// Op is the operation; required.
	Op Op
	// Kernel is the window size; required, each side at least 1.
	Kernel Size
	// Stride is the step between windows; zero means the kernel.
	Stride Size
	// Padding is added on both sides of each axis (implicit -inf for max and
	// min, 0 for avg and lp); at most half the effective kernel.
	Padding Size
	// Same selects TensorFlow's SAME padding (ONNX SAME_UPPER) instead of
	// Padding: the output has ceil(in/stride) cells, the padding is split with
	// the smaller half first, and padded cells are neither winners nor counted.
	Same bool
	// Dilation is the spacing between the cells of a window; zero means 1.
	Dilation Size
	// CeilMode rounds the output size up, as PyTorch's ceil_mode: the last
	// window must still start inside the input or the left padding.
	CeilMode bool
	// ExcludePad leaves padded cells out of an average's divisor (PyTorch's
	// count_include_pad=False). The default counts them.
	ExcludePad bool
	// P is the order of the Lp norm; zero means 2. Must be positive and finite.
	P float64
	// DivisorOverride, when not zero, divides every window's sum by this
	// number instead of the cells it counts (op Avg only), as PyTorch's
	// divisor_override; pictures round the quotient half to even and clamp.
	DivisorOverride int
	// Alpha and ColorSpace apply to pictures only; see PoolPixels.
	Alpha      Alpha
	ColorSpace ColorSpace
}

// withDefaults returns o with the defaults filled in.
func (o Options) withDefaults() Options {
	if o.Stride == (Size{}) {
		o.Stride = o.Kernel
	}
	if o.Dilation == (Size{}) {
		o.Dilation = Size{1, 1}
	}
	if o.P == 0 {
		o.P = 2
	}
	return o
}

// MaxSide is the largest size, step, padding or picture side any call
// accepts: products of two of them, and sums of a few, stay far from
// overflowing an int (sizes also travel through int32 indices).
const MaxSide = 1 << 30

// validate checks the options that do not depend on the input's size: by
// the N-D form's rules, which are the one statement of them for both forms,
// and the picture options' codes.
func (o Options) validate() error {
	if err := o.NDOptions().validate(); err != nil {
		return err
	}
	if o.Alpha > Premultiplied {
		return &OptionError{Option: "alpha", Value: strconv.Itoa(int(o.Alpha)), Rule: "must be Straight or Premultiplied"}
	}
	if o.ColorSpace > Linear {
		return &OptionError{Option: "colorSpace", Value: strconv.Itoa(int(o.ColorSpace)), Rule: "must be SRGB or Linear"}
	}
	return nil
}

// validatePicture checks the options that only pictures take.
func (o Options) validatePicture() error {
	if o.Alpha == Premultiplied && o.Op != Avg {
		return &OptionError{Option: "alpha", Value: `"premultiplied"`, Rule: `applies to op "avg" only (max, min and lp take each channel on its own)`}
	}
	if o.ColorSpace == Linear && o.Op == Lp {
		return &OptionError{Option: "colorSpace", Value: `"linear"`, Rule: `is not defined for op "lp"; use "avg", "max" or "min"`}
	}
	return nil
}

// validateTensor checks that no picture-only option is set.
func (o Options) validateTensor() error {
	if err := CheckTensor(o.Alpha, o.ColorSpace); err != nil {
		return err
	}
	return nil
}

// CheckTensor returns an error if alpha or colorSpace, which apply to
// pictures only, asks for anything but the default. It is the one statement
// of that rule: adapters that read a tensor call's options into NDOptions,
// which has neither field, call it.
func CheckTensor(alpha Alpha, colorSpace ColorSpace) *OptionError {
	if alpha != Straight {
		return &OptionError{Option: "alpha", Value: strconv.Quote(alpha.String()), Rule: "applies to pictures only, not to tensors"}
	}
	if colorSpace != SRGB {
		return &OptionError{Option: "colorSpace", Value: strconv.Quote(colorSpace.String()), Rule: "applies to pictures only, not to tensors"}
	}
	return nil
}

// OptionError reports an option, size or input that breaks a rule. Its
// message reads "kernel 0x3: must be at least 1".
type OptionError struct {
	// Option is the JS option name (or input field, such as "data" or "shape")
	// at fault.
	Option string
	// Value is the offending value as written in the message.
	Value string
	// Rule says what the value must be.
	Rule string
}

// boundRule is the rule a value n outside [least, MaxSide] breaks, said by
// the bound it crosses: "at least 1" tells a user with a 0 what to write,
// where the whole range would make them read past a number they never
// came near. each names what the rule is about ("each side"), if not the
// value itself ("").
func boundRule(each string, n, least int) string {
	rule := "must be at most " + strconv.Itoa(MaxSide)
	if n < least {
		rule = "must be at least " + strconv.Itoa(least)
	}
	if each == "" {
		return rule
	}
	return each + " " + rule
}

func (e *OptionError) Error() string {
	if e.Value == "" {
		return e.Option + ": " + e.Rule
	}
	return e.Option + " " + e.Value + ": " + e.Rule
}
