package classify

// Explanations: informative features, contributions toward a label.

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// TestInformative checks the log-likelihood ratios of the worked example:
// for obstacle, θ(f|obstacle) against θ(f|opening or neutral) with α
// added once per other class: fail, stall and again all get
// log((2/13) / ((0+2)/(6+16))) = log(22/13) ≈ 0.526, ties in name order,
// then talks log((3/13) / ((2+2)/22)) = log(33/26) ≈ 0.238.
func TestInformative(t *testing.T) {
	m := mustTrain(t, handRecords(), handOptions(1))
	got := m.Informative(labels.Stance, 4)
	if len(got) != 3 {
		t.Errorf("Informative(stance) has %d labels; want 3", len(got))
	}
	want := []Contribution{
		{"again", 1, math.Log(22.0 / 13)},
		{"fail", 1, math.Log(22.0 / 13)},
		{"stall", 1, math.Log(22.0 / 13)},
		{"talks", 2, math.Log(33.0 / 26)},
	}
	ob := got["obstacle"]
	if len(ob) != len(want) {
		t.Fatalf("Informative(stance, 4)[obstacle] = %v; want %v", ob, want)
	}
	for i := range want {
		if ob[i].Feature != want[i].Feature || ob[i].Count != want[i].Count || !near(ob[i].Weight, want[i].Weight, 1e-12) {
			t.Errorf("Informative(stance, 4)[obstacle][%d] = %v; want %v", i, ob[i], want[i])
		}
	}
}

// TestExplain: "talks fail" is obstacle with opening the runner-up; fail
// moves it by log((2/13)/(1/12)) = log(24/13), talks by
// log((3/13)/(2/12)) = log(18/13).
func TestExplain(t *testing.T) {
	m := mustTrain(t, handRecords(), handOptions(1))
	s := m.NewScorer()
	preds, why := s.Explain("talks fail zebra", 5)
	if preds[0].Label() != "obstacle" {
		t.Fatalf("Explain stance = %s; want obstacle", preds[0].Label())
	}
	want := []Contribution{{"fail", 1, math.Log(24.0 / 13)}, {"talks", 1, math.Log(18.0 / 13)}}
	got := why[0]
	if len(got) != len(want) {
		t.Fatalf("Explain(%q) stance = %v; want %v", "talks fail zebra", got, want)
	}
	for i := range want {
		if got[i].Feature != want[i].Feature || got[i].Count != want[i].Count || !near(got[i].Weight, want[i].Weight, 1e-12) {
			t.Errorf("Explain(%q) stance[%d] = %v; want %v", "talks fail zebra", i, got[i], want[i])
		}
	}
	if _, why := s.Explain("talks fail", 1); len(why[0]) != 1 || why[0][0].Feature != "fail" {
		t.Errorf("Explain(%q, 1) stance = %v; want only fail", "talks fail", why[0])
	}
	// The predictions returned are not overwritten by later scoring.
	before := slices.Clone(preds[0].Probs)
	s.Score("deal agreed")
	if !slices.Equal(preds[0].Probs, before) {
		t.Errorf("Explain predictions changed by a later Score: %v -> %v", before, preds[0].Probs)
	}
}

// TestContributions: count × (weight(toward) − weight(away)) for the
// worked example, positive ones only, largest first, ties by feature name.
// For obstacle against opening, fail, stall and again each give
// log((2/13)/(1/12)) = log(24/13) ≈ 0.613 and talks log((3/13)/(2/12)) =
// log(18/13) ≈ 0.325 per occurrence.
func TestContributions(t *testing.T) {
	m := mustTrain(t, handRecords(), handOptions(1))
	const obstacle, opening = 0, 1
	tests := []struct {
		text         string
		toward, away int
		n            int
		want         []Contribution
	}{
		{"stall again fail talks", obstacle, opening, 10, []Contribution{
			{"again", 1, math.Log(24.0 / 13)},
			{"fail", 1, math.Log(24.0 / 13)},
			{"stall", 1, math.Log(24.0 / 13)},
			{"talks", 1, math.Log(18.0 / 13)},
		}},
		{"stall again fail talks", obstacle, opening, 2, []Contribution{
			{"again", 1, math.Log(24.0 / 13)},
			{"fail", 1, math.Log(24.0 / 13)},
		}},
		// Twice log(18/13) ≈ 0.651 passes fail's 0.613.
		{"talks fail talks", obstacle, opening, 10, []Contribution{
			{"talks", 2, 2 * math.Log(18.0/13)},
			{"fail", 1, math.Log(24.0 / 13)},
		}},
		// Toward opening only deal helps: log((2/12)/(1/13)) = log(13/6).
		{"deal talks fail zebra", opening, obstacle, 10, []Contribution{
			{"deal", 1, math.Log(13.0 / 6)},
		}},
		{"talks fail", obstacle, opening, 0, nil},
		{"zebra", obstacle, opening, 10, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d-%d/n=%d", tt.text, tt.toward, tt.away, tt.n), func(t *testing.T) {
			s := m.NewScorer()
			s.Score(tt.text)
			got := s.Contributions(0, tt.toward, tt.away, tt.n)
			if len(got) != len(tt.want) {
				t.Fatalf("Contributions(%q) = %v; want %v", tt.text, got, tt.want)
			}
			for i := range tt.want {
				if got[i].Feature != tt.want[i].Feature || got[i].Count != tt.want[i].Count || !near(got[i].Weight, tt.want[i].Weight, 1e-12) {
					t.Errorf("Contributions(%q)[%d] = %v; want %v", tt.text, i, got[i], tt.want[i])
				}
			}
		})
	}
}
