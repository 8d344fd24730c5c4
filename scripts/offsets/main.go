// Command offsets shows how steady the decision offsets are that
// 'stance train' fits on the built-in corpus. It makes the held-out
// predictions as classify.Fit does (10 folds of whole events), then, per
// target, prints the offsets of one fit on all of them (FitOffsets), the
// spread of that fit over 100 bootstrap resamples of the events (5%, 25%,
// 50%, 75% and 95%), and the bagged offsets Fit stores (BaggedOffsets):
//
//	go run ./scripts/offsets
//
// One fit is the best point of a macro-F1 that is flat near its top, so
// it swings with the sample; that spread is why Fit stores the bagged
// mean (README, "The model").
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

func main() {
	recs, err := labels.Corpus()
	must(err)
	cat, err := labels.BuiltinCatalog()
	must(err)
	groups := cat.Groups(recs, "event")
	o := classify.DefaultOptions()
	tr, err := classify.NewTrainer(o)
	must(err)
	fold := make([]int, len(recs))
	at := map[string]int{}
	for i, g := range groups {
		k, ok := at[g]
		if !ok {
			k = len(at)
			at[g] = k
		}
		fold[i] = k
	}
	const K = classify.CalibrationFolds
	type row struct {
		l, c []float64
		g    int
		ev   int // event index
	}
	var rows [2][]row
	for f := range K {
		var train, test []labels.Record
		var testIdx []int
		for i, r := range recs {
			if fold[i]%K == f {
				test = append(test, r)
				testIdx = append(testIdx, i)
			} else {
				train = append(train, r)
			}
		}
		fm, err := tr.Train(train)
		must(err)
		s := tr.Scorer(fm)
		preds := make([][]classify.Prediction, len(test))
		for i, r := range test {
			preds[i] = classify.ClonePredictions(s.Score(r.Text))
		}
		for ti, t := range fm.Targets {
			use := o.InContext(t.Name)
			for _, a := range labels.ArticleRuns(test, nil) {
				lg := make([][]float64, len(a))
				ev := make([]bool, len(a))
				for j, i := range a {
					lg[j], ev[j] = preds[i][ti].Logits, !preds[i][ti].NoEvidence
				}
				means := make([][]float64, len(a))
				if use {
					means = classify.ContextMeans(lg, ev)
				}
				for j, i := range a {
					p := preds[i][ti]
					if p.NoEvidence {
						continue
					}
					rows[ti] = append(rows[ti], row{p.Logits, means[j], slices.Index(p.Labels, test[i].Label(p.Target)), fold[testIdx[i]]})
				}
			}
		}
	}
	nev := len(at)
	for ti := range 2 {
		var L, C [][]float64
		var G []int
		for _, r := range rows[ti] {
			L, C, G = append(L, r.l), append(C, r.c), append(G, r.g)
		}
		evs := make([]int, len(rows[ti]))
		for i, r := range rows[ti] {
			evs[i] = r.ev
		}
		T, k, bagged, err := classify.FitDecision(L, C, G, evs)
		must(err)
		// offsets on bootstrap resamples of events, T and kappa fixed
		byEv := make([][]int, nev)
		for i, r := range rows[ti] {
			byEv[r.ev] = append(byEv[r.ev], i)
		}
		z := make([][]float64, len(L))
		for i := range L {
			z[i] = slices.Clone(L[i])
			if C[i] != nil {
				for c := range z[i] {
					z[i][c] += k * C[i][c]
				}
			}
		}
		one, err := classify.FitOffsets(z, T, G)
		must(err)
		fmt.Printf("target %d (%d held-out sentences): temperature %.3f, context weight %.3f\n", ti, len(L), T, k)
		fmt.Printf("   one fit on all: %v\n   bagged (stored): %v\n", one, bagged)
		rng := rand.New(rand.NewPCG(1, 2))
		const B = 100
		var all [][]float64
		for range B {
			var bz [][]float64
			var bg []int
			for range nev {
				e := rng.IntN(nev)
				for _, i := range byEv[e] {
					bz = append(bz, z[i])
					bg = append(bg, G[i])
				}
			}
			bo, err := classify.FitOffsets(bz, T, bg)
			must(err)
			all = append(all, bo)
		}
		fmt.Printf("   one fit on each of %d resamples of the events:\n", B)
		for c := 1; c < len(one); c++ {
			var v []float64
			for _, b := range all {
				v = append(v, b[c])
			}
			slices.Sort(v)
			fmt.Printf("   label %d: 5%% %.2f  25%% %.2f  median %.2f  75%% %.2f  95%% %.2f\n", c, v[5], v[25], v[50], v[75], v[95])
		}
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
