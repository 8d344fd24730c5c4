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
	ls := target.Labels()
	polar := target.Polar()
	var out []Baseline

	// Majority class of each fold's training sentences.
	maj := NewConfusion(ls)
	for _, f := range folds {
		m := majority(recs, f.train, target)
		for _, i := range f.test {
			maj.Add(recs[i].Label(target), m)
		}
	}
	out = append(out, Baseline{Name: "majority", Description: "the most frequent label of each fold's training sentences", Scores: maj.Scores(polar)})

	// Stratified random: labels drawn in each fold's training proportions;
	// its expected scores are estimated by averaging many seeded draws.
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	var sum Scores
	for range stratifiedDraws {
		c := NewConfusion(ls)
		for _, f := range folds {
			train := make([]string, len(f.train))
			for k, i := range f.train {
				train[k] = recs[i].Label(target)
			}
			for _, i := range f.test {
				c.Add(recs[i].Label(target), train[rng.IntN(len(train))])
			}
		}
		addScores(&sum, c.Scores(polar))
	}
	out = append(out, Baseline{Name: "stratified", Description: "random labels in each fold's training proportions (expected scores over 200 seeded draws)", Scores: scaleScores(sum, 1/float64(stratifiedDraws))})

	if target == labels.Sentiment {
		v := govader.NewSentimentIntensityAnalyzer()
		c := NewConfusion(ls)
		for _, f := range folds {
			for _, i := range f.test {
				c.Add(recs[i].Label(target), vaderLabel(v.PolarityScores(recs[i].Text).Compound))
			}
		}
		out = append(out, Baseline{Name: "vader", Description: "VADER lexicon, no training: compound ≥ 0.05 positive, ≤ −0.05 negative", Scores: c.Scores(polar)})
	}
	for i := range out {
		out[i].VerdictMacroF1 = verdict(model.Pooled.Scores.MacroF1, model.Pooled.CI.MacroF1, out[i].Scores.MacroF1)
		out[i].VerdictFAvg = verdict(model.Pooled.Scores.FAvg, model.Pooled.CI.FAvg, out[i].Scores.FAvg)
	}
	return out
}

// vaderLabel maps a VADER compound score to a sentiment label with the
// thresholds its authors recommend.
func vaderLabel(compound float64) string {
	switch {
	case compound >= 0.05:
		return "positive"
	case compound <= -0.05:
		return "negative"
	}
	return "neutral"
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
