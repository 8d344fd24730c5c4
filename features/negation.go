package features

import "strings"

// Negation marks the words after a negator, up to the next punctuation, so
// that "no desire" and "desire" are different features (Das and Chen 2001;
// Pang, Lee and Vaithyanathan 2002):
//
//	russia has no desire , no plan -> russia has no NOT_desire , no NOT_plan
//	refuses to consider working    -> refuses to NOT_consider NOT_working
//
// The negator itself is not marked.

// negators start a negation scope on their own.
func isNegator(w string) bool {
	switch w {
	case "not", "no", "never", "n't", "nor", "without", "cannot", "neither":
		return true
	}
	return false
}

// isNegatingVerb reports whether w starts a scope when followed by "to":
// "refuses to", "failed to", "unable to", "declined to".
func isNegatingVerb(w string) bool {
	switch w {
	case "refuse", "refuses", "refused", "refusing",
		"fail", "fails", "failed", "failing",
		"decline", "declines", "declined", "declining", "unable":
		return true
	}
	return false
}

const negPrefix = "NOT_"

// Unnegated returns the feature f without its negation mark, and whether
// it had one: "NOT_desir" -> "desir", true.
func Unnegated(f string) (string, bool) { return strings.CutPrefix(f, negPrefix) }

// startsNegation reports whether items[i], a word, opens a negation scope
// over the words after it, to the next clause punctuation: a negator, or
// "to" after a negating verb ("refused to cooperate").
func startsNegation(items []item, i int) bool {
	info := items[i].info
	return info.negator || info.isTo && i > 0 && items[i-1].kind == Word && items[i-1].info.negVerb
}
