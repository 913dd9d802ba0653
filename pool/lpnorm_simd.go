//go:build goexperiment.simd && (amd64 || wasm)

package pool

// cbrt4 is cbrt32 of four sums, for the lane kernels, their steps side by
// side: four chains of dependent multiplications a processor overlaps, and
// one call for the four; in wasm about a third of Cbrt's time a root.
// (Two sums to a 128-bit vector ran slower in wasm: the sums go through
// memory to get in and out of the vectors.)
func cbrt4(o *[4]float32, s *[4]float64) {
	s0, s1, s2, s3 := s[0], s[1], s[2], s[3]
	r0, r1, r2, r3 := cbrtGuess(s0), cbrtGuess(s1), cbrtGuess(s2), cbrtGuess(s3)
	t0, t1, t2, t3 := s0*(1.0/3), s1*(1.0/3), s2*(1.0/3), s3*(1.0/3)
	for range 4 {
		r0, r1, r2, r3 = cbrtStep(r0, t0), cbrtStep(r1, t1), cbrtStep(r2, t2), cbrtStep(r3, t3)
	}
	a0, a1, a2, a3 := s0*(r0*r0), s1*(r1*r1), s2*(r2*r2), s3*(r3*r3)
	if cbrtSure(a0, s0) && cbrtSure(a1, s1) && cbrtSure(a2, s2) && cbrtSure(a3, s3) {
		o[0], o[1], o[2], o[3] = float32(a0), float32(a1), float32(a2), float32(a3)
		return
	}
	for c := range 4 {
		o[c] = cbrt32(s[c])
	}
}
