package eval

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

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
	// IfCalibrated is the ECE these same predictions would show if their
	// probabilities were exactly right (consistentECE): set for the
	// calibrated probabilities only.
	IfCalibrated *ECERange `json:"ece_if_calibrated,omitempty"`
}

// ECERange is the spread of the expected calibration error over draws of
// the outcomes from the probabilities themselves: a sample of n sentences
// shows some ECE even when every probability is right, more the smaller n
// is. An ECE above Hi is more than the sample's size explains.
type ECERange struct {
	Median float64 `json:"median"`
	Lo     float64 `json:"lo"` // 2.5th percentile
	Hi     float64 `json:"hi"` // 97.5th percentile
	Draws  int     `json:"draws"`
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
	// fitted without that fold (see decide).
	Temperature float64 `json:"temperature"`
	// Context is the article-context weight fitted with it
	// (classify.CalibrateContext); 0, and absent, for none.
	Context float64 `json:"context_weight,omitempty"`
	// Offsets are the decision offsets fitted likewise after the
	// temperature (classify.FitOffsets), one per label; absent for none.
	Offsets []float64 `json:"offsets,omitempty"`
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
		b := binOf(conf)
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

// binOf returns the reliability bin of a confidence: Bins equal-width
// bins of [0, 1], the last including 1.
func binOf(conf float64) int { return min(int(conf*Bins), Bins-1) }

// consistentECE returns the range of the ECE of probs if they were exactly
// right, by consistency resampling (Bröcker and Smith 2007): in each of
// draws draws, every prediction is correct with the probability probs
// give its predicted label, and the ECE is measured on those outcomes in
// Measure's bins. The randomness is rand.NewPCG(seed, 2). It returns nil
// for no predictions or no draws.
func consistentECE(probs [][]float64, draws int, seed uint64) *ECERange {
	if len(probs) == 0 || draws <= 0 {
		return nil
	}
	conf := make([]float64, len(probs))
	bin := make([]int, len(probs))
	var confSum [Bins]float64
	for i, p := range probs {
		conf[i] = slices.Max(p)
		bin[i] = binOf(conf[i])
		confSum[bin[i]] += conf[i]
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	eces := make([]float64, draws)
	n := float64(len(probs))
	for d := range eces {
		var correct [Bins]float64
		for i, c := range conf {
			if rng.Float64() < c {
				correct[bin[i]]++
			}
		}
		for b := range Bins {
			eces[d] += math.Abs(correct[b]-confSum[b]) / n
		}
	}
	slices.Sort(eces)
	return &ECERange{Median: percentile(eces, 0.5), Lo: percentile(eces, 0.025), Hi: percentile(eces, 0.975), Draws: draws}
}

// foldCalibration is the outcome of calibrateFolds.
type foldCalibration struct {
	report CalibrationReport
	probs  [][]float64 // per record: calibrated probabilities
	labels []string    // per record: the label they choose (see decide)
}

// crossFit is the number of blocks of folds calibrateFolds fits
// temperatures and offsets for.
const crossFit = 10

// calibrateFolds gives the held-out predictions of folds, for target mi,
// the calibration 'stance train' stores in a model (decide) and measures
// calibration before and after, with the ECE's range if calibration were
// perfect from resamples draws seeded by seed (consistentECE).
func calibrateFolds(recs []labels.Record, folds []fold, preds []predicted, mi int, target labels.Target, inContext bool, resamples int, seed uint64) foldCalibration {
	var raw [][]float64
	var rawGold []int
	gold := goldIndices(recs, target)
	for _, f := range folds {
		for _, i := range f.test {
			raw = append(raw, preds[i].probs[mi])
			rawGold = append(rawGold, gold[i])
		}
	}
	fc := foldCalibration{}
	fc.report.Raw = Measure(raw, rawGold)
	d := decide(folds, preds, foldContexts(recs, folds, preds, mi, inContext), gold, mi, target.Labels(), true)
	fc.probs, fc.labels = d.probs, d.labels
	fc.report.Temperature, fc.report.Context, fc.report.Offsets = d.T, d.kappa, d.offsets
	var cal [][]float64
	var calGold []int
	for _, f := range folds {
		for _, i := range f.test {
			cal = append(cal, fc.probs[i])
			calGold = append(calGold, gold[i])
		}
	}
	fc.report.Calibrated = Measure(cal, calGold)
	fc.report.Calibrated.IfCalibrated = consistentECE(cal, resamples, seed)
	return fc
}

// goldIndices returns each record's gold label of target as an index into
// its labels.
func goldIndices(recs []labels.Record, target labels.Target) []int {
	ls := target.Labels()
	gold := make([]int, len(recs))
	for i, r := range recs {
		gold[i] = slices.Index(ls, r.Label(target))
	}
	return gold
}

// decided is the outcome of decide.
type decided struct {
	probs   [][]float64 // per record held out by a fold
	labels  []string    // per record held out by a fold
	T       float64     // fitted on every held-out prediction (withProbs only)
	kappa   float64     // the context weight, likewise
	offsets []float64   // likewise; nil for none
}

// decide gives the held-out predictions of folds, for target mi (labels
// ls, gold label indices gold), what 'stance train' stores in a model and
// classify applies: a temperature (classify.Calibrate) and decision
// offsets (classify.FitOffsets), so that the report scores the labels the
// trained model would give. Both are cross-fitted: the folds are dealt
// into crossFit blocks (fold i to block i mod crossFit), and the sentences
// of each block get the temperature and offsets fitted on the held-out
// predictions of the other blocks only, so no sentence's label or
// probability is chosen with its own gold label or its own fold's. A
// prediction made with no evidence keeps its probabilities and label.
// preds need their logits (runFolds keeps them in every mode); context[i]
// is sentence i's article context for the target (foldContexts), nil for
// none. Without withProbs only the labels are made.
func decide(folds []fold, preds []predicted, context [][]float64, gold []int, mi int, ls []string, withProbs bool) decided {
	// Every held-out prediction with evidence, by fold.
	var logits, ctx [][]float64
	var lg []int
	var foldOf []int
	for fi, f := range folds {
		for _, i := range f.test {
			if !preds[i].noEvidence {
				logits = append(logits, preds[i].logits[mi])
				ctx = append(ctx, context[i])
				lg = append(lg, gold[i])
				foldOf = append(foldOf, fi)
			}
		}
	}
	d := decided{labels: make([]string, len(preds))}
	if withProbs {
		d.probs = make([][]float64, len(preds))
	}
	blocks := min(crossFit, len(folds))
	type fit struct {
		T, kappa float64
		off      []float64
	}
	// The fits are independent: one per block, and, for the report
	// (withProbs), the last on every prediction; made on every core.
	fits := make([]fit, blocks, blocks+1)
	if withProbs {
		fits = fits[:blocks+1]
	}
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(fits)) {
		wg.Go(func() {
			// Each worker's view of the other blocks' predictions, made
			// again for each block in the same memory.
			others := make([][]float64, 0, len(logits))
			oc := make([][]float64, 0, len(logits))
			og := make([]int, 0, len(logits))
			ogr := make([]int, 0, len(logits))
			for b := range work {
				if b == blocks {
					fits[b].T, fits[b].kappa, fits[b].off = fitDecision(logits, ctx, lg, foldOf)
					continue
				}
				others, oc, og, ogr = others[:0], oc[:0], og[:0], ogr[:0]
				for k := range logits {
					if foldOf[k]%blocks != b {
						others = append(others, logits[k])
						oc = append(oc, ctx[k])
						og = append(og, lg[k])
						ogr = append(ogr, foldOf[k])
					}
				}
				fits[b].T, fits[b].kappa, fits[b].off = fitDecision(others, oc, og, ogr)
			}
		})
	}
	for b := range fits {
		work <- b
	}
	close(work)
	wg.Wait()
	if withProbs {
		d.T, d.kappa, d.offsets = fits[blocks].T, fits[blocks].kappa, fits[blocks].off
	}
	for fi, f := range folds {
		ft := fits[fi%blocks]
		for _, i := range f.test {
			p := preds[i]
			m := context[i]
			if p.noEvidence || ft.off == nil && (ft.kappa == 0 || m == nil) {
				// The fold model's label; its probabilities at the fitted
				// temperature, or at 1 with no evidence (what it gave).
				d.labels[i] = p.labels[mi]
				if withProbs {
					T := ft.T
					if p.noEvidence {
						T = 1
					}
					d.probs[i] = softmaxT(p.logits[mi], T)
				}
				continue
			}
			// As classify scores: (x + κ·context)/T + offset, the first
			// largest wins, then the softmax.
			v := make([]float64, len(ls))
			best := 0
			for c, x := range p.logits[mi] {
				if m != nil {
					x += ft.kappa * m[c]
				}
				v[c] = x / ft.T
				if ft.off != nil {
					v[c] += ft.off[c]
				}
				if v[c] > v[best] {
					best = c
				}
			}
			d.labels[i] = ls[best]
			if withProbs {
				d.probs[i] = softmaxT(v, 1)
			}
		}
	}
	return d
}

// fitDecision is classify.FitDecision, with temperature 1, no context and
// no offsets when there is nothing to fit on. groups are the rows' folds,
// which its offsets resample: events, as Fit resamples them, held out by
// event (the default); blocks of articles or topic families in the other
// views.
func fitDecision(logits, ctx [][]float64, gold, groups []int) (T, kappa float64, off []float64) {
	T, kappa, off, err := classify.FitDecision(logits, ctx, gold, groups)
	if err != nil {
		return 1, 0, nil
	}
	return T, kappa, off
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
