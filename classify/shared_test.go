package classify

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// TestShareVocabularyScoresTheSame trains on random subsets of the seed
// corpus twice, with a Trainer whose vocabulary is shared over the whole
// corpus and with a fresh one, and checks that every held-out sentence gets
// the same logits, probabilities, labels, evidence flags and explanations,
// bit for bit, under each model variant: the shared vocabulary changes
// cost, never a result. The shared trainer recycles each model for the
// next (Recycle), so reused memory is checked too.
func TestShareVocabularyScoresTheSame(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	recs = append(recs,
		labels.Record{Article: "x", Index: 0, Text: "Zyxxq plorb.", Stance: "neutral", Sentiment: "neutral"},
		labels.Record{Article: "x", Index: 1, Text: "Moscow rejected the offer flatly.", Stance: "obstacle", Sentiment: "negative"})
	rng := rand.New(rand.NewPCG(1, 2))
	for _, o := range []Options{DefaultOptions(), func() Options { o := DefaultOptions(); o.Variant = Complement; return o }(),
		func() Options { o := DefaultOptions(); o.Prior = Uniform; o.SentimentLexiconOnly = true; return o }()} {
		shared, err := NewTrainer(o)
		if err != nil {
			t.Fatal(err)
		}
		shared.ShareVocabulary(recs)
		for round := range 8 {
			var train, test []labels.Record
			for _, r := range recs {
				// Even rounds keep most sentences (counted by
				// subtraction), odd rounds few (counted directly).
				if (rng.IntN(4) == 0) == (round%2 == 0) {
					test = append(test, r)
				} else {
					train = append(train, r)
				}
			}
			plain, err := NewTrainer(o)
			if err != nil {
				t.Fatal(err)
			}
			mp, err := plain.Train(train)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := shared.Train(train)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms.Vocab) != len(shared.shared.vocab) {
				t.Fatalf("round %d: the shared trainer did not use its vocabulary (%d features, shared %d)", round, len(ms.Vocab), len(shared.shared.vocab))
			}
			sp, ss := plain.Scorer(mp), shared.Scorer(ms)
			for _, r := range test {
				a, b := sp.Score(r.Text), ss.Score(r.Text)
				for i := range a {
					if !reflect.DeepEqual(a[i], b[i]) {
						t.Fatalf("%v, round %d, %q, %s: plain %+v, shared %+v", o.Variant, round, r.Text, a[i].Target, a[i], b[i])
					}
					ca, cb := sp.Contributions(i, a[i].Best, a[i].RunnerUp(), 5), ss.Contributions(i, b[i].Best, b[i].RunnerUp(), 5)
					if !reflect.DeepEqual(ca, cb) {
						t.Fatalf("%q, %s: contributions plain %v, shared %v", r.Text, a[i].Target, ca, cb)
					}
				}
			}
			sameInformative(t, mp, ms, "plain", "shared")
			shared.Recycle(ms)
		}
	}
}

// TestShareVocabularyAfterUnseen: once a Trainer that shares its
// vocabulary has trained on a sentence outside the shared corpus (and
// learnt its features), a subset of the corpus trains the usual way, as
// a fresh Trainer would, instead of counting by subtraction with counts
// that lack the new features (it used to index a nil slice and panic).
func TestShareVocabularyAfterUnseen(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	unseen := labels.Record{Article: "x", Index: 0, Text: "Zyxxq plorb.", Stance: "neutral", Sentiment: "neutral"}
	tr, err := NewTrainer(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	tr.ShareVocabulary(recs)
	if _, err := tr.Train(append(slices.Clone(recs[:10]), unseen)); err != nil {
		t.Fatal(err)
	}
	got, err := tr.Train(recs[1:])
	if err != nil {
		t.Fatal(err)
	}
	want := mustTrain(t, recs[1:], DefaultOptions())
	sg, sw := got.NewScorer(), want.NewScorer()
	for _, r := range append(recs[:1], unseen) {
		if a, b := sg.Score(r.Text), sw.Score(r.Text); !reflect.DeepEqual(a, b) {
			t.Fatalf("%q: after an unseen sentence %+v, fresh %+v", r.Text, a, b)
		}
	}
}

// TestForkScoresTheSame trains subsets of the seed corpus with a Trainer
// that shares its vocabulary and with forks of it, each on a goroutine of
// its own and all at once (run with -race), and checks that every model
// gives every sentence the same predictions, bit for bit, as a Trainer
// never forked does. The Trainer forked trains on a sentence the shared
// corpus lacks, learning its features while the forks read theirs.
func TestForkScoresTheSame(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	unseen := labels.Record{Article: "x", Index: 0, Text: "Zyxxq plorb rejected the offer flatly.", Stance: "obstacle", Sentiment: "negative"}
	test := append(slices.Clone(recs), unseen)
	rng := rand.New(rand.NewPCG(3, 4))
	const rounds = 6
	trains := make([][]labels.Record, rounds)
	for round := range trains {
		for _, r := range recs {
			if rng.IntN(4) != 0 {
				trains[round] = append(trains[round], r)
			}
		}
	}
	trains[0] = append(trains[0], unseen) // trained the usual way
	shared := func() *Trainer {
		tr, err := NewTrainer(DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		tr.ShareVocabulary(recs)
		return tr
	}
	ref := shared()
	want := make([][][]Prediction, rounds)
	for round, train := range trains {
		m, err := ref.Train(train)
		if err != nil {
			t.Fatal(err)
		}
		s := ref.Scorer(m)
		for _, r := range test {
			want[round] = append(want[round], ClonePredictions(s.Score(r.Text)))
		}
	}
	trainers := []*Trainer{shared()}
	for len(trainers) < rounds {
		trainers = append(trainers, trainers[0].Fork())
	}
	var wg sync.WaitGroup
	errs := make([]string, rounds)
	for round, train := range trains {
		tr := trainers[round]
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := tr.Train(train)
			if err != nil {
				errs[round] = err.Error()
				return
			}
			if round > 0 && len(m.Vocab) != len(tr.shared.vocab) {
				errs[round] = fmt.Sprintf("the fork did not use the shared vocabulary (%d features, shared %d)", len(m.Vocab), len(tr.shared.vocab))
				return
			}
			s := tr.Scorer(m)
			for i, r := range test {
				if got := s.Score(r.Text); !reflect.DeepEqual(got, want[round][i]) {
					errs[round] = fmt.Sprintf("%q: %+v; never forked %+v", r.Text, got, want[round][i])
					return
				}
			}
		}()
	}
	wg.Wait()
	for round, e := range errs {
		if e != "" {
			t.Errorf("round %d: %s", round, e)
		}
	}
	for _, f := range trainers[1:] {
		if _, ok := f.feats[unseen.Text]; ok {
			t.Fatalf("a fork has the features its parent learnt after forking")
		}
	}
}

// TestTrainWithoutScoresTheSame trains on random subsets of the seed
// corpus with TrainWithout, given the positions each leaves out, and
// scores the sentences it leaves out from their shared feature ids
// (SharedIDs, ScoreIDs) with one Scorer rebound to each model (Rebind).
// Every prediction must equal, bit for bit, what a fresh Trainer fitted on
// the subset gives the sentence's text, under each model variant, binary
// counts or not.
func TestTrainWithoutScoresTheSame(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	counted := DefaultOptions()
	counted.Features.Binary = false
	rng := rand.New(rand.NewPCG(5, 6))
	for _, o := range []Options{DefaultOptions(), counted, func() Options { o := DefaultOptions(); o.Variant = Complement; return o }(),
		func() Options { o := DefaultOptions(); o.Prior = Uniform; o.SentimentLexiconOnly = true; return o }()} {
		shared, err := NewTrainer(o)
		if err != nil {
			t.Fatal(err)
		}
		shared.ShareVocabulary(recs)
		var sc *Scorer
		var ids []int32
		for round := range 6 {
			var out []int32
			var train []labels.Record
			for i, r := range recs {
				// Some rounds leave out most sentences, some few.
				if rng.IntN(10) < 2+round {
					out = append(out, int32(i))
				} else {
					train = append(train, r)
				}
			}
			mp := mustTrain(t, train, o)
			ms, err := shared.TrainWithout(out)
			if err != nil {
				t.Fatal(err)
			}
			if sc == nil {
				sc = shared.Scorer(ms)
			} else {
				sc.Rebind(ms)
			}
			sp := mp.NewScorer()
			for _, i := range out {
				ids = shared.SharedIDs(ids[:0], int(i))
				a, b := sp.Score(recs[i].Text), sc.ScoreIDs(ids)
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("%v binary=%v, round %d, %q: trained on the subset %+v, without the rest %+v", o.Variant, o.Features.Binary, round, recs[i].Text, a, b)
				}
			}
			sameInformative(t, mp, ms, "trained on the subset", "without the rest")
			shared.Recycle(ms)
		}
	}
}

// TestTrainWithoutRefuses: TrainWithout says why it cannot train rather
// than train on something else: no shared corpus, a position outside it
// or given twice, or nothing left.
func TestTrainWithoutRefuses(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := NewTrainer(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.TrainWithout(nil); !errors.Is(err, ErrNoSharedCorpus) {
		t.Errorf("TrainWithout before ShareVocabulary: %v; want ErrNoSharedCorpus", err)
	}
	twice, err := NewTrainer(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	twice.ShareVocabulary(append(slices.Clone(recs), recs[0]))
	if _, err := twice.TrainWithout(nil); !errors.Is(err, ErrNoSharedCorpus) {
		t.Errorf("TrainWithout on a corpus with a sentence twice: %v; want ErrNoSharedCorpus", err)
	}
	tr, err := NewTrainer(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	tr.ShareVocabulary(recs)
	all := make([]int32, len(recs))
	for i := range all {
		all[i] = int32(i)
	}
	for _, tt := range []struct {
		out  []int32
		want string
	}{
		{[]int32{-1}, "outside the shared corpus"},
		{[]int32{int32(len(recs))}, "outside the shared corpus"},
		{[]int32{3, 3}, "left out twice"},
		{all, ErrNoData.Error()},
	} {
		if _, err := tr.TrainWithout(tt.out); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("TrainWithout(%v…) = %v; want an error saying %q", tt.out[:1], err, tt.want)
		}
	}
	if _, err := tr.TrainWithout(nil); err != nil {
		t.Errorf("TrainWithout(nil) = %v; want the whole corpus trained", err)
	}
}

// TestDeriveScoresTheSame: a Trainer derived from one that shared its
// vocabulary, for options that differ in variant, smoothing, prior,
// lexicon weight and whether sentiment counts only lexicon words, trains
// the same models as a fresh Trainer of those options that shared its
// own: every sentence gets the same predictions, bit for bit, from its
// text and from its shared ids, and the models list the same informative
// features. Options that change the vocabulary are refused.
func TestDeriveScoresTheSame(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	base, err := NewTrainer(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	base.ShareVocabulary(recs)
	var variants []Options
	for _, variant := range []Variant{Multinomial, Complement} {
		for _, lex := range []float64{1, 3} {
			for _, lexOnly := range []bool{false, true} {
				o := DefaultOptions()
				o.Variant, o.LexiconWeight, o.SentimentLexiconOnly, o.Alpha = variant, lex, lexOnly, 0.7
				if lexOnly {
					o.Prior = Uniform
				}
				variants = append(variants, o)
			}
		}
	}
	out := []int32{0, 3, 7, 11, 40, 41, 42}
	for _, o := range variants {
		d, err := base.Derive(o)
		if err != nil {
			t.Fatalf("Derive(%+v) = %v", o, err)
		}
		fresh, err := NewTrainer(o)
		if err != nil {
			t.Fatal(err)
		}
		fresh.ShareVocabulary(recs)
		md, err := d.TrainWithout(out)
		if err != nil {
			t.Fatal(err)
		}
		mf, err := fresh.TrainWithout(out)
		if err != nil {
			t.Fatal(err)
		}
		sd, sf := d.Scorer(md), fresh.Scorer(mf)
		var ids []int32
		for i, r := range recs {
			want := ClonePredictions(sf.Score(r.Text))
			if got := sd.Score(r.Text); !reflect.DeepEqual(got, want) {
				t.Fatalf("%v lexicon=%v only=%v, %q: derived %+v; fresh %+v", o.Variant, o.LexiconWeight, o.SentimentLexiconOnly, r.Text, got, want)
			}
			ids = d.SharedIDs(ids[:0], i)
			if got := sd.ScoreIDs(ids); !reflect.DeepEqual(got, want) {
				t.Fatalf("%v lexicon=%v only=%v, %q from ids: derived %+v; fresh %+v", o.Variant, o.LexiconWeight, o.SentimentLexiconOnly, r.Text, got, want)
			}
		}
		sameInformative(t, md, mf, "derived", "fresh")
	}
	noBigrams := DefaultOptions()
	noBigrams.Features.Bigrams = false
	noLexicon := DefaultOptions()
	noLexicon.LexiconWeight = 0
	for _, o := range []Options{noBigrams, noLexicon} {
		if _, err := base.Derive(o); !errors.Is(err, ErrNoDerive) {
			t.Errorf("Derive(%+v) = %v; want ErrNoDerive", o, err)
		}
	}
}

// sameInformative fails the test unless models a and b, called what a
// and what b, list the same informative features for every target.
func sameInformative(t *testing.T, a, b *Model, whatA, whatB string) {
	t.Helper()
	for _, tg := range labels.Targets() {
		if ia, ib := a.Informative(tg, 5), b.Informative(tg, 5); !reflect.DeepEqual(ia, ib) {
			t.Fatalf("Informative(%s): %s %v, %s %v", tg, whatA, ia, whatB, ib)
		}
	}
}
