package agreement

// Kappa returns Cohen's kappa of the table t: κ = (p_o − p_e) / (1 − p_e),
// where p_o = Σ_i t[i][i] / n is the observed agreement and
// p_e = Σ_i row_i·col_i / n² the agreement expected if the two coders
// labelled independently, each with their own category proportions (Cohen
// 1960). N is n, the units in t.
//
// Kappa is undefined when t is empty, and when p_e = 1, which happens
// exactly when both coders gave every unit the same single category: there
// is then nothing to agree on beyond chance. p_e = 1 is tested on the
// integer counts (Σ row_i·col_i = n²), not on a rounded float.
func (t Confusion) Kappa() Stat {
	n := t.Total()
	if n == 0 {
		return undefinedStat(0, "coders %q and %q labelled no unit in common", t.Coders[0], t.Coders[1])
	}
	rows, cols := t.marginals()
	trace, chance := 0, 0
	for i := range t.Counts {
		trace += t.Counts[i][i]
		chance += rows[i] * cols[i]
	}
	if chance == n*n {
		return undefinedStat(n, "coders %q and %q gave every unit %q, so chance agreement is 1",
			t.Coders[0], t.Coders[1], t.Categories[onlyCategory(rows)])
	}
	po := float64(trace) / float64(n)
	pe := float64(chance) / float64(n*n)
	return definedStat((po-pe)/(1-pe), n)
}

// onlyCategory returns the index of the first non-zero count.
func onlyCategory(counts []int) int {
	for k, n := range counts {
		if n > 0 {
			return k
		}
	}
	return 0
}

// CohenKappa returns Cohen's kappa between coders a and b over the units
// both labelled (see Confusion.Kappa); N counts those units. Kappa is
// symmetric: CohenKappa(a, b) equals CohenKappa(b, a). It panics if a or b
// is not a coder index.
func (d *Data) CohenKappa(a, b int) Stat {
	return d.Confusion(a, b).Kappa()
}

// KappaMatrix returns Cohen's kappa of every pair of coders: m[a][b] is
// CohenKappa(a, b), so m is symmetric. The diagonal is undefined, with a
// reason, rather than 1, so that averaging the matrix cannot count a coder's
// agreement with itself.
func (d *Data) KappaMatrix() [][]Stat {
	m := make([][]Stat, len(d.coders))
	for a := range m {
		m[a] = make([]Stat, len(d.coders))
		m[a][a] = undefinedStat(0, "a coder with itself")
	}
	for a := range m {
		for b := range m {
			if a != b {
				m[a][b] = d.CohenKappa(a, b)
			}
		}
	}
	return m
}
