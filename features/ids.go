package features

// The classify hot path needs feature ids, not feature text. Looking each
// feature up by its text costs a string hash per unigram and a
// concatenation and hash per bigram. With a vocabulary set, the Extractor
// remembers each word type's unigram ids in its wordInfo and each bigram's
// id under a pair of small integers, so a warm token costs one string
// lookup (its wordInfo) and one integer lookup (its bigram).

// maxBigramCache bounds the id caches; they are emptied when full.
const maxBigramCache = 1 << 16

// idCache holds a vocabulary and the ids resolved from it.
type idCache struct {
	index   map[string]int32
	bigrams map[uint64]int32 // (serial, negated) pairs -> id, -1: unknown
	uni     map[uint64]int32 // (serial, negated) -> id, -1: unknown
	cue     map[string]int32 // tag -> id
	pol     map[string][]int32
}

// SetVocabulary gives the Extractor the feature ids of a model, for
// ExtractIDs. index maps feature text to id; it is read, never changed.
func (x *Extractor) SetVocabulary(index map[string]int32) {
	c := &idCache{index: index, cue: make(map[string]int32), pol: make(map[string][]int32)}
	c.reset()
	for _, tag := range cueTags {
		if id, ok := index[CueFeature(tag)]; ok {
			c.cue[tag] = id
		}
	}
	for _, b := range []string{PolarityNegStrong, PolarityNeg, PolarityNeutral, PolarityPos, PolarityPosStrong} {
		ids := make([]int32, x.s.Polarity)
		for k := 1; k <= x.s.Polarity; k++ {
			id, ok := index[string(appendPolarity(nil, b, k))]
			if !ok {
				id = -1
			}
			ids[k-1] = id
		}
		c.pol[b] = ids
	}
	x.ids = c
}

// reset empties the caches, keeping their memory for reuse.
func (c *idCache) reset() {
	if c.bigrams == nil {
		c.bigrams = make(map[uint64]int32)
		c.uni = make(map[uint64]int32)
	}
	clear(c.bigrams)
	clear(c.uni)
}

// key packs a word type and its negation into 32 bits.
func key(info *wordInfo, negated bool) uint64 {
	k := uint64(info.serial) << 1
	if negated {
		k |= 1
	}
	return k
}

// ExtractIDs calls emit with the id of every feature occurrence in text
// that is in the vocabulary given to SetVocabulary, in the order Extract
// reports them; features outside it are skipped. It panics if no
// vocabulary was set.
func (x *Extractor) ExtractIDs(text string, emit func(id int32)) {
	x.PolarityIDs(x.PartIDs(text, emit), emit)
}

// PartIDs walks the items exactly as Extract does, but looks each feature
// up once per word type (and pair) instead of building its text every time;
// TestExtractIDs holds the two to the same features.
//
// PartIDs is ExtractIDs for one part of a text too long to hold at once,
// cut at clause punctuation (see CutPoint): it reports every feature but
// the polarity ones, which depend on the whole text, and returns the
// part's share of the valence sum. Call PolarityIDs with the sum of every
// part's share at the end.
func (x *Extractor) PartIDs(text string, emit func(id int32)) float64 {
	c := x.ids
	if len(c.bigrams) >= maxBigramCache || len(c.uni) >= maxBigramCache {
		c.reset() // bounded memory on endless new word pairs
	}
	valence := x.prepare(text)
	for _, tag := range x.cueTags {
		if id, ok := c.cue[tag]; ok {
			emit(id)
		}
	}
	neg := x.s.Negation
	prev := -1
	var prevKey uint64
	for i, it := range x.items {
		if it.kind == Punct {
			prev = -1
			continue
		}
		if it.drop {
			continue
		}
		k := key(it.info, neg && it.negated)
		id, ok := c.uni[k]
		if !ok {
			x.scratch = x.appendWord(x.scratch[:0], it)
			id = c.lookup(x.scratch)
			c.uni[k] = id
		}
		if id >= 0 {
			emit(id)
		}
		if x.s.Bigrams && prev >= 0 {
			bk := prevKey<<32 | k
			id, ok := c.bigrams[bk]
			if !ok {
				x.scratch = x.appendWord(x.scratch[:0], x.items[prev])
				x.scratch = append(x.scratch, ' ')
				x.scratch = x.appendWord(x.scratch, it)
				id = c.lookup(x.scratch)
				c.bigrams[bk] = id
			}
			if id >= 0 {
				emit(id)
			}
		}
		prev, prevKey = i, k
	}
	return valence
}

// PolarityIDs reports the polarity features of a text whose words'
// valences sum to valence; nothing when polarity is off.
func (x *Extractor) PolarityIDs(valence float64, emit func(id int32)) {
	if x.s.Polarity == 0 {
		return
	}
	for _, id := range x.ids.pol[PolarityBucket(valence)] {
		if id >= 0 {
			emit(id)
		}
	}
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

func (c *idCache) lookup(f []byte) int32 {
	if id, ok := c.index[string(f)]; ok {
		return id
	}
	return -1
}
