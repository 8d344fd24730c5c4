package classify

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// TestCalibrateRecoversTemperature draws labels from softmax(z/T) for a
// known T and checks that Calibrate finds it, within sampling error.
func TestCalibrateRecoversTemperature(t *testing.T) {
	for _, want := range []float64{0.5, 1, 3, 10} {
		rng := rand.New(rand.NewPCG(7, uint64(want*100)))
		var logits [][]float64
		var gold []int
		for range 20000 {
			z := []float64{rng.NormFloat64() * 4, rng.NormFloat64() * 4, rng.NormFloat64() * 4}
			p := make([]float64, 3)
			sum := 0.0
			for k := range z {
				p[k] = math.Exp(z[k] / want)
				sum += p[k]
			}
			u, y := rng.Float64()*sum, 0
			for u > p[y] && y < 2 {
				u -= p[y]
				y++
			}
			logits, gold = append(logits, z), append(gold, y)
		}
		got, err := Calibrate(logits, gold)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-want)/want > 0.1 {
			t.Errorf("Calibrate on labels drawn at T=%g = %g; want within 10%%", want, got)
		}
	}
}

// TestCalibrateMinimises: the fitted T has a log-loss no higher than any
// other temperature tried.
func TestCalibrateMinimises(t *testing.T) {
	logits := [][]float64{{3, 0, 0}, {0, 2, 1}, {5, 1, 0}, {0, 0, 4}, {1, 3, 0}, {2, 2, 0}}
	gold := []int{0, 2, 1, 2, 1, 0}
	T, err := Calibrate(logits, gold)
	if err != nil {
		t.Fatal(err)
	}
	best := NLL(logits, gold, T)
	for _, other := range []float64{0.01, 0.1, 0.5, 1, 2, 5, 20, 100, 1000, T * 1.01, T / 1.01} {
		if NLL(logits, gold, other) < best-1e-9 {
			t.Errorf("NLL at T=%g is %g, below the fitted T=%g's %g", other, NLL(logits, gold, other), T, best)
		}
	}
}

// TestNLLByHand: log-loss of softmax at T=1 and T=2 for one row, worked by
// hand: −log(e^2/(e^2+e^0+e^0)) = log(1+2e^−2).
func TestNLLByHand(t *testing.T) {
	row := [][]float64{{2, 0, 0}}
	if got, want := NLL(row, []int{0}, 1), math.Log(1+2*math.Exp(-2)); math.Abs(got-want) > 1e-12 {
		t.Errorf("NLL T=1 = %v; want %v", got, want)
	}
	if got, want := NLL(row, []int{1}, 2), math.Log(math.E+2); math.Abs(got-want) > 1e-12 {
		t.Errorf("NLL T=2 = %v; want %v", got, want)
	}
}

func TestCalibrateErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		logits [][]float64
		gold   []int
	}{
		"empty":      {nil, nil},
		"mismatch":   {[][]float64{{1, 2}}, []int{0, 1}},
		"gold":       {[][]float64{{1, 2}}, []int{2}},
		"not finite": {[][]float64{{math.NaN(), 2}}, []int{0}},
	} {
		if _, err := Calibrate(tc.logits, tc.gold); err == nil {
			t.Errorf("%s: Calibrate gave no error", name)
		}
	}
}

// TestFitCalibrates: a model fitted with groups gets a temperature other
// than 1 and decision offsets, keeps them through Save and Load, and
// scores as they say: without its offsets, its labels are those of the
// uncalibrated model (a temperature only changes how sure it is); with
// them, each label is the first largest of logit/T + offset, and the
// probabilities are their softmax.
func TestFitCalibrates(t *testing.T) {
	recs, m := fitBuiltin(t)
	plain := mustTrain(t, recs, DefaultOptions())
	for i, target := range m.Targets {
		if target.Temperature == 1 {
			t.Errorf("%s: temperature 1 after Fit", target.Name)
		}
		if target.Offsets == nil {
			t.Errorf("%s: no offsets after Fit", target.Name)
		}
		if plain.Targets[i].Temperature != 1 || plain.Targets[i].Offsets != nil {
			t.Errorf("%s: Train gave temperature %v, offsets %v; want 1 and none", target.Name, plain.Targets[i].Temperature, plain.Targets[i].Offsets)
		}
	}
	loaded := roundTrip(t, m)
	bare := roundTrip(t, m)
	for i := range bare.Targets {
		if err := bare.SetOffsets(i, nil); err != nil {
			t.Fatal(err)
		}
	}
	a, b, c := loaded.NewScorer(), plain.NewScorer(), bare.NewScorer()
	changed := 0
	for _, r := range recs {
		pa, pb, pc := ClonePredictions(a.Score(r.Text)), ClonePredictions(b.Score(r.Text)), c.Score(r.Text)
		for i := range pa {
			if pc[i].Label() != pb[i].Label() {
				t.Fatalf("%q: calibrated %s label without offsets %s; uncalibrated %s", r.Text, pc[i].Target, pc[i].Label(), pb[i].Label())
			}
			if m.Targets[i].Temperature > 1 && pc[i].Prob() > pb[i].Prob()+1e-12 {
				t.Fatalf("%q: %s probability %v rose from %v at temperature %v", r.Text, pc[i].Target, pc[i].Prob(), pb[i].Prob(), m.Targets[i].Temperature)
			}
			tg := m.Targets[i]
			v := make([]float64, len(pa[i].Logits))
			best := 0
			for k, x := range pa[i].Logits {
				v[k] = x/tg.Temperature + tg.Offsets[k]
				if v[k] > v[best] {
					best = k
				}
			}
			if pa[i].NoEvidence {
				continue
			}
			if pa[i].Best != best {
				t.Fatalf("%q: %s label %d; logit/T + offset %v chooses %d", r.Text, pa[i].Target, pa[i].Best, v, best)
			}
			softmax(v)
			for k := range v {
				if math.Abs(v[k]-pa[i].Probs[k]) > 1e-12 {
					t.Fatalf("%q: %s probabilities %v; softmax(logit/T + offset) %v", r.Text, pa[i].Target, pa[i].Probs, v)
				}
			}
			if pa[i].Best != pc[i].Best {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Error("the offsets changed no label of the corpus")
	}
}

func roundTrip(t *testing.T, m *Model) *Model {
	t.Helper()
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	out, err := Load(&b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Targets {
		if out.Targets[i].Temperature != m.Targets[i].Temperature || !slices.Equal(out.Targets[i].Offsets, m.Targets[i].Offsets) {
			t.Fatalf("%s temperature %v, offsets %v after Save and Load; want %v, %v", m.Targets[i].Name, out.Targets[i].Temperature, out.Targets[i].Offsets, m.Targets[i].Temperature, m.Targets[i].Offsets)
		}
	}
	return out
}

// fitBuiltin trains and calibrates a model on the built-in corpus, grouped
// by event, as the built-in model is made; it returns the corpus too.
func fitBuiltin(t *testing.T) ([]labels.Record, *Model) {
	t.Helper()
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := labels.BuiltinCatalog()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	m, err := tr.Fit(recs, cat.Groups(recs, "event"))
	if err != nil {
		t.Fatal(err)
	}
	return recs, m
}

// calibrateGolden is the golden-section search on log T that Calibrate
// used before its Newton steps: the reference it is held to.
func calibrateGolden(logits [][]float64, gold []int) float64 {
	f := func(logT float64) float64 { return NLL(logits, gold, math.Exp(logT)) }
	lo, hi := math.Log(MinTemperature), math.Log(MaxTemperature)
	phi := (math.Sqrt(5) - 1) / 2
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := f(a), f(b)
	for hi-lo > 1e-6 {
		if fa <= fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = f(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = f(b)
		}
	}
	return math.Exp((lo + hi) / 2)
}

// TestCalibrateMatchesGoldenSection: on random scores, a few rows or
// many, large like naive Bayes log-scores or small, labels that follow
// them, ignore them or go against them (so that the best temperature can
// be at either end), Newton's T has a log-loss no higher than the
// golden-section search's, and is the same T to within 1e-5.
func TestCalibrateMatchesGoldenSection(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 300 {
		n, scale := 1+rng.IntN(300), math.Pow(10, rng.Float64()*3-1)
		mode := rng.IntN(3) // 0: gold follows the scores, 1: random, 2: against them
		var logits [][]float64
		var gold []int
		for range n {
			row := []float64{rng.NormFloat64() * scale, rng.NormFloat64() * scale, rng.NormFloat64() * scale}
			g := rng.IntN(3)
			best, worst := 0, 0
			for c := range row {
				if row[c] > row[best] {
					best = c
				}
				if row[c] < row[worst] {
					worst = c
				}
			}
			if mode == 0 && rng.IntN(3) > 0 {
				g = best
			} else if mode == 2 && rng.IntN(3) > 0 {
				g = worst
			}
			logits, gold = append(logits, row), append(gold, g)
		}
		got, err := Calibrate(logits, gold)
		if err != nil {
			t.Fatal(err)
		}
		want := calibrateGolden(logits, gold)
		if NLL(logits, gold, got) > NLL(logits, gold, want)+1e-12 {
			t.Fatalf("trial %d: log-loss %v at Newton's T %v, %v at golden-section's %v", trial, NLL(logits, gold, got), got, NLL(logits, gold, want), want)
		}
		if math.Abs(math.Log(got/want)) > 1e-5 {
			t.Fatalf("trial %d: T %v; golden-section search gives %v", trial, got, want)
		}
	}
}
