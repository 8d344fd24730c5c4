package eval

import "io"

// A report is laid out once as a list of blocks, and each text format
// renders the blocks its own way, so text and Markdown always show the same
// numbers in the same order.

type block interface{ isBlock() }

// heading is a section title; level 1 is a target, 2 a section, 3 a table.
type heading struct {
	level int
	text  string
}

// para is a paragraph of prose.
type para struct{ text string }

// table is a table of cells. heat, when set, holds a value in [0, 1] per
// body cell for the HTML heat map (row-normalised confusion shares).
type table struct {
	header []string
	rows   [][]string
	footer []string
	right  []bool // per column: align right (numbers)
	heat   [][]float64
}

// errorItem is one misclassified sentence in the error list.
type errorItem struct {
	p Outcome
}

// list is the list of misclassified sentences.
type list struct{ items []errorItem }

func (heading) isBlock() {}
func (para) isBlock()    {}
func (*table) isBlock()  {}
func (list) isBlock()    {}

// reliability is a reliability diagram: drawn as SVG in HTML, left out of
// text and Markdown (the table after it gives the same numbers).
type reliability struct{ c CalibrationReport }

func (reliability) isBlock() {}

// grid lays its cells side by side in HTML, wrapping at the page's width
// (the per-fold confusion tables); text and Markdown show the cells' blocks
// one after another, as if there were no grid.
type grid struct{ cells [][]block }

func (grid) isBlock() {}

// figure is a chart, drawn as SVG in HTML and left out of text and
// Markdown, where the table next to it gives the same numbers.
type figure struct {
	draw    func(w io.Writer) error
	caption string
}

func (figure) isBlock() {}

// flatten returns blocks with every grid replaced by its cells' blocks, in
// order: what the text formats show.
func flatten(blocks []block) []block {
	var out []block
	for _, b := range blocks {
		if g, ok := b.(grid); ok {
			for _, c := range g.cells {
				out = append(out, flatten(c)...)
			}
			continue
		}
		out = append(out, b)
	}
	return out
}
