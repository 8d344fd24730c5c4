package agreement

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"testing"
)

// readData loads testdata/name: a CSV with '#' comments, a header naming
// the unit column and then the coders, and one row per unit, an empty cell
// being a missing label. The categories are the labels that occur, sorted
// (the test files use "1".."5" and "1. Depression".."5. Other", so sorting
// gives the published order).
func readData(t *testing.T, name string) *Data {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	coders := recs[0][1:]
	var rows [][]string
	var cats []string
	for _, rec := range recs[1:] {
		rows = append(rows, rec[1:])
		for _, l := range rec[1:] {
			if l != "" && !slices.Contains(cats, l) {
				cats = append(cats, l)
			}
		}
	}
	slices.Sort(cats)
	d, err := New(cats, coders, rows)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

// fromCounts builds data from Fleiss-form counts: counts[i][j] coders put
// unit i in category j. Coders are filled in order, so each unit needs as
// many coders as its largest row total; a unit with fewer labels has the
// rest missing.
func fromCounts(t *testing.T, categories []string, counts [][]int) *Data {
	t.Helper()
	m := 0
	for _, row := range counts {
		s := 0
		for _, n := range row {
			s += n
		}
		m = max(m, s)
	}
	coders := make([]string, m)
	for c := range coders {
		coders[c] = string(rune('A'+c%26)) + string(rune('0'+c/26))
	}
	rows := make([][]string, len(counts))
	for i, row := range counts {
		rows[i] = make([]string, m)
		c := 0
		for j, n := range row {
			for range n {
				rows[i][c] = categories[j]
				c++
			}
		}
	}
	d, err := New(categories, coders, rows)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fromTable builds two-coder data from a confusion table: table[i][j]
// units coder A labelled categories[i] and coder B categories[j].
func fromTable(t *testing.T, categories []string, table [][]int) *Data {
	t.Helper()
	var rows [][]string
	for i, row := range table {
		for j, n := range row {
			for range n {
				rows = append(rows, []string{categories[i], categories[j]})
			}
		}
	}
	d, err := New(categories, []string{"A", "B"}, rows)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// checkStat fails unless s is defined and within tol of want.
func checkStat(t *testing.T, what string, s Stat, want, tol float64) {
	t.Helper()
	if !s.Defined {
		t.Errorf("%s is undefined (%s); want %.6f", what, s.Reason, want)
		return
	}
	if !near(s.Value, want, tol) {
		t.Errorf("%s = %.6f; want %.6f ± %g", what, s.Value, want, tol)
	}
}
