package agreement

// Fleiss is Fleiss' kappa with the numbers it rests on. Its N counts the
// units it uses: those labelled by every coder.
type Fleiss struct {
	Stat
	Incomplete int     `json:"incomplete"` // units some coder did not label, left out
	Observed   float64 `json:"observed"`   // P̄: mean share of agreeing pairs of coders over the units used
	Expected   float64 `json:"expected"`   // P̄e: Σ_j p_j², chance agreement from the pooled category shares p_j
}

// FleissKappa returns Fleiss' kappa (Fleiss 1971) over the units labelled
// by every coder: κ = (P̄ − P̄e) / (1 − P̄e). For unit i with m labels of
// which n_ij are category j, P_i = Σ_j n_ij(n_ij − 1) / (m(m − 1)) is the
// share of agreeing pairs and P̄ their mean; p_j is category j's share of all
// labels used and P̄e = Σ_j p_j². With two coders it is Scott's pi.
//
// Fleiss' kappa needs the same number of labels on every unit, so units
// some coder left unlabelled are left out and counted in Incomplete;
// Krippendorff's alpha (Alpha) uses them instead. Fleiss' kappa is undefined
// with fewer than two coders, when no unit is labelled by all coders, and
// when only one category occurs in the units used (P̄e = 1, tested on the
// integer counts).
func (d *Data) FleissKappa() Fleiss {
	m := len(d.coders)
	var f Fleiss
	if m < 2 {
		f.Stat = undefinedStat(0, "Fleiss' kappa needs two or more coders; the data has %d", m)
		return f
	}
	totals := make([]int, len(d.categories))
	var sumP float64
	for u := range d.units {
		counts, labelled := d.unitCounts(u)
		if labelled < m {
			f.Incomplete++
			continue
		}
		f.N++
		sumP += unitAgreement(counts)
		for j, n := range counts {
			totals[j] += n
		}
	}
	if f.N == 0 {
		f.Stat = undefinedStat(0, "no unit is labelled by all %d coders (%d incomplete units left out)", m, f.Incomplete)
		return f
	}
	all, sumSq := f.N*m, 0
	for _, n := range totals {
		sumSq += n * n
	}
	f.Observed = sumP / float64(f.N)
	f.Expected = float64(sumSq) / float64(all*all)
	if sumSq == all*all {
		f.Stat = undefinedStat(f.N, "only %q occurs in the units all coders labelled, so chance agreement is 1",
			d.categories[onlyCategory(totals)])
		return f
	}
	f.Stat = definedStat((f.Observed-f.Expected)/(1-f.Expected), f.N)
	return f
}
