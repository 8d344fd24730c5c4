package agreement

import (
	"slices"
	"testing"
)

// The values below are published; each test names its source. A value
// published to three decimals is matched to ±0.0005, i.e. it must round to
// the published figure.

// Fleiss (1971), Table 1, as the R package irr's `diagnoses` data set:
// 30 patients × 6 diagnoses, 5 categories; κ = 0.430 (irr: 0.4302).
func TestFleissKappaFleiss1971(t *testing.T) {
	d := readData(t, "fleiss1971_diagnoses.csv")
	f := d.FleissKappa()
	checkStat(t, "FleissKappa", f.Stat, 0.4302, 0.00005)
	if f.N != 30 || f.Incomplete != 0 {
		t.Errorf("FleissKappa used %d units, left out %d; want 30, 0", f.N, f.Incomplete)
	}
	// On complete data, percent agreement is Fleiss' P̄.
	checkStat(t, "PercentAgreement", d.PercentAgreement(), f.Observed, 1e-12)
}

// Wikipedia, "Fleiss' kappa", worked example (the table statsmodels tests
// fleiss_kappa on, there 0.2099): 10 subjects × 14 raters, 5 categories.
// Published: P̄ = 0.378, P̄e = 0.213, κ = 0.210.
func TestFleissKappaWikipedia(t *testing.T) {
	counts := [][]int{
		{0, 0, 0, 0, 14},
		{0, 2, 6, 4, 2},
		{0, 0, 3, 5, 6},
		{0, 3, 9, 2, 0},
		{2, 2, 8, 1, 1},
		{7, 7, 0, 0, 0},
		{3, 2, 6, 3, 0},
		{2, 5, 3, 2, 2},
		{6, 5, 2, 1, 0},
		{0, 2, 2, 3, 7},
	}
	d := fromCounts(t, []string{"1", "2", "3", "4", "5"}, counts)
	f := d.FleissKappa()
	checkStat(t, "FleissKappa", f.Stat, 0.210, 0.0005)
	if !near(f.Observed, 0.378, 0.0005) || !near(f.Expected, 0.213, 0.0005) {
		t.Errorf("P̄, P̄e = %.4f, %.4f; want 0.378, 0.213", f.Observed, f.Expected)
	}
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the
// example "any number of observers, missing data": 4 observers × 12 units. Published: nominal
// α = 0.743, ordinal α = 0.815, and the coincidence matrix marginals
// n_c = 9, 13, 10, 5, 3 (n = 40; unit 12 has one value and is not pairable).
func TestAlphaKrippendorff2011(t *testing.T) {
	d := readData(t, "krippendorff2011.csv")
	checkStat(t, "Alpha(Nominal)", d.Alpha(Nominal).Stat, 0.743, 0.0005)
	checkStat(t, "Alpha(Ordinal)", d.Alpha(Ordinal).Stat, 0.815, 0.0005)

	c := newCoincidence(len(d.categories))
	for _, counts := range d.pairable() {
		c.add(counts)
	}
	if want := []int{9, 13, 10, 5, 3}; !slices.Equal(c.nc, want) || c.n != 40 {
		t.Errorf("coincidence marginals %v, n = %d; want %v, n = 40", c.nc, c.n, want)
	}
	for i := range c.o {
		var row float64
		for k := range c.o {
			row += c.o[i][k]
			if !near(c.o[i][k], c.o[k][i], 1e-12) {
				t.Errorf("o[%d][%d] = %g but o[%d][%d] = %g; want symmetric", i, k, c.o[i][k], k, i, c.o[k][i])
			}
		}
		if !near(row, float64(c.nc[i]), 1e-12) {
			t.Errorf("row %d of o sums to %g; want n_%d = %d", i, row, i+1, c.nc[i])
		}
	}
	if n := d.Counts(); n != (Counts{Units: 12, Pairable: 11, Complete: 8, Labels: 41}) {
		t.Errorf("Counts() = %+v", n)
	}
}

// Wikipedia, "Krippendorff's alpha", "A computational example": 3 coders ×
// 15 units with missing values. Published: nominal α = 0.691; the
// krippendorff Python package's tests pin it to 0.691358.
func TestAlphaWikipedia(t *testing.T) {
	d := readData(t, "wikipedia_alpha.csv")
	a := d.Alpha(Nominal)
	checkStat(t, "Alpha(Nominal)", a.Stat, 0.691358, 0.0000005)
	// Units 1, 2 and 14 have fewer than two values; the other 12 are
	// pairable and carry n = 26 values.
	if a.N != 26 {
		t.Errorf("Alpha rests on %d pairable values; want 26", a.N)
	}
}

// Wikipedia, "Cohen's kappa", simple example: 50 proposals, readers A and B
// say Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15; p_o = 0.7, p_e = 0.5,
// κ = 0.4.
func TestCohenKappa2x2(t *testing.T) {
	cats := []string{"yes", "no"}
	table := [][]int{{20, 5}, {10, 15}}
	k := Confusion{Coders: [2]string{"A", "B"}, Categories: cats, Counts: table}.Kappa()
	checkStat(t, "Confusion.Kappa", k, 0.40, 1e-12)
	d := fromTable(t, cats, table)
	checkStat(t, "CohenKappa(0, 1)", d.CohenKappa(0, 1), 0.40, 1e-12)
	checkStat(t, "PercentAgreement", d.PercentAgreement(), 0.70, 1e-12)
	if got := d.Confusion(0, 1).Counts; !slices.EqualFunc(got, table, slices.Equal) {
		t.Errorf("Confusion(0, 1).Counts = %v; want %v", got, table)
	}
}
