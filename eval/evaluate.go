package eval

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// Leakage says what a fold does with training sentences that
// near-duplicate a sentence of the held-out article.
type Leakage string

const (
	// Guard drops them from training: the default, and the honest number.
	Guard Leakage = "guard"
	// Keep trains on them: the naive number most tools report.
	Keep Leakage = "keep"
	// Compare runs both and reports them side by side.
	Compare Leakage = "compare"
)

// ParseLeakage returns the Leakage named s.
func ParseLeakage(s string) (Leakage, error) {
	switch l := Leakage(s); l {
	case Guard, Keep, Compare:
		return l, nil
	}
	return "", fmt.Errorf("unknown leakage mode %q (want guard, keep or compare)", s)
}

// Config is everything an evaluation depends on besides the corpus.
type Config struct {
	Targets   []labels.Target
	Train     classify.Options
	Leakage   Leakage
	Threshold float64 // near-duplicate similarity; see DefaultThreshold
	Seed      uint64  // bootstrap, baselines and learning curve
	Resamples int     // bootstrap resamples
	Curve     []float64
	Explain   int // features listed per misclassified sentence
	TopFeat   int // most informative features listed per class
	// Search chooses the model settings per fold by an inner
	// leave-one-article-out over that fold's training articles only.
	Search bool
	// Progress, if set, is told what is being done, for a progress line.
	Progress func(what string)
}

func (c Config) progress(format string, args ...any) {
	if c.Progress != nil {
		c.Progress(fmt.Sprintf(format, args...))
	}
}

// DefaultConfig returns the configuration of `stance eval` without flags.
func DefaultConfig() Config {
	return Config{
		Targets:   labels.Targets(),
		Train:     classify.DefaultOptions(),
		Leakage:   Guard,
		Threshold: DefaultThreshold,
		Seed:      1,
		Resamples: 1000,
		Curve:     []float64{0.25, 0.5, 0.75, 1},
		Explain:   5,
		TopFeat:   10,
	}
}

// ErrOneArticle is returned when leave-one-article-out is impossible.
var ErrOneArticle = errors.New("leave-one-article-out needs at least two articles")

// fold is one held-out article and what trains for it.
type fold struct {
	article string
	test    []int // record indices
	train   []int
	dropped int // near-duplicates of the test article removed from training
}

// leaveOneArticleOut builds one fold per article, in first-seen order:
// the article's sentences are the test set and every other sentence trains,
// except, under Guard, sentences that near-duplicate a test sentence.
func leaveOneArticleOut(recs []labels.Record, leak Leakage, tw [][]int) []fold {
	all := make([]int, len(recs))
	for i := range all {
		all[i] = i
	}
	return foldsOver(recs, all, tw, leak)
}

// foldsOver is leave-one-article-out over the sentences idx only (all of
// them for the outer folds, one fold's training set for the inner search).
func foldsOver(recs []labels.Record, idx []int, tw [][]int, leak Leakage) []fold {
	var arts []string
	seen := make(map[string]bool)
	for _, i := range idx {
		if a := recs[i].Article; !seen[a] {
			seen[a] = true
			arts = append(arts, a)
		}
	}
	var folds []fold
	for _, a := range arts {
		f := fold{article: a}
		near := make(map[int]bool)
		for _, i := range idx {
			if recs[i].Article == a {
				f.test = append(f.test, i)
				for _, j := range tw[i] {
					near[j] = true
				}
			}
		}
		for _, i := range idx {
			if recs[i].Article == a {
				continue
			}
			if leak == Guard && near[i] {
				f.dropped++
				continue
			}
			f.train = append(f.train, i)
		}
		folds = append(folds, f)
	}
	return folds
}

func subset(recs []labels.Record, idx []int) []labels.Record {
	out := make([]labels.Record, len(idx))
	for k, i := range idx {
		out[k] = recs[i]
	}
	return out
}

// predicted is one held-out prediction for every target.
type predicted struct {
	labels []string    // per target
	probs  [][]float64 // per target
	toward [][]classify.Contribution
}

// runFolds trains and predicts every fold. train limits each fold's
// training set (for the learning curve); nil keeps all of it.
func runFolds(trainer func(fold int) *classify.Trainer, recs []labels.Record, folds []fold, cfg Config, explain bool, limit func(f int, train []int) []int) ([]predicted, error) {
	out := make([]predicted, len(recs))
	for fi, f := range folds {
		cfg.progress("fold %d of %d: %s", fi+1, len(folds), f.article)
		train := f.train
		if limit != nil {
			train = limit(fi, train)
		}
		if len(train) == 0 {
			return nil, fmt.Errorf("fold %s: no training sentences left (every other sentence near-duplicates this article; try --leakage keep to see the naive number)", f.article)
		}
		tr := trainer(fi)
		m, err := tr.Train(subset(recs, train))
		if err != nil {
			return nil, fmt.Errorf("fold %s: %w", f.article, err)
		}
		s := tr.Scorer(m)
		for _, i := range f.test {
			preds := s.Score(recs[i].Text)
			var p predicted
			for ti, pr := range preds {
				p.labels = append(p.labels, pr.Label())
				p.probs = append(p.probs, slices.Clone(pr.Probs))
				var tw []classify.Contribution
				gold := slices.Index(pr.Labels, recs[i].Label(pr.Target))
				if explain && gold != pr.Best && gold >= 0 {
					tw = s.Contributions(ti, pr.Best, gold, cfg.Explain)
				}
				p.toward = append(p.toward, tw)
			}
			out[i] = p
		}
	}
	return out, nil
}

// targetIndex is the position of target in a model's targets.
func targetIndex(t labels.Target) int { return slices.Index(labels.Targets(), t) }

// Evaluate runs leave-one-article-out over recs and returns the report.
// name identifies the corpus in the report.
func Evaluate(recs []labels.Record, name string, cfg Config) (*Report, error) {
	arts := labels.Articles(recs)
	if len(arts) < 2 {
		return nil, fmt.Errorf("%w; %s has %d (%v): add articles, or use 'stance train' to fit on all of it", ErrOneArticle, name, len(arts), arts)
	}
	if cfg.Resamples < 1 {
		return nil, fmt.Errorf("resamples %d: want at least 1", cfg.Resamples)
	}
	tr, err := classify.NewTrainer(cfg.Train)
	if err != nil {
		return nil, err
	}
	sh := shingleSets(recs)
	tw := twins(recs, sh, cfg.Threshold)
	cl := clusters(recs, sh, cfg.Threshold)
	rep := newReport(recs, name, cfg, tw, cl)
	trainer := func(int) *classify.Trainer { return tr }
	if cfg.Search {
		s, err := newSearch(recs, tw, cfg)
		if err != nil {
			return nil, err
		}
		res, chosen, err := s.run(leaveOneArticleOut(recs, searchLeakage(cfg.Leakage), tw))
		if err != nil {
			return nil, err
		}
		rep.Search = res
		trainer = func(fi int) *classify.Trainer { return s.trainers[chosen[fi]] }
		// The curve and the informative features describe the setting
		// selected on the whole corpus, the one 'stance train' would use.
		tr = s.trainers[res.SelectedIndex]
	}

	modes := []Leakage{cfg.Leakage}
	if cfg.Leakage == Compare {
		modes = []Leakage{Guard, Keep}
	}
	type modeRun struct {
		leak  Leakage
		folds []fold
		preds []predicted
	}
	var runs []modeRun
	for _, leak := range modes {
		folds := leaveOneArticleOut(recs, leak, tw)
		preds, err := runFolds(trainer, recs, folds, cfg, true, nil)
		if err != nil {
			return nil, err
		}
		runs = append(runs, modeRun{leak, folds, preds})
	}
	primary := runs[0]

	var curve [][]CurvePoint // per target
	if len(cfg.Curve) > 0 {
		curve = learningCurve(tr, recs, primary.folds, cfg)
	}
	full, err := tr.Train(recs)
	if err != nil {
		return nil, err
	}
	for _, target := range cfg.Targets {
		tr := TargetReport{Target: target, Labels: target.Labels(), Polar: target.Polar()}
		mi := targetIndex(target)
		for _, run := range runs {
			tr.Evaluations = append(tr.Evaluations, evaluation(recs, run.leak, run.folds, run.preds, mi, target, cl, cfg))
		}
		tr.Baselines = baselines(recs, primary.folds, target, tr.Evaluations[0], cfg)
		if curve != nil {
			tr.Curve = curve[mi]
		}
		inf := full.Informative(target, cfg.TopFeat)
		for _, l := range target.Labels() {
			tr.Informative = append(tr.Informative, ClassFeatures{Label: l, Features: inf[l]})
		}
		rep.Targets = append(rep.Targets, tr)
	}
	return rep, nil
}

// evaluation assembles one leakage mode's results for one target.
func evaluation(recs []labels.Record, leak Leakage, folds []fold, preds []predicted, mi int, target labels.Target, cl []int, cfg Config) Evaluation {
	ls := target.Labels()
	polar := target.Polar()
	ev := Evaluation{Leakage: leak}
	pooled := NewConfusion(ls)
	var gold, pred []string
	for _, f := range folds {
		c := NewConfusion(ls)
		for _, i := range f.test {
			c.Add(recs[i].Label(target), preds[i].labels[mi])
		}
		pooled.Merge(c)
		ev.Folds = append(ev.Folds, Fold{Article: f.article, Train: len(f.train), Dropped: f.dropped, Test: len(f.test), Confusion: c, Scores: c.Scores(polar)})
	}
	for i, r := range recs {
		gold = append(gold, r.Label(target))
		pred = append(pred, preds[i].labels[mi])
		p := preds[i]
		probs := make(map[string]float64, len(ls))
		for c, l := range ls {
			probs[l] = p.probs[mi][c]
		}
		ev.Predictions = append(ev.Predictions, Prediction{
			Article: r.Article, Index: r.Index, Text: r.Text, Target: target,
			Gold: r.Label(target), Predicted: p.labels[mi], Confidence: probs[p.labels[mi]],
			Probs: probs, Toward: p.toward[mi],
		})
	}
	ev.Pooled = result(pooled, polar, gold, pred, cfg)
	// Distinct sentences: each near-duplicate cluster once, through its
	// first member (in corpus order) and that member's own held-out
	// prediction.
	distinct := NewConfusion(ls)
	var dg, dp []string
	for i := range recs {
		if cl[i] == i {
			distinct.Add(gold[i], pred[i])
			dg, dp = append(dg, gold[i]), append(dp, pred[i])
		}
	}
	ev.Distinct = result(distinct, polar, dg, dp, cfg)
	return ev
}

func result(c *Confusion, polar [2]string, gold, pred []string, cfg Config) Result {
	return Result{N: c.Total(), Confusion: c, Scores: c.Scores(polar), CI: Bootstrap(c.Labels, polar, gold, pred, cfg.Resamples, cfg.Seed)}
}

// learningCurve trains each fold on a seeded random share of its training
// sentences, for every fraction in cfg.Curve, and pools the predictions.
func learningCurve(tr *classify.Trainer, recs []labels.Record, folds []fold, cfg Config) [][]CurvePoint {
	out := make([][]CurvePoint, len(labels.Targets()))
	for k, frac := range cfg.Curve {
		used := 0
		limit := func(fi int, train []int) []int {
			rng := rand.New(rand.NewPCG(cfg.Seed, uint64(k)<<32|uint64(fi)))
			idx := slices.Clone(train)
			rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
			n := max(1, int(math.Ceil(frac*float64(len(idx)))))
			used += n
			idx = idx[:n]
			slices.Sort(idx)
			return idx
		}
		preds, err := runFolds(func(int) *classify.Trainer { return tr }, recs, folds, cfg, false, limit)
		for mi, target := range labels.Targets() {
			pt := CurvePoint{Fraction: frac, Train: float64(used) / float64(len(folds))}
			if err == nil {
				c := NewConfusion(target.Labels())
				for i, r := range recs {
					c.Add(r.Label(target), preds[i].labels[mi])
				}
				s := c.Scores(target.Polar())
				pt.MacroF1, pt.FAvg, pt.Accuracy = s.MacroF1, s.FAvg, s.Accuracy
			}
			out[mi] = append(out[mi], pt)
		}
	}
	return out
}

// Split is one fold of leave-one-article-out: the held-out article and the
// record indices that train and test it. Dropped counts the training
// sentences removed as near-duplicates of the test article.
type Split struct {
	Article string `json:"article"`
	Train   []int  `json:"train"`
	Test    []int  `json:"test"`
	Dropped int    `json:"dropped"`
}

// Splits returns the folds Evaluate uses for recs, so other tools (the
// scikit-learn comparison in scripts/) can be run on exactly the same
// training and test sets. leak must be Guard or Keep.
func Splits(recs []labels.Record, leak Leakage, threshold float64) []Split {
	var out []Split
	for _, f := range leaveOneArticleOut(recs, leak, twins(recs, shingleSets(recs), threshold)) {
		out = append(out, Split{Article: f.article, Train: f.train, Test: f.test, Dropped: f.dropped})
	}
	return out
}
