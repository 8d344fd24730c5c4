package plot

import (
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
)

// Palette is the Okabe–Ito palette (Okabe and Ito 2008, "Color Universal
// Design"), without its yellow, which is too pale on white: blue, orange,
// bluish green, reddish purple, sky blue, vermillion, black.
var Palette = [...]string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"}

// Colour returns the i-th colour of Palette, cycling.
func Colour(i int) string { return Palette[i%len(Palette)] }

// writer remembers the first error, so drawing code can write freely and
// check once.
type writer struct {
	w   io.Writer
	err error
}

func (w *writer) printf(format string, args ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.w, format, args...)
	}
}

// num formats a coordinate: one decimal, no trailing ".0", no "-0".
func num(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

// esc escapes text for SVG and HTML.
func esc(s string) string { return html.EscapeString(s) }

// open writes the start of an svg element that scales down with its
// container and is described for screen readers by label.
func open(w *writer, width, height float64, label string) {
	w.printf("<svg role=\"img\" aria-label=\"%s\" viewBox=\"0 0 %s %s\" width=\"%s\" height=\"%s\" style=\"max-width:100%%;height:auto\" font-family=\"system-ui,sans-serif\">\n",
		esc(label), num(width), num(height), num(width), num(height))
	w.printf("<title>%s</title>\n", esc(label))
}

// Tick is a labelled position on an axis.
type Tick struct {
	At    float64
	Label string
}

// NiceTicks returns about n ticks spanning [lo, hi] at round steps (1, 2
// or 5 times a power of ten), labelled with format.
func NiceTicks(lo, hi float64, n int, format func(float64) string) []Tick {
	if !(hi > lo) || n < 1 {
		return []Tick{{lo, format(lo)}}
	}
	raw := (hi - lo) / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := p
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	var out []Tick
	for v := math.Ceil(lo/step-1e-9) * step; v <= hi+step*1e-9; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, Tick{v, format(v)})
	}
	return out
}

// marker draws a point marker of shape k (circle, square, triangle,
// diamond, cycling) centred on (x, y).
func marker(w *writer, k int, x, y, r float64, colour, title string) {
	t := ""
	if title != "" {
		t = "<title>" + esc(title) + "</title>"
	}
	switch k % 4 {
	case 0:
		w.printf("<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\">%s</circle>\n", num(x), num(y), num(r), colour, t)
	case 1:
		w.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\">%s</rect>\n", num(x-r), num(y-r), num(2*r), num(2*r), colour, t)
	case 2:
		w.printf("<path d=\"M%s %sL%s %sL%s %sZ\" fill=\"%s\">%s</path>\n", num(x), num(y-1.2*r), num(x+1.1*r), num(y+0.9*r), num(x-1.1*r), num(y+0.9*r), colour, t)
	default:
		w.printf("<path d=\"M%s %sL%s %sL%s %sL%s %sZ\" fill=\"%s\">%s</path>\n", num(x), num(y-1.3*r), num(x+1.3*r), num(y), num(x), num(y+1.3*r), num(x-1.3*r), num(y), colour, t)
	}
}

// dashes is the stroke-dasharray of the k-th series: solid, then dashed,
// dotted, dash-dotted, so that lines differ without colour too.
func dashes(k int) string {
	switch k % 4 {
	case 1:
		return ` stroke-dasharray="6 3"`
	case 2:
		return ` stroke-dasharray="2 3"`
	case 3:
		return ` stroke-dasharray="8 3 2 3"`
	}
	return ""
}
