package pool

import "sync"

// scratchPool hands out the buffers of one family of kernels, kept from call
// to call so that repeated calls (a video, a wasm module serving a page) do
// not allocate. Each family declares its own scratch type beside its
// kernels, holding only the buffers they use.
type scratchPool[T any] struct{ pool sync.Pool }

func (p *scratchPool[T]) get() *T {
	if s, ok := p.pool.Get().(*T); ok {
		return s
	}
	return new(T)
}

func (p *scratchPool[T]) put(s *T) { p.pool.Put(s) }

// quotientCache is a table of n/d rounded half to even, for every sum n of a
// window of d bytes, which the average kernels' scratches embed.
type quotientCache struct {
	table []byte
	of    int // the d the table holds, 0 before the first call
}

// quotientTable returns the table for d: most windows are whole and share
// that divisor, and a lookup replaces their divisions. It holds at least
// 2^16 entries, so that a uint16 index needs no bounds check, and is kept
// from call to call.
func (q *quotientCache) quotientTable(d int) []byte {
	if q.of != d {
		q.table = grow(q.table, max(255*d+1, 1<<16))
		fillQuotients(q.table, uint64(d))
		q.of = d
	}
	return q.table
}

// fillQuotients sets t[n] to n/d rounded half to even for every sum n of
// a window of d bytes, 0 to 255*d.
func fillQuotients(t []byte, d uint64) {
	for n := range 255*d + 1 {
		t[n] = byte(divRoundEven(n, d))
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
