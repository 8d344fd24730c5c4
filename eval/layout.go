package eval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// layout turns the report into blocks, in reading order: what was
// evaluated and how, then per target the headline scores, baselines, the
// pooled and per-fold confusion tables, the learning curve, the most
// informative features and the errors.
func (r *Report) layout() []block {
	var b []block
	add := func(x block) { b = append(b, x) }
	c := r.Corpus
	g := r.Config.GroupBy
	test := r.Mode == TestMode
	if test {
		add(heading{1, "stance test: a saved model on sentences it did not train on"})
	} else {
		add(heading{1, "stance evaluation: held out by " + string(g)})
	}
	add(para{fmt.Sprintf("Corpus %s: %d sentences in %d articles and %d %s groups; %d distinct once near-duplicates are folded together (Jaccard similarity of %d-word shingles ≥ %s after normalising case, quotes, dashes, U.S./US and U.N./UN).",
		c.Name, c.Sentences, len(c.Articles), r.Config.Groups, g, c.Distinct, r.Config.ShingleSize, ftoa(r.Config.Threshold))})
	add(para{"Model: " + r.Config.Model + "."})
	if test {
		add(para{"No training: every sentence is classified by the saved model as it is. The figures mean what they say only if the model was not trained on these articles or their events."})
	} else {
		add(para{groupingText(g)})
		if g != ByArticle && r.noCatalog() {
			add(para{fmt.Sprintf("No catalog names the articles' %ss, so each article is its own %s: if several articles report one event, give --catalog, or these figures flatter the model as holding out by article does.", g, g)})
		}
		add(para{leakageText(r.Config.Leakage)})
	}
	add(para{fmt.Sprintf("Confidence intervals: 95%% percentile bootstrap, %d resamples, seed %d, over sentences and, wider and the one to read, over whole %ss (sentences of one %s are not independent).", r.Config.Resamples, r.Config.Seed, g, g)})
	if !test {
		b = append(b, r.layoutExpect()...)
	}
	art := &table{header: []string{"article", "collection", "event", "topic", "sentences", "with a near-duplicate in another article"}, right: []bool{false, false, false, false, true, true}}
	for _, a := range c.Articles {
		art.rows = append(art.rows, []string{a.ID, a.Collection, a.Event, a.Topic, itoa(a.Sentences), fmt.Sprintf("%d (%s)", a.WithTwin, pct(a.WithTwin, a.Sentences))})
	}
	add(heading{3, "Articles"})
	add(art)
	if r.Search != nil {
		b = append(b, r.Search.layout()...)
	}

	for _, t := range r.Targets {
		add(heading{1, "Target: " + string(t.Target)})
		b = append(b, t.layoutScores()...)
		b = append(b, t.layoutBaselines()...)
		b = append(b, t.layoutGeneralisation()...)
		b = append(b, t.layoutCalibration(test)...)
		for _, ev := range t.Evaluations {
			b = append(b, t.layoutConfusions(ev, len(t.Evaluations) > 1, r.Config.Resamples, r.Config.Seed)...)
		}
		b = append(b, t.layoutCurve()...)
		b = append(b, t.layoutInformative()...)
		b = append(b, t.layoutErrors()...)
	}
	return b
}

// noCatalog reports whether no article of the corpus has an event: the
// corpus came without a catalog, and each article was its own group.
func (r *Report) noCatalog() bool {
	for _, a := range r.Corpus.Articles {
		if a.Event != "" {
			return false
		}
	}
	return len(r.Corpus.Articles) > 0
}

func groupingText(g Grouping) string {
	switch g {
	case ByArticle:
		return "Folds: one article held out at a time. Other articles on the same event still train, so these figures say how the model does on another article about events it has read about, not on a new event."
	case ByTopic:
		return "Folds: one topic family held out at a time (every article on arms control, say). The strictest estimate: news of a kind the model has not read about."
	}
	return "Folds: one event held out at a time: every article about it, whatever the outlet. The model is tested on news of an event it has never read about, as it will be on new news."
}

// layoutExpect is the report's bottom line: per target, the figure to
// expect on news of a new event, and the stricter one for a new kind of
// news.
func (r *Report) layoutExpect() []block {
	study := fmt.Sprintf("study of %d events", StudyEvents)
	macro := func(c CI) Interval { return c.MacroF1 }
	favg := func(c CI) Interval { return c.FAvg }
	// A study's range has a column only where some grouping has one (a
	// corpus of more than StudyEvents events).
	studies := false
	for _, t := range r.Targets {
		for _, gs := range t.Generalisation {
			studies = studies || gs.StudySpread != nil
		}
	}
	tb := &table{header: []string{"target", "held out by", "folds", "macro-F1", "95% CI (by group)", "F_avg", "95% CI (by group)"}, right: []bool{false, false, true, true, true, true, true}}
	if studies {
		tb.header = []string{"target", "held out by", "folds", "macro-F1", "95% CI (by group)", study, "F_avg", "95% CI (by group)", study}
		tb.right = []bool{false, false, true, true, true, true, true, true, true}
	}
	// row is a grouping's row: its figure and CI, and the study's range
	// after each where the table has the column.
	row := func(target labels.Target, g Grouping, folds int, s Scores, ci CI, spread *CI) []string {
		r := []string{string(target), string(g), itoa(folds), f3(s.MacroF1), ciText(macro, ci)}
		if studies {
			r = append(r, spreadText(macro, spread))
		}
		r = append(r, f3(s.FAvg), ciText(favg, ci))
		if studies {
			r = append(r, spreadText(favg, spread))
		}
		return r
	}
	for _, t := range r.Targets {
		for _, gs := range t.Generalisation {
			tb.rows = append(tb.rows, row(t.Target, gs.GroupBy, gs.Folds, gs.Scores, gs.GroupCI, gs.StudySpread))
		}
		if len(t.Generalisation) == 0 {
			ev := t.Evaluations[0]
			tb.rows = append(tb.rows, row(t.Target, ev.GroupBy, len(ev.Folds), ev.Pooled.Scores, ev.Pooled.GroupCI, nil))
		}
	}
	spread := false // some figure has a study's range
	figure := func(t TargetReport, g Grouping) string {
		for _, gs := range t.Generalisation {
			if gs.GroupBy == g {
				f := fmt.Sprintf("%s macro-F1 %s (95%% CI %s by %s", t.Target, f3(gs.Scores.MacroF1), ciText(macro, gs.GroupCI), g)
				if gs.StudySpread != nil {
					spread = true
					f += "; one " + study + ": " + ciText(macro, *gs.StudySpread)
				}
				return f + ")"
			}
		}
		return ""
	}
	var byTopic, byEvent []string
	for _, t := range r.Targets {
		if f := figure(t, ByTopic); f != "" {
			byTopic = append(byTopic, f)
		}
		if f := figure(t, ByEvent); f != "" {
			byEvent = append(byEvent, f)
		}
	}
	b := []block{heading{2, "What to expect"}}
	switch {
	case len(byTopic) > 0 && len(byEvent) > 0:
		b = append(b, para{"On real news of an event it has not been trained on, from other writers and outlets than its training text, expect " + strings.Join(byTopic, "; ") + ". " +
			"That is the figure held out by topic family, not by event: on the built-in corpus, whose examples were written for the project, the figure held out by event ran above what nearly every set of real news of new events measured, the one held out by topic less so (README, \"How good is it?\"). " +
			"Held out by event (" + strings.Join(byEvent, "; ") + ") is what to expect on new events in text like the training text, and the upper bound. Held out by article, the figures flatter the model: other articles on the same event train."})
	case len(byEvent) > 0:
		b = append(b, para{"On news of an event it has not been trained on, expect " + strings.Join(byEvent, "; ") + ", and less on text unlike the training text (other writers and outlets). Held out by article, the figures flatter the model (other articles on the same event train)."})
	}
	if spread {
		b = append(b, para{fmt.Sprintf("The %s ranges say how far one study's figure may land from these: a set of news is a handful of events, and events differ far more than sentences do. Each is where 95%% of %d random sets of %d held-out events scored (drawn without replacement, each scored as a whole): one study's range, where the CI is the uncertainty of the pooled figure. They are drawn from this corpus's own events: news harder than any dozen of them can fall below the range (README, \"How good is it?\").", study, r.Config.Resamples, StudyEvents)})
	}
	return append(b, tb)
}

// spreadText is a study's range, or a dash where there is none (too few
// events to draw a study from).
func spreadText(get func(CI) Interval, c *CI) string {
	if c == nil {
		return "—"
	}
	return ciText(get, *c)
}

func leakageText(l Leakage) string {
	switch l {
	case Keep:
		return "Leakage guard: OFF (--leakage keep). Training keeps sentences that near-duplicate held-out ones, so these numbers measure memory of republished text as much as skill."
	case Compare:
		return "Leakage guard: compared (--leakage compare). The guarded run drops, in each fold, every training sentence that near-duplicates a held-out sentence; the naive run keeps them. The gap between the two is what the republished text inflates."
	}
	return "Leakage guard: ON. Each fold drops from training every sentence that near-duplicates a held-out sentence (see the dropped column), so a republished story cannot score by memory."
}

func (t TargetReport) layoutScores() []block {
	var b []block
	header := []string{"metric"}
	right := []bool{false}
	for _, ev := range t.Evaluations {
		sfx := ""
		if len(t.Evaluations) > 1 {
			sfx = ", " + string(ev.Leakage)
		}
		header = append(header, fmt.Sprintf("all (n=%d%s)", ev.Pooled.N, sfx), "95% CI (sentences)", "95% CI ("+string(ev.GroupBy)+"s)", fmt.Sprintf("distinct (n=%d%s)", ev.Distinct.N, sfx), "95% CI (sentences)")
		right = append(right, true, true, true, true, true)
	}
	if len(t.Evaluations) == 2 {
		header = append(header, "inflation (keep − guard, all)")
		right = append(right, true)
	}
	tb := &table{header: header, right: right}
	type metric struct {
		name string
		get  func(Scores) float64
		ci   func(CI) Interval
	}
	polar := t.Polar[0] + ", " + t.Polar[1]
	metrics := []metric{
		{"accuracy", func(s Scores) float64 { return s.Accuracy }, func(c CI) Interval { return c.Accuracy }},
		{"macro-F1", func(s Scores) float64 { return s.MacroF1 }, func(c CI) Interval { return c.MacroF1 }},
		{"F_avg (" + polar + ")", func(s Scores) float64 { return s.FAvg }, func(c CI) Interval { return c.FAvg }},
		{"weighted F1", func(s Scores) float64 { return s.WeightedF1 }, nil},
		{"Cohen's kappa", func(s Scores) float64 { return s.Kappa }, nil},
		{"Matthews corr.", func(s Scores) float64 { return s.MCC }, nil},
	}
	for _, m := range metrics {
		row := []string{m.name}
		for _, ev := range t.Evaluations {
			row = append(row, f3(m.get(ev.Pooled.Scores)), ciText(m.ci, ev.Pooled.CI), ciText(m.ci, ev.Pooled.GroupCI), f3(m.get(ev.Distinct.Scores)), ciText(m.ci, ev.Distinct.CI))
		}
		if len(t.Evaluations) == 2 {
			row = append(row, signed(m.get(t.Evaluations[1].Pooled.Scores)-m.get(t.Evaluations[0].Pooled.Scores)))
		}
		tb.rows = append(tb.rows, row)
	}
	b = append(b, heading{2, "Scores, pooled over the held-out folds"}, tb)
	for _, ev := range t.Evaluations[:1] {
		if len(ev.Collections) < 2 {
			continue
		}
		ct := &table{header: []string{"collection", "sentences", string(ev.GroupBy) + "s", "accuracy", "macro-F1", "95% CI (" + string(ev.GroupBy) + "s)", "F_avg"}, right: []bool{false, true, true, true, true, true, true}}
		for _, c := range ev.Collections {
			ct.rows = append(ct.rows, []string{c.Collection, itoa(c.N), itoa(c.Groups), f3(c.Scores.Accuracy), f3(c.Scores.MacroF1), ciText(func(c CI) Interval { return c.MacroF1 }, c.GroupCI), f3(c.Scores.FAvg)})
		}
		ct.rows = append(ct.rows, []string{"pooled", itoa(ev.Pooled.N), itoa(ev.Pooled.Groups), f3(ev.Pooled.Scores.Accuracy), f3(ev.Pooled.Scores.MacroF1), ciText(func(c CI) Interval { return c.MacroF1 }, ev.Pooled.GroupCI), f3(ev.Pooled.Scores.FAvg)})
		b = append(b, heading{3, "By collection (" + string(ev.Leakage) + ")"}, ct,
			para{"The seeds are two news stories, one republished four times; the examples were written for the project about other events. The seed figure alone says little about news in general."})
	}
	for _, ev := range t.Evaluations {
		title := "Per class (all instances)"
		if len(t.Evaluations) > 1 {
			title += ", " + string(ev.Leakage)
		}
		pc := &table{header: []string{"class", "precision", "recall", "F1", "support", "predicted"}, right: []bool{false, true, true, true, true, true}}
		var notes []string
		for _, c := range ev.Pooled.Scores.Classes {
			pc.rows = append(pc.rows, []string{c.Label, f3(c.Precision), f3(c.Recall), f3(c.F1), itoa(c.Support), itoa(c.Predicted)})
			if c.Predicted == 0 {
				notes = append(notes, fmt.Sprintf("%s was never predicted: its precision is reported as 0, not measured.", c.Label))
			}
		}
		b = append(b, heading{3, title}, pc)
		if len(notes) > 0 {
			b = append(b, para{"Note: " + strings.Join(notes, " ")})
		}
	}
	return b
}

func ciText(ci func(CI) Interval, c CI) string {
	if ci == nil {
		return ""
	}
	i := ci(c)
	return "[" + f3(i.Lo) + ", " + f3(i.Hi) + "]"
}

func (t TargetReport) layoutBaselines() []block {
	ev := t.Evaluations[0]
	tb := &table{header: []string{"predictor", "accuracy", "macro-F1", "F_avg", "model beats it? (macro-F1)", "(F_avg)"}, right: []bool{false, true, true, true, false, false}}
	s := ev.Pooled.Scores
	tb.rows = append(tb.rows, []string{"model (" + string(ev.Leakage) + ")", f3(s.Accuracy), f3(s.MacroF1), f3(s.FAvg), "", ""})
	for _, bl := range t.Baselines {
		tb.rows = append(tb.rows, []string{bl.Name, f3(bl.Scores.Accuracy), f3(bl.Scores.MacroF1), f3(bl.Scores.FAvg), bl.VerdictMacroF1, bl.VerdictFAvg})
	}
	var desc []string
	for _, bl := range t.Baselines {
		desc = append(desc, bl.Name+": "+bl.Description+".")
	}
	return []block{
		heading{2, "Baselines, on the same folds"},
		tb,
		para{strings.Join(desc, " ") + " \"beats\" means the model's whole 95% interval lies above the baseline's score; \"within CI\" means the model scores higher but its interval reaches the baseline."},
	}
}

func (t TargetReport) layoutConfusions(ev Evaluation, tagged bool, resamples int, seed uint64) []block {
	sfx := ""
	if tagged {
		sfx = " (" + string(ev.Leakage) + ")"
	}
	b := []block{heading{2, "Confusion tables" + sfx}}
	heat := heatFigure(ev.Pooled.Confusion, "Confusion heat map, "+string(t.Target)+sfx+": each gold label's share predicted as each label")
	if ev.Leakage == "" { // a test: one pooled table, and the scores by group
		b = append(b, heading{3, "Counts (rows gold, columns predicted)"}, countTable(ev.Pooled.Confusion),
			heading{3, "Row-normalised (each row's share of its gold label)"}, heat, shareTable(ev.Pooled.Confusion))
		gt := &table{header: []string{string(ev.GroupBy), "sentences", "accuracy", "macro-F1", "F_avg"}, right: []bool{false, true, true, true, true}}
		for _, f := range ev.Folds {
			gt.rows = append(gt.rows, []string{f.Group, itoa(f.Test), f3(f.Scores.Accuracy), f3(f.Scores.MacroF1), f3(f.Scores.FAvg)})
		}
		return append(b, heading{3, "By " + string(ev.GroupBy)}, t.foldsFigure(ev, resamples, seed), gt,
			para{fmt.Sprintf("The same predictions, scored %s by %s: how far the pooled figure varies from one to the next. A few dozen sentences give a wide interval; the pooled figure's interval by %s resamples them whole.", ev.GroupBy, ev.GroupBy, ev.GroupBy)})
	}
	b = append(b, heading{3, "Pooled over all folds: counts (rows gold, columns predicted)"}, countTable(ev.Pooled.Confusion))
	b = append(b, heading{3, "Pooled over all folds: row-normalised (each row's share of its gold label)"}, heat, shareTable(ev.Pooled.Confusion))
	ft := &table{header: []string{"held-out " + string(ev.GroupBy), "train", "dropped near-duplicates", "test", "accuracy", "macro-F1", "F_avg"}, right: []bool{false, true, true, true, true, true, true}}
	for _, f := range ev.Folds {
		ft.rows = append(ft.rows, []string{f.Group, itoa(f.Train), itoa(f.Dropped), itoa(f.Test), f3(f.Scores.Accuracy), f3(f.Scores.MacroF1), f3(f.Scores.FAvg)})
	}
	b = append(b, heading{3, "Folds" + sfx}, t.foldsFigure(ev, resamples, seed), ft)
	if len(ev.Folds) > maxFoldTables {
		return append(b, para{fmt.Sprintf("%d folds: their confusion tables are in the JSON report (folds[].confusion), not drawn here.", len(ev.Folds))})
	}
	var g grid
	for _, f := range ev.Folds {
		g.cells = append(g.cells, []block{
			heading{3, "Fold " + f.Group + ": counts"}, countTable(f.Confusion),
			heading{3, "Fold " + f.Group + ": row-normalised"}, shareTable(f.Confusion),
		})
	}
	return append(b, g)
}

// countTable draws a confusion table of counts with row and column totals.
func countTable(c *Confusion) *table {
	tb := confusionTable(c, "total", func(i, j int) string { return itoa(c.Counts[i][j]) })
	foot := []string{"total"}
	for j := range c.Labels {
		foot = append(foot, itoa(c.ColTotal(j)))
	}
	tb.footer = append(foot, itoa(c.Total()))
	return tb
}

// shareTable draws a row-normalised confusion table.
func shareTable(c *Confusion) *table {
	share := c.RowNormalised()
	return confusionTable(c, "n", func(i, j int) string { return f3(share[i][j]) })
}

// confusionTable lays out gold labels as rows and predicted labels as
// columns, with cell(i, j) in each cell and the row total in a last column
// headed last. Every body cell is shaded by its row share in HTML.
func confusionTable(c *Confusion, last string, cell func(i, j int) string) *table {
	k := len(c.Labels)
	tb := &table{header: append(append([]string{`gold \ predicted`}, c.Labels...), last), right: make([]bool, k+2)}
	for i := 1; i < len(tb.right); i++ {
		tb.right[i] = true
	}
	share := c.RowNormalised()
	for i, l := range c.Labels {
		row := []string{l}
		for j := range c.Labels {
			row = append(row, cell(i, j))
		}
		tb.rows = append(tb.rows, append(row, itoa(c.RowTotal(i))))
		tb.heat = append(tb.heat, share[i])
	}
	return tb
}

// maxFoldTables is the most folds whose confusion tables the report
// draws one by one.
const maxFoldTables = 8

func (t TargetReport) layoutGeneralisation() []block {
	if len(t.Generalisation) == 0 {
		return nil
	}
	header := []string{"held out by", "folds", "accuracy", "macro-F1", "95% CI (by group)", "F_avg"}
	right := []bool{false, true, true, true, true, true}
	for _, c := range t.Generalisation[0].Collections {
		header = append(header, "macro-F1, "+c.Collection)
		right = append(right, true)
	}
	tb := &table{header: header, right: right}
	for _, gs := range t.Generalisation {
		row := []string{string(gs.GroupBy), itoa(gs.Folds), f3(gs.Scores.Accuracy), f3(gs.Scores.MacroF1), ciText(func(c CI) Interval { return c.MacroF1 }, gs.GroupCI), f3(gs.Scores.FAvg)}
		for _, c := range gs.Collections {
			row = append(row, f3(c.Scores.MacroF1))
		}
		tb.rows = append(tb.rows, row)
	}
	return []block{
		heading{2, "How far the figures carry (leakage guard on)"},
		tb,
		para{"The same model and settings, cross-validated three ways: holding out an article, a whole event, or a whole topic family. The drop from article to event is what knowing the story was worth; use the event row for news of a new event and the topic row for news of a new kind."},
	}
}

func (t TargetReport) layoutCalibration(test bool) []block {
	ev := t.Evaluations[0]
	cr := ev.Calibration
	sum := &table{header: []string{"probabilities", "ECE", "Brier", "log-loss", "mean confidence", "accuracy"}, right: []bool{false, true, true, true, true, true}}
	names := [2]string{"naive Bayes, as is", "calibrated (cross-fitted temperature and offsets)"}
	explain := fmt.Sprintf("Calibration divides the log-scores by a temperature fitted, for each block of folds, on the held-out predictions of the other blocks, then adds decision offsets fitted on the same predictions for macro-F1; on all held-out predictions the temperature is %s, with %s, which 'stance train' stores in the model. A temperature cannot change a label, only how sure the model says it is; the offsets move the boundaries between labels, and every label in this report is chosen with them.", ftoa(cr.Temperature), offsetsText(t.Labels, cr.Offsets))
	if test {
		names = [2]string{"naive Bayes at temperature 1, no offsets", fmt.Sprintf("the model's, at its stored temperature %.2f and offsets", cr.Temperature)}
		explain = fmt.Sprintf("The model's temperature and decision offsets (%s) were fitted when it was trained, on its own held-out events; here they meet sentences they were not fitted on. Every label in this report is the model's, offsets and all.", offsetsText(t.Labels, cr.Offsets))
	}
	if cr.Context != 0 {
		explain += fmt.Sprintf(" Each sentence is read in the context of its article: the mean log-scores of the article's other sentences (each centred on its own mean), times a weight of %s fitted together with the temperature by log-loss, are added to the sentence's own before the temperature.", ftoa(cr.Context))
		if !test {
			explain += " The weight is cross-fitted like the temperature."
		}
	}
	for _, row := range []struct {
		name string
		c    Calibration
	}{{names[0], cr.Raw}, {names[1], cr.Calibrated}} {
		sum.rows = append(sum.rows, []string{row.name, f3(row.c.ECE), f3(row.c.Brier), f3(row.c.LogLoss), f3(row.c.MeanConfidence), f3(row.c.Accuracy)})
	}
	rel := &table{header: []string{"confidence", "sentences", "mean confidence", "accuracy", "gap"}, right: []bool{false, true, true, true, true}}
	for _, bin := range cr.Calibrated.Reliability {
		if bin.N == 0 {
			continue
		}
		rel.rows = append(rel.rows, []string{f2(bin.Lo) + "–" + f2(bin.Hi), itoa(bin.N), f3(bin.Confidence), f3(bin.Accuracy), signed(bin.Accuracy - bin.Confidence)})
	}
	blocks := []block{
		heading{2, "Calibration: can the probabilities be taken at their word?"},
		sum,
		para{fmt.Sprintf("ECE: expected calibration error over %d confidence bins (0 is perfect). Brier: mean squared error of the probabilities (always answering one third each scores 0.667). %s", Bins, explain)},
	}
	if r := cr.Calibrated.IfCalibrated; r != nil {
		blocks = append(blocks, para{fmt.Sprintf("A sample shows some ECE even when every probability is right. Had each of these %s predictions been correct with exactly the probability the calibrated model gave its label, the ECE would have been %s (95%% of %s draws between %s and %s; consistency resampling, Bröcker and Smith 2007): an ECE above %s is more than the sample's size explains.",
			itoa(totalN(cr.Calibrated)), f3(r.Median), itoa(r.Draws), f3(r.Lo), f3(r.Hi), f3(r.Hi))})
	}
	return append(blocks,
		reliability{cr},
		heading{3, "Reliability after calibration"},
		rel,
	)
}

func f2(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func (t TargetReport) layoutCurve() []block {
	if len(t.Curve) == 0 {
		return nil
	}
	tb := &table{header: []string{"share of each fold's training set", "mean training sentences", "accuracy", "macro-F1", "F_avg"}, right: []bool{true, true, true, true, true}}
	for _, p := range t.Curve {
		tb.rows = append(tb.rows, []string{strconv.Itoa(int(p.Fraction*100+0.5)) + "%", strconv.FormatFloat(p.Train, 'f', 1, 64), f3(p.Accuracy), f3(p.MacroF1), f3(p.FAvg)})
	}
	return []block{
		heading{2, "Learning curve (" + string(t.Evaluations[0].Leakage) + ", pooled)"},
		t.curveFigure(),
		tb,
		para{t.curveNote()},
	}
}

// curveNote says how the curve was made and how to read it.
func (t TargetReport) curveNote() string {
	note := "Each fold trains on a seeded random share of its training sentences."
	if n := t.Curve[0].Folds; n > 0 && n != len(t.Evaluations[0].Folds) {
		note += fmt.Sprintf(" The curve has %d folds of its own, blocks of whole groups (a curve over every group would train that many models per point), so its 100%% point can differ a little from the figures above.", n)
	}
	return note + " A curve still rising at 100% says more labelled articles would help."
}

func (t TargetReport) layoutInformative() []block {
	if len(t.Informative) == 0 {
		return nil
	}
	var header []string
	var right []bool
	rows := 0
	for _, cf := range t.Informative {
		header = append(header, cf.Label, "LLR")
		right = append(right, false, true)
		rows = max(rows, len(cf.Features))
	}
	tb := &table{header: header, right: right}
	for i := range rows {
		var row []string
		for _, cf := range t.Informative {
			if i < len(cf.Features) {
				row = append(row, cf.Features[i].Feature, strconv.FormatFloat(cf.Features[i].Weight, 'f', 2, 64))
			} else {
				row = append(row, "", "")
			}
		}
		tb.rows = append(tb.rows, row)
	}
	return []block{
		heading{2, "Most informative features, per class (model trained on the whole corpus)"},
		tb,
		para{"LLR is the log-likelihood ratio log P(feature | class) − log P(feature | the other classes), smoothed as the model is; only features seen in training are listed."},
	}
}

func (t TargetReport) layoutErrors() []block {
	ev := t.Evaluations[0]
	var items []errorItem
	for _, p := range ev.Outcomes {
		if !p.Correct() {
			items = append(items, errorItem{p})
		}
	}
	return []block{
		heading{2, fmt.Sprintf("Errors (%s): %d of %d sentences misclassified", ev.Leakage, len(items), len(ev.Outcomes))},
		para{"Each held-out sentence the model got wrong, with its confidence in the wrong label and the features that pushed it there: weight = count × (log P(f | predicted) − log P(f | gold))."},
		list{items},
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func pct(n, d int) string {
	if d == 0 {
		return "0%"
	}
	return strconv.Itoa(int(float64(n)*100/float64(d)+0.5)) + "%"
}

func signed(f float64) string {
	if f >= 0 {
		return "+" + f3(f)
	}
	return f3(f)
}

// towardText lists the features that pushed a sentence toward its wrong
// label: "<cue:obstacle> +1.23, distrust +0.91".
func towardText(p Outcome) string {
	return classify.JoinContributions(p.Toward, "(no feature favours it: the prior decided)")
}

func (s *SearchReport) layout() []block {
	tb := &table{header: []string{"held-out group", "setting chosen from the other groups", "inner score"}, right: []bool{false, false, true}}
	for _, f := range s.Folds {
		tb.rows = append(tb.rows, []string{f.Group, f.Chosen, f3(f.InnerScore)})
	}
	return []block{
		heading{2, "Settings chosen by nested search"},
		para{fmt.Sprintf("Each fold chose among %d settings by the %s. The held-out group was never looked at; the scores below are for each fold's own choice.", s.Candidates, s.Criterion)},
		tb,
		para{fmt.Sprintf("On the whole corpus the same search selects: %s (inner score %s). That is what 'stance train' should use on this data.", s.Selected, f3(s.SelectedScore))},
	}
}

// offsetsText writes decision offsets as "opening -0.10, neutral +0.15",
// the labels' at 0 left out, or "no offsets".
func offsetsText(labels []string, off []float64) string {
	var parts []string
	for c, o := range off {
		if o != 0 {
			parts = append(parts, fmt.Sprintf("%s %+.2f", labels[c], o))
		}
	}
	if len(parts) == 0 {
		return "no offsets"
	}
	return "offsets " + strings.Join(parts, ", ")
}
