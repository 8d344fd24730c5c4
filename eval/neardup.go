package eval

import (
	"math"
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

// findNearDuplicates finds every pair of sentences whose shingle
// similarity is at least threshold, exactly the pairs comparing every pair
// would (TestNearDuplicatesMatchAllPairs), with prefix filtering (Chaudhuri
// et al. 2006; Bayardo et al., "Scaling up all pairs similarity search",
// 2007), so the cost grows with the pairs that could be near-duplicates
// rather than with the square of the corpus:
//
//   - Shingles are ranked from the rarest in the corpus to the commonest,
//     and each sentence's shingles are sorted by rank.
//   - Two sentences with similarity t or more share at least ceil(t·m)
//     shingles, m being either one's count (a union is no smaller than
//     either set); so the first shared shingle in rank order lies within
//     the first m − ceil(t·m) + 1 of each. Only that prefix is indexed and
//     probed, and it holds the rare shingles: the common ones ("the united
//     states"), whose lists of sentences grow with the square of the corpus
//     when every pair sharing one is counted, are seldom in it.
//   - Sizes too far apart for the similarity to reach t are skipped.
//   - Each candidate pair found this way is then compared in full.
//
// The bounds leave one shingle of slack, so a similarity that reaches the
// threshold only by floating-point rounding is still found.
func findNearDuplicates(recs []labels.Record, threshold float64) nearDuplicates {
	n := len(recs)
	sets := shingleIDs(recs)
	// Rank shingles by how many sentences hold them, rarest first, ties
	// by id, and rewrite each set as sorted ranks.
	var df []int32
	for _, set := range sets {
		for _, id := range set {
			for int(id) >= len(df) {
				df = append(df, 0)
			}
			df[id]++
		}
	}
	byRank := make([]int32, len(df))
	for id := range byRank {
		byRank[id] = int32(id)
	}
	slices.SortFunc(byRank, func(a, b int32) int {
		if df[a] != df[b] {
			return int(df[a] - df[b])
		}
		return int(a - b)
	})
	rank := make([]int32, len(df))
	for r, id := range byRank {
		rank[id] = int32(r)
	}
	for _, set := range sets {
		for k, id := range set {
			set[k] = rank[id]
		}
		slices.Sort(set)
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
	postings := make([][]int32, len(df)) // rank -> sentences with it in their prefix
	stamp := make([]int32, n)            // stamp[j] == i+1: j is a candidate of i
	var cands []int32
	for i, set := range sets {
		m := len(set)
		if m == 0 {
			continue
		}
		prefix := set[:prefixLen(m, threshold)]
		cands = cands[:0]
		for _, r := range prefix {
			for _, j := range postings[r] {
				if stamp[j] != int32(i)+1 && !tooFarApart(m, len(sets[j]), threshold) {
					stamp[j] = int32(i) + 1
					cands = append(cands, j)
				}
			}
			postings[r] = append(postings[r], int32(i))
		}
		slices.Sort(cands)
		for _, j32 := range cands {
			j := int(j32)
			k := float64(overlap(set, sets[j]))
			if k/float64(m+len(sets[j])-int(k)) < threshold {
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

// shingleIDs returns each sentence's distinct shingles (see shingles) as
// small integers. Words get ids first, so a shingle is three ids rather
// than a joined string; a sentence shorter than a shingle, whose one
// shingle has fewer words, pads with -1, which no word id is.
func shingleIDs(recs []labels.Record) [][]int32 {
	words := make(map[string]int32)
	ids := make(map[[ShingleSize]int32]int32)
	sets := make([][]int32, len(recs))
	var ws []int32
	for i, r := range recs {
		ws = ws[:0]
		for _, t := range features.Tokenize(r.Text) {
			if t == "u.s." {
				t = "us"
			}
			if !isWord(t) {
				continue
			}
			w, ok := words[t]
			if !ok {
				w = int32(len(words))
				words[t] = w
			}
			ws = append(ws, w)
		}
		var set []int32
		add := func(key [ShingleSize]int32) {
			id, ok := ids[key]
			if !ok {
				id = int32(len(ids))
				ids[key] = id
			}
			set = append(set, id)
		}
		if len(ws) < ShingleSize {
			if len(ws) > 0 {
				key := [ShingleSize]int32{-1, -1, -1}
				copy(key[:], ws)
				add(key)
			}
		} else {
			for k := 0; k+ShingleSize <= len(ws); k++ {
				add([ShingleSize]int32(ws[k : k+ShingleSize]))
			}
		}
		slices.Sort(set)
		sets[i] = slices.Compact(set)
	}
	return sets
}

// prefixLen is how many of a sentence's m shingles, rarest first, must be
// probed to meet every sentence it may be a near-duplicate of at
// threshold t: m − ceil(t·m) + 1, plus one of slack (see
// findNearDuplicates).
func prefixLen(m int, t float64) int {
	need := int(math.Ceil(t*float64(m))) - 1 // shingles a near-duplicate shares, less the slack
	if need < 1 {
		return m
	}
	return min(m, m-need+1)
}

// tooFarApart reports whether sets of sizes a and b cannot reach
// similarity t: it is at most min/max, and the test leaves a whole
// shingle of slack.
func tooFarApart(a, b int, t float64) bool {
	return float64(min(a, b))+1 <= t*float64(max(a, b))
}

// overlap counts the ranks two sorted sets share.
func overlap(a, b []int32) int {
	k := 0
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			k++
			a, b = a[1:], b[1:]
		}
	}
	return k
}
