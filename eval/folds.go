package eval

import (
	"fmt"
	"strconv"

	"github.com/stance-nlp/stance/labels"
)

// Grouping names what one fold of cross-validation holds out.
type Grouping string

const (
	// ByArticle holds out one article: the sentences of a story its
	// republished twins told are kept out by the leakage guard, but other
	// articles on the same event still train.
	ByArticle Grouping = "article"
	// ByEvent holds out every article on one event: the model is tested on
	// news of an event it has never read about. The default, and the
	// figure to expect on news of a new event.
	ByEvent Grouping = "event"
	// ByTopic holds out a whole topic family (arms control, Syria, …): the
	// stricter estimate, for news of a kind the model has not seen.
	ByTopic Grouping = "topic"
)

// Groupings lists every grouping, from the loosest to the strictest.
func Groupings() []Grouping { return []Grouping{ByArticle, ByEvent, ByTopic} }

// ParseGrouping returns the Grouping named s.
func ParseGrouping(s string) (Grouping, error) {
	for _, g := range Groupings() {
		if string(g) == s {
			return g, nil
		}
	}
	return "", fmt.Errorf("unknown grouping %q (want article, event or topic)", s)
}

// groupKeys returns each record's group under g.
func groupKeys(recs []labels.Record, cat labels.Catalog, g Grouping) []string {
	return cat.Groups(recs, string(g))
}

// fold is one held-out group and what trains for it.
type fold struct {
	group   string
	test    []int // record indices
	train   []int
	dropped int // near-duplicates of the test sentences removed from training
}

// crossFolds builds one fold per group of the sentences idx, in first-seen
// order: the group's sentences are the test set and every other sentence
// of idx trains, except, under Guard, sentences that near-duplicate a test
// sentence (tw lists each sentence's near-duplicates). The guard sits on
// top of the grouping: a wire story republished under another event's
// heading is still kept out.
func crossFolds(idx []int, group []string, tw [][]int, leak Leakage) []fold {
	var order []string
	members := make(map[string][]int)
	for _, i := range idx {
		g := group[i]
		if _, ok := members[g]; !ok {
			order = append(order, g)
		}
		members[g] = append(members[g], i)
	}
	folds := make([]fold, 0, len(order))
	near := make(map[int]bool)
	for _, g := range order {
		// Sized for every other sentence, so that the many folds a search
		// keeps do not carry the slack of growing by appending.
		f := fold{group: g, test: members[g], train: make([]int, 0, len(idx)-len(members[g]))}
		clear(near)
		for _, i := range f.test {
			for _, j := range tw[i] {
				near[j] = true
			}
		}
		for _, i := range idx {
			if group[i] == g {
				continue
			}
			if leak == Guard && near[i] {
				f.dropped++
				continue
			}
			f.train = append(f.train, i)
		}
		folds = append(folds, f)
	}
	return folds
}

// allIndices returns 0, 1, …, n−1.
func allIndices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// dealGroups deals the groups of the sentences idx into at most k blocks,
// the i-th group in first-seen order to block i mod k, and returns each
// sentence's block as its new group key (only idx's entries are set). A
// cross-validation over the blocks holds out whole groups, k folds instead
// of one per group.
func dealGroups(idx []int, group []string, k int) []string {
	seen := make(map[string]int)
	for _, i := range idx {
		if _, ok := seen[group[i]]; !ok {
			seen[group[i]] = len(seen)
		}
	}
	k = max(min(k, len(seen)), 1)
	block := make([]string, len(group))
	for _, i := range idx {
		block[i] = "block " + strconv.Itoa(seen[group[i]]%k+1)
	}
	return block
}
