package eval

import (
	"math"
	"slices"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// Bins is the number of equal-width confidence bins of the reliability
// diagram and the expected calibration error.
const Bins = 10

// Calibration says how far a model's probabilities can be taken at their
// word, on held-out sentences.
type Calibration struct {
	// ECE is the expected calibration error: the sentences are put in
	// Bins equal-width bins by the probability of their predicted label
	// (the confidence), and ECE is the mean, weighted by bin size, of
	// |accuracy − mean confidence| per bin (Naeini et al. 2015; Guo et al.
	// 2017). 0 is perfect.
	ECE float64 `json:"ece"`
	// Brier is the mean over sentences of Σ_k (p_k − y_k)², y the one-hot
	// gold label (Brier 1950, multi-class form): 0 is perfect, 2/3 is what
	// always answering one third each scores with three labels.
	Brier float64 `json:"brier"`
	// LogLoss is the mean −ln p(gold), with p clipped to [1e-15, 1] as
	// scikit-learn's log_loss does.
	LogLoss float64 `json:"log_loss"`
	// MeanConfidence is the mean probability of the predicted label.
	MeanConfidence float64 `json:"mean_confidence"`
	Accuracy       float64 `json:"accuracy"`
	// Reliability is the diagram's data: one entry per bin, empty bins
	// included.
	Reliability []ReliabilityBin `json:"reliability"`
}

// ReliabilityBin is one bin of a reliability diagram: predictions whose
// confidence is in [Lo, Hi) (the last bin includes 1).
type ReliabilityBin struct {
	Lo         float64 `json:"lo"`
	Hi         float64 `json:"hi"`
	N          int     `json:"n"`
	Confidence float64 `json:"confidence"` // mean confidence, 0 when empty
	Accuracy   float64 `json:"accuracy"`   // share correct, 0 when empty
}

// CalibrationReport compares the probabilities as naive Bayes gives them
// with the probabilities after temperature scaling.
type CalibrationReport struct {
	Raw        Calibration `json:"raw"`
	Calibrated Calibration `json:"calibrated"`
	// Temperature is the one fitted on every held-out prediction: what
	// 'stance train' stores for this data. Each fold's own temperature was
	// fitted without that fold (see calibrateFolds).
	Temperature float64 `json:"temperature"`
}

// Measure computes the calibration of probability rows probs (one per
// sentence, in label order) against gold label indices.
func Measure(probs [][]float64, gold []int) Calibration {
	var c Calibration
	c.Reliability = make([]ReliabilityBin, Bins)
	for b := range c.Reliability {
		c.Reliability[b].Lo, c.Reliability[b].Hi = float64(b)/Bins, float64(b+1)/Bins
	}
	n := float64(len(probs))
	if n == 0 {
		return c
	}
	for i, p := range probs {
		best := 0
		for k := range p {
			if p[k] > p[best] {
				best = k
			}
		}
		conf := p[best]
		correct := 0.0
		if best == gold[i] {
			correct = 1
		}
		b := min(int(conf*Bins), Bins-1)
		bin := &c.Reliability[b]
		bin.N++
		bin.Confidence += conf
		bin.Accuracy += correct
		c.MeanConfidence += conf / n
		c.Accuracy += correct / n
		for k := range p {
			y := 0.0
			if k == gold[i] {
				y = 1
			}
			c.Brier += (p[k] - y) * (p[k] - y) / n
		}
		c.LogLoss -= math.Log(min(max(p[gold[i]], 1e-15), 1)) / n
	}
	for b := range c.Reliability {
		bin := &c.Reliability[b]
		if bin.N == 0 {
			continue
		}
		c.ECE += math.Abs(bin.Accuracy-bin.Confidence) / n
		bin.Confidence /= float64(bin.N)
		bin.Accuracy /= float64(bin.N)
	}
	return c
}

// foldCalibration is the outcome of calibrateFolds.
type foldCalibration struct {
	report CalibrationReport
	probs  [][]float64 // per record: calibrated probabilities
}

// crossFit is the number of blocks of folds calibrateFolds fits
// temperatures for.
const crossFit = 10

// calibrateFolds fits temperatures by cross-fitting: the folds are dealt
// into crossFit blocks (fold i to block i mod crossFit), and the sentences
// of each block are calibrated with a temperature fitted on the held-out
// predictions of the other blocks only, so no sentence's probability is
// calibrated with its own label or its own fold's. It measures calibration
// before and after. A prediction made with no evidence keeps its equal
// probabilities.
func calibrateFolds(recs []labels.Record, folds []fold, preds []predicted, mi int, target labels.Target) foldCalibration {
	ls := target.Labels()
	gold := make([]int, len(recs))
	for i, r := range recs {
		gold[i] = slices.Index(ls, r.Label(target))
	}
	fc := foldCalibration{probs: make([][]float64, len(recs))}
	var raw [][]float64
	var rawGold []int
	for _, f := range folds {
		for _, i := range f.test {
			raw = append(raw, preds[i].probs[mi])
			rawGold = append(rawGold, gold[i])
		}
	}
	fc.report.Raw = Measure(raw, rawGold)

	// Every held-out prediction with evidence, by fold.
	var logits [][]float64
	var lg []int
	var foldOf []int
	for fi, f := range folds {
		for _, i := range f.test {
			if !preds[i].noEvidence {
				logits = append(logits, preds[i].logits[mi])
				lg = append(lg, gold[i])
				foldOf = append(foldOf, fi)
			}
		}
	}
	fc.report.Temperature = 1
	if T, err := classify.Calibrate(logits, lg); err == nil {
		fc.report.Temperature = T
	}
	var cal [][]float64
	var calGold []int
	temps := make([]float64, min(crossFit, len(folds)))
	for b := range temps {
		var others [][]float64
		var og []int
		for k := range logits {
			if foldOf[k]%len(temps) != b {
				others = append(others, logits[k])
				og = append(og, lg[k])
			}
		}
		T, err := classify.Calibrate(others, og)
		if err != nil {
			T = 1
		}
		temps[b] = T
	}
	for fi, f := range folds {
		T := temps[fi%len(temps)]
		for _, i := range f.test {
			p := slices.Clone(preds[i].probs[mi])
			if !preds[i].noEvidence {
				p = softmaxT(preds[i].logits[mi], T)
			}
			fc.probs[i] = p
			cal = append(cal, p)
			calGold = append(calGold, gold[i])
		}
	}
	fc.report.Calibrated = Measure(cal, calGold)
	return fc
}

// softmaxT returns softmax(x/T).
func softmaxT(x []float64, T float64) []float64 {
	out := make([]float64, len(x))
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v/T)
	}
	sum := 0.0
	for k, v := range x {
		out[k] = math.Exp(v/T - m)
		sum += out[k]
	}
	for k := range out {
		out[k] /= sum
	}
	return out
}
