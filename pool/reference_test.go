package pool_test

import (
	"math"

	"github.com/poolkit/poolkit/pool"
)

// A second implementation of pooling, written from the definitions and kept
// naive on purpose: it slides every window, lists the cells it reads one tap
// at a time and reduces them. It shares nothing with the engine but the
// Options type, so that the property and fuzz tests can hold any input and
// any options against it, fast paths included.

// refWindow is one window along one axis.
type refWindow struct {
	cells   []int // the input cells read, in order
	counted int   // the taps inside the input or its padding (count_include_pad's divisor)
}

// refAxis returns the windows along one axis, or ok = false when the options
// are invalid there or a window covers no input cell.
func refAxis(in, k, s, pad, d int, ceil, same bool) (wins []refWindow, ok bool) {
	if in < 1 || k < 1 || s < 1 || d < 1 || pad < 0 {
		return nil, false
	}
	eff := (k-1)*d + 1
	var out, before, after int
	if same {
		if pad != 0 || ceil {
			return nil, false
		}
		out = (in + s - 1) / s
		total := max(0, (out-1)*s+eff-in)
		before, after = total/2, total-total/2
	} else {
		if pad > eff/2 {
			return nil, false
		}
		span := in + 2*pad - eff
		if span < 0 {
			return nil, false
		}
		if ceil {
			out = (span+s-1)/s + 1
			if (out-1)*s-pad >= in { // a last window starting in the right padding is dropped
				out--
			}
		} else {
			out = span/s + 1
		}
		before, after = pad, pad
	}
	for o := range out {
		var w refWindow
		for i := range k {
			tap := o*s - before + i*d
			if tap >= 0 && tap < in {
				w.cells = append(w.cells, tap)
			}
			if tap >= -before && tap < in+after {
				w.counted++
			}
		}
		if len(w.cells) == 0 {
			return nil, false
		}
		wins = append(wins, w)
	}
	return wins, true
}

// refGeometry resolves o on an h x w plane with refAxis, after the engine's
// defaults (stride = kernel, dilation 1, p 2) and its option rules.
func refGeometry(o pool.Options, h, w int) (rows, cols []refWindow, o2 pool.Options, ok bool) {
	if o.Op < pool.Max || o.Op > pool.Lp {
		return nil, nil, o, false
	}
	if o.Stride == (pool.Size{}) {
		o.Stride = o.Kernel
	}
	if o.Dilation == (pool.Size{}) {
		o.Dilation = pool.Square(1)
	}
	if o.P == 0 {
		o.P = 2
	}
	if o.Op == pool.Lp && (!(o.P > 0) || math.IsInf(o.P, 0)) {
		return nil, nil, o, false
	}
	// Sides are checked before windows: the engine validates every option
	// before it looks at the input.
	if o.Kernel.H < 1 || o.Kernel.W < 1 || o.Stride.H < 1 || o.Stride.W < 1 || o.Dilation.H < 1 || o.Dilation.W < 1 {
		return nil, nil, o, false
	}
	rows, okH := refAxis(h, o.Kernel.H, o.Stride.H, o.Padding.H, o.Dilation.H, o.CeilMode, o.Same)
	cols, okW := refAxis(w, o.Kernel.W, o.Stride.W, o.Padding.W, o.Dilation.W, o.CeilMode, o.Same)
	return rows, cols, o, okH && okW
}

func refDivisor(w refWindow, o pool.Options) int {
	if o.Same || o.ExcludePad {
		return len(w.cells)
	}
	return w.counted
}

// refPlane pools one h x w plane.
func refPlane(src []float32, w int, rows, cols []refWindow, o pool.Options) (out []float32, idx []int32) {
	for _, wy := range rows {
		for _, wx := range cols {
			switch o.Op {
			case pool.Max, pool.Min:
				m, at := float32(math.NaN()), int32(-1)
				for _, y := range wy.cells {
					for _, x := range wx.cells {
						v := src[y*w+x]
						// As PyTorch: a NaN wins, and a later NaN wins over an earlier one.
						if at < 0 || v != v || (o.Op == pool.Max && v > m) || (o.Op == pool.Min && v < m) {
							m, at = v, int32(y*w+x)
						}
					}
				}
				out, idx = append(out, m), append(idx, at)
			case pool.Avg:
				var sum float32
				for _, y := range wy.cells {
					for _, x := range wx.cells {
						sum += src[y*w+x]
					}
				}
				out = append(out, sum/float32(refDivisor(wy, o)*refDivisor(wx, o)))
			case pool.Lp:
				var sum float64
				for _, y := range wy.cells {
					for _, x := range wx.cells {
						sum += math.Pow(math.Abs(float64(src[y*w+x])), o.P)
					}
				}
				out = append(out, float32(math.Pow(sum, 1/o.P)))
			}
		}
	}
	return out, idx
}

// refTensor pools t, or returns ok = false where the engine must refuse.
func refTensor(t pool.Tensor, o pool.Options) (out pool.Tensor, idx []int32, ok bool) {
	r := len(t.Shape)
	if r < 2 || r > 4 {
		return pool.Tensor{}, nil, false
	}
	n := 1
	for _, d := range t.Shape {
		if d < 1 {
			return pool.Tensor{}, nil, false
		}
		n *= d
	}
	if n != len(t.Data) || o.Alpha != pool.Straight || o.ColorSpace != pool.SRGB {
		return pool.Tensor{}, nil, false
	}
	h, w := t.Shape[r-2], t.Shape[r-1]
	rows, cols, o, ok := refGeometry(o, h, w)
	if !ok {
		return pool.Tensor{}, nil, false
	}
	out.Shape = append(append([]int(nil), t.Shape[:r-2]...), len(rows), len(cols))
	for p := 0; p < n; p += h * w {
		v, i := refPlane(t.Data[p:p+h*w], w, rows, cols, o)
		out.Data = append(out.Data, v...)
		idx = append(idx, i...)
	}
	return out, idx, true
}

func refDecode(b byte) float64 {
	u := float64(b) / 255
	if u <= 0.04045 {
		return u / 12.92
	}
	return math.Pow((u+0.055)/1.055, 2.4)
}

// refEncode encodes linear light to a byte, and says whether the value was
// too close to a rounding tie for two float64 computations to agree on it.
func refEncode(l float64) (b byte, nearTie bool) {
	v := 12.92 * l
	if l > 0.0031308 {
		v = 1.055*math.Pow(l, 1/2.4) - 0.055
	}
	v *= 255
	return byte(min(255, max(0, math.RoundToEven(v)))), math.Abs(v-math.Floor(v)-0.5) < 1e-6
}

// refPixels pools p channel by channel from the definitions of PoolPixels.
// ok = false where the engine must refuse; nearTie where a linear-light
// colour lies too close to a rounding tie to compare.
func refPixels(p pool.Pixels, o pool.Options) (out pool.Pixels, ok, nearTie bool) {
	if p.Width < 1 || p.Height < 1 || len(p.Pix) != 4*p.Width*p.Height {
		return pool.Pixels{}, false, false
	}
	if (o.Alpha == pool.Premultiplied && o.Op != pool.Avg) || (o.ColorSpace == pool.Linear && o.Op == pool.Lp) ||
		o.Alpha > pool.Premultiplied || o.ColorSpace > pool.Linear {
		return pool.Pixels{}, false, false
	}
	rows, cols, o, ok := refGeometry(o, p.Height, p.Width)
	if !ok {
		return pool.Pixels{}, false, false
	}
	out = pool.Pixels{Width: len(cols), Height: len(rows)}
	at := func(y, x, c int) byte { return p.Pix[4*(y*p.Width+x)+c] }
	for _, wy := range rows {
		for _, wx := range cols {
			div := float64(refDivisor(wy, o) * refDivisor(wx, o))
			var asum float64
			for _, y := range wy.cells {
				for _, x := range wx.cells {
					asum += float64(at(y, x, 3))
				}
			}
			for c := range 4 {
				var v byte
				switch o.Op {
				case pool.Max, pool.Min:
					v = at(wy.cells[0], wx.cells[0], c)
					for _, y := range wy.cells {
						for _, x := range wx.cells {
							if b := at(y, x, c); (o.Op == pool.Max) == (b > v) && b != v {
								v = b
							}
						}
					}
				case pool.Lp:
					var s float64
					for _, y := range wy.cells {
						for _, x := range wx.cells {
							s += math.Pow(float64(at(y, x, c)), o.P)
						}
					}
					r := math.Pow(s, 1/o.P)
					v = byte(min(255, math.RoundToEven(r)))
					nearTie = nearTie || math.Abs(r-math.Floor(r)-0.5) < 1e-9
				case pool.Avg:
					premul := o.Alpha == pool.Premultiplied && c < 3
					linear := o.ColorSpace == pool.Linear && c < 3
					var s float64
					for _, y := range wy.cells {
						for _, x := range wx.cells {
							b := at(y, x, c)
							e := float64(b)
							if linear {
								e = refDecode(b)
							}
							if premul {
								e *= float64(at(y, x, 3))
							}
							s += e
						}
					}
					d := div
					if premul {
						d = asum
					}
					switch {
					case premul && asum == 0:
						v = 0
					case linear:
						var tie bool
						v, tie = refEncode(s / d)
						nearTie = nearTie || tie
					default:
						v = byte(math.RoundToEven(s / d))
					}
				}
				out.Pix = append(out.Pix, v)
			}
		}
	}
	return out, true, nearTie
}
