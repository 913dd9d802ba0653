package pool

import "sync"

// scratch holds the buffers of one call of a picture kernel (the separable
// ones, the premultiplied and linear-light lanes, the block kernels); pooled
// so that repeated calls (a video, a wasm module serving a page) do not
// allocate.
type scratch struct {
	rows, suffix, run []byte
	ident             []byte
	ext               []uint32
	sums, acc         []uint32
	prefix            []uint32
	recip             []float64
	magics            []uint64 // magic(n) for alpha sums n (premul2x2.go)
	even, odd, pixel  []uint64
	products          []uint64 // a ring of rows of colour-times-alpha lanes
	pairs             []uint64
	quotients         []byte // n/quotientsOf rounded half to even, for every byte sum n
	quotientsOf       int
	divs              []uint32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// quotientTable returns, for every sum n of a window of d bytes, n/d rounded
// half to even: most windows are whole and share that divisor, and a lookup
// replaces their divisions. It holds at least 2^16 entries, so that a uint16
// index needs no bounds check, and is kept from call to call.
func (s *scratch) quotientTable(d int) []byte {
	if s.quotientsOf != d {
		s.quotients = grow(s.quotients, max(255*d+1, 1<<16))
		for n := range 255*d + 1 {
			s.quotients[n] = byte(divRoundEven(uint64(n), uint64(d)))
		}
		s.quotientsOf = d
	}
	return s.quotients
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
