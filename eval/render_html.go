package eval

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// htmlStyle is the whole style sheet: the page loads nothing from outside
// (no scripts, fonts or images), so it opens offline and can be mailed.
const htmlStyle = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1f24;max-width:70rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;border-bottom:2px solid #d0d7de;padding-bottom:.3rem;margin-top:2.5rem}
h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;margin:.3rem 0 1rem;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d0d7de;padding:.25rem .6rem}th{background:#f6f8fa;text-align:left}
td.n,th.n{text-align:right}tfoot td{font-weight:600;background:#f6f8fa}
.heat td.h{color:#000}.err{border-left:3px solid #cf222e;padding:.3rem .8rem;margin:.6rem 0;background:#fff8f8}
.err .meta{font-weight:600}.err .why{color:#57606a;font-size:.9rem}
.grid{display:flex;flex-wrap:wrap;gap:1.5rem}.grid>div{flex:0 0 auto}`

// writeHTML renders the report as one self-contained HTML page, with
// confusion tables shaded as heat maps by row share.
func (r *Report) writeHTML(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>stance evaluation: %s</title>\n<style>\n%s\n</style>\n</head>\n<body>\n",
		html.EscapeString(r.Corpus.Name), htmlStyle)
	for _, b := range r.layout() {
		switch b := b.(type) {
		case heading:
			ew.printf("<h%d>%s</h%d>\n", b.level, html.EscapeString(b.text), b.level)
		case para:
			ew.printf("<p>%s</p>\n", html.EscapeString(b.text))
		case *table:
			writeHTMLTable(ew, b)
		case reliability:
			writeReliabilitySVG(ew, b.c)
		case list:
			for _, it := range b.items {
				p := it.p
				ew.printf("<div class=\"err\"><div class=\"meta\">%s #%d: gold %s, predicted %s (%.2f)</div><div>%s</div><div class=\"why\">pushed by: %s</div></div>\n",
					html.EscapeString(p.Article), p.Index, html.EscapeString(p.Gold), html.EscapeString(p.Predicted), p.Confidence,
					html.EscapeString(p.Text), html.EscapeString(towardText(p)))
			}
			if len(b.items) == 0 {
				ew.printf("<p>None.</p>\n")
			}
		}
	}
	ew.printf("</body>\n</html>\n")
	return ew.err
}

func writeHTMLTable(ew *errWriter, t *table) {
	class := func(i int) string {
		if i < len(t.right) && t.right[i] {
			return ` class="n"`
		}
		return ""
	}
	if t.heat != nil {
		ew.printf("<table class=\"heat\">\n")
	} else {
		ew.printf("<table>\n")
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
				ew.printf("<td class=\"n h\" style=\"background:%s\">%s</td>", heatColour(t.heat[ri][i-1], ri == i-1), html.EscapeString(c))
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
	ew.printf("</table>\n")
}

// heatColour shades a confusion cell by its share of the gold row: green
// on the diagonal (correct), red off it (errors), stronger for more.
func heatColour(share float64, diagonal bool) string {
	a := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", 0.08+0.72*share), "0"), ".")
	if diagonal {
		return "rgba(26,127,55," + a + ")"
	}
	return "rgba(207,34,46," + a + ")"
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
