package eval

import "math"

// ClassScore is the per-class part of Scores.
type ClassScore struct {
	Label     string  `json:"label"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`   // gold count
	Predicted int     `json:"predicted"` // predicted count; 0 means precision is reported as 0 ("never predicted"), not NaN
}

// Scores are the metrics of one confusion table. They follow scikit-learn
// (precision_recall_fscore_support, f1_score, accuracy_score,
// cohen_kappa_score, matthews_corrcoef) with the labels given explicitly and
// zero_division=0, and eval/testdata/sklearn_metrics.json pins them to it.
type Scores struct {
	N          int          `json:"n"`
	Classes    []ClassScore `json:"classes"` // in label order
	Accuracy   float64      `json:"accuracy"`
	MacroF1    float64      `json:"macro_f1"`    // unweighted mean of per-class F1 over ALL labels in Labels (as sklearn with labels=… , average='macro', zero_division=0)
	WeightedF1 float64      `json:"weighted_f1"` // mean of F1 weighted by support
	Kappa      float64      `json:"kappa"`       // Cohen's kappa; 0 when undefined (expected agreement 1)
	MCC        float64      `json:"mcc"`         // multiclass Matthews correlation (Gorodkin), 0 when undefined, as sklearn
	FAvg       float64      `json:"f_avg"`       // mean of F1 of the two polar labels (SemEval-2016 stance metric)
}

// Scores computes the metrics of c. polar names the two labels whose F1 is
// averaged into FAvg (labels.Target.Polar gives them); Scores panics if
// either is not in c.Labels.
//
// Where a ratio has a zero denominator the metric is 0, as scikit-learn's
// zero_division=0, never NaN:
//
//   - a class never predicted gets precision 0 (ClassScore.Predicted is 0,
//     so callers can print a note saying so rather than let 0 pass for a
//     measured precision);
//   - a class with no gold sentences gets recall 0;
//   - F1 is 0 when precision+recall is 0;
//   - Kappa is 0 when expected agreement is 1 (every gold and predicted
//     label the same single class), where scikit-learn returns NaN;
//   - MCC is 0 when either marginal has a single class, as scikit-learn;
//   - an empty table scores 0 everywhere.
//
// MacroF1 averages over every label in c.Labels, including a class absent
// from both gold and predictions, so tables of different folds average over
// the same classes.
func (c *Confusion) Scores(polar [2]string) Scores {
	p0, p1 := c.index(polar[0]), c.index(polar[1])
	k := len(c.Labels)
	s := Scores{N: c.Total(), Classes: make([]ClassScore, k)}
	trace := 0
	for i, l := range c.Labels {
		tp := c.Counts[i][i]
		trace += tp
		cs := ClassScore{Label: l, Support: c.RowTotal(i), Predicted: c.ColTotal(i)}
		cs.Precision = ratio(tp, cs.Predicted)
		cs.Recall = ratio(tp, cs.Support)
		// Harmonic mean written as scikit-learn writes it, so the two agree
		// to the last bit or close to it: 2·p·r / (p+r).
		if d := cs.Precision + cs.Recall; d > 0 {
			cs.F1 = 2 * cs.Precision * cs.Recall / d
		}
		s.Classes[i] = cs
	}
	if s.N == 0 {
		// Leave every metric at 0; FAvg and the means below would be 0 too,
		// but kappa and MCC would divide 0 by 0.
		return s
	}
	var sumF1, weighted float64
	for _, cs := range s.Classes {
		sumF1 += cs.F1
		weighted += cs.F1 * float64(cs.Support)
	}
	if k > 0 {
		s.MacroF1 = sumF1 / float64(k)
	}
	s.WeightedF1 = weighted / float64(s.N)
	s.Accuracy = ratio(trace, s.N)
	s.Kappa = kappa(s.Classes, trace, s.N)
	s.MCC = mcc(s.Classes, trace, s.N)
	s.FAvg = (s.Classes[p0].F1 + s.Classes[p1].F1) / 2
	return s
}

// ratio returns num/den, or 0 when den is 0 (scikit-learn's zero_division=0).
func ratio(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// kappa returns Cohen's kappa (po-pe)/(1-pe) with po = trace/n and
// pe = Σ support·predicted / n². Multiplying through by n² keeps the
// numerator and denominator in exact integer-valued float64s:
//
//	kappa = (n·trace − Σ s·p) / (n² − Σ s·p)
//
// so the undefined case (pe = 1, denominator 0) is detected exactly rather
// than as a float that happens to round to 1. It is 0 when undefined.
func kappa(classes []ClassScore, trace, n int) float64 {
	var sp float64
	for _, cs := range classes {
		sp += float64(cs.Support) * float64(cs.Predicted)
	}
	nf := float64(n)
	den := nf*nf - sp
	if den == 0 {
		return 0
	}
	return (nf*float64(trace) - sp) / den
}

// mcc returns the multiclass Matthews correlation coefficient (Gorodkin 2004)
// computed as scikit-learn's matthews_corrcoef does, with t the gold counts
// and p the predicted counts per class:
//
//	cov(y,ŷ) = trace·n − t·p,  cov(y,y) = n² − t·t,  cov(ŷ,ŷ) = n² − p·p
//	MCC = cov(y,ŷ) / √(cov(y,y)·cov(ŷ,ŷ))
//
// It is 0 when cov(y,y)·cov(ŷ,ŷ) is 0, that is when gold or predictions are
// all one class.
func mcc(classes []ClassScore, trace, n int) float64 {
	var tp, tt, pp float64
	for _, cs := range classes {
		t, p := float64(cs.Support), float64(cs.Predicted)
		tp += t * p
		tt += t * t
		pp += p * p
	}
	nf := float64(n)
	covYY := nf*nf - tt
	covPP := nf*nf - pp
	if covYY*covPP == 0 {
		return 0
	}
	return (float64(trace)*nf - tp) / math.Sqrt(covYY*covPP)
}
