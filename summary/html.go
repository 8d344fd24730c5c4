package summary

import (
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/internal/plot"
)

// pageStyle is the page's whole style sheet: the page loads nothing from
// outside, so it opens offline and can be mailed. Wide tables scroll in
// their own box rather than widen the page.
const pageStyle = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1f24;max-width:70rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;border-bottom:2px solid #d0d7de;padding-bottom:.3rem}h2{font-size:1.2rem;margin-top:2rem}
p{overflow-wrap:anywhere}figure{margin:1rem 0}figcaption{color:#57606a;font-size:.9rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.3rem 0 1rem;font-variant-numeric:tabular-nums;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.2rem .5rem;white-space:nowrap}th{background:#f6f8fa;text-align:left}
td.n,th.n{text-align:right}tr.all td{font-weight:600;background:#f6f8fa}`

// maxDots is the most groups a dot plot shows; beyond it, the largest.
const maxDots = 60

// maxSeries is the most lines a chart over time shows; beyond it, those
// with the most sentences.
const maxSeries = len(plot.Palette)

// writeHTML writes a self-contained page: what was summarised and how,
// charts of the net stance and the shares (over time, with interval
// bands, when a key is a period; otherwise a dot per group), and the
// table.
func (s *Summary) writeHTML(w io.Writer) error {
	var b strings.Builder
	title := "stance summary: " + string(s.Target)
	if len(s.By) > 0 {
		title += " by " + strings.Join(s.By, ", ")
	}
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>\n%s\n</style>\n</head>\n<body>\n", esc(title), pageStyle)
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(title))
	fmt.Fprintf(&b, "<p>%d sentences in %d articles, from %s, as stance classify labelled them. <strong>Net %s</strong> is the share of sentences labelled %s minus the share labelled %s: from −1 (all %s) to +1 (all %s). Intervals are 95%% percentile bootstrap intervals from %d resamples of each group's articles (seed %d): the sentences of one article are not independent, so articles, not sentences, are drawn.</p>\n",
		s.All.Sentences, s.All.Articles, esc(inputList(s.Inputs)), esc(string(s.Target)), esc(s.Net[1]), esc(s.Net[0]), esc(s.Net[0]), esc(s.Net[1]), s.Resamples, s.Seed)
	if err := s.writeCharts(&b); err != nil {
		return err
	}
	b.WriteString("<h2>Figures</h2>\n")
	s.writeHTMLTable(&b)
	fmt.Fprintf(&b, "<p>Mean p is the mean of each label's probability over the group's sentences: a share that counts a sentence the model is unsure of in part. Shares are the model's labels counted, not corrected for its errors: read the evaluation report (stance eval) for how often it confuses %s, and compare groups rather than reading a share as the truth.</p>\n", esc(strings.Join(s.Labels, ", ")))
	if len(s.Missing) > 0 {
		var parts []string
		for _, f := range slicesSorted(s.Missing) {
			parts = append(parts, fmt.Sprintf("%d sentences have no %q", s.Missing[f], f))
		}
		fmt.Fprintf(&b, "<p>%s: they are grouped under %s.</p>\n", esc(strings.Join(parts, "; ")), None)
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func esc(s string) string { return html.EscapeString(s) }

func inputList(in []string) string {
	switch {
	case len(in) == 0:
		return "no input"
	case len(in) <= 4:
		return strings.Join(in, ", ")
	}
	return fmt.Sprintf("%s and %d more inputs", strings.Join(in[:3], ", "), len(in)-3)
}

func slicesSorted(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// timeKey returns the position of the last key that is a period, or -1.
func (s *Summary) timeKey() int {
	for i := len(s.by) - 1; i >= 0; i-- {
		if s.by[i].Period != "" {
			return i
		}
	}
	return -1
}

// series is the groups of one line of a chart over time: those that share
// the keys other than the period's.
type series struct {
	name      string
	groups    []Group
	sentences int
}

func (s *Summary) writeCharts(b *strings.Builder) error {
	if len(s.Groups) == 0 {
		return nil
	}
	netName := "net " + string(s.Target) + " (" + s.Net[1] + " − " + s.Net[0] + ")"
	if tk := s.timeKey(); tk >= 0 {
		period := s.by[tk].Period
		var all []series
		at := make(map[string]int)
		for _, g := range s.Groups {
			if _, ok := periodIndex(g.Key[tk], period); !ok {
				continue // no date: off the time axis
			}
			other := slices.Delete(slices.Clone(g.Key), tk, tk+1)
			name := strings.Join(other, " · ")
			i, ok := at[name]
			if !ok {
				i = len(all)
				at[name] = i
				all = append(all, series{name: name})
			}
			all[i].groups = append(all[i].groups, g)
			all[i].sentences += g.Sentences
		}
		if len(all) == 0 {
			return nil
		}
		shown := all
		note := ""
		if len(all) > maxSeries {
			shown = slices.Clone(all)
			slices.SortStableFunc(shown, func(a, b series) int { return b.sentences - a.sentences })
			shown = shown[:maxSeries]
			note = fmt.Sprintf(" The %d of %d lines with the most sentences are drawn; the table has them all.", maxSeries, len(all))
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		var net []plot.Series
		for _, sr := range shown {
			ps := plot.Series{Name: orNet(sr.name, string(s.Target)), Band: true}
			for _, g := range sr.groups {
				x, _ := periodIndex(g.Key[tk], period)
				ps.Points = append(ps.Points, plot.Point{X: float64(x), Y: g.Net, Lo: g.NetCI.Lo, Hi: g.NetCI.Hi,
					Title: fmt.Sprintf("%s%s: net %s [%s, %s], %d sentences in %d articles", prefix(sr.name), g.Key[tk], signed(g.Net), signed(g.NetCI.Lo), signed(g.NetCI.Hi), g.Sentences, g.Articles)})
				lo, hi = math.Min(lo, g.NetCI.Lo), math.Max(hi, g.NetCI.Hi)
			}
			net = append(net, ps)
		}
		xmin, xmax := s.xRange(shown, tk, period)
		ymin, ymax := padRange(lo, hi, -1, 1)
		b.WriteString("<h2>" + esc(capital(netName)) + " by " + esc(string(period)) + "</h2>\n<figure>\n")
		chart := plot.Lines{Label: capital(netName) + " by " + string(period) + ", with 95% intervals", XLabel: s.by[tk].String(), YLabel: "net " + string(s.Target),
			XMin: xmin, XMax: xmax, YMin: ymin, YMax: ymax, Step: 1, Series: net, Zero: true,
			XTicks: timeTicks(xmin, xmax, period), YTicks: plot.NiceTicks(ymin, ymax, 6, signed2)}
		if err := chart.Write(b); err != nil {
			return err
		}
		fmt.Fprintf(b, "<figcaption>Each point is one %s; the band is its 95%% interval, wider where there are fewer articles (a %s of one article has none: there is nothing to resample). A gap in the line is a %s with no article.%s</figcaption>\n</figure>\n", esc(string(period)), esc(string(period)), esc(string(period)), esc(note))
		if len(shown) == 1 {
			var shares []plot.Series
			lo, hi = 0, 0
			for li, l := range s.Labels {
				ps := plot.Series{Name: l, Band: true}
				for _, g := range shown[0].groups {
					x, _ := periodIndex(g.Key[tk], period)
					ls := g.Labels[li]
					ps.Points = append(ps.Points, plot.Point{X: float64(x), Y: ls.Share, Lo: ls.CI.Lo, Hi: ls.CI.Hi,
						Title: fmt.Sprintf("%s, %s: %s%% [%s, %s] of %d sentences", g.Key[tk], l, pct(ls.Share), pct(ls.CI.Lo), pct(ls.CI.Hi), g.Sentences)})
					hi = math.Max(hi, ls.CI.Hi)
				}
				shares = append(shares, ps)
			}
			_, ymax := padRange(0, hi, 0, 1)
			b.WriteString("<h2>Share of each " + esc(string(s.Target)) + " label by " + esc(string(period)) + "</h2>\n<figure>\n")
			chart := plot.Lines{Label: "Share of each " + string(s.Target) + " label by " + string(period) + ", with 95% intervals", XLabel: s.by[tk].String(), YLabel: "share of sentences",
				XMin: xmin, XMax: xmax, YMin: 0, YMax: ymax, Step: 1, Series: shares,
				XTicks: timeTicks(xmin, xmax, period), YTicks: plot.NiceTicks(0, ymax, 5, percentTick)}
			if err := chart.Write(b); err != nil {
				return err
			}
			b.WriteString("<figcaption>The labels' shares of each period's sentences, with 95% intervals.</figcaption>\n</figure>\n")
		}
		return nil
	}
	// No period: a dot per group.
	groups := s.Groups
	note := ""
	if len(groups) > maxDots {
		groups = slices.Clone(groups)
		slices.SortStableFunc(groups, func(a, b Group) int { return b.Sentences - a.Sentences })
		groups = groups[:maxDots]
		note = fmt.Sprintf(" The %d of %d groups with the most sentences are drawn; the table has them all.", maxDots, len(s.Groups))
	}
	netRows, shareRows := make([]plot.DotRow, len(groups)), make([]plot.DotRow, len(groups))
	lo, hi := s.All.Net, s.All.Net
	for i, g := range groups {
		name := strings.Join(g.Key, " · ")
		netRows[i] = plot.DotRow{Label: name, Dots: []plot.Dot{{Value: g.Net, Lo: g.NetCI.Lo, Hi: g.NetCI.Hi,
			Title: fmt.Sprintf("%s: net %s [%s, %s], %d sentences in %d articles", name, signed(g.Net), signed(g.NetCI.Lo), signed(g.NetCI.Hi), g.Sentences, g.Articles)}}}
		lo, hi = math.Min(lo, g.NetCI.Lo), math.Max(hi, g.NetCI.Hi)
		shareRows[i].Label = name
		for li, ls := range g.Labels {
			shareRows[i].Dots = append(shareRows[i].Dots, plot.Dot{Value: ls.Share, Lo: ls.CI.Lo, Hi: ls.CI.Hi, Series: li,
				Title: fmt.Sprintf("%s, %s: %s%% [%s, %s]", name, ls.Label, pct(ls.Share), pct(ls.CI.Lo), pct(ls.CI.Hi))})
		}
	}
	xmin, xmax := padRange(lo, hi, -1, 1)
	b.WriteString("<h2>" + esc(capital(netName)) + "</h2>\n<figure>\n")
	if err := (plot.Dots{Label: capital(netName) + " per group, with 95% intervals", XLabel: netName, XMin: xmin, XMax: xmax,
		XTicks: plot.NiceTicks(xmin, xmax, 6, signed2), Rows: netRows, Ref: true, RefAt: s.All.Net, RefName: "all groups (" + signed(s.All.Net) + ")"}).Write(b); err != nil {
		return err
	}
	fmt.Fprintf(b, "<figcaption>Each row is a group, the bar its 95%% interval; the dashed line is every record together.%s</figcaption>\n</figure>\n", esc(note))
	b.WriteString("<h2>Share of each " + esc(string(s.Target)) + " label</h2>\n<figure>\n")
	if err := (plot.Dots{Label: "Share of each " + string(s.Target) + " label per group, with 95% intervals", XLabel: "share of sentences", XMin: 0, XMax: 1,
		XTicks: plot.NiceTicks(0, 1, 5, percentTick), Rows: shareRows, Names: s.Labels}).Write(b); err != nil {
		return err
	}
	fmt.Fprintf(b, "<figcaption>The labels' shares of each group's sentences, with 95%% intervals.%s</figcaption>\n</figure>\n", esc(note))
	return nil
}

// xRange is the span of the time axis over the series drawn.
func (s *Summary) xRange(ss []series, tk int, p Period) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, sr := range ss {
		for _, g := range sr.groups {
			x, _ := periodIndex(g.Key[tk], p)
			lo, hi = math.Min(lo, float64(x)), math.Max(hi, float64(x))
		}
	}
	if lo == hi {
		return lo - 1, hi + 1
	}
	return lo, hi
}

// padRange widens [lo, hi] a little and rounds it out to tenths, within
// [min, max].
func padRange(lo, hi, minV, maxV float64) (float64, float64) {
	pad := math.Max((hi-lo)*0.08, 0.05)
	lo = math.Max(minV, math.Floor((lo-pad)*10)/10)
	hi = math.Min(maxV, math.Ceil((hi+pad)*10)/10)
	if hi <= lo {
		hi = lo + 0.1
	}
	return lo, hi
}

// timeTicks labels the time axis at a round number of periods.
func timeTicks(lo, hi float64, p Period) []plot.Tick {
	span := hi - lo
	steps := []float64{1, 2, 3, 6, 12, 24, 60, 120}
	switch p {
	case Week:
		steps = []float64{1, 2, 4, 13, 26, 52, 104, 260}
	case Day:
		steps = []float64{1, 2, 7, 14, 30, 91, 182, 365, 730}
	case Quarter:
		steps = []float64{1, 2, 4, 8, 20, 40}
	case Year:
		steps = []float64{1, 2, 5, 10, 20, 50}
	}
	step := steps[len(steps)-1]
	for _, st := range steps {
		if span/st <= 8 {
			step = st
			break
		}
	}
	var out []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		out = append(out, plot.Tick{At: v, Label: periodName(int(v), p)})
	}
	return out
}

func signed2(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if s == "-0.0" || s == "0.0" {
		return "0"
	}
	if x > 0 {
		return "+" + s
	}
	return s
}

func percentTick(x float64) string { return strconv.FormatFloat(100*x, 'f', 0, 64) + "%" }

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// orNet names a line of net stance: by its group, or, when there is one
// line, "net stance".
func orNet(name, target string) string {
	if name == "" {
		return "net " + target
	}
	return name
}

func prefix(name string) string {
	if name == "" {
		return ""
	}
	return name + ", "
}

// writeHTMLTable writes the figures as a table in a box that scrolls
// sideways on a narrow screen.
func (s *Summary) writeHTMLTable(b *strings.Builder) {
	b.WriteString("<div class=\"scroll\"><table>\n<thead><tr>")
	for _, k := range s.keyNames() {
		fmt.Fprintf(b, "<th>%s</th>", esc(k))
	}
	b.WriteString("<th class=\"n\">articles</th><th class=\"n\">sentences</th>")
	for _, l := range s.Labels {
		fmt.Fprintf(b, "<th class=\"n\">%s</th><th class=\"n\">%%</th><th class=\"n\">95%% CI</th>", esc(l))
	}
	fmt.Fprintf(b, "<th class=\"n\">net (%s − %s)</th><th class=\"n\">95%% CI</th>", esc(s.Net[1]), esc(s.Net[0]))
	for _, l := range s.Labels {
		fmt.Fprintf(b, "<th class=\"n\">mean p %s</th>", esc(l))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	rows, all := s.rows()
	for i, g := range rows {
		if all && i == len(rows)-1 {
			b.WriteString("<tr class=\"all\">")
		} else {
			b.WriteString("<tr>")
		}
		for _, k := range g.Key {
			fmt.Fprintf(b, "<td>%s</td>", esc(k))
		}
		fmt.Fprintf(b, "<td class=\"n\">%d</td><td class=\"n\">%d</td>", g.Articles, g.Sentences)
		for _, l := range g.Labels {
			fmt.Fprintf(b, "<td class=\"n\">%d</td><td class=\"n\">%s</td><td class=\"n\">[%s, %s]</td>", l.Count, pct(l.Share), pct(l.CI.Lo), pct(l.CI.Hi))
		}
		fmt.Fprintf(b, "<td class=\"n\">%s</td><td class=\"n\">[%s, %s]</td>", signed(g.Net), signed(g.NetCI.Lo), signed(g.NetCI.Hi))
		for _, l := range g.Labels {
			fmt.Fprintf(b, "<td class=\"n\">%s</td>", strconv.FormatFloat(l.MeanProb, 'f', 3, 64))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table></div>\n")
}
