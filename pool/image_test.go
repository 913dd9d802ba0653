package pool_test

import (
	"image"
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/poolkit/poolkit/pool"
)

// TestPixelsOf holds every conversion path to color.NRGBAModel, on pictures
// whose bounds do not start at (0, 0).
func TestPixelsOf(t *testing.T) {
	r := image.Rect(3, 5, 12, 11)
	fill := func(set func(x, y int, c color.Color)) {
		i := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				// Alpha runs through 0, partial values and 255.
				a := uint8([]int{0, 1, 77, 128, 254, 255}[i%6])
				v := uint8(i * 37)
				set(x, y, color.NRGBA64{uint16(v) * 257, uint16(255-v) * 251, uint16(v/2) * 263, uint16(a) * 257})
				i++
			}
		}
	}
	var pal color.Palette
	for i := range 200 {
		pal = append(pal, color.NRGBA{uint8(i), uint8(3 * i), uint8(255 - i), uint8(i * 5)})
	}
	ycc := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	for i := range ycc.Y {
		ycc.Y[i] = uint8(i * 13)
	}
	for i := range ycc.Cb {
		ycc.Cb[i], ycc.Cr[i] = uint8(i*29), uint8(255-i*7)
	}
	nycca := image.NewNYCbCrA(r, image.YCbCrSubsampleRatio444)
	for i := range nycca.Y {
		nycca.Y[i], nycca.Cb[i], nycca.Cr[i], nycca.A[i] = uint8(i*13), uint8(i*29), uint8(255-i*7), uint8(i*41)
	}
	images := map[string]image.Image{"YCbCr": ycc, "NYCbCrA": nycca}
	for name, m := range map[string]interface {
		image.Image
		Set(x, y int, c color.Color)
	}{
		"NRGBA":    image.NewNRGBA(r),
		"RGBA":     image.NewRGBA(r),
		"NRGBA64":  image.NewNRGBA64(r),
		"RGBA64":   image.NewRGBA64(r),
		"Gray":     image.NewGray(r),
		"Gray16":   image.NewGray16(r),
		"Alpha":    image.NewAlpha(r),
		"Alpha16":  image.NewAlpha16(r),
		"CMYK":     image.NewCMYK(r),
		"Paletted": image.NewPaletted(r, pal),
	} {
		fill(m.Set)
		images[name] = m
	}
	images["NRGBA sub-image"] = images["NRGBA"].(*image.NRGBA).SubImage(image.Rect(4, 6, 9, 10))
	images["uniform (generic path)"] = onlyAt{image.NewUniform(color.NRGBA{10, 20, 30, 40}), r}
	for name, m := range images {
		t.Run(name, func(t *testing.T) {
			b := m.Bounds()
			var want []byte
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
					want = append(want, c.R, c.G, c.B, c.A)
				}
			}
			px := pool.PixelsOf(m)
			assert.Equal(t, b.Dx(), px.Width)
			assert.Equal(t, b.Dy(), px.Height)
			assert.Equal(t, want, px.Pix)
		})
	}
}

// onlyAt hides every method but image.Image's, as a third-party image type
// might.
type onlyAt struct {
	u *image.Uniform
	r image.Rectangle
}

func (o onlyAt) ColorModel() color.Model { return o.u.ColorModel() }
func (o onlyAt) Bounds() image.Rectangle { return o.r }
func (o onlyAt) At(x, y int) color.Color { return o.u.At(x, y) }
