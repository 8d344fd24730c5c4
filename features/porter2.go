package features

import "github.com/kljensen/snowball/english"

// appendPorter2 appends to dst the Snowball English (Porter2) stem of w, a
// word of three or more letters a-z, exactly as
// github.com/kljensen/snowball/english.Stem(w, false) computes it, but on
// bytes and without allocating (save for growing dst). That package stems
// a word in about 1.7µs, most of it converting to and from runes; this
// takes about a tenth of that. Stemming a word the first time it is seen is
// a large share of classifying text full of rare words, so the difference
// shows (see bench/). TestPorter2MatchesSnowball and FuzzPorter2 hold the
// two to the same output; the steps below follow that package's files
// (english/step*.go), including where it departs from the published
// algorithm.
func appendPorter2(dst, w []byte) []byte {
	if english.IsStopWord(string(w)) {
		return append(dst, w...)
	}
	if s, ok := porter2Special[string(w)]; ok {
		return append(dst, s...)
	}
	start := len(dst)
	dst = append(dst, w...)
	p := porter2{b: dst[start:]}
	p.run()
	return append(dst[:start], p.b...)
}

// porter2Special are the words the algorithm stems by list.
var porter2Special = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
	"idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli",
	"singly": "singl", "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
	"cosmos": "cosmos", "bias": "bias", "andes": "andes",
	"inning": "inning", "innings": "inning", "outing": "outing", "outings": "outing",
	"canning": "canning", "cannings": "canning", "herring": "herring", "herrings": "herring",
	"earring": "earring", "earrings": "earring",
	"proceed": "proceed", "proceeds": "proceed", "proceeded": "proceed", "proceeding": "proceed",
	"exceed": "exceed", "exceeds": "exceed", "exceeded": "exceed", "exceeding": "exceed",
	"succeed": "succeed", "succeeds": "succeed", "succeeded": "succeed", "succeeding": "succeed",
}

// porter2 is a word being stemmed: its letters, with 'Y' marking a y that
// acts as a consonant, and the starts of its regions R1 and R2.
type porter2 struct {
	b      []byte
	r1, r2 int
}

func (p *porter2) run() {
	// Preprocess: mark consonant y's, find R1 and R2. Each y is judged
	// after the one before it is marked, as the reference does.
	for i, c := range p.b {
		if c == 'y' && (i == 0 || isP2Vowel(p.b[i-1])) {
			p.b[i] = 'Y'
		}
	}
	switch {
	case p.hasPrefix("gener"), p.hasPrefix("arsen"):
		p.r1 = 5
	case p.hasPrefix("commun"):
		p.r1 = 6
	default:
		p.r1 = p.vnv(0)
	}
	p.r2 = p.vnv(p.r1)
	// Step 0 removes apostrophe suffixes; plain words have none.
	p.step1a()
	p.step1b()
	p.step1c()
	p.step2()
	p.step3()
	p.step4()
	p.step5()
	for i, c := range p.b {
		if c == 'Y' {
			p.b[i] = 'y'
		}
	}
}

// isP2Vowel reports whether c is a vowel to the algorithm: y is, a
// marked Y is not.
func isP2Vowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func (p *porter2) hasPrefix(s string) bool {
	return len(p.b) >= len(s) && string(p.b[:len(s)]) == s
}

// hasSuffix compares from the end, byte by byte: most suffixes tried
// differ in the last letter, and a call to compare memory costs more than
// the comparison.
func (p *porter2) hasSuffix(s string) bool {
	if len(s) > len(p.b) {
		return false
	}
	tail := p.b[len(p.b)-len(s):]
	for i := len(s) - 1; i >= 0; i-- {
		if tail[i] != s[i] {
			return false
		}
	}
	return true
}

// vnv returns the index just past the first non-vowel that follows a
// vowel at or after start, or the word's length.
func (p *porter2) vnv(start int) int {
	for j := start + 1; j < len(p.b); j++ {
		if isP2Vowel(p.b[j-1]) && !isP2Vowel(p.b[j]) {
			return j + 1
		}
	}
	return len(p.b)
}

// firstSuffix returns the first of suffixes the word ends with, or "".
func (p *porter2) firstSuffix(suffixes []string) string {
	for _, s := range suffixes {
		if p.hasSuffix(s) {
			return s
		}
	}
	return ""
}

// replace replaces the last n letters with repl, keeping R1 and R2 within
// the word.
func (p *porter2) replace(n int, repl string) {
	p.b = append(p.b[:len(p.b)-n], repl...)
	p.clamp()
}

func (p *porter2) clamp() {
	p.r1 = min(p.r1, len(p.b))
	p.r2 = min(p.r2, len(p.b))
}

func (p *porter2) hasVowelBefore(end int) bool {
	for _, c := range p.b[:end] {
		if isP2Vowel(c) {
			return true
		}
	}
	return false
}

// byLast indexes suffix rules by their last letter, keeping their order:
// only rules ending in the word's last letter can match, and trying just
// those finds the same first match.
func byLast[T any](rules []T, suffix func(T) string) *[26][]T {
	var idx [26][]T
	for _, r := range rules {
		s := suffix(r)
		idx[s[len(s)-1]-'a'] = append(idx[s[len(s)-1]-'a'], r)
	}
	return &idx
}

// candidates returns the rules of idx that end in the word's last letter.
func candidates[T any](p *porter2, idx *[26][]T) []T {
	if len(p.b) == 0 {
		return nil
	}
	c := p.b[len(p.b)-1]
	if c < 'a' || c > 'z' {
		return nil
	}
	return idx[c-'a']
}

var (
	step2ByLast = byLast(step2Suffixes, func(r [2]string) string { return r[0] })
	step3ByLast = byLast(step3Suffixes, func(r [2]string) string { return r[0] })
	step4ByLast = byLast(step4Suffixes, func(s string) string { return s })
)

var step1aSuffixes = []string{"sses", "ied", "ies", "us", "ss", "s"}

func (p *porter2) step1a() {
	switch s := p.firstSuffix(step1aSuffixes); s {
	case "sses":
		p.replace(4, "ss")
	case "ies", "ied":
		if len(p.b) > 4 {
			p.replace(3, "i")
		} else {
			p.replace(3, "ie")
		}
	case "s":
		if p.hasVowelBefore(len(p.b) - 2) {
			p.replace(1, "")
		}
	}
}

var step1bSuffixes = []string{"eedly", "ingly", "edly", "ing", "eed", "ed"}

func (p *porter2) step1b() {
	s := p.firstSuffix(step1bSuffixes)
	switch s {
	case "":
		return
	case "eed", "eedly":
		if len(s) <= len(p.b)-p.r1 {
			p.replace(len(s), "ee")
		}
		return
	}
	if !p.hasVowelBefore(len(p.b) - len(s)) {
		return
	}
	r1, r2 := p.r1, p.r2
	p.replace(len(s), "")
	n := len(p.b)
	switch {
	case p.hasSuffix("at"), p.hasSuffix("bl"), p.hasSuffix("iz"):
		p.replace(0, "e")
	case n >= 2 && p.b[n-1] == p.b[n-2] && isP2Double(p.b[n-1]):
		p.replace(1, "")
	case p.isShort():
		p.replace(0, "e")
		p.r1, p.r2 = len(p.b), len(p.b)
		return
	}
	p.r1, p.r2 = min(r1, len(p.b)), min(r2, len(p.b))
}

// isP2Double reports whether a doubled c ends a stem that loses a letter
// (bb, dd, ff, gg, mm, nn, pp, rr, tt).
func isP2Double(c byte) bool {
	switch c {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

// isShort reports whether the word is short: R1 is empty and it ends in a
// short syllable.
func (p *porter2) isShort() bool {
	return p.r1 >= len(p.b) && p.endsShortSyllable(len(p.b))
}

// endsShortSyllable reports whether b[:i] ends in a short syllable.
func (p *porter2) endsShortSyllable(i int) bool {
	b := p.b
	switch {
	case i == 2:
		return isP2Vowel(b[0]) && !isP2Vowel(b[1])
	case i >= 3:
		c := b[i-1]
		return !isP2Vowel(c) && c != 'w' && c != 'x' && c != 'Y' && isP2Vowel(b[i-2]) && !isP2Vowel(b[i-3])
	}
	return false
}

func (p *porter2) step1c() {
	n := len(p.b)
	if n > 2 && (p.b[n-1] == 'y' || p.b[n-1] == 'Y') && !isP2Vowel(p.b[n-2]) {
		p.b[n-1] = 'i'
	}
}

// step2Suffixes are step 2's suffixes in the order they are tried, each
// with its replacement ("-" for the two with conditions of their own).
var step2Suffixes = [][2]string{
	{"ational", "ate"}, {"fulness", "ful"}, {"iveness", "ive"}, {"ization", "ize"}, {"ousness", "ous"},
	{"biliti", "ble"}, {"lessli", "less"}, {"tional", "tion"}, {"alism", "al"}, {"aliti", "al"}, {"ation", "ate"},
	{"entli", "ent"}, {"fulli", "ful"}, {"iviti", "ive"}, {"ousli", "ous"}, {"anci", "ance"}, {"abli", "able"},
	{"alli", "al"}, {"ator", "ate"}, {"enci", "ence"}, {"izer", "ize"}, {"bli", "ble"}, {"ogi", "-"}, {"li", "-"},
}

func (p *porter2) step2() {
	for _, sr := range candidates(p, step2ByLast) {
		s, repl := sr[0], sr[1]
		if !p.hasSuffix(s) {
			continue
		}
		if len(s) > len(p.b)-p.r1 {
			return
		}
		n := len(p.b)
		switch s {
		case "li":
			if n >= 3 {
				switch p.b[n-3] {
				case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
					p.replace(2, "")
				}
			}
		case "ogi":
			if n >= 4 && p.b[n-4] == 'l' {
				p.replace(3, "og")
			}
		default:
			p.replace(len(s), repl)
		}
		return
	}
}

var step3Suffixes = [][2]string{
	{"ational", "ate"}, {"tional", "tion"}, {"alize", "al"}, {"icate", "ic"}, {"ative", "-"},
	{"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""},
}

func (p *porter2) step3() {
	for _, sr := range candidates(p, step3ByLast) {
		s, repl := sr[0], sr[1]
		if !p.hasSuffix(s) {
			continue
		}
		if len(s) > len(p.b)-p.r1 {
			return
		}
		if s == "ative" {
			if len(p.b)-p.r2 >= 5 {
				p.replace(5, "")
			}
			return
		}
		p.replace(len(s), repl)
		return
	}
}

var step4Suffixes = []string{
	"ement", "ance", "ence", "able", "ible", "ment",
	"ent", "ant", "ism", "ate", "iti", "ous", "ive",
	"ize", "ion", "al", "er", "ic",
}

func (p *porter2) step4() {
	s := p.firstSuffix(candidates(p, step4ByLast))
	if s == "" || len(s) > len(p.b)-p.r2 {
		return
	}
	if s == "ion" {
		n := len(p.b)
		if n >= 4 && (p.b[n-4] == 's' || p.b[n-4] == 't') {
			p.replace(3, "")
		}
		return
	}
	p.replace(len(s), "")
}

func (p *porter2) step5() {
	last := len(p.b) - 1
	if p.r1 > last {
		return
	}
	switch {
	case p.b[last] == 'e':
		if p.r2 <= last || !p.endsShortSyllable(last) {
			p.replace(1, "")
		}
	case p.r2 <= last && p.b[last] == 'l' && last >= 1 && p.b[last-1] == 'l':
		p.replace(1, "")
	}
}
