package annotation

import (
	"fmt"
	"math"
	"slices"
)

// Strategy names how uncertainty is measured when choosing the next
// sentence to label: the sentence the model is least sure of teaches it
// most (uncertainty sampling, Lewis and Gale 1994; Settles 2009, §3.1).
type Strategy string

const (
	// Entropy is the Shannon entropy of the distribution, −Σ p log p: all
	// of it counts, so a three-way tie is more uncertain than a two-way
	// one.
	Entropy Strategy = "entropy"
	// Margin is 1 − (p₁ − p₂), the gap between the best two labels: the
	// sentence on the edge between two labels first.
	Margin Strategy = "margin"
	// LeastConfidence is 1 − p₁: the sentence whose best label is weakest
	// first.
	LeastConfidence Strategy = "least-confidence"
)

// Strategies returns the strategies, the default first.
func Strategies() []Strategy { return []Strategy{Entropy, Margin, LeastConfidence} }

// ParseStrategy returns the strategy named s.
func ParseStrategy(s string) (Strategy, error) {
	for _, st := range Strategies() {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown order %q (want entropy, margin or least-confidence)", s)
}

// Uncertainty returns how unsure the distribution p (summing to 1) is,
// scaled to 0 (certain: one label has it all) … 1 (uniform), so that the
// two targets' figures can be averaged. Entropy is divided by log k, least
// confidence by 1 − 1/k, for k labels; the margin is in [0, 1] as it is.
//
//	p = (0.6, 0.2, 0.2):  entropy 0.865, margin 0.600, least confidence 0.600
//	p = (0.55, 0.45, 0):  entropy 0.626, margin 0.900, least confidence 0.675
func (s Strategy) Uncertainty(p []float64) float64 {
	k := len(p)
	if k < 2 {
		return 0
	}
	sorted := slices.Clone(p)
	slices.SortFunc(sorted, func(a, b float64) int { return -cmpFloat(a, b) })
	switch s {
	case Margin:
		return 1 - (sorted[0] - sorted[1])
	case LeastConfidence:
		return (1 - sorted[0]) / (1 - 1/float64(k))
	default:
		h := 0.0
		for _, x := range p {
			if x > 0 {
				h -= x * math.Log(x)
			}
		}
		return h / math.Log(float64(k))
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mostUncertain returns the position in items of the item with the
// highest uncertainty, the mean of both targets' (dists[item] holds one
// distribution per target), ties going to the earlier item; -1 if items
// is empty.
func (s Strategy) mostUncertain(items []int, dists [][][]float64) int {
	best, bestU := -1, -1.0
	for pos, i := range items {
		u := 0.0
		for _, p := range dists[i] {
			u += s.Uncertainty(p)
		}
		u /= float64(max(1, len(dists[i])))
		if u > bestU {
			best, bestU = pos, u
		}
	}
	return best
}
