package labels

import (
	"fmt"
	"slices"
)

// Target names one labelling task. Each record carries a label for every
// target.
type Target string

// The two targets, in the order they are reported.
const (
	Stance    Target = "stance"
	Sentiment Target = "sentiment"
)

// Targets returns both targets in report order.
func Targets() []Target { return []Target{Stance, Sentiment} }

// ParseTarget returns the target named s.
func ParseTarget(s string) (Target, error) {
	for _, t := range Targets() {
		if string(t) == s {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown target %q (want stance or sentiment)", s)
}

// Labels returns the target's label set in codebook order. The slice is new
// on every call, so callers may keep or change it.
func (t Target) Labels() []string {
	switch t {
	case Stance:
		return []string{"obstacle", "opening", "neutral"}
	case Sentiment:
		return []string{"negative", "neutral", "positive"}
	}
	panic(fmt.Sprintf("labels: unknown target %q", string(t)))
}

// Polar returns the two labels that carry a position (obstacle and opening;
// negative and positive). F_avg, the SemEval-2016 stance metric, averages F1
// over these two only, so a model is not rewarded for the neutral class.
func (t Target) Polar() [2]string {
	l := t.Labels()
	switch t {
	case Stance:
		return [2]string{l[0], l[1]}
	default:
		return [2]string{l[0], l[2]}
	}
}

// Valid reports whether label is one of the target's labels.
func (t Target) Valid(label string) bool { return slices.Contains(t.Labels(), label) }

// Nearest returns the label of t closest to s in edit distance, for the
// "did you mean" part of an error message, and whether it is close enough to
// suggest.
func (t Target) Nearest(s string) (string, bool) {
	best, bestD := "", -1
	for _, l := range t.Labels() {
		if d := editDistance(s, l); bestD < 0 || d < bestD {
			best, bestD = l, d
		}
	}
	return best, bestD <= max(2, len([]rune(s))/2)
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
