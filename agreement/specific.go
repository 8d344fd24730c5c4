package agreement

// Specific is the specific agreement on one category.
type Specific struct {
	Category string `json:"category"`
	Stat
}

// SpecificAgreement returns, for each category in order, its specific
// agreement: given that one coder chose category k, how often another coder
// of the same unit chose it too. From the coincidence matrix of Alpha it is
// 2·o_kk / (row_k + col_k) = o_kk / n_k, as Uebersax defines it; with two
// coders it is 2a / (2a + b + c), where a counts units both labelled k and
// b, c the units only one of them did, the positive specific agreement. N is
// n_k, the pairable values k.
//
// It shows where agreement comes from: a high percent agreement may rest
// on a frequent category alone while a rare one is seldom agreed on. It is
// undefined for a category no coder used in a unit with two or more labels.
func (d *Data) SpecificAgreement() []Specific {
	c := newCoincidence(len(d.categories))
	for _, counts := range d.pairable() {
		c.add(counts)
	}
	out := make([]Specific, len(d.categories))
	for k, name := range d.categories {
		out[k].Category = name
		if c.nc[k] == 0 {
			out[k].Stat = undefinedStat(0, "no coder chose %q in a unit with two or more labels", name)
			continue
		}
		// o is symmetric, so row_k = col_k = n_k and 2·o_kk/(row_k+col_k)
		// is o_kk/n_k.
		out[k].Stat = definedStat(c.o[k][k]/float64(c.nc[k]), c.nc[k])
	}
	return out
}
