package plot

import (
	"bytes"
	"flag"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// TestGolden draws one chart of each kind and compares the SVG with
// testdata/NAME.svg: a line chart of two series with a gap and bands, a
// dot plot of two series with a reference line, a heat map; labels with
// markup in them are escaped.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		draw func(b *bytes.Buffer) error
	}{
		{"lines", func(b *bytes.Buffer) error {
			return Lines{Label: "Net <stance>", XLabel: "month", YLabel: "net", XMin: 0, XMax: 5, YMin: -1, YMax: 1, Step: 1, Zero: true,
				XTicks: NiceTicks(0, 5, 5, f1), YTicks: NiceTicks(-1, 1, 4, f1),
				Series: []Series{
					{Name: "Reuters", Band: true, Points: []Point{{0, -0.2, -0.5, 0.1, "a"}, {1, -0.3, -0.6, 0, ""}, {3, 0.1, -0.2, 0.4, ""}, {4, 0.2, 0.1, 0.3, ""}}},
					{Name: "TASS & co", Band: true, Points: []Point{{0, 0.4, 0.3, 0.5, ""}}},
				}}.Write(b)
		}},
		{"dots", func(b *bytes.Buffer) error {
			return Dots{Label: "Folds", XLabel: "score", XMin: 0, XMax: 1, XTicks: NiceTicks(0, 1, 5, f1), Names: []string{"macro-F1", "F_avg"},
				Ref: true, RefAt: 0.5, RefName: "pooled",
				Rows: []DotRow{
					{Label: "2014-09-a-very-long-event-name-that-will-not-fit-in-the-margin", Dots: []Dot{{0.5, 0.3, 0.7, 0, "x"}, {0.4, 0.2, 0.6, 1, ""}}},
					{Label: "<b>", Dots: []Dot{{0.9, 0.9, 0.9, 0, ""}, {1.2, 1, 1, 1, ""}}},
				}}.Write(b)
		}},
		{"heat", func(b *bytes.Buffer) error {
			return Heat{Label: "Confusion", RowTitle: "gold", ColTitle: "predicted", Rows: []string{"obstacle", "opening"}, Cols: []string{"obstacle", "opening"},
				Share: [][]float64{{0.75, 0.25}, {0.5, 0.5}}, Text: [][]string{{"0.750 (3)", "0.250 (1)"}, {"0.500 (1)", "0.500 (1)"}}}.Write(b)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := tt.draw(&a); err != nil {
				t.Fatal(err)
			}
			tt.draw(&b)
			if a.String() != b.String() {
				t.Error("the same chart drawn twice differs")
			}
			s := a.String()
			if strings.Contains(s, "<b>") || strings.Contains(s, "<stance>") || strings.Count(s, "<svg") != 1 || !strings.HasSuffix(s, "</svg>\n") {
				t.Errorf("not one svg element with its text escaped:\n%s", s)
			}
			golden.Check(t, filepath.Join("testdata", tt.name+".svg"), a.Bytes(), *update, "go test ./internal/plot -update")
		})
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tt := range []struct {
		lo, hi float64
		n      int
		want   string
	}{
		{0, 1, 5, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{-1, 1, 4, "-1.0 -0.5 0.0 0.5 1.0"},
		{-0.63, 0.18, 6, "-0.6 -0.4 -0.2 0.0"},
		{0, 77, 6, "0.0 20.0 40.0 60.0"},
		{3, 3, 5, "3.0"},
	} {
		var got []string
		for _, tk := range NiceTicks(tt.lo, tt.hi, tt.n, f1) {
			got = append(got, tk.Label)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("NiceTicks(%v, %v, %d) = %q; want %q", tt.lo, tt.hi, tt.n, strings.Join(got, " "), tt.want)
		}
	}
}

func TestShade(t *testing.T) {
	if Shade(0, true) == Shade(1, true) || Shade(1, true) == Shade(1, false) {
		t.Error("shades do not differ by share or by diagonal")
	}
	if got := Shade(1, true); got != "#1a80ba" {
		t.Errorf("Shade(1, diagonal) = %s; want the palette's blue over white at 90%%, #1a80ba", got)
	}
	if Ink(0.9) != "#ffffff" || Ink(0.1) != "#1b1f24" {
		t.Error("Ink does not switch to white on dark cells")
	}
}
