// Command offsets shows how steady the decision offsets are that
// 'stance train' fits on the built-in corpus. It takes the held-out
// predictions classify.Fit fits the model's decision on
// (classify.Trainer.HeldOut: 10 folds of whole events) and, per target,
// prints the offsets of one fit on all of them (FitOffsets), the spread
// of that fit over 100 bootstrap resamples of the events (5%, 25%, 50%,
// 75% and 95%), and the bagged offsets Fit stores (FitDecision):
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

// resamples is how many bootstrap resamples of the events the spread of
// one fit is measured on.
const resamples = 100

func main() {
	recs, err := labels.Corpus()
	must(err)
	cat, err := labels.BuiltinCatalog()
	must(err)
	tr, err := classify.NewTrainer(classify.DefaultOptions())
	must(err)
	held, err := tr.HeldOut(recs, cat.Groups(recs, "event"))
	must(err)
	for ti, h := range held {
		T, kappa, bagged, err := classify.FitDecision(h.Logits, h.Context, h.Gold, h.Group)
		must(err)
		// The scores in context, as FitDecision fits the offsets on them.
		z := classify.ScoresInContext(h.Logits, h.Context, kappa)
		one, err := classify.FitOffsets(z, T, h.Gold)
		must(err)
		fmt.Printf("target %d (%d held-out sentences): temperature %.3f, context weight %.3f\n", ti, len(z), T, kappa)
		fmt.Printf("   one fit on all: %v\n   bagged (stored): %v\n", one, bagged)
		byGroup := map[int][]int{}
		var groups []int
		for i, g := range h.Group {
			if _, ok := byGroup[g]; !ok {
				groups = append(groups, g)
			}
			byGroup[g] = append(byGroup[g], i)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		var fits [][]float64
		for range resamples {
			var bz [][]float64
			var bg []int
			for range groups {
				for _, i := range byGroup[groups[rng.IntN(len(groups))]] {
					bz, bg = append(bz, z[i]), append(bg, h.Gold[i])
				}
			}
			off, err := classify.FitOffsets(bz, T, bg)
			must(err)
			fits = append(fits, off)
		}
		fmt.Printf("   one fit on each of %d resamples of the events:\n", resamples)
		for c := 1; c < len(one); c++ {
			var v []float64
			for _, f := range fits {
				v = append(v, f[c])
			}
			slices.Sort(v)
			q := func(p float64) float64 { return v[int(p*float64(len(v)-1)+0.5)] }
			fmt.Printf("   label %d: 5%% %.2f  25%% %.2f  median %.2f  75%% %.2f  95%% %.2f\n", c, q(0.05), q(0.25), q(0.5), q(0.75), q(0.95))
		}
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "offsets:", err)
		os.Exit(1)
	}
}
