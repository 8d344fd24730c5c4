package classify

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
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

func mustTrain(t testing.TB, recs []labels.Record, o Options) *Model {
	t.Helper()
	m, err := Train(recs, o)
	if err != nil {
		t.Fatalf("Train: %v", err)
	}
	return m
}

// near reports whether got is within tol of want, relative to want's size.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// scoreOf returns the prediction for target, copied so later scoring does
// not change it.
func scoreOf(s *Scorer, text string, target labels.Target) Prediction {
	for _, p := range s.Score(text) {
		if p.Target == target {
			return clonePreds([]Prediction{p})[0]
		}
	}
	panic("no prediction for " + string(target))
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
		counts [][]int // again agreed deal fail held resume stall talks
	}{
		{labels.Stance, []int{2, 2, 1}, [][]int{
			{1, 0, 0, 1, 0, 0, 1, 2},
			{0, 1, 1, 0, 0, 1, 0, 1},
			{0, 0, 0, 0, 1, 0, 0, 1},
		}},
		{labels.Sentiment, []int{2, 2, 1}, [][]int{
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

// TestUnknownWordsSkipped: words outside the vocabulary add nothing, so
// the probabilities are the same to the bit, and a text of unknown words
// only gets the prior.
func TestUnknownWordsSkipped(t *testing.T) {
	m := mustTrain(t, handRecords(), handOptions(1))
	s := m.NewScorer()
	base := clonePreds(s.Score("talks fail"))
	for _, text := range []string{
		"talks fail zebra",
		"Zebra talks, quagga fail!",
		"talks fail 1984", // a number is the feature <num>, unseen in training
		"talks fail ολοκλήρωση",
	} {
		t.Run(text, func(t *testing.T) {
			got := s.Score(text)
			for i := range got {
				if !slices.Equal(got[i].Probs, base[i].Probs) || got[i].Best != base[i].Best {
					t.Errorf("Score(%q) %s = %v; want %v as for %q", text, got[i].Target, got[i].Probs, base[i].Probs, "talks fail")
				}
			}
		})
	}
	t.Run("only unknown words", func(t *testing.T) {
		p := scoreOf(s, "zebra quagga", labels.Stance)
		want := []float64{0.4, 0.4, 0.2}
		for c := range want {
			if !near(p.Probs[c], want[c], 1e-12) {
				t.Errorf("Score(%q) P(%s) = %v; want the prior %v", "zebra quagga", p.Labels[c], p.Probs[c], want[c])
			}
		}
	})
}

// TestTiesBreakByLabelOrder builds exact ties: classes with the same data
// get bit-identical scores, and the earlier label in codebook order wins
// whatever the order of the training records.
func TestTiesBreakByLabelOrder(t *testing.T) {
	rec := func(text, stance, sentiment string) labels.Record {
		return labels.Record{Article: "tie", Text: text, Stance: stance, Sentiment: sentiment}
	}
	// The later label of each tied pair comes first in the data.
	recs := []labels.Record{
		rec("yes", "neutral", "positive"),
		rec("yes", "opening", "neutral"),
		rec("no", "obstacle", "negative"),
	}
	m := mustTrain(t, recs, handOptions(1))
	s := m.NewScorer()
	tests := []struct {
		text   string
		target labels.Target
		tied   [2]int // indices with equal probability
		want   string
	}{
		// yes: obstacle 1/3·1/3, opening and neutral 1/3·2/3.
		{"yes", labels.Stance, [2]int{1, 2}, "opening"},
		{"yes", labels.Sentiment, [2]int{1, 2}, "neutral"},
		// No evidence: three equal priors, and the label is neutral, not
		// the first of the tie (NoEvidence says so).
		{"", labels.Stance, [2]int{0, 2}, "neutral"},
		{"maybe", labels.Sentiment, [2]int{0, 1}, "neutral"},
	}
	for _, tt := range tests {
		t.Run(string(tt.target)+"/"+tt.text, func(t *testing.T) {
			p := scoreOf(s, tt.text, tt.target)
			if p.Probs[tt.tied[0]] != p.Probs[tt.tied[1]] {
				t.Fatalf("Score(%q) = %v; want a tie between %s and %s", tt.text, p.Probs, p.Labels[tt.tied[0]], p.Labels[tt.tied[1]])
			}
			if p.Label() != tt.want {
				t.Errorf("Score(%q).Label() = %q; want %q (%v)", tt.text, p.Label(), tt.want, p.Probs)
			}
			if none := tt.text != "yes"; p.NoEvidence != none {
				t.Errorf("Score(%q).NoEvidence = %v; want %v", tt.text, p.NoEvidence, none)
			}
		})
	}
}

// TestLongTextNoUnderflow scores a text whose log scores are tens of
// thousands below zero, where exp of each would be 0.
func TestLongTextNoUnderflow(t *testing.T) {
	for _, v := range []Variant{Multinomial, Complement} {
		t.Run(string(v), func(t *testing.T) {
			o := handOptions(1)
			o.Variant = v
			m := mustTrain(t, handRecords(), o)
			text := strings.Repeat("Talks fail again. ", 5000)
			for _, p := range m.NewScorer().Score(text) {
				sum := 0.0
				for c, q := range p.Probs {
					if math.IsNaN(q) || math.IsInf(q, 0) || q < 0 || q > 1 {
						t.Errorf("%s P(%s) = %v; want a probability", p.Target, p.Labels[c], q)
					}
					sum += q
				}
				if !near(sum, 1, 1e-12) {
					t.Errorf("%s Σ P = %v; want 1", p.Target, sum)
				}
				if want := p.Target.Labels()[0]; p.Label() != want || p.Prob() != 1 {
					t.Errorf("%s = %s %v; want %s with probability 1", p.Target, p.Label(), p.Prob(), want)
				}
			}
		})
	}
}

// TestBinary: with Binary a word counts once per sentence, in training and
// in scoring.
func TestBinary(t *testing.T) {
	recs := []labels.Record{
		{Article: "b", Text: "no no no deal", Stance: "obstacle", Sentiment: "negative"},
		{Article: "b", Index: 1, Text: "deal deal", Stance: "opening", Sentiment: "positive"},
	}
	tests := []struct {
		binary bool
		counts [][]int // deal no, per stance label
		same   bool    // "no" and "no no no" score the same
	}{
		{false, [][]int{{1, 3}, {2, 0}, {0, 0}}, false},
		{true, [][]int{{1, 1}, {1, 0}, {0, 0}}, true},
	}
	for _, tt := range tests {
		name := "counts"
		if tt.binary {
			name = "binary"
		}
		t.Run(name, func(t *testing.T) {
			o := handOptions(1)
			o.Features.Binary = tt.binary
			m := mustTrain(t, recs, o)
			if !slices.Equal(m.Vocab, []string{"deal", "no"}) {
				t.Fatalf("Vocab = %q; want [deal no]", m.Vocab)
			}
			tg := m.Target(labels.Stance)
			for c := range tt.counts {
				if !slices.Equal(tg.Counts[c], tt.counts[c]) {
					t.Errorf("Counts[%s] = %v; want %v", tg.Labels[c], tg.Counts[c], tt.counts[c])
				}
			}
			s := m.NewScorer()
			once := scoreOf(s, "no", labels.Stance)
			thrice := scoreOf(s, "no, no and NO", labels.Stance)
			if got := slices.Equal(once.Probs, thrice.Probs); got != tt.same {
				t.Errorf("Score(%q) = %v, Score(%q) = %v; equal %v, want %v", "no", once.Probs, "no, no and NO", thrice.Probs, got, tt.same)
			}
		})
	}
}

// TestBinaryStampWrap runs the Binary scorer across the wrap of its
// generation counter: afterwards a repeat must still count once, and a
// feature last seen long ago (stamped with the generation the counter
// restarts at) must not be taken as already seen.
func TestBinaryStampWrap(t *testing.T) {
	o := handOptions(1)
	o.Features.Binary = true
	m := mustTrain(t, handRecords(), o)
	fresh := m.NewScorer()
	s := m.NewScorer()
	s.Score("held resume") // generation 1 stamps held and resume
	s.gen = math.MaxUint32 - 1
	for i, text := range []string{"talks fail", "held held resume", "talks talks fail", "held resume resume"} {
		want := clonePreds(fresh.Score(text))
		got := s.Score(text)
		for j := range got {
			if !slices.Equal(got[j].Probs, want[j].Probs) {
				t.Errorf("call %d, generation %d: Score(%q) %s = %v; want %v", i, s.gen, text, got[j].Target, got[j].Probs, want[j].Probs)
			}
		}
	}
}

func TestTrainErrors(t *testing.T) {
	good := handRecords()
	bad := handRecords()
	bad[2].Stance = "opposed"
	tests := []struct {
		name string
		recs []labels.Record
		o    func(*Options)
		want string
	}{
		{"no records", nil, nil, "no training sentences"},
		{"alpha 0", good, func(o *Options) { o.Alpha = 0 }, "alpha"},
		{"unknown variant", good, func(o *Options) { o.Variant = "bernoulli" }, "unknown variant"},
		{"unknown prior", good, func(o *Options) { o.Prior = "flat" }, "unknown prior"},
		{"negative cue weight", good, func(o *Options) { o.CueWeight = -1 }, "negative"},
		{"min_df 0", good, func(o *Options) { o.Features.MinDF = 0 }, "min_df"},
		{"unknown label", bad, nil, `hand/2 has no valid stance label ("opposed")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := handOptions(1)
			if tt.o != nil {
				tt.o(&o)
			}
			m, err := Train(tt.recs, o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Train() = %v, %v; want an error containing %q", m, err, tt.want)
			}
		})
	}
}

// TestMinDF drops words seen in fewer than MinDF sentences.
func TestMinDF(t *testing.T) {
	o := handOptions(1)
	o.Features.MinDF = 2
	m := mustTrain(t, handRecords(), o)
	if want := []string{"talks"}; !slices.Equal(m.Vocab, want) {
		t.Errorf("Vocab with MinDF 2 = %q; want %q", m.Vocab, want)
	}
}

// corpusModel returns the model trained on the shipped corpus with the
// default options, trained once for the tests that only read it.
func corpusModel(t testing.TB) *Model {
	t.Helper()
	m, err := sharedCorpusModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var sharedCorpusModel = sync.OnceValues(func() (*Model, error) {
	recs, err := labels.Corpus()
	if err != nil {
		return nil, err
	}
	return Train(recs, DefaultOptions())
})

func TestTrainCorpus(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	m := corpusModel(t)
	if !slices.IsSorted(m.Vocab) || len(slices.Compact(slices.Clone(m.Vocab))) != len(m.Vocab) {
		t.Errorf("Vocab is not sorted and unique")
	}
	if len(m.Targets) != len(labels.Targets()) {
		t.Fatalf("%d targets; want %d", len(m.Targets), len(labels.Targets()))
	}
	for i, target := range labels.Targets() {
		tg := m.Targets[i]
		if tg.Target != target || m.Target(target) != tg {
			t.Errorf("Targets[%d] = %s; want %s", i, tg.Target, target)
		}
		if !slices.Equal(tg.Labels, target.Labels()) {
			t.Errorf("%s Labels = %q; want %q", target, tg.Labels, target.Labels())
		}
		sum := 0
		for _, d := range tg.Docs {
			sum += d
		}
		if sum != len(recs) {
			t.Errorf("%s Docs = %v, sum %d; want %d records", target, tg.Docs, sum, len(recs))
		}
		for c, row := range tg.Counts {
			if len(row) != len(m.Vocab) {
				t.Errorf("%s Counts[%d] has %d entries; want %d", target, c, len(row), len(m.Vocab))
			}
		}
		if len(tg.Pseudo) != len(tg.Labels)*len(m.Vocab) {
			t.Errorf("%s Pseudo has %d entries; want %d with default cue and lexicon weights", target, len(tg.Pseudo), len(tg.Labels)*len(m.Vocab))
		}
	}
	// The cue features are in the vocabulary even if no sentence has one.
	for _, tag := range features.CueTags() {
		if _, ok := m.Feature(features.CueFeature(tag)); !ok {
			t.Errorf("Feature(%q) missing", features.CueFeature(tag))
		}
	}
}

// TestProbabilitiesSumToOne scores random texts made of corpus words with
// every variant and prior: each is a distribution and Best is its first
// maximum.
func TestProbabilitiesSumToOne(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, r := range recs {
		words = append(words, strings.Fields(r.Text)...)
	}
	for _, v := range []Variant{Multinomial, Complement} {
		for _, prior := range []Prior{Empirical, Uniform} {
			t.Run(string(v)+"/"+string(prior), func(t *testing.T) {
				o := DefaultOptions()
				o.Variant, o.Prior = v, prior
				s := mustTrain(t, recs, o).NewScorer()
				rng := rand.New(rand.NewPCG(1, 2))
				for range 500 {
					n := rng.IntN(60)
					text := make([]string, n)
					for i := range text {
						text[i] = words[rng.IntN(len(words))]
					}
					in := strings.Join(text, " ")
					for _, p := range s.Score(in) {
						checkDistribution(t, in, p)
					}
				}
			})
		}
	}
}

func checkDistribution(t *testing.T, text string, p Prediction) {
	t.Helper()
	sum := 0.0
	for c, q := range p.Probs {
		if !(q >= 0 && q <= 1) {
			t.Fatalf("Score(%q) %s P(%s) = %v; want a probability", text, p.Target, p.Labels[c], q)
		}
		sum += q
	}
	if !near(sum, 1, 1e-12) {
		t.Fatalf("Score(%q) %s Σ P = %v; want 1", text, p.Target, sum)
	}
	if p.NoEvidence {
		if p.Label() != p.Target.Neutral() {
			t.Fatalf("Score(%q) %s has no evidence but label %s; want %s", text, p.Target, p.Label(), p.Target.Neutral())
		}
		return
	}
	for c, q := range p.Probs {
		if q > p.Probs[p.Best] || (q == p.Probs[p.Best] && c < p.Best) {
			t.Fatalf("Score(%q) %s Best = %d; want the first maximum of %v", text, p.Target, p.Best, p.Probs)
		}
	}
}

func TestSoftmax(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want []float64
		best int
	}{
		{"equal", []float64{-3, -3, -3}, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, 0},
		{"log of 1:2:1", []float64{0, math.Log(2), 0}, []float64{0.25, 0.5, 0.25}, 1},
		{"far below zero", []float64{-1e5, -1e5 + math.Log(3), -2e5}, []float64{0.25, 0.75, 0}, 1},
		{"last ties first", []float64{-1, -2, -1}, nil, 0},
		{"one class", []float64{-1e300}, []float64{1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := slices.Clone(tt.in)
			best := softmax(x)
			if best != tt.best {
				t.Errorf("softmax(%v) best = %d; want %d", tt.in, best, tt.best)
			}
			for c := range tt.want {
				if !near(x[c], tt.want[c], 1e-12) {
					t.Errorf("softmax(%v) = %v; want %v", tt.in, x, tt.want)
					break
				}
			}
		})
	}
}

// TestInformative checks the log-likelihood ratios of the worked example:
// for obstacle, θ(f|obstacle) against θ(f|opening or neutral) with α
// added once per other class: fail, stall and again all get
// log((2/13) / ((0+2)/(6+16))) = log(22/13) ≈ 0.526, ties in name order,
// then talks log((3/13) / ((2+2)/22)) = log(33/26) ≈ 0.238.
func TestInformative(t *testing.T) {
	m := mustTrain(t, handRecords(), handOptions(1))
	got := m.Informative(labels.Stance, 4)
	if len(got) != 3 {
		t.Errorf("Informative(stance) has %d labels; want 3", len(got))
	}
	want := []Contribution{
		{"again", 1, math.Log(22.0 / 13)},
		{"fail", 1, math.Log(22.0 / 13)},
		{"stall", 1, math.Log(22.0 / 13)},
		{"talks", 2, math.Log(33.0 / 26)},
	}
	ob := got["obstacle"]
	if len(ob) != len(want) {
		t.Fatalf("Informative(stance, 4)[obstacle] = %v; want %v", ob, want)
	}
	for i := range want {
		if ob[i].Feature != want[i].Feature || ob[i].Count != want[i].Count || !near(ob[i].Weight, want[i].Weight, 1e-12) {
			t.Errorf("Informative(stance, 4)[obstacle][%d] = %v; want %v", i, ob[i], want[i])
		}
	}
}

// TestExplain: "talks fail" is obstacle with opening the runner-up; fail
// moves it by log((2/13)/(1/12)) = log(24/13), talks by
// log((3/13)/(2/12)) = log(18/13).
func TestExplain(t *testing.T) {
	m := mustTrain(t, handRecords(), handOptions(1))
	s := m.NewScorer()
	preds, why := s.Explain("talks fail zebra", 5)
	if preds[0].Label() != "obstacle" {
		t.Fatalf("Explain stance = %s; want obstacle", preds[0].Label())
	}
	want := []Contribution{{"fail", 1, math.Log(24.0 / 13)}, {"talks", 1, math.Log(18.0 / 13)}}
	got := why[0]
	if len(got) != len(want) {
		t.Fatalf("Explain(%q) stance = %v; want %v", "talks fail zebra", got, want)
	}
	for i := range want {
		if got[i].Feature != want[i].Feature || got[i].Count != want[i].Count || !near(got[i].Weight, want[i].Weight, 1e-12) {
			t.Errorf("Explain(%q) stance[%d] = %v; want %v", "talks fail zebra", i, got[i], want[i])
		}
	}
	if _, why := s.Explain("talks fail", 1); len(why[0]) != 1 || why[0][0].Feature != "fail" {
		t.Errorf("Explain(%q, 1) stance = %v; want only fail", "talks fail", why[0])
	}
	// The predictions returned are not overwritten by later scoring.
	before := slices.Clone(preds[0].Probs)
	s.Score("deal agreed")
	if !slices.Equal(preds[0].Probs, before) {
		t.Errorf("Explain predictions changed by a later Score: %v -> %v", before, preds[0].Probs)
	}
}

// TestContributions: count × (weight(toward) − weight(away)) for the
// worked example, positive ones only, largest first, ties by feature name.
// For obstacle against opening, fail, stall and again each give
// log((2/13)/(1/12)) = log(24/13) ≈ 0.613 and talks log((3/13)/(2/12)) =
// log(18/13) ≈ 0.325 per occurrence.
func TestContributions(t *testing.T) {
	m := mustTrain(t, handRecords(), handOptions(1))
	const obstacle, opening = 0, 1
	tests := []struct {
		text         string
		toward, away int
		n            int
		want         []Contribution
	}{
		{"stall again fail talks", obstacle, opening, 10, []Contribution{
			{"again", 1, math.Log(24.0 / 13)},
			{"fail", 1, math.Log(24.0 / 13)},
			{"stall", 1, math.Log(24.0 / 13)},
			{"talks", 1, math.Log(18.0 / 13)},
		}},
		{"stall again fail talks", obstacle, opening, 2, []Contribution{
			{"again", 1, math.Log(24.0 / 13)},
			{"fail", 1, math.Log(24.0 / 13)},
		}},
		// Twice log(18/13) ≈ 0.651 passes fail's 0.613.
		{"talks fail talks", obstacle, opening, 10, []Contribution{
			{"talks", 2, 2 * math.Log(18.0/13)},
			{"fail", 1, math.Log(24.0 / 13)},
		}},
		// Toward opening only deal helps: log((2/12)/(1/13)) = log(13/6).
		{"deal talks fail zebra", opening, obstacle, 10, []Contribution{
			{"deal", 1, math.Log(13.0 / 6)},
		}},
		{"talks fail", obstacle, opening, 0, nil},
		{"zebra", obstacle, opening, 10, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d-%d/n=%d", tt.text, tt.toward, tt.away, tt.n), func(t *testing.T) {
			s := m.NewScorer()
			s.Score(tt.text)
			got := s.Contributions(0, tt.toward, tt.away, tt.n)
			if len(got) != len(tt.want) {
				t.Fatalf("Contributions(%q) = %v; want %v", tt.text, got, tt.want)
			}
			for i := range tt.want {
				if got[i].Feature != tt.want[i].Feature || got[i].Count != tt.want[i].Count || !near(got[i].Weight, tt.want[i].Weight, 1e-12) {
					t.Errorf("Contributions(%q)[%d] = %v; want %v", tt.text, i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestTrainerReuse: a Trainer that has already trained on other data (and
// cached their features) gives the same model, byte for byte, as a fresh
// Train, as cross-validation relies on.
func TestTrainerReuse(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	tr, err := NewTrainer(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		recs []labels.Record
	}{
		{"first half", recs[:len(recs)/2]},
		{"all", recs},
		{"second half", recs[len(recs)/2:]},
		{"first half again", recs[:len(recs)/2]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tr.Train(tt.recs)
			if err != nil {
				t.Fatal(err)
			}
			want := mustTrain(t, tt.recs, o)
			if g, w := save(t, got), save(t, want); !bytes.Equal(g, w) {
				t.Errorf("Trainer.Train after other data differs from Train:\n%s", byteDiff(g, w))
			}
		})
	}
	if _, err := NewTrainer(Options{}); err == nil {
		t.Errorf("NewTrainer(Options{}) = nil error; want one for alpha 0")
	}
}
