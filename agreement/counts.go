package agreement

// Counts says how much reliability data there is.
type Counts struct {
	Units    int `json:"units"`    // units (sentences) in the data
	Pairable int `json:"pairable"` // units with labels from two or more coders: the only ones agreement is measured on
	Complete int `json:"complete"` // units labelled by every coder: the ones Fleiss' kappa uses
	Labels   int `json:"labels"`   // labels given, over all units and coders
}

// Counts returns the size of d.
func (d *Data) Counts() Counts {
	n := Counts{Units: len(d.units)}
	for u := range d.units {
		_, m := d.unitCounts(u)
		n.Labels += m
		if m >= 2 {
			n.Pairable++
		}
		if m == len(d.coders) {
			n.Complete++
		}
	}
	return n
}

// PercentAgreement returns the pairwise observed agreement: for each unit
// with labels from two or more coders, the share of its pairs of coders
// that gave the same label, averaged over those units (each unit weighs the
// same, however many coders labelled it). The Value is a proportion in
// [0, 1]; 0.8 means 80%. With two coders it is the share of units they both
// labelled on which they agree; on units labelled by every coder it is
// Fleiss' P̄. N counts the units averaged over. It is undefined when no unit
// has labels from two coders.
//
// Percent agreement does not correct for chance: two coders who each label
// 90% of sentences "neutral" agree on at least 80% of them whatever they do
// with the rest, which is why the kappas and alpha exist.
func (d *Data) PercentAgreement() Stat {
	units := d.pairable()
	if len(units) == 0 {
		return undefinedStat(0, "no unit has labels from two or more coders")
	}
	var sum float64
	for _, counts := range units {
		sum += unitAgreement(counts)
	}
	return definedStat(sum/float64(len(units)), len(units))
}

// unitAgreement returns the share of agreeing pairs among the m(m−1)
// ordered pairs of a unit's m labels: Σ n_k(n_k−1) / (m(m−1)). counts must
// hold two or more labels.
func unitAgreement(counts []int) float64 {
	agree, m := 0, 0
	for _, n := range counts {
		agree += n * (n - 1)
		m += n
	}
	return float64(agree) / float64(m*(m-1))
}
