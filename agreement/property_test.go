package agreement

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// randomRows returns units × coders labels drawn from categories, each
// cell missing with probability pMissing.
func randomRows(rng *rand.Rand, categories []string, units, coders int, pMissing float64) [][]string {
	rows := make([][]string, units)
	for u := range rows {
		rows[u] = make([]string, coders)
		for c := range rows[u] {
			if rng.Float64() >= pMissing {
				rows[u][c] = categories[rng.IntN(len(categories))]
			}
		}
	}
	return rows
}

// mustNew is New for tests.
func mustNew(t *testing.T, categories, coders []string, rows [][]string) *Data {
	t.Helper()
	d, err := New(categories, coders, rows)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// summary is every statistic that does not name coders or categories.
type summary struct {
	percent, alphaNom, alphaOrd Stat
	fleiss                      Fleiss
	counts                      Counts
}

func summarise(d *Data) summary {
	return summary{
		percent:  d.PercentAgreement(),
		alphaNom: d.Alpha(Nominal).Stat,
		alphaOrd: d.Alpha(Ordinal).Stat,
		fleiss:   d.FleissKappa(),
		counts:   d.Counts(),
	}
}

// sameStat compares two statistics up to float rounding; the reasons may
// differ in the names they quote.
func sameStat(a, b Stat) bool {
	return a.Defined == b.Defined && a.N == b.N && near(a.Value, b.Value, 1e-12)
}

func sameSummary(a, b summary) bool {
	return sameStat(a.percent, b.percent) && sameStat(a.alphaNom, b.alphaNom) &&
		sameStat(a.alphaOrd, b.alphaOrd) && sameStat(a.fleiss.Stat, b.fleiss.Stat) &&
		a.fleiss.Incomplete == b.fleiss.Incomplete && a.counts == b.counts
}

var threeCats = []string{"negative", "neutral", "positive"}

// Coders who agree on everything agree perfectly on every statistic, as
// long as more than one category occurs.
func TestIdenticalCoders(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		one := randomRows(rng, threeCats, 2+rng.IntN(30), 1, 0)
		if distinctLabels(one) < 2 {
			continue
		}
		coders := []string{"a", "b", "c"}
		rows := make([][]string, len(one))
		for u := range one {
			rows[u] = []string{one[u][0], one[u][0], one[u][0]}
		}
		d := mustNew(t, threeCats, coders, rows)
		for what, s := range map[string]Stat{
			"PercentAgreement": d.PercentAgreement(),
			"Alpha(Nominal)":   d.Alpha(Nominal).Stat,
			"Alpha(Ordinal)":   d.Alpha(Ordinal).Stat,
			"FleissKappa":      d.FleissKappa().Stat,
			"CohenKappa(0, 2)": d.CohenKappa(0, 2),
		} {
			checkStat(t, what, s, 1, 1e-12)
		}
		for _, sp := range d.SpecificAgreement() {
			if sp.Defined && sp.Value != 1 {
				t.Errorf("trial %d: specific agreement on %q = %v; want 1", trial, sp.Category, sp.Stat)
			}
		}
		if dis := d.Disagreements(); len(dis) != 0 {
			t.Errorf("trial %d: %d disagreements; want none", trial, len(dis))
		}
	}
}

// distinctLabels counts the different non-empty labels in rows.
func distinctLabels(rows [][]string) int {
	var seen []string
	for _, row := range rows {
		for _, l := range row {
			if l != "" && !slices.Contains(seen, l) {
				seen = append(seen, l)
			}
		}
	}
	return len(seen)
}

// Reordering the coders changes no statistic, and Cohen's kappa does not
// depend on which coder is A.
func TestSwapCoders(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	coders := []string{"a", "b", "c", "d"}
	for trial := range 50 {
		rows := randomRows(rng, threeCats, 1+rng.IntN(40), len(coders), 0.3)
		d := mustNew(t, threeCats, coders, rows)
		perm := rng.Perm(len(coders))
		swapped := make([][]string, len(rows))
		for u, row := range rows {
			swapped[u] = make([]string, len(row))
			for c, p := range perm {
				swapped[u][c] = row[p]
			}
		}
		permCoders := make([]string, len(coders))
		for c, p := range perm {
			permCoders[c] = coders[p]
		}
		e := mustNew(t, threeCats, permCoders, swapped)
		if a, b := summarise(d), summarise(e); !sameSummary(a, b) {
			t.Errorf("trial %d: coders %v → %v changed\n%+v\nto\n%+v", trial, coders, permCoders, a, b)
		}
		if !slices.EqualFunc(d.SpecificAgreement(), e.SpecificAgreement(), func(x, y Specific) bool {
			return x.Category == y.Category && sameStat(x.Stat, y.Stat)
		}) {
			t.Errorf("trial %d: specific agreement changed when coders were reordered", trial)
		}
		for a := range coders {
			for b := range coders {
				if a == b {
					continue
				}
				// Coder perm[c] of d is coder c of e.
				ea, eb := slices.Index(perm, a), slices.Index(perm, b)
				k, l := d.CohenKappa(a, b), e.CohenKappa(eb, ea)
				if k.Defined != l.Defined || k.N != l.N || k.Value != l.Value {
					t.Errorf("trial %d: CohenKappa(%s, %s) = %v but reversed and reordered %v", trial, coders[a], coders[b], k, l)
				}
			}
		}
		if len(d.Disagreements()) != len(e.Disagreements()) {
			t.Errorf("trial %d: %d disagreements, %d after reordering coders", trial, len(d.Disagreements()), len(e.Disagreements()))
		}
	}
}

// Renaming categories by a permutation changes no nominal statistic; the
// specific agreements move with their categories. Reversing the order of
// the scale changes no ordinal statistic either, since δ² only depends on
// what lies between two categories.
func TestPermuteCategories(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	cats := []string{"a", "b", "c", "d"}
	coders := []string{"x", "y", "z"}
	for trial := range 50 {
		rows := randomRows(rng, cats, 1+rng.IntN(40), len(coders), 0.2)
		d := mustNew(t, cats, coders, rows)
		perm := rng.Perm(len(cats))
		renamed := relabel(rows, func(l string) string { return cats[perm[slices.Index(cats, l)]] })
		e := mustNew(t, cats, coders, renamed)
		a, b := summarise(d), summarise(e)
		if !sameStat(a.alphaNom, b.alphaNom) || !sameStat(a.percent, b.percent) || !sameStat(a.fleiss.Stat, b.fleiss.Stat) {
			t.Errorf("trial %d: renaming categories by %v changed\n%+v\nto\n%+v", trial, perm, a, b)
		}
		if k, l := d.CohenKappa(0, 1), e.CohenKappa(0, 1); !sameStat(k, l) {
			t.Errorf("trial %d: CohenKappa changed from %v to %v", trial, k, l)
		}
		ds, es := d.SpecificAgreement(), e.SpecificAgreement()
		for k, p := range perm {
			if !sameStat(ds[k].Stat, es[p].Stat) {
				t.Errorf("trial %d: specific agreement on %q = %v but on its new name %q = %v", trial, cats[k], ds[k].Stat, cats[p], es[p].Stat)
			}
		}

		reversed := slices.Clone(cats)
		slices.Reverse(reversed)
		r := mustNew(t, reversed, coders, rows)
		if x, y := d.Alpha(Ordinal).Stat, r.Alpha(Ordinal).Stat; !sameStat(x, y) {
			t.Errorf("trial %d: ordinal alpha %v, on the reversed scale %v", trial, x, y)
		}
	}
}

// relabel returns rows with every label l replaced by f(l).
func relabel(rows [][]string, f func(string) string) [][]string {
	out := make([][]string, len(rows))
	for u, row := range rows {
		out[u] = make([]string, len(row))
		for c, l := range row {
			if l != "" {
				out[u][c] = f(l)
			}
		}
	}
	return out
}

// Ordinal alpha punishes a disagreement across the scale more than one
// between neighbours; nominal alpha does not tell them apart.
func TestOrdinalDistance(t *testing.T) {
	base := [][]string{
		{"negative", "negative"}, {"neutral", "neutral"}, {"positive", "positive"},
		{"negative", "negative"}, {"neutral", "neutral"}, {"positive", "positive"},
	}
	adjacent := append(slices.Clone(base), []string{"negative", "neutral"})
	opposite := append(slices.Clone(base), []string{"negative", "positive"})
	dn := mustNew(t, threeCats, []string{"a", "b"}, adjacent)
	df := mustNew(t, threeCats, []string{"a", "b"}, opposite)
	if n, f := dn.Alpha(Ordinal).Value, df.Alpha(Ordinal).Value; !(n > f) {
		t.Errorf("ordinal alpha with a neighbouring disagreement %.3f, with negative/positive %.3f; want the first larger", n, f)
	}
	if n, f := dn.Alpha(Nominal), df.Alpha(Nominal); !sameStat(n.Stat, f.Stat) {
		t.Errorf("nominal alpha %v and %v; want equal", n.Stat, f.Stat)
	}
}
