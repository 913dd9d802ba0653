package pool_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/internal/ulp"
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

// goldenOptions are the JS options of a case in the Go API's terms: nd
// always (the rank-generic form), Options too when the case is 2-D and
// Options can say it (two is then true).
type goldenOptions struct {
	pool.Options
	two           bool
	nd            pool.NDOptions
	global        pool.Global
	returnIndices bool
	outputSize    pool.Dims
}

// parseOptions reads the JS option names (README.md, "Options"). An unknown key fails
// the test, so that the shared format cannot drift unnoticed.
func parseOptions(t *testing.T, raw map[string]json.RawMessage) goldenOptions {
	t.Helper()
	o := goldenOptions{two: true}
	str := func(r json.RawMessage) string {
		var s string
		require.NoError(t, json.Unmarshal(r, &s))
		return s
	}
	// list reads n or [a, b, ...]; a number stands for every axis.
	list := func(r json.RawMessage) (v []int, number bool) {
		var n int
		if json.Unmarshal(r, &n) == nil {
			return []int{n}, true
		}
		require.NoError(t, json.Unmarshal(r, &v))
		return v, false
	}
	flag := func(r json.RawMessage) bool {
		var b bool
		require.NoError(t, json.Unmarshal(r, &b))
		return b
	}
	rank := 2
	for _, key := range []string{"kernel", "outputSize"} {
		if r, ok := raw[key]; ok {
			if v, number := list(r); !number {
				rank = len(v)
			}
		}
	}
	if r, ok := raw["dims"]; ok {
		require.NoError(t, json.Unmarshal(r, &rank))
	}
	o.two = rank == 2
	perAxis := func(r json.RawMessage) []int {
		v, number := list(r)
		if number {
			return slices.Repeat(v, rank)
		}
		return v
	}
	size := func(v []int) pool.Size {
		if len(v) != 2 {
			return pool.Size{}
		}
		return pool.Size{H: v[0], W: v[1]}
	}
	var err error
	for k, v := range raw {
		switch k {
		case "op":
			o.Op, err = pool.ParseOp(str(v))
			require.NoError(t, err)
			o.nd.Op, o.global.Op = o.Op, o.Op
		case "kernel":
			o.nd.Kernel = perAxis(v)
			o.Kernel = size(o.nd.Kernel)
		case "stride":
			o.nd.Stride = perAxis(v)
			o.Stride = size(o.nd.Stride)
		case "dilation":
			o.nd.Dilation = perAxis(v)
			o.Dilation = size(o.nd.Dilation)
		case "padding":
			var s string
			if json.Unmarshal(v, &s) == nil {
				switch s {
				case "same", "same_upper":
					o.Same = true
					o.nd.AutoPad = pool.SameUpper
				case "same_lower":
					o.two = false
					o.nd.AutoPad = pool.SameLower
				case "valid":
				default:
					t.Fatalf("padding %q", s)
				}
			} else {
				o.nd.Padding = perAxis(v)
				if len(o.nd.Padding) == rank {
					o.Padding = size(o.nd.Padding)
				} else {
					o.two = false
				}
			}
		case "ceilMode":
			o.CeilMode = flag(v)
			o.nd.CeilMode = o.CeilMode
		case "countIncludePad":
			o.ExcludePad = !flag(v)
			o.nd.ExcludePad = o.ExcludePad
		case "p":
			require.NoError(t, json.Unmarshal(v, &o.P))
			o.nd.P, o.global.P = o.P, o.P
		case "dims":
			o.global.Dims = rank
		case "returnIndices":
			o.returnIndices = flag(v)
		case "outputSize":
			o.outputSize = perAxis(v)
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
	// Every tensor case runs through the rank-generic form, and the 2-D ones
	// through Options too.
	forms := func(nd, two any) []any {
		if o.two {
			return []any{nd, two}
		}
		return []any{nd}
	}
	switch c.Call {
	case "poolTensor":
		in := c.Input.tensor(t)
		for _, spec := range forms(o.nd, o.Options) {
			spec := spec.(pool.Spec)
			var got pool.Tensor
			var idx []int32
			var err error
			if o.returnIndices {
				got, idx, err = pool.PoolIndices(in, spec)
			} else {
				got, err = pool.Pool(in, spec)
			}
			require.NoError(t, err, "%T", spec)
			checkTensor(t, c.Output.tensor(t), got, ulps)
			checkIndices(t, c, idx, o.returnIndices)
			// The geometry Resolve reports is the one the kernels ran.
			r := len(o.nd.Kernel)
			g, err := o.nd.Resolve(pool.Dims(in.Shape[len(in.Shape)-r:]))
			require.NoError(t, err)
			assert.Equal(t, pool.Dims(got.Shape[len(got.Shape)-r:]), g.Out())
			if o.two {
				g, err := o.Resolve(pool.Size{H: in.Shape[len(in.Shape)-2], W: in.Shape[len(in.Shape)-1]})
				require.NoError(t, err)
				assert.Equal(t, pool.Size{H: got.Shape[len(got.Shape)-2], W: got.Shape[len(got.Shape)-1]}, g.Out())
			}
		}
	case "adaptivePool":
		require.NotNil(t, o.outputSize)
		in := c.Input.tensor(t)
		for _, size := range forms(o.outputSize, pool.Size{H: o.outputSize[0], W: o.outputSize[len(o.outputSize)-1]}) {
			size := size.(pool.Extent)
			var got pool.Tensor
			var idx []int32
			var err error
			if o.returnIndices {
				got, idx, err = pool.AdaptivePoolIndices(in, o.Op, size)
			} else {
				got, err = pool.AdaptivePool(in, o.Op, size)
			}
			require.NoError(t, err)
			checkTensor(t, c.Output.tensor(t), got, ulps)
			checkIndices(t, c, idx, o.returnIndices)
		}
	case "globalPool":
		g := pool.GlobalSpec(o.global)
		if o.global == (pool.Global{Op: o.Op}) {
			g = o.Op
		}
		got, err := pool.GlobalPool(c.Input.tensor(t), g)
		require.NoError(t, err)
		checkTensor(t, c.Output.tensor(t), got, ulps)
	case "unpool":
		in := c.Input.tensor(t)
		size := o.outputSize
		if size == nil {
			r := len(o.nd.Kernel)
			d, err := pool.UnpoolDims(pool.Dims(in.Shape[len(in.Shape)-r:]), o.nd)
			require.NoError(t, err)
			size = d
			if o.two {
				s, err := pool.UnpoolSize(pool.Size{H: in.Shape[len(in.Shape)-2], W: in.Shape[len(in.Shape)-1]}, o.Options)
				require.NoError(t, err)
				assert.Equal(t, pool.Dims{s.H, s.W}, d)
			}
		}
		got, err := pool.MaxUnpool(in, c.Indices, size)
		require.NoError(t, err)
		checkTensor(t, c.Output.tensor(t), got, 0)
	case "pool":
		require.True(t, o.two, "pictures are 2-D")
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
		d := ulp.Distance(w, g)
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
