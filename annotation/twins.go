package annotation

import (
	"strings"

	"github.com/stance-nlp/stance/features"
)

// TwinThreshold is the word 3-shingle Jaccard similarity at or above which
// two sentences are near-duplicates, as in eval's leakage guard: on the
// seed corpus republished wire copy scores 0.69 or more and other pairs
// 0.07 or less.
const TwinThreshold = 0.5

// shingles returns the set of word 3-grams of text after the tokenizer's
// normalisation (case, quotes, dashes, "U.S." and "US" alike), punctuation
// dropped: "The U.S. said no." -> {"the us said", "us said no"}. A
// sentence of fewer than three words is one shingle.
func shingles(text string) map[string]bool {
	var words []string
	for _, t := range features.Tokenize(text) {
		switch t {
		case ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "-":
			continue
		case "u.s.":
			t = "us"
		}
		words = append(words, t)
	}
	set := make(map[string]bool)
	if len(words) < 3 {
		if len(words) > 0 {
			set[strings.Join(words, " ")] = true
		}
		return set
	}
	for i := 0; i+3 <= len(words); i++ {
		set[strings.Join(words[i:i+3], " ")] = true
	}
	return set
}

// twinClusters groups texts into clusters of near-duplicates (linked by
// similarity of at least threshold, within or across articles) and
// returns each text's cluster: the index of its first member. Only pairs
// that share a shingle are compared, through an index from shingle to
// texts, so unrelated sentences cost nothing.
func twinClusters(texts []string, threshold float64) []int {
	n := len(texts)
	sets := make([]map[string]bool, n)
	postings := make(map[string][]int)
	for i, t := range texts {
		sets[i] = shingles(t)
		for s := range sets[i] {
			postings[s] = append(postings[s], i)
		}
	}
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	shared := make(map[int]int)
	for i := range n {
		clear(shared)
		for s := range sets[i] {
			for _, j := range postings[s] {
				if j > i {
					shared[j]++
				}
			}
		}
		for j, k := range shared {
			if float64(k)/float64(len(sets[i])+len(sets[j])-k) < threshold {
				continue
			}
			a, b := find(i), find(j)
			if a > b {
				a, b = b, a
			}
			parent[b] = a
		}
	}
	out := make([]int, n)
	for i := range out {
		out[i] = find(i)
	}
	return out
}
