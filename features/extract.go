package features

import "strconv"

// item is a token on its way to becoming a feature.
type item struct {
	text    []byte
	kind    Kind
	negated bool
	drop    bool // a stop word: no unigram, skipped by bigrams
}

// Extractor turns sentences into features under one Settings. It reuses
// its buffers between calls, so it is not safe for concurrent use: give
// each goroutine its own.
type Extractor struct {
	s       Settings
	tok     tokenizer
	actors  *matcher
	cues    *matcher
	stems   stemmer
	items   []item
	scratch []byte
}

// Actor tokens replace a matched alias; cue features are added per match.
var actorToken = map[string][]byte{"US": []byte("<us>"), "RU": []byte("<ru>")}

// CueFeature returns the feature a cue of label adds: "<cue:obstacle>".
func CueFeature(label string) string { return "<cue:" + label + ">" }

// NewExtractor returns an Extractor for s.
func (s Settings) NewExtractor() (*Extractor, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	x := &Extractor{s: s}
	if len(s.Actors) > 0 {
		x.actors = newMatcher(s.Actors)
	}
	if len(s.Cues) > 0 {
		x.cues = newMatcher(s.Cues)
	}
	return x, nil
}

// Settings returns the settings x extracts with.
func (x *Extractor) Settings() Settings { return x.s }

// Extract calls emit for every feature occurrence in text, in text order:
// cue features first, then each unigram followed by the bigram it ends.
// The slice passed to emit is valid only during the call. Binary counting
// is left to the caller, which can do it on feature ids.
func (x *Extractor) Extract(text string, emit func(feature []byte)) {
	x.tok.tokenize(text)
	x.items = x.items[:0]
	for _, sp := range x.tok.toks {
		x.items = append(x.items, item{text: x.tok.buf[sp.start:sp.end], kind: sp.kind})
	}
	if x.cues != nil {
		for i := 0; i < len(x.items); i++ {
			if x.items[i].kind != Word {
				continue
			}
			if tag, n := x.cues.match(x.items, i); n > 0 {
				x.scratch = append(append(append(x.scratch[:0], "<cue:"...), tag...), '>')
				emit(x.scratch)
				i += n - 1
			}
		}
	}
	if x.actors != nil {
		out := x.items[:0]
		for i := 0; i < len(x.items); i++ {
			it := x.items[i]
			if it.kind == Word {
				if tag, n := x.actors.match(x.items, i); n > 0 {
					it.text = actorToken[tag]
					i += n - 1
				}
			}
			out = append(out, it)
		}
		x.items = out
	}
	if x.s.Negation || x.s.Polarity > 0 {
		markNegation(x.items)
	}
	if x.s.Polarity > 0 {
		// Copies are features of their own ("<pol:neg>", "<pol:neg>2", …) so
		// that binary counting keeps them: k copies weigh k times one.
		b := polarityBucket(x.items, vaderValence())
		for k := 1; k <= x.s.Polarity; k++ {
			x.scratch = append(x.scratch[:0], b...)
			if k > 1 {
				x.scratch = strconv.AppendInt(x.scratch, int64(k), 10)
			}
			emit(x.scratch)
		}
	}
	for i := range x.items {
		it := &x.items[i]
		if it.kind != Word {
			continue
		}
		if x.s.StopWords && isStopWord(string(it.text)) {
			it.drop = true
			continue
		}
		if x.s.Stem {
			it.text = x.stems.stem(it.text)
		}
	}
	prev := -1 // index of the previous kept word in this clause
	for i, it := range x.items {
		if it.kind == Punct {
			prev = -1
			continue
		}
		if it.drop {
			continue
		}
		x.scratch = x.appendWord(x.scratch[:0], it)
		emit(x.scratch)
		if x.s.Bigrams && prev >= 0 {
			x.scratch = x.appendWord(x.scratch[:0], x.items[prev])
			x.scratch = append(x.scratch, ' ')
			x.scratch = x.appendWord(x.scratch, it)
			emit(x.scratch)
		}
		prev = i
	}
}

func (x *Extractor) appendWord(b []byte, it item) []byte {
	if it.negated && x.s.Negation {
		b = append(b, negPrefix...)
	}
	return append(b, it.text...)
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
