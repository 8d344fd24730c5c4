package plot

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Heat is a heat map of a table of shares in [0, 1], such as a confusion
// table normalised by row. Cells on the diagonal (correct answers) are
// shaded in blue and the others (errors) in vermillion, both from the
// Okabe–Ito palette, lighter for smaller shares; the legend shows both
// scales. The colours stay apart for colour-blind readers, and every cell
// carries its value as text as well.
type Heat struct {
	Label      string
	RowTitle   string // what the rows are ("gold")
	ColTitle   string // what the columns are ("predicted")
	Rows, Cols []string
	Share      [][]float64 // per row and column, in [0, 1]
	Text       [][]string  // the text of each cell: a value, then after a space a smaller note ("0.722 (70)")
}

// The two ramps, from the palette's blue and vermillion.
var (
	diagonalRGB = [3]float64{0x00, 0x72, 0xB2}
	offRGB      = [3]float64{0xD5, 0x5E, 0x00}
)

// Shade returns the colour of a share on the diagonal or off it: white
// mixed with the ramp's colour, more of it for a larger share.
func Shade(share float64, diagonal bool) string {
	c := offRGB
	if diagonal {
		c = diagonalRGB
	}
	a := 0.08 + 0.82*math.Max(0, math.Min(1, share))
	mix := func(v float64) int { return int(math.Round(255 + (v-255)*a)) }
	return fmt.Sprintf("#%02x%02x%02x", mix(c[0]), mix(c[1]), mix(c[2]))
}

// Ink returns the text colour that reads on a cell of Shade(share, …).
func Ink(share float64) string {
	if share > 0.55 {
		return "#ffffff"
	}
	return "#1b1f24"
}

// Write draws the heat map and its legend as an svg element.
func (h Heat) Write(out io.Writer) error {
	w := &writer{w: out}
	labelW := 20.0
	for _, r := range h.Rows {
		labelW = math.Max(labelW, 6.5*float64(len([]rune(r))))
	}
	const cell, top = 64.0, 40.0
	left := labelW + 34
	gw := cell * float64(len(h.Cols))
	gh := cell * float64(len(h.Rows))
	legendX := left + gw + 24
	width := legendX + 150
	height := top + gh + 24
	height = math.Max(height, top+170)
	open(w, width, height, h.Label)
	w.printf("<text x=\"%s\" y=\"12\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n", num(left+gw/2), esc(h.ColTitle))
	for j, c := range h.Cols {
		w.printf("<text x=\"%s\" y=\"%s\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n", num(left+cell*(float64(j)+0.5)), num(top-8), esc(c))
	}
	w.printf("<text x=\"12\" y=\"%s\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 12 %s)\">%s</text>\n", num(top+gh/2), num(top+gh/2), esc(h.RowTitle))
	for i, r := range h.Rows {
		cy := top + cell*(float64(i)+0.5)
		w.printf("<text x=\"%s\" y=\"%s\" font-size=\"11\" text-anchor=\"end\">%s</text>\n", num(left-6), num(cy+4), esc(r))
		for j := range h.Cols {
			v := h.Share[i][j]
			x0, y0 := left+cell*float64(j), top+cell*float64(i)
			w.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"2\"><title>%s → %s: %s</title></rect>", num(x0), num(y0), num(cell), num(cell), Shade(v, i == j), esc(r), esc(h.Cols[j]), esc(h.Text[i][j]))
			main, sub, _ := strings.Cut(h.Text[i][j], " ")
			w.printf("<text x=\"%s\" y=\"%s\" font-size=\"13\" text-anchor=\"middle\" fill=\"%s\">%s</text>", num(x0+cell/2), num(y0+cell/2), Ink(v), esc(main))
			if sub != "" {
				w.printf("<text x=\"%s\" y=\"%s\" font-size=\"10\" text-anchor=\"middle\" fill=\"%s\">%s</text>", num(x0+cell/2), num(y0+cell/2+14), Ink(v), esc(sub))
			}
			w.printf("\n")
		}
	}
	// Legend: two ramps, 0 to 1.
	w.printf("<text x=\"%s\" y=\"%s\" font-size=\"11\">share of the row</text>\n", num(legendX), num(top-8))
	for k, ramp := range []struct {
		name string
		diag bool
	}{{"correct (diagonal)", true}, {"error (off it)", false}} {
		ly := top + 4 + float64(k)*62
		w.printf("<text x=\"%s\" y=\"%s\" font-size=\"11\">%s</text>\n", num(legendX), num(ly+10), esc(ramp.name))
		for s := 0; s <= 10; s++ {
			w.printf("<rect x=\"%s\" y=\"%s\" width=\"11\" height=\"14\" fill=\"%s\"/>", num(legendX+float64(s)*11), num(ly+16), Shade(float64(s)/10, ramp.diag))
		}
		w.printf("\n<text x=\"%s\" y=\"%s\" font-size=\"10\" fill=\"#57606a\">0</text><text x=\"%s\" y=\"%s\" font-size=\"10\" text-anchor=\"end\" fill=\"#57606a\">1</text>\n", num(legendX), num(ly+42), num(legendX+121), num(ly+42))
	}
	w.printf("</svg>\n")
	return w.err
}
