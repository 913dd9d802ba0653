// Command gobench times pool.PoolPixels natively on the cases and pictures of
// the cross-library benchmark (bench/run.js), which sends the plan as JSON on
// stdin and reads JSON results from stdout. It generates the same pictures as
// bench/cases.js and reports FNV-1a hashes of inputs and outputs, so the
// caller can prove that both sides pooled the same bytes to the same bytes.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/poolkit/poolkit/pool"
)

const seed = 0x9e3779b9

type benchCase struct {
	ID     string `json:"id"`
	Op     string `json:"op"`
	Kernel int    `json:"kernel"`
	Stride int    `json:"stride"`
	Same   bool   `json:"same"`
	Global bool   `json:"global"`
}

type plan struct {
	Sizes        []int          `json:"sizes"`
	Reps         map[string]int `json:"reps"`
	CellBudgetMs float64        `json:"cellBudgetMs"`
	Cases        []benchCase    `json:"cases"`
}

type result struct {
	Peer  string  `json:"peer"`
	Case  string  `json:"case"`
	Size  int     `json:"size"`
	Ms    float64 `json:"ms,omitempty"`
	N     int     `json:"n,omitempty"`
	Error string  `json:"error,omitempty"`
	// WarmOnly marks a call so slow that its warm-up was the one sample.
	WarmOnly bool `json:"warmOnly,omitempty"`
}

type report struct {
	Go      string            `json:"go"`
	Results []result          `json:"results"`
	Hashes  map[string]string `json:"hashes"`
}

func main() {
	var p plan
	if err := json.NewDecoder(os.Stdin).Decode(&p); err != nil {
		fmt.Fprintln(os.Stderr, "gobench: reading the plan:", err)
		os.Exit(2)
	}
	rep := report{Go: runtime.Version(), Hashes: map[string]string{}}
	for _, size := range p.Sizes {
		pics := map[string]pool.Pixels{"random": randomPicture(size, size), "gradient": gradientPicture(size, size)}
		for name, px := range pics {
			rep.Hashes["input/"+name+"/"+strconv.Itoa(size)] = hash(px.Pix)
		}
		// As in bench/cases.js: both pictures on the first size, the timed
		// random one last so that its first call is the warm-up.
		names := []string{"gradient", "random"}
		if size != p.Sizes[0] {
			names = names[1:]
		}
		reps := p.Reps[strconv.Itoa(size)]
		ms, n := measure(func() { _ = bytes.Clone(pics["random"].Pix) }, reps)
		rep.Results = append(rep.Results, result{Peer: "Go", Case: "slice", Size: size, Ms: ms, N: n})
		for _, c := range p.Cases {
			r := result{Peer: "Go", Case: c.ID, Size: size}
			o, err := options(c, size, size)
			var warm float64
			for _, name := range names {
				if err != nil {
					break
				}
				start := time.Now()
				var out pool.Pixels
				out, err = pool.PoolPixels(nil, pics[name], o)
				warm = float64(time.Since(start).Nanoseconds()) / 1e6
				if err == nil {
					rep.Hashes[c.ID+"/"+name+"/"+strconv.Itoa(size)] = hash(out.Pix)
				}
			}
			if err != nil {
				r.Error = err.Error()
				rep.Results = append(rep.Results, r)
				continue
			}
			if warm > p.CellBudgetMs {
				r.Ms, r.N, r.WarmOnly = warm, 1, true
			} else {
				r.Ms, r.N = measure(func() { _, _ = pool.PoolPixels(nil, pics["random"], o) }, max(1, min(reps, int(p.CellBudgetMs/max(warm, 1e-3)))))
			}
			rep.Results = append(rep.Results, r)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(rep); err != nil {
		fmt.Fprintln(os.Stderr, "gobench:", err)
		os.Exit(1)
	}
}

func options(c benchCase, w, h int) (pool.Options, error) {
	op, err := pool.ParseOp(c.Op)
	if err != nil {
		return pool.Options{}, err
	}
	if c.Global {
		return pool.Options{Op: op, Kernel: pool.Size{H: h, W: w}}, nil
	}
	return pool.Options{Op: op, Kernel: pool.Square(c.Kernel), Stride: pool.Square(c.Stride), Same: c.Same}, nil
}

// measure returns the median of n timed calls.
func measure(f func(), n int) (float64, int) {
	times := make([]float64, n)
	for i := range times {
		start := time.Now()
		f()
		times[i] = float64(time.Since(start).Nanoseconds()) / 1e6
	}
	slices.Sort(times)
	if n%2 == 1 {
		return times[n/2], n
	}
	return (times[n/2-1] + times[n/2]) / 2, n
}

func randomPicture(w, h int) pool.Pixels {
	pix := make([]byte, 4*w*h)
	x := uint32(seed)
	for i := 0; i < len(pix); i += 4 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		binary.LittleEndian.PutUint32(pix[i:], x)
	}
	return pool.Pixels{Pix: pix, Width: w, Height: h}
}

func gradientPicture(w, h int) pool.Pixels {
	pix := make([]byte, 4*w*h)
	i := 0
	for y := range h {
		for x := range w {
			pix[i] = byte(x * 255 / (w - 1))
			pix[i+1] = byte(y * 255 / (h - 1))
			pix[i+2] = byte((x + y) * 255 / (w + h - 2))
			pix[i+3] = byte(255 - y*128/h)
			i += 4
		}
	}
	return pool.Pixels{Pix: pix, Width: w, Height: h}
}

func hash(b []byte) string {
	h := fnv.New32a()
	h.Write(b)
	return fmt.Sprintf("%08x", h.Sum32())
}
