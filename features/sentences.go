package features

import (
	"regexp"
	"strings"
	"sync"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
)

// Splitter splits news text into sentences. It wraps the Punkt segmenter of
// github.com/neurosnap/sentences (English data), which gets abbreviations
// such as "U.S.", "U.N.", "U.S.-led", "Sept. 15" and quotes ending in
// `," he said.` right, and mends the cases it is known to miss on news text
// (see Sentences). A Splitter is safe for concurrent use: the segmenter
// keeps its trained data read-only and builds fresh tokens on every call.
type Splitter struct {
	// punkt is loaded on first need: its trained data takes ~20 ms to read,
	// and a line with no sentence end inside it needs no segmenter.
	punkt func() (*sentences.DefaultSentenceTokenizer, error)
	junk  []junkLine // compiled once, not per article
}

// NewSplitter returns a Splitter with the segmenter's shipped English data.
func NewSplitter() (*Splitter, error) {
	return &Splitter{
		punkt: sync.OnceValues(func() (*sentences.DefaultSentenceTokenizer, error) {
			return english.NewSentenceTokenizer(nil)
		}),
		junk: junkLines(),
	}, nil
}

// oneSentence reports whether p can only be one sentence: no sentence
// punctuation (. ! ? …) before its end. Punkt would return it whole.
func oneSentence(p string) bool {
	p = strings.TrimRight(p, " \t\r\n\"'”’)]*")
	p = strings.TrimRight(p, ".!?…")
	return !strings.ContainsAny(p, ".!?…")
}

// numberEnd finds a sentence end that Punkt never takes: a number followed
// by a period, white space and a capital letter, as in "in 2011. Russia",
// "on February 27. It" or "on Sept 25. At least". Punkt treats every token
// ending in a digit and a period as a possible ordinal and keeps it joined.
var numberEnd = regexp.MustCompile(`\d\.\s+["“‘']?[A-Z]`)

// Sentences splits one paragraph into sentences, trimmed of surrounding
// white space; empty pieces are dropped. A paragraph is one line of an
// article: Punkt never ends a sentence at a newline, so callers split on
// lines first (see Article).
func (s *Splitter) Sentences(paragraph string) []string {
	if oneSentence(paragraph) {
		if p := strings.TrimSpace(paragraph); p != "" {
			return []string{p}
		}
		return nil
	}
	punkt, err := s.punkt()
	if err != nil {
		// The data is compiled in; failing to read it is a broken build.
		panic("features: loading the sentence segmenter: " + err.Error())
	}
	var out []string
	for _, sent := range punkt.Tokenize(paragraph) {
		for _, piece := range splitNumberEnds(sent.Text) {
			if piece = strings.TrimSpace(piece); piece != "" {
				out = append(out, piece)
			}
		}
	}
	return out
}

// splitNumberEnds cuts text after each "N. Capital" boundary that Punkt
// missed.
func splitNumberEnds(text string) []string {
	var out []string
	for {
		loc := numberEnd.FindStringIndex(text)
		if loc == nil {
			return append(out, text)
		}
		cut := loc[0] + 2 // after the digit and the period
		out = append(out, text[:cut])
		text = text[cut:]
	}
}
