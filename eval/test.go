package eval

import (
	"fmt"
	"slices"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// Test scores a trained model on labelled sentences, as `fasttext test`
// and Weka's -T do: no training, no folds, the same metrics, confusion
// tables, calibration and formats as Evaluate. The sentences should be of
// articles and events the model was not trained on, or the figures
// measure memory. Intervals resample cfg.GroupBy groups (events when
// cfg.Catalog knows them, else articles) as well as sentences. Baselines
// take their label proportions from the model's own training counts.
func Test(m *classify.Model, recs []labels.Record, name string, cfg Config) (*Report, error) {
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: no sentences to test on", name)
	}
	if cfg.Resamples < 1 {
		return nil, fmt.Errorf("resamples %d: want at least 1", cfg.Resamples)
	}
	if cfg.GroupBy == "" {
		cfg.GroupBy = ByEvent
	}
	cfg.Train = m.Options
	cfg.Leakage = Keep // nothing is trained here: there is nothing to guard
	cfg.Search = false
	group := groupKeys(recs, cfg.Catalog, cfg.GroupBy)
	nd := findNearDuplicates(recs, cfg.Threshold)
	rep := newReport(recs, name, cfg, nd.twins, nd.cluster)
	rep.Mode = TestMode
	rep.Config.Model = m.String() + "; " + modelSummary(m.Options)

	preds := testPredictions(m, recs, cfg)
	// One fold per group, none trained: the report's table of scores by
	// event (or article) shows how far the pooled figure varies.
	var folds []fold
	for _, members := range groupMembers(group) {
		folds = append(folds, fold{group: group[members[0]], test: members})
	}
	for _, target := range cfg.Targets {
		mi := targetIndex(target)
		t := m.Target(target)
		cal := testCalibration(recs, preds, mi, target, t, cfg)
		trep := TargetReport{Target: target, Labels: target.Labels(), Polar: target.Polar()}
		ev := evaluation(recs, group, Keep, folds, preds, cal, mi, target, nd.cluster, cfg)
		ev.Leakage = ""
		trep.Evaluations = append(trep.Evaluations, ev)
		trep.Baselines = testBaselines(recs, t, target, ev, cfg)
		inf := m.Informative(target, cfg.TopFeat)
		for _, l := range target.Labels() {
			trep.Informative = append(trep.Informative, ClassFeatures{Label: l, Features: inf[l]})
		}
		rep.Targets = append(rep.Targets, trep)
	}
	return rep, nil
}

// testPredictions scores every sentence of recs with m as classify does:
// each in the context of its article's other sentences
// (classify.Model.InContext), and, for a wrong label, the cfg.Explain
// features that pushed it there.
func testPredictions(m *classify.Model, recs []labels.Record, cfg Config) []predicted {
	s := m.NewScorer()
	all := make([][]classify.Prediction, len(recs))
	for i, r := range recs {
		cfg.progress("sentence %d of %d", i+1, len(recs))
		all[i] = classify.ClonePredictions(s.ScoreLogits(r.Text)) // InContext makes the probabilities
	}
	for _, run := range labels.ArticleRuns(recs, nil) {
		sents := make([][]classify.Prediction, len(run))
		for j, i := range run {
			sents[j] = all[i]
		}
		m.InContext(sents)
	}
	preds := make([]predicted, len(recs))
	for i, r := range recs {
		p := predicted{}
		scored := false
		for ti, pr := range all[i] {
			p.labels = append(p.labels, pr.Label())
			p.probs = append(p.probs, pr.Probs)
			p.logits = append(p.logits, pr.Logits)
			p.noEvidence = pr.NoEvidence
			var tw []classify.Contribution
			gold := slices.Index(pr.Labels, r.Label(pr.Target))
			if gold != pr.Best && gold >= 0 {
				if !scored { // the scorer's features are the last text's
					s.Score(r.Text)
					scored = true
				}
				tw = classify.AddContext(slices.Clone(s.Contributions(ti, pr.Best, gold, cfg.Explain)), pr, pr.Best, gold, cfg.Explain)
			}
			p.toward = append(p.toward, tw)
		}
		preds[i] = p
	}
	return preds
}

// testCalibration measures the model's probabilities and labels as it
// gives them (with its stored temperature and decision offsets, t's)
// against the same predictions at temperature 1 without offsets, so the
// report shows what the calibration does on data it was not fitted on.
func testCalibration(recs []labels.Record, preds []predicted, mi int, target labels.Target, t *classify.Target, cfg Config) foldCalibration {
	ls := target.Labels()
	fc := foldCalibration{probs: make([][]float64, len(recs)), labels: make([]string, len(recs)),
		report: CalibrationReport{Temperature: t.Temperature, Context: t.Context, Offsets: t.Offsets}}
	gold := make([]int, len(recs))
	raw := make([][]float64, len(recs))
	for i, r := range recs {
		gold[i] = slices.Index(ls, r.Label(target))
		fc.probs[i], fc.labels[i] = preds[i].probs[mi], preds[i].labels[mi]
		raw[i] = preds[i].probs[mi]
		if !preds[i].noEvidence {
			raw[i] = softmaxT(preds[i].logits[mi], 1)
		}
	}
	fc.report.Raw = Measure(raw, gold)
	fc.report.Calibrated = Measure(fc.probs, gold)
	fc.report.Calibrated.IfCalibrated = consistentECE(fc.probs, cfg.Resamples, cfg.Seed)
	return fc
}

// testBaselines are the baselines of Evaluate with the training label
// proportions taken from the model.
func testBaselines(recs []labels.Record, t *classify.Target, target labels.Target, model Evaluation, cfg Config) []Baseline {
	var train []labels.Record
	for c, n := range t.Docs {
		for range n {
			r := labels.Record{Stance: target.Neutral(), Sentiment: target.Neutral()}
			if target == labels.Stance {
				r.Stance = t.Labels[c]
			} else {
				r.Sentiment = t.Labels[c]
			}
			train = append(train, r)
		}
	}
	all := append(slices.Clone(train), recs...)
	f := fold{group: "all", n: len(all)}
	for i := range recs {
		f.test = append(f.test, len(train)+i)
		f.out = append(f.out, int32(len(train)+i))
	}
	return baselines(all, []fold{f}, target, model, cfg)
}
