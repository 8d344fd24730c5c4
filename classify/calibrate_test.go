package classify

import (
	"bytes"
	"math"
	"math/rand/v2"
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
// than 1, keeps it through Save and Load, and its labels are those of the
// uncalibrated model (a temperature only changes how sure it is).
func TestFitCalibrates(t *testing.T) {
	recs, m := fitBuiltin(t)
	plain := mustTrain(t, recs, DefaultOptions())
	for i, target := range m.Targets {
		if target.Temperature == 1 {
			t.Errorf("%s: temperature 1 after Fit", target.Name)
		}
		if plain.Targets[i].Temperature != 1 {
			t.Errorf("%s: Train gave temperature %v; want 1", target.Name, plain.Targets[i].Temperature)
		}
	}
	loaded := roundTrip(t, m)
	a, b := loaded.NewScorer(), plain.NewScorer()
	for _, r := range recs {
		pa, pb := clonePreds(a.Score(r.Text)), b.Score(r.Text)
		for i := range pa {
			if pa[i].Label() != pb[i].Label() {
				t.Fatalf("%q: calibrated %s label %s; uncalibrated %s", r.Text, pa[i].Target, pa[i].Label(), pb[i].Label())
			}
			if m.Targets[i].Temperature > 1 && pa[i].Prob() > pb[i].Prob()+1e-12 {
				t.Fatalf("%q: %s probability %v rose from %v at temperature %v", r.Text, pa[i].Target, pa[i].Prob(), pb[i].Prob(), m.Targets[i].Temperature)
			}
		}
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
		if out.Targets[i].Temperature != m.Targets[i].Temperature {
			t.Fatalf("%s temperature %v after Save and Load; want %v", m.Targets[i].Name, out.Targets[i].Temperature, m.Targets[i].Temperature)
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
