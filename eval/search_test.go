package eval

import (
	"testing"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// TestSearchMatchesFoldByFold: the search, which scores setting by setting
// on several workers, chooses for every outer fold exactly what scoring
// that fold's inner folds setting by setting, in grid order, chooses.
func TestSearchMatchesFoldByFold(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.GroupBy = ByArticle
	group := groupKeys(recs, nil, ByArticle)
	nd := findNearDuplicates(recs, cfg.Threshold)
	s, err := newSearch(recs, nd.twins, group, cfg)
	if err != nil {
		t.Fatal(err)
	}
	outer := crossFolds(allIndices(len(recs)), group, nd.twins, Guard)
	rep, chosen, err := s.run(outer)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Candidates != 64 || len(chosen) != len(outer) {
		t.Fatalf("%d candidates, %d choices for %d folds", rep.Candidates, len(chosen), len(outer))
	}
	for fi, f := range outer[:2] { // two folds are enough to catch a mix-up, and cheaper
		inner := innerFolds(f.train, group, nd.twins, Guard)
		best, bestScore := 0, -1.0
		for ci, o := range s.grid {
			tr, err := classify.NewTrainer(o)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := s.score(tr, inner, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if sc > bestScore {
				best, bestScore = ci, sc
			}
		}
		if chosen[fi] != best || rep.Folds[fi].InnerScore != bestScore {
			t.Errorf("fold %s: search chose %d (%.4f); fold by fold %d (%.4f)", f.group, chosen[fi], rep.Folds[fi].InnerScore, best, bestScore)
		}
	}
}
