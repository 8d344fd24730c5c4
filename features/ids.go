package features

// The classify hot path needs feature ids, not feature text. Looking each
// feature up by its text costs a string hash per unigram and a
// concatenation and hash per bigram. With a vocabulary set, the Extractor
// remembers each word type's unigram ids in its wordInfo and each bigram's
// id under a pair of small integers, so a warm token costs one string
// lookup (its wordInfo) and one integer lookup (its bigram).

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

func (c *idCache) reset() {
	c.bigrams = make(map[uint64]int32)
	c.uni = make(map[uint64]int32)
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
	c := x.ids
	if len(c.bigrams) >= 4*maxWordCache {
		c.reset() // bounded memory on endless new word pairs
	}
	pol := x.prepare(text)
	for _, tag := range x.cueTags {
		if id, ok := c.cue[tag]; ok {
			emit(id)
		}
	}
	if pol != "" {
		for _, id := range c.pol[pol] {
			if id >= 0 {
				emit(id)
			}
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
}

func (c *idCache) lookup(f []byte) int32 {
	if id, ok := c.index[string(f)]; ok {
		return id
	}
	return -1
}
