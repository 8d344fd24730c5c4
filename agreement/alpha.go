package agreement

import "fmt"

// Metric is the level of measurement Krippendorff's alpha assumes: it sets
// how far apart two different categories are.
type Metric int

const (
	// Nominal treats categories as unordered: any two different labels
	// disagree equally. Use it for stance.
	Nominal Metric = iota
	// Ordinal treats categories as ranks in the order of Data.Categories:
	// negative–positive disagree more than negative–neutral, by how many
	// labels lie between them. Use it for sentiment, never for stance,
	// whose codebook order (obstacle, opening, neutral) is not a scale.
	Ordinal
)

// String returns "nominal" or "ordinal".
func (m Metric) String() string {
	switch m {
	case Nominal:
		return "nominal"
	case Ordinal:
		return "ordinal"
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// MarshalText writes m as its name, so JSON reports read "ordinal".
func (m Metric) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// Alpha is Krippendorff's alpha with the numbers it rests on. Its N is n,
// the pairable values: labels in units with labels from two or more
// coders.
type Alpha struct {
	Stat
	Metric   Metric  `json:"metric"`
	Observed float64 `json:"observed"` // D_o, the observed disagreement
	Expected float64 `json:"expected"` // D_e, the disagreement expected by chance
}

// Alpha returns Krippendorff's alpha under metric m, computed as in
// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
// α = 1 − D_o/D_e = 1 − (n − 1)·Σ_ck o_ck·δ²_ck / Σ_ck n_c·n_k·δ²_ck.
// o is the coincidence matrix: o_ck counts the ordered pairs of labels
// (c, k) given by different coders to one unit, a unit with m_u labels
// weighing 1/(m_u − 1) so that each label counts once; n_c is its row sum
// (how many labels c the units with two or more labels carry), n the total,
// and δ² the metric's squared distance between two categories.
// Missing labels are simply absent: a unit labelled by three of four coders
// contributes its three labels, and a unit with a single label contributes
// nothing, since it has no pair.
//
// Alpha is undefined when no unit has labels from two coders (n = 0), and
// when only one category occurs among the pairable values: D_e is then 0,
// there is no variation for agreement to explain.
// It panics if m is not Nominal or Ordinal.
func (d *Data) Alpha(m Metric) Alpha {
	c := newCoincidence(len(d.categories))
	for _, counts := range d.pairable() {
		c.add(counts)
	}
	return c.alpha(m, d.categories)
}

// coincidence is Krippendorff's coincidence matrix: o[c][k] counts the
// ordered pairs of labels (c, k) from different coders within a unit, each
// unit's pairs weighted by 1/(m_u − 1) where m_u is its number of labels, so
// that every pairable value counts once. Row c sums to n_c, the number of
// pairable values c, which is kept as an integer.
type coincidence struct {
	o  [][]float64
	nc []int
	n  int
}

// newCoincidence returns an empty matrix over k categories.
func newCoincidence(k int) *coincidence {
	c := &coincidence{o: make([][]float64, k), nc: make([]int, k)}
	for i := range c.o {
		c.o[i] = make([]float64, k)
	}
	return c
}

// reset empties c for reuse.
func (c *coincidence) reset() {
	for _, row := range c.o {
		clear(row)
	}
	clear(c.nc)
	c.n = 0
}

// add counts one unit with counts[k] labels of category k. A unit with
// fewer than two labels has no pairs and is skipped.
func (c *coincidence) add(counts []int) {
	m := 0
	for _, n := range counts {
		m += n
	}
	if m < 2 {
		return
	}
	w := 1 / float64(m-1)
	for i, ni := range counts {
		if ni == 0 {
			continue
		}
		for k, nk := range counts {
			pairs := ni * nk
			if i == k {
				pairs = ni * (ni - 1) // a label is not paired with itself
			}
			c.o[i][k] += float64(pairs) * w
		}
		c.nc[i] += ni
	}
	c.n += m
}

// alpha returns Krippendorff's alpha of c under metric m; categories name
// the rows, for reasons.
func (c *coincidence) alpha(m Metric, categories []string) Alpha {
	if m != Nominal && m != Ordinal {
		panic(fmt.Sprintf("agreement: unknown metric %v", m))
	}
	a := Alpha{Metric: m}
	if c.n == 0 {
		a.Stat = undefinedStat(0, "no unit has labels from two or more coders")
		return a
	}
	if k, ok := single(c.nc); ok {
		a.Stat = undefinedStat(c.n, "only %q occurs among the labels of units with two or more labels, so there is no variation (expected disagreement 0)", categories[k])
		return a
	}
	var observed, expected float64
	for i := range c.o {
		for k := range c.o {
			if i == k {
				continue // δ² is 0 on the diagonal
			}
			d2 := delta2(m, c.nc, i, k)
			observed += c.o[i][k] * d2
			expected += float64(c.nc[i]) * float64(c.nc[k]) * d2
		}
	}
	n := float64(c.n)
	a.Observed = observed / n
	a.Expected = expected / (n * (n - 1))
	a.Stat = definedStat(1-(n-1)*observed/expected, c.n)
	return a
}

// single reports whether only one of counts is non-zero, and which.
func single(counts []int) (int, bool) {
	only, seen := 0, 0
	for k, n := range counts {
		if n > 0 {
			only, seen = k, seen+1
		}
	}
	return only, seen == 1
}

// delta2 returns the squared distance δ²_ik between categories i and k
// under metric m, given the coincidence marginals nc.
//
// Nominal: 1 when i ≠ k.
//
// Ordinal (Krippendorff 2011): (Σ_{g=i}^{k} n_g − (n_i + n_k)/2)², for
// i ≤ k. Ranks are spaced by how many values lie between them, so two
// categories far apart on the scale, or with many values between them,
// disagree more. With marginals n = (9, 13, 10) on (negative, neutral,
// positive): δ²(negative, neutral) = (9+13 − 11)² = 121, δ²(negative,
// positive) = (9+13+10 − 9.5)² = 506.25.
func delta2(m Metric, nc []int, i, k int) float64 {
	if i == k {
		return 0
	}
	switch m {
	case Nominal:
		return 1
	case Ordinal:
		lo, hi := min(i, k), max(i, k)
		sum := 0
		for g := lo; g <= hi; g++ {
			sum += nc[g]
		}
		// Twice the distance, kept in integers: 2Σ − n_lo − n_hi.
		twice := float64(2*sum - nc[lo] - nc[hi])
		return twice * twice / 4
	default:
		panic(fmt.Sprintf("agreement: unknown metric %v", m))
	}
}
