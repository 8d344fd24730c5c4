package classify

import (
	"math"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

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
			return ClonePredictions([]Prediction{p})[0]
		}
	}
	panic("no prediction for " + string(target))
}

// builtinAndCorpus returns the built-in model and the shipped corpus, for
// tests that score the corpus as the command does.
func builtinAndCorpus(t testing.TB) (*Model, []labels.Record) {
	t.Helper()
	m, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	return m, recs
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

// seedsByArticle returns the seed corpus, each record's article as its
// group, and a Trainer of the default options.
func seedsByArticle(t *testing.T) ([]labels.Record, []string, *Trainer) {
	t.Helper()
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	groups := make([]string, len(recs))
	for i, r := range recs {
		groups[i] = r.Article
	}
	return recs, groups, tr
}
