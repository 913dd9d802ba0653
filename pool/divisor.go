package pool

import (
	"math"
	"strconv"
)

// Divisor override: PyTorch's AvgPool2d/3d divisor_override. Every window's
// sum is divided by one fixed number instead of the cells it counts. The
// general kernels below do it, so the fast paths, which assume the counted
// divisors, never see an override: sums in PyTorch's order stay exact.

// checkDivisorOverride checks the override of the option forms, where 0
// means none.
func checkDivisorOverride(op Op, n int) error {
	if n == 0 {
		return nil
	}
	if err := CheckDivisorOverride(op, n); err != nil {
		return err
	}
	return nil
}

// CheckDivisorOverride returns an error unless n, a divisor override an
// adapter was given explicitly, is one pool takes with op: an integer from
// 1 to MaxSide, with Avg. It is the one statement of the override's rule;
// an explicit 0, which the option forms read as none, is an error here.
func CheckDivisorOverride(op Op, n int) *OptionError {
	if n < 1 || n > MaxSide {
		return &OptionError{Option: "divisorOverride", Value: strconv.Itoa(n), Rule: "must be an integer between 1 and " + strconv.Itoa(MaxSide)}
	}
	if op != Avg {
		return &OptionError{Option: "divisorOverride", Value: strconv.Itoa(n), Rule: `applies to op "avg" only, not "` + op.String() + `"`}
	}
	return nil
}

// avgOverride averages every plane of src into dst, each window's float32
// sum (in row-major order, PyTorch's) divided by n.
func avgOverride(dst, src []float32, planes int, g *NDGeometry, n int) {
	c := newCellLists(g)
	inCells, outCells := g.inCells(), len(dst)/max(planes, 1)
	div := float32(n)
	for p := range planes {
		in := src[p*inCells : (p+1)*inCells]
		out := dst[p*outCells : (p+1)*outCells]
		k := 0
		for _, cz := range c.cells[0] {
			for _, cy := range c.cells[1] {
				for _, cx := range c.cells[2] {
					var sum float32
					for _, oz := range cz {
						for _, oy := range cy {
							row := in[oz+oy:]
							for _, ox := range cx {
								sum += row[ox]
							}
						}
					}
					out[k] = sum / div
					k++
				}
			}
		}
	}
}

// inCells returns the cells of one input plane.
func (g *NDGeometry) inCells() int {
	n := 1
	for i := range g.Axes {
		n *= g.Axes[i].In
	}
	return n
}

// cellLists is a geometry of any rank as three axes (missing leading axes
// of one cell): for each axis and window, the flat offsets of the window's
// cells along that axis, whose sums over the three axes are the cells a
// window reads. It serves the kernels whose plainness matters more than
// their speed (gradients, overrides, fractional windows) with loops free of
// calls: visiting a window is three ranges over short slices.
type cellLists struct {
	cells [3][][]int
	win   [3][]Window
}

func newCellLists(g *NDGeometry) cellLists {
	var c cellLists
	r := len(g.Axes)
	stride := 1
	for i := 2; i >= 0; i-- {
		a := i - (3 - r)
		if a < 0 {
			c.cells[i], c.win[i] = [][]int{{0}}, []Window{{First: 0, Count: 1, Divisor: 1}}
			continue
		}
		ax := &g.Axes[a]
		c.win[i] = ax.Windows
		c.cells[i] = make([][]int, len(ax.Windows))
		for j, w := range ax.Windows {
			offs := make([]int, w.Count)
			for t := range offs {
				offs[t] = (w.First + t*ax.Dilation) * stride
			}
			c.cells[i][j] = offs
		}
		stride *= ax.In
	}
	return c
}

// avgPixelsOverride is the picture average with a divisor override: each
// channel's byte sum over n, rounded half to even and clamped to 255. With
// premultiplied alpha the colours stay the alpha-weighted means (the
// divisor cancels out of them) and alpha is its sum over n; in linear light
// the colours are the linear sums over n, encoded back.
func (k *kernelPixels) avgPixelsOverride(dst []byte, from, to int) {
	n := uint64(k.o.DivisorOverride)
	premul, linear := k.o.Alpha == Premultiplied, k.o.ColorSpace == Linear
	clamp := func(v uint64) byte { return byte(min(v, 255)) }
	d := 0
	for _, wy := range k.g.H.Windows[from:to] {
		for _, wx := range k.g.W.Windows {
			var s [4]uint64  // byte sums, colours weighted by alpha when premul
			var l [3]float64 // linear-light sums, weighted when premul
			k.each(wy, wx, func(off int) {
				p := k.src[off : off+4 : off+4]
				a := uint64(p[3])
				s[3] += a
				for c := range 3 {
					switch {
					case linear && premul:
						l[c] += srgbToLinear[p[c]] * float64(a)
					case linear:
						l[c] += srgbToLinear[p[c]]
					case premul:
						s[c] += uint64(p[c]) * a
					default:
						s[c] += uint64(p[c])
					}
				}
			})
			o := dst[d : d+4 : d+4]
			for c := range 3 {
				switch {
				case premul && s[3] == 0:
					o[c] = 0
				case linear && premul:
					o[c] = encodeClamped(l[c] / float64(s[3]))
				case linear:
					o[c] = encodeClamped(l[c] / float64(n))
				case premul:
					o[c] = byte(divRoundEven(s[c], s[3]))
				default:
					o[c] = clamp(divRoundEven(s[c], n))
				}
			}
			o[3] = clamp(divRoundEven(s[3], n))
			d += 4
		}
	}
}

// encodeClamped is linearToSRGB for any linear value: a sum over a divisor
// smaller than the window may pass 1.
func encodeClamped(l float64) byte {
	if l >= 1 || math.IsInf(l, 1) {
		return 255
	}
	return linearToSRGB(l)
}
