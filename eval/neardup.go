package eval

import (
	"slices"
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

// nearDuplicates is what the leakage guard knows of a corpus.
type nearDuplicates struct {
	// twins[i] lists every sentence of another article whose similarity
	// with sentence i is at least the threshold.
	twins [][]int
	// cluster[i] is the index of the first member of sentence i's cluster
	// of sentences linked by near-duplication (across or within
	// articles), so a sentence that appears in three articles counts once.
	cluster []int
}

// findNearDuplicates compares every pair of sentences that share a
// shingle, once, through an inverted index from shingle to sentences: pairs
// that share none have similarity 0 and are never looked at, so the cost
// grows with the pairs that do share one rather than with the square of
// the corpus. It finds exactly the pairs an all-pairs comparison would
// (TestNearDuplicatesMatchAllPairs).
func findNearDuplicates(recs []labels.Record, threshold float64) nearDuplicates {
	n := len(recs)
	ids := make(map[string]int32)
	sets := make([][]int32, n) // each sentence's distinct shingle ids
	for i, r := range recs {
		for s := range shingles(r.Text) {
			id, ok := ids[s]
			if !ok {
				id = int32(len(ids))
				ids[s] = id
			}
			sets[i] = append(sets[i], id)
		}
	}
	postings := make([][]int32, len(ids))
	for i, set := range sets {
		for _, id := range set {
			postings[id] = append(postings[id], int32(i))
		}
	}
	nd := nearDuplicates{twins: make([][]int, n), cluster: make([]int, n)}
	parent := nd.cluster
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
	shared := make([]int32, n) // shared[j]: shingles sentence i shares with j > i
	var touched []int32
	for i := range n {
		touched = touched[:0]
		for _, id := range sets[i] {
			for _, j := range postings[id] {
				if int(j) <= i {
					continue
				}
				if shared[j] == 0 {
					touched = append(touched, j)
				}
				shared[j]++
			}
		}
		slices.Sort(touched)
		for _, j32 := range touched {
			j := int(j32)
			k := float64(shared[j])
			shared[j] = 0
			if k/float64(len(sets[i])+len(sets[j])-int(k)) < threshold {
				continue
			}
			if recs[i].Article != recs[j].Article {
				nd.twins[i] = append(nd.twins[i], j)
				nd.twins[j] = append(nd.twins[j], i)
			}
			a, b := find(i), find(j)
			if a > b {
				a, b = b, a
			}
			parent[b] = a
		}
	}
	for i := range n {
		nd.cluster[i] = find(i)
	}
	for i := range n {
		slices.Sort(nd.twins[i])
	}
	return nd
}
