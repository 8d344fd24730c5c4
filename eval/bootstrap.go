package eval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Interval is a two-sided confidence interval.
type Interval struct {
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// CI holds 95% bootstrap confidence intervals.
type CI struct {
	Accuracy Interval `json:"accuracy"`
	MacroF1  Interval `json:"macro_f1"`
	FAvg     Interval `json:"f_avg"`
}

// Bootstrap returns 95% confidence intervals for accuracy, macro-F1 and
// F_avg by the percentile bootstrap: it draws len(gold) (gold, pred) pairs
// with replacement, resamples times, scores each resample with
// Confusion.Scores(polar), and takes the 2.5th and 97.5th percentiles of each
// metric over the resamples. Percentiles interpolate linearly between the
// closest ranks (Hyndman and Fan type 7, NumPy's default): the p-th
// percentile of sorted values x[0..m-1] is x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1]−x[⌊h⌋])
// with h = p·(m−1).
//
// The only randomness is a math/rand/v2 PCG source built as
// rand.NewPCG(seed, 0), drawing indices with IntN(len(gold)), resample after
// resample, so the same inputs and seed give the same intervals bit for bit.
//
// A resample that happens to draw no sentence of a class scores F1 0 for it
// (recall with no support is 0, as in Scores), so with few sentences of a
// class the macro-F1 and F_avg intervals reach well below the point estimate.
// Resampling sentences treats them as independent; sentences of one article
// are not, so the intervals are, if anything, too narrow. Bootstrap panics if
// gold and pred differ in length, if resamples < 1, or if a label is not in
// labels. With no pairs every interval is [0, 0].
func Bootstrap(labels []string, polar [2]string, gold, pred []string, resamples int, seed uint64) CI {
	if len(gold) != len(pred) {
		panic(fmt.Sprintf("eval: Bootstrap: %d gold labels but %d predictions", len(gold), len(pred)))
	}
	if resamples < 1 {
		panic(fmt.Sprintf("eval: Bootstrap: %d resamples", resamples))
	}
	c := NewConfusion(labels)
	// Look labels up once, not once per draw: a resample is then only
	// len(gold) increments.
	gi, pi := make([]int, len(gold)), make([]int, len(pred))
	for k := range gold {
		gi[k], pi[k] = c.index(gold[k]), c.index(pred[k])
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	n := len(gold)
	acc, macro, favg := make([]float64, resamples), make([]float64, resamples), make([]float64, resamples)
	for r := range resamples {
		for _, row := range c.Counts {
			clear(row)
		}
		for range n {
			k := rng.IntN(n)
			c.Counts[gi[k]][pi[k]]++
		}
		s := c.Scores(polar)
		acc[r], macro[r], favg[r] = s.Accuracy, s.MacroF1, s.FAvg
	}
	return CI{Accuracy: interval95(acc), MacroF1: interval95(macro), FAvg: interval95(favg)}
}

// interval95 sorts xs in place and returns its 2.5th and 97.5th percentiles.
func interval95(xs []float64) Interval {
	slices.Sort(xs)
	return Interval{Lo: percentile(xs, 0.025), Hi: percentile(xs, 0.975)}
}

// percentile returns the p-th quantile (0 ≤ p ≤ 1) of sorted, interpolating
// linearly between the closest ranks (type 7, NumPy's default "linear").
// sorted must be non-empty.
func percentile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	a, b := sorted[lo], sorted[lo+1]
	// Clamp because a+(b−a)·t may round a hair past b; the result then
	// stays within the observed values and Lo ≤ Hi holds.
	return min(max(a+(b-a)*(h-float64(lo)), a), b)
}

// BootstrapGroups is Bootstrap with whole groups resampled instead of
// sentences (the cluster bootstrap): each resample draws as many groups
// (events, say) as there are, with replacement, and scores every sentence
// of each drawn group. Sentences of one event share wording and framing, so
// the spread between events, not between sentences, is what a new event
// will differ by; these intervals are wider, and honest about it. group[k]
// is the group of the k-th pair. The randomness is rand.NewPCG(seed, 1),
// drawing group indices with IntN over the groups in first-seen order.
func BootstrapGroups(labels []string, polar [2]string, gold, pred, group []string, resamples int, seed uint64) CI {
	if len(gold) != len(pred) || len(gold) != len(group) {
		panic(fmt.Sprintf("eval: BootstrapGroups: %d gold labels, %d predictions, %d groups", len(gold), len(pred), len(group)))
	}
	if resamples < 1 {
		panic(fmt.Sprintf("eval: BootstrapGroups: %d resamples", resamples))
	}
	c := NewConfusion(labels)
	members := groupMembers(group)
	if len(members) == 0 {
		return CI{}
	}
	gi, pi := make([]int, len(gold)), make([]int, len(pred))
	for k := range gold {
		gi[k], pi[k] = c.index(gold[k]), c.index(pred[k])
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	acc, macro, favg := make([]float64, resamples), make([]float64, resamples), make([]float64, resamples)
	for r := range resamples {
		for _, row := range c.Counts {
			clear(row)
		}
		for range members {
			for _, k := range members[rng.IntN(len(members))] {
				c.Counts[gi[k]][pi[k]]++
			}
		}
		s := c.Scores(polar)
		acc[r], macro[r], favg[r] = s.Accuracy, s.MacroF1, s.FAvg
	}
	return CI{Accuracy: interval95(acc), MacroF1: interval95(macro), FAvg: interval95(favg)}
}

// groupMembers returns the indices of group by value: one list per
// distinct group, in first-seen order, each in index order.
func groupMembers(group []string) [][]int {
	var members [][]int
	at := make(map[string]int)
	for k, g := range group {
		i, ok := at[g]
		if !ok {
			i = len(members)
			at[g] = i
			members = append(members, nil)
		}
		members[i] = append(members[i], k)
	}
	return members
}

// StudyEvents is the size of the study SetSpread speaks of: a dozen
// events, as each of the project's sets of real news has (11 or 12). The
// report's JSON names the range for it (study_of_12_events).
const StudyEvents = 12

// SetSpread is how far the score of one study of n events may land from
// the pooled figure: a new set of news is a handful of events, and events
// differ far more than sentences do, so a dozen of them scatter widely
// around what the whole corpus gives. It draws resamples sets of n
// distinct groups (events, say) without replacement, scores every
// sentence of each set, and returns the 2.5th and 97.5th percentiles of
// each metric over the sets: where 95% of such studies land. That is a
// range for one study's figure, not an interval for the pooled figure:
// on a corpus of hundreds of events it is far wider than that, and on
// one of not many more than n it is narrower (every set then holds most
// of the corpus). It is zero when there are no more than n groups (every
// draw would be the whole corpus). group[k] is the group of the k-th pair.
// The randomness is rand.NewPCG(seed, 2), each set a partial
// Fisher–Yates shuffle of the groups in first-seen order.
func SetSpread(labels []string, polar [2]string, gold, pred, group []string, n, resamples int, seed uint64) CI {
	if len(gold) != len(pred) || len(gold) != len(group) {
		panic(fmt.Sprintf("eval: SetSpread: %d gold labels, %d predictions, %d groups", len(gold), len(pred), len(group)))
	}
	if resamples < 1 || n < 1 {
		panic(fmt.Sprintf("eval: SetSpread: %d resamples of %d groups", resamples, n))
	}
	members := groupMembers(group)
	if len(members) <= n {
		return CI{}
	}
	c := NewConfusion(labels)
	gi, pi := make([]int, len(gold)), make([]int, len(pred))
	for k := range gold {
		gi[k], pi[k] = c.index(gold[k]), c.index(pred[k])
	}
	order := make([]int, len(members))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	acc, macro, favg := make([]float64, resamples), make([]float64, resamples), make([]float64, resamples)
	for r := range resamples {
		for _, row := range c.Counts {
			clear(row)
		}
		for i := range n {
			j := i + rng.IntN(len(order)-i)
			order[i], order[j] = order[j], order[i]
			for _, k := range members[order[i]] {
				c.Counts[gi[k]][pi[k]]++
			}
		}
		s := c.Scores(polar)
		acc[r], macro[r], favg[r] = s.Accuracy, s.MacroF1, s.FAvg
	}
	return CI{Accuracy: interval95(acc), MacroF1: interval95(macro), FAvg: interval95(favg)}
}
