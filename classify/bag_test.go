package classify

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// shiftedScores draws n rows of three log-scores whose gold labels are
// drawn without bias and whose label 2 the model under-calls by shift, in
// groups of size g.
func shiftedScores(seed uint64, n, g int, shift float64) (z [][]float64, gold, groups []int) {
	rng := rand.New(rand.NewPCG(seed, 6))
	z, gold, groups = make([][]float64, n), make([]int, n), make([]int, n)
	for i := range z {
		gold[i], groups[i] = rng.IntN(3), i/g
		z[i] = make([]float64, 3)
		for c := range z[i] {
			z[i][c] = rng.NormFloat64()
			if c == gold[i] {
				z[i][c] += 1
			}
		}
		z[i][2] -= shift
	}
	return z, gold, groups
}

// TestBaggedOffsetsIsTheMeanOfResamples: BaggedOffsets equals, by hand,
// the mean of FitOffsets on OffsetBags resamples of whole groups drawn as
// it draws them, each drawn group's rows copied as often as it is drawn
// (it weights them instead), rounded to 0.01.
func TestBaggedOffsetsIsTheMeanOfResamples(t *testing.T) {
	z, gold, groups := shiftedScores(1, 3000, 7, 0.4)
	T := 1.3
	got, err := BaggedOffsets(z, T, gold, groups)
	if err != nil {
		t.Fatal(err)
	}
	var members [][]int
	for i, g := range groups {
		if g == len(members) {
			members = append(members, nil)
		}
		members[g] = append(members[g], i)
	}
	rng := rand.New(rand.NewPCG(0x5354414e4345, 1))
	sum := make([]float64, 3)
	for range OffsetBags {
		times := make([]int, len(members))
		for range members {
			times[rng.IntN(len(members))]++
		}
		var bz [][]float64
		var bg []int
		for k, m := range members {
			for range times[k] {
				for _, i := range m {
					bz, bg = append(bz, z[i]), append(bg, gold[i])
				}
			}
		}
		off, err := FitOffsets(bz, T, bg)
		if err != nil {
			t.Fatal(err)
		}
		for c := range sum {
			sum[c] += off[c]
		}
	}
	for c := range sum {
		if want := math.Round(100*sum[c]/OffsetBags) / 100; math.Abs(got[c]-want) > 1e-12 {
			t.Fatalf("offsets %v; the resamples' mean, by hand, has %v for label %d", got, want, c)
		}
	}
}

// TestBaggedOffsetsFindsShift: as FitOffsets does, the bagged offsets
// undo a known bias against label 2.
func TestBaggedOffsetsFindsShift(t *testing.T) {
	z, gold, groups := shiftedScores(5, 20000, 20, 0.5)
	off, err := BaggedOffsets(z, 1, gold, groups)
	if err != nil {
		t.Fatal(err)
	}
	if off[2] < 0.3 || off[2] > 0.7 || math.Abs(off[1]) > 0.2 {
		t.Errorf("offsets %v; want label 2 near +0.5 and label 1 near 0", off)
	}
}

// TestBaggedOffsetsSteadier: on data whose macro-F1 is flat near its best
// (no bias to undo), the offsets one fit gives swing from sample to
// sample more than the bagged ones do: over 12 samples, the bagged
// offsets' spread is the smaller. This is what bagging is for (Breiman
// 1996), and the reason Fit stores it.
func TestBaggedOffsetsSteadier(t *testing.T) {
	var one, bagged []float64
	for seed := range uint64(12) {
		z, gold, groups := shiftedScores(100+seed, 4000, 10, 0)
		o, err := FitOffsets(z, 1, gold)
		if err != nil {
			t.Fatal(err)
		}
		b, err := BaggedOffsets(z, 1, gold, groups)
		if err != nil {
			t.Fatal(err)
		}
		one, bagged = append(one, o[2]), append(bagged, b[2])
	}
	sd := func(x []float64) float64 {
		m := 0.0
		for _, v := range x {
			m += v / float64(len(x))
		}
		s := 0.0
		for _, v := range x {
			s += (v - m) * (v - m)
		}
		return math.Sqrt(s / float64(len(x)-1))
	}
	if sd(bagged) >= sd(one) {
		t.Errorf("spread of label 2's offset over samples: bagged %.3f, one fit %.3f; want bagged smaller (one %v, bagged %v)", sd(bagged), sd(one), one, bagged)
	}
}

// TestBaggedOffsetsRefuses: groups that do not match the rows are an
// error; below MinOffsetData rows the offsets are zeros; the same rows
// give the same offsets.
func TestBaggedOffsetsRefuses(t *testing.T) {
	z, gold, groups := shiftedScores(3, MinOffsetData-1, 5, 2)
	if _, err := BaggedOffsets(z, 1, gold, groups[1:]); err == nil {
		t.Error("groups shorter than the rows: no error")
	}
	if off, err := BaggedOffsets(z, 1, gold, groups); err != nil || !slices.Equal(off, []float64{0, 0, 0}) {
		t.Errorf("offsets %v, %v on %d rows; want zeros", off, err, len(z))
	}
	z, gold, groups = shiftedScores(3, 2*MinOffsetData, 5, 0.3)
	a, _ := BaggedOffsets(z, 1, gold, groups)
	b, _ := BaggedOffsets(z, 1, gold, nil)
	if c, _ := BaggedOffsets(z, 1, gold, groups); !slices.Equal(a, c) {
		t.Errorf("the same rows gave %v, then %v", a, c)
	}
	if slices.Equal(a, make([]float64, 3)) || slices.Equal(b, make([]float64, 3)) {
		t.Errorf("offsets %v (by group), %v (by row); want a shift found", a, b)
	}
}

// TestHeldOut: Fit's held-out predictions come in fold order, one row per
// sentence with evidence and its group's index; with one group there is
// nothing to hold out, and groups that do not match the records are an
// error.
func TestHeldOut(t *testing.T) {
	recs, groups, tr := seedsByArticle(t)
	if _, err := tr.HeldOut(recs, make([]string, len(recs)-1)); err == nil {
		t.Error("groups shorter than the records: no error")
	}
	if held, err := tr.HeldOut(recs, make([]string, len(recs))); err != nil || held != nil {
		t.Errorf("one group: %v, %v; want nothing and no error", held, err)
	}
	held, err := tr.HeldOut(recs, groups)
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 2 {
		t.Fatalf("%d targets held out; want 2", len(held))
	}
	for ti, h := range held {
		n := len(h.Logits)
		if n == 0 || n > len(recs) || len(h.Context) != n || len(h.Gold) != n || len(h.Group) != n {
			t.Fatalf("target %d: %d rows, %d contexts, %d gold, %d groups of %d records", ti, n, len(h.Context), len(h.Gold), len(h.Group), len(recs))
		}
		for i := range n {
			if h.Gold[i] < 0 || h.Gold[i] > 2 || h.Group[i] < 0 || h.Group[i] >= 5 {
				t.Fatalf("target %d row %d: gold %d, group %d", ti, i, h.Gold[i], h.Group[i])
			}
		}
	}
}
