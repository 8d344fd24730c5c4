package tag

import (
	"bytes"
	"strings"
	"sync"

	"github.com/stance-nlp/stance/features"
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
var nonBodyPhrases, commentWords = func() ([][]byte, [][]byte) {
	phrases, words := features.NonBodyPhrases()
	return byteSlices(phrases), byteSlices(words)
}()

func byteSlices(ss []string) [][]byte {
	bs := make([][]byte, len(ss))
	for i, s := range ss {
		bs[i] = []byte(s)
	}
	return bs
}

// phraseDFA finds nonBodyPhrases and "comment" in one pass over a line,
// in any ASCII case, without copying it: an Aho-Corasick automaton made
// into a table of next states, one lookup a byte. Fourteen searches of
// the line, one per phrase, took some 40% of what paragraph mode costs
// over --lines; a byte loop comparing the phrases that start with each
// byte took as long.
//
// Bytes that take every state to the same place (all but the phrases'
// letters and the blank) share a class, so the table is 220 states of 24
// classes, 10 KB, where a row per byte value made 110 KB, more than the
// processor's first cache holds while the rest of classify runs.
type phraseDFA struct {
	class [256]uint8 // class[byte]
	// trans[s+class] for the state s (a multiple of the number of classes)
	// is the next state, with what it finds (phraseFound, commentFound) in
	// the bits from outShift up.
	trans   []uint16
	longest int // bytes in the longest phrase
}

// outShift is where a transition's output starts; states stay below it.
const outShift = 14

const (
	phraseFound  = 1
	commentFound = 2
)

// bodyPhrases is made on first use: --lines never needs it, and start-up
// should not pay for it.
var bodyPhrases = sync.OnceValue(func() *phraseDFA { return newPhraseDFA(nonBodyPhrases, []byte("comment")) })

func newPhraseDFA(phrases [][]byte, comment []byte) *phraseDFA {
	var next [][256]uint16  // next[state][byte]
	out := make([]uint8, 1) // out[state]: phraseFound, commentFound or 0
	goTo := []map[byte]uint16{{}}
	add := func(p []byte, found uint8) {
		st := uint16(0)
		for _, c := range p {
			nx, ok := goTo[st][c]
			if !ok {
				nx = uint16(len(goTo))
				goTo = append(goTo, map[byte]uint16{})
				out = append(out, 0)
				goTo[st][c] = nx
			}
			st = nx
		}
		out[st] |= found
	}
	for _, p := range phrases {
		add(p, phraseFound)
	}
	add(comment, commentFound)
	next = make([][256]uint16, len(goTo))
	fail := make([]uint16, len(goTo))
	// Breadth first: a state's failure link and row come from states
	// nearer the root, already done.
	queue := []uint16{0}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		out[st] |= out[fail[st]]
		for c := range 256 {
			if nx, ok := goTo[st][byte(c)]; ok {
				if st != 0 {
					fail[nx] = next[fail[st]][c]
				}
				next[st][c] = nx
				queue = append(queue, nx)
			} else {
				next[st][c] = next[fail[st]][c]
			}
		}
	}
	// Upper-case ASCII letters go where their lower-case letters go.
	for st := range next {
		for c := 'A'; c <= 'Z'; c++ {
			next[st][c] = next[st][c+'a'-'A']
		}
	}
	// Classes: bytes with the same column of next states.
	d := &phraseDFA{longest: len(comment)}
	for _, p := range phrases {
		d.longest = max(d.longest, len(p))
	}
	classOf := map[string]uint8{}
	col := make([]byte, 0, 2*len(next))
	for c := range 256 {
		col = col[:0]
		for st := range next {
			col = append(col, byte(next[st][c]), byte(next[st][c]>>8))
		}
		k, ok := classOf[string(col)]
		if !ok {
			k = uint8(len(classOf))
			classOf[string(col)] = k
		}
		d.class[c] = k
	}
	n := len(classOf)
	if len(next)*n >= 1<<outShift {
		panic("tag: too many phrase states for phraseDFA")
	}
	d.trans = make([]uint16, len(next)*n)
	for st := range next {
		for c := range 256 {
			nx := next[st][c]
			d.trans[st*n+int(d.class[c])] = nx*uint16(n) | uint16(out[nx])<<outShift
		}
	}
	return d
}

// scan returns what the line holds: phraseFound as soon as a phrase is
// found, else commentFound if "comment" is there, else 0.
//
// A long line is scanned as two halves at once, the second started
// d.longest-1 bytes before the middle so that a phrase across the middle
// is whole in it: each byte's step waits for the one before, and two
// chains of steps run side by side in the processor: 1.3 -> 0.74 µs on a
// 700-byte line of prose (go test -bench, side by side).
func (d *phraseDFA) scan(line string) uint8 {
	if len(line) < 4*d.longest {
		return d.scanFrom(line)
	}
	mid := len(line) / 2
	a, b := line[:mid], line[mid-(d.longest-1):]
	var sa, sb uint16
	var seen uint8
	const mask = 1<<outShift - 1
	i := 0
	for ; i < len(a); i++ {
		va := d.trans[int(sa)+int(d.class[a[i]])]
		vb := d.trans[int(sb)+int(d.class[b[i]])]
		sa, sb = va&mask, vb&mask
		if o := uint8((va | vb) >> outShift); o != 0 {
			if o&phraseFound != 0 {
				return phraseFound
			}
			seen |= o
		}
	}
	if rest := d.scanFrom2(b[i:], sb); rest != phraseFound {
		return seen | rest
	}
	return phraseFound
}

// scanFrom is scan of line from the start state, one byte at a time.
func (d *phraseDFA) scanFrom(line string) uint8 { return d.scanFrom2(line, 0) }

// scanFrom2 is scan of line from state st, one byte at a time.
func (d *phraseDFA) scanFrom2(line string, st uint16) uint8 {
	var seen uint8
	for i := 0; i < len(line); i++ {
		v := d.trans[int(st)+int(d.class[line[i]])]
		st = v & (1<<outShift - 1)
		if o := uint8(v >> outShift); o != 0 {
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
