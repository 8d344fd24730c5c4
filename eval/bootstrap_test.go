package eval

import (
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
