package eval

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"testing"
)

var (
	stance      = []string{"obstacle", "opening", "neutral"}
	stancePolar = [2]string{"obstacle", "opening"}
)

// tableOf counts the pairs (gold[k], pred[k]) over labels.
func tableOf(labels, gold, pred []string) *Confusion {
	c := NewConfusion(labels)
	for k := range gold {
		c.Add(gold[k], pred[k])
	}
	return c
}

// scoreDiffs lists the fields of got that differ from want by more than tol,
// as "Field = got; want want".
func scoreDiffs(got, want Scores, tol float64) []string {
	var d []string
	near := func(field string, g, w float64) {
		if math.IsNaN(g) || math.Abs(g-w) > tol {
			d = append(d, fmt.Sprintf("%s = %v; want %v", field, g, w))
		}
	}
	if got.N != want.N {
		d = append(d, fmt.Sprintf("N = %d; want %d", got.N, want.N))
	}
	if len(got.Classes) != len(want.Classes) {
		return append(d, fmt.Sprintf("len(Classes) = %d; want %d", len(got.Classes), len(want.Classes)))
	}
	for i, g := range got.Classes {
		w := want.Classes[i]
		if g.Label != w.Label || g.Support != w.Support || g.Predicted != w.Predicted {
			d = append(d, fmt.Sprintf("Classes[%d] = %q support %d predicted %d; want %q support %d predicted %d",
				i, g.Label, g.Support, g.Predicted, w.Label, w.Support, w.Predicted))
		}
		near(fmt.Sprintf("Classes[%d].Precision", i), g.Precision, w.Precision)
		near(fmt.Sprintf("Classes[%d].Recall", i), g.Recall, w.Recall)
		near(fmt.Sprintf("Classes[%d].F1", i), g.F1, w.F1)
	}
	near("Accuracy", got.Accuracy, want.Accuracy)
	near("MacroF1", got.MacroF1, want.MacroF1)
	near("WeightedF1", got.WeightedF1, want.WeightedF1)
	near("Kappa", got.Kappa, want.Kappa)
	near("MCC", got.MCC, want.MCC)
	near("FAvg", got.FAvg, want.FAvg)
	return d
}

func TestConfusionCounts(t *testing.T) {
	c := tableOf(stance,
		[]string{"obstacle", "obstacle", "neutral", "opening", "neutral"},
		[]string{"obstacle", "neutral", "neutral", "neutral", "neutral"})
	wantCounts := [][]int{
		{1, 0, 1},
		{0, 0, 1},
		{0, 0, 2},
	}
	if !reflect.DeepEqual(c.Counts, wantCounts) {
		t.Errorf("Counts = %v; want %v", c.Counts, wantCounts)
	}
	if got := c.Total(); got != 5 {
		t.Errorf("Total() = %d; want 5", got)
	}
	for i, want := range []int{2, 1, 2} {
		if got := c.RowTotal(i); got != want {
			t.Errorf("RowTotal(%d) = %d; want %d", i, got, want)
		}
	}
	for j, want := range []int{1, 0, 4} {
		if got := c.ColTotal(j); got != want {
			t.Errorf("ColTotal(%d) = %d; want %d", j, got, want)
		}
	}
}

func TestNewConfusionCopiesLabels(t *testing.T) {
	labels := slices.Clone(stance)
	c := NewConfusion(labels)
	labels[0] = "changed"
	if !slices.Equal(c.Labels, stance) {
		t.Errorf("NewConfusion(%q).Labels after caller's change = %q; want %q", stance, c.Labels, stance)
	}
}

func TestRowNormalised(t *testing.T) {
	tests := []struct {
		name   string
		counts [][]int
		want   [][]float64
	}{
		{
			name:   "rows sum to one",
			counts: [][]int{{3, 1, 0}, {0, 2, 2}, {1, 1, 2}},
			want:   [][]float64{{0.75, 0.25, 0}, {0, 0.5, 0.5}, {0.25, 0.25, 0.5}},
		},
		{
			// opening has no gold sentences: its row is zeros, not NaN.
			name:   "empty row",
			counts: [][]int{{2, 0, 0}, {0, 0, 0}, {0, 1, 1}},
			want:   [][]float64{{1, 0, 0}, {0, 0, 0}, {0, 0.5, 0.5}},
		},
		{
			name:   "empty table",
			counts: [][]int{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
			want:   [][]float64{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Confusion{Labels: stance, Counts: tt.counts}
			if got := c.RowNormalised(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("RowNormalised(%v) = %v; want %v", tt.counts, got, tt.want)
			}
		})
	}
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"Add unknown gold", func() { NewConfusion(stance).Add("opposed", "neutral") }},
		{"Add unknown pred", func() { NewConfusion(stance).Add("neutral", "") }},
		{"Merge other order", func() {
			NewConfusion(stance).Merge(NewConfusion([]string{"opening", "obstacle", "neutral"}))
		}},
		{"Merge other labels", func() {
			NewConfusion(stance).Merge(NewConfusion([]string{"negative", "neutral", "positive"}))
		}},
		{"NewConfusion repeated label", func() { NewConfusion([]string{"a", "b", "a"}) }},
		{"Scores unknown polar", func() { NewConfusion(stance).Scores([2]string{"obstacle", "positive"}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", tt.name)
				}
			}()
			tt.f()
		})
	}
}

// TestScoresHandWorked checks small tables whose metrics are worked out by
// hand in the comments. Rows are gold, columns predicted, in stance order
// (obstacle, opening, neutral); t is support (row sums), p predicted counts
// (column sums). kappa = (n·trace − Σt·p)/(n² − Σt·p);
// MCC = (n·trace − Σt·p)/√((n² − Σt²)(n² − Σp²)).
func TestScoresHandWorked(t *testing.T) {
	tests := []struct {
		name   string
		counts [][]int
		want   Scores
	}{
		{
			// t = 5 2 3, p = 4 3 3, n = 10, trace = 7.
			// obstacle P 3/4 R 3/5 F1 2·.75·.6/1.35 = 2/3
			// opening  P 2/3 R 2/2 F1 2·(2/3)·1/(5/3) = 4/5
			// neutral  P 2/3 R 2/3 F1 2/3
			// macro (2/3+4/5+2/3)/3 = 32/45; weighted (5·2/3+2·4/5+3·2/3)/10 = 52/75
			// Σt·p = 20+6+9 = 35: kappa (70−35)/(100−35) = 7/13
			// Σt² = 38, Σp² = 34: MCC 35/√(62·66)
			// FAvg (2/3+4/5)/2 = 11/15
			name:   "mixed",
			counts: [][]int{{3, 1, 1}, {0, 2, 0}, {1, 0, 2}},
			want: Scores{
				N: 10,
				Classes: []ClassScore{
					{"obstacle", 3.0 / 4, 3.0 / 5, 2.0 / 3, 5, 4},
					{"opening", 2.0 / 3, 1, 4.0 / 5, 2, 3},
					{"neutral", 2.0 / 3, 2.0 / 3, 2.0 / 3, 3, 3},
				},
				Accuracy: 0.7, MacroF1: 32.0 / 45, WeightedF1: 52.0 / 75,
				Kappa: 7.0 / 13, MCC: 35 / math.Sqrt(62*66), FAvg: 11.0 / 15,
			},
		},
		{
			// opening is never predicted: precision 0 (not NaN), F1 0.
			// t = 3 2 3, p = 3 0 5, n = 8, trace = 5.
			// obstacle P 2/3 R 2/3 F1 2/3; neutral P 3/5 R 1 F1 1.2/1.6 = 3/4
			// macro (2/3+0+3/4)/3 = 17/36; weighted (3·2/3+0+3·3/4)/8 = 17/32
			// Σt·p = 9+0+15 = 24: kappa (40−24)/(64−24) = 2/5
			// Σt² = 22, Σp² = 34: MCC 16/√(42·30)
			// FAvg (2/3+0)/2 = 1/3
			name:   "class never predicted",
			counts: [][]int{{2, 0, 1}, {1, 0, 1}, {0, 0, 3}},
			want: Scores{
				N: 8,
				Classes: []ClassScore{
					{"obstacle", 2.0 / 3, 2.0 / 3, 2.0 / 3, 3, 3},
					{"opening", 0, 0, 0, 2, 0},
					{"neutral", 3.0 / 5, 1, 3.0 / 4, 3, 5},
				},
				Accuracy: 5.0 / 8, MacroF1: 17.0 / 36, WeightedF1: 17.0 / 32,
				Kappa: 2.0 / 5, MCC: 16 / math.Sqrt(42*30), FAvg: 1.0 / 3,
			},
		},
		{
			// opening never in gold: recall 0, precision 0/1 = 0.
			// t = 2 0 2, p = 1 1 2, n = 4, trace = 3.
			// obstacle P 1 R 1/2 F1 2/3; neutral P 1 R 1 F1 1
			// macro (2/3+0+1)/3 = 5/9; weighted (2·2/3+2·1)/4 = 5/6
			// Σt·p = 2+0+4 = 6: kappa (12−6)/(16−6) = 3/5
			// Σt² = 8, Σp² = 6: MCC 6/√(8·10)
			name:   "class absent from gold",
			counts: [][]int{{1, 1, 0}, {0, 0, 0}, {0, 0, 2}},
			want: Scores{
				N: 4,
				Classes: []ClassScore{
					{"obstacle", 1, 1.0 / 2, 2.0 / 3, 2, 1},
					{"opening", 0, 0, 0, 0, 1},
					{"neutral", 1, 1, 1, 2, 2},
				},
				Accuracy: 3.0 / 4, MacroF1: 5.0 / 9, WeightedF1: 5.0 / 6,
				Kappa: 3.0 / 5, MCC: 6 / math.Sqrt(80), FAvg: 1.0 / 3,
			},
		},
		{
			// Every sentence wrong, one of each: t = p = 1 1 1, trace 0.
			// kappa (0−3)/(9−3) = −1/2; MCC (0−3)/√(6·6) = −1/2.
			name:   "all wrong",
			counts: [][]int{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}},
			want: Scores{
				N: 3,
				Classes: []ClassScore{
					{"obstacle", 0, 0, 0, 1, 1},
					{"opening", 0, 0, 0, 1, 1},
					{"neutral", 0, 0, 0, 1, 1},
				},
				Kappa: -0.5, MCC: -0.5,
			},
		},
		{
			// All gold and predictions neutral: expected agreement
			// Σt·p/n² = 16/16 = 1, so kappa is 0/0 (sklearn: NaN) and is
			// reported as 0; Σt² = Σp² = n², so MCC is 0 too.
			// macro (0+0+1)/3 = 1/3; weighted 4·1/4 = 1.
			name:   "single class agreement",
			counts: [][]int{{0, 0, 0}, {0, 0, 0}, {0, 0, 4}},
			want: Scores{
				N: 4,
				Classes: []ClassScore{
					{"obstacle", 0, 0, 0, 0, 0},
					{"opening", 0, 0, 0, 0, 0},
					{"neutral", 1, 1, 1, 4, 4},
				},
				Accuracy: 1, MacroF1: 1.0 / 3, WeightedF1: 1,
			},
		},
		{
			name:   "empty table",
			counts: [][]int{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
			want: Scores{Classes: []ClassScore{
				{Label: "obstacle"}, {Label: "opening"}, {Label: "neutral"},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Confusion{Labels: stance, Counts: tt.counts}
			for _, d := range scoreDiffs(c.Scores(stancePolar), tt.want, 1e-15) {
				t.Errorf("Scores(%v).%s", tt.counts, d)
			}
		})
	}
}

// sklearnCase is one case of testdata/sklearn_metrics.json, written by
// scripts/sklearn_metrics.py.
type sklearnCase struct {
	Name       string    `json:"name"`
	Labels     []string  `json:"labels"`
	Polar      [2]string `json:"polar"`
	Gold       []string  `json:"gold"`
	Pred       []string  `json:"pred"`
	Confusion  [][]int   `json:"confusion"`
	Precision  []float64 `json:"precision"`
	Recall     []float64 `json:"recall"`
	F1         []float64 `json:"f1"`
	Support    []int     `json:"support"`
	Accuracy   float64   `json:"accuracy"`
	MacroF1    float64   `json:"macro_f1"`
	WeightedF1 float64   `json:"weighted_f1"`
	Kappa      *float64  `json:"kappa"` // nil where sklearn gives NaN
	MCC        float64   `json:"mcc"`
	FAvg       float64   `json:"f_avg"`
}

// TestScoresSklearn compares every number with scikit-learn's. Regenerate
// the fixture with
//
//	/usr/bin/python3 scripts/sklearn_metrics.py > eval/testdata/sklearn_metrics.json
func TestScoresSklearn(t *testing.T) {
	data, err := os.ReadFile("testdata/sklearn_metrics.json")
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Version string        `json:"sklearn_version"`
		Cases   []sklearnCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &fixture); err != nil {
		t.Fatalf("testdata/sklearn_metrics.json: %v", err)
	}
	if len(fixture.Cases) == 0 {
		t.Fatal("testdata/sklearn_metrics.json has no cases")
	}
	t.Logf("scikit-learn %s", fixture.Version)
	for _, sc := range fixture.Cases {
		t.Run(sc.Name, func(t *testing.T) {
			c := tableOf(sc.Labels, sc.Gold, sc.Pred)
			if !reflect.DeepEqual(c.Counts, sc.Confusion) {
				t.Errorf("Counts = %v; want %v", c.Counts, sc.Confusion)
			}
			want := Scores{
				N:          len(sc.Gold),
				Accuracy:   sc.Accuracy,
				MacroF1:    sc.MacroF1,
				WeightedF1: sc.WeightedF1,
				MCC:        sc.MCC,
				FAvg:       sc.FAvg,
			}
			// sklearn's kappa is NaN when expected agreement is 1;
			// Scores documents 0 there.
			if sc.Kappa != nil {
				want.Kappa = *sc.Kappa
			}
			for i, l := range sc.Labels {
				want.Classes = append(want.Classes, ClassScore{
					Label: l, Precision: sc.Precision[i], Recall: sc.Recall[i], F1: sc.F1[i],
					Support: sc.Support[i], Predicted: c.ColTotal(i),
				})
			}
			for _, d := range scoreDiffs(c.Scores(sc.Polar), want, 1e-12) {
				t.Errorf("Scores(%q).%s", sc.Name, d)
			}
		})
	}
}

// randomPairs returns n (gold, pred) pairs over labels; a pair is right with
// probability pRight, else pred is drawn uniformly.
func randomPairs(rng *rand.Rand, labels []string, n int, pRight float64) (gold, pred []string) {
	for range n {
		g := labels[rng.IntN(len(labels))]
		p := g
		if rng.Float64() >= pRight {
			p = labels[rng.IntN(len(labels))]
		}
		gold, pred = append(gold, g), append(pred, p)
	}
	return gold, pred
}

// TestScoresProperties checks, on seeded random tables of many shapes, that
// scores lie in their ranges, do not depend on the order of the pairs, and
// that merging the tables of two parts equals the table of the whole.
func TestScoresProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2016, 1))
	tests := []struct {
		name     string
		labels   []string
		goldOnly string // if set, every gold label is this one (degenerate marginals)
	}{
		{name: "stance", labels: stance},
		{name: "binary", labels: []string{"obstacle", "opening"}},
		{name: "five", labels: []string{"obstacle", "opening", "neutral", "a", "b"}},
		{name: "gold all neutral", labels: stance, goldOnly: "neutral"},
	}
	for _, tt := range tests {
		labels := tt.labels
		polar := [2]string{labels[0], labels[1]}
		t.Run(tt.name, func(t *testing.T) {
			for trial := range 200 {
				n := rng.IntN(60)
				gold, pred := randomPairs(rng, labels, n, rng.Float64())
				if tt.goldOnly != "" {
					for k := range gold {
						gold[k] = tt.goldOnly
					}
				}
				c := tableOf(labels, gold, pred)
				s := c.Scores(polar)

				unit := map[string]float64{
					"Accuracy": s.Accuracy, "MacroF1": s.MacroF1,
					"WeightedF1": s.WeightedF1, "FAvg": s.FAvg,
				}
				for _, cs := range s.Classes {
					unit[cs.Label+".Precision"] = cs.Precision
					unit[cs.Label+".Recall"] = cs.Recall
					unit[cs.Label+".F1"] = cs.F1
				}
				for k, v := range unit {
					if !(v >= 0 && v <= 1) {
						t.Errorf("trial %d: Scores(%q, %q).%s = %v; want in [0, 1]", trial, gold, pred, k, v)
					}
				}
				for k, v := range map[string]float64{"Kappa": s.Kappa, "MCC": s.MCC} {
					if !(v >= -1 && v <= 1) {
						t.Errorf("trial %d: Scores(%q, %q).%s = %v; want in [-1, 1]", trial, gold, pred, k, v)
					}
				}
				if s.N != n || c.Total() != n {
					t.Errorf("trial %d: N = %d, Total() = %d; want %d", trial, s.N, c.Total(), n)
				}

				perm := rng.Perm(n)
				pg, pp := make([]string, n), make([]string, n)
				for i, k := range perm {
					pg[i], pp[i] = gold[k], pred[k]
				}
				if got := tableOf(labels, pg, pp).Scores(polar); !reflect.DeepEqual(got, s) {
					t.Errorf("trial %d: Scores of permuted pairs = %+v; want %+v", trial, got, s)
				}

				cut := 0
				if n > 0 {
					cut = rng.IntN(n + 1)
				}
				merged := tableOf(labels, gold[:cut], pred[:cut])
				merged.Merge(tableOf(labels, gold[cut:], pred[cut:]))
				if !reflect.DeepEqual(merged, c) {
					t.Errorf("trial %d: Merge of split at %d = %v; want %v", trial, cut, merged.Counts, c.Counts)
				}
				if got := merged.Scores(polar); !reflect.DeepEqual(got, s) {
					t.Errorf("trial %d: Merge(...).Scores = %+v; want %+v", trial, got, s)
				}
			}
		})
	}
}
