package features

import (
	"regexp"
	"strings"
	"sync"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
)

// referenceSplitter is the splitter features shipped before it had a Punkt
// of its own: the Punkt segmenter of github.com/neurosnap/sentences v1.1.2
// with its English data, plus the same repairs (oneSentence, the
// "N. Capital" cut) and the same deliberate differences (initialismJoins,
// openedAbbrevJoins, and titleAbbrevs added to its abbreviations).
// The labels in labels/data were cut with it, so the tests hold
// Splitter.Sentences equal to it, sentence for sentence.
type referenceSplitter struct {
	punkt func() (*sentences.DefaultSentenceTokenizer, error)
}

func newReferenceSplitter() *referenceSplitter {
	return &referenceSplitter{punkt: sync.OnceValues(func() (*sentences.DefaultSentenceTokenizer, error) {
		tok, err := english.NewSentenceTokenizer(nil)
		if err == nil {
			addTitleAbbrevs(tok)
		}
		return tok, err
	})}
}

// addTitleAbbrevs adds titleAbbrevs to a neurosnap/sentences tokenizer's
// abbreviations, as the shipped data has them.
func addTitleAbbrevs(tok *sentences.DefaultSentenceTokenizer) {
	for _, w := range titleAbbrevs {
		tok.AbbrevTypes[w] = 1
	}
}

// openedAbbrev is openedAbbrevJoins with the shipped abbreviations, which
// are neurosnap/sentences' English ones (TestPunktData).
func openedAbbrev(before string) bool {
	d, err := englishPunkt()
	if err != nil {
		panic(err)
	}
	return d.openedAbbrevJoins(before)
}

var referenceNumberEnd = regexp.MustCompile(`\d\.\s+["“‘']?[A-Z]`)

func referenceOneSentence(p string) bool {
	p = strings.TrimRight(p, " \t\r\n\"'”’)]*")
	p = strings.TrimRight(p, ".!?…")
	return !strings.ContainsAny(p, ".!?…")
}

func (s *referenceSplitter) Sentences(paragraph string) []string {
	if referenceOneSentence(paragraph) {
		if p := strings.TrimSpace(paragraph); p != "" {
			return []string{p}
		}
		return nil
	}
	punkt, err := s.punkt()
	if err != nil {
		panic(err)
	}
	var out []string
	sents := punkt.Tokenize(paragraph)
	for i := 0; i < len(sents); i++ {
		sent := sents[i]
		// The deliberate differences: a cut after "U.S." before a word
		// that does not open sentences is not made (initialismJoins), nor
		// one after an abbreviation behind an opening bracket or quote
		// (openedAbbrevJoins).
		for i+1 < len(sents) && (initialismJoins(paragraph[sent.Start:sents[i+1].Start], paragraph[sents[i+1].Start:]) ||
			openedAbbrev(paragraph[sent.Start:sents[i+1].Start])) {
			i++
			sent = &sentences.Sentence{Start: sent.Start, End: sents[i].End, Text: paragraph[sent.Start:sents[i].End]}
		}
		text := sent.Text
		for {
			loc := referenceNumberEnd.FindStringIndex(text)
			if loc == nil {
				break
			}
			cut := loc[0] + 2
			if piece := strings.TrimSpace(text[:cut]); piece != "" {
				out = append(out, piece)
			}
			text = text[cut:]
		}
		if piece := strings.TrimSpace(text); piece != "" {
			out = append(out, piece)
		}
	}
	return out
}
