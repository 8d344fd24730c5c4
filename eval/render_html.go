package eval

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/stance-nlp/stance/internal/plot"
)

// htmlStyle is the whole style sheet: the page loads nothing from outside
// (no scripts, fonts or images), so it opens offline and can be mailed.
// Tables scroll sideways in their own box (.scroll), so a wide one never
// widens the page past a narrow screen; per-fold tables sit in a grid.
const htmlStyle = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1f24;max-width:70rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;border-bottom:2px solid #d0d7de;padding-bottom:.3rem;margin-top:2.5rem}
h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
p{overflow-wrap:anywhere}.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.3rem 0 1rem;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d0d7de;padding:.25rem .6rem}th{background:#f6f8fa;text-align:left}
td.n,th.n{text-align:right}td.n{white-space:nowrap}tfoot td{font-weight:600;background:#f6f8fa}
.err{border-left:3px solid #D55E00;padding:.3rem .8rem;margin:.6rem 0;background:#fdf6f0;overflow-wrap:anywhere}
.err .meta{font-weight:600}.err .why{color:#57606a;font-size:.9rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(21rem,1fr));gap:0 1.5rem}.grid>div{min-width:0}
.grid table{font-size:.85rem}.grid th,.grid td{padding:.2rem .4rem}
nav.toc{background:#f6f8fa;border:1px solid #d0d7de;padding:.5rem 1rem;margin:1rem 0}nav.toc ul{margin:.2rem 0;padding-left:1.2rem}
details{margin:.5rem 0 1rem}summary{cursor:pointer;color:#0969da}
figure{margin:1rem 0}figcaption{color:#57606a;font-size:.9rem}
.legend{font-size:.9rem;color:#57606a}.legend span{display:inline-block;width:1.6em;height:.9em;vertical-align:middle;margin:0 .15em}`

// htmlWriter renders blocks as HTML; it gives headings ids for the table
// of contents and shows the heat maps' legend once per section.
type htmlWriter struct {
	*errWriter
	ids    map[int]string // heading ids, by block index
	legend bool           // the heat legend was shown in this section
}

// writeHTML renders the report as one self-contained HTML page: a table
// of contents, the tables (confusion tables shaded as heat maps by row
// share), and SVG charts.
func (r *Report) writeHTML(w io.Writer) error {
	ew := &errWriter{w: w}
	blocks := r.layout()
	ew.printf("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>stance evaluation: %s</title>\n<style>\n%s\n</style>\n</head>\n<body>\n",
		html.EscapeString(r.Corpus.Name), htmlStyle)
	hw := &htmlWriter{errWriter: ew, ids: make(map[int]string)}
	for i, b := range blocks {
		if h, ok := b.(heading); ok && h.level <= 2 {
			hw.ids[i] = "s" + itoa(len(hw.ids)+1)
		}
	}
	for i, b := range blocks {
		hw.block(i, b)
		if i == 0 {
			hw.toc(blocks)
		}
	}
	ew.printf("</body>\n</html>\n")
	return ew.err
}

// toc writes the table of contents: the targets (level 1) and their
// sections (level 2), after the page's title.
func (hw *htmlWriter) toc(blocks []block) {
	hw.printf("<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong>\n<ul>\n")
	open := false // a level-2 list is open
	for i, b := range blocks {
		h, ok := b.(heading)
		if !ok || i == 0 || h.level > 2 {
			continue
		}
		link := fmt.Sprintf("<a href=\"#%s\">%s</a>", hw.ids[i], html.EscapeString(h.text))
		switch {
		case h.level == 1 && open:
			hw.printf("</ul></li>\n<li>%s<ul>\n", link)
		case h.level == 1:
			hw.printf("<li>%s<ul>\n", link)
			open = true
		default:
			hw.printf("<li>%s</li>\n", link)
		}
	}
	if open {
		hw.printf("</ul></li>\n")
	}
	hw.printf("</ul>\n</nav>\n")
}

func (hw *htmlWriter) block(i int, b block) {
	switch b := b.(type) {
	case heading:
		if id, ok := hw.ids[i]; ok {
			hw.printf("<h%d id=\"%s\">%s</h%d>\n", b.level, id, html.EscapeString(b.text), b.level)
			hw.legend = false
		} else {
			hw.printf("<h%d>%s</h%d>\n", b.level, html.EscapeString(b.text), b.level)
		}
	case para:
		hw.printf("<p>%s</p>\n", html.EscapeString(b.text))
	case *table:
		writeHTMLTable(hw.errWriter, b)
		if b.heat != nil && !hw.legend {
			hw.legend = true
			hw.printf("<p class=\"legend\">Shading, by share of the gold row: correct %s, wrong %s.</p>\n", swatches(true), swatches(false))
		}
	case figure:
		hw.printf("<figure>\n")
		if err := b.draw(hw.errWriter); err != nil && hw.err == nil {
			hw.err = err
		}
		hw.printf("<figcaption>%s</figcaption>\n</figure>\n", html.EscapeString(b.caption))
	case grid:
		hw.printf("<div class=\"grid\">\n")
		for _, cell := range b.cells {
			hw.printf("<div>\n")
			for _, c := range cell {
				hw.block(-1, c)
			}
			hw.printf("</div>\n")
		}
		hw.printf("</div>\n")
	case reliability:
		writeReliabilitySVG(hw.errWriter, b.c)
	case list:
		if len(b.items) > 0 {
			// Long: folded away until asked for, so the charts and tables
			// above stay a page's scroll apart.
			hw.printf("<details><summary>Show the %d sentences</summary>\n", len(b.items))
			defer hw.printf("</details>\n")
		}
		for _, it := range b.items {
			p := it.p
			hw.printf("<div class=\"err\"><div class=\"meta\">%s #%d: gold %s, predicted %s (%.2f)</div><div>%s</div><div class=\"why\">pushed by: %s</div></div>\n",
				html.EscapeString(p.Article), p.Index, html.EscapeString(p.Gold), html.EscapeString(p.Predicted), p.Confidence,
				html.EscapeString(p.Text), html.EscapeString(towardText(p)))
		}
		if len(b.items) == 0 {
			hw.printf("<p>None.</p>\n")
		}
	}
}

// swatches shows a heat map's colour ramp, 0 to 1, as a legend.
func swatches(diagonal bool) string {
	var b strings.Builder
	b.WriteString("0 ")
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, "<span style=\"background:%s\"></span>", plot.Shade(v, diagonal))
	}
	b.WriteString(" 1")
	return b.String()
}

func writeHTMLTable(ew *errWriter, t *table) {
	class := func(i int) string {
		if i < len(t.right) && t.right[i] {
			return ` class="n"`
		}
		return ""
	}
	if t.heat != nil {
		ew.printf("<div class=\"scroll\"><table class=\"heat\">\n")
	} else {
		ew.printf("<div class=\"scroll\"><table>\n")
	}
	ew.printf("<thead><tr>")
	for i, h := range t.header {
		ew.printf("<th%s>%s</th>", class(i), html.EscapeString(h))
	}
	ew.printf("</tr></thead>\n<tbody>\n")
	for ri, row := range t.rows {
		ew.printf("<tr>")
		for i, c := range row {
			if t.heat != nil && i >= 1 && i-1 < len(t.heat[ri]) {
				v := t.heat[ri][i-1]
				ew.printf("<td class=\"n\" style=\"background:%s;color:%s\">%s</td>", heatColour(v, ri == i-1), plot.Ink(v), html.EscapeString(c))
				continue
			}
			ew.printf("<td%s>%s</td>", class(i), html.EscapeString(c))
		}
		ew.printf("</tr>\n")
	}
	ew.printf("</tbody>\n")
	if t.footer != nil {
		ew.printf("<tfoot><tr>")
		for i, c := range t.footer {
			ew.printf("<td%s>%s</td>", class(i), html.EscapeString(c))
		}
		ew.printf("</tr></tfoot>\n")
	}
	ew.printf("</table></div>\n")
}

// heatColour shades a confusion cell by its share of the gold row: blue
// on the diagonal (correct), vermillion off it (errors), stronger for
// more. The two are from the Okabe–Ito palette and stay apart for
// colour-blind readers, where the red and green they replace did not.
func heatColour(share float64, diagonal bool) string {
	return plot.Shade(share, diagonal)
}

// writeReliabilitySVG draws a reliability diagram: per confidence bin, the
// share correct against the mean confidence, before (orange squares) and
// after (blue circles) calibration, with the diagonal of perfect
// calibration. Colours are from the Okabe–Ito palette, which stays apart
// for colour-blind readers, and the markers differ in shape as well.
func writeReliabilitySVG(ew *errWriter, c CalibrationReport) {
	const size, pad = 260.0, 36.0
	x := func(v float64) float64 { return pad + v*size }
	y := func(v float64) float64 { return pad + (1-v)*size }
	ew.printf("<figure><svg role=\"img\" aria-label=\"reliability diagram\" viewBox=\"0 0 %g %g\" width=\"%g\" height=\"%g\" style=\"max-width:100%%;height:auto\">\n", size+2*pad+150, size+2*pad, size+2*pad+150, size+2*pad)
	ew.printf("<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"none\" stroke=\"#57606a\"/>\n", pad, pad, size, size)
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		ew.printf("<text x=\"%g\" y=\"%g\" font-size=\"10\" text-anchor=\"middle\">%s</text>", x(v), y(0)+14, ftoa(v))
		ew.printf("<text x=\"%g\" y=\"%g\" font-size=\"10\" text-anchor=\"end\">%s</text>\n", pad-4, y(v)+3, ftoa(v))
	}
	ew.printf("<text x=\"%g\" y=\"%g\" font-size=\"11\" text-anchor=\"middle\">confidence</text>", x(0.5), y(0)+30)
	ew.printf("<text x=\"10\" y=\"%g\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 10 %g)\">accuracy</text>\n", y(0.5), y(0.5))
	ew.printf("<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#8c959f\" stroke-dasharray=\"4 3\"/>\n", x(0), y(0), x(1), y(1))
	series := []struct {
		cal    Calibration
		colour string
		shape  string
		name   string
	}{{c.Raw, "#E69F00", "square", "as is"}, {c.Calibrated, "#0072B2", "circle", "calibrated"}}
	for si, s := range series {
		var pts []string
		for _, b := range s.cal.Reliability {
			if b.N == 0 {
				continue
			}
			px, py := x(b.Confidence), y(b.Accuracy)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px, py))
			r := 2.5 + 4*float64(b.N)/float64(max(1, len(s.cal.Reliability)*0+totalN(s.cal)))*3
			if s.shape == "square" {
				ew.printf("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %d sentences, confidence %s, accuracy %s</title></rect>\n", px-r, py-r, 2*r, 2*r, s.colour, s.name, b.N, f3(b.Confidence), f3(b.Accuracy))
			} else {
				ew.printf("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>%s: %d sentences, confidence %s, accuracy %s</title></circle>\n", px, py, r, s.colour, s.name, b.N, f3(b.Confidence), f3(b.Accuracy))
			}
		}
		if len(pts) > 1 {
			ew.printf("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", strings.Join(pts, " "), s.colour)
		}
		ly := pad + 14 + float64(si)*18
		if s.shape == "square" {
			ew.printf("<rect x=\"%g\" y=\"%g\" width=\"9\" height=\"9\" fill=\"%s\"/>", x(1)+14, ly-8, s.colour)
		} else {
			ew.printf("<circle cx=\"%g\" cy=\"%g\" r=\"4.5\" fill=\"%s\"/>", x(1)+18.5, ly-3.5, s.colour)
		}
		ew.printf("<text x=\"%g\" y=\"%g\" font-size=\"11\">%s (ECE %s)</text>\n", x(1)+28, ly, s.name, f3(s.cal.ECE))
	}
	ew.printf("<text x=\"%g\" y=\"%g\" font-size=\"10\" fill=\"#57606a\">dashed: perfect</text>\n", x(1)+14, pad+14+2*18)
	ew.printf("</svg><figcaption>Reliability: share correct against stated confidence, per bin; marker area grows with the bin's sentences.</figcaption></figure>\n")
}

func totalN(c Calibration) int {
	n := 0
	for _, b := range c.Reliability {
		n += b.N
	}
	return n
}
