package eval

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/stance-nlp/stance/internal/plot"
	"github.com/stance-nlp/stance/labels"
)

// The report's charts, drawn as SVG in the HTML page (internal/plot);
// the tables next to them give the same numbers in every format.

// curveFigure plots the learning curve: pooled macro-F1 against the mean
// training sentences per fold, with its 95% interval from resampling the
// held-out groups, and F_avg and accuracy.
func (t TargetReport) curveFigure() figure {
	curve := t.Curve
	g := t.Evaluations[0].GroupBy
	return figure{
		caption: fmt.Sprintf("Learning curve: pooled scores when each fold trains on a share of its training sentences; the band is macro-F1's 95%% interval from resampling the held-out %ss.", g),
		draw: func(w io.Writer) error {
			series := []plot.Series{{Name: "macro-F1", Band: true}, {Name: "F_avg"}, {Name: "accuracy"}}
			lo, hi := 1.0, 0.0
			xmax := 0.0
			for _, p := range curve {
				title := fmt.Sprintf("%d%% of the training set (%s sentences): ", int(p.Fraction*100+0.5), strconv.FormatFloat(p.Train, 'f', 0, 64))
				series[0].Points = append(series[0].Points, plot.Point{X: p.Train, Y: p.MacroF1, Lo: p.GroupCI.MacroF1.Lo, Hi: p.GroupCI.MacroF1.Hi,
					Title: title + "macro-F1 " + f3(p.MacroF1) + " [" + f3(p.GroupCI.MacroF1.Lo) + ", " + f3(p.GroupCI.MacroF1.Hi) + "]"})
				series[1].Points = append(series[1].Points, plot.Point{X: p.Train, Y: p.FAvg, Lo: p.FAvg, Hi: p.FAvg, Title: title + "F_avg " + f3(p.FAvg)})
				series[2].Points = append(series[2].Points, plot.Point{X: p.Train, Y: p.Accuracy, Lo: p.Accuracy, Hi: p.Accuracy, Title: title + "accuracy " + f3(p.Accuracy)})
				lo = math.Min(lo, math.Min(p.GroupCI.MacroF1.Lo, math.Min(p.FAvg, p.Accuracy)))
				hi = math.Max(hi, math.Max(p.GroupCI.MacroF1.Hi, math.Max(p.FAvg, p.Accuracy)))
				xmax = math.Max(xmax, p.Train)
			}
			ymin, ymax := math.Max(0, math.Floor(lo*10-0.5)/10), math.Min(1, math.Ceil(hi*10+0.5)/10)
			xmax = niceCeil(xmax)
			return plot.Lines{
				Label:  "Learning curve, " + string(t.Target) + ": scores against training sentences per fold",
				XLabel: "training sentences per fold (mean)", YLabel: "score",
				XMin: 0, XMax: xmax, YMin: ymin, YMax: ymax,
				XTicks: plot.NiceTicks(0, xmax, 6, func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }),
				YTicks: plot.NiceTicks(ymin, ymax, 5, func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }),
				Series: series,
			}.Write(w)
		},
	}
}

// niceCeil rounds x up to 1, 2 or 5 times a power of ten.
func niceCeil(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// foldsFigure plots each fold's macro-F1 and F_avg with a 95% interval
// from resampling the fold's sentences (drawn from its confusion table,
// which holds every pair of gold and predicted label), and the pooled
// macro-F1 as a reference line.
func (t TargetReport) foldsFigure(ev Evaluation, resamples int, seed uint64) figure {
	return figure{
		caption: foldsCaption(ev),
		draw: func(w io.Writer) error {
			if len(ev.Folds) > maxDotFolds {
				return t.foldsRanked(w, ev, resamples, seed)
			}
			rows := make([]plot.DotRow, len(ev.Folds))
			for i, f := range ev.Folds {
				gold, pred := f.Confusion.pairs()
				ci := CI{}
				if len(gold) > 0 {
					ci = Bootstrap(f.Confusion.Labels, t.Polar, gold, pred, resamples, seed)
				}
				rows[i] = plot.DotRow{Label: f.Group, Dots: []plot.Dot{
					{Value: f.Scores.MacroF1, Lo: ci.MacroF1.Lo, Hi: ci.MacroF1.Hi, Series: 0,
						Title: fmt.Sprintf("%s (%d sentences): macro-F1 %s [%s, %s]", f.Group, f.Test, f3(f.Scores.MacroF1), f3(ci.MacroF1.Lo), f3(ci.MacroF1.Hi))},
					{Value: f.Scores.FAvg, Lo: ci.FAvg.Lo, Hi: ci.FAvg.Hi, Series: 1,
						Title: fmt.Sprintf("%s (%d sentences): F_avg %s [%s, %s]", f.Group, f.Test, f3(f.Scores.FAvg), f3(ci.FAvg.Lo), f3(ci.FAvg.Hi))},
				}}
			}
			return plot.Dots{
				Label:  foldsLabel(t.Target, ev),
				XLabel: "score on the " + map[bool]string{true: "", false: "held-out "}[ev.Leakage == ""] + string(ev.GroupBy), XMin: 0, XMax: 1,
				XTicks: plot.NiceTicks(0, 1, 5, func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }),
				Rows:   rows, Names: []string{"macro-F1", "F_avg"},
				Ref: true, RefAt: ev.Pooled.Scores.MacroF1, RefName: "pooled macro-F1 (" + f3(ev.Pooled.Scores.MacroF1) + ")",
			}.Write(w)
		},
	}
}

func foldsCaption(ev Evaluation) string {
	if len(ev.Folds) > maxDotFolds {
		return fmt.Sprintf("The macro-F1 on each of the %d held-out %ss, lowest first, with the band of their 95%% intervals from resampling each one's sentences (few sentences, a wide interval); hover over a point for its name. The flat line is the pooled macro-F1.", len(ev.Folds), ev.GroupBy)
	}
	held := "held-out "
	if ev.Leakage == "" { // a test: nothing was held out, every group is new
		held = ""
	}
	return fmt.Sprintf("The scores on each %s%s, with 95%% intervals from resampling its sentences (few sentences, a wide interval). The dashed line is the pooled macro-F1.", held, ev.GroupBy)
}

// foldsLabel names the chart of per-fold scores.
func foldsLabel(target labels.Target, ev Evaluation) string {
	if ev.Leakage == "" {
		return "Scores by " + string(ev.GroupBy) + ", " + string(target)
	}
	return "Per-fold scores, " + string(target) + ", held out by " + string(ev.GroupBy) + " (" + string(ev.Leakage) + ")"
}

// maxDotFolds is the most folds drawn a row each; more are drawn ranked
// by score (foldsRanked), which keeps the chart a screen high.
const maxDotFolds = 40

// foldsRanked draws many folds' macro-F1 in order of score, with the band
// of their 95% intervals and the pooled macro-F1: a caterpillar plot, each
// fold's name in its point's tooltip.
func (t TargetReport) foldsRanked(w io.Writer, ev Evaluation, resamples int, seed uint64) error {
	type ranked struct {
		f  Fold
		ci Interval
	}
	rs := make([]ranked, len(ev.Folds))
	for i, f := range ev.Folds {
		rs[i].f = f
		if gold, pred := f.Confusion.pairs(); len(gold) > 0 {
			rs[i].ci = Bootstrap(f.Confusion.Labels, t.Polar, gold, pred, resamples, seed).MacroF1
		}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int { return cmp.Compare(a.f.Scores.MacroF1, b.f.Scores.MacroF1) })
	folds := plot.Series{Name: "macro-F1 of a held-out " + string(ev.GroupBy), Band: true}
	for i, r := range rs {
		folds.Points = append(folds.Points, plot.Point{X: float64(i + 1), Y: r.f.Scores.MacroF1, Lo: r.ci.Lo, Hi: r.ci.Hi,
			Title: fmt.Sprintf("%s (%d sentences): macro-F1 %s [%s, %s]", r.f.Group, r.f.Test, f3(r.f.Scores.MacroF1), f3(r.ci.Lo), f3(r.ci.Hi))})
	}
	n := float64(len(rs))
	pooled := ev.Pooled.Scores.MacroF1
	ref := plot.Series{Name: "pooled (" + f3(pooled) + ")", Points: []plot.Point{{X: 1, Y: pooled, Lo: pooled, Hi: pooled}, {X: n, Y: pooled, Lo: pooled, Hi: pooled}}}
	return plot.Lines{
		Label:  "Per-fold macro-F1, " + string(t.Target) + ", " + itoa(len(rs)) + " held-out " + string(ev.GroupBy) + "s in order of score (" + string(ev.Leakage) + ")",
		XLabel: "held-out " + string(ev.GroupBy) + "s, lowest score first", YLabel: "macro-F1",
		XMin: 1, XMax: n, YMin: 0, YMax: 1,
		XTicks: plot.NiceTicks(1, n, 6, func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }),
		YTicks: plot.NiceTicks(0, 1, 5, func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }),
		Series: []plot.Series{folds, ref}, Marker: 2,
	}.Write(w)
}

// pairs returns a gold and a predicted label for every count of the
// table, row by row.
func (c *Confusion) pairs() (gold, pred []string) {
	for i, g := range c.Labels {
		for j, p := range c.Labels {
			for range c.Counts[i][j] {
				gold, pred = append(gold, g), append(pred, p)
			}
		}
	}
	return gold, pred
}

// heatFigure draws a confusion table as a heat map of row shares.
func heatFigure(c *Confusion, title string) figure {
	return figure{
		caption: "Each row is a gold label, split by what the model predicted: blue on the diagonal (right), vermillion off it (wrong), darker for a larger share of the row.",
		draw: func(w io.Writer) error {
			share := c.RowNormalised()
			text := make([][]string, len(c.Labels))
			for i := range c.Labels {
				for j := range c.Labels {
					text[i] = append(text[i], f3(share[i][j])+" ("+itoa(c.Counts[i][j])+")")
				}
			}
			return plot.Heat{Label: title, RowTitle: "gold", ColTitle: "predicted", Rows: c.Labels, Cols: c.Labels, Share: share, Text: text}.Write(w)
		},
	}
}
