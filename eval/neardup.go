package eval

import (
	"strings"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// DefaultThreshold is the shingle similarity at or above which two
// sentences count as near-duplicates. On the seed corpus every sentence's
// closest match in another article scores either 0.69 or more (the twins
// of the republished Reuters story, which differ by "US"/"U.S.", a dropped
// adjective or a "Reuters adds:" prefix) or 0.07 or less, so 0.5 sits well
// clear of both.
const DefaultThreshold = 0.5

// ShingleSize is the number of words in a shingle.
const ShingleSize = 3

// shingles returns the set of word ShingleSize-grams of a sentence after
// normalising it the way the tokenizer does: case, curly quotes, dashes,
// "U.S."/"US" and "U.N."/"UN", white space; punctuation is dropped. A
// sentence shorter than a shingle is one shingle.
func shingles(text string) map[string]bool {
	var words []string
	for _, t := range features.Tokenize(text) {
		if t == "u.s." {
			t = "us"
		}
		if isWord(t) {
			words = append(words, t)
		}
	}
	set := make(map[string]bool)
	if len(words) < ShingleSize {
		if len(words) > 0 {
			set[strings.Join(words, " ")] = true
		}
		return set
	}
	for i := 0; i+ShingleSize <= len(words); i++ {
		set[strings.Join(words[i:i+ShingleSize], " ")] = true
	}
	return set
}

func isWord(t string) bool {
	switch t {
	case ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "-":
		return false
	}
	return true
}

// Similarity is the Jaccard similarity of two sentences' shingle sets:
// shared shingles over all shingles, 1 for identical normalised text.
func Similarity(a, b string) float64 { return jaccard(shingles(a), shingles(b)) }

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	shared := 0
	for s := range a {
		if b[s] {
			shared++
		}
	}
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// shingleSets returns the shingles of every sentence.
func shingleSets(recs []labels.Record) []map[string]bool {
	sh := make([]map[string]bool, len(recs))
	for i, r := range recs {
		sh[i] = shingles(r.Text)
	}
	return sh
}

// twins finds near-duplicate pairs across articles: twins[i] lists every
// sentence of another article whose similarity with sentence i is at least
// threshold.
func twins(recs []labels.Record, sh []map[string]bool, threshold float64) [][]int {
	out := make([][]int, len(recs))
	for i := range recs {
		for j := i + 1; j < len(recs); j++ {
			if recs[i].Article == recs[j].Article {
				continue
			}
			if jaccard(sh[i], sh[j]) >= threshold {
				out[i] = append(out[i], j)
				out[j] = append(out[j], i)
			}
		}
	}
	return out
}

// clusters groups sentences linked by near-duplication (across or within
// articles) and returns each sentence's cluster id, the index of its first
// member, so a sentence that appears in three articles counts once.
func clusters(recs []labels.Record, sh []map[string]bool, threshold float64) []int {
	parent := make([]int, len(recs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range recs {
		for j := i + 1; j < len(recs); j++ {
			if jaccard(sh[i], sh[j]) >= threshold {
				a, b := find(i), find(j)
				if a > b {
					a, b = b, a
				}
				parent[b] = a
			}
		}
	}
	ids := make([]int, len(recs))
	for i := range recs {
		ids[i] = find(i)
	}
	return ids
}
