package features

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// TestAppendIDs: AppendIDs appends exactly the ids of the features
// Extract reports, in the same order, skipping those outside the
// vocabulary, on every corpus sentence and on shuffled word salad that
// exercises the caches.
func TestAppendIDs(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	s := Default()
	s.Bigrams = true
	x, _ := s.NewExtractor()
	// A vocabulary of the features of every other sentence, so that some
	// features are missing.
	index := make(map[string]int32)
	for i, r := range recs {
		if i%2 == 0 {
			for _, f := range x.Features(r.Text) {
				if _, ok := index[f]; !ok {
					index[f] = int32(len(index))
				}
			}
		}
	}
	texts := make([]string, 0, 2*len(recs))
	for _, r := range recs {
		texts = append(texts, r.Text)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range len(recs) {
		a, b := strings.Fields(recs[rng.IntN(len(recs))].Text), strings.Fields(recs[rng.IntN(len(recs))].Text)
		w := append(a, b...)
		rng.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
		texts = append(texts, strings.Join(w, " ")+" not "+strings.Join(w[:len(w)/2], " "))
	}
	// The other half of the features, for a second vocabulary set on
	// the same Extractor, as cross-validation does fold after fold.
	other := make(map[string]int32)
	for i, r := range recs {
		if i%2 == 1 {
			for _, f := range x.Features(r.Text) {
				if _, ok := other[f]; !ok {
					other[f] = int32(len(other))
				}
			}
		}
	}
	check := func(ids *Extractor, index map[string]int32, round string) {
		t.Helper()
		for _, text := range texts {
			var want []int32
			x.Extract(text, func(f []byte) {
				if id, ok := index[string(f)]; ok {
					want = append(want, id)
				}
			})
			got := ids.AppendIDs(nil, text)
			if !slices.Equal(got, want) {
				t.Fatalf("%s: AppendIDs(%q) = %v; want %v", round, text, got, want)
			}
		}
	}
	ids, _ := s.NewExtractor()
	ids.SetVocabulary(s.NewVocabulary(vocabOf(index)))
	check(ids, index, "cold")
	check(ids, index, "warm") // every word's ids resolved
	ids.SetVocabulary(s.NewVocabulary(vocabOf(other)))
	check(ids, other, "second vocabulary")
	small, _ := s.NewExtractor()
	small.maxWords = 16 // the word cache is emptied every few sentences
	small.SetVocabulary(s.NewVocabulary(vocabOf(index)))
	check(small, index, "small cache")
	check(small, index, "small cache, again")
}

func TestAppendIDsAllocs(t *testing.T) {
	s := Default()
	x, _ := s.NewExtractor()
	index := make(map[string]int32)
	text := "Washington refuses to consider working together as long as Moscow insists that U.S. strikes need Syrian and U.N. approval."
	for _, f := range x.Features(text) {
		index[f] = int32(len(index))
	}
	x.SetVocabulary(s.NewVocabulary(vocabOf(index)))
	buf := x.AppendIDs(nil, text)
	if allocs := testing.AllocsPerRun(100, func() { buf = x.AppendIDs(buf[:0], text) }); allocs != 0 {
		t.Errorf("AppendIDs allocates %v times per warm call; want 0", allocs)
	}
	if len(buf) == 0 {
		t.Error("AppendIDs found no features")
	}
}

// TestPairTable holds pairTable to the map it is built from, for present
// and absent keys, at sizes from empty to thousands of pairs.
func TestPairTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 7, 8, 9, 100, 5000} {
		m := make(map[uint64]int32)
		for len(m) < n {
			// Small halves, as vocabularies have: many keys share a side.
			m[uint64(rng.IntN(200))<<32|uint64(rng.IntN(200))] = int32(rng.IntN(1 << 20))
		}
		pt := newPairTable(m)
		for k, id := range m {
			if got := pt.get(k); got != id {
				t.Fatalf("n=%d: get(%#x) = %d; want %d", n, k, got, id)
			}
		}
		for range 10_000 {
			k := uint64(rng.IntN(300))<<32 | uint64(rng.IntN(300))
			want, ok := m[k]
			if !ok {
				want = -1
			}
			if got := pt.get(k); got != want {
				t.Fatalf("n=%d: get(%#x) = %d; want %d", n, k, got, want)
			}
		}
	}
}

// vocabOf lists the features of index by id.
func vocabOf(index map[string]int32) []string {
	vocab := make([]string, len(index))
	for f, id := range index {
		vocab[id] = f
	}
	return vocab
}

// TestVocabularyID: every feature of a vocabulary is found with its id,
// and features outside it, including bigrams of two known halves, are not.
func TestVocabularyID(t *testing.T) {
	s := Default()
	vocab := []string{"moscow", "reject", "moscow reject", "NOT_cooper", "reject NOT_cooper", "<cue:obstacle>", "<pol:neg>"}
	v := s.NewVocabulary(vocab)
	for i, f := range vocab {
		if id, ok := v.ID(f); !ok || id != int32(i) {
			t.Errorf("ID(%q) = %d, %v; want %d, true", f, id, ok, i)
		}
	}
	for _, f := range []string{"reject moscow", "moscow NOT_cooper", "cooper", "NOT_moscow", "moscow  reject", "", " "} {
		if id, ok := v.ID(f); ok {
			t.Errorf("ID(%q) = %d, true; want false", f, id)
		}
	}
}
