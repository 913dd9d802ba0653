package pool

import (
	"math"
	"strconv"
)

// RoiSize returns d, an outputSize of one number per axis, as the Size
// region pooling takes: it is 2-D. Adapters that read outputSize as a list
// call it.
func RoiSize(d Dims) (Size, error) {
	if len(d) != 2 {
		return Size{}, &OptionError{Option: "outputSize", Value: d.String(), Rule: "must be a number or [height, width]; region pooling is 2-D"}
	}
	return Size{H: d[0], W: d[1]}, nil
}

// RoiOptions describes a region-of-interest pooling: torchvision's
// roi_align and roi_pool, ONNX's RoiAlign and MaxRoiPool.
type RoiOptions struct {
	// OutputSize is the output's height and width per region; required.
	OutputSize Size
	// SpatialScale maps the boxes' coordinates to the input's (a feature
	// map 1/16 of the picture's size takes 0.0625); zero means 1.
	SpatialScale float64
	// SamplingRatio is the number of sampling points per bin along each
	// axis (RoiAlign only); zero is adaptive: ceil(region size / output
	// size).
	SamplingRatio int
	// Aligned shifts the boxes by half a cell, torchvision's aligned=True
	// and ONNX's half_pixel; false is ONNX's output_half_pixel (RoiAlign
	// only).
	Aligned bool
	// Op is Avg (the zero value also means Avg) or Max, ONNX's max mode
	// (RoiAlign only).
	Op Op
}

// maxResultCells bounds the values a region pooling returns, and
// maxRoiSamples the sampling points one region reads per channel: sizes
// that come from a request must not allocate or loop without bound.
const (
	maxResultCells = 1 << 28
	maxRoiSamples  = 1 << 24
)

// RoiAlign pools every region of rois from t with bilinear sampling, as
// torchvision's roi_align (and ONNX's RoiAlign with Op Max). t is
// [N, C, H, W] (or [C, H, W], batch 0); rois is [R, 5], rows (batch index,
// x1, y1, x2, y2) in input coordinates before SpatialScale. The result is
// [R, C, h, w]. Each bin averages (or, with Max, takes the largest of) its
// sampling points, computed in float32 in torchvision's order.
func RoiAlign(t, rois Tensor, o RoiOptions) (Tensor, error) {
	r, err := resolveRoi(t, rois, o, true)
	if err != nil {
		return Tensor{}, err
	}
	out := r.result(o.OutputSize)
	ph, pw := o.OutputSize.H, o.OutputSize.W
	for n := range r.rois {
		box := rois.Data[5*n : 5*n+5]
		batch := int(box[0])
		offset := float32(0)
		if o.Aligned {
			offset = 0.5
		}
		startW, startH := float32(box[1]*r.scale)-offset, float32(box[2]*r.scale)-offset
		endW, endH := float32(box[3]*r.scale)-offset, float32(box[4]*r.scale)-offset
		roiW, roiH := endW-startW, endH-startH
		if !o.Aligned {
			roiW, roiH = stdMax(roiW, 1), stdMax(roiH, 1)
		}
		binH, binW := roiH/float32(ph), roiW/float32(pw)
		gridH, gridW := r.grid(roiH, ph), r.grid(roiW, pw)
		ys := roiSamples(startH, binH, ph, gridH, r.h)
		xs := roiSamples(startW, binW, pw, gridW, r.w)
		count := float32(max(gridH*gridW, 1))
		for c := range r.c {
			src := t.Data[(batch*r.c+c)*r.h*r.w : (batch*r.c+c+1)*r.h*r.w]
			dst := out.Data[(n*r.c+c)*ph*pw : (n*r.c+c+1)*ph*pw]
			for y := range ph {
				for x := range pw {
					var acc float32
					first := true
					for _, sy := range ys[y*gridH : (y+1)*gridH] {
						for _, sx := range xs[x*gridW : (x+1)*gridW] {
							var w1, w2, w3, w4 float32
							var p1, p2, p3, p4 int
							if !sy.empty && !sx.empty {
								w1, w2, w3, w4 = sy.hi*sx.hi, sy.hi*sx.lo, sy.lo*sx.hi, sy.lo*sx.lo
								p1, p2 = sy.low*r.w+sx.low, sy.low*r.w+sx.high
								p3, p4 = sy.high*r.w+sx.low, sy.high*r.w+sx.high
							}
							a, b := float32(w1*src[p1]), float32(w2*src[p2])
							cc, d := float32(w3*src[p3]), float32(w4*src[p4])
							if o.Op == Max {
								// ONNX's max mode: the largest weighted corner.
								v := stdMax(stdMax(stdMax(a, b), cc), d)
								if first {
									acc, first = v, false
								} else {
									acc = stdMax(acc, v)
								}
								continue
							}
							acc += a + b + cc + d
						}
					}
					if o.Op != Max {
						acc /= count
					}
					dst[y*pw+x] = acc
				}
			}
		}
	}
	return out, nil
}

// MaxRoiPool pools every region of rois from t by the max over each of its
// h x w bins of whole cells, as torchvision's roi_pool and ONNX's
// MaxRoiPool: box corners are scaled and rounded half away from zero, and an
// empty bin gives 0. t and rois are as for RoiAlign; only OutputSize and
// SpatialScale of o apply.
func MaxRoiPool(t, rois Tensor, o RoiOptions) (Tensor, error) {
	r, err := resolveRoi(t, rois, o, false)
	if err != nil {
		return Tensor{}, err
	}
	out := r.result(o.OutputSize)
	ph, pw := o.OutputSize.H, o.OutputSize.W
	round := func(v float32) int { return int(math.Round(float64(float32(v * r.scale)))) }
	for n := range r.rois {
		box := rois.Data[5*n : 5*n+5]
		batch := int(box[0])
		startW, startH, endW, endH := round(box[1]), round(box[2]), round(box[3]), round(box[4])
		roiW, roiH := max(endW-startW+1, 1), max(endH-startH+1, 1)
		binH, binW := float32(roiH)/float32(ph), float32(roiW)/float32(pw)
		for y := range ph {
			hs := clampInt(int(math.Floor(float64(float32(float32(y)*binH))))+startH, 0, r.h)
			he := clampInt(int(math.Ceil(float64(float32(float32(y+1)*binH))))+startH, 0, r.h)
			for x := range pw {
				ws := clampInt(int(math.Floor(float64(float32(float32(x)*binW))))+startW, 0, r.w)
				we := clampInt(int(math.Ceil(float64(float32(float32(x+1)*binW))))+startW, 0, r.w)
				empty := he <= hs || we <= ws
				for c := range r.c {
					src := t.Data[(batch*r.c+c)*r.h*r.w : (batch*r.c+c+1)*r.h*r.w]
					m := float32(-math.MaxFloat32)
					if empty {
						m = 0
					}
					for yy := hs; yy < he; yy++ {
						for _, v := range src[yy*r.w+ws : yy*r.w+we] {
							if v > m {
								m = v
							}
						}
					}
					out.Data[((n*r.c+c)*ph+y)*pw+x] = m
				}
			}
		}
	}
	return out, nil
}

// roi is a checked region pooling.
type roi struct {
	rois, c, h, w int
	scale         float32
	ratio         int
}

func (r *roi) result(out Size) Tensor {
	return Tensor{Shape: []int{r.rois, r.c, out.H, out.W}, Data: make([]float32, r.rois*r.c*out.H*out.W)}
}

// grid is the number of sampling points along an axis of a bin: the ratio,
// or adaptively ceil(size / bins), as torchvision computes it.
func (r *roi) grid(size float32, bins int) int {
	if r.ratio > 0 {
		return r.ratio
	}
	// A box whose end lies before its start (aligned) has no points.
	return max(int(math.Ceil(float64(size/float32(bins)))), 0)
}

// roiSample is one sampling coordinate along an axis: its two neighbouring
// cells and their bilinear weights, or empty when it lies outside the input
// by more than a cell (it then adds 0).
type roiSample struct {
	low, high int
	lo, hi    float32 // the weights of high and low: l and 1 - l
	empty     bool
}

// roiSamples returns the grid sampling coordinates of each of bins bins
// along an axis of n cells, with torchvision's float32 arithmetic:
// start + bin*size + (i + 0.5) * size / grid.
func roiSamples(start, size float32, bins, grid, n int) []roiSample {
	s := make([]roiSample, 0, bins*grid)
	for b := range bins {
		for i := range grid {
			v := start + float32(float32(b)*size) + float32(float32(float32(i)+0.5)*size)/float32(grid)
			if v < -1 || v > float32(n) {
				s = append(s, roiSample{empty: true})
				continue
			}
			if v <= 0 {
				v = 0 // +0, as torchvision assigns it, even for a -0
			}
			low := int(v)
			high := low + 1
			if low >= n-1 {
				low, high = n-1, n-1
				v = float32(low)
			}
			l := v - float32(low)
			s = append(s, roiSample{low: low, high: high, lo: l, hi: 1 - l})
		}
	}
	return s
}

func resolveRoi(t, rois Tensor, o RoiOptions, align bool) (*roi, error) {
	if len(t.Shape) != 3 && len(t.Shape) != 4 {
		return nil, &OptionError{Option: "shape", Value: shapeString(t.Shape), Rule: "must be [N, C, H, W] or [C, H, W] for region pooling"}
	}
	planes, in, err := t.split(2)
	if err != nil {
		return nil, err
	}
	batch := 1
	if len(t.Shape) == 4 {
		batch = t.Shape[0]
	}
	r := &roi{c: planes / batch, h: in[0], w: in[1], ratio: o.SamplingRatio}
	if len(rois.Shape) != 2 || rois.Shape[1] != 5 || rois.Shape[0] < 0 {
		return nil, &OptionError{Option: "rois", Value: "shape " + shapeString(rois.Shape), Rule: "must be [R, 5], rows (batch index, x1, y1, x2, y2)"}
	}
	r.rois = rois.Shape[0]
	if r.rois > maxResultCells || len(rois.Data) != 5*r.rois {
		return nil, &OptionError{Option: "rois", Value: "length " + strconv.Itoa(len(rois.Data)), Rule: "must match shape " + shapeString(rois.Shape)}
	}
	if o.OutputSize.H < 1 || o.OutputSize.W < 1 || o.OutputSize.H > MaxSide || o.OutputSize.W > MaxSide {
		return nil, &OptionError{Option: "outputSize", Value: o.OutputSize.String(), Rule: boundRule("each side", min(o.OutputSize.H, o.OutputSize.W), 1)}
	}
	bins := o.OutputSize.H * o.OutputSize.W
	if bins > maxResultCells || r.rois*r.c > maxResultCells/bins {
		return nil, &OptionError{Option: "outputSize", Value: o.OutputSize.String(),
			Rule: "gives " + strconv.Itoa(r.rois) + " regions x " + strconv.Itoa(r.c) + " channels x " + strconv.Itoa(bins) + " bins, over the limit of 2^28 values"}
	}
	scale := o.SpatialScale
	if scale == 0 {
		scale = 1
	}
	if err := CheckSpatialScale(scale); err != nil {
		return nil, err
	}
	r.scale = float32(scale)
	if align {
		if o.Op != 0 && o.Op != Avg && o.Op != Max {
			return nil, &OptionError{Option: "op", Value: strconv.Quote(o.Op.String()), Rule: `must be "avg" or "max" for roiAlign`}
		}
		if o.SamplingRatio < 0 || o.SamplingRatio > MaxSide {
			return nil, &OptionError{Option: "samplingRatio", Value: strconv.Itoa(o.SamplingRatio), Rule: "must be 0 (adaptive) or a positive integer up to " + strconv.Itoa(MaxSide)}
		}
	}
	var work float64
	for n := range r.rois {
		box := rois.Data[5*n : 5*n+5]
		b := box[0]
		if !(b >= 0 && b < float32(batch)) || b != float32(math.Trunc(float64(b))) {
			return nil, &OptionError{Option: "rois", Value: "batch index " + strconv.FormatFloat(float64(b), 'g', -1, 32) + " in row " + strconv.Itoa(n),
				Rule: "must be an integer in [0, " + strconv.Itoa(batch) + ")"}
		}
		for _, v := range box[1:] {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v*r.scale), 0) {
				return nil, &OptionError{Option: "rois", Value: "box " + strconv.Itoa(n), Rule: "coordinates must be finite numbers (after spatialScale)"}
			}
		}
		if !align {
			continue
		}
		// The points a region reads follow from its size when the ratio is
		// adaptive: bound them before any is allocated.
		hgt, wid := float64(box[4]-box[2])*float64(r.scale), float64(box[3]-box[1])*float64(r.scale)
		gh, gw := float64(r.ratio), float64(r.ratio)
		if r.ratio == 0 {
			gh, gw = math.Ceil(math.Max(hgt, 1)/float64(o.OutputSize.H))+1, math.Ceil(math.Max(wid, 1)/float64(o.OutputSize.W))+1
		}
		points := gh * gw * float64(bins)
		if points > maxRoiSamples {
			return nil, &OptionError{Option: "rois", Value: "box " + strconv.Itoa(n),
				Rule: "needs about " + strconv.FormatFloat(points, 'g', 3, 64) + " sampling points per channel, over the limit of 2^24; give a samplingRatio or a smaller box"}
		}
		work += points * float64(r.c)
	}
	if work > 1<<32 {
		return nil, &OptionError{Option: "rois", Value: strconv.Itoa(r.rois) + " boxes", Rule: "need over 2^32 sampling points in all"}
	}
	return r, nil
}

// stdMax is C++'s std::max(a, b) on floats, which the reference kernels
// use: b only when a < b, so a when either is a NaN.
func stdMax(a, b float32) float32 {
	if a < b {
		return b
	}
	return a
}

func clampInt(v, lo, hi int) int { return min(max(v, lo), hi) }

// CheckSpatialScale returns an error unless s, a region pooling's spatial
// scale, is positive and finite in float32, in which the regions are
// scaled. It is the one statement of that rule: an adapter given a scale
// explicitly calls it, since RoiOptions reads 0 as 1.
func CheckSpatialScale(s float64) *OptionError {
	if s > 0 && s <= math.MaxFloat32 {
		return nil
	}
	return &OptionError{Option: "spatialScale", Value: strconv.FormatFloat(s, 'g', -1, 64), Rule: "must be a positive finite number"}
}
