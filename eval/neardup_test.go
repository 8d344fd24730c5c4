package eval

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// TestNearDuplicatesPrefixFilterExact checks findNearDuplicates against a
// comparison of every pair, twins and clusters both, at thresholds from
// loose to exact, on sentences made to be near one another: corpus
// sentences with words dropped, swapped, repeated or replaced, and cut
// short (so sizes vary, down to sentences shorter than a shingle).
func TestNearDuplicatesPrefixFilterExact(t *testing.T) {
	corpus, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 16))
	var recs []labels.Record
	for len(recs) < 1500 {
		words := strings.Fields(corpus[rng.IntN(len(corpus))].Text)
		for range 1 + rng.IntN(6) {
			w := slices.Clone(words)
			for range rng.IntN(4) {
				if len(w) < 2 {
					break
				}
				switch k := rng.IntN(len(w)); rng.IntN(4) {
				case 0:
					w = slices.Delete(w, k, k+1)
				case 1:
					w[k], w[len(w)-1] = w[len(w)-1], w[k]
				case 2:
					w = slices.Insert(w, k, w[k])
				default:
					w[k] = fmt.Sprintf("w%d", rng.IntN(50))
				}
			}
			if rng.IntN(8) == 0 {
				w = w[:rng.IntN(len(w)+1)]
			}
			recs = append(recs, labels.Record{Article: fmt.Sprintf("a%d", rng.IntN(200)), Text: strings.Join(w, " ")})
		}
	}
	sh := make([]map[string]bool, len(recs))
	for i, r := range recs {
		sh[i] = shingles(r.Text)
	}
	n := len(recs)
	sim := make([]float64, n*n)
	for i := range n {
		for j := range i {
			sim[i*n+j] = jaccard(sh[i], sh[j])
			sim[j*n+i] = sim[i*n+j]
		}
	}
	for _, threshold := range []float64{0.05, 0.2, 1.0 / 3, 0.5, 0.7, 0.9, 1} {
		t.Run(fmt.Sprint(threshold), func(t *testing.T) {
			nd := findNearDuplicates(recs, threshold)
			parent := make([]int, len(recs))
			for i := range parent {
				parent[i] = i
			}
			var find func(int) int
			find = func(i int) int {
				if parent[i] != i {
					parent[i] = find(parent[i])
				}
				return parent[i]
			}
			pairs := 0
			for i := range recs {
				var want []int
				for j := range recs {
					if j == i || sim[i*n+j] < threshold {
						continue
					}
					pairs++
					if recs[i].Article != recs[j].Article {
						want = append(want, j)
					}
					if a, b := find(i), find(j); a != b {
						parent[max(a, b)] = min(a, b)
					}
				}
				if !slices.Equal(nd.twins[i], want) {
					t.Fatalf("twins of %d = %v; all pairs give %v", i, nd.twins[i], want)
				}
			}
			for i := range recs {
				if nd.cluster[i] != find(i) {
					t.Fatalf("cluster of %d = %d; all pairs give %d", i, nd.cluster[i], find(i))
				}
			}
			if threshold == 0.5 && pairs < 500 {
				t.Errorf("only %d near-duplicate pairs at 0.5; the test needs more to mean anything", pairs)
			}
		})
	}
}
