package features

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/jonreiter/govader/data"
)

// vaderValence is VADER's lexicon: word -> valence, −4 … +4. It is read
// once and never changed. It is parsed here from govader's data, not
// through govader.NewSentimentIntensityAnalyzer, which also builds what
// only VADER's own scoring needs and takes three times as long.
var vaderValence = sync.OnceValue(func() map[string]float64 {
	raw, err := data.Asset("rawdata/vaderLexicon.txt")
	if err != nil {
		panic("features: reading the VADER lexicon: " + err.Error()) // compiled in
	}
	lex := make(map[string]float64, 7600)
	for len(raw) > 0 {
		line := raw
		if nl := bytes.IndexByte(raw, '\n'); nl >= 0 {
			line, raw = raw[:nl], raw[nl+1:]
		} else {
			raw = nil
		}
		// word TAB mean-valence TAB std-dev TAB raw ratings
		word, rest, ok := bytes.Cut(line, []byte{'\t'})
		if !ok {
			continue
		}
		val, _, _ := bytes.Cut(rest, []byte{'\t'})
		if v, err := strconv.ParseFloat(string(val), 64); err == nil {
			lex[string(word)] = v
		}
	}
	return lex
})

// VaderLexicon returns VADER's word valences. The map is shared: do not
// change it.
func VaderLexicon() map[string]float64 { return vaderValence() }

// Polarity buckets: the feature a sentence's lexicon polarity adds.
const (
	PolarityNegStrong = "<pol:neg+>"
	PolarityNeg       = "<pol:neg>"
	PolarityNeutral   = "<pol:neu>"
	PolarityPos       = "<pol:pos>"
	PolarityPosStrong = "<pol:pos+>"
)

// SentimentOnly reports whether feature f speaks to sentiment alone, so a
// model of any other target must ignore it: the polarity features.
func SentimentOnly(f string) bool { return strings.HasPrefix(f, "<pol:") }

// Polarity scoring follows VADER at its core, on the tokens the extractor
// already has: the sum of the lexicon valences of a sentence's words, a
// word in a negation scope counting −0.74 times its valence (Extractor.prepare),
// normalised to (−1, 1) by s/√(s²+15) (PolarityBucket). VADER's boosters,
// capitals, "but" and punctuation rules are left out: they cost a second
// pass over the raw text, and the classifier learns what they would add.
// The score becomes one of five bucket features, split at ±0.05 (VADER's
// own neutral band) and ±0.5.

// PolarityBucket returns the polarity feature of a text whose lexicon
// valences sum to s.
func PolarityBucket(s float64) string {
	c := s / math.Sqrt(s*s+15)
	switch {
	case c <= -0.5:
		return PolarityNegStrong
	case c <= -0.05:
		return PolarityNeg
	case c < 0.05:
		return PolarityNeutral
	case c < 0.5:
		return PolarityPos
	}
	return PolarityPosStrong
}
