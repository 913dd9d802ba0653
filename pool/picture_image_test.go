package pool_test

import (
	"image"
	"image/color"
	"image/color/palette"
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
	images := map[string]image.Image{}
	// Every chroma subsampling, on bounds with odd and negative corners.
	for _, ratio := range []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	} {
		for _, rr := range []image.Rectangle{r, image.Rect(-3, -2, 6, 5)} {
			ycc := image.NewYCbCr(rr, ratio)
			for i := range ycc.Y {
				ycc.Y[i] = uint8(i * 13)
			}
			for i := range ycc.Cb {
				// Extreme chroma too, where the conversion clamps.
				ycc.Cb[i], ycc.Cr[i] = uint8(i*29), uint8(255-i*7)
			}
			name := "YCbCr " + ratio.String() + " " + rr.String()
			images[name] = ycc
			images[name+" sub-image"] = ycc.SubImage(image.Rect(rr.Min.X+1, rr.Min.Y+1, rr.Max.X-1, rr.Max.Y-2))
		}
	}
	nycca := image.NewNYCbCrA(r, image.YCbCrSubsampleRatio444)
	for i := range nycca.Y {
		nycca.Y[i], nycca.Cb[i], nycca.Cr[i], nycca.A[i] = uint8(i*13), uint8(i*29), uint8(255-i*7), uint8(i*41)
	}
	images["NYCbCrA"] = nycca
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
		// Rows that are not contiguous, starting at an odd column.
		images[name+" sub-image"] = m.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(image.Rect(4, 6, 9, 10))
	}
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

// BenchmarkPixelsOf converts a 2048x2048 picture of each type decoders
// return; bytes are those of the RGBA result.
func BenchmarkPixelsOf(b *testing.B) {
	r := image.Rect(0, 0, 2048, 2048)
	ycc := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	for i := range ycc.Y {
		ycc.Y[i] = uint8(i * 13)
	}
	for i := range ycc.Cb {
		ycc.Cb[i], ycc.Cr[i] = uint8(i*29), uint8(255-i*7)
	}
	rgba := image.NewRGBA(r)
	for i := range rgba.Pix {
		rgba.Pix[i] = uint8(i * 7)
	}
	cmyk := image.NewCMYK(r)
	copy(cmyk.Pix, rgba.Pix)
	gray := image.NewGray(r)
	copy(gray.Pix, ycc.Y)
	pal := image.NewPaletted(r, palette.Plan9)
	copy(pal.Pix, ycc.Y)
	for _, c := range []struct {
		name string
		m    image.Image
	}{{"YCbCr420", ycc}, {"RGBA", rgba}, {"CMYK", cmyk}, {"Gray", gray}, {"Paletted", pal}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(4 * 2048 * 2048)
			for b.Loop() {
				pool.PixelsOf(c.m)
			}
		})
	}
}
