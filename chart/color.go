package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// rgb is a colour with 8-bit sRGB channels.
type rgb struct{ r, g, b float64 }

func (c rgb) String() string {
	ch := func(v float64) int { return int(math.Round(clamp(v, 0, 255))) }
	return fmt.Sprintf("#%02x%02x%02x", ch(c.r), ch(c.g), ch(c.b))
}

// hex reads "#rrggbb"; it is used on the package's own constants only.
func hex(s string) rgb {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return rgb{float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)}
}

func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// luminance is the WCAG relative luminance of c.
func luminance(c rgb) float64 {
	lin := func(v float64) float64 {
		v = clamp(math.Round(v), 0, 255) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.r) + 0.7152*lin(c.g) + 0.0722*lin(c.b)
}

// contrast is the WCAG contrast ratio of c against white.
func contrast(c rgb) float64 { return 1.05 / (luminance(c) + 0.05) }

// darkenTo darkens c until its contrast against white is at least min.
func darkenTo(c rgb, min float64) rgb {
	for i := 0; contrast(c) < min && i < 100; i++ {
		c = rgb{c.r * 0.97, c.g * 0.97, c.b * 0.97}
	}
	return c
}

// The ends and the middle of the Goldstein scale: red for conflict, grey
// for neutral, blue for cooperation (blue rather than green so that
// red–green colour blindness keeps the two ends apart).
var (
	goldsteinNeg  = hex("#b2182b")
	goldsteinZero = hex("#6f6f6f")
	goldsteinPos  = hex("#2166ac")
)

// GoldsteinColor returns the colour ("#rrggbb") of a Goldstein value on
// the diverging scale the charts use: red at −10, grey at 0, blue at +10,
// values outside clamped. Every colour of the scale has a contrast of at
// least 4.5:1 against white, so white text on it and it as text on white
// are both readable. NaN gives the grey of 0.
func GoldsteinColor(g float64) string {
	if !finite(g) {
		g = 0
	}
	g = clamp(g, -10, 10)
	var c rgb
	if g < 0 {
		c = mix(goldsteinZero, goldsteinNeg, -g/10)
	} else {
		c = mix(goldsteinZero, goldsteinPos, g/10)
	}
	return darkenTo(c, 4.5).String()
}

// Quad classes: names and bar colours (each at least 3:1 against white,
// as WCAG asks of graphics). Index 0 is quad class 1.
var (
	quadNames  = [4]string{"Verbal cooperation", "Material cooperation", "Verbal conflict", "Material conflict"}
	quadColors = [4]string{"#4f8fc9", "#1c4f8a", "#d2691e", "#a50f15"}
	quadOther  = "#8a8a8a" // roots the codebook gives no quad class
)

// shade returns the i-th of n shades of the colour base, from base itself
// towards white, used for the roots of one quad class.
func shade(base string, i, n int) string {
	if n <= 1 {
		return base
	}
	return mix(hex(base), rgb{255, 255, 255}, 0.5*float64(i)/float64(n-1)).String()
}

// seriesColors tell the sources of a trade chart apart; each has at least
// 3:1 contrast against white.
var seriesColors = []string{"#1c4f8a", "#d2691e", "#2e7d32", "#7b3fa0", "#8a6d00", "#a50f15", "#00798c", "#555555"}
