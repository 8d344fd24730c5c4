package eval

import (
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// quantifiers are the ways of estimating a group's label shares from the
// model's answers that TestAdjustedCounts compares: classify and count
// (CC, what stance summarize reports), adjusted classify and count (ACC:
// CC corrected by the confusion rates P(predicted j | gold i), as in
// Forman 2008, QuaPy, and Hopkins and King's ReadMe; here the rates are
// those of the other folds' held-out predictions), and probabilistic
// classify and count (PCC: the mean calibrated probability, summarize's
// mean p).
var quantifiers = []string{"CC", "ACC", "PCC"}

// shareErrors holds, per quantifier, the mean over held-out groups of the
// absolute error of each label's share and of the net stance.
type shareErrors struct {
	share map[string]float64 // mean absolute error per label, averaged over labels
	net   map[string]float64
	folds int
}

// adjustedCounts cross-validates the default model over recs held out by
// g and measures, on each held-out group, how far each quantifier's
// shares are from the true (gold) shares of its sentences.
func adjustedCounts(t *testing.T, recs []labels.Record, cat labels.Catalog, g Grouping, target labels.Target) shareErrors {
	t.Helper()
	cfg := DefaultConfig()
	tr, err := classify.NewTrainer(cfg.Train)
	if err != nil {
		t.Fatal(err)
	}
	group := groupKeys(recs, cat, g)
	nd := findNearDuplicates(recs, cfg.Threshold)
	folds := crossFolds(allIndices(len(recs)), group, nd.twins, Guard)
	preds, err := runFolds(func(int) *classify.Trainer { return tr }, recs, folds, cfg, keepProbs, nil)
	if err != nil {
		t.Fatal(err)
	}
	mi := targetIndex(target)
	cal := calibrateFolds(recs, folds, preds, mi, target, tr.Options().InContext(target), 0, 1)
	ls := target.Labels()
	k := len(ls)
	pos, neg := slices.Index(ls, target.Polar()[1]), slices.Index(ls, target.Polar()[0])
	// counts[f][i][j]: sentences of fold f with gold i predicted j.
	counts := make([][][]float64, len(folds))
	for f, fd := range folds {
		counts[f] = make([][]float64, k)
		for i := range k {
			counts[f][i] = make([]float64, k)
		}
		for _, r := range fd.test {
			counts[f][slices.Index(ls, recs[r].Label(target))][slices.Index(ls, preds[r].labels[mi])]++
		}
	}
	out := shareErrors{share: map[string]float64{}, net: map[string]float64{}}
	for f, fd := range folds {
		n := float64(len(fd.test))
		truth, cc, pcc := make([]float64, k), make([]float64, k), make([]float64, k)
		for i := range k {
			for j := range k {
				truth[i] += counts[f][i][j] / n
				cc[j] += counts[f][i][j] / n
			}
		}
		for _, r := range fd.test {
			for j := range k {
				pcc[j] += cal.probs[r][j] / n
			}
		}
		// The confusion rates of the other folds' held-out predictions.
		rates := make([][]float64, k)
		for i := range k {
			rates[i] = make([]float64, k)
			row := 0.0
			for o := range folds {
				if o == f {
					continue
				}
				for j := range k {
					rates[i][j] += counts[o][i][j]
					row += counts[o][i][j]
				}
			}
			for j := range k {
				rates[i][j] /= math.Max(row, 1)
			}
		}
		acc := adjust(cc, rates)
		est := map[string][]float64{"CC": cc, "ACC": acc, "PCC": pcc}
		for _, q := range quantifiers {
			e := 0.0
			for i := range k {
				e += math.Abs(est[q][i]-truth[i]) / float64(k)
			}
			out.share[q] += e
			out.net[q] += math.Abs((est[q][pos] - est[q][neg]) - (truth[pos] - truth[neg]))
		}
		out.folds++
	}
	for _, q := range quantifiers {
		out.share[q] /= float64(out.folds)
		out.net[q] /= float64(out.folds)
	}
	return out
}

// adjust solves q = Σ_i p_i rates[i] for the true shares p, by least
// squares over the simplex as QuaPy does: the unconstrained solution of
// the linear system, clipped to [0, 1] and normalised to sum to 1. A
// singular system keeps q.
func adjust(q []float64, rates [][]float64) []float64 {
	k := len(q)
	// Solve Aᵀ p = q with Gaussian elimination, A = rates.
	a := make([][]float64, k)
	for j := range k {
		a[j] = make([]float64, k+1)
		for i := range k {
			a[j][i] = rates[i][j]
		}
		a[j][k] = q[j]
	}
	for c := range k {
		piv := c
		for r := c + 1; r < k; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[piv][c]) {
				piv = r
			}
		}
		if math.Abs(a[piv][c]) < 1e-12 {
			return slices.Clone(q)
		}
		a[c], a[piv] = a[piv], a[c]
		for r := range k {
			if r == c {
				continue
			}
			m := a[r][c] / a[c][c]
			for x := c; x <= k; x++ {
				a[r][x] -= m * a[c][x]
			}
		}
	}
	p := make([]float64, k)
	sum := 0.0
	for i := range k {
		p[i] = math.Max(0, math.Min(1, a[i][k]/a[i][i]))
		sum += p[i]
	}
	if sum == 0 {
		return slices.Clone(q)
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

func TestAdjust(t *testing.T) {
	rates := [][]float64{{0.8, 0.1, 0.1}, {0.3, 0.6, 0.1}, {0.2, 0.2, 0.6}}
	truth := []float64{0.5, 0.3, 0.2}
	q := make([]float64, 3)
	for i := range 3 {
		for j := range 3 {
			q[j] += truth[i] * rates[i][j]
		}
	}
	got := adjust(q, rates)
	for i := range truth {
		if math.Abs(got[i]-truth[i]) > 1e-9 {
			t.Fatalf("adjust(%v) = %v; want %v", q, got, truth)
		}
	}
}

// TestAdjustedCounts is why stance summarize reports plain counts: on
// held-out groups, adjusted classify and count (ACC) does not come closer
// to the true shares than classify and count (CC). It runs on the seed
// articles held out by article (five folds); STANCE_QUANTIFY=1 runs it on
// the whole built-in corpus held out by event and by topic as well (about
// three to five minutes) and logs the figures. On the corpus of 29
// November 2026 (17,045 sentences), the mean absolute error of a stance
// label's share was, CC against ACC against PCC: 0.120, 0.151, 0.137 over
// 788 held-out events; 0.069, 0.091, 0.093 over 26 held-out topics; of the
// net stance 0.180, 0.245, 0.182 and 0.061, 0.115, 0.070. The confusion rates of other
// events do not carry to a new one, and correcting by them adds their
// error to the count's.
func TestAdjustedCounts(t *testing.T) {
	seeds, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	type run struct {
		name string
		recs []labels.Record
		cat  labels.Catalog
		g    Grouping
	}
	runs := []run{{"seeds by article", seeds, nil, ByArticle}}
	if os.Getenv("STANCE_QUANTIFY") != "" {
		all, err := labels.Corpus()
		if err != nil {
			t.Fatal(err)
		}
		cat, err := labels.BuiltinCatalog()
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, run{"built-in corpus by event", all, cat, ByEvent}, run{"built-in corpus by topic", all, cat, ByTopic})
	}
	for _, r := range runs {
		for _, target := range labels.Targets() {
			e := adjustedCounts(t, r.recs, r.cat, r.g, target)
			t.Logf("%s, %s, %d held-out groups: mean absolute error of a share CC %.4f ACC %.4f PCC %.4f; of net %s CC %.4f ACC %.4f PCC %.4f",
				r.name, target, e.folds, e.share["CC"], e.share["ACC"], e.share["PCC"], target, e.net["CC"], e.net["ACC"], e.net["PCC"])
			if e.share["ACC"] < e.share["CC"] && e.net["ACC"] < e.net["CC"] {
				t.Errorf("%s, %s: adjusted counts now come closer to the true shares than plain counts (share %.4f < %.4f, net %.4f < %.4f): consider adding them to stance summarize", r.name, target, e.share["ACC"], e.share["CC"], e.net["ACC"], e.net["CC"])
			}
		}
	}
}
