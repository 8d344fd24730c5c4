package annotation

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/labels"
)

// ErrSeveralAnnotators is returned by Export when the log holds several
// annotators' labels and none was chosen: one sentence with two labels is
// no training file (and `stance agree` wants one file per annotator).
var ErrSeveralAnnotators = errors.New("labels by several annotators")

// Annotators returns the annotators named in entries, sorted.
func Annotators(entries []Entry) []string {
	set := make(map[string]bool)
	for _, e := range entries {
		set[e.Annotator] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// Export returns the labelled corpus entries hold for annotator (or for the
// only annotator, if annotator is ""): each sentence's latest label that
// was not retracted, in the training format. Skipped sentences, and
// sentences whose latest answer is a skip, are left out: unsure is no
// label. With data the records follow the data's order (and every
// sentence must be in it, see CheckData); without, the order in which
// articles first appear in the log, then index.
func Export(entries []Entry, annotator string, data []labels.Record) ([]labels.Record, error) {
	names := Annotators(entries)
	switch {
	case annotator == "" && len(names) > 1:
		return nil, fmt.Errorf("%w (%s): choose one with --annotator", ErrSeveralAnnotators, strings.Join(names, ", "))
	case annotator == "" && len(names) == 1:
		annotator = names[0]
	case annotator != "" && !slices.Contains(names, annotator):
		return nil, fmt.Errorf("no labels by annotator %q (the log has: %s)", annotator, strings.Join(names, ", "))
	}
	eff, _ := replay(entries, annotator)
	var keys []Key
	if data != nil {
		for _, r := range data {
			keys = append(keys, Key{r.Article, r.Index})
		}
	} else {
		first := make(map[string]int)
		for _, e := range entries {
			if _, ok := first[e.Article]; !ok {
				first[e.Article] = len(first)
			}
		}
		keys = slices.Collect(maps.Keys(eff))
		slices.SortFunc(keys, func(a, b Key) int {
			if a.Article != b.Article {
				return first[a.Article] - first[b.Article]
			}
			return a.Index - b.Index
		})
	}
	var out []labels.Record
	for _, k := range keys {
		e, ok := eff[k]
		if !ok || e.Op != OpLabel {
			continue
		}
		out = append(out, labels.Record{Article: e.Article, Index: e.Index, Text: e.Text, Stance: e.Stance, Sentiment: e.Sentiment})
	}
	return out, nil
}
