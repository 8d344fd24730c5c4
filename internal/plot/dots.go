package plot

import (
	"io"
	"math"
)

// Dot is a value with its interval (Lo = Hi = Value when there is none)
// in one series of a dot plot.
type Dot struct {
	Value, Lo, Hi float64
	Series        int    // which of the plot's series the dot is of
	Title         string // tooltip
}

// DotRow is one row of a dot plot: a label and its dots, one per series.
type DotRow struct {
	Label string
	Dots  []Dot
}

// Dots is a dot plot: one row per item, a dot at each value and a bar for
// its interval, optionally a reference line (the pooled score). Dots of
// several series in one row sit one above the other.
type Dots struct {
	Label      string
	XLabel     string
	XMin, XMax float64
	XTicks     []Tick
	Rows       []DotRow
	// Names of the series, for the legend; none for one series.
	Names []string
	// Ref draws a dashed vertical line at RefAt, named RefName.
	Ref     bool
	RefAt   float64
	RefName string
	Width   float64 // 0 is 720
}

// Write draws the plot as an svg element, which grows in height with the
// rows.
func (d Dots) Write(out io.Writer) error {
	w := &writer{w: out}
	width := d.Width
	if width == 0 {
		width = 720
	}
	labelW := 60.0
	for _, r := range d.Rows {
		labelW = math.Max(labelW, 12+charW*float64(len([]rune(r.Label))))
	}
	labelW = math.Min(labelW, width*0.35)
	per := 1
	for _, r := range d.Rows {
		per = max(per, len(r.Dots))
	}
	rowH := 10.0 + 8*float64(per)
	const top, right = 14.0, 16.0
	legendH := 0.0
	if len(d.Names) > 1 || d.Ref {
		legendH = 24
	}
	ph := rowH * float64(len(d.Rows))
	height := top + ph + 40 + legendH
	left := labelW
	pw := width - left - right
	x := func(v float64) float64 {
		v = math.Max(d.XMin, math.Min(d.XMax, v))
		return left + (v-d.XMin)/(d.XMax-d.XMin)*pw
	}
	open(w, width, height, d.Label)
	for i := range d.Rows {
		if i%2 == 1 {
			w.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#f6f8fa\"/>", num(left), num(top+rowH*float64(i)), num(pw), num(rowH))
		}
	}
	for _, t := range d.XTicks {
		w.printf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#d0d7de\"/>", num(x(t.At)), num(top), num(x(t.At)), num(top+ph))
		w.printf("<text x=\"%s\" y=\"%s\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">%s</text>\n", num(x(t.At)), num(top+ph+15), esc(t.Label))
	}
	w.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#8c959f\"/>\n", num(left), num(top), num(pw), num(ph))
	if d.Ref {
		w.printf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#24292f\" stroke-dasharray=\"4 3\"/>\n", num(x(d.RefAt)), num(top), num(x(d.RefAt)), num(top+ph))
	}
	for i, r := range d.Rows {
		mid := top + rowH*(float64(i)+0.5)
		w.printf("<text x=\"%s\" y=\"%s\" font-size=\"11\" text-anchor=\"end\">%s</text>\n", num(left-6), num(mid+4), esc(clip(r.Label, int((labelW-12)/charW))))
		for k, dot := range r.Dots {
			cy := mid + 8*(float64(k)-float64(len(r.Dots)-1)/2)
			c := Colour(dot.Series)
			if dot.Hi > dot.Lo {
				w.printf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>", num(x(dot.Lo)), num(cy), num(x(dot.Hi)), num(cy), c)
			}
			marker(w, dot.Series, x(dot.Value), cy, 3.5, c, dot.Title)
		}
	}
	w.printf("<text x=\"%s\" y=\"%s\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n", num(left+pw/2), num(top+ph+33), esc(d.XLabel))
	if legendH > 0 {
		lx, ly := left, top+ph+54
		if len(d.Names) > 1 {
			for k, n := range d.Names {
				marker(w, k, lx+5, ly, 4, Colour(k), "")
				w.printf("<text x=\"%s\" y=\"%s\" font-size=\"12\">%s</text>\n", num(lx+14), num(ly+4), esc(n))
				lx += 30 + 6.5*float64(len([]rune(n)))
			}
		}
		if d.Ref {
			w.printf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#24292f\" stroke-dasharray=\"4 3\"/>", num(lx), num(ly), num(lx+20), num(ly))
			w.printf("<text x=\"%s\" y=\"%s\" font-size=\"12\">%s</text>\n", num(lx+26), num(ly+4), esc(d.RefName))
		}
	}
	w.printf("</svg>\n")
	return w.err
}

// charW is about how wide a character of 11 px text is, in px: enough
// for digits and lower case, which labels mostly are.
const charW = 6.8

// clip shortens s to at most n runes, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if n < 2 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
