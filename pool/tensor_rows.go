package pool

import "unsafe"

// The horizontal passes of the max kernels for the common windows, in Go,
// where the vector passes do not run. See tensor_extreme.go for how they
// pick a winner.

// exactHPass returns the horizontal pass for windows k cells wide at stride
// s, or nil for the general ones.
func exactHPass(k, s int) hPass {
	switch {
	case k == 2 && s == 2:
		return hmax2s2
	case k == 3 && s == 2:
		return hmax3s2
	case k == 3 && s == 1:
		return hmax3s1
	case k == 5 && s == 1:
		return hmax5s1
	}
	return nil
}

// vmaxFolds is vmaxRows with windows of two and three rows written out.
func vmaxFolds(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
	if k != 2 && k != 3 {
		vmaxRows(dst, src, pitch, step, k, rows, cols)
		return
	}
	for r := range rows {
		src, dst := unsafe.Add(src, step*r), unsafe.Add(dst, 4*cols*r)
		a, b := src, unsafe.Add(src, pitch)
		if k == 2 {
			for x := range cols {
				setU32(dst, x, pick(wins(f32(a, x), f32(b, x)), u32(a, x), u32(b, x)))
			}
		} else {
			c := unsafe.Add(b, pitch) // not with two rows, where it may lie past the plane
			for x := range cols {
				setU32(dst, x, beat3(u32(a, x), u32(b, x), u32(c, x), f32(a, x), f32(b, x), f32(c, x)))
			}
		}
	}
}

// beat3 returns the bits of the max of three cells in order, given as bits
// a, b, c and values x, y, z.
func beat3(a, b, c uint32, x, y, z float32) uint32 {
	m := mask(wins(x, y)) // y won
	zx := mask(wins(x, z))
	zw := zx ^ (zx^mask(wins(y, z)))&m // z beats the winner of x and y
	w := a ^ (a^b)&m
	return w ^ (w^c)&zw
}

// pick returns b if c, else a.
func pick(c bool, a, b uint32) uint32 { return a ^ (a^b)&mask(c) }

// The horizontal passes read src (a padded row, or an input row whose
// windows all lie inside it) and write n outputs to dst. Each first touches
// its pointers outside the loop: a pointer proven non-nil there needs no nil
// check on each load from an offset of it.

func hmax2s2(dst, src unsafe.Pointer, n int) {
	_, _ = *(*uint32)(dst), *(*uint32)(src)
	o := 0
	for ; o+2 <= n; o += 2 {
		a, b, c, d := f32(src, 2*o), f32(src, 2*o+1), f32(src, 2*o+2), f32(src, 2*o+3)
		ua, ub, uc, ud := u32(src, 2*o), u32(src, 2*o+1), u32(src, 2*o+2), u32(src, 2*o+3)
		setU32(dst, o, ua^(ua^ub)&mask(wins(a, b)))
		setU32(dst, o+1, uc^(uc^ud)&mask(wins(c, d)))
	}
	if o < n {
		setU32(dst, o, pick(wins(f32(src, 2*o), f32(src, 2*o+1)), u32(src, 2*o), u32(src, 2*o+1)))
	}
}

func hmax3s2(dst, src unsafe.Pointer, n int) {
	_, _ = *(*uint32)(dst), *(*uint32)(src)
	for o := range n {
		// beat3, written out: the compiler would not inline it.
		x, y, z := f32(src, 2*o), f32(src, 2*o+1), f32(src, 2*o+2)
		a, b, c := u32(src, 2*o), u32(src, 2*o+1), u32(src, 2*o+2)
		m, zx := mask(wins(x, y)), mask(wins(x, z))
		zw := zx ^ (zx^mask(wins(y, z)))&m
		w := a ^ (a^b)&m
		setU32(dst, o, w^(w^c)&zw)
	}
}

// hmax3s1 makes two outputs from four cells a, b, c, d around the shared
// middle pair b, c.
func hmax3s1(dst, src unsafe.Pointer, n int) {
	_, _ = *(*uint32)(dst), *(*uint32)(src)
	o := 0
	for ; o+2 <= n; o += 2 {
		a, b, c, d := f32(src, o), f32(src, o+1), f32(src, o+2), f32(src, o+3)
		ua, ub, uc, ud := u32(src, o), u32(src, o+1), u32(src, o+2), u32(src, o+3)
		cb := mask(wins(b, c)) // the middle is c, else b
		mid := ub ^ (ub^uc)&cb
		ab := mask(wins(a, b))
		midA := ab ^ (ab^mask(wins(a, c)))&cb // the middle beats a
		bd := mask(wins(b, d))
		dMid := bd ^ (bd^mask(wins(c, d)))&cb // d beats the middle
		setU32(dst, o, ua^(ua^mid)&midA)
		setU32(dst, o+1, mid^(mid^ud)&dMid)
	}
	if o < n {
		setU32(dst, o, beat3(u32(src, o), u32(src, o+1), u32(src, o+2), f32(src, o), f32(src, o+1), f32(src, o+2)))
	}
}

// hmax5s1 makes two outputs from six cells a..f around the shared max of
// b, c, d, e.
func hmax5s1(dst, src unsafe.Pointer, n int) {
	_, _ = *(*uint32)(dst), *(*uint32)(src)
	o := 0
	for ; o+2 <= n; o += 2 {
		mid := beat(beat(beat(u32(src, o+1), u32(src, o+2)), u32(src, o+3)), u32(src, o+4))
		setU32(dst, o, beat(u32(src, o), mid))
		setU32(dst, o+1, beat(mid, u32(src, o+5)))
	}
	if o < n {
		setU32(dst, o, beat(beat(beat(beat(u32(src, o), u32(src, o+1)), u32(src, o+2)), u32(src, o+3)), u32(src, o+4)))
	}
}
