package features

import "github.com/kljensen/snowball/english"

// appendStem appends the Snowball English stem of w to dst. It leaves alone what the
// stemmer would damage: tokens that are not plain lower-case letters
// ("u.s.", "<us>", "n't", "<num>"). Stop words pass unstemmed
// (stemStopWords=false), so "no", "not" and "against" survive as
// themselves. The Extractor's word cache keeps the results, so each word
// type is stemmed once while it stays in the cache.
func appendStem(dst, w []byte) []byte {
	switch {
	case len(w) <= 2:
		return append(dst, w...)
	case asciiWord(w):
		return appendPorter2(dst, w)
	case plainWord(w):
		return append(dst, english.Stem(string(w), false)...)
	}
	return append(dst, w...)
}

// asciiWord reports whether w is letters a-z only.
func asciiWord(w []byte) bool {
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func plainWord(w []byte) bool {
	for _, c := range w {
		if c < 'a' || c > 'z' {
			if c < 0x80 {
				return false
			}
		}
	}
	return true
}
