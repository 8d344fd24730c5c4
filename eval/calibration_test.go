package eval

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// TestMeasureByHand checks Measure on five sentences worked by hand from
// the definitions: ECE (Guo et al. 2017, eq. 3) with ten bins, the
// multi-class Brier score (Brier 1950), and log-loss.
func TestMeasureByHand(t *testing.T) {
	probs := [][]float64{{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}, {0.5, 0.25, 0.25}, {0.2, 0.2, 0.6}}
	gold := []int{0, 1, 0, 1, 2}
	c := Measure(probs, gold)
	// Confidences 0.7 ✓, 0.8 ✓, 0.4 ✗, 0.5 ✗, 0.6 ✓, each alone in its bin:
	// (0.3 + 0.2 + 0.4 + 0.5 + 0.4) / 5.
	want := map[string][2]float64{
		"ECE":      {c.ECE, 1.8 / 5},
		"Brier":    {c.Brier, (0.14 + 0.06 + 0.74 + 0.875 + 0.24) / 5},
		"LogLoss":  {c.LogLoss, -(math.Log(0.7) + math.Log(0.8) + math.Log(0.3) + math.Log(0.25) + math.Log(0.6)) / 5},
		"MeanConf": {c.MeanConfidence, (0.7 + 0.8 + 0.4 + 0.5 + 0.6) / 5},
		"Accuracy": {c.Accuracy, 3.0 / 5},
	}
	for name, gw := range want {
		if math.Abs(gw[0]-gw[1]) > 1e-12 {
			t.Errorf("%s = %v; want %v", name, gw[0], gw[1])
		}
	}
	if len(c.Reliability) != Bins || c.Reliability[4].N != 1 || c.Reliability[4].Accuracy != 0 || c.Reliability[9].N != 0 {
		t.Errorf("reliability bins = %+v", c.Reliability)
	}
	// Always one third each: Brier 2/3 with three labels, as the report says.
	third := [][]float64{{1.0 / 3, 1.0 / 3, 1.0 / 3}}
	if b := Measure(third, []int{2}).Brier; math.Abs(b-2.0/3) > 1e-12 {
		t.Errorf("Brier of thirds = %v; want 2/3", b)
	}
}

// TestConsistentECEBinomial checks consistentECE where its distribution
// is known exactly: n predictions all at confidence c fall in one bin, and
// the ECE of outcomes drawn from them is |X/n − c| for X ~ Binomial(n, c).
// The quantiles of that distribution, summed from the binomial
// probabilities, are what the draws' median and 95% range must give.
func TestConsistentECEBinomial(t *testing.T) {
	const n, c = 200, 0.75
	probs := make([][]float64, n)
	for i := range probs {
		probs[i] = []float64{c, (1 - c) / 2, (1 - c) / 2}
	}
	// The distribution of |X − nc| / n, as sorted values and their CDF.
	pmf := make(map[float64]float64)
	for x := 0; x <= n; x++ {
		lp := lgammaOf(n+1) - lgammaOf(x+1) - lgammaOf(n-x+1) + float64(x)*math.Log(c) + float64(n-x)*math.Log(1-c)
		pmf[math.Abs(float64(x)-n*c)/n] += math.Exp(lp)
	}
	var values []float64
	for v := range pmf {
		values = append(values, v)
	}
	slices.Sort(values)
	quantile := func(q float64) float64 { // the smallest value whose CDF reaches q
		cdf := 0.0
		for _, v := range values {
			if cdf += pmf[v]; cdf >= q {
				return v
			}
		}
		return values[len(values)-1]
	}
	r := consistentECE(probs, 20000, 1)
	step := 1.0 / n // adjacent values of the ECE differ by 1/n
	for _, q := range []struct {
		name      string
		got, want float64
	}{{"median", r.Median, quantile(0.5)}, {"lo", r.Lo, quantile(0.025)}, {"hi", r.Hi, quantile(0.975)}} {
		if math.Abs(q.got-q.want) > step+1e-9 {
			t.Errorf("%s = %.4f; the binomial gives %.4f", q.name, q.got, q.want)
		}
	}
	if r.Draws != 20000 {
		t.Errorf("draws = %d; want 20000", r.Draws)
	}
}

func lgammaOf(x int) float64 { v, _ := math.Lgamma(float64(x)); return v }

// TestConsistentECECoverage draws outcomes from probabilities many times
// over and measures them: the ECE of outcomes drawn from the probabilities
// falls within the 95% range about 95% of the time, and the ECE of
// outcomes that contradict them lies above it.
func TestConsistentECECoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	const n = 300
	probs := make([][]float64, n)
	for i := range probs {
		a, b := rng.Float64(), rng.Float64()*0.3 // spread confidences over the bins
		probs[i] = []float64{a + 0.3, b, 1 - a - b}
		sum := probs[i][0] + probs[i][1] + max(probs[i][2], 0)
		for k := range probs[i] {
			probs[i][k] = max(probs[i][k], 0) / sum
		}
	}
	r := consistentECE(probs, 2000, 3)
	best := func(p []float64) int { return slices.Index(p, slices.Max(p)) }
	inside := 0
	const trials = 400
	gold := make([]int, n)
	for range trials {
		for i, p := range probs {
			gold[i] = best(p)
			if rng.Float64() >= p[best(p)] {
				gold[i] = (best(p) + 1) % 3 // wrong
			}
		}
		if e := Measure(probs, gold).ECE; e >= r.Lo && e <= r.Hi {
			inside++
		}
	}
	if share := float64(inside) / trials; share < 0.9 || share > 0.99 {
		t.Errorf("%.3f of ECEs of consistent outcomes within the 95%% range [%.3f, %.3f]", share, r.Lo, r.Hi)
	}
	for i, p := range probs { // confident and always wrong
		gold[i] = (best(p) + 1) % 3
	}
	if e := Measure(probs, gold).ECE; e <= r.Hi {
		t.Errorf("ECE of contradicting outcomes %.3f is within the range's top %.3f", e, r.Hi)
	}
	if again := consistentECE(probs, 2000, 3); *again != *r {
		t.Errorf("same seed, another range: %+v and %+v", *again, *r)
	}
	if consistentECE(nil, 100, 1) != nil || consistentECE(probs, 0, 1) != nil {
		t.Error("a range from no predictions or no draws")
	}
}

// TestCalibrationLowersECE: on the shipped corpus held out by event, the
// cross-fitted temperature leaves labels alone and lowers the expected
// calibration error and the log-loss of naive Bayes's raw probabilities.
func TestCalibrationLowersECE(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	recs = recs[:2500] // the seeds and some hundred events: enough, and quick
	cfg := DefaultConfig()
	cfg.Catalog, _ = labels.BuiltinCatalog()
	cfg.Resamples, cfg.Curve = 20, nil
	rep, err := Evaluate(recs, "c", cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range rep.Targets {
		cr := tr.Evaluations[0].Calibration
		if !(cr.Calibrated.ECE < cr.Raw.ECE) || !(cr.Calibrated.LogLoss < cr.Raw.LogLoss) {
			t.Errorf("%s: ECE %.3f -> %.3f, log-loss %.3f -> %.3f; want both lower after calibration", tr.Target, cr.Raw.ECE, cr.Calibrated.ECE, cr.Raw.LogLoss, cr.Calibrated.LogLoss)
		}
		// The calibrated probabilities choose the labels the report
		// scores: those of the temperature and the decision offsets.
		if acc := tr.Evaluations[0].Pooled.Scores.Accuracy; math.Abs(cr.Calibrated.Accuracy-acc) > 1e-12 {
			t.Errorf("%s: calibrated probabilities' accuracy %v; the report's labels' %v", tr.Target, cr.Calibrated.Accuracy, acc)
		}
		if len(cr.Offsets) != len(tr.Labels) || cr.Offsets[0] != 0 {
			t.Errorf("%s: offsets %v; want one per label, the first 0", tr.Target, cr.Offsets)
		}
	}
}

// TestNearDuplicatesMatchAllPairs: the shingle index finds exactly the
// pairs that comparing every pair finds.
func TestNearDuplicatesMatchAllPairs(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	recs = recs[:1500] // all pairs of the whole corpus take a minute; these have every kind of twin
	recs = append(recs, labels.Record{Article: "x", Text: "The United States and Russia see Islamic State as a common enemy."},
		labels.Record{Article: "x", Text: "the united states and russia"}, labels.Record{Article: "y", Text: "Russia"})
	nd := findNearDuplicates(recs, DefaultThreshold)
	sh := make([]map[string]bool, len(recs))
	for i, r := range recs {
		sh[i] = shingles(r.Text)
	}
	for i := range recs {
		var want []int
		for j := range recs {
			if j != i && recs[i].Article != recs[j].Article && jaccard(sh[i], sh[j]) >= DefaultThreshold {
				want = append(want, j)
			}
		}
		if !slices.Equal(nd.twins[i], want) {
			t.Fatalf("twins of %d = %v; all pairs give %v", i, nd.twins[i], want)
		}
	}
}

// TestBootstrapGroups: one group leaves nothing to resample (the interval
// is the point); groups that all score the same give that score.
func TestBootstrapGroups(t *testing.T) {
	ls := labels.Stance.Labels()
	polar := labels.Stance.Polar()
	gold := []string{"obstacle", "opening", "neutral", "obstacle"}
	pred := []string{"obstacle", "neutral", "neutral", "opening"}
	c := NewConfusion(ls)
	for i := range gold {
		c.Add(gold[i], pred[i])
	}
	point := c.Scores(polar)
	ci := BootstrapGroups(ls, polar, gold, pred, []string{"e", "e", "e", "e"}, 50, 1)
	if ci.MacroF1.Lo != point.MacroF1 || ci.MacroF1.Hi != point.MacroF1 {
		t.Errorf("one group: interval %v; want the point %v", ci.MacroF1, point.MacroF1)
	}
	same := BootstrapGroups(ls, polar, []string{"opening", "opening"}, []string{"opening", "opening"}, []string{"a", "b"}, 50, 1)
	if same.Accuracy.Lo != 1 || same.Accuracy.Hi != 1 {
		t.Errorf("two perfect groups: accuracy interval %v; want [1, 1]", same.Accuracy)
	}
}
