package agreement

import "slices"

// Disagreement is a unit whose coders gave different labels.
type Disagreement struct {
	Unit   Unit     `json:"unit"`
	Labels []string `json:"labels"` // Labels[c]: coder c's label, "" when the coder gave none
}

// Disagreements returns, in unit order, the units with two or more
// different labels. A missing label disagrees with nothing: a unit one
// coder labelled "obstacle" and another left unlabelled is not listed.
func (d *Data) Disagreements() []Disagreement {
	var out []Disagreement
	for u, row := range d.cells {
		if distinct(row) < 2 {
			continue
		}
		ls := make([]string, len(row))
		for c := range row {
			ls[c] = d.Label(u, c)
		}
		out = append(out, Disagreement{Unit: d.units[u], Labels: ls})
	}
	return out
}

// distinct returns how many different categories occur in row.
func distinct(row []int) int {
	var seen []int
	for _, k := range row {
		if k != missing && !slices.Contains(seen, k) {
			seen = append(seen, k)
		}
	}
	return len(seen)
}
