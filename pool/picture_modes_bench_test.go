package pool

import (
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// BenchmarkPixelModes times the picture options (premultiplied alpha, linear
// light, both) against the plain average of the same geometry, in one
// process: each turn runs the plain kernel and the option's kernel one after
// the other, so that both see the same machine, and the benchmark reports the
// median of their ratios (ratio) beside each one's median time, in CPU time
// (cpuClock).
func BenchmarkPixelModes(b *testing.B) {
	geometries := []struct {
		name string
		w, h int
		o    Options
	}{
		{"avg2x2s2", 2048, 2048, Options{Op: Avg, Kernel: Square(2)}},
		{"avg4x4s4", 2048, 2048, Options{Op: Avg, Kernel: Square(4)}},
		{"avg3x3s1same", 2048, 2048, Options{Op: Avg, Kernel: Square(3), Stride: Square(1), Same: true}},
	}
	modes := []struct {
		name string
		set  func(*Options)
	}{
		{"premultiplied", func(o *Options) { o.Alpha = Premultiplied }},
		{"linear", func(o *Options) { o.ColorSpace = Linear }},
		{"premultiplied-linear", func(o *Options) { o.Alpha, o.ColorSpace = Premultiplied, Linear }},
	}
	src := randomPixels(rand.New(rand.NewPCG(1, 1)), 2048, 2048)
	for _, c := range geometries {
		for _, m := range modes {
			plain := c.o.withDefaults()
			mode := c.o
			m.set(&mode)
			mode = mode.withDefaults()
			b.Run(c.name+"-"+m.name, func(b *testing.B) {
				g, err := plain.Resolve(Size{c.h, c.w})
				if err != nil {
					b.Fatal(err)
				}
				dst := make([]byte, 4*g.W.Out*g.H.Out)
				run := func(o Options) time.Duration {
					k := kernelPixels{src: src.Pix, stride: 4 * c.w, g: &g, o: o, vectors: vectorsRun}
					t := cpuClock()
					k.run(dst, 0, g.H.Out)
					return cpuClock() - t
				}
				var plains, modes, ratios []float64
				for b.Loop() {
					p, q := run(plain), run(mode)
					plains, modes = append(plains, float64(p)), append(modes, float64(q))
					ratios = append(ratios, float64(q)/float64(p))
				}
				b.ReportMetric(median(plains)/1e6, "ms-plain")
				b.ReportMetric(median(modes)/1e6, "ms-mode")
				b.ReportMetric(median(ratios), "ratio")
			})
		}
	}
}

// median returns the median of xs, which it sorts.
func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[len(xs)/2]
}
