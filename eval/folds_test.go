package eval

import (
	"math/rand/v2"
	"slices"
	"testing"
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
