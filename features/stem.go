package features

import "github.com/kljensen/snowball/english"

// stem returns the Snowball English stem of w. It leaves alone what the
// stemmer would damage: tokens that are not plain lower-case letters
// ("u.s.", "<us>", "n't", "<num>"). Stop words pass unstemmed
// (stemStopWords=false), so "no", "not" and "against" survive as
// themselves. The Extractor's word cache keeps the results, so each word
// type is stemmed once while it stays in the cache.
func stem(w []byte) []byte {
	if len(w) <= 2 || !plainWord(w) {
		return w
	}
	return []byte(english.Stem(string(w), false))
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
