// Package wire is the one description of what the JS module and the browser
// wasm exchange: the record of float64s, in the WebAssembly memory, in which
// js/poolkit.js passes a call's options to Go and gets the result's sizes,
// addresses and errors back, the codes of its
// enum values, and the option names of those values. js/wire.js is generated
// from it by go generate; a test fails when that file is stale.
package wire

//go:generate go run gen.go

import "github.com/poolkit/poolkit/pool"

// The record's slots. A list option (kernel, stride, dilation, padding,
// outputSize, outputRatio) is written as given: its numbers in its slots,
// as many as fit, and in its count slot how many it has, or OneNumber for a
// number that applies to every axis, so that Go learns the spatial rank
// from the list that sets it and pool judges every list's length. A
// tensor's shape is written the same way, in its count slot its length.
const (
	Op               = 0  // a pool.Op: 1..4, max, avg, min, lp
	Dims             = 1  // globalPool's dims; read when given (see Givens)
	Kernel           = 2  // 3 slots; read when given (see Givens)
	Stride           = 5  // 3 slots; not given = the kernel
	Dilation         = 8  // 3 slots; not given = 1
	Padding          = 11 // 6 slots
	PadMode          = 17 // PadNumbers, PadSameUpper or PadSameLower
	CeilMode         = 18 // 0 or 1
	CountIncludePad  = 19 // 0 or 1
	P                = 20 // not given = 2
	Alpha            = 21 // a pool.Alpha: 0 straight, 1 premultiplied
	ColorSpace       = 22 // a pool.ColorSpace: 0 srgb, 1 linear
	ReturnIndices    = 23 // 0 or 1
	OutputSize       = 24 // 3 slots; not given = none
	Width            = 27 // a picture's width and height
	Height           = 28
	TensorRank       = 29 // the count of the tensor's shape's numbers, as given; the result's rank on return
	Shape            = 30 // ShapeSlots slots: the shape's first numbers; the result's shape on return
	Rows             = 35 // height, srcY, from, to
	Result           = 39 // 2 slots: a picture's width and height, or inputRows' y0, y1
	Data             = 41 // the buffer holding the call's data (see Buffers)
	Indices          = 42 // the buffer holding maxUnpool's indices
	DType            = 43 // the tensor's element type: DTypeFloat32, DTypeUint8 or DTypeFloat64
	Output           = 44 // the address of the result's data, or of a buffer reserve gave
	OutputLen        = 45 // the result's data in bytes
	IndicesOut       = 46 // the address of the result's indices, 0 when there are none
	Error            = 47 // the kind of the call's error: ErrNone, ErrError, ErrType or ErrRange
	ErrorOption      = 48 // the bytes of the option's name at the start of the text area
	ErrorMessage     = 49 // the bytes of the message after it
	DivisorOverride  = 50 // avg's divisor_override; not given = none
	OutputRatio      = 51 // 3 slots: fractional pooling's; not given = none
	SpatialScale     = 54 // region pooling's; not given = 1
	SamplingRatio    = 55 // roiAlign's; 0 = adaptive
	Aligned          = 56 // roiAlign's: 0 or 1
	GradOutput       = 57 // the buffer holding a gradient call's gradOutput (float32)
	SideRank         = 58 // the count of the shape's numbers of the call's second tensor, gradOutput or the regions (rois, float32 in the indices buffer)
	SideShape        = 59 // ShapeSlots slots: that shape's first numbers
	Samples          = 64 // the count of fractional samples (float32) in the indices buffer, read when given (see Givens); not given = draw them
	Given            = 65 // the options given, a sum of Givens' bits: a slot whose 0 means "not given" is then read as written
	KernelCount      = 66 // the count of kernel's numbers, or OneNumber
	StrideCount      = 67
	DilationCount    = 68
	PaddingCount     = 69
	OutputSizeCount  = 70
	OutputRatioCount = 71
	Len              = 72
)

// ShapeSlots is how many of a shape's numbers the record holds: as many as
// a tensor has dimensions. A shape is written as given, like a list option,
// its length in its count slot: pool refuses a longer one by that length.
const ShapeSlots = pool.MaxRank

// OneNumber is the count of a list option written as one number, which
// applies to every axis.
const OneNumber = -1

// The text area follows the record in the memory: an error's option name,
// then its message, in UTF-8. Longer messages are cut at TextLen bytes.
const (
	TextOffset = Len * 8
	TextLen    = 1024
)

// The buffers a call reads its input from, by number: the three that every
// call reuses, and any number more that stay where they are from call to call
// (resident tensors) from FirstResident on. The indices buffer also carries
// the calls' other second inputs (fractional samples, regions), which no
// call takes beside indices.
const (
	BufData       = 0
	BufIndices    = 1
	BufGrad       = 2
	FirstResident = 3
)

// The element types of a tensor's data.
const (
	DTypeFloat32 = 0
	DTypeUint8   = 1
	DTypeFloat64 = 2
)

// The kinds of error a call reports; the JS class it throws.
const (
	ErrNone  = 0
	ErrError = 1 // Error
	ErrType  = 2 // TypeError
	ErrRange = 3 // RangeError
)

// Slot names a slot for the JS side, which spells it as the option it holds.
type Slot struct {
	Name  string
	Index int
}

// Slots lists the record's slots in order, with the record's length last.
var Slots = []Slot{
	{"op", Op}, {"dims", Dims}, {"kernel", Kernel}, {"stride", Stride}, {"dilation", Dilation},
	{"padding", Padding}, {"padMode", PadMode}, {"ceilMode", CeilMode}, {"countIncludePad", CountIncludePad},
	{"p", P}, {"alpha", Alpha}, {"colorSpace", ColorSpace}, {"returnIndices", ReturnIndices},
	{"outputSize", OutputSize}, {"width", Width}, {"height", Height}, {"tensorRank", TensorRank},
	{"shape", Shape}, {"rows", Rows}, {"result", Result}, {"data", Data}, {"indices", Indices}, {"dtype", DType},
	{"output", Output}, {"outputLen", OutputLen}, {"indicesOut", IndicesOut}, {"error", Error},
	{"errorOption", ErrorOption}, {"errorMessage", ErrorMessage}, {"divisorOverride", DivisorOverride},
	{"outputRatio", OutputRatio}, {"spatialScale", SpatialScale}, {"samplingRatio", SamplingRatio},
	{"aligned", Aligned}, {"gradOutput", GradOutput}, {"sideRank", SideRank}, {"sideShape", SideShape},
	{"samples", Samples}, {"given", Given}, {"kernelCount", KernelCount}, {"strideCount", StrideCount},
	{"dilationCount", DilationCount}, {"paddingCount", PaddingCount}, {"outputSizeCount", OutputSizeCount},
	{"outputRatioCount", OutputRatioCount}, {"length", Len},
}

// Givens are the options whose slots read 0 as "not given", by their bit in
// the Given slot (1 << index): JavaScript writes what the caller gave, an
// explicit 0 or -1 included, and sets the option's bit, so that pool judges
// every value and an explicit 0 is refused rather than read as the default.
var Givens = []string{
	"kernel", "stride", "dilation", "padding", "p", "divisorOverride", "outputSize", "outputRatio", "spatialScale", "samplingRatio", "dims",
	"samples",
}

// Bit returns the bit of option in the Given slot; it panics for an option
// not in Givens, a mistake in the program.
func Bit(option string) float64 {
	for i, name := range Givens {
		if name == option {
			return float64(uint(1) << i)
		}
	}
	panic("wire: no Given bit for " + option)
}

// The option names of each call, in the order messages list them; a key
// outside its call's list is an error (a typo such as "strides" must not be
// ignored).
var (
	// PoolOptions are the options every pooling with a window takes.
	PoolOptions = []string{"op", "kernel", "stride", "padding", "dilation", "ceilMode", "countIncludePad", "p"}
	// PictureOptions are pk.pool's and the HTTP API's pooling options.
	PictureOptions = append(PoolOptions[:len(PoolOptions):len(PoolOptions)], "alpha", "colorSpace")
	// PixelOptions are pk.pool's: the pooling options with the average's
	// divisorOverride (the HTTP API lists it with its own keys).
	PixelOptions = append(PictureOptions[:len(PictureOptions):len(PictureOptions)], "divisorOverride")
	// TensorOptions are pk.poolTensor's; alpha and colorSpace are taken so
	// that the error can say they apply to pictures only, which reads better
	// than "unknown option".
	TensorOptions = append(PoolOptions[:len(PoolOptions):len(PoolOptions)], "divisorOverride", "returnIndices", "alpha", "colorSpace")
	// AdaptiveOptions are pk.adaptivePool's.
	AdaptiveOptions = []string{"op", "outputSize", "returnIndices"}
	// GlobalOptions are pk.globalPool's.
	GlobalOptions = []string{"op", "dims", "p"}
	// UnpoolOptions are pk.maxUnpool's.
	UnpoolOptions = []string{"kernel", "stride", "padding", "outputSize"}
	// FractionalOptions are pk.fractionalMaxPool's and its gradient's.
	FractionalOptions = []string{"kernel", "outputSize", "outputRatio", "samples", "returnIndices"}
	// RoiAlignOptions are pk.roiAlign's.
	RoiAlignOptions = []string{"outputSize", "spatialScale", "samplingRatio", "aligned", "op"}
	// MaxRoiOptions are pk.maxRoiPool's.
	MaxRoiOptions = []string{"outputSize", "spatialScale"}
)

// Kinds are the types each option takes, in the JS API and in an HTTP JSON
// body (a query string has no types): "n" a number or an array of numbers,
// "s" a string, "b" a boolean, "ns" a number, an array or a string. It is
// the one table of them: js/wire.js carries it as OPTION_KINDS, by which the
// JS module refuses an option of another type, and the HTTP API a JSON
// member.
var Kinds = map[string]string{
	"kernel": "n", "stride": "n", "dilation": "n", "outputSize": "n", "p": "n", "dims": "n",
	"divisorOverride": "n", "outputRatio": "n", "spatialScale": "n", "samplingRatio": "n", "shape": "n",
	"padding":  "ns",
	"ceilMode": "b", "countIncludePad": "b", "returnIndices": "b", "aligned": "b",
	"op": "s", "call": "s", "alpha": "s", "colorSpace": "s",
}

// KindRules say what a value of each set of Kinds must be, in the messages
// of both; js/wire.js carries them as KIND_RULES.
var KindRules = map[string]string{
	"n":  "must be a number or an array of numbers",
	"ns": `must be a number, an array of numbers or a string such as "same"`,
	"b":  "must be true or false",
	"s":  "must be a string",
}

// The padding modes of the PadMode slot.
const (
	PadNumbers   = 0 // numbers, as PaddingCount says: per axis (PyTorch's padding) or begin and end (ONNX's pads)
	PadSameUpper = 2
	PadSameLower = 3
)

// PadName is a padding word and its PadMode.
type PadName struct {
	Name string
	Mode int
}

// PadModes maps padding's SAME words, pool.PadWords but "valid", to their
// PadMode.
var PadModes = func() (m []PadName) {
	codes := map[pool.AutoPad]int{pool.SameUpper: PadSameUpper, pool.SameLower: PadSameLower}
	for _, w := range pool.PadWords() {
		if mode, _ := pool.ParseAutoPad(w); mode != pool.ExplicitPad {
			m = append(m, PadName{w, codes[mode]})
		}
	}
	return m
}()

// Ops are the op names by their code, pool.Op's value; code 0 is no op.
var Ops = names(int(pool.Max), int(pool.Lp), func(i int) string { return pool.Op(i).String() })

// Alphas are the alpha names by their code, pool.Alpha's value.
var Alphas = names(int(pool.Straight), int(pool.Premultiplied), func(i int) string { return pool.Alpha(i).String() })

// ColorSpaces are the colorSpace names by their code, pool.ColorSpace's value.
var ColorSpaces = names(int(pool.SRGB), int(pool.Linear), func(i int) string { return pool.ColorSpace(i).String() })

func names(first, last int, name func(int) string) []string {
	s := make([]string, last+1)
	for i := first; i <= last; i++ {
		s[i] = name(i)
	}
	return s
}
