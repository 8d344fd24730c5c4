package features

import "strconv"

// item is a token on its way to becoming a feature.
type item struct {
	info    *wordInfo // the word; nil for punctuation
	kind    Kind
	negated bool
	drop    bool // a stop word: no unigram, skipped by bigrams
}

// wordInfo is everything the extractor needs to know about a word type,
// worked out once per Extractor and then found through the word cache (see
// word): its stem, whether it is a stop word or a negator, its lexicon
// valence, the phrases that can start with it, and its feature ids.
type wordInfo struct {
	word    string // as the tokenizer wrote it, for phrase matching
	final   []byte // the unigram text: the stem when stemming
	stop    bool
	negator bool
	negVerb bool
	isTo    bool
	valence float64
	starts  *starts // the phrases that start with this word; nil for none

	// Ids, plain and negated, under the vocabulary the Extractor had when
	// its generation (Extractor.gen) was gen; see resolve.
	gen [2]uint32
	ids [2]wordIDs
}

// starts are the cue phrases and the actor aliases that start with a word,
// longest first.
type starts struct{ cues, actors []entry }

// actorTokens are the tokens that replace an actor alias, by tag.
var actorTokens = map[string]string{"US": "<us>", "RU": "<ru>"}

// Extractor turns sentences into features under one Settings. It reuses
// its buffers between calls, so it is not safe for concurrent use: give
// each goroutine its own.
type Extractor struct {
	s         Settings
	tok       tokenizer
	actors    *matcher
	cues      *matcher
	wordCache                    // what x knows of each word type (see word)
	starts    map[string]*starts // read-only
	lex       *valences          // VADER's, to look words' valences up in
	items     []item
	cueTags   []string
	startAt   []int // items whose word may start a cue or actor phrase
	scratch   []byte
	ids       *Vocabulary          // set by SetVocabulary
	gen       uint32               // counts SetVocabulary calls (see wordInfo.gen)
	actorAs   map[string]*wordInfo // the word an actor alias becomes, by tag
}

// CueFeature returns the feature a cue of label adds: "<cue:obstacle>".
func CueFeature(label string) string { return "<cue:" + label + ">" }

// NewExtractor returns an Extractor for s.
func (s Settings) NewExtractor() (*Extractor, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	// The phrase matchers and the index of the words that start a phrase
	// are built here, once; every Extractor made from this one by Fresh
	// shares them. An Extractor holds its word cache's front inline (384
	// KiB), so none is made just to be copied.
	var actors, cues *matcher
	index := make(map[string]*starts)
	start := func(w string) *starts {
		st, ok := index[w]
		if !ok {
			st = new(starts)
			index[w] = st
		}
		return st
	}
	if len(s.Actors) > 0 {
		actors = newMatcher(s.Actors)
		for w, es := range actors.byFirst {
			start(w).actors = es
		}
	}
	if len(s.Cues) > 0 {
		cues = newMatcher(s.Cues)
		for w, es := range cues.byFirst {
			start(w).cues = es
		}
	}
	return fresh(s, actors, cues, vaderTable(), index), nil
}

// Fresh returns a new Extractor with x's settings and empty caches,
// sharing with x only what is never written after construction (the
// phrase matchers and lexicons), so it may be used on another goroutine.
// It costs a fraction of NewExtractor.
func (x *Extractor) Fresh() *Extractor { return fresh(x.s, x.actors, x.cues, x.lex, x.starts) }

// fresh returns an Extractor of the shared, read-only parts given, with
// empty caches.
func fresh(s Settings, actors, cues *matcher, lex *valences, index map[string]*starts) *Extractor {
	y := &Extractor{s: s, actors: actors, cues: cues, lex: lex, starts: index,
		wordCache: wordCache{words: make(map[string]*wordInfo), maxWords: maxWordCache}, actorAs: make(map[string]*wordInfo)}
	for tag, tok := range actorTokens {
		y.actorAs[tag] = &wordInfo{word: tok, final: []byte(tok)}
	}
	return y
}

// Settings returns the settings x extracts with.
func (x *Extractor) Settings() Settings { return x.s }

// Extract calls emit for every feature occurrence in text, in text order:
// cue features first, then each unigram followed by the bigram it ends,
// then the polarity features. The slice passed to emit is valid only
// during the call. Binary counting is left to the caller, which can do it
// on feature ids. It is walk with feature text, as AppendIDs is walk with
// feature ids: training and scoring see the same features by
// construction, and TestAppendIDs checks it.
func (x *Extractor) Extract(text string, emit func(feature []byte)) {
	_, valence := x.walk(nil, text, emit)
	if x.s.Polarity > 0 {
		bucket := PolarityBucket(valence)
		for k := 1; k <= x.s.Polarity; k++ {
			x.scratch = appendPolarity(x.scratch[:0], bucket, k)
			emit(x.scratch)
		}
	}
}

// walk is the one feature walk. It prepares text (see prepare) and goes
// through its features, all but the polarity ones, in order: the cue
// features, then each kept word's unigram followed by the bigram it ends
// (a bigram never spans clause punctuation or a dropped stop word). With
// emit nil it appends to dst the id of each feature in the vocabulary
// given to SetVocabulary, with each word type's ids resolved once and
// cached, and skips the rest; otherwise it calls emit with each feature's
// text and appends nothing. It returns dst and the text's valence sum.
func (x *Extractor) walk(dst []int32, text string, emit func([]byte)) ([]int32, float64) {
	valence := x.prepare(text)
	for _, tag := range x.cueTags {
		if emit != nil {
			x.scratch = append(append(append(x.scratch[:0], "<cue:"...), tag...), '>')
			emit(x.scratch)
		} else if id, ok := x.ids.cue[tag]; ok {
			dst = append(dst, id)
		}
	}
	neg := x.s.Negation
	prev := -1            // the previous kept word in this clause (text), its item index
	prevHalf := int32(-1) // the previous kept word's bigram half (ids), -1 for none
	for i, it := range x.items {
		if it.kind == Punct {
			prev, prevHalf = -1, -1
			continue
		}
		if it.drop {
			continue
		}
		if emit != nil {
			x.scratch = x.appendWord(x.scratch[:0], it)
			emit(x.scratch)
			if x.s.Bigrams && prev >= 0 {
				x.scratch = x.appendWord(x.scratch[:0], x.items[prev])
				x.scratch = append(x.scratch, ' ')
				x.scratch = x.appendWord(x.scratch, it)
				emit(x.scratch)
			}
			prev = i
			continue
		}
		info := it.info
		k := 0
		if neg && it.negated {
			k = 1
		}
		if info.gen[k] != x.gen {
			x.resolve(info, k)
		}
		if id := info.ids[k].uni; id >= 0 {
			dst = append(dst, id)
		}
		h := info.ids[k].half
		if x.s.Bigrams && prevHalf >= 0 && h >= 0 {
			if id := x.ids.bigram.get(uint64(prevHalf)<<32 | uint64(h)); id >= 0 {
				dst = append(dst, id)
			}
		}
		prevHalf = h
	}
	return dst, valence
}

// appendPolarity writes the k-th copy of a polarity feature. Copies are
// features of their own ("<pol:neg>", "<pol:neg>2", …) so that binary
// counting keeps them: k copies weigh k times one.
func appendPolarity(b []byte, bucket string, k int) []byte {
	b = append(b, bucket...)
	if k > 1 {
		b = strconv.AppendInt(b, int64(k), 10)
	}
	return b
}

// prepare tokenizes text into x.items, finds cue phrases (x.cueTags),
// replaces actor aliases, marks negation scopes and stop words, and
// returns the sum of the words' lexicon valences (0 when polarity is off).
func (x *Extractor) prepare(text string) float64 {
	x.recycle() // the last sentence's items are gone
	x.tok.tokenize(text)
	x.items = x.items[:0]
	x.cueTags = x.cueTags[:0]
	x.startAt = x.startAt[:0]
	for _, sp := range x.tok.toks {
		it := item{kind: sp.kind}
		if it.kind == Word {
			it.info = x.word(x.tok.buf[sp.start:sp.end], sp.key)
			if it.info.starts != nil {
				x.startAt = append(x.startAt, len(x.items))
			}
		}
		x.items = append(x.items, it)
	}
	if len(x.startAt) > 0 {
		x.phrases()
	}
	// One pass for negation scopes, valence and stop words.
	negation := x.s.Negation || x.s.Polarity > 0
	polarity := x.s.Polarity > 0
	on := false // in a negation scope
	valence := 0.0
	for i := range x.items {
		it := &x.items[i]
		if it.kind == Punct {
			on = false
			continue
		}
		info := it.info
		if negation {
			it.negated = on
			if startsNegation(x.items, i) {
				on = true
			}
		}
		if polarity && info.valence != 0 {
			v := info.valence
			if it.negated {
				v *= -0.74
			}
			valence += v
		}
		if x.s.StopWords && info.stop {
			it.drop = true
		}
	}
	return valence
}

// phrases finds cue phrases (x.cueTags) and replaces actor aliases with
// their tokens, trying only the words that can start one (x.startAt).
// Phrases do not overlap: after a match, the next may start only after it.
func (x *Extractor) phrases() {
	if x.cues != nil {
		next := 0
		for _, i := range x.startAt {
			if i < next {
				continue
			}
			if tag, n := match(x.items[i].info.starts.cues, x.items, i); n > 0 {
				x.cueTags = append(x.cueTags, tag)
				next = i + n
			}
		}
	}
	if x.actors == nil {
		return
	}
	// Compact in place: items before a match move down over the words an
	// alias took (out <= read, so nothing is overwritten before it is
	// read), and most sentences, with one-word aliases only, move nothing.
	out, read := 0, 0
	for _, i := range x.startAt {
		if i < read {
			continue
		}
		tag, n := match(x.items[i].info.starts.actors, x.items, i)
		if n == 0 {
			continue
		}
		if out != read {
			copy(x.items[out:], x.items[read:i])
		}
		out += i - read
		x.items[out] = item{kind: Word, info: x.actorAs[tag]}
		out++
		read = i + n
	}
	if out != read {
		copy(x.items[out:], x.items[read:])
	}
	x.items = x.items[:out+len(x.items)-read]
}

func (x *Extractor) appendWord(b []byte, it item) []byte {
	if it.negated && x.s.Negation {
		b = append(b, negPrefix...)
	}
	return append(b, it.info.final...)
}

// Features returns the features of text as strings, each once if the
// settings are Binary. It allocates; the classify hot path uses Extract.
func (x *Extractor) Features(text string) []string {
	var out []string
	seen := make(map[string]bool)
	x.Extract(text, func(f []byte) {
		s := string(f)
		if x.s.Binary && seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
	})
	return out
}

// WordFeature returns the unigram feature a single word becomes under x's
// settings ("working" -> "work" when stemming), and false if the word is
// not one plain token (an emoticon, a contraction, two words) or is a stop
// word that is dropped. It is how lexicon words are put in feature form.
func (x *Extractor) WordFeature(word string) (string, bool) {
	x.tok.tokenize(word)
	if len(x.tok.toks) != 1 || x.tok.toks[0].kind != Word {
		return "", false
	}
	sp := x.tok.toks[0]
	w := x.tok.buf[sp.start:sp.end]
	if string(w) != word {
		return "", false
	}
	info := x.word(w, wordKey{})
	if x.s.StopWords && info.stop {
		return "", false
	}
	return string(info.final), true
}
