package eval

import (
	"fmt"
	"slices"
	"sort"
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

// fold is one held-out group and what trains for it. It keeps what does
// not train rather than what does: a cross-validation by event has
// hundreds of folds, each training on nearly the whole corpus (kept
// whole, the lists took 150 MB on the built-in corpus), and training by
// subtraction needs only what is left out (classify.Trainer.TrainWithout).
type fold struct {
	group   string
	test    []int   // record indices
	out     []int32 // every record that does not train, in order: the test ones, those dropped and any outside the sentences folded
	n       int     // records in the corpus
	dropped int     // near-duplicates of the test sentences removed from training
}

// trainLen returns how many records train.
func (f fold) trainLen() int { return f.n - len(f.out) }

// train returns the indices of the records that train, in order.
func (f fold) train() []int { return f.appendTrain(make([]int, 0, f.trainLen())) }

// nthTrain returns the k-th record that trains (from 0), as train()[k]
// would: k plus the number of records left out before it. Those are the
// out[j] with out[j] − j ≤ k, out being sorted and distinct.
func (f fold) nthTrain(k int) int {
	return k + sort.Search(len(f.out), func(j int) bool { return int(f.out[j])-j > k })
}

// appendTrain appends to dst the indices of the records that train, in
// order, and returns dst.
func (f fold) appendTrain(dst []int) []int {
	j := 0
	for i := range f.n {
		if j < len(f.out) && int(f.out[j]) == i {
			j++
			continue
		}
		dst = append(dst, i)
	}
	return dst
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
	n := len(group)
	in := make([]bool, n) // in idx
	for _, i := range idx {
		in[i] = true
	}
	folds := make([]fold, 0, len(order))
	near := make(map[int]bool)
	for _, g := range order {
		f := fold{group: g, test: members[g], n: n}
		clear(near)
		for _, i := range f.test {
			for _, j := range tw[i] {
				near[j] = true
			}
		}
		for i := range n {
			switch {
			case !in[i] || group[i] == g:
			case leak == Guard && near[i]:
				f.dropped++
			default:
				continue // trains
			}
			f.out = append(f.out, int32(i))
		}
		f.out = slices.Clip(f.out)
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
