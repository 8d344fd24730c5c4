package plot

import (
	"io"
	"math"
	"strings"
)

// Point is one value of a series, with its interval (Lo, Hi; equal to Y
// when there is none) and a tooltip.
type Point struct {
	X, Y, Lo, Hi float64
	Title        string
}

// Series is a line of points. A point whose X does not follow the one
// before by Step (when Step > 0) starts a new stretch of line: a gap in
// time is not drawn over.
type Series struct {
	Name   string
	Points []Point
	// Band shades the interval around the line.
	Band bool
}

// Lines is a line chart of one or more series, with interval bands.
type Lines struct {
	Label          string // what it shows, for the title and screen readers
	XLabel, YLabel string
	XTicks, YTicks []Tick
	XMin, XMax     float64
	YMin, YMax     float64
	Step           float64 // X distance between consecutive points; 0: always joined
	Series         []Series
	// Zero draws a rule at Y = 0 (net stance).
	Zero bool
	// Width is the drawing's width in px before it scales; 0 is 720.
	Width float64
	// Marker is the radius of a point's marker; 0 is 3.5. Smaller suits
	// hundreds of points.
	Marker float64
}

// Write draws the chart as an svg element.
func (c Lines) Write(out io.Writer) error {
	w := &writer{w: out}
	width := c.Width
	if width == 0 {
		width = 720
	}
	legendW := 0.0
	for _, s := range c.Series {
		legendW = math.Max(legendW, 40+6.5*float64(len([]rune(s.Name))))
		if s.Band {
			legendW = math.Max(legendW, 40+6.5*float64(len("95% interval")))
		}
	}
	if len(c.Series) < 2 && (len(c.Series) == 0 || !c.Series[0].Band) {
		legendW = 0
	}
	legendW = math.Min(legendW, 220)
	const top, bottom, left, right = 16.0, 46.0, 58.0, 16.0
	height := 300.0
	pw, ph := width-left-right-legendW, height-top-bottom
	x := func(v float64) float64 {
		if c.XMax == c.XMin {
			return left + pw/2
		}
		return left + (v-c.XMin)/(c.XMax-c.XMin)*pw
	}
	y := func(v float64) float64 {
		v = math.Max(c.YMin, math.Min(c.YMax, v))
		return top + (c.YMax-v)/(c.YMax-c.YMin)*ph
	}
	open(w, width, height, c.Label)
	// Grid and axes.
	for _, t := range c.YTicks {
		w.printf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#d0d7de\" stroke-width=\"1\"/>", num(left), num(y(t.At)), num(left+pw), num(y(t.At)))
		w.printf("<text x=\"%s\" y=\"%s\" font-size=\"11\" text-anchor=\"end\" fill=\"#57606a\">%s</text>\n", num(left-6), num(y(t.At)+4), esc(t.Label))
	}
	for _, t := range c.XTicks {
		w.printf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#57606a\"/>", num(x(t.At)), num(top+ph), num(x(t.At)), num(top+ph+4))
		w.printf("<text x=\"%s\" y=\"%s\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">%s</text>\n", num(x(t.At)), num(top+ph+17), esc(t.Label))
	}
	w.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#8c959f\"/>\n", num(left), num(top), num(pw), num(ph))
	if c.Zero && c.YMin < 0 && c.YMax > 0 {
		w.printf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#24292f\" stroke-width=\"1.2\"/>\n", num(left), num(y(0)), num(left+pw), num(y(0)))
	}
	w.printf("<text x=\"%s\" y=\"%s\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n", num(left+pw/2), num(height-8), esc(c.XLabel))
	w.printf("<text x=\"14\" y=\"%s\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 %s)\">%s</text>\n", num(top+ph/2), num(top+ph/2), esc(c.YLabel))
	// Bands first, under every line.
	for k, s := range c.Series {
		if !s.Band {
			continue
		}
		for _, run := range c.runs(s.Points) {
			var d strings.Builder
			for i, p := range run {
				cmd := "L"
				if i == 0 {
					cmd = "M"
				}
				d.WriteString(cmd + num(x(p.X)) + " " + num(y(p.Hi)))
			}
			for i := len(run) - 1; i >= 0; i-- {
				d.WriteString("L" + num(x(run[i].X)) + " " + num(y(run[i].Lo)))
			}
			if len(run) == 1 { // one point: a bar for its interval
				p := run[0]
				w.printf("<rect x=\"%s\" y=\"%s\" width=\"8\" height=\"%s\" fill=\"%s\" fill-opacity=\"0.22\"/>\n", num(x(p.X)-4), num(y(p.Hi)), num(math.Max(y(p.Lo)-y(p.Hi), 0.5)), Colour(k))
				continue
			}
			w.printf("<path d=\"%sZ\" fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\"/>\n", d.String(), Colour(k))
		}
	}
	for k, s := range c.Series {
		for _, run := range c.runs(s.Points) {
			if len(run) > 1 {
				pts := make([]string, len(run))
				for i, p := range run {
					pts[i] = num(x(p.X)) + "," + num(y(p.Y))
				}
				w.printf("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n", strings.Join(pts, " "), Colour(k), dashes(k))
			}
			r := c.Marker
			if r == 0 {
				r = 3.5
			}
			for _, p := range run {
				marker(w, k, x(p.X), y(p.Y), r, Colour(k), p.Title)
			}
		}
	}
	// Legend.
	if legendW > 0 {
		lx := left + pw + 14
		for k, s := range c.Series {
			ly := top + 10 + float64(k)*20
			w.printf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"2\"%s/>", num(lx), num(ly), num(lx+22), num(ly), Colour(k), dashes(k))
			marker(w, k, lx+11, ly, 3.5, Colour(k), "")
			w.printf("<text x=\"%s\" y=\"%s\" font-size=\"12\">%s</text>\n", num(lx+28), num(ly+4), esc(s.Name))
		}
		if len(c.Series) > 0 && c.Series[0].Band {
			ly := top + 10 + float64(len(c.Series))*20
			w.printf("<rect x=\"%s\" y=\"%s\" width=\"22\" height=\"10\" fill=\"#57606a\" fill-opacity=\"0.25\"/>", num(lx), num(ly-5))
			w.printf("<text x=\"%s\" y=\"%s\" font-size=\"12\">95%% interval</text>\n", num(lx+28), num(ly+4))
		}
	}
	w.printf("</svg>\n")
	return w.err
}

// runs cuts points into stretches of consecutive X (see Lines.Step).
func (c Lines) runs(ps []Point) [][]Point {
	var out [][]Point
	start := 0
	for i := 1; i <= len(ps); i++ {
		if i == len(ps) || c.Step > 0 && ps[i].X-ps[i-1].X > c.Step*1.5 {
			out = append(out, ps[start:i])
			start = i
		}
	}
	return out
}
