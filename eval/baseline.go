package eval

import (
	"math/rand/v2"
	"slices"

	"github.com/jonreiter/govader"

	"github.com/stance-nlp/stance/labels"
)

// stratifiedDraws is how many random labelings estimate the expected
// scores of the stratified random baseline.
const stratifiedDraws = 200

// baselines scores the simple predictors on the same folds as the model and
// says whether the model beats each beyond its confidence interval.
func baselines(recs []labels.Record, folds []fold, target labels.Target, model Evaluation, cfg Config) []Baseline {
	polar := target.Polar()
	var out []Baseline

	maj := crossLabel(&majorityLabeler{target: target}, recs, folds, target)
	out = append(out, Baseline{Name: "majority", Description: "the most frequent label of each fold's training sentences", Scores: maj.Scores(polar)})

	// Stratified random: its expected scores are estimated by averaging
	// many seeded draws.
	strat := &stratifiedLabeler{target: target, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed))}
	var sum Scores
	for range stratifiedDraws {
		addScores(&sum, crossLabel(strat, recs, folds, target).Scores(polar))
	}
	out = append(out, Baseline{Name: "stratified", Description: "random labels in each fold's training proportions (expected scores over 200 seeded draws)", Scores: scaleScores(sum, 1/float64(stratifiedDraws))})

	if target == labels.Sentiment {
		v := crossLabel(vaderLabeler{govader.NewSentimentIntensityAnalyzer()}, recs, folds, target)
		out = append(out, Baseline{Name: "vader", Description: "VADER lexicon, no training: compound ≥ 0.05 positive, ≤ −0.05 negative", Scores: v.Scores(polar)})
	}
	for i := range out {
		out[i].VerdictMacroF1 = verdict(model.Pooled.Scores.MacroF1, model.Pooled.CI.MacroF1, out[i].Scores.MacroF1)
		out[i].VerdictFAvg = verdict(model.Pooled.Scores.FAvg, model.Pooled.CI.FAvg, out[i].Scores.FAvg)
	}
	return out
}

// majorityLabeler gives every sentence the most frequent label of its
// training sentences.
type majorityLabeler struct {
	target labels.Target
	label  string
}

func (m *majorityLabeler) Fit(recs []labels.Record, train []int) {
	m.label = majority(recs, train, m.target)
}

func (m *majorityLabeler) Label(labels.Record) string { return m.label }

// stratifiedLabeler draws each label at random in its training
// sentences' proportions.
type stratifiedLabeler struct {
	target labels.Target
	rng    *rand.Rand
	recs   []labels.Record
	train  []int // the training sentences, indices into recs (not copied: Fit runs 200 times a fold)
	// Or, fitted by fitFold, the fold whose training sentences they are
	// (train nil).
	fold fold
}

func (s *stratifiedLabeler) Fit(recs []labels.Record, train []int) { s.recs, s.train = recs, train }

func (s *stratifiedLabeler) fitFold(recs []labels.Record, f fold) {
	s.recs, s.train, s.fold = recs, nil, f
}

func (s *stratifiedLabeler) Label(labels.Record) string {
	if s.train == nil {
		// The same draw as from the list of training sentences.
		return s.recs[s.fold.nthTrain(s.rng.IntN(s.fold.trainLen()))].Label(s.target)
	}
	return s.recs[s.train[s.rng.IntN(len(s.train))]].Label(s.target)
}

// vaderLabeler labels sentiment by VADER's compound score; it needs no
// training.
type vaderLabeler struct {
	v *govader.SentimentIntensityAnalyzer
}

func (vaderLabeler) Fit([]labels.Record, []int) {}

func (l vaderLabeler) Label(r labels.Record) string {
	return vaderLabel(l.v.PolarityScores(r.Text).Compound)
}

// vaderLabel maps a VADER compound score to a sentiment label with the
// thresholds its authors recommend.
func vaderLabel(compound float64) string {
	switch {
	case compound >= 0.05:
		return labels.Sentiment.Positive()
	case compound <= -0.05:
		return labels.Sentiment.Negative()
	}
	return labels.Sentiment.Neutral()
}

// verdict compares a baseline score with the model's interval: the model
// beats it only if the whole 95% interval lies above it.
func verdict(model float64, ci Interval, baseline float64) string {
	switch {
	case ci.Lo > baseline:
		return "beats"
	case model > baseline:
		return "within CI"
	}
	return "loses"
}

// majority returns the most frequent label among idx, ties to the earlier
// label in codebook order.
func majority(recs []labels.Record, idx []int, target labels.Target) string {
	ls := target.Labels()
	n := make([]int, len(ls))
	for _, i := range idx {
		n[slices.Index(ls, recs[i].Label(target))]++
	}
	best := 0
	for c := range n {
		if n[c] > n[best] {
			best = c
		}
	}
	return ls[best]
}

func addScores(sum *Scores, s Scores) {
	if sum.Classes == nil {
		sum.Classes = make([]ClassScore, len(s.Classes))
		for i, c := range s.Classes {
			sum.Classes[i].Label = c.Label
		}
	}
	sum.N = s.N
	for i, c := range s.Classes {
		sum.Classes[i].Precision += c.Precision
		sum.Classes[i].Recall += c.Recall
		sum.Classes[i].F1 += c.F1
		sum.Classes[i].Support = c.Support
		sum.Classes[i].Predicted += c.Predicted
	}
	sum.Accuracy += s.Accuracy
	sum.MacroF1 += s.MacroF1
	sum.WeightedF1 += s.WeightedF1
	sum.Kappa += s.Kappa
	sum.MCC += s.MCC
	sum.FAvg += s.FAvg
}

func scaleScores(s Scores, k float64) Scores {
	for i := range s.Classes {
		s.Classes[i].Precision *= k
		s.Classes[i].Recall *= k
		s.Classes[i].F1 *= k
		s.Classes[i].Predicted = int(float64(s.Classes[i].Predicted)*k + 0.5)
	}
	s.Accuracy *= k
	s.MacroF1 *= k
	s.WeightedF1 *= k
	s.Kappa *= k
	s.MCC *= k
	s.FAvg *= k
	return s
}
