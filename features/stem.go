package features

import (
	"strings"

	"github.com/kljensen/snowball/english"
)

// maxStemCache bounds the stem cache so memory stays flat on an endless
// stream of new words; the cache is simply emptied when full.
const maxStemCache = 1 << 16

// stemmer stems words with the Snowball English stemmer, caching results.
type stemmer struct {
	cache map[string][]byte
}

// stem returns the stem of w. It leaves alone what the Snowball stemmer
// would damage: tokens that are not plain lower-case letters ("u.s.",
// "<us>", "n't", "<num>"). Stop words pass unstemmed (stemStopWords=false),
// so "no", "not" and "against" survive as themselves.
func (s *stemmer) stem(w []byte) []byte {
	if len(w) <= 2 || !plainWord(w) {
		return w
	}
	if st, ok := s.cache[string(w)]; ok {
		return st
	}
	if s.cache == nil || len(s.cache) >= maxStemCache {
		s.cache = make(map[string][]byte)
	}
	word := string(w)
	st := []byte(english.Stem(word, false))
	s.cache[strings.Clone(word)] = st
	return st
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
