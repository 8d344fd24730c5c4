package annotation

import (
	"math"
	"testing"
)

func TestUncertainty(t *testing.T) {
	tests := []struct {
		p               []float64
		entropy, margin float64
		leastConfidence float64
	}{
		{[]float64{1, 0, 0}, 0, 0, 0},
		{[]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, 1, 1, 1},
		// −(0.6 ln 0.6 + 2·0.2 ln 0.2)/ln 3; 1 − (0.6 − 0.2); (1 − 0.6)/(2/3)
		{[]float64{0.6, 0.2, 0.2}, 0.864974, 0.6, 0.6},
		// −(0.55 ln 0.55 + 0.45 ln 0.45)/ln 3; 1 − 0.1; 0.45/(2/3)
		{[]float64{0.55, 0.45, 0}, 0.626371, 0.9, 0.675},
		{[]float64{0.2, 0.5, 0.3}, 0.937231, 0.8, 0.75}, // order of labels does not matter
	}
	for _, tc := range tests {
		for _, c := range []struct {
			s    Strategy
			want float64
		}{{Entropy, tc.entropy}, {Margin, tc.margin}, {LeastConfidence, tc.leastConfidence}} {
			if got := c.s.Uncertainty(tc.p); math.Abs(got-c.want) > 1e-6 {
				t.Errorf("%s.Uncertainty(%v) = %.6f; want %.6f", c.s, tc.p, got, c.want)
			}
		}
	}
}

// TestMostUncertain: three sentences whose distributions the three
// measures rank differently.
//
//	A (0.6, 0.2, 0.2):    entropy 0.865  margin 0.600  least confidence 0.600
//	B (0.55, 0.45, 0):    entropy 0.626  margin 0.900  least confidence 0.675
//	C (0.9, 0.05, 0.05):  entropy 0.358  margin 0.150  least confidence 0.150
//
// Entropy picks A (spread over all three labels), margin and least
// confidence pick B (two labels nearly tied, the best one weak). With the
// second target added, its uncertainty is averaged in.
func TestMostUncertain(t *testing.T) {
	A, B, C := []float64{0.6, 0.2, 0.2}, []float64{0.55, 0.45, 0}, []float64{0.9, 0.05, 0.05}
	certain := []float64{1, 0, 0}
	dists := [][][]float64{{C, certain}, {A, certain}, {B, certain}}
	items := []int{0, 1, 2}
	for _, tc := range []struct {
		s    Strategy
		want int
	}{{Entropy, 1}, {Margin, 2}, {LeastConfidence, 2}} {
		if got := tc.s.mostUncertain(items, dists); got != tc.want {
			t.Errorf("%s picks item %d; want %d", tc.s, got, tc.want)
		}
	}
	// Ties go to the earlier item; only the items given are considered.
	if got := Entropy.mostUncertain([]int{2, 0}, [][][]float64{{A}, nil, {A}}); got != 0 {
		t.Errorf("tie: position %d; want 0", got)
	}
	if got := Entropy.mostUncertain(nil, dists); got != -1 {
		t.Errorf("no items: %d; want -1", got)
	}
	// The second target counts: C with an uncertain sentiment beats A with a
	// certain one.
	dists = [][][]float64{{A, certain}, {C, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}}}
	if got := Entropy.mostUncertain([]int{0, 1}, dists); got != 1 {
		t.Errorf("two targets: picks %d; want 1", got)
	}
}

func TestParseStrategy(t *testing.T) {
	for _, s := range Strategies() {
		if got, err := ParseStrategy(string(s)); got != s || err != nil {
			t.Errorf("ParseStrategy(%q) = %q, %v", s, got, err)
		}
	}
	if _, err := ParseStrategy("random"); err == nil {
		t.Error("ParseStrategy(random): no error")
	}
}

func TestTwinClusters(t *testing.T) {
	texts := []string{
		"Russia and the United States see Islamic State as a common enemy, but distrust runs deep.",
		"The talks in Geneva ended without a date for the next round.",
		"Reuters adds: Russia and the U.S. see Islamic State as a common enemy, but distrust runs deep.",
		"Russia and the US see Islamic State as a common enemy but distrust runs very deep.",
		"Moscow said no.",
		"Moscow said no.",
	}
	got := twinClusters(texts, TwinThreshold)
	want := []int{0, 1, 0, 0, 4, 4}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("twinClusters = %v; want %v", got, want)
		}
	}
}
