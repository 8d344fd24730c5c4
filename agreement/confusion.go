package agreement

import "slices"

// Confusion counts, over the units two coders both labelled, how often
// coder A gave each category while coder B gave each category. Rows and
// columns follow Categories, never map order, so a category neither coder
// used still has its row and column.
type Confusion struct {
	Coders     [2]string `json:"coders"`     // coder A (rows), coder B (columns)
	Categories []string  `json:"categories"` // row and column order
	Counts     [][]int   `json:"counts"`     // Counts[i][j]: units A labelled Categories[i] and B Categories[j]
}

// Confusion returns the table of coder a (rows) against coder b (columns)
// over the units both labelled. A unit either left unlabelled is not
// counted. It panics if a or b is not a coder index.
func (d *Data) Confusion(a, b int) Confusion {
	t := Confusion{
		Coders:     [2]string{d.coders[a], d.coders[b]},
		Categories: slices.Clone(d.categories),
		Counts:     make([][]int, len(d.categories)),
	}
	for i := range t.Counts {
		t.Counts[i] = make([]int, len(d.categories))
	}
	for _, row := range d.cells {
		if i, j := row[a], row[b]; i != missing && j != missing {
			t.Counts[i][j]++
		}
	}
	return t
}

// Confusions returns the table of every pair of coders a < b, in coder
// order: (0,1), (0,2), …, (1,2), ….
func (d *Data) Confusions() []Confusion {
	var ts []Confusion
	for a := range d.coders {
		for b := a + 1; b < len(d.coders); b++ {
			ts = append(ts, d.Confusion(a, b))
		}
	}
	return ts
}

// Total returns the number of units counted in t.
func (t Confusion) Total() int {
	n := 0
	for _, row := range t.Counts {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// marginals returns the row and column totals of t.
func (t Confusion) marginals() (rows, cols []int) {
	rows, cols = make([]int, len(t.Counts)), make([]int, len(t.Counts))
	for i, row := range t.Counts {
		for j, v := range row {
			rows[i] += v
			cols[j] += v
		}
	}
	return rows, cols
}
