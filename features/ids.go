package features

import (
	"maps"
	"math/bits"
	"slices"
	"strings"
)

// The classify hot path needs feature ids, not feature text. Looking each
// feature up by its text costs a string hash per unigram and a
// concatenation and hash per bigram. With a vocabulary set, the Extractor
// resolves each word type's ids once, the first time it needs them, and
// keeps them in its wordInfo: the unigram id, plain and negated, and the
// word's number as a bigram half (-1 when no bigram of the vocabulary has
// it on either side). A token then costs no lookup for its unigram, and a
// bigram costs one integer lookup, and none at all when either word is in
// no bigram: the common case for words the model has never seen.

// Vocabulary is a model's feature ids in the form the Extractor looks
// them up: made once per model (Settings.NewVocabulary), never changed,
// and shared by every Extractor that scores with the model.
type Vocabulary struct {
	words  wordTable        // unigrams and bigram halves
	bigram pairTable        // (left half, right half) -> id
	cue    map[string]int32 // tag -> id
	pol    map[string][]int32
}

// wordIDs are the ids of one word's feature text ("work", "NOT_work"): as
// a unigram, and as a bigram half; -1 for none.
type wordIDs struct{ uni, half int32 }

// NewVocabulary returns the ids of a model's features, for Extractors with
// settings s: the id of vocab[i] is i.
func (s Settings) NewVocabulary(vocab []string) *Vocabulary {
	v := &Vocabulary{cue: make(map[string]int32), pol: make(map[string][]int32)}
	words := make(map[string]wordIDs, len(vocab))
	word := func(s string) wordIDs {
		if w, ok := words[s]; ok {
			return w
		}
		return wordIDs{-1, -1}
	}
	halves := int32(0)
	half := func(s string) uint64 {
		w := word(s)
		if w.half < 0 {
			w.half = halves
			halves++
			words[s] = w
		}
		return uint64(w.half)
	}
	bigrams := make(map[uint64]int32, len(vocab)/4)
	for i, f := range vocab {
		id := int32(i)
		// A bigram is the only feature with a space: "left right".
		if i := strings.IndexByte(f, ' '); i >= 0 {
			bigrams[half(f[:i])<<32|half(f[i+1:])] = id
		} else {
			w := word(f)
			w.uni = id
			words[f] = w
		}
	}
	v.words = newWordTable(words, sortedKeys(words))
	v.bigram = newPairTable(bigrams)
	for _, tag := range cueTags {
		if id, ok := v.ID(CueFeature(tag)); ok {
			v.cue[tag] = id
		}
	}
	for _, b := range []string{PolarityNegStrong, PolarityNeg, PolarityNeutral, PolarityPos, PolarityPosStrong} {
		ids := make([]int32, s.Polarity)
		for k := 1; k <= s.Polarity; k++ {
			id, ok := v.ID(string(appendPolarity(nil, b, k)))
			if !ok {
				id = -1
			}
			ids[k-1] = id
		}
		v.pol[b] = ids
	}
	return v
}

// ID returns the id of feature f, and whether the vocabulary has it.
func (v *Vocabulary) ID(f string) (int32, bool) {
	if i := strings.IndexByte(f, ' '); i >= 0 {
		l, lok := v.words.get(f[:i])
		r, rok := v.words.get(f[i+1:])
		if !lok || !rok || l.half < 0 || r.half < 0 {
			return 0, false
		}
		id := v.bigram.get(uint64(l.half)<<32 | uint64(r.half))
		return id, id >= 0
	}
	w, ok := v.words.get(f)
	return w.uni, ok && w.uni >= 0
}

// SetVocabulary gives the Extractor the feature ids of a model, for
// AppendIDs. v must have been made for the Extractor's settings.
func (x *Extractor) SetVocabulary(v *Vocabulary) {
	if x.ids == v {
		return // the ids the word cache holds stay right
	}
	x.ids = v
	x.gen++ // the ids the word cache holds are for an earlier vocabulary
}

// resolve fills in info's ids under the current vocabulary, plain (k=0)
// or negated (k=1): most words are never seen negated.
func (x *Extractor) resolve(info *wordInfo, k int) {
	text := info.final
	if k == 1 {
		x.scratch = append(append(x.scratch[:0], negPrefix...), info.final...)
		text = x.scratch
	}
	w, ok := x.ids.words.get(string(text))
	if !ok {
		w = wordIDs{-1, -1}
	}
	info.ids[k] = w
	info.gen[k] = x.gen
}

// AppendIDs appends to dst the id of every feature occurrence in text that
// is in the vocabulary given to SetVocabulary, in the order Extract reports
// them; features outside it are skipped. It panics if no vocabulary was
// set.
func (x *Extractor) AppendIDs(dst []int32, text string) []int32 {
	dst, valence := x.AppendPartIDs(dst, text)
	return x.AppendPolarityIDs(dst, valence)
}

// AppendPartIDs is AppendIDs for one part of a text too long to hold at
// once, cut at clause punctuation (see CutPoint): it appends every feature
// but the polarity ones, which depend on the whole text, and returns the
// part's share of the valence sum too. Call AppendPolarityIDs with the sum
// of every part's share at the end. It is walk with feature ids.
func (x *Extractor) AppendPartIDs(dst []int32, text string) ([]int32, float64) {
	return x.walk(dst, text, nil)
}

// AppendPolarityIDs appends the polarity features of a text whose words'
// valences sum to valence; nothing when polarity is off.
func (x *Extractor) AppendPolarityIDs(dst []int32, valence float64) []int32 {
	if x.s.Polarity == 0 {
		return dst
	}
	for _, id := range x.ids.pol[PolarityBucket(valence)] {
		if id >= 0 {
			dst = append(dst, id)
		}
	}
	return dst
}

// CutPoint returns where a long text may be cut into parts whose features
// are those of the whole: just after the last clause punctuation mark
// (. , ; : ! ?) that is followed by white space and does not end a
// one-letter acronym segment ("U.S. "), within b; or -1 if there is none.
// No bigram, negation scope or phrase crosses clause punctuation, so parts
// cut there add up to the whole.
func CutPoint(b []byte) int {
	for i := len(b) - 2; i > 0; i-- {
		c := b[i]
		if b[i+1] != ' ' && b[i+1] != '\t' {
			continue
		}
		switch c {
		case ',', ';', ':', '!', '?':
			return i + 2
		case '.':
			// "U.S. officials", "W. Bush": after a one-letter segment the
			// dot belongs to the word, and a bigram runs across it.
			if isASCIIWord(b[i-1]) && (i < 2 || b[i-2] == '.' || b[i-2] == ' ') {
				continue
			}
			return i + 2
		}
	}
	return -1
}

// pairTable maps a pair of bigram halves, packed in 64 bits, to a feature
// id: open addressing with linear probing in a table at most half full.
// It is built once per vocabulary and only read; a lookup is a multiply, a
// shift and, most often, one comparison, where a map costs several times
// that on the hot path.
type pairTable struct {
	keys  []uint64 // key+1; 0 marks an empty slot
	ids   []int32
	shift uint
}

func newPairTable(m map[uint64]int32) pairTable {
	size := 8
	for size < 2*len(m) {
		size *= 2
	}
	t := pairTable{keys: make([]uint64, size), ids: make([]int32, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
	// In key order, so that the same pairs make the same table, byte for
	// byte (the built-in model stores it).
	for _, k := range slices.Sorted(maps.Keys(m)) {
		id := m[k]
		i := t.slot(k)
		for t.keys[i] != 0 {
			i = (i + 1) & (size - 1)
		}
		t.keys[i], t.ids[i] = k+1, id
	}
	return t
}

func (t *pairTable) slot(k uint64) int { return int((k * 0x9E3779B97F4A7C15) >> t.shift) }

// get returns the id of pair k, or -1.
func (t *pairTable) get(k uint64) int32 {
	mask := len(t.keys) - 1
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k + 1:
			return t.ids[i]
		case 0:
			return -1
		}
	}
}
