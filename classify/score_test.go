package classify

// Scoring: unknown words, ties, long texts, binary counts, probabilities.

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// TestUnknownWordsSkipped: words outside the vocabulary add nothing, so
// the probabilities are the same to the bit, and a text of unknown words
// only gets the prior.
func TestUnknownWordsSkipped(t *testing.T) {
	m := mustTrain(t, handRecords(), handOptions(1))
	s := m.NewScorer()
	base := ClonePredictions(s.Score("talks fail"))
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
		counts [][]int32 // deal no, per stance label
		same   bool      // "no" and "no no no" score the same
	}{
		{false, [][]int32{{1, 3}, {2, 0}, {0, 0}}, false},
		{true, [][]int32{{1, 1}, {1, 0}, {0, 0}}, true},
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
		want := ClonePredictions(fresh.Score(text))
		got := s.Score(text)
		for j := range got {
			if !slices.Equal(got[j].Probs, want[j].Probs) {
				t.Errorf("call %d, generation %d: Score(%q) %s = %v; want %v", i, s.gen, text, got[j].Target, got[j].Probs, want[j].Probs)
			}
		}
	}
}

// TestPrefaultChangesNothing: a Scorer readied for a long run between two
// texts (its per-feature table and its word cache written afresh) scores
// every text as a fresh Scorer does, texts it has seen before included.
func TestPrefaultChangesNothing(t *testing.T) {
	m, recs := builtinAndCorpus(t)
	s := m.NewScorer()
	for i, r := range recs[:600] {
		if i == 0 || i == 300 { // before any text, as tag does, and between two
			s.Prefault()
		}
		got := ClonePredictions(s.Score(r.Text))
		want := m.NewScorer().Score(r.Text)
		for j := range got {
			if !slices.Equal(got[j].Probs, want[j].Probs) || got[j].Best != want[j].Best {
				t.Fatalf("text %d %q, %s: %v (best %d) after Prefault at 0 and 300; a fresh Scorer gives %v (best %d)", i, r.Text, got[j].Target, got[j].Probs, got[j].Best, want[j].Probs, want[j].Best)
			}
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

// TestSummedAsCounted holds the Scorer's sums made as features are
// counted (binary counts, two targets of three labels: the built-in
// model's case) to the sums made after, bit for bit, on every sentence of
// the built-in corpus, whole and in parts.
func TestSummedAsCounted(t *testing.T) {
	m, recs := builtinAndCorpus(t)
	fast, slow := m.NewScorer(), m.NewScorer()
	if !fast.summed {
		t.Fatal("the built-in model's Scorer does not sum as it counts")
	}
	slow.summed, slow.seen, slow.bits = false, make([]seen, slow.nfeat), nil
	for i, r := range recs {
		got := fast.Score(r.Text)
		want := slow.Score(r.Text)
		for k := range want {
			if !slices.Equal(got[k].Logits, want[k].Logits) || !slices.Equal(got[k].Probs, want[k].Probs) || got[k].Best != want[k].Best {
				t.Fatalf("sentence %d %q, %s: summed as counted %v, after %v", i, r.Text, want[k].Target, got[k].Logits, want[k].Logits)
			}
		}
		if i%50 == 0 { // in parts too: Begin, AddPart at each cut, End
			inParts := func(sc *Scorer) []Prediction {
				sc.Begin()
				rest := r.Text
				for {
					cut := features.CutPoint([]byte(rest))
					if cut < 0 {
						break
					}
					sc.AddPart(rest[:cut])
					rest = rest[cut:]
				}
				sc.AddPart(rest)
				return sc.End()
			}
			got, want := inParts(fast), inParts(slow)
			for k := range want {
				if !slices.Equal(got[k].Logits, want[k].Logits) {
					t.Fatalf("sentence %d in parts, %s: summed as counted %v, after %v", i, want[k].Target, got[k].Logits, want[k].Logits)
				}
			}
		}
	}
}
