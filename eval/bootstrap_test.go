package eval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestPercentile(t *testing.T) {
	// Wants are numpy.percentile(xs, 100·p) (method "linear").
	tests := []struct {
		name string
		xs   []float64
		p    float64
		want float64
	}{
		{"one value", []float64{5}, 0.025, 5},
		{"min", []float64{1, 2, 3, 4}, 0, 1},
		{"max", []float64{1, 2, 3, 4}, 1, 4},
		{"median between ranks", []float64{1, 2, 3, 4}, 0.5, 2.5},
		// h = 0.025·3 = 0.075: 1 + 0.075·(2−1)
		{"2.5th of four", []float64{1, 2, 3, 4}, 0.025, 1.075},
		// h = 0.975·3 = 2.925: 3 + 0.925·(4−3)
		{"97.5th of four", []float64{1, 2, 3, 4}, 0.975, 3.925},
		{"2.5th of five", []float64{0.1, 0.2, 0.2, 0.9, 1.0}, 0.025, 0.11000000000000001},
		{"97.5th of five", []float64{0.1, 0.2, 0.2, 0.9, 1.0}, 0.975, 0.99},
		// 41 values: h = 0.025·40 = 1 lands exactly on a rank.
		{"on a rank", seq(41), 0.025, 1},
		{"on a rank high", seq(41), 0.975, 39},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.xs, tt.p); math.Abs(got-tt.want) > 1e-15 {
				t.Errorf("percentile(%v, %v) = %v; want %v", tt.xs, tt.p, got, tt.want)
			}
		})
	}
}

func TestInterval95(t *testing.T) {
	// Shuffled 0..40: the 2.5th and 97.5th percentiles fall on ranks
	// 0.025·40 = 1 and 0.975·40 = 39.
	xs := seq(41)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	if got, want := interval95(xs), (Interval{1, 39}); got != want {
		t.Errorf("interval95(0..40 shuffled) = %+v; want %+v", got, want)
	}
}

// seq returns 0, 1, …, n−1.
func seq(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
	}
	return xs
}

// repeat returns labels repeated n times over.
func repeat(n int, labels ...string) []string {
	var out []string
	for range n {
		out = append(out, labels...)
	}
	return out
}

// bootstrapData returns n seeded stance pairs, about 70% right.
func bootstrapData(n int) (gold, pred []string) {
	return randomPairs(rand.New(rand.NewPCG(7, 7)), stance, n, 0.6)
}

func TestBootstrapDeterministic(t *testing.T) {
	gold, pred := bootstrapData(150)
	a := Bootstrap(stance, stancePolar, gold, pred, 500, 42)
	b := Bootstrap(stance, stancePolar, gold, pred, 500, 42)
	if a != b {
		t.Errorf("Bootstrap(seed 42) = %+v, then %+v; want identical", a, b)
	}
	// Different seeds draw different resamples. They could in principle
	// give equal intervals, but for these fixed inputs they do not.
	if c := Bootstrap(stance, stancePolar, gold, pred, 500, 43); c == a {
		t.Errorf("Bootstrap(seed 43) = %+v; want different from seed 42's %+v", c, a)
	}
}

func TestBootstrapContainsEstimate(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		resamples int
		seed      uint64
	}{
		{"200 sentences", 200, 1000, 1},
		{"60 sentences", 60, 2000, 2},
		{"1000 sentences", 1000, 300, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gold, pred := bootstrapData(tt.n)
			s := tableOf(stance, gold, pred).Scores(stancePolar)
			ci := Bootstrap(stance, stancePolar, gold, pred, tt.resamples, tt.seed)
			for _, m := range []struct {
				name  string
				point float64
				iv    Interval
			}{
				{"Accuracy", s.Accuracy, ci.Accuracy},
				{"MacroF1", s.MacroF1, ci.MacroF1},
				{"FAvg", s.FAvg, ci.FAvg},
			} {
				if !(m.iv.Lo <= m.point && m.point <= m.iv.Hi) {
					t.Errorf("Bootstrap(n=%d).%s = %+v; want it to contain %v", tt.n, m.name, m.iv, m.point)
				}
				if !(m.iv.Lo < m.iv.Hi) {
					t.Errorf("Bootstrap(n=%d).%s = %+v; want Lo < Hi", tt.n, m.name, m.iv)
				}
				if m.iv.Lo < 0 || m.iv.Hi > 1 {
					t.Errorf("Bootstrap(n=%d).%s = %+v; want within [0, 1]", tt.n, m.name, m.iv)
				}
			}
			// The normal approximation gives accuracy ± 1.96·√(a(1−a)/n);
			// the percentile interval should be about as wide.
			a := s.Accuracy
			width, normal := ci.Accuracy.Hi-ci.Accuracy.Lo, 2*1.96*math.Sqrt(a*(1-a)/float64(tt.n))
			if width < 0.7*normal || width > 1.3*normal {
				t.Errorf("Bootstrap(n=%d).Accuracy width = %.4f; want near %.4f", tt.n, width, normal)
			}
		})
	}
}

func TestBootstrapEdges(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []string
		resamples  int
		want       CI
	}{
		{
			// Every resample of a perfect prediction is perfect, as long
			// as it draws every class: with 30 of each, missing one has
			// probability about 3·(2/3)^90 ≈ 4e-16. (A resample without
			// a class scores F1 0 for it, pulling macro-F1 down.)
			name:      "perfect",
			gold:      repeat(30, "obstacle", "opening", "neutral"),
			pred:      repeat(30, "obstacle", "opening", "neutral"),
			resamples: 200,
			want:      CI{Accuracy: Interval{1, 1}, MacroF1: Interval{1, 1}, FAvg: Interval{1, 1}},
		},
		{
			name:      "all wrong",
			gold:      []string{"obstacle", "opening", "neutral"},
			pred:      []string{"opening", "neutral", "obstacle"},
			resamples: 50,
		},
		{
			name:      "no pairs",
			resamples: 10,
		},
		{
			// One sentence: every resample is that sentence.
			name:      "one right sentence",
			gold:      []string{"opening"},
			pred:      []string{"opening"},
			resamples: 1,
			// macro (0+1+0)/3; FAvg (0+1)/2
			want: CI{Accuracy: Interval{1, 1}, MacroF1: Interval{1.0 / 3, 1.0 / 3}, FAvg: Interval{0.5, 0.5}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Bootstrap(stance, stancePolar, tt.gold, tt.pred, tt.resamples, 1); got != tt.want {
				t.Errorf("Bootstrap(%q, %q) = %+v; want %+v", tt.gold, tt.pred, got, tt.want)
			}
		})
	}
}

// TestBootstrapMissingClass shows why macro-F1 intervals of small samples
// reach down even for a perfect prediction: of the 27 equally likely
// resamples of one sentence per class, only 3! = 6 draw every class; the
// others score F1 0 for a class they lack, so macro-F1 falls to 2/3 or 1/3
// while accuracy stays 1.
func TestBootstrapMissingClass(t *testing.T) {
	gold := []string{"obstacle", "opening", "neutral"}
	ci := Bootstrap(stance, stancePolar, gold, gold, 200, 1)
	if ci.Accuracy != (Interval{1, 1}) {
		t.Errorf("Bootstrap(%q).Accuracy = %+v; want {1 1}", gold, ci.Accuracy)
	}
	if ci.MacroF1.Hi != 1 || ci.MacroF1.Lo >= 1 {
		t.Errorf("Bootstrap(%q).MacroF1 = %+v; want Lo < 1, Hi = 1", gold, ci.MacroF1)
	}
}

func TestBootstrapPanics(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []string
		resamples  int
	}{
		{"lengths differ", []string{"neutral", "neutral"}, []string{"neutral"}, 10},
		{"no resamples", []string{"neutral"}, []string{"neutral"}, 0},
		{"unknown label", []string{"neutral"}, []string{"positive"}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Bootstrap(%q, %q, %d) did not panic", tt.gold, tt.pred, tt.resamples)
				}
			}()
			Bootstrap(stance, stancePolar, tt.gold, tt.pred, tt.resamples, 1)
		})
	}
}

// TestSetSpreadHypergeometric: with groups of one sentence each, half
// right and half wrong, the number right in a set of n groups drawn without
// replacement is hypergeometric; SetSpread's accuracy range is its 2.5th
// and 97.5th percentiles, computed here from the exact distribution. With
// 20 groups and sets of 12 they are 4 and 8 right; drawn with replacement
// (binomial) they would be 3 and 9.
func TestSetSpreadHypergeometric(t *testing.T) {
	const groups, right, n = 20, 10, 12
	var gold, pred, group []string
	for g := range groups {
		gold = append(gold, "a")
		if g < right {
			pred = append(pred, "a")
		} else {
			pred = append(pred, "b")
		}
		group = append(group, fmt.Sprint("e", g))
	}
	// The exact quantiles of Hypergeometric(groups, right, n).
	choose := func(a, b int) float64 {
		if b < 0 || b > a {
			return 0
		}
		return math.Exp(lgamma(a+1) - lgamma(b+1) - lgamma(a-b+1))
	}
	quantile := func(p float64) float64 {
		cdf := 0.0
		for x := 0; x <= n; x++ {
			cdf += choose(right, x) * choose(groups-right, n-x) / choose(groups, n)
			if cdf >= p {
				return float64(x) / n
			}
		}
		return 1
	}
	got := SetSpread([]string{"a", "b"}, [2]string{"a", "b"}, gold, pred, group, n, 4000, 1)
	want := Interval{quantile(0.025), quantile(0.975)}
	if math.Abs(got.Accuracy.Lo-want.Lo) > 1e-12 || math.Abs(got.Accuracy.Hi-want.Hi) > 1e-12 {
		t.Errorf("accuracy of sets of %d of %d groups: %+v; the hypergeometric quantiles are %+v", n, groups, got.Accuracy, want)
	}
	if want != (Interval{4.0 / 12, 8.0 / 12}) {
		t.Errorf("the reference quantiles are %+v; want 4/12 and 8/12", want)
	}
}

func lgamma(x int) float64 {
	v, _ := math.Lgamma(float64(x))
	return v
}

// TestSetSpreadEdges: no range with no more groups than a set holds;
// groups that all score alike give every set their score; the same seed
// gives the same range and another seed moves it.
func TestSetSpreadEdges(t *testing.T) {
	ls, polar := []string{"a", "b", "c"}, [2]string{"a", "b"}
	var gold, pred, group []string
	for g := range 30 {
		// Every group: one a right, one b called c, one c right.
		gold = append(gold, "a", "b", "c")
		pred = append(pred, "a", "c", "c")
		group = append(group, fmt.Sprint(g), fmt.Sprint(g), fmt.Sprint(g))
	}
	if got := SetSpread(ls, polar, gold[:36], pred[:36], group[:36], 12, 100, 1); got != (CI{}) {
		t.Errorf("12 groups, sets of 12: %+v; want no range", got)
	}
	c := NewConfusion(ls)
	for k := range gold {
		c.Add(gold[k], pred[k])
	}
	s := c.Scores(polar)
	got := SetSpread(ls, polar, gold, pred, group, 12, 100, 1)
	for _, m := range []struct {
		name string
		iv   Interval
		want float64
	}{{"accuracy", got.Accuracy, s.Accuracy}, {"macro-F1", got.MacroF1, s.MacroF1}, {"F_avg", got.FAvg, s.FAvg}} {
		if math.Abs(m.iv.Lo-m.want) > 1e-12 || math.Abs(m.iv.Hi-m.want) > 1e-12 {
			t.Errorf("groups alike: %s range %+v; want every set at %v", m.name, m.iv, m.want)
		}
	}
	// Groups that differ: half score every sentence right.
	for k := 0; k < len(pred); k += 6 {
		pred[k+1] = "b"
	}
	a, b := SetSpread(ls, polar, gold, pred, group, 12, 200, 1), SetSpread(ls, polar, gold, pred, group, 12, 200, 1)
	if a != b {
		t.Errorf("the same seed: %+v, then %+v", a, b)
	}
	if SetSpread(ls, polar, gold, pred, group, 12, 200, 2) == a {
		t.Error("seeds 1 and 2 give the same range: the seed is not used")
	}
	if !(a.MacroF1.Lo < a.MacroF1.Hi) {
		t.Errorf("groups that differ: macro-F1 range %+v; want a spread", a.MacroF1)
	}
}
