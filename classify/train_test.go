package classify

// Training: bad input, minimum document frequency, the shipped corpus, a
// Trainer used again.

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

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
		if tg.Name != target || m.Target(target) != tg {
			t.Errorf("Targets[%d] = %s; want %s", i, tg.Name, target)
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
		if tg.Pseudo == nil || tg.Pseudo.Len() != len(m.Vocab) {
			t.Errorf("%s Pseudo = %v; want pseudo-counts for %d features with default cue and lexicon weights", target, tg.Pseudo, len(m.Vocab))
		}
	}
	// The cue features are in the vocabulary even if no sentence has one.
	for _, tag := range features.CueTags() {
		if _, ok := m.Feature(features.CueFeature(tag)); !ok {
			t.Errorf("Feature(%q) missing", features.CueFeature(tag))
		}
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

// TestFeaturesAsExtracted: the uids a Trainer caches for a sentence are
// those of Extractor.Features, in its order, each once when Binary, with
// counting or not.
func TestFeaturesAsExtracted(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	for _, binary := range []bool{true, false} {
		o := DefaultOptions()
		o.Features.Binary = binary
		tr, err := NewTrainer(o)
		if err != nil {
			t.Fatal(err)
		}
		x, err := o.Features.NewExtractor()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			var got []string
			for _, u := range tr.features(r.Text) {
				got = append(got, tr.names[u])
			}
			if want := x.Features(r.Text); !slices.Equal(got, want) {
				t.Fatalf("binary %v, %q: features %q; Extractor.Features %q", binary, r.Text, got, want)
			}
		}
	}
}

// TestPseudoMatchesDense: pseudo-counts added at random give, for every
// feature and class, what a dense table given the same additions holds,
// and nil pseudo-counts read as zero.
func TestPseudoMatchesDense(t *testing.T) {
	const v, k = 50, 3
	rng := rand.New(rand.NewPCG(7, 8))
	p := NewPseudo(v, k)
	dense := make([]float64, v*k)
	for range 120 {
		c, f, n := rng.IntN(k), rng.IntN(v), rng.Float64()*4
		p.Add(c, f, n)
		dense[c*v+f] += n
	}
	for f := range v {
		for c := range k {
			if got, want := p.At(c, f), dense[c*v+f]; got != want {
				t.Fatalf("At(%d, %d) = %v; want %v", c, f, got, want)
			}
		}
	}
	if got := (*Pseudo)(nil).At(1, 2); got != 0 {
		t.Errorf("nil At = %v; want 0", got)
	}
}

// TestLogCacheIsMathLog: the remembered logarithms are math.Log's, bit
// for bit, for whole counts below the cache's size and above it, for
// counts with a fractional pseudo-count, and asked twice.
func TestLogCacheIsMathLog(t *testing.T) {
	for _, tt := range []struct{ a, den float64 }{{0.3, 12345.6}, {1, 7}, {1e-6, 0.5}} {
		lc := logCache{a: tt.a, den: tt.den}
		for range 2 {
			for _, n := range []float64{0, 1, 2, 3, 17, 63, 64, 65, 1000, 0.75, 2.5, 63.5, 1e9} {
				if got, want := lc.log(n), math.Log((n+tt.a)/tt.den); got != want {
					t.Fatalf("a %v, den %v: log(%v) = %v; want %v", tt.a, tt.den, n, got, want)
				}
			}
		}
	}
}
