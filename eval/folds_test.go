package eval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// TestFoldTrain: a fold kept as what it leaves out lists, counts and
// indexes its training records as the complement of that, on random
// folds, empty ones and full ones included.
func TestFoldTrain(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for round := range 200 {
		n := rng.IntN(60)
		f := fold{n: n}
		var want []int
		for i := range n {
			if rng.IntN(10) < round%11 {
				f.out = append(f.out, int32(i))
			} else {
				want = append(want, i)
			}
		}
		got := f.train()
		if !slices.Equal(got, want) && len(got)+len(want) > 0 {
			t.Fatalf("n %d, out %v: train %v; want %v", n, f.out, got, want)
		}
		if f.trainLen() != len(want) {
			t.Fatalf("n %d, out %v: trainLen %d; want %d", n, f.out, f.trainLen(), len(want))
		}
		for k, i := range want {
			if got := f.nthTrain(k); got != i {
				t.Fatalf("n %d, out %v: nthTrain(%d) = %d; want %d", n, f.out, k, got, i)
			}
		}
	}
}

// TestRunFoldsOnIsRunFolds: folds shared out over workers, each with a
// fork of the Trainer, give every sentence the prediction (labels,
// logits, context, explanation) that running the folds one after another
// with the Trainer itself gives: with the vocabulary shared and
// explanations kept, as the main run makes them, and with each fold's
// training set limited, as the learning curve makes them. A fold with no
// training sentences left is the same error.
func TestRunFoldsOnIsRunFolds(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3)) // three workers, whatever the machine
	all, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	recs := all[:1500]
	cat, err := labels.BuiltinCatalog()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	idx := allIndices(len(recs))
	nd := findNearDuplicates(recs, cfg.Threshold)
	folds := crossFolds(idx, dealGroups(idx, groupKeys(recs, cat, ByEvent), 7), nd.twins, Guard)
	half := func(fi int, train []int) []int { return train[:len(train)/(2+fi%3)] }
	for _, c := range []struct {
		name  string
		keep  keeping
		limit func(int, []int) []int
		share bool
	}{
		{"shared, explained", keepExplained, nil, true},
		{"limited, labels", keepLabels, half, false},
	} {
		trainer := func() *classify.Trainer {
			tr, err := classify.NewTrainer(cfg.Train)
			if err != nil {
				t.Fatal(err)
			}
			if c.share {
				tr.ShareVocabulary(recs)
			}
			return tr
		}
		one := trainer()
		want, err := runFolds(func(int) *classify.Trainer { return one }, recs, folds, cfg, c.keep, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		got, err := runFoldsOn(trainer(), recs, folds, cfg, c.keep, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		for i := range recs {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("%s: %q: on workers %+v; one after another %+v", c.name, recs[i].Text, got[i], want[i])
			}
		}
	}
	none := func(fi int, train []int) []int {
		if fi == 4 {
			return nil
		}
		return train
	}
	one := trainer0(t, cfg)
	_, err1 := runFolds(func(int) *classify.Trainer { return one }, recs, folds, cfg, keepLabels, none)
	_, err2 := runFoldsOn(trainer0(t, cfg), recs, folds, cfg, keepLabels, none)
	if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
		t.Errorf("a fold with nothing to train: one after another %v; on workers %v", err1, err2)
	}
}

func trainer0(t *testing.T, cfg Config) *classify.Trainer {
	t.Helper()
	tr, err := classify.NewTrainer(cfg.Train)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestOnWorkers: every item is done once, on a worker of the given number,
// and of two failing items the error returned is the lower's, as doing
// them in order would meet first.
func TestOnWorkers(t *testing.T) {
	for _, workers := range []int{1, 2, 5} {
		var mu sync.Mutex
		done := make(map[int]int)
		err := onWorkers(workers, 50, func(w, i int) error {
			if w < 0 || w >= workers {
				t.Errorf("worker %d of %d", w, workers)
			}
			mu.Lock()
			done[i]++
			mu.Unlock()
			return nil
		})
		if err != nil || len(done) != 50 {
			t.Fatalf("%d workers: error %v, %d items done; want none and 50", workers, err, len(done))
		}
		for i, n := range done {
			if n != 1 {
				t.Errorf("%d workers: item %d done %d times", workers, i, n)
			}
		}
		// Items 7 and 9 fail, 9 first where another goroutine can take
		// it while 7 waits: 7 was handed out first, and is finished.
		nine := make(chan struct{})
		err = onWorkers(workers, 50, func(w, i int) error {
			switch i {
			case 7:
				if workers > 1 {
					<-nine
				}
			case 9:
				defer close(nine)
			default:
				return nil
			}
			return fmt.Errorf("item %d", i)
		})
		if err == nil || err.Error() != "item 7" {
			t.Errorf("%d workers: error %v; want item 7's", workers, err)
		}
	}
}

// TestFoldContexts: each held-out sentence's article context, made when a
// decision needs it, is the mean over the other sentences of its article
// with evidence of their logits centred on their own mean, worked out here
// by hand; nil for a sentence without evidence, for an article with fewer
// than two sentences with evidence, and for a target not read in context.
func TestFoldContexts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var recs []labels.Record
	var preds []predicted
	for a := range 40 {
		for j := range 1 + rng.IntN(6) {
			recs = append(recs, labels.Record{Article: fmt.Sprint("a", a), Index: j})
			p := predicted{logits: [][]float64{{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}, {rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}}}
			p.noEvidence = rng.IntN(5) == 0
			preds = append(preds, p)
		}
	}
	// Three folds of whole articles.
	group := make([]string, len(recs))
	for i, r := range recs {
		group[i] = fmt.Sprint(len(r.Article) % 3)
	}
	folds := crossFolds(allIndices(len(recs)), group, make([][]int, len(recs)), Keep)
	for mi := range 2 {
		got := foldContexts(recs, folds, preds, mi, true)
		for i := range recs {
			var want []float64
			others := 0
			sum := make([]float64, 3)
			for j := range recs {
				if j == i || recs[j].Article != recs[i].Article || preds[j].noEvidence {
					continue
				}
				row := preds[j].logits[mi]
				mean := (row[0] + row[1] + row[2]) / 3
				for c, x := range row {
					sum[c] += x - mean
				}
				others++
			}
			if !preds[i].noEvidence && others > 0 {
				want = make([]float64, 3)
				for c := range want {
					want[c] = sum[c] / float64(others)
				}
			}
			if (got[i] == nil) != (want == nil) {
				t.Fatalf("target %d, sentence %d of %s: context %v; by hand %v", mi, recs[i].Index, recs[i].Article, got[i], want)
			}
			for c := range want {
				if math.Abs(got[i][c]-want[c]) > 1e-12 {
					t.Fatalf("target %d, sentence %d of %s: context %v; by hand %v", mi, recs[i].Index, recs[i].Article, got[i], want)
				}
			}
		}
		for i, m := range foldContexts(recs, folds, preds, mi, false) {
			if m != nil {
				t.Fatalf("target %d not read in context: sentence %d has context %v", mi, i, m)
			}
		}
	}
}
