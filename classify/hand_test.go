package classify

// The worked example: five sentences small enough to train and score by
// hand, and the figures naive Bayes must give for them.

import (
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// handRecords is the training set of the worked example below. With
// handOptions the features are just the lower-case words, so the vocabulary
// is, in order (V = 8):
//
//	again agreed deal fail held resume stall talks
//
// Stance counts (sentences; words):
//
//	obstacle  2; talks 2, fail 1, stall 1, again 1   N = 5
//	opening   2; deal 1, agreed 1, talks 1, resume 1 N = 4
//	neutral   1; talks 1, held 1                     N = 2
//
// Sentiment counts:
//
//	negative  2; talks 2, fail 1, stall 1, again 1   N = 5
//	neutral   2; talks 2, resume 1, held 1           N = 4
//	positive  1; deal 1, agreed 1                    N = 2
func handRecords() []labels.Record {
	rec := func(i int, text, stance, sentiment string) labels.Record {
		return labels.Record{Article: "hand", Index: i, Text: text, Stance: stance, Sentiment: sentiment}
	}
	return []labels.Record{
		rec(0, "Talks fail.", "obstacle", "negative"),
		rec(1, "Talks stall again.", "obstacle", "negative"),
		rec(2, "Deal agreed!", "opening", "positive"),
		rec(3, "Talks resume.", "opening", "neutral"),
		rec(4, "Talks held.", "neutral", "neutral"),
	}
}

// handOptions makes features plain lower-case unigrams: no stemming,
// negation, stop words, actors or cues, and no lexicon pseudo-counts.
func handOptions(alpha float64) Options {
	return Options{
		Features: features.Settings{MinDF: 1},
		Variant:  Multinomial,
		Prior:    Empirical,
		Alpha:    alpha,
	}
}

func TestHandVocabAndCounts(t *testing.T) {
	m := mustTrain(t, handRecords(), handOptions(1))
	wantVocab := []string{"again", "agreed", "deal", "fail", "held", "resume", "stall", "talks"}
	if !slices.Equal(m.Vocab, wantVocab) {
		t.Fatalf("Vocab = %q; want %q", m.Vocab, wantVocab)
	}
	tests := []struct {
		target labels.Target
		docs   []int
		counts [][]int32 // again agreed deal fail held resume stall talks
	}{
		{labels.Stance, []int{2, 2, 1}, [][]int32{
			{1, 0, 0, 1, 0, 0, 1, 2},
			{0, 1, 1, 0, 0, 1, 0, 1},
			{0, 0, 0, 0, 1, 0, 0, 1},
		}},
		{labels.Sentiment, []int{2, 2, 1}, [][]int32{
			{1, 0, 0, 1, 0, 0, 1, 2},
			{0, 0, 0, 0, 1, 1, 0, 2},
			{0, 1, 1, 0, 0, 0, 0, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.target), func(t *testing.T) {
			tg := m.Target(tt.target)
			if !slices.Equal(tg.Labels, tt.target.Labels()) {
				t.Errorf("Labels = %q; want %q", tg.Labels, tt.target.Labels())
			}
			if !slices.Equal(tg.Docs, tt.docs) {
				t.Errorf("Docs = %v; want %v", tg.Docs, tt.docs)
			}
			for c := range tt.counts {
				if !slices.Equal(tg.Counts[c], tt.counts[c]) {
					t.Errorf("Counts[%s] = %v; want %v", tg.Labels[c], tg.Counts[c], tt.counts[c])
				}
			}
			if tg.Pseudo != nil {
				t.Errorf("Pseudo = %v; want nil with CueWeight and LexiconWeight 0", tg.Pseudo)
			}
		})
	}
}

// TestHandPriorsAndLikelihoods checks bias = log P(c) and
// exp(weight) = θ_cf = (N_cf + α) / (N_c + α·V) for the stance target.
func TestHandPriorsAndLikelihoods(t *testing.T) {
	tests := []struct {
		name  string
		alpha float64
		prior Prior
		bias  []float64            // P(c): obstacle opening neutral
		theta map[string][]float64 // θ_cf per feature
	}{
		{
			// Priors 2/5 2/5 1/5. Laplace, V = 8: denominators
			// 5+8 = 13, 4+8 = 12, 2+8 = 10.
			name: "laplace", alpha: 1, prior: Empirical,
			bias: []float64{2.0 / 5, 2.0 / 5, 1.0 / 5},
			theta: map[string][]float64{
				"talks": {(2 + 1) / 13.0, (1 + 1) / 12.0, (1 + 1) / 10.0},
				"fail":  {(1 + 1) / 13.0, (0 + 1) / 12.0, (0 + 1) / 10.0},
				"deal":  {(0 + 1) / 13.0, (1 + 1) / 12.0, (0 + 1) / 10.0},
				"held":  {(0 + 1) / 13.0, (0 + 1) / 12.0, (1 + 1) / 10.0},
			},
		},
		{
			// Lidstone α = 0.5: denominators 5+4 = 9, 4+4 = 8, 2+4 = 6.
			name: "lidstone 0.5", alpha: 0.5, prior: Empirical,
			bias: []float64{2.0 / 5, 2.0 / 5, 1.0 / 5},
			theta: map[string][]float64{
				"talks": {2.5 / 9, 1.5 / 8, 1.5 / 6},
				"fail":  {1.5 / 9, 0.5 / 8, 0.5 / 6},
				"deal":  {0.5 / 9, 1.5 / 8, 0.5 / 6},
			},
		},
		{
			// A uniform prior changes the bias only.
			name: "uniform prior", alpha: 1, prior: Uniform,
			bias: []float64{1.0 / 3, 1.0 / 3, 1.0 / 3},
			theta: map[string][]float64{
				"talks": {3 / 13.0, 2 / 12.0, 2 / 10.0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := handOptions(tt.alpha)
			o.Prior = tt.prior
			m := mustTrain(t, handRecords(), o)
			tg := m.Target(labels.Stance)
			for c, p := range tt.bias {
				if got := math.Exp(tg.Bias(c)); !near(got, p, 1e-12) {
					t.Errorf("exp(Bias(%s)) = %v; want %v", tg.Labels[c], got, p)
				}
			}
			for _, f := range slices.Sorted(maps.Keys(tt.theta)) {
				id, ok := m.Feature(f)
				if !ok {
					t.Fatalf("Feature(%q) not found", f)
				}
				for c, want := range tt.theta[f] {
					if got := math.Exp(tg.Weight(id, c)); !near(got, want, 1e-12) {
						t.Errorf("exp(Weight(%q, %s)) = %v; want %v", f, tg.Labels[c], got, want)
					}
				}
			}
			// Each class's likelihoods are a distribution over the vocabulary.
			for c := range tg.Labels {
				sum := 0.0
				for f := range m.Vocab {
					sum += math.Exp(tg.Weight(f, c))
				}
				if !near(sum, 1, 1e-12) {
					t.Errorf("Σ_f θ(f|%s) = %v; want 1", tg.Labels[c], sum)
				}
			}
		})
	}
}

// TestHandComplementWeights checks complement NB: the weight of f for c is
// −log((α + N_{¬c,f}) / (α·V + N_{¬c})), and the bias is 0.
func TestHandComplementWeights(t *testing.T) {
	o := handOptions(1)
	o.Variant = Complement
	m := mustTrain(t, handRecords(), o)
	tg := m.Target(labels.Stance)
	// Not obstacle: opening + neutral, N = 4 + 2 = 6; not opening: 5 + 2 = 7;
	// not neutral: 5 + 4 = 9. With α = 1 and V = 8 the denominators are
	// 14, 15 and 17.
	want := map[string][]float64{
		"talks": {-math.Log((1 + 2) / 14.0), -math.Log((1 + 3) / 15.0), -math.Log((1 + 3) / 17.0)},
		"fail":  {-math.Log((1 + 0) / 14.0), -math.Log((1 + 1) / 15.0), -math.Log((1 + 1) / 17.0)},
		"held":  {-math.Log((1 + 1) / 14.0), -math.Log((1 + 1) / 15.0), -math.Log((1 + 0) / 17.0)},
	}
	for _, f := range slices.Sorted(maps.Keys(want)) {
		id, _ := m.Feature(f)
		for c, w := range want[f] {
			if got := tg.Weight(id, c); !near(got, w, 1e-12) {
				t.Errorf("Weight(%q, %s) = %v; want %v", f, tg.Labels[c], got, w)
			}
		}
	}
	for c := range tg.Labels {
		if got := tg.Bias(c); got != 0 {
			t.Errorf("Bias(%s) = %v; want 0 for complement NB", tg.Labels[c], got)
		}
	}
}

// TestHandPosteriors classifies "talks fail" and compares with the
// posteriors worked out as fractions.
func TestHandPosteriors(t *testing.T) {
	tests := []struct {
		name   string
		alpha  float64
		prior  Prior
		target labels.Target
		probs  []float64
		best   string
	}{
		{
			// P(c)·θ(talks|c)·θ(fail|c):
			//   obstacle 2/5 · 3/13 · 2/13 = 12/845
			//   opening  2/5 · 2/12 · 1/12 = 1/180
			//   neutral  1/5 · 2/10 · 1/10 = 1/250
			// sum 18067/760500, so 10800, 4225, 3042 over 18067:
			// ≈ 0.5978 0.2339 0.1684.
			name: "stance laplace", alpha: 1, prior: Empirical, target: labels.Stance,
			probs: []float64{10800.0 / 18067, 4225.0 / 18067, 3042.0 / 18067},
			best:  "obstacle",
		},
		{
			//   obstacle 2/5 · 2.5/9 · 1.5/9 = 1/54
			//   opening  2/5 · 1.5/8 · 0.5/8 = 3/640
			//   neutral  1/5 · 1.5/6 · 0.5/6 = 1/240
			// = 320, 81, 72 over 473 ≈ 0.6765 0.1712 0.1522.
			name: "stance lidstone 0.5", alpha: 0.5, prior: Empirical, target: labels.Stance,
			probs: []float64{320.0 / 473, 81.0 / 473, 72.0 / 473},
			best:  "obstacle",
		},
		{
			// Likelihoods only: 6/169, 1/72, 1/50
			// = 10800, 4225, 6084 over 21109 ≈ 0.5116 0.2002 0.2882.
			name: "stance uniform prior", alpha: 1, prior: Uniform, target: labels.Stance,
			probs: []float64{10800.0 / 21109, 4225.0 / 21109, 6084.0 / 21109},
			best:  "obstacle",
		},
		{
			//   negative 2/5 · 3/13 · 2/13 = 12/845
			//   neutral  2/5 · 3/12 · 1/12 = 1/120
			//   positive 1/5 · 1/10 · 1/10 = 1/500
			// = 7200, 4225, 1014 over 12439 ≈ 0.5788 0.3397 0.0815.
			name: "sentiment laplace", alpha: 1, prior: Empirical, target: labels.Sentiment,
			probs: []float64{7200.0 / 12439, 4225.0 / 12439, 1014.0 / 12439},
			best:  "negative",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := handOptions(tt.alpha)
			o.Prior = tt.prior
			m := mustTrain(t, handRecords(), o)
			p := scoreOf(m.NewScorer(), "Talks fail", tt.target)
			for c, want := range tt.probs {
				if !near(p.Probs[c], want, 1e-12) {
					t.Errorf("Score(%q) P(%s) = %v; want %v", "Talks fail", p.Labels[c], p.Probs[c], want)
				}
			}
			if p.Label() != tt.best {
				t.Errorf("Score(%q).Label() = %q; want %q", "Talks fail", p.Label(), tt.best)
			}
			if p.Prob() != p.Probs[p.Best] {
				t.Errorf("Prob() = %v; want Probs[Best] = %v", p.Prob(), p.Probs[p.Best])
			}
		})
	}
}
