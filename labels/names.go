package labels

// The labels code asks for by their role rather than spelling them: the
// two polar labels (see Polar) and the neutral one. Outside this package
// no code writes "positive" or "obstacle" itself, so the label sets live
// in one place.

// Negative returns the polar label at the unfavourable end: obstacle for
// stance, negative for sentiment.
func (t Target) Negative() string { return t.Polar()[0] }

// Positive returns the polar label at the favourable end: opening for
// stance, positive for sentiment.
func (t Target) Positive() string { return t.Polar()[1] }

// Neutral returns the label that takes no position: what a sentence with no
// evidence either way is given.
func (t Target) Neutral() string { return "neutral" }

// Index returns the position of label l in ls, or -1: slices.Index with
// the cheap tests first, for the loops that look a label up for every
// sentence of every fold or bootstrap draw (the codebook's labels of one
// target differ in length or first letter).
func Index(ls []string, l string) int {
	for i, x := range ls {
		if len(x) == len(l) && (x == "" || x[0] == l[0]) && x == l {
			return i
		}
	}
	return -1
}
