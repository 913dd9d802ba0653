package pool_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/poolkit/poolkit/internal/ulp"
	"github.com/poolkit/poolkit/pool"
)

// The fuzz targets hand the engine arbitrary options, sizes and data, valid
// or not. The naive reference decides which: where it finds every window a
// cell to read, the engine must produce exactly its windows and values;
// elsewhere the engine must return an *OptionError. Neither may panic, which
// in wasm would end the module for every later caller.

// fuzzOptions builds Options from raw fuzz values. Zero stride and dilation
// mean the defaults, as in the API; negative values must be refused.
func fuzzOptions(op uint8, kh, kw, sh, sw, ph, pw, dh, dw int8, flags uint8, p float64) pool.Options {
	return pool.Options{
		Op:         pool.Op(op % 6),
		Kernel:     pool.Size{H: int(kh), W: int(kw)},
		Stride:     pool.Size{H: int(sh), W: int(sw)},
		Padding:    pool.Size{H: int(ph), W: int(pw)},
		Dilation:   pool.Size{H: int(dh), W: int(dw)},
		Same:       flags&1 != 0,
		CeilMode:   flags&2 != 0,
		ExcludePad: flags&4 != 0,
		P:          p,
	}
}

func requireOptionError(t *testing.T, err error, o pool.Options) {
	t.Helper()
	var oe *pool.OptionError
	if !errors.As(err, &oe) {
		t.Fatalf("%+v: want an *OptionError, got %v (%T)", o, err, err)
	}
	if oe.Option == "" || oe.Rule == "" {
		t.Fatalf("%+v: error %q names no option or rule", o, err)
	}
}

func FuzzOptions(f *testing.F) {
	// op, kernel, stride, padding, dilation, flags (same, ceil, exclude-pad), p, h, w, planes, seed
	f.Add(uint8(1), int8(2), int8(2), int8(0), int8(0), int8(0), int8(0), int8(0), int8(0), uint8(0), 0.0, uint8(8), uint8(8), uint8(1), uint64(1))
	f.Add(uint8(2), int8(3), int8(3), int8(2), int8(2), int8(1), int8(1), int8(1), int8(1), uint8(2), 0.0, uint8(6), uint8(6), uint8(2), uint64(2))
	f.Add(uint8(2), int8(7), int8(4), int8(4), int8(3), int8(3), int8(2), int8(1), int8(1), uint8(6), 0.0, uint8(29), uint8(31), uint8(1), uint64(3))
	f.Add(uint8(3), int8(3), int8(2), int8(2), int8(1), int8(0), int8(0), int8(3), int8(2), uint8(1), 0.0, uint8(10), uint8(7), uint8(3), uint64(4))
	f.Add(uint8(4), int8(3), int8(3), int8(2), int8(2), int8(0), int8(0), int8(0), int8(0), uint8(2), 4.5, uint8(6), uint8(6), uint8(1), uint64(5))
	f.Add(uint8(4), int8(2), int8(2), int8(1), int8(1), int8(1), int8(0), int8(2), int8(1), uint8(0), -1.0, uint8(5), uint8(5), uint8(1), uint64(6))
	f.Add(uint8(1), int8(2), int8(2), int8(1), int8(1), int8(0), int8(0), int8(3), int8(3), uint8(1), 0.0, uint8(2), uint8(9), uint8(1), uint64(7))     // SAME window over padding only
	f.Add(uint8(1), int8(3), int8(3), int8(1), int8(1), int8(3), int8(3), int8(3), int8(3), uint8(0), 0.0, uint8(9), uint8(9), uint8(1), uint64(8))     // padding past PyTorch's rule
	f.Add(uint8(1), int8(0), int8(3), int8(0), int8(0), int8(0), int8(0), int8(0), int8(0), uint8(0), 0.0, uint8(4), uint8(4), uint8(1), uint64(9))     // kernel 0
	f.Add(uint8(2), int8(2), int8(2), int8(-1), int8(2), int8(-1), int8(0), int8(-3), int8(0), uint8(7), 0.0, uint8(0), uint8(4), uint8(1), uint64(10)) // everything wrong
	f.Add(uint8(0), int8(2), int8(2), int8(2), int8(2), int8(0), int8(0), int8(1), int8(1), uint8(0), 0.0, uint8(4), uint8(4), uint8(1), uint64(11))    // no op
	f.Add(uint8(2), int8(40), int8(1), int8(1), int8(1), int8(0), int8(0), int8(1), int8(1), uint8(0), 0.0, uint8(40), uint8(1), uint8(1), uint64(12))
	f.Fuzz(func(t *testing.T, op uint8, kh, kw, sh, sw, ph, pw, dh, dw int8, flags uint8, p float64, h, w, planes uint8, seed uint64) {
		o := fuzzOptions(op, kh, kw, sh, sw, ph, pw, dh, dw, flags, p)
		hh, ww, n := int(h%48), int(w%48), 1+int(planes%3)
		rng := rand.New(rand.NewPCG(seed, 0))
		x := pool.Tensor{Shape: []int{n, hh, ww}, Data: make([]float32, n*hh*ww)}
		for i := range x.Data {
			switch rng.IntN(16) {
			case 0:
				x.Data[i] = float32(rng.IntN(3)) // ties
			case 1:
				x.Data[i] = float32(math.Inf(1 - 2*rng.IntN(2)))
			default:
				x.Data[i] = float32(rng.NormFloat64() * 100)
			}
		}
		want, wantIdx, ok := refTensor(x, o)
		got, err := pool.Pool(x, o)
		if !ok {
			requireOptionError(t, err, o)
			return
		}
		if err != nil {
			t.Fatalf("%+v on %v: %v", o, x.Shape, err)
		}
		// The output holds exactly the windows the reference slid over.
		if !slices.Equal(want.Shape, got.Shape) || len(got.Data) != len(want.Data) {
			t.Fatalf("%+v on %v: shape %v (%d values), want %v", o, x.Shape, got.Shape, len(got.Data), want.Shape)
		}
		ulps := int64(0)
		if o.Op == pool.Lp {
			ulps = 1
		}
		for i := range want.Data {
			a, b := want.Data[i], got.Data[i]
			if (a != a) != (b != b) || (a == a && ulp.Distance(a, b) > ulps) {
				t.Fatalf("%+v on %v: value %d is %v, want %v", o, x.Shape, i, b, a)
			}
		}
		if o.Op == pool.Max || o.Op == pool.Min {
			_, idx, err := pool.PoolIndices(x, o)
			if err != nil || !slices.Equal(idx, wantIdx) {
				t.Fatalf("%+v on %v: indices %v (%v), want %v", o, x.Shape, idx, err, wantIdx)
			}
		} else if _, _, err := pool.PoolIndices(x, o); err == nil {
			t.Fatalf("indices for %v must be refused", o.Op)
		}
	})
}

func FuzzPixels(f *testing.F) {
	// op, kernel, stride, padding, dilation, flags (same, ceil, exclude-pad, premultiplied, linear), p, w, h, seed, band
	f.Add(uint8(2), int8(2), int8(2), int8(0), int8(0), int8(0), int8(0), int8(0), int8(0), uint8(0), 0.0, uint8(8), uint8(8), uint64(1), uint8(1))
	f.Add(uint8(2), int8(3), int8(3), int8(1), int8(1), int8(1), int8(1), int8(0), int8(0), uint8(8|16), 0.0, uint8(9), uint8(7), uint64(2), uint8(2))
	f.Add(uint8(2), int8(5), int8(3), int8(2), int8(3), int8(2), int8(1), int8(1), int8(1), uint8(2|16), 0.0, uint8(13), uint8(11), uint64(3), uint8(3))
	f.Add(uint8(1), int8(15), int8(15), int8(1), int8(1), int8(7), int8(7), int8(1), int8(1), uint8(0), 0.0, uint8(30), uint8(20), uint64(4), uint8(5))
	f.Add(uint8(3), int8(3), int8(3), int8(1), int8(1), int8(0), int8(0), int8(2), int8(2), uint8(1|16), 0.0, uint8(12), uint8(12), uint64(5), uint8(2))
	f.Add(uint8(4), int8(2), int8(3), int8(2), int8(1), int8(0), int8(0), int8(1), int8(1), uint8(2), 3.0, uint8(7), uint8(9), uint64(6), uint8(4))
	f.Add(uint8(1), int8(2), int8(2), int8(2), int8(2), int8(0), int8(0), int8(1), int8(1), uint8(8), 0.0, uint8(4), uint8(4), uint64(7), uint8(1))  // premultiplied max: refused
	f.Add(uint8(4), int8(2), int8(2), int8(2), int8(2), int8(0), int8(0), int8(1), int8(1), uint8(16), 0.0, uint8(4), uint8(4), uint64(8), uint8(1)) // linear lp: refused
	f.Add(uint8(2), int8(2), int8(2), int8(2), int8(2), int8(0), int8(0), int8(1), int8(1), uint8(4|8), 0.0, uint8(0), uint8(4), uint64(9), uint8(1))
	f.Fuzz(func(t *testing.T, op uint8, kh, kw, sh, sw, ph, pw, dh, dw int8, flags uint8, p float64, w, h uint8, seed uint64, band uint8) {
		o := fuzzOptions(op, kh, kw, sh, sw, ph, pw, dh, dw, flags, p)
		if flags&8 != 0 {
			o.Alpha = pool.Premultiplied
		}
		if flags&16 != 0 {
			o.ColorSpace = pool.Linear
		}
		ww, hh := int(w%48), int(h%48)
		rng := rand.New(rand.NewPCG(seed, 0))
		src := pool.Pixels{Pix: make([]byte, 4*ww*hh), Width: ww, Height: hh}
		for i := range src.Pix {
			src.Pix[i] = byte(rng.IntN(256))
			if i%4 == 3 && rng.IntN(3) == 0 {
				src.Pix[i] = 0
			}
		}
		want, ok, nearTie := refPixels(src, o)
		got, err := pool.PoolPixels(nil, src, o)
		if !ok {
			requireOptionError(t, err, o)
			return
		}
		if err != nil {
			t.Fatalf("%+v on %dx%d: %v", o, ww, hh, err)
		}
		if got.Width != want.Width || got.Height != want.Height || len(got.Pix) != 4*want.Width*want.Height {
			t.Fatalf("%+v on %dx%d: %dx%d (%d bytes), want %dx%d", o, ww, hh, got.Width, got.Height, len(got.Pix), want.Width, want.Height)
		}
		if !nearTie && string(got.Pix) != string(want.Pix) {
			t.Fatalf("%+v on %dx%d:\n%s", o, ww, hh, diffBytes(want.Pix, got.Pix))
		}
		// Two bands split at any row join into the whole.
		if got.Height > 1 {
			cut := 1 + int(band)%(got.Height-1)
			var joined []byte
			for _, r := range [][2]int{{0, cut}, {cut, got.Height}} {
				y0, y1, err := o.InputRows(pool.Size{H: hh, W: ww}, r[0], r[1])
				if err != nil {
					t.Fatal(err)
				}
				part, err := pool.PoolPixelRows(nil, pool.Pixels{Pix: src.Pix[4*ww*y0 : 4*ww*y1], Width: ww, Height: y1 - y0},
					o, pool.Rows{Height: hh, SrcY: y0, From: r[0], To: r[1]})
				if err != nil {
					t.Fatalf("rows %v: %v", r, err)
				}
				joined = append(joined, part.Pix...)
			}
			if string(joined) != string(got.Pix) {
				t.Fatalf("%+v on %dx%d: bands split at %d do not join:\n%s", o, ww, hh, cut, diffBytes(got.Pix, joined))
			}
		}
	})
}
