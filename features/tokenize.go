package features

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind tells a word token from a punctuation token.
type Kind uint8

const (
	// Word is a word, a number (written "<num>") or a contraction part
	// ("n't").
	Word Kind = iota
	// Punct is clause punctuation: . , ; : ! ? ( ) [ ] and dashes. It is not
	// a feature; it ends a negation scope and bigrams do not cross it.
	Punct
)

// span is one token: bytes [start, end) of a tokenizer's buffer.
type span struct {
	start, end int32
	kind       Kind
	// key is the word's wordKey, for the Extractor's word cache, made
	// while scanning it; the zero key when not made.
	key wordKey
}

// tokenizer turns text into normalised tokens, reusing its buffers from one
// call to the next so the classify hot path does not allocate per token.
type tokenizer struct {
	buf  []byte
	toks []span
}

// Tokenize splits news text into lower-case tokens, punctuation included,
// as Settings.Extract sees them before features are formed:
//
//	`Moscow’s “we-told-you-so” U.S.—led` -> [moscow we told you so u.s. - led]
//	`It didn't change anything.`        -> [it did n't change anything .]
//	`IS fighters; 140,000 fled`         -> [i.s. fighters ; <num> fled]
//
// Curly quotes are read as straight ones, hyphens and quotes separate words,
// dashes are punctuation. "US", "U.S." and "U.S" all become "u.s." and the
// acronym "IS" becomes "i.s.", so neither is confused with the pronoun "us"
// or the verb "is"; other acronyms lose their dots ("U.N." -> "un"). A
// possessive or contracted "'s", "'re", "'ve", "'ll", "'d" or "'m" is dropped
// ("the U.N.'s envoy" -> [the un envoy]); "n't" is kept as a token of its own
// because it negates.
func Tokenize(text string) []string {
	var t tokenizer
	t.tokenize(text)
	out := make([]string, len(t.toks))
	for i, s := range t.toks {
		out[i] = string(t.buf[s.start:s.end])
	}
	return out
}

func (t *tokenizer) tokenize(text string) {
	t.buf = t.buf[:0]
	t.toks = t.toks[:0]
	for i := 0; i < len(text); {
		c := text[i]
		switch asciiClass[c] {
		case skip:
			i++
		case wordStart:
			i = t.word(text, i)
		case clausePunct:
			t.punct(c)
			i++
		case hyphen:
			if i > 0 && text[i-1] == ' ' && i+1 < len(text) && text[i+1] == ' ' {
				t.punct('-') // " - " is a dash; a hyphen inside a word only separates
			}
			i++
		default: // the first byte of a multi-byte rune
			r, size := utf8.DecodeRuneInString(text[i:])
			switch {
			case isWordRune(r):
				i = t.word(text, i)
			case r == '—' || r == '–' || r == '―':
				t.punct('-')
				i += size
			case r == '…':
				t.punct('.')
				i += size
			default:
				i += size
			}
		}
	}
}

// Classes of bytes, for tokenize's dispatch.
const (
	skip        = iota // white space, quotes and other ASCII that is no token
	wordStart          // an ASCII letter or digit
	clausePunct        // . , ; : ! ? ( ) [ ]
	hyphen             // '-': a dash between spaces, else a separator
	multiByte          // 0x80 and up: part of a multi-byte rune
)

var asciiClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = multiByte
		case isASCIIWord(byte(c)):
			t[c] = wordStart
		case strings.IndexByte(".,;:!?()[]", byte(c)) >= 0:
			t[c] = clausePunct
		case c == '-':
			t[c] = hyphen
		}
	}
	return t
}()

func (t *tokenizer) punct(c byte) {
	start := int32(len(t.buf))
	t.buf = append(t.buf, c)
	t.toks = append(t.toks, span{start: start, end: start + 1, kind: Punct})
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isWordRune reports whether r belongs to a word. U+02BC ʼ is a letter to
// Unicode (Lm) but news text uses it as an apostrophe, so it is left to
// isApostrophe: "didnʼt" -> [did n't].
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIWord(byte(r))
	}
	return r != 'ʼ' && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// runeAt decodes the rune at i, or returns 0 past the end.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// word scans the word starting at i, appends its tokens and returns the
// index after it.
func (t *tokenizer) word(text string, i int) int {
	// Fast path, most words of news text: ASCII letters ended by white
	// space or clause punctuation, or by a period after two letters or more
	// ("Iraq."), so none of the rules below (acronym dots, apostrophes,
	// numbers) can apply.
	buf := t.buf // a local, so the loops keep it in registers
	start := len(buf)
	j := i
	// Copy the letters, lower-cased, as they are scanned: eight bytes at a
	// time while eight remain, then byte by byte. The first 15 bytes are
	// packed into the word's key as they go.
	var key wordKey
	for j+8 <= len(text) {
		n, lower := asciiLetters(text[j : j+8])
		buf = binary.LittleEndian.AppendUint64(buf, lower)[:len(buf)+n]
		if k := (j - i) / 8; k < 2 {
			key.setLetters(k, lower, n)
		}
		j += n
		if n < 8 {
			break
		}
	}
	if j+8 > len(text) {
		for j < len(text) {
			l := asciiLower[text[j]]
			if l == 0 {
				break
			}
			buf = append(buf, l)
			if p := j - i; p < 16 {
				key.setByte(p, l)
			}
			j++
		}
	}
	t.buf = buf
	if j == len(text) || endsPlainWord(text[j]) || text[j] == '.' && j-i > 1 {
		if j-i == 2 && text[i+1] == 'S' && (text[i] == 'U' || text[i] == 'I') { // US, IS
			t.buf = t.buf[:start]
			t.plain(text[i:j])
			return j
		}
		sp := span{start: int32(start), end: int32(len(t.buf)), kind: Word}
		if n := j - i; n <= 15 {
			sp.key = key.withLen(n)
		}
		t.toks = append(t.toks, sp)
		return j
	}
	t.buf = t.buf[:start]
	return t.slowWord(text, i)
}

// asciiLetters returns how many of the 8 bytes of s, from the first, are
// ASCII letters, and the 8 bytes with those letters in lower case, as a
// little-endian word. It tests all eight at once (SWAR): with the 0x20 bit
// set, a byte is a letter when it is in 'a'..'z', which adding 0x1f and
// 0x05 to every byte turns into tests of each byte's top bit.
func asciiLetters(s string) (int, uint64) {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	_ = s[7]
	v := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	x := v | 0x20*ones
	letters := (x + 0x1f*ones) &^ (x + 0x05*ones) & tops &^ v // top bit set: a letter
	// A byte of 0x80 and up is not a letter; its sums may carry into the
	// next byte, but only bytes after it, which are not counted.
	n := bits.TrailingZeros64(^letters&tops) / 8
	return n, x
}

// asciiLower maps an ASCII letter to its lower case, and every other byte
// to 0.
var asciiLower = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

// endsPlainWord reports whether the byte after a run of ASCII letters ends
// the word with no special rule to apply.
func endsPlainWord(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ',', ';', ':', '!', '?', '(', ')', '[', ']', '"', '-', '/':
		return true
	}
	return false
}

// slowWord scans a word that the fast path in word cannot take.
func (t *tokenizer) slowWord(text string, i int) int {
	start := i
	segment := 0    // letters since the last dot, for acronyms
	dotted := false // the word has acronym dots: "U.S."
	apos := -1      // index of the first apostrophe
	digit := false
	j := i
	for j < len(text) {
		r, size := runeAt(text, j)
		if isWordRune(r) {
			if '0' <= r && r <= '9' {
				digit = true
			}
			segment++
			j += size
			continue
		}
		next, nsize := runeAt(text, j+size)
		switch {
		case isApostrophe(r) && apos < 0 && isWordRune(next):
			apos = j
			j += size
			continue
		case (r == '.' || r == ',') && digit && '0' <= next && next <= '9':
			j += size // 2.6, 140,000
			continue
		case r == '.' && segment == 1 && !digit:
			// One letter then a dot: "U." of "U.S." or "U.S". Take the dot
			// when one came before, or when another one-letter segment
			// follows, ending in a dot or, if a letter, where the word ends
			// ("U.S,"; "v.2" stays [v . <num>]). "W. Bush" and "Iraq." keep
			// their dot as punctuation.
			after, _ := runeAt(text, j+size+nsize)
			letter := isWordRune(next) && (next < '0' || '9' < next)
			if dotted || isWordRune(next) && after == '.' || letter && !isWordRune(after) {
				dotted = true
				segment = 0
				j += size
				continue
			}
		}
		break
	}
	w := text[start:j]
	switch {
	case digit:
		t.emit("<num>")
	case apos >= 0:
		t.contraction(w, apos-start)
	default:
		t.plain(w) // drops acronym dots: "U.N." -> un
	}
	return j
}

// contraction splits a word at its apostrophe: "didn't" -> [did n't],
// "Moscow's" -> [moscow], "O'Brien" -> [o'brien]. A dotted base loses its
// dots as in plain: "U.N.'s" -> [un], "U.S.'s" -> [u.s.].
func (t *tokenizer) contraction(w string, k int) {
	_, size := utf8.DecodeRuneInString(w[k:])
	base, suffix := w[:k], w[k+size:]
	switch suffix {
	case "t", "T":
		if n := len(base); n > 1 && (base[n-1] == 'n' || base[n-1] == 'N') {
			t.plain(base[:n-1])
			t.emit("n't")
			return
		}
	case "s", "S", "re", "ve", "ll", "d", "m", "RE", "VE", "LL", "D", "M":
		t.plain(base)
		return
	}
	start := int32(len(t.buf))
	t.appendUndotted(base)
	t.buf = append(t.buf, '\'')
	t.appendLower(suffix)
	t.toks = append(t.toks, span{start: start, end: int32(len(t.buf)), kind: Word})
}

// plain writes a word in lower case and without acronym dots ("U.N." ->
// un), except that US and IS, dotted or not, become u.s. and i.s. so they
// stay apart from the pronoun and the verb. It writes straight into the
// tokenizer's buffer, so a word of any length costs no allocation.
func (t *tokenizer) plain(w string) {
	switch {
	case undottedIs(w, "US"):
		t.emit("u.s.")
		return
	case undottedIs(w, "IS"):
		t.emit("i.s.")
		return
	}
	start := int32(len(t.buf))
	t.appendUndotted(w)
	t.toks = append(t.toks, span{start: start, end: int32(len(t.buf)), kind: Word})
}

// undottedIs reports whether w with its dots removed is s.
func undottedIs(w, s string) bool {
	n := 0
	for i := 0; i < len(w); i++ {
		if w[i] == '.' {
			continue
		}
		if n == len(s) || w[i] != s[n] {
			return false
		}
		n++
	}
	return n == len(s)
}

func (t *tokenizer) emit(s string) {
	start := int32(len(t.buf))
	t.buf = append(t.buf, s...)
	t.toks = append(t.toks, span{start: start, end: int32(len(t.buf)), kind: Word})
}

// appendUndotted appends w in lower case without its dots. A dot is one
// byte that never occurs inside a multi-byte rune, so cutting at dots
// keeps runes whole.
func (t *tokenizer) appendUndotted(w string) {
	for {
		i := strings.IndexByte(w, '.')
		if i < 0 {
			t.appendLower(w)
			return
		}
		t.appendLower(w[:i])
		w = w[i+1:]
	}
}

func (t *tokenizer) appendLower(w string) {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			t.buf = append(t.buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		t.buf = utf8.AppendRune(t.buf, unicode.ToLower(r))
		i += size
	}
}
