package agreement

import (
	"reflect"
	"testing"
)

// three coders, stance, with missing labels; used by the table tests.
func stanceData(t *testing.T) *Data {
	return mustNew(t, []string{"obstacle", "opening", "neutral"}, []string{"ann", "bo", "cy"}, [][]string{
		{"obstacle", "obstacle", "obstacle"},
		{"obstacle", "neutral", ""},
		{"opening", "opening", "neutral"},
		{"neutral", "", ""},
		{"", "neutral", "neutral"},
		{"opening", "obstacle", "opening"},
	})
}

func TestConfusions(t *testing.T) {
	d := stanceData(t)
	got := d.Confusions()
	want := []Confusion{
		{Coders: [2]string{"ann", "bo"}, Categories: d.Categories(), Counts: [][]int{{1, 0, 1}, {1, 1, 0}, {0, 0, 0}}},
		{Coders: [2]string{"ann", "cy"}, Categories: d.Categories(), Counts: [][]int{{1, 0, 0}, {0, 1, 1}, {0, 0, 0}}},
		{Coders: [2]string{"bo", "cy"}, Categories: d.Categories(), Counts: [][]int{{1, 1, 0}, {0, 0, 1}, {0, 0, 1}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Confusions() =\n%+v\nwant\n%+v", got, want)
	}
	if n := got[0].Total(); n != 4 {
		t.Errorf("Total() = %d; want 4", n)
	}
}

func TestDisagreements(t *testing.T) {
	got := stanceData(t).Disagreements()
	want := []Disagreement{
		{Unit: Unit{Index: 1}, Labels: []string{"obstacle", "neutral", ""}},
		{Unit: Unit{Index: 2}, Labels: []string{"opening", "opening", "neutral"}},
		{Unit: Unit{Index: 5}, Labels: []string{"opening", "obstacle", "opening"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Disagreements() =\n%+v\nwant\n%+v", got, want)
	}
}

// Specific agreement by hand, from the coincidence matrix of stanceData.
// Units 0..5 have 3, 2, 3, 1, 2, 3 labels; unit 3 is not pairable.
//
//	obstacle: o = 3·2/2 (unit 0) + 0 (unit 1) + 0 (unit 5) = 3;
//	          n = 3 + 1 + 1 = 5                  → 3/5
//	opening:  o = 2·1/2 (unit 2) + 2·1/2 (unit 5) = 2; n = 4 → 1/2
//	neutral:  o = 0 (1) + 0 (2) + 2·1/1 (unit 4) = 2; n = 1 + 1 + 2 = 4 → 1/2
//
// With two coders the same formula is 2a/(2a+b+c) (Uebersax): a = 1 unit
// both said obstacle, b + c = 2 units only one did → 2/4.
func TestSpecificAgreement(t *testing.T) {
	got := stanceData(t).SpecificAgreement()
	want := []struct {
		cat string
		v   float64
		n   int
	}{{"obstacle", 3.0 / 5, 5}, {"opening", 0.5, 4}, {"neutral", 0.5, 4}}
	for k, w := range want {
		if got[k].Category != w.cat || got[k].N != w.n {
			t.Errorf("SpecificAgreement()[%d] = %s (n %d); want %s (n %d)", k, got[k].Category, got[k].N, w.cat, w.n)
		}
		checkStat(t, "specific agreement on "+w.cat, got[k].Stat, w.v, 1e-12)
	}

	two := fromTable(t, []string{"obstacle", "other"}, [][]int{{1, 1}, {1, 5}})
	checkStat(t, "two-coder specific agreement on obstacle", two.SpecificAgreement()[0].Stat, 2.0/4, 1e-12)
	checkStat(t, "two-coder specific agreement on other", two.SpecificAgreement()[1].Stat, 10.0/12, 1e-12)
}

func TestKappaMatrix(t *testing.T) {
	d := stanceData(t)
	m := d.KappaMatrix()
	for a := range m {
		for b := range m {
			if a != b && m[a][b] != d.CohenKappa(a, b) {
				t.Errorf("KappaMatrix()[%d][%d] = %v; want CohenKappa = %v", a, b, m[a][b], d.CohenKappa(a, b))
			}
		}
	}
	// ann × bo: n = 4, p_o = 2/4, rows (2, 2, 0), cols (2, 1, 1),
	// p_e = (4 + 2)/16 = 0.375, κ = 0.125/0.625 = 0.2.
	checkStat(t, "CohenKappa(ann, bo)", m[0][1], 0.2, 1e-12)
}
