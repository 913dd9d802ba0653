package pool_test

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// Calls running at once, with options and sizes that alternate, give what
// the same calls give one at a time: the geometry a call reuses from the
// last one and the kernels' buffers kept between calls are never shared by
// two calls in a way that shows.
func TestConcurrentCalls(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 5))
	type call struct {
		run  func() (any, error)
		want any
	}
	var calls []call
	for i := range 6 {
		x := randomTensor(rng, 1, 3, 9+i, 12-i)
		o := pool.Options{Op: []pool.Op{pool.Max, pool.Avg, pool.Min}[i%3], Kernel: pool.Square(2 + i%2), Stride: pool.Square(1 + i%2), Padding: pool.Square(i % 2)}
		calls = append(calls, call{run: func() (any, error) { return pool.Pool(x, o) }})
		p := randomPicture(rng, 30+i, 20+2*i)
		po := pool.Options{Op: []pool.Op{pool.Max, pool.Avg}[i%2], Kernel: pool.Square(2 + i%3)}
		calls = append(calls, call{run: func() (any, error) { return pool.PoolPixels(nil, p, po) }})
	}
	for i := range calls {
		var err error
		calls[i].want, err = calls[i].run()
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(calls))
	for g := range 8 {
		wg.Go(func() {
			for r := range 20 {
				c := calls[(g+r)%len(calls)]
				got, err := c.run()
				if err != nil {
					errs <- err.Error()
				} else if !equalResult(got, c.want) {
					errs <- "a call's result differs from the same call run alone"
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func equalResult(a, b any) bool {
	switch a := a.(type) {
	case pool.Tensor:
		b := b.(pool.Tensor)
		if len(a.Data) != len(b.Data) {
			return false
		}
		for i := range a.Data {
			if a.Data[i] != b.Data[i] && (a.Data[i] == a.Data[i] || b.Data[i] == b.Data[i]) {
				return false
			}
		}
		return true
	case pool.Pixels:
		b := b.(pool.Pixels)
		return a.Width == b.Width && a.Height == b.Height && string(a.Pix) == string(b.Pix)
	}
	return false
}
