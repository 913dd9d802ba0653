package pool

import (
	"math"
	"strconv"
)

// TensorPlan is a pooling of tensors of one shape, resolved once: the
// options are checked, the windows resolved and the kernel chosen, with its
// buffers, by NewTensorPlan, so that Run only pools. A layer of a network run
// over many inputs, or a wasm module called again and again with one shape,
// pays for that once. A TensorPlan is not safe for concurrent use: its kernel
// keeps its buffers from Run to Run.
type TensorPlan struct {
	in, out   []int
	planes    int
	inCells   int
	outCells  int
	override  int
	nd        NDGeometry
	opts      NDOptions
	means     func(dst, src []float32, cells int)
	kernel    planeKernel
	scratch   *tensorScratch
	withIndex bool
}

// NewTensorPlan resolves o for tensors of shape, with Pool's rules and
// errors.
func NewTensorPlan(o Spec, shape []int) (*TensorPlan, error) {
	p := &TensorPlan{}
	if err := p.init(o, append([]int(nil), shape...), elements(shape), false, new(tensorScratch)); err != nil {
		return nil, err
	}
	return p, nil
}

// elements is the number of values of a tensor of shape, or 0 when the
// shape is not one that splitShape accepts (which then reports why).
func elements(shape []int) int {
	n := 1
	for _, d := range shape {
		if d < 1 || n > math.MaxInt/d {
			return 0
		}
		n *= d
	}
	return n
}

// InShape returns the shape of the tensors p pools; the caller must not
// change it.
func (p *TensorPlan) InShape() []int { return p.in }

// OutShape returns the shape of p's results; the caller must not change it.
func (p *TensorPlan) OutShape() []int { return p.out }

// OutLen returns the number of values of p's results.
func (p *TensorPlan) OutLen() int { return p.planes * p.outCells }

// Run pools src, the values of a tensor of p's input shape, into
// dst[:p.OutLen()].
func (p *TensorPlan) Run(dst, src []float32) error {
	if n := p.planes * p.inCells; len(src) != n {
		return &OptionError{Option: "data", Value: "length " + strconv.Itoa(len(src)),
			Rule: "must match shape " + shapeString(p.in) + " (" + strconv.Itoa(n) + " elements)"}
	}
	if n := p.OutLen(); len(dst) < n {
		return &OptionError{Option: "out", Value: "length " + strconv.Itoa(len(dst)),
			Rule: "must be at least " + strconv.Itoa(n) + " for the result of shape " + shapeString(p.out)}
	}
	p.run(dst[:p.OutLen()], nil, src)
	return nil
}

// init resolves s for a tensor of shape whose data holds n values, its
// kernel taking its buffers from scratch; withIndices asks for a kernel
// that writes where each extreme was.
func (p *TensorPlan) init(s Spec, shape []int, n int, withIndices bool, scratch *tensorScratch) error {
	if s == nil {
		return &OptionError{Option: "op", Rule: "must be given: Pool takes an Options or an NDOptions"}
	}
	planes, nd, o, err := s.resolveTensor(shape, n)
	if err != nil {
		return err
	}
	inCells := Dims(shape[len(shape)-len(nd.Axes):]).cells()
	if withIndices && inCells > math.MaxInt32 {
		return &OptionError{Option: "shape", Value: shapeString(shape), Rule: "planes over 2^31 cells cannot return int32 indices"}
	}
	var outBuf [3]int
	outDims := nd.out(outBuf[:0])
	*p = TensorPlan{
		in: shape, out: Tensor{Shape: shape}.withSpatial(outDims), planes: planes, inCells: inCells,
		outCells: outDims.cells(), override: o.DivisorOverride, nd: nd, opts: o, scratch: scratch, withIndex: withIndices,
	}
	switch {
	case o.DivisorOverride != 0:
	case len(nd.Axes) == 3:
		p.kernel = volumeKernel(o.Op, o.p(), &p.nd)
	default:
		scratch.g = plane2D(&p.nd)
		if p.means = globalMeans(o.Op, &scratch.g, withIndices); p.means == nil {
			p.kernel = tensorPlaneKernel(o.Op, o.p(), &scratch.g, withIndices, scratch)
		}
	}
	return nil
}

// run pools every plane of src into dst and, for a plan with indices, idx.
func (p *TensorPlan) run(dst []float32, idx []int32, src []float32) {
	switch {
	case p.override != 0:
		avgOverride(dst, src, p.planes, &p.nd, p.override)
	case !p.withIndex && tensorLanes(dst, src, p.planes, &p.nd, &p.opts):
		// The lane kernels pooled the planes four to a vector.
	case p.means != nil:
		p.means(dst, src[:p.planes*p.inCells], p.inCells)
	default:
		for i := range p.planes {
			var di []int32
			if p.withIndex {
				di = idx[i*p.outCells : (i+1)*p.outCells]
			}
			p.kernel(dst[i*p.outCells:(i+1)*p.outCells], di, src[i*p.inCells:(i+1)*p.inCells])
		}
	}
}
