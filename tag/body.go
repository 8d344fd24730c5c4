package tag

import (
	"bytes"
	"strings"
	"sync"
)

// maxShortLine is the longest line mayNotBeBody lets through on its
// length alone. Page furniture, section labels, datelines and "News desk"
// are a few dozen bytes at most.
const maxShortLine = 64

// nonBodyPhrases are, in lower case, the phrases one of which a line not
// otherwise suspect needs for features.Splitter.Article to leave it out:
// those of subscription prompts, legal notices and comment policies, the
// patterns of Article not tied to a short line. A comment policy may also
// be "comment" and, anywhere on the line, one of commentWords.
var nonBodyPhrases = [][]byte{
	[]byte("subscribe"), []byte("sign up"), []byte("signing up"), []byte("newsletter"), []byte("delivered straight to your inbox"),
	[]byte("privacy policy"), []byte("terms and conditions"), []byte("purchase this article"), []byte("all rights reserved"),
	[]byte("republication"), []byte("community guidelines"), []byte("we will not tolerate"), []byte("constructive criticism"),
	[]byte("profanity"),
}

var commentWords = [][]byte{[]byte("moderat"), []byte("approv"), []byte("reject"), []byte("guidelines"), []byte("submitted"), []byte("edited")}

// phraseDFA finds nonBodyPhrases and "comment" in one pass over a line,
// in any ASCII case, without copying it: an Aho-Corasick automaton made
// into a table of next states, one lookup a byte. Fourteen searches of
// the line, one per phrase, took some 40% of what paragraph mode costs
// over --lines; a byte loop comparing the phrases that start with each
// byte took as long.
type phraseDFA struct {
	next [][256]uint16 // next[state][byte]
	out  []uint8       // out[state]: phraseFound, commentFound or 0
}

const (
	phraseFound  = 1
	commentFound = 2
)

// bodyPhrases is made on first use: --lines never needs it, and start-up
// should not pay for it.
var bodyPhrases = sync.OnceValue(func() *phraseDFA { return newPhraseDFA(nonBodyPhrases, []byte("comment")) })

func newPhraseDFA(phrases [][]byte, comment []byte) *phraseDFA {
	d := &phraseDFA{next: make([][256]uint16, 1), out: make([]uint8, 1)}
	goTo := []map[byte]uint16{{}}
	add := func(p []byte, found uint8) {
		st := uint16(0)
		for _, c := range p {
			nx, ok := goTo[st][c]
			if !ok {
				nx = uint16(len(goTo))
				goTo = append(goTo, map[byte]uint16{})
				d.out = append(d.out, 0)
				goTo[st][c] = nx
			}
			st = nx
		}
		d.out[st] |= found
	}
	for _, p := range phrases {
		add(p, phraseFound)
	}
	add(comment, commentFound)
	d.next = make([][256]uint16, len(goTo))
	fail := make([]uint16, len(goTo))
	// Breadth first: a state's failure link and row come from states
	// nearer the root, already done.
	queue := []uint16{0}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		d.out[st] |= d.out[fail[st]]
		for c := range 256 {
			if nx, ok := goTo[st][byte(c)]; ok {
				if st != 0 {
					fail[nx] = d.next[fail[st]][c]
				}
				d.next[st][c] = nx
				queue = append(queue, nx)
			} else {
				d.next[st][c] = d.next[fail[st]][c]
			}
		}
	}
	// Upper-case ASCII letters go where their lower-case letters go.
	for st := range d.next {
		for c := 'A'; c <= 'Z'; c++ {
			d.next[st][c] = d.next[st][c+'a'-'A']
		}
	}
	return d
}

// scan returns what the line holds: phraseFound as soon as a phrase is
// found, else commentFound if "comment" is there, else 0.
func (d *phraseDFA) scan(line string) uint8 {
	var st uint16
	var seen uint8
	for i := 0; i < len(line); i++ {
		st = d.next[st][line[i]]
		if o := d.out[st]; o != 0 {
			if o&phraseFound != 0 {
				return phraseFound
			}
			seen |= o
		}
	}
	return seen
}

// mayNotBeBody reports whether features.Splitter.Article might leave
// line out when it stands alone: whether it is short (maxShortLine), has
// no blank (a bare link), starts with "by" (a byline), ends with a colon
// (a label), or holds one of nonBodyPhrases (or "comment" and one of
// commentWords), in any case. It is false for most lines of prose, which
// then skip Article: its patterns cost some sixty times what splitting a
// paragraph into sentences does, and a stream of paragraphs would be
// classified at a quarter of the speed. TestMayNotBeBody holds it to
// Article on the left-out lines of the shipped corpus, the shipped
// articles and the test inputs, so that a new pattern in Article that it
// does not know fails a test rather than slip through; FuzzMayNotBeBody
// holds the automaton to a plain search for each phrase. lower is a
// buffer for the line in lower case, reused from call to call.
func mayNotBeBody(line string, lower *[]byte) bool {
	line = strings.TrimSpace(line)
	if len(line) <= maxShortLine || !strings.ContainsAny(line, " \t\n\f\r") || strings.HasSuffix(line, ":") {
		return true
	}
	if len(line) >= 2 && line[0]|0x20 == 'b' && line[1]|0x20 == 'y' {
		return true
	}
	switch bodyPhrases().scan(line) {
	case phraseFound:
		return true
	case commentFound:
		l := appendLower((*lower)[:0], line)
		*lower = l
		for _, w := range commentWords {
			if bytes.Contains(l, w) {
				return true
			}
		}
	}
	return false
}

// appendLower appends s with ASCII letters in lower case. The phrases
// are ASCII; Article's patterns also fold a few other letters to them
// (the Kelvin sign to k, the long s to s), which news text does not use.
func appendLower(dst []byte, s string) []byte {
	n := len(dst)
	dst = append(dst, s...)
	for i := n; i < len(dst); i++ {
		if c := dst[i]; 'A' <= c && c <= 'Z' {
			dst[i] = c + 'a' - 'A'
		}
	}
	return dst
}
