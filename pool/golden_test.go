package pool_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// The golden vectors are PyTorch's answers (tools/gen_golden.py) and the
// picture options' numpy reference (tools/gen_picture_golden.py), in a format
// the JS tests read too (tools/README.md). Running every case through the Go
// API ties the engine to PyTorch bit for bit wherever PyTorch is exact.

type goldenFile struct {
	Cases []goldenCase `json:"cases"`
}

type goldenCase struct {
	Name      string                     `json:"name"`
	Call      string                     `json:"call"`
	Options   map[string]json.RawMessage `json:"options"`
	Input     goldenData                 `json:"input"`
	Output    goldenData                 `json:"output"`
	Indices   []int32                    `json:"indices"`
	Tolerance *struct {
		Ulps int `json:"ulps"`
	} `json:"tolerance"`
}

// goldenData is a tensor ({shape, data}) or a picture ({width, height, data}).
type goldenData struct {
	Shape  []int           `json:"shape"`
	Width  int             `json:"width"`
	Height int             `json:"height"`
	Data   json.RawMessage `json:"data"`
}

func (d goldenData) tensor(t *testing.T) pool.Tensor {
	t.Helper()
	var raw []json.RawMessage
	require.NoError(t, json.Unmarshal(d.Data, &raw))
	data := make([]float32, len(raw))
	for i, r := range raw {
		data[i] = parseFloat32(t, r)
	}
	return pool.Tensor{Shape: d.Shape, Data: data}
}

// parseFloat32 reads a JSON number, or one of the strings "NaN", "Infinity"
// and "-Infinity" that stand for what JSON cannot write.
func parseFloat32(t *testing.T, r json.RawMessage) float32 {
	t.Helper()
	switch s := string(r); s {
	case `"NaN"`:
		return float32(math.NaN())
	case `"Infinity"`:
		return float32(math.Inf(1))
	case `"-Infinity"`:
		return float32(math.Inf(-1))
	default:
		f, err := strconv.ParseFloat(s, 32)
		require.NoError(t, err)
		return float32(f)
	}
}

func (d goldenData) pixels(t *testing.T) pool.Pixels {
	t.Helper()
	var ints []int
	require.NoError(t, json.Unmarshal(d.Data, &ints))
	pix := make([]byte, len(ints))
	for i, v := range ints {
		require.True(t, v >= 0 && v <= 255, "byte %d out of range", v)
		pix[i] = byte(v)
	}
	return pool.Pixels{Pix: pix, Width: d.Width, Height: d.Height}
}

// goldenOptions are the JS options of a case in the Go API's terms.
type goldenOptions struct {
	pool.Options
	returnIndices bool
	outputSize    *pool.Size
}

// parseOptions reads the JS option names of DESIGN.md. An unknown key fails
// the test, so that the shared format cannot drift unnoticed.
func parseOptions(t *testing.T, raw map[string]json.RawMessage) goldenOptions {
	t.Helper()
	var o goldenOptions
	str := func(r json.RawMessage) string {
		var s string
		require.NoError(t, json.Unmarshal(r, &s))
		return s
	}
	pair := func(r json.RawMessage) pool.Size {
		var n int
		if json.Unmarshal(r, &n) == nil {
			return pool.Square(n)
		}
		var hw []int
		require.NoError(t, json.Unmarshal(r, &hw))
		require.Len(t, hw, 2)
		return pool.Size{H: hw[0], W: hw[1]}
	}
	flag := func(r json.RawMessage) bool {
		var b bool
		require.NoError(t, json.Unmarshal(r, &b))
		return b
	}
	var err error
	for k, v := range raw {
		switch k {
		case "op":
			o.Op, err = pool.ParseOp(str(v))
			require.NoError(t, err)
		case "kernel":
			o.Kernel = pair(v)
		case "stride":
			o.Stride = pair(v)
		case "dilation":
			o.Dilation = pair(v)
		case "padding":
			var s string
			if json.Unmarshal(v, &s) == nil {
				switch s {
				case "same":
					o.Same = true
				case "valid":
				default:
					t.Fatalf("padding %q", s)
				}
			} else {
				o.Padding = pair(v)
			}
		case "ceilMode":
			o.CeilMode = flag(v)
		case "countIncludePad":
			o.ExcludePad = !flag(v)
		case "p":
			require.NoError(t, json.Unmarshal(v, &o.P))
		case "returnIndices":
			o.returnIndices = flag(v)
		case "outputSize":
			s := pair(v)
			o.outputSize = &s
		case "alpha":
			o.Alpha, err = pool.ParseAlpha(str(v))
			require.NoError(t, err)
		case "colorSpace":
			o.ColorSpace, err = pool.ParseColorSpace(str(v))
			require.NoError(t, err)
		default:
			t.Fatalf("unknown option %q", k)
		}
	}
	return o
}

func loadGolden(t *testing.T) map[string][]goldenCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "no golden files: run tools/gen_golden.py")
	files := map[string][]goldenCase{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		var f goldenFile
		require.NoError(t, json.Unmarshal(b, &f), p)
		require.NotEmpty(t, f.Cases, p)
		files[filepath.Base(p)] = f.Cases
	}
	return files
}

func TestGolden(t *testing.T) {
	for file, cases := range loadGolden(t) {
		t.Run(file, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.Name, func(t *testing.T) { runGolden(t, c) })
			}
		})
	}
}

func runGolden(t *testing.T, c goldenCase) {
	o := parseOptions(t, c.Options)
	ulps := 0
	if c.Tolerance != nil {
		ulps = c.Tolerance.Ulps
	}
	switch c.Call {
	case "poolTensor":
		in := c.Input.tensor(t)
		var got pool.Tensor
		var idx []int32
		var err error
		if o.returnIndices {
			got, idx, err = pool.PoolIndices(in, o.Options)
		} else {
			got, err = pool.Pool(in, o.Options)
		}
		require.NoError(t, err)
		checkTensor(t, c.Output.tensor(t), got, ulps)
		checkIndices(t, c, idx, o.returnIndices)
		// The geometry Resolve reports is the one the kernels ran.
		r := len(in.Shape)
		g, err := o.Resolve(pool.Size{H: in.Shape[r-2], W: in.Shape[r-1]})
		require.NoError(t, err)
		assert.Equal(t, pool.Size{H: got.Shape[r-2], W: got.Shape[r-1]}, g.Out())
	case "adaptivePool":
		require.NotNil(t, o.outputSize)
		in := c.Input.tensor(t)
		var got pool.Tensor
		var idx []int32
		var err error
		if o.returnIndices {
			got, idx, err = pool.AdaptivePoolIndices(in, o.Op, *o.outputSize)
		} else {
			got, err = pool.AdaptivePool(in, o.Op, *o.outputSize)
		}
		require.NoError(t, err)
		checkTensor(t, c.Output.tensor(t), got, ulps)
		checkIndices(t, c, idx, o.returnIndices)
	case "globalPool":
		got, err := pool.GlobalPool(c.Input.tensor(t), o.Op)
		require.NoError(t, err)
		checkTensor(t, c.Output.tensor(t), got, ulps)
	case "unpool":
		in := c.Input.tensor(t)
		r := len(in.Shape)
		size := o.outputSize
		if size == nil {
			s, err := pool.UnpoolSize(pool.Size{H: in.Shape[r-2], W: in.Shape[r-1]}, o.Options)
			require.NoError(t, err)
			size = &s
		}
		got, err := pool.MaxUnpool(in, c.Indices, *size)
		require.NoError(t, err)
		checkTensor(t, c.Output.tensor(t), got, 0)
	case "pool":
		src := c.Input.pixels(t)
		want := c.Output.pixels(t)
		got, err := pool.PoolPixels(nil, src, o.Options)
		require.NoError(t, err)
		assert.Equal(t, [2]int{want.Width, want.Height}, [2]int{got.Width, got.Height}, "width, height")
		if !bytes.Equal(want.Pix, got.Pix) {
			t.Errorf("pixels differ:\n%s", diffBytes(want.Pix, got.Pix))
		}
	default:
		t.Fatalf("unknown call %q", c.Call)
	}
}

func checkIndices(t *testing.T, c goldenCase, got []int32, asked bool) {
	t.Helper()
	if !asked {
		return
	}
	require.NotNil(t, c.Indices, "case asks for indices but holds none")
	require.Len(t, got, len(c.Indices))
	bad := 0
	for i := range got {
		if got[i] != c.Indices[i] {
			if bad < 5 {
				t.Errorf("index %d: want %d, got %d", i, c.Indices[i], got[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d indices differ", bad, len(got))
	}
}

// checkTensor compares shapes exactly and values to within ulps units in the
// last place; 0 asks for the same bits, signed zeros included. Any NaN
// matches any NaN: JSON keeps no payload.
func checkTensor(t *testing.T, want, got pool.Tensor, ulps int) {
	t.Helper()
	require.Equal(t, want.Shape, got.Shape, "shape")
	require.Len(t, got.Data, len(want.Data))
	bad, worst := 0, int64(0)
	for i, w := range want.Data {
		g := got.Data[i]
		if w != w && g != g {
			continue
		}
		d := ulpDistance(w, g)
		if w != w || g != g {
			d = math.MaxInt64
		}
		if d > int64(ulps) {
			if bad < 5 {
				t.Errorf("data[%d]: want %v (%#08x), got %v (%#08x): %d ulps",
					i, w, math.Float32bits(w), g, math.Float32bits(g), d)
			}
			bad++
			worst = max(worst, d)
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d values beyond %d ulps (worst %d)", bad, len(want.Data), ulps, worst)
	}
}

// ulpDistance counts the float32 values between a and b: 0 only for the same
// bits, so -0 and +0 are one apart.
func ulpDistance(a, b float32) int64 {
	d := ordinal(a) - ordinal(b)
	if d < 0 {
		return -d
	}
	return d
}

func ordinal(f float32) int64 {
	b := int64(math.Float32bits(f))
	if b&(1<<31) != 0 {
		return -(b & (1<<31 - 1)) - 1
	}
	return b
}

func diffBytes(want, got []byte) string {
	if len(want) != len(got) {
		return fmt.Sprintf("length: want %d, got %d", len(want), len(got))
	}
	var b bytes.Buffer
	n := 0
	for i := range want {
		if want[i] != got[i] {
			if n < 8 {
				fmt.Fprintf(&b, "  byte %d (pixel %d, channel %d): want %d, got %d\n", i, i/4, i%4, want[i], got[i])
			}
			n++
		}
	}
	fmt.Fprintf(&b, "  %d of %d bytes differ", n, len(want))
	return b.String()
}
