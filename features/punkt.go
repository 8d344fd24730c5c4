package features

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/stance-nlp/stance/internal/flatbin"
)

// This file is the Punkt sentence boundary detector (Kiss and Strunk,
// "Unsupervised Multilingual Sentence Boundary Detection", 2006) exactly as
// github.com/neurosnap/sentences v1.1.2 runs it for English, quirks
// included, with the trained data of that package (punkt/english.txt). The
// labelled corpus was cut with that package, so this one must cut where it
// does: the TestPunktMatchesReference tests (on the shipped articles, on
// generated paragraphs full of hard words, on a file such as bench/gen
// output) and FuzzPunktMatchesReference hold the two equal, sentence for
// sentence. What differs is the cost: the package builds a token object per
// word and runs a dozen regular expressions on each, which made the default
// paragraph mode of `stance classify` seven times slower than --lines. Here
// only the words holding . ? or ! (the only ones that can end a sentence)
// and the word after each are looked at, found by jumping from one such
// mark to the next; hand-written tests stand in for the expressions, and
// nothing is allocated.
//
// Punkt decides at each word ending in sentence punctuation whether a
// sentence ends there, in three passes over the words, each reading the
// results of the ones before:
//
//  1. by the word alone: "said." ends a sentence, "Sept." (a known
//     abbreviation) does not;
//  2. by the word and the next one: a known collocation ("##number##
//     international") or an initial or ordinal before a word that is not a
//     sentence starter keeps the sentence going; an abbreviation before a
//     word that is (by its orthographic context in the training text, or as
//     a frequent sentence starter) ends it;
//  3. the English layer: abbreviations with inner periods ("U.S.", "a.m."),
//     closing quotes and brackets after a period, and list numbers.

// punktData is what Punkt learnt from English text. Types are words
// lower-cased, with numbers written ##number## and commas dropped (see
// appendType).
type punktData struct {
	// t maps a type (or "type,type" for a collocation) to what Punkt
	// knows of it: ids.uni its orthographic context bits (ortho* below),
	// ids.half which sets it is in (punktAbbrev…). A flat table, so the
	// shipped data is used where it lies (punkt/english.bin) instead of
	// parsed into maps at every start of paragraph mode.
	t wordTable
	// sets holds the few types in a set (ids.half of t), for the lookups
	// made at every final period: the whole table is some 430 KB, and
	// finding "said" in it to learn that it is not an abbreviation took
	// most of pass 1. The table lists these types first (see
	// punktTableKeys), so sets is made from its head.
	sets map[string]int32
	// How many of each, for tests.
	nAbbrev, nColloc, nStarter, nOrtho int
}

// punktTableKeys orders the types of a Punkt table: those in a set first,
// then the others, each part sorted.
func punktTableKeys(ids map[string]wordIDs) []string {
	var inSet, rest []string
	for k, w := range ids {
		if w.half != 0 {
			inSet = append(inSet, k)
		} else {
			rest = append(rest, k)
		}
	}
	slices.Sort(inSet)
	slices.Sort(rest)
	return append(inSet, rest...)
}

// makeSets makes d.sets from the head of d.t, and checks that the head
// holds as many types of each set as d's counts say: a table that lists a
// set's type after the others would otherwise lose it without a word.
func (d *punktData) makeSets() error {
	d.sets = make(map[string]int32, d.nAbbrev+d.nColloc+d.nStarter)
	var n [3]int
	for i, w := range d.t.ids {
		if w.half == 0 {
			break
		}
		d.sets[d.t.text[d.t.off[i]:d.t.off[i+1]]] = w.half
		for k, set := range []int32{punktAbbrev, punktColloc, punktStarter} {
			if w.half&set != 0 {
				n[k]++
			}
		}
	}
	if n != [3]int{d.nAbbrev, d.nColloc, d.nStarter} {
		return fmt.Errorf("the table's head holds %d abbreviations, %d collocations and %d sentence starters; want %d, %d and %d",
			n[0], n[1], n[2], d.nAbbrev, d.nColloc, d.nStarter)
	}
	return nil
}

// The sets a type can be in, as bits of its entry's ids.half.
const (
	punktAbbrev  = 1 << iota // an abbreviation before a period
	punktColloc              // "type,type": a period between them ends nothing
	punktStarter             // often starts a sentence
)

func (d *punktData) in(s string, set int32) bool { return d.sets[s]&set != 0 }

func (d *punktData) abbrev(s string) bool  { return d.in(s, punktAbbrev) }
func (d *punktData) colloc(s string) bool  { return d.in(s, punktColloc) }
func (d *punktData) starter(s string) bool { return d.in(s, punktStarter) }

// ortho returns the orthographic context bits of type s.
func (d *punktData) ortho(s string) uint8 {
	if w, ok := d.t.get(s); ok {
		return uint8(w.uni)
	}
	return 0
}

// The orthographic contexts a type was seen in, as bits: at the beginning
// of a sentence, in its middle or at an unknown position, upper or lower
// case.
const (
	orthoBegUc = 1 << 1
	orthoMidUc = 1 << 2
	orthoUnkUc = 1 << 3
	orthoBegLc = 1 << 4
	orthoMidLc = 1 << 5
	orthoUnkLc = 1 << 6
	orthoUc    = orthoBegUc | orthoMidUc | orthoUnkUc
	orthoLc    = orthoBegLc | orthoMidLc | orthoUnkLc
)

//go:embed punkt/english.txt
var punktEnglish string

const punktEnglishName = "features/punkt/english.txt"

// punktEnglishBin is punkt/english.txt as punktData's table, made by go
// test ./features -run TestPunktBinary -update and held to the text by
// that test.
//
//go:embed punkt/english.bin
var punktEnglishBin []byte

const punktMagic = "STPUNKT1"

// englishPunkt is the shipped data, read once: it is immutable after.
var englishPunkt = sync.OnceValues(func() (*punktData, error) {
	return readPunkt(punktEnglishBin)
})

// appendBinary writes d: "STPUNKT1", the four counts (uint32), the table.
func (d *punktData) appendBinary(b []byte) []byte {
	w := flatbin.Writer{B: append(b, punktMagic...)}
	for _, n := range []int{d.nAbbrev, d.nColloc, d.nStarter, d.nOrtho} {
		w.U32(uint32(n))
	}
	d.t.appendBinary(&w)
	return w.B
}

// readPunkt reads what appendBinary wrote, using b's bytes where it can.
func readPunkt(b []byte) (*punktData, error) {
	r := flatbin.Reader{B: b}
	if string(r.Bytes(len(punktMagic))) != punktMagic {
		return nil, fmt.Errorf("%s: not Punkt data", punktEnglishName)
	}
	d := &punktData{nAbbrev: int(r.U32()), nColloc: int(r.U32()), nStarter: int(r.U32()), nOrtho: int(r.U32())}
	d.t = readWordTable(&r)
	if r.Err != nil {
		return nil, fmt.Errorf("Punkt data: %w", r.Err)
	}
	if err := d.t.check(); err != nil {
		return nil, fmt.Errorf("Punkt data: %w", err)
	}
	if err := d.makeSets(); err != nil {
		return nil, fmt.Errorf("Punkt data: %w", err)
	}
	return d, nil
}

// parsePunkt reads Punkt data in the format of punkt/english.txt: comment
// lines ("#" alone or followed by a space: types may start with "#", as
// "##number##" does), then sections headed [abbrev], [colloc], [starter]
// and [ortho] with one type a line ("type BITS" in [ortho]).
func parsePunkt(text, name string) (*punktData, error) {
	d := &punktData{}
	ids := make(map[string]wordIDs, 16384)
	var set int32
	ortho := false
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		switch {
		case line == "" || line == "#" || strings.HasPrefix(line, "# "):
		case line == "[abbrev]":
			set, ortho = punktAbbrev, false
		case line == "[colloc]":
			set, ortho = punktColloc, false
		case line == "[starter]":
			set, ortho = punktStarter, false
		case line == "[ortho]":
			set, ortho = 0, true
		case ortho:
			// "type BITS", BITS a number below 128 (the six flags).
			sp := strings.LastIndexByte(line, ' ')
			b, ok := 0, sp > 0 && sp < len(line)-1 && len(line)-sp <= 4
			for i := sp + 1; ok && i < len(line); i++ {
				c := line[i]
				ok = '0' <= c && c <= '9'
				b = b*10 + int(c-'0')
			}
			if !ok || b >= 128 {
				return nil, fmt.Errorf("%s:%d: want TYPE BITS, BITS from 0 to 127, got %q", name, n, line)
			}
			w := ids[line[:sp]]
			w.uni = int32(b)
			ids[line[:sp]] = w
			d.nOrtho++
		case set != 0:
			w := ids[line]
			if w.half&set == 0 {
				switch set {
				case punktAbbrev:
					d.nAbbrev++
				case punktColloc:
					d.nColloc++
				case punktStarter:
					d.nStarter++
				}
			}
			w.half |= set
			ids[line] = w
		default:
			return nil, fmt.Errorf("%s:%d: %q before any section", name, n, line)
		}
	}
	d.t = newWordTable(ids, punktTableKeys(ids))
	if err := d.makeSets(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return d, nil
}

// ptok is a word of the paragraph that may end a sentence (it holds . ? !
// or ends in 。), with what Punkt needs of the word after it.
type ptok struct {
	start, end int // the word: text[start:end]
	pos        int // where a sentence ending at the word ends: after it
	// next, nextEnd: the word after it, text[next:nextEnd]; next < 0 if
	// the word is the last one. nextCand: that word is the next ptok.
	next, nextEnd int
	nextCand      bool
	sentBreak     bool // a sentence ends here
	abbr          bool // the word is an abbreviation
}

// punkt runs Punkt over one paragraph, with scratch space reused between
// calls.
type punkt struct {
	d    *punktData
	text string
	toks []ptok
	buf  []byte // type of the current word
	buf2 []byte // type of the next word
	buf3 []byte // a collocation
	next ptok   // the word after a ptok when that word is not one
}

var punktPool = sync.Pool{New: func() any { return new(punkt) }}

// asciiSpace marks the ASCII bytes unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isCJKPunct reports the full stops, semicolon, exclamation and question
// marks that end a word in the reference tokenizer although no space
// follows them.
func isCJKPunct(r rune) bool { return r == '。' || r == '；' || r == '！' || r == '？' }

// trimSpan trims white space (unicode.IsSpace, as strings.TrimSpace) off
// both ends of text[a:b].
func trimSpan(text string, a, b int) (int, int) {
	for a < b {
		if c := text[a]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			a++
		} else {
			r, size := utf8.DecodeRuneInString(text[a:b])
			if !unicode.IsSpace(r) {
				break
			}
			a += size
		}
	}
	for b > a {
		if c := text[b-1]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			b--
		} else {
			r, size := utf8.DecodeLastRuneInString(text[a:b])
			if !unicode.IsSpace(r) {
				break
			}
			b -= size
		}
	}
	return a, b
}

// tokenize finds the words of text as the reference tokenizer does and
// keeps those that may end a sentence. A word ends at white space or after
// one of the CJK marks, with two quirks kept: the byte at the very end of
// the text ends a word only if it is a whole character (so a text ending in
// "”" has its last word left out, and the word before it has no next
// word), and a CJK mark one byte before the end takes that byte along.
// A text with no word boundary at all is one word; it can end only the
// text, so it is left out.
//
// Text without CJK marks (the usual case) goes to find, which jumps from
// one . ? ! to the next; other text to scan, which reads every byte. Both
// find the same words (FuzzPunktFindMatchesScan).
func (p *punkt) tokenize() {
	// Every CJK mark starts with one of these bytes.
	if strings.IndexByte(p.text, 0xE3) < 0 && strings.IndexByte(p.text, 0xEF) < 0 {
		p.find()
	} else {
		p.scan()
	}
}

// find is tokenize for text with no CJK mark. Words are runs of
// characters other than white space, so the word around a . ? or ! is
// found by looking outwards from it to white space, and the bytes between
// are never read. Looking backwards finds the same white space as the
// reference's forward reading, even in text that is not UTF-8: a
// multi-byte space is a valid character, and no reading from the front
// can take its first byte as part of another character.
func (p *punkt) find() {
	text := p.text
	n := len(text)
	p.toks = p.toks[:0]
	// A word running to the end of the text is a word only if the text's
	// last byte starts a character (see tokenize).
	lastStarts := false
	if n > 0 {
		_, size := utf8.DecodeLastRuneInString(text)
		lastStarts = size == 1
	}
	next := [3]int{-2, -2, -2} // next . ? ! at or after from; -1 none, -2 not looked for
	for from := 0; ; {
		c := -1
		for k, b := range [3]byte{'.', '?', '!'} {
			if next[k] == -2 || next[k] >= 0 && next[k] < from {
				next[k] = strings.IndexByte(text[from:], b)
				if next[k] >= 0 {
					next[k] += from
				}
			}
			if next[k] >= 0 && (c < 0 || next[k] < c) {
				c = next[k]
			}
		}
		if c < 0 {
			return
		}
		ws, we := punktWordStart(text, c), punktWordEnd(text, c)
		if we == n && !lastStarts {
			return
		}
		if k := len(p.toks); k > 0 && p.toks[k-1].next == ws {
			p.toks[k-1].nextCand = true
		}
		t := ptok{start: ws, end: we, pos: we, next: -1}
		ns := we
		for ns < n {
			if c := text[ns]; c < utf8.RuneSelf {
				if !asciiSpace[c] {
					break
				}
				ns++
			} else {
				r, size := utf8.DecodeRuneInString(text[ns:])
				if !unicode.IsSpace(r) {
					break
				}
				ns += size
			}
		}
		if ns < n {
			if ne := punktWordEnd(text, ns); ne < n || lastStarts {
				t.next, t.nextEnd = ns, ne
			}
		}
		p.toks = append(p.toks, t)
		if t.next < 0 {
			return
		}
		from = we
	}
}

// punktWordStart returns where the word holding text[i] starts: after the white
// space before it, or 0.
func punktWordStart(text string, i int) int {
	for i > 0 {
		if c := text[i-1]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				break
			}
			i--
		} else {
			r, size := utf8.DecodeLastRuneInString(text[:i])
			if unicode.IsSpace(r) {
				break
			}
			i -= size
		}
	}
	return i
}

// punktWordEnd returns where the word holding text[i] ends: at the white space
// after it, or len(text). text[i] must start a character.
func punktWordEnd(text string, i int) int {
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				break
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				break
			}
			i += size
		}
	}
	return i
}

// scan is tokenize for any text: it reads every byte, as the reference
// does.
func (p *punkt) scan() {
	text := p.text
	n := len(text)
	p.toks = p.toks[:0]
	last := 0      // where the current word's span starts (the reference's lastSpace)
	punct := false // the span holds . ? or !
	pending := -1  // index of the ptok waiting for its next word
	for i := 0; ; {
		// Most bytes are plain ASCII inside a word: skip them in a tight
		// loop. Only the last byte of the text (which ends a word whatever
		// it is) needs a look.
		from := i
		for i < n && byteClass[text[i]] == punktPlain {
			i++
		}
		var j, cursor int
		cjk := false
		switch {
		case i == n && i > from:
			j, cursor = n-1, n // a plain byte last: it ends the word
		case i == n:
			return
		default:
			c := text[i]
			size, sep := 1, false
			switch byteClass[c] {
			case punktSpace:
				sep = true
			case punktPunct:
				punct = true
			default:
				var r rune
				r, size = utf8.DecodeRuneInString(text[i:])
				if isCJKPunct(r) {
					sep, cjk = true, true
				} else {
					sep = unicode.IsSpace(r)
				}
			}
			j = i
			i += size
			if !sep && j != n-1 {
				continue
			}
			if cjk {
				j += size
			}
			cursor = j
			if j == n-1 {
				cursor = n
			}
		}
		ws, we := trimSpan(text, last, cursor)
		if ws == we {
			continue
		}
		if cursor > i && strings.ContainsAny(text[i:cursor], ".?!") {
			punct = true // the byte after a CJK mark, taken along unread
		}
		cand := punct || cjk && strings.HasSuffix(text[ws:we], "。")
		if pending >= 0 {
			t := &p.toks[pending]
			t.next, t.nextEnd, t.nextCand = ws, we, cand
			pending = -1
		}
		if cand {
			p.toks = append(p.toks, ptok{start: ws, end: we, pos: cursor, next: -1})
			pending = len(p.toks) - 1
		}
		last, punct = cursor, false
		if cursor == n {
			return
		}
	}
}

// Classes of bytes for tokenize.
const (
	punktPlain = iota // ASCII, neither white space nor . ? !
	punktSpace        // ASCII white space
	punktPunct        // . ? !
	punktMulti        // part of a multi-byte character, or not UTF-8
)

var byteClass = func() (c [256]uint8) {
	for b := range c {
		switch {
		case b >= utf8.RuneSelf:
			c[b] = punktMulti
		case asciiSpace[b]:
			c[b] = punktSpace
		case b == '.' || b == '?' || b == '!':
			c[b] = punktPunct
		}
	}
	return c
}()

// annotate runs the three passes of Punkt over the words that may end a
// sentence, setting sentBreak.
func (p *punkt) annotate() {
	for k := range p.toks {
		p.typeAnnotation(&p.toks[k])
	}
	for k := range p.toks {
		one := &p.toks[k]
		if one.next < 0 {
			continue
		}
		p.tokenAnnotation(one, p.nextOf(k))
	}
	for k := range p.toks {
		one := &p.toks[k]
		if one.next < 0 {
			continue
		}
		p.multiPunctAnnotation(one, p.nextOf(k))
	}
}

// nextOf returns the word after toks[k]: the next ptok if that is it,
// otherwise a fresh word, which no pass has marked (and none will: only a
// word holding . ? or ! is ever marked).
func (p *punkt) nextOf(k int) *ptok {
	t := &p.toks[k]
	if t.nextCand {
		return &p.toks[k+1]
	}
	p.next = ptok{start: t.next, end: t.nextEnd, next: -1}
	return &p.next
}

func (p *punkt) tok(t *ptok) string { return p.text[t.start:t.end] }

// typeAnnotation is pass 1: "?", "!" and a period before a closing quote
// or bracket end a sentence; so does any other final period, unless the
// word before it is a known abbreviation.
func (p *punkt) typeAnnotation(t *ptok) {
	tok := p.tok(t)
	if hasSentEndChars(tok) {
		t.sentBreak = true
		return
	}
	if !hasPeriodFinal(tok) || strings.HasSuffix(tok, "..") {
		return
	}
	// The reference cuts the word at its length in runes, not bytes: a
	// word with a multi-byte character keeps its last bytes off. Kept so
	// that cuts stay where they were.
	stem := p.lower(p.buf[:0], tok[:utf8.RuneCountInString(tok)-1])
	p.buf = stem
	lastEl := stem
	if h := bytes.LastIndexByte(stem, '-'); h >= 0 {
		lastEl = stem[h+1:]
	}
	if p.d.abbrev(string(stem)) || len(lastEl) < len(stem) && p.d.abbrev(string(lastEl)) {
		t.abbr = true
	} else {
		t.sentBreak = true
	}
}

// tokenAnnotation is pass 2, on a word ending in a period and the word
// after it.
func (p *punkt) tokenAnnotation(one, two *ptok) {
	tok := p.tok(one)
	if !hasPeriodFinal(tok) {
		return
	}
	typ := p.typeNoPeriod(p.buf[:0], tok)
	p.buf = typ
	nextTyp := p.typeNoSentPeriod(p.buf2[:0], two)
	p.buf2 = nextTyp
	initial := isInitial(tok)

	// Collocation: "typ nextTyp" was seen across a period that did not
	// end a sentence.
	if p.isColloc(typ, nextTyp) {
		one.sentBreak, one.abbr = false, true
		return
	}
	// An abbreviation or ellipsis also ends a sentence if the next word
	// starts one, by its orthography or as a frequent sentence starter.
	if (one.abbr || strings.HasSuffix(tok, "..")) && !initial {
		if p.heuristic(two, nextTyp) == 1 {
			one.sentBreak = true
			return
		}
		if firstUpper(p.tok(two)) && p.d.starter(string(nextTyp)) {
			one.sentBreak = true
			return
		}
	}
	// ". ." is a spaced ellipsis.
	if tok == "." && p.tok(two) == "." {
		one.sentBreak, two.sentBreak = false, false
		return
	}
	// Initials and ordinals ("J. Bach", "the 3. place") end nothing before
	// a word that does not start sentences.
	if initial || string(typ) == "##number##" {
		h := p.heuristic(two, nextTyp)
		if h == 0 {
			one.sentBreak, one.abbr = false, true
			return
		}
		if h == -1 && initial && firstUpper(p.tok(two)) && p.d.ortho(string(nextTyp))&orthoLc == 0 {
			one.sentBreak, one.abbr = false, true
		}
	}
}

// isColloc reports whether "typ,next" is a known collocation.
func (p *punkt) isColloc(typ, next []byte) bool {
	p.buf3 = append(append(append(p.buf3[:0], typ...), ','), next...)
	return p.d.colloc(string(p.buf3))
}

// multiPunctAnnotation is pass 3, the English layer: list numbers end
// nothing; an abbreviation with inner periods ("U.S.", "a.m."), a lone
// period, a period before a closing quote or bracket, or a "1.2.3." is an
// abbreviation, which ends a sentence only if the next word starts one.
func (p *punkt) multiPunctAnnotation(one, two *ptok) {
	tok := p.tok(one)
	if isListNumber(tok) || tok == "N°." {
		one.sentBreak = false
		return
	}
	next := p.tok(two)
	if strings.HasSuffix(tok, ".") && next == "." {
		one.sentBreak = false
		return
	}
	unreliable, coord := hasUnreliableEndChars(tok), isCoordinatePartTwo(tok)
	if !hasInnerPeriodAbbr(tok) && tok != "." && !unreliable && !coord {
		return
	}
	if isInitial(tok) {
		return
	}
	one.abbr, one.sentBreak = true, false
	nextTyp := p.typeNoSentPeriod(p.buf2[:0], two)
	p.buf2 = nextTyp
	if p.heuristic(two, nextTyp) == 1 {
		one.sentBreak = true
		return
	}
	if firstUpper(next) && (p.d.starter(string(nextTyp)) || unreliable || tok == "." || coord) {
		one.sentBreak = true
	}
}

// heuristic is Punkt's orthographic heuristic: 1 if the word t (of type
// typ) starts a sentence, 0 if it does not, -1 if it cannot tell. A
// capitalised word starts one if it is seen in lower case but never
// capitalised mid-sentence; a lower-case word does not if it is seen
// capitalised or never starts a sentence in lower case.
func (p *punkt) heuristic(t *ptok, typ []byte) int {
	tok := p.tok(t)
	if isPunctuation(tok) {
		return 0
	}
	ctx := p.d.ortho(string(typ))
	if firstUpper(tok) && ctx&orthoLc != 0 && ctx&orthoMidUc == 0 {
		return 1
	}
	if firstLower(tok) && (ctx&orthoUc != 0 || ctx&orthoBegLc == 0) {
		return 0
	}
	return -1
}

// isPunctuation reports whether tok is one of Punkt's punctuation marks.
func isPunctuation(tok string) bool {
	switch tok {
	case ";", ":", ",", ".", "!", "?", "；", "：", "，", "。", "！", "？":
		return true
	}
	return false
}

// typeNoSentPeriod appends the type of t, without its final period if t
// ends a sentence.
func (p *punkt) typeNoSentPeriod(b []byte, t *ptok) []byte {
	if t.sentBreak {
		return p.typeNoPeriod(b, p.tok(t))
	}
	return p.appendType(b, p.tok(t))
}

// typeNoPeriod appends the type of tok without its final period.
func (p *punkt) typeNoPeriod(b []byte, tok string) []byte {
	start := len(b)
	b = p.appendType(b, tok)
	if len(b)-start > 1 && b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// appendType appends the type of tok: lower case, a trailing number
// replaced by ##number##, and commas dropped unless the type is one byte:
// "2011." -> "##number##", "$5,000" -> "$##number##", "Moscow," ->
// "moscow". The number is the longest suffix of the form
// -?[.,]?\d[\d,.-]* (the reference's expression, anchored at the end).
func (p *punkt) appendType(b []byte, tok string) []byte {
	start := len(b)
	b = p.lower(b, tok)
	// The trailing run of number characters, and its first digit.
	run := len(b)
	for run > start && isNumberByte(b[run-1]) {
		run--
	}
	d := run
	for d < len(b) && (b[d] < '0' || b[d] > '9') {
		d++
	}
	if d < len(b) {
		s := d
		if s > run && (b[s-1] == '.' || b[s-1] == ',') {
			s--
		}
		if s > run && b[s-1] == '-' {
			s--
		}
		b = append(b[:s], "##number##"...)
	}
	if len(b)-start == 1 {
		return b
	}
	w := start
	for r := start; r < len(b); r++ {
		if b[r] != ',' {
			b[w] = b[r]
			w++
		}
	}
	return b[:w]
}

func isNumberByte(c byte) bool { return c >= '0' && c <= '9' || c == ',' || c == '.' || c == '-' }

// lower appends s in lower case, as strings.ToLower writes it (which, for
// text that is not valid UTF-8, writes U+FFFD for each bad byte).
func (p *punkt) lower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(b, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// hasSentEndChars reports whether tok ends a sentence by its punctuation
// alone: "?" or "!" at the end, possibly inside a closing quote or
// bracket, a period inside one (`said."`), or a . ? ! before an opening
// bracket or, for a period, a quote (`U.S."-led`).
func hasSentEndChars(tok string) bool {
	if !endsInCloser(tok) && !strings.ContainsAny(tok, "[(\"'") {
		return false
	}
	for _, e := range [...]string{`."`, `.'`, `.)`, `.’`, `.”`, `?`, `?"`, `?'`, `?)`, `?’`, `?”`, `!`, `!"`, `!'`, `!)`, `!’`, `!”`} {
		if strings.HasSuffix(tok, e) {
			return true
		}
	}
	for _, e := range [...]string{`.[`, `.(`, `."`, `.'`, `?[`, `?(`, `![`, `!(`} {
		if strings.Contains(tok, e) {
			return true
		}
	}
	return false
}

// hasUnreliableEndChars reports whether tok ends in . ? or ! inside a
// closing quote or bracket, which may or may not end a sentence
// (`"No," he said."` against `"No." he said`).
func hasUnreliableEndChars(tok string) bool {
	if !endsInCloser(tok) {
		return false
	}
	for _, e := range [...]string{`."`, `.'`, `.)`, `.’`, `.”`, `?"`, `?'`, `?)`, `?’`, `?”`, `!"`, `!'`, `!)`, `!’`, `!”`} {
		if strings.HasSuffix(tok, e) {
			return true
		}
	}
	return false
}

// endsInCloser reports whether tok ends in a byte that the suffixes of
// hasSentEndChars and hasUnreliableEndChars end in: ? ! " ' ) or the last
// byte of ’ or ”. Most words do not, and skip the list.
func endsInCloser(tok string) bool {
	if tok == "" {
		return false
	}
	switch tok[len(tok)-1] {
	case '?', '!', '"', '\'', ')', 0x99, 0x9d:
		return true
	}
	return false
}

func hasPeriodFinal(tok string) bool {
	return strings.HasSuffix(tok, ".") || strings.HasSuffix(tok, "。")
}

// isInitial: one ASCII letter and a period, "J.".
func isInitial(tok string) bool {
	return len(tok) == 2 && tok[1] == '.' && ('a' <= tok[0]|0x20 && tok[0]|0x20 <= 'z')
}

// isListNumber: digits, then at most one character and a closing bracket
// (the reference's ^\d+.?\)?$): "2.", "3)", "10a)", and also "2011." and
// "1990s", which therefore never end a sentence here; numberEnd repairs
// the first.
func isListNumber(tok string) bool {
	k := 0
	for k < len(tok) && '0' <= tok[k] && tok[k] <= '9' {
		k++
	}
	if k == 0 {
		return false
	}
	rest := tok[k:]
	if rest == "" || rest == ")" {
		return true
	}
	_, size := utf8.DecodeRuneInString(rest)
	return rest[size:] == "" || rest[size:] == ")"
}

// isCoordinatePartTwo: digits and exactly three periods, ending in one
// (^[0-9]*\.[0-9]*\.[0-9]*\.$).
func isCoordinatePartTwo(tok string) bool {
	dots := 0
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return false
		}
	}
	return dots == 3 && strings.HasSuffix(tok, ".")
}

// hasInnerPeriodAbbr reports whether tok holds a word character, a period,
// word characters and a period: "U.S.", "a.m.", "Ph.D." (the reference's
// ((?:\w\.)+\w*\.), unanchored; \w is ASCII).
func hasInnerPeriodAbbr(tok string) bool {
	for i := 0; i+2 < len(tok); i++ {
		if tok[i+1] != '.' || !isWordByte(tok[i]) {
			continue
		}
		j := i + 2
		for j < len(tok) && isWordByte(tok[j]) {
			j++
		}
		if j < len(tok) && tok[j] == '.' {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// firstUpper and firstLower test the first character of tok.
func firstUpper(tok string) bool {
	if tok == "" {
		return false
	}
	if c := tok[0]; c < utf8.RuneSelf {
		return 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(tok)
	return unicode.IsUpper(r)
}

func firstLower(tok string) bool {
	if tok == "" {
		return false
	}
	if c := tok[0]; c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z'
	}
	r, _ := utf8.DecodeRuneInString(tok)
	return unicode.IsLower(r)
}
