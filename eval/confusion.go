package eval

import (
	"fmt"
	"slices"

	"github.com/stance-nlp/stance/labels"
)

// Confusion counts predictions against gold labels over a fixed label order.
// Rows and columns follow Labels, never map order, so every table printed
// from a Confusion lists classes in the same (codebook) order, and a class
// that is only ever predicted, or never predicted, still has its row and
// column.
type Confusion struct {
	Labels []string `json:"labels"` // label order, e.g. codebook order {"obstacle","opening","neutral"}
	Counts [][]int  `json:"counts"` // Counts[i][j]: gold Labels[i], predicted Labels[j]
}

// NewConfusion returns an empty table over labels, in that order. It keeps
// its own copy of labels. It panics if a label is repeated, since counts for
// it would be split between two rows.
func NewConfusion(labels []string) *Confusion {
	c := &Confusion{Labels: slices.Clone(labels), Counts: make([][]int, len(labels))}
	for i, l := range labels {
		if slices.Index(labels, l) != i {
			panic(fmt.Sprintf("eval: NewConfusion: label %q repeated", l))
		}
		c.Counts[i] = make([]int, len(labels))
	}
	return c
}

// index returns the position of label in c.Labels. A label outside the set
// is a programmer error (labels are validated when a corpus is read), so it
// panics rather than silently dropping the pair.
func (c *Confusion) index(label string) int {
	if i := labels.Index(c.Labels, label); i >= 0 {
		return i
	}
	panic(fmt.Sprintf("eval: label %q not in %q", label, c.Labels))
}

// Add counts one sentence with gold label gold predicted as pred. It panics
// if either label is not in c.Labels.
func (c *Confusion) Add(gold, pred string) {
	c.Counts[c.index(gold)][c.index(pred)]++
}

// Total returns the number of sentences counted.
func (c *Confusion) Total() int {
	n := 0
	for i := range c.Counts {
		n += c.RowTotal(i)
	}
	return n
}

// RowTotal returns how many sentences have gold label Labels[i] (the
// support of that class).
func (c *Confusion) RowTotal(i int) int {
	n := 0
	for _, v := range c.Counts[i] {
		n += v
	}
	return n
}

// ColTotal returns how many sentences were predicted as Labels[j].
func (c *Confusion) ColTotal(j int) int {
	n := 0
	for _, row := range c.Counts {
		n += row[j]
	}
	return n
}

// Merge adds o's counts to c, as when the tables of leave-one-article-out
// folds are pooled into one. It panics if o's labels are not c's labels in
// the same order, since adding cells of different classes would be silently
// wrong.
func (c *Confusion) Merge(o *Confusion) {
	if !slices.Equal(c.Labels, o.Labels) {
		panic(fmt.Sprintf("eval: Merge: label order %q differs from %q", o.Labels, c.Labels))
	}
	for i, row := range o.Counts {
		for j, v := range row {
			c.Counts[i][j] += v
		}
	}
}

// RowNormalised returns each row divided by its total, so cell [i][j] is the
// share of gold Labels[i] predicted as Labels[j] and the diagonal holds
// per-class recall. A row with no sentences is all zeros rather than NaN.
func (c *Confusion) RowNormalised() [][]float64 {
	out := make([][]float64, len(c.Counts))
	for i, row := range c.Counts {
		out[i] = make([]float64, len(row))
		n := c.RowTotal(i)
		if n == 0 {
			continue
		}
		for j, v := range row {
			out[i][j] = float64(v) / float64(n)
		}
	}
	return out
}
