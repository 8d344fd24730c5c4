package eval

import (
	"reflect"
	"testing"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// TestSearchMatchesFoldByFold: the search, which scores setting by setting
// on several workers with trainers that share their vocabulary, gives
// every setting the same inner score on every outer fold and on the whole
// corpus, bit for bit, as scoring each fold's inner folds one by one with
// a fresh trainer does, and so chooses the same.
func TestSearchMatchesFoldByFold(t *testing.T) {
	recs, cfg, group, nd, s := seedSearch(t)
	if len(s.grid) != 64 {
		t.Fatalf("%d settings in the grid; want 64", len(s.grid))
	}
	// Every third setting, the base first: every choice of the grid
	// still varies, in a third of the time.
	var grid []classify.Options
	for ci := 0; ci < len(s.grid); ci += 3 {
		grid = append(grid, s.grid[ci])
	}
	s.grid = grid
	outer := crossFolds(allIndices(len(recs)), group, nd.twins, Guard)
	var sets [][]fold
	for _, f := range outer {
		sets = append(sets, innerFolds(f.train(), group, nd.twins, Guard))
	}
	sets = append(sets, innerFolds(allIndices(len(recs)), group, nd.twins, Guard))
	got, err := s.scores(sets)
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]float64, len(sets))
	for ci, o := range s.grid {
		tr, err := classify.NewTrainer(o)
		if err != nil {
			t.Fatal(err)
		}
		for k, inner := range sets {
			sc, err := scoreFoldByFold(s, tr, inner, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if want[k] = append(want[k], sc); got[k][ci] != sc {
				t.Errorf("set %d, %s: search %v; fold by fold %v", k, settingName(o), got[k][ci], sc)
			}
		}
	}
	rep, chosen, err := s.run(outer)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Candidates != len(grid) || len(chosen) != len(outer) {
		t.Fatalf("%d candidates, %d choices for %d folds", rep.Candidates, len(chosen), len(outer))
	}
	best := func(scores []float64) int {
		b := 0
		for ci, sc := range scores {
			if sc > scores[b] {
				b = ci
			}
		}
		return b
	}
	for fi, f := range outer {
		if b := best(want[fi]); chosen[fi] != b || rep.Folds[fi].InnerScore != want[fi][b] {
			t.Errorf("fold %s: search chose %d (%v); fold by fold %d (%v)", f.group, chosen[fi], rep.Folds[fi].InnerScore, b, want[fi][b])
		}
	}
	if b := best(want[len(outer)]); rep.SelectedIndex != b || rep.SelectedScore != want[len(outer)][b] {
		t.Errorf("whole corpus: search selected %d (%v); fold by fold %d (%v)", rep.SelectedIndex, rep.SelectedScore, b, want[len(outer)][b])
	}
}

// TestRunChosenMatchesFoldByFold: the outer folds, run grouped by the
// setting chosen for each with one shared-vocabulary trainer at a time,
// give every sentence the same prediction, probabilities and explanation
// as running each fold with a fresh trainer of its setting.
func TestRunChosenMatchesFoldByFold(t *testing.T) {
	recs, cfg, group, nd, s := seedSearch(t)
	folds := crossFolds(allIndices(len(recs)), group, nd.twins, Guard)
	// Settings chosen apart, one of them twice and the selected one
	// first, so the run order differs from the folds'.
	chosen := []int{9, 40, 9, 3, 63}[:len(folds)]
	got, err := s.runChosen(folds, chosen, 9)
	if err != nil {
		t.Fatal(err)
	}
	fresh := func(fi int) *classify.Trainer {
		tr, err := classify.NewTrainer(s.grid[chosen[fi]])
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	want, err := runFolds(fresh, recs, folds, cfg, keepExplained, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%q: grouped %+v; fold by fold %+v", recs[i].Text, got[i], want[i])
		}
	}
	if s.lastSetting != 9 {
		t.Errorf("the last trainer made is for setting %d; want the selected one, 9", s.lastSetting)
	}
}

// scoreFoldByFold is one setting's criterion on a set of inner folds, the
// straightforward way: every fold's predictions kept, then counted.
func scoreFoldByFold(s *search, tr *classify.Trainer, inner []fold, cfg Config) (float64, error) {
	if len(inner) < 2 {
		return 0, nil
	}
	preds, err := runFolds(func(int) *classify.Trainer { return tr }, s.recs, inner, cfg, keepLabels, nil)
	if err != nil {
		return 0, err
	}
	score := 0.0
	for _, target := range s.cfg.Targets {
		c := NewConfusion(target.Labels())
		mi := targetIndex(target)
		for _, f := range inner {
			for _, i := range f.test {
				c.Add(s.recs[i].Label(target), preds[i].labels[mi])
			}
		}
		score += c.Scores(target.Polar()).MacroF1
	}
	return score / float64(len(s.cfg.Targets)), nil
}

// seedSearch makes the search over the seed corpus held out by article
// that the fold-by-fold tests check, with what it was made from.
func seedSearch(t *testing.T) ([]labels.Record, Config, []string, nearDuplicates, *search) {
	t.Helper()
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	return searchOn(t, recs)
}

// searchOn makes the search over recs held out by article.
func searchOn(t *testing.T, recs []labels.Record) ([]labels.Record, Config, []string, nearDuplicates, *search) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.GroupBy = ByArticle
	group := groupKeys(recs, nil, ByArticle)
	nd := findNearDuplicates(recs, cfg.Threshold)
	s, err := newSearch(recs, nd.twins, group, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return recs, cfg, group, nd, s
}

// TestSearchWithoutSubtraction: on a corpus a Trainer cannot count by
// subtraction (a sentence given twice), the search trains each inner fold
// on its sentences and scores their text instead, with the same scores as
// fold by fold.
func TestSearchWithoutSubtraction(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	recs, cfg, group, nd, s := searchOn(t, append(recs, recs[0]))
	s.grid = []classify.Options{s.grid[0], s.grid[len(s.grid)-1]}
	sets := [][]fold{innerFolds(allIndices(len(recs)), group, nd.twins, Guard)}
	got, err := s.scores(sets)
	if err != nil {
		t.Fatal(err)
	}
	for ci, o := range s.grid {
		tr, err := classify.NewTrainer(o)
		if err != nil {
			t.Fatal(err)
		}
		want, err := scoreFoldByFold(s, tr, sets[0], cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got[0][ci] != want {
			t.Errorf("%s: search %v; fold by fold %v", settingName(o), got[0][ci], want)
		}
	}
}
