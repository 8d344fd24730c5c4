package agreement

import (
	"fmt"
	"slices"

	"github.com/stance-nlp/stance/labels"
)

// Unit is one item of reliability data: a sentence, named by its article and
// index, with its text when the data came from records.
type Unit struct {
	Article string `json:"article"`
	Index   int    `json:"index"`
	Text    string `json:"text,omitempty"`
}

// String names u as "article #index".
func (u Unit) String() string { return fmt.Sprintf("%s #%d", u.Article, u.Index) }

// missing marks a cell whose coder gave no label.
const missing = -1

// Data is reliability data: units × coders, each cell one of the categories
// or missing. Categories keep the order they were given in (for labels,
// codebook order), which the ordinal metric reads as the order of the scale
// and every table follows. Data is not changed after it is built, so its
// methods may be called from several goroutines.
type Data struct {
	categories []string
	coders     []string
	units      []Unit
	cells      [][]int // cells[u][c]: index into categories of coder c's label for unit u, or missing
}

// New returns reliability data over categories for coders from rows, one
// row per unit: rows[u][c] is coder c's label for unit u, "" when the coder
// gave none. Unit u is named {Article: "", Index: u}. New keeps its own
// copies of its arguments. It returns an error if a category or coder name
// is empty or repeated, if a row's length is not len(coders), or if a label
// is not one of categories (wrapping labels.ErrUnknownLabel).
func New(categories, coders []string, rows [][]string) (*Data, error) {
	if err := checkNames("category", categories); err != nil {
		return nil, err
	}
	if err := checkNames("coder", coders); err != nil {
		return nil, err
	}
	d := &Data{
		categories: slices.Clone(categories),
		coders:     slices.Clone(coders),
		units:      make([]Unit, len(rows)),
		cells:      make([][]int, len(rows)),
	}
	for u, row := range rows {
		if len(row) != len(coders) {
			return nil, fmt.Errorf("unit %d: %d labels for %d coders", u, len(row), len(coders))
		}
		d.units[u] = Unit{Index: u}
		d.cells[u] = make([]int, len(row))
		for c, l := range row {
			k, err := d.category(l)
			if err != nil {
				return nil, fmt.Errorf("unit %d, coder %q: %w", u, coders[c], err)
			}
			d.cells[u][c] = k
		}
	}
	return d, nil
}

// checkNames returns an error if names is empty or has an empty or
// repeated name; kind ("coder", "category") is for the message.
func checkNames(kind string, names []string) error {
	if len(names) == 0 {
		return fmt.Errorf("no %s given", kind)
	}
	for i, n := range names {
		if n == "" {
			return fmt.Errorf("%s %d has an empty name", kind, i+1)
		}
		if j := slices.Index(names, n); j != i {
			return fmt.Errorf("%s %q given twice", kind, n)
		}
	}
	return nil
}

// category returns the index of label l in d.categories, or missing for "".
func (d *Data) category(l string) (int, error) {
	if l == "" {
		return missing, nil
	}
	if k := slices.Index(d.categories, l); k >= 0 {
		return k, nil
	}
	return missing, fmt.Errorf("%w %q (want one of %q)", labels.ErrUnknownLabel, l, d.categories)
}

// Categories returns the categories in order. The slice is a copy.
func (d *Data) Categories() []string { return slices.Clone(d.categories) }

// Coders returns the coder names in order; a coder's position is the index
// that CohenKappa and Confusion take. The slice is a copy.
func (d *Data) Coders() []string { return slices.Clone(d.coders) }

// Units returns the units in order; a unit's position is the index that
// Label takes. The slice is a copy.
func (d *Data) Units() []Unit { return slices.Clone(d.units) }

// Label returns coder c's label for unit u, "" when the coder gave none.
// It panics if u or c is out of range.
func (d *Data) Label(u, c int) string {
	k := d.cells[u][c]
	if k == missing {
		return ""
	}
	return d.categories[k]
}

// unitCounts returns how many of unit u's labels fall in each category,
// and how many labels it has in all.
func (d *Data) unitCounts(u int) (counts []int, m int) {
	counts = make([]int, len(d.categories))
	for _, k := range d.cells[u] {
		if k != missing {
			counts[k]++
			m++
		}
	}
	return counts, m
}

// pairable returns the category counts (see unitCounts) of each unit with
// labels from two or more coders, in unit order: only those units carry
// pairs of labels to compare.
func (d *Data) pairable() [][]int {
	var units [][]int
	for u := range d.units {
		if counts, m := d.unitCounts(u); m >= 2 {
			units = append(units, counts)
		}
	}
	return units
}
