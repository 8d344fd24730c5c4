package classify

import (
	"fmt"
	"math"
	"slices"

	"github.com/stance-nlp/stance/labels"
)

// The temperatures Calibrate chooses among, and Load accepts.
const (
	MinTemperature = 0.01
	MaxTemperature = 1000.0
)

// Calibrate returns the temperature T that makes softmax(logits/T) best
// predict the gold labels: the T of least mean negative log-likelihood
// (temperature scaling, Guo et al. 2017, "On Calibration of Modern Neural
// Networks"). logits[i] are one held-out sentence's log-scores per label
// (Prediction.Logits) and gold[i] the index of its true label. Naive Bayes
// counts every word as independent evidence, so its raw probabilities are
// far too sure; T > 1 softens them. One parameter cannot change which
// label wins, only how sure the model says it is.
//
// The logits must come from predictions on sentences the model did not
// train on (out-of-fold), or T learns the model's memory of its training
// set. The negative log-likelihood is convex in 1/T, so a golden-section
// search over log T on [MinTemperature, MaxTemperature] finds the minimum
// to within a relative 1e-6.
func Calibrate(logits [][]float64, gold []int) (float64, error) {
	if len(logits) != len(gold) {
		return 0, fmt.Errorf("calibrate: %d score rows but %d gold labels", len(logits), len(gold))
	}
	if len(logits) == 0 {
		return 0, fmt.Errorf("calibrate: no held-out predictions")
	}
	for i, row := range logits {
		if gold[i] < 0 || gold[i] >= len(row) {
			return 0, fmt.Errorf("calibrate: gold label %d of row %d out of range", gold[i], i)
		}
		for _, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, fmt.Errorf("calibrate: row %d has a non-finite score", i)
			}
		}
	}
	f := func(logT float64) float64 { return NLL(logits, gold, math.Exp(logT)) }
	lo, hi := math.Log(MinTemperature), math.Log(MaxTemperature)
	phi := (math.Sqrt(5) - 1) / 2
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := f(a), f(b)
	for hi-lo > 1e-6 {
		if fa <= fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = f(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = f(b)
		}
	}
	return math.Exp((lo + hi) / 2), nil
}

// NLL is the mean negative log-likelihood (log-loss, natural log) of the
// gold labels under softmax(logits/T).
func NLL(logits [][]float64, gold []int, T float64) float64 {
	sum := 0.0
	for i, row := range logits {
		m := math.Inf(-1)
		for _, x := range row {
			m = max(m, x/T)
		}
		z := 0.0
		for _, x := range row {
			z += math.Exp(x/T - m)
		}
		sum += m + math.Log(z) - row[gold[i]]/T
	}
	return sum / float64(len(logits))
}

// SetTemperature stores the calibration of target t in the model; Score
// applies it from then on, and Save writes it.
func (m *Model) SetTemperature(t int, T float64) error {
	if !(T >= MinTemperature && T <= MaxTemperature) {
		return fmt.Errorf("temperature %v: want %g to %g", T, MinTemperature, MaxTemperature)
	}
	m.Targets[t].Temperature = T
	return nil
}

// CalibrationFolds is the most folds Fit cross-validates in to get the
// held-out scores its temperatures are fitted on.
const CalibrationFolds = 10

// Fit trains a model on recs and calibrates it. recs are cross-validated
// in at most CalibrationFolds folds of whole groups (groups[i] is record
// i's group, its event where that is known: the i-th group, in first-seen
// order, goes to fold i mod CalibrationFolds), the held-out log-scores fit
// each target's temperature (Calibrate), and the model trained on all of
// recs keeps them. Holding out whole events matters: a sentence whose
// event trained the model is scored too surely, and the temperature would
// learn that. With fewer than two groups the model stays uncalibrated
// (temperature 1).
func (tr *Trainer) Fit(recs []labels.Record, groups []string) (*Model, error) {
	if len(groups) != len(recs) {
		return nil, fmt.Errorf("fit: %d records but %d groups", len(recs), len(groups))
	}
	m, err := tr.Train(recs)
	if err != nil {
		return nil, err
	}
	fold := make([]int, len(recs))
	at := make(map[string]int)
	for i, g := range groups {
		k, ok := at[g]
		if !ok {
			k = len(at)
			at[g] = k
		}
		fold[i] = k
	}
	k := min(CalibrationFolds, len(at))
	if k < 2 {
		return m, nil
	}
	logits := make([][][]float64, len(m.Targets))
	gold := make([][]int, len(m.Targets))
	for f := range k {
		var train, test []labels.Record
		for i, r := range recs {
			if fold[i]%k == f {
				test = append(test, r)
			} else {
				train = append(train, r)
			}
		}
		fm, err := tr.Train(train)
		if err != nil {
			return nil, fmt.Errorf("calibration fold %d: %w", f+1, err)
		}
		s := tr.Scorer(fm)
		for _, r := range test {
			for ti, p := range s.Score(r.Text) {
				if p.NoEvidence {
					continue
				}
				logits[ti] = append(logits[ti], slices.Clone(p.Logits))
				gold[ti] = append(gold[ti], slices.Index(p.Labels, r.Label(p.Target)))
			}
		}
	}
	for ti := range m.Targets {
		T, err := Calibrate(logits[ti], gold[ti])
		if err != nil {
			return nil, fmt.Errorf("calibrating %s: %w", m.Targets[ti].Name, err)
		}
		if err := m.SetTemperature(ti, T); err != nil {
			return nil, err
		}
	}
	return m, nil
}
