package agreement

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/stance-nlp/stance/labels"
)

// ErrTextMismatch is wrapped by the error FromRecords returns when two
// annotators give different text for the same (article, index): their files
// are of different sentences, so comparing their labels would be meaningless.
var ErrTextMismatch = errors.New("different text for the same sentence")

// Annotation is one annotator's labelled file.
type Annotation struct {
	Coder   string          // annotator name, e.g. the file name; used in tables and messages
	Records []labels.Record // the annotator's records, in any order
}

// key names a sentence across annotations.
type key struct {
	article string
	index   int
}

// firstText remembers which coder first gave a sentence's text.
type firstText struct {
	text  string
	coder int
}

// FromRecords returns the reliability data of target t over the annotators
// of anns, in that order. Sentences are matched by (Article, Index); a
// sentence one annotator has no record of, or left unlabelled for t, is
// missing for that annotator, never a category. Units are ordered by
// article, then index.
//
// FromRecords returns the first problem it finds: an empty or repeated
// annotator name; a sentence twice in one annotation (wrapping
// labels.ErrDuplicate); a label not in t.Labels() (wrapping
// labels.ErrUnknownLabel); or two annotators giving different text for one
// sentence (wrapping ErrTextMismatch, naming both annotators and the
// sentence). Texts are compared byte for byte. It panics if t is not a
// known target.
func FromRecords(t labels.Target, anns []Annotation) (*Data, error) {
	coders := make([]string, len(anns))
	for i, a := range anns {
		coders[i] = a.Coder
	}
	if err := checkNames("coder", coders); err != nil {
		return nil, err
	}
	d := &Data{categories: t.Labels(), coders: coders}
	texts := make(map[key]firstText)
	cells := make(map[key][]int)
	for c, a := range anns {
		seen := make(map[key]bool, len(a.Records))
		for _, r := range a.Records {
			k := key{r.Article, r.Index}
			if seen[k] {
				return nil, fmt.Errorf("coder %q: article %q index %d: %w", a.Coder, r.Article, r.Index, labels.ErrDuplicate)
			}
			seen[k] = true
			cat, err := recordCategory(d, t, r)
			if err != nil {
				return nil, fmt.Errorf("coder %q: article %q index %d: %w", a.Coder, r.Article, r.Index, err)
			}
			if err := checkText(texts, k, r.Text, c, coders); err != nil {
				return nil, err
			}
			if cells[k] == nil {
				cells[k] = missingRow(len(anns))
			}
			cells[k][c] = cat
		}
	}
	keys := sortedKeys(cells)
	d.units = make([]Unit, len(keys))
	d.cells = make([][]int, len(keys))
	for u, k := range keys {
		d.units[u] = Unit{Article: k.article, Index: k.index, Text: texts[k].text}
		d.cells[u] = cells[k]
	}
	return d, nil
}

// recordCategory returns the category index of r's label for t, or missing
// when r has none. An unknown label is an error suggesting the nearest
// one, as labels.ReadAll words it.
func recordCategory(d *Data, t labels.Target, r labels.Record) (int, error) {
	l := r.Label(t)
	if l != "" && !t.Valid(l) {
		if near, ok := t.Nearest(l); ok {
			return missing, fmt.Errorf("%w: %s %q (did you mean %q?)", labels.ErrUnknownLabel, t, l, near)
		}
		return missing, fmt.Errorf("%w: %s %q (want one of %q)", labels.ErrUnknownLabel, t, l, t.Labels())
	}
	return d.category(l)
}

// checkText records text as coder c's text for sentence k, or returns an
// error if an earlier coder gave k a different text.
func checkText(texts map[key]firstText, k key, text string, c int, coders []string) error {
	first, ok := texts[k]
	if !ok {
		texts[k] = firstText{text: text, coder: c}
		return nil
	}
	if first.text == text {
		return nil
	}
	return fmt.Errorf("article %q index %d: coders %q and %q: %w (%q vs %q); are the files of the same sentences?",
		k.article, k.index, coders[first.coder], coders[c], ErrTextMismatch, clip(first.text), clip(text))
}

// clip shortens s to 40 runes for an error message.
func clip(s string) string {
	const limit = 40
	r := []rune(s)
	if len(r) <= limit {
		return s
	}
	return string(r[:limit]) + "…"
}

// missingRow returns n missing cells.
func missingRow(n int) []int {
	row := make([]int, n)
	for i := range row {
		row[i] = missing
	}
	return row
}

// sortedKeys returns the keys of cells ordered by article, then index, so
// the units do not depend on map order or on the order of the annotations.
func sortedKeys(cells map[key][]int) []key {
	return slices.SortedFunc(maps.Keys(cells), func(a, b key) int {
		return cmp.Or(cmp.Compare(a.article, b.article), cmp.Compare(a.index, b.index))
	})
}
