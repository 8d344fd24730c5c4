package classify

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bestStepNaive is bestStep by trying every step on every sentence: the
// definition bestStep is held to.
func bestStepNaive(d *offsetData, c int, steps []int) (int, float64) {
	k := d.k
	was := steps[c]
	defer func() { steps[c] = was }()
	conf := make([]int, k*k)
	f1 := func(s int) float64 {
		steps[c] = s
		clear(conf)
		for j := range d.rows() {
			row, g, m := d.row(j)
			conf[g*k+chosen(row, steps)] += m
		}
		return macroF1(conf, k)
	}
	abs := func(x int) int { return max(x, -x) }
	at, best := was, f1(was)
	for s := -offsetSteps; s <= offsetSteps; s++ {
		if f := f1(s); f > best || f == best && abs(s) < abs(at) {
			at, best = s, f
		}
	}
	return at, best
}

// randomScores draws n rows of k log-scores, some on the grid's own steps
// so that ties between labels are common, and gold labels that follow the
// scores loosely.
func randomScores(rng *rand.Rand, n, k int) ([][]float64, []int) {
	z := make([][]float64, n)
	gold := make([]int, n)
	for i := range z {
		z[i] = make([]float64, k)
		for c := range z[i] {
			if rng.IntN(3) == 0 {
				z[i][c] = float64(rng.IntN(21)-10) * offsetStep // on the grid: ties
			} else {
				z[i][c] = rng.NormFloat64()
			}
		}
		gold[i] = rng.IntN(k)
		if rng.IntN(2) == 0 {
			gold[i] = slices.Index(z[i], slices.Max(z[i]))
		}
	}
	return z, gold
}

// TestBestStepIsNaive: the linear-time line search gives the step and the
// macro-F1 that trying every step on every sentence gives, on random
// scores full of ties, from random starting offsets.
func TestBestStepIsNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		k := 2 + rng.IntN(3)
		z, gold := randomScores(rng, 1+rng.IntN(200), k)
		steps := make([]int, k)
		for c := 1; c < k; c++ {
			steps[c] = rng.IntN(2*offsetSteps+1) - offsetSteps
		}
		c := 1 + rng.IntN(k-1)
		T := []float64{1, 0.3, 7.04}[rng.IntN(3)]
		d := &offsetData{y: scaled(z, T), k: k, gold: gold}
		if rng.IntN(2) == 0 { // some rows, some more than once, as a resample
			for i := range z {
				if m := rng.IntN(4); m > 0 {
					d.idx, d.w = append(d.idx, int32(i)), append(d.w, int32(m))
				}
			}
		}
		s1, f1 := bestStep(d, c, steps)
		s2, f2 := bestStepNaive(d, c, steps)
		if s1 != s2 || f1 != f2 {
			t.Fatalf("trial %d (k=%d, c=%d, steps %v): bestStep %d (macro-F1 %v), naive %d (%v)", trial, k, c, steps, s1, f1, s2, f2)
		}
		if got := offsetSearch(d, bestStep); !slices.Equal(got, offsetSearch(d, bestStepNaive)) {
			t.Fatalf("trial %d: offsetSearch differs with the naive line search", trial)
		}
	}
}

// TestFitOffsetsNeverWorse: the offsets found never give a lower macro-F1
// on the data they were fitted on than no offsets, stay within the
// grid, and leave the first label at 0.
func TestFitOffsetsNeverWorse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 40 {
		k := 2 + rng.IntN(3)
		z, gold := randomScores(rng, MinOffsetData+rng.IntN(300), k)
		off, err := FitOffsets(z, 1, gold)
		if err != nil {
			t.Fatal(err)
		}
		if off[0] != 0 {
			t.Fatalf("trial %d: first offset %v", trial, off[0])
		}
		for _, o := range off {
			if math.Abs(o) > OffsetReach+1e-9 {
				t.Fatalf("trial %d: offset %v outside ±%v", trial, o, OffsetReach)
			}
		}
		if with, without := macroF1Of(z, gold, off), macroF1Of(z, gold, make([]float64, k)); with < without {
			t.Fatalf("trial %d: macro-F1 %v with offsets %v, %v without", trial, with, off, without)
		}
	}
}

// macroF1Of is the macro-F1 of the labels z chooses with offsets off.
func macroF1Of(z [][]float64, gold []int, off []float64) float64 {
	k := len(off)
	conf := make([]int, k*k)
	for i, row := range z {
		best := 0
		for c := range row {
			if row[c]+off[c] > row[best]+off[best] {
				best = c
			}
		}
		conf[gold[i]*k+best]++
	}
	return macroF1(conf, k)
}

// TestFitOffsetsFindsShift: scores whose gold labels were drawn with a
// known shift against label 2 get an offset that undoes it: here the
// model under-calls label 2 by 0.5, and the fitted offset for it is
// positive, near 0.5.
func TestFitOffsetsFindsShift(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 20000
	z := make([][]float64, n)
	gold := make([]int, n)
	for i := range z {
		gold[i] = rng.IntN(3)
		z[i] = make([]float64, 3)
		for c := range z[i] {
			z[i][c] = rng.NormFloat64()
			if c == gold[i] {
				z[i][c] += 1
			}
		}
		z[i][2] -= 0.5 // the model's bias against label 2
	}
	off, err := FitOffsets(z, 1, gold)
	if err != nil {
		t.Fatal(err)
	}
	if off[2] < 0.3 || off[2] > 0.7 || math.Abs(off[1]) > 0.2 {
		t.Errorf("offsets %v; want label 2 near +0.5 and label 1 near 0", off)
	}
}

// TestMacroF1Reference: scikit-learn's f1_score(average="macro") example,
// y_true [0 1 2 0 1 2], y_pred [0 2 1 0 0 1]: 0.26666…
func TestMacroF1Reference(t *testing.T) {
	conf := make([]int, 9)
	for i, g := range []int{0, 1, 2, 0, 1, 2} {
		conf[g*3+[]int{0, 2, 1, 0, 0, 1}[i]]++
	}
	if got := macroF1(conf, 3); math.Abs(got-0.26666666666666666) > 1e-12 {
		t.Errorf("macroF1 %v; want 0.2666…", got)
	}
}

// TestFitOffsetsRefuses: rows and labels that do not fit are errors.
func TestFitOffsetsRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		z    [][]float64
		gold []int
	}{
		"empty":      {nil, nil},
		"lengths":    {[][]float64{{1, 2}}, []int{0, 1}},
		"gold":       {[][]float64{{1, 2}}, []int{2}},
		"ragged":     {[][]float64{{1, 2}, {1, 2, 3}}, []int{0, 0}},
		"not finite": {[][]float64{{math.Inf(1), 2}}, []int{0}},
	} {
		if _, err := FitOffsets(tc.z, 1, tc.gold); err == nil {
			t.Errorf("%s: FitOffsets gave no error", name)
		}
	}
	for _, T := range []float64{0, -1, math.NaN(), 1e9} {
		if _, err := FitOffsets([][]float64{{1, 2}}, T, []int{0}); err == nil {
			t.Errorf("temperature %v: FitOffsets gave no error", T)
		}
	}
}

// TestFitOffsetsNeedsData: below MinOffsetData predictions the offsets are
// zeros, however the labels fall.
func TestFitOffsetsNeedsData(t *testing.T) {
	z, gold := make([][]float64, MinOffsetData-1), make([]int, MinOffsetData-1)
	for i := range z {
		z[i], gold[i] = []float64{0.5, 0, 0}, 2 // every one wrong: offsets would help
	}
	off, err := FitOffsets(z, 1, gold)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(off, []float64{0, 0, 0}) {
		t.Errorf("offsets %v on %d predictions; want zeros", off, len(z))
	}
	z, gold = append(z, []float64{0.5, 0, 0}), append(gold, 2)
	if off, _ := FitOffsets(z, 1, gold); off[2] <= 0 {
		t.Errorf("offsets %v on %d predictions all of label 2; want label 2 raised", off, len(z))
	}
}
