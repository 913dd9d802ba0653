package pool

// Max, min and the plain average are separable: a window's result is the
// result over its rows of the results over its columns. The separable kernels
// pool along one axis, then the other, at a cost per pixel that does not
// depend on the window's size: van Herk/Gil-Werman for max and min (columns
// first, on whole rows), prefix and running sums for the average (rows
// first). They handle every stride, padding, SAME and ceil mode, with
// dilation 1.

// separable reports whether the separable kernel handles g and o.
func separable(g *Geometry, o Options) bool {
	if g.H.Dilation != 1 || g.W.Dilation != 1 {
		return false
	}
	return o.Op == Max || o.Op == Min || (o.Op == Avg && o.Alpha == Straight && o.ColorSpace == SRGB)
}

// vhgwPays reports whether van Herk/Gil-Werman (three comparisons per cell)
// beats comparing each window's cells directly (kernel/stride per cell).
func vhgwPays(kernel, stride int) bool { return kernel > 3*stride }
