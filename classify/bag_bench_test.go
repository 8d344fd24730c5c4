package classify

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkBaggedOffsets times BaggedOffsets on 20,000 rows of three
// labels in 900 groups, the size of the built-in corpus's held-out
// predictions.
func BenchmarkBaggedOffsets(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	z := make([][]float64, n)
	gold := make([]int, n)
	groups := make([]int, n)
	for i := range z {
		gold[i] = rng.IntN(3)
		z[i] = []float64{rng.NormFloat64() * 8, rng.NormFloat64() * 8, rng.NormFloat64() * 8}
		z[i][gold[i]] += 6
		groups[i] = i / 22
	}
	for b.Loop() {
		if _, err := BaggedOffsets(z, 8, gold, groups); err != nil {
			b.Fatal(err)
		}
	}
}
