package classify

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// TestContextMeansByHand: each sentence gets the mean of the others'
// centred scores; a sentence without evidence gets nil and counts for
// no one; one sentence with evidence has no context.
func TestContextMeansByHand(t *testing.T) {
	logits := [][]float64{{3, 0, 0}, {-1, -2, -6}, {9, 9, 9}, {0, 6, 0}}
	evidence := []bool{true, true, false, true}
	got := ContextMeans(logits, evidence)
	// Centred: {2,-1,-1}, {2,1,-3}, {-2,4,-2}.
	want := [][]float64{{0, 2.5, -2.5}, {0, 1.5, -1.5}, nil, {2, 0, -2}}
	for i := range want {
		if (got[i] == nil) != (want[i] == nil) {
			t.Fatalf("sentence %d: got %v, want %v", i, got[i], want[i])
		}
		for c := range want[i] {
			if math.Abs(got[i][c]-want[i][c]) > 1e-12 {
				t.Errorf("sentence %d label %d: got %g, want %g", i, c, got[i][c], want[i][c])
			}
		}
	}
	if got := ContextMeans(logits[:2], []bool{true, false}); got[0] != nil || got[1] != nil {
		t.Errorf("one sentence with evidence: got %v, want no context", got)
	}
}

// TestCalibrateContextRecoversWeights draws labels from softmax((z +
// κ·m)/T) for known T and κ and checks that CalibrateContext finds both,
// within sampling error; with no context it is Calibrate.
func TestCalibrateContextRecoversWeights(t *testing.T) {
	for _, want := range []struct{ T, kappa float64 }{{1, 0.5}, {4, 0.8}, {8, 0}, {3, -0.4}} {
		rng := rand.New(rand.NewPCG(11, uint64(want.T*100+want.kappa*10+5)))
		var logits, ctx [][]float64
		var gold []int
		for i := range 30000 {
			z := []float64{rng.NormFloat64() * 4, rng.NormFloat64() * 4, rng.NormFloat64() * 4}
			var m []float64
			if i%5 != 0 { // some sentences alone
				m = []float64{rng.NormFloat64() * 5, rng.NormFloat64() * 5, rng.NormFloat64() * 5}
			}
			v := contextScores(nil, z, m, 1/want.T, want.kappa/want.T)
			p := make([]float64, 3)
			sum := 0.0
			for k := range v {
				p[k] = math.Exp(v[k])
				sum += p[k]
			}
			u, y := rng.Float64()*sum, 0
			for u > p[y] && y < 2 {
				u -= p[y]
				y++
			}
			logits, ctx, gold = append(logits, z), append(ctx, m), append(gold, y)
		}
		T, kappa, err := CalibrateContext(logits, ctx, gold)
		if err != nil {
			t.Fatal(err)
		}
		if want.kappa < 0 { // the article against the sentence: refused
			want.T, want.kappa = plainT(t, logits, gold), 0
		}
		if math.Abs(T-want.T)/want.T > 0.1 || math.Abs(kappa-want.kappa) > 0.1 {
			t.Errorf("drawn at T=%g, κ=%g: fitted T=%g, κ=%g", want.T, want.kappa, T, kappa)
		}
		// The fit is a minimum: nearby pairs have no lower log-loss.
		best := contextNLL(logits, ctx, gold, 1/T, kappa/T)
		if kappa == 0 {
			continue
		}
		for _, d := range [][2]float64{{1.02, 0}, {0.98, 0}, {1, 0.02}, {1, -0.02}} {
			if l := contextNLL(logits, ctx, gold, 1/(T*d[0]), (kappa+d[1])/(T*d[0])); l < best-1e-9 {
				t.Errorf("T=%g κ=%g: log-loss %g below the fit's %g", T*d[0], kappa+d[1], l, best)
			}
		}
		plain, err := Calibrate(logits, gold)
		if err != nil {
			t.Fatal(err)
		}
		T0, k0, err := CalibrateContext(logits, make([][]float64, len(logits)), gold)
		if err != nil || T0 != plain || k0 != 0 {
			t.Errorf("no context: T=%g κ=%g err %v; want Calibrate's %g and 0", T0, k0, err, plain)
		}
	}
}

// plainT is Calibrate's temperature for logits and gold.
func plainT(t *testing.T, logits [][]float64, gold []int) float64 {
	t.Helper()
	T, err := Calibrate(logits, gold)
	if err != nil {
		t.Fatal(err)
	}
	return T
}

// TestCalibrateContextTooLittle: with fewer than MinContextData sentences
// in context no weight is fitted, however the few lean.
func TestCalibrateContextTooLittle(t *testing.T) {
	var logits, ctx [][]float64
	var gold []int
	for i := range MinContextData - 1 {
		c := i % 3
		z, m := make([]float64, 3), make([]float64, 3)
		z[(c+1)%3], m[c] = 1, 5 // the article knows; the sentence does not
		logits, ctx, gold = append(logits, z), append(ctx, m), append(gold, c)
	}
	T, kappa, err := CalibrateContext(logits, ctx, gold)
	if err != nil || kappa != 0 || T != plainT(t, logits, gold) {
		t.Errorf("%d sentences in context: T=%g κ=%g err %v; want Calibrate's T and κ 0", len(logits), T, kappa, err)
	}
	logits, ctx, gold = append(logits, []float64{0, 1, 0}), append(ctx, []float64{5, 0, 0}), append(gold, 0)
	if _, kappa, err := CalibrateContext(logits, ctx, gold); err != nil || !(kappa > 1) {
		t.Errorf("%d sentences in context: κ=%g err %v; want a large weight", len(logits), kappa, err)
	}
}

// TestCalibrateContextRefuses bad input rather than fitting nonsense.
func TestCalibrateContextRefuses(t *testing.T) {
	logits := [][]float64{{1, 0, 0}, {0, 1, 0}}
	gold := []int{0, 1}
	for name, ctx := range map[string][][]float64{
		"rows":   {{1, 0, 0}},
		"width":  {{1, 0}, nil},
		"nan":    {{math.NaN(), 0, 0}, nil},
		"infin.": {nil, {0, math.Inf(1), 0}},
	} {
		if _, _, err := CalibrateContext(logits, ctx, gold); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestInContextAsByHand: InContext gives each sentence softmax((x + κ·m)/T
// + offsets) and its label, leaves a lone sentence, a sentence without
// evidence and a target without a weight as Score gave them, and keeps
// the shift in Prediction.Context.
func TestInContextAsByHand(t *testing.T) {
	m := fitSeeds(t)
	si := slices.Index(labels.Targets(), labels.Stance)
	st := m.Targets[si]
	if err := m.SetContext(si, 0.8); err != nil {
		t.Fatal(err)
	}
	if err := m.SetOffsets(si, []float64{0, 0.3, -0.2}); err != nil {
		t.Fatal(err)
	}
	texts := []string{"Moscow rejected the American offer.", "The two ministers agreed to cooperate against terrorism.", "zzzz qqqq", "Washington welcomed the vote."}
	s := m.NewScorer()
	var alone, sents [][]Prediction
	for _, text := range texts {
		alone = append(alone, ClonePredictions(s.Score(text)))
		sents = append(sents, ClonePredictions(s.Score(text)))
	}
	if !sents[2][si].NoEvidence {
		t.Fatal("the test wants a sentence without evidence")
	}
	m.InContext(sents)
	rows := [][]float64{alone[0][si].Logits, alone[1][si].Logits, alone[2][si].Logits, alone[3][si].Logits}
	means := ContextMeans(rows, []bool{true, true, false, true})
	for i := range texts {
		for ti := range m.Targets {
			got, was := sents[i][ti], alone[i][ti]
			if ti != si || i == 2 {
				if !slices.Equal(got.Probs, was.Probs) || got.Best != was.Best || len(got.Context) > 0 {
					t.Errorf("sentence %d target %d changed: %v -> %v", i, ti, was.Probs, got.Probs)
				}
				continue
			}
			v := make([]float64, 3)
			for c := range v {
				v[c] = (was.Logits[c]+0.8*means[i][c])/st.Temperature + st.Offsets[c]
			}
			want := slices.Clone(v)
			best := softmax(want)
			for c := range want {
				if math.Abs(got.Probs[c]-want[c]) > 1e-12 || math.Abs(got.Context[c]-0.8*means[i][c]) > 1e-12 {
					t.Errorf("sentence %d: probs %v context %v; want %v and 0.8×%v", i, got.Probs, got.Context, want, means[i])
					break
				}
			}
			if got.Best != best {
				t.Errorf("sentence %d: label %d, want %d", i, got.Best, best)
			}
		}
	}
	one := [][]Prediction{ClonePredictions(s.Score(texts[0]))}
	m.InContext(one)
	if !slices.Equal(one[0][si].Probs, alone[0][si].Probs) {
		t.Errorf("a sentence alone changed: %v -> %v", alone[0][si].Probs, one[0][si].Probs)
	}
}

// TestAddContext: the article's push comes in at its rank among the
// features, the list stays at n, and a context that pushed the other way
// adds nothing.
func TestAddContext(t *testing.T) {
	cs := []Contribution{{"a", 1, 3}, {"b", 1, 2}, {"c", 1, 1}}
	p := Prediction{Context: []float64{2.5, 0, 0}}
	got := AddContext(slices.Clone(cs), p, 0, 1, 3)
	want := []Contribution{{"a", 1, 3}, {ArticleFeature, 1, 2.5}, {"b", 1, 2}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := AddContext(slices.Clone(cs), p, 1, 0, 3); !slices.Equal(got, cs) {
		t.Errorf("pushed away: got %v, want %v", got, cs)
	}
	p.Context[0] = 0.5
	if got := AddContext(slices.Clone(cs), p, 0, 1, 3); !slices.Equal(got, cs) {
		t.Errorf("below the n kept: got %v, want %v", got, cs)
	}
	if got := AddContext(nil, p, 0, 1, 3); !slices.Equal(got, []Contribution{{ArticleFeature, 1, 0.5}}) {
		t.Errorf("no features: got %v", got)
	}
}

// TestContextSaved: the weight goes through Save and Load and through the
// image, and Load refuses one out of range.
func TestContextSaved(t *testing.T) {
	m := fitSeeds(t)
	if err := m.SetContext(0, 1.25); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Targets[0].Context != 1.25 {
		t.Errorf("after Save and Load: context %g, want 1.25", back.Targets[0].Context)
	}
	img, err := m.appendImage(nil)
	if err != nil {
		t.Fatal(err)
	}
	fromImg, err := loadImage(img, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if fromImg.Targets[0].Context != 1.25 {
		t.Errorf("after the image: context %g, want 1.25", fromImg.Targets[0].Context)
	}
	bad := strings.Replace(buf.String(), `"context":1.25`, `"context":11`, 1)
	if bad == buf.String() {
		t.Fatal("the saved model does not hold the weight as the test expects")
	}
	if _, err := Load(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "context weight") {
		t.Errorf("Load of context 11: %v, want an error naming the context weight", err)
	}
	if _, err := Load(strings.NewReader(strings.Replace(buf.String(), `"context":1.25`, `"context":-0.5`, 1))); err == nil {
		t.Error("Load of context -0.5: no error")
	}
	for _, k := range []float64{math.NaN(), -0.1, 10.5} {
		if err := m.SetContext(0, k); err == nil {
			t.Errorf("SetContext(%g): no error", k)
		}
	}
}

// fitSeeds is a calibrated model of the seed corpus, its articles as
// groups.
func fitSeeds(t *testing.T) *Model {
	t.Helper()
	recs, groups, tr := seedsByArticle(t)
	m, err := tr.Fit(recs, groups)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestScoreLogitsThenInContext: an article scored with ScoreLogits (no
// probabilities yet) comes out of InContext as it does when scored with
// Score, sentence for sentence, with and without a context weight, and
// a lone sentence as Score gives it.
func TestScoreLogitsThenInContext(t *testing.T) {
	m := fitSeeds(t)
	texts := []string{"Moscow rejected the American offer.", "zzzz qqqq", "The two ministers agreed to cooperate against terrorism.", "Washington welcomed the vote."}
	for _, kappa := range []float64{0, 0.8} {
		if err := m.SetContext(0, kappa); err != nil {
			t.Fatal(err)
		}
		s := m.NewScorer()
		for _, n := range []int{1, len(texts)} {
			var full, raw [][]Prediction
			for _, text := range texts[:n] {
				full = append(full, ClonePredictions(s.Score(text)))
				raw = append(raw, ClonePredictions(s.ScoreLogits(text)))
			}
			m.InContext(full)
			m.InContext(raw)
			for i := range full {
				for ti := range full[i] {
					a, b := full[i][ti], raw[i][ti]
					if !slices.Equal(a.Probs, b.Probs) || a.Best != b.Best || !slices.Equal(a.Context, b.Context) {
						t.Errorf("κ %g, %d sentences, sentence %d target %d: %v %d from Score, %v %d from ScoreLogits", kappa, n, i, ti, a.Probs, a.Best, b.Probs, b.Best)
					}
				}
			}
			if n == 1 {
				if want := s.Score(texts[0]); !slices.Equal(full[0][0].Probs, want[0].Probs) {
					t.Errorf("a lone sentence: %v, Score gives %v", full[0][0].Probs, want[0].Probs)
				}
			}
		}
	}
}

// TestCalibrateContextStopsEarlyAlike: stopping the halving of a step once
// it no longer moves the weights (contextNewton's stopEarly, which
// CalibrateContext uses) gives, bit for bit, the minimum that halving it
// 40 times gives, on random held-out scores of many shapes.
func TestCalibrateContextStopsEarlyAlike(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 40 {
		n := 2*MinContextData + rng.IntN(3000) // three in four in context: enough to fit
		scale, kappa := 0.5+rng.Float64()*6, rng.Float64()*1.5-0.3
		var logits, ctx [][]float64
		var gold []int
		for i := range n {
			z := []float64{rng.NormFloat64() * scale, rng.NormFloat64() * scale, rng.NormFloat64() * scale}
			var m []float64
			if i%4 != 0 {
				m = []float64{rng.NormFloat64() * 3, rng.NormFloat64() * 3, rng.NormFloat64() * 3}
			}
			y := rng.IntN(3)
			if rng.Float64() < 0.6 { // labels that follow the scores, and the context, loosely
				v := contextScores(nil, z, m, 1, kappa)
				y = slices.Index(v, slices.Max(v))
			}
			logits, ctx, gold = append(logits, z), append(ctx, m), append(gold, y)
		}
		a0 := 1 / plainT(t, logits, gold)
		a, b := contextNewton(logits, ctx, gold, a0, true)
		wantA, wantB := contextNewton(logits, ctx, gold, a0, false)
		if a != wantA || b != wantB {
			t.Fatalf("trial %d: (a, b) = (%v, %v); halving every step 40 times gives (%v, %v)", trial, a, b, wantA, wantB)
		}
	}
}
