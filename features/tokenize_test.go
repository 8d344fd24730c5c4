package features

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stance-nlp/stance/labels"
)

// tokenizeTests are hard cases for Tokenize, most of them from news text.
var tokenizeTests = []struct {
	name string
	in   string
	want []string
}{
	// Quotes and apostrophes.
	{name: "curly apostrophe possessive", in: "Moscow’s plan", want: []string{"moscow", "plan"}},
	{name: "curly single quotes", in: "a ‘no’ vote", want: []string{"a", "no", "vote"}},
	{name: "curly double quotes", in: "“We are fighting,” he said", want: []string{"we", "are", "fighting", ",", "he", "said"}},
	{name: "straight double quotes", in: `"Never," he said`, want: []string{"never", ",", "he", "said"}},
	{name: "curly n't", in: "It doesn’t matter", want: []string{"it", "does", "n't", "matter"}},
	{name: "closing quote after plural", in: "the Russians’ plan", want: []string{"the", "russians", "plan"}},
	{name: "lone apostrophes", in: "'''", want: []string{}},
	{name: "modifier letter apostrophe n't", in: "didnʼt", want: []string{"did", "n't"}},
	{name: "modifier letter apostrophe possessive", in: "Moscowʼs", want: []string{"moscow"}},
	{name: "modifier letter apostrophe name", in: "Oʼbrien", want: []string{"o'brien"}},
	{name: "modifier letter apostrophes alone", in: "ʼʼ aʼ ʼs", want: []string{"a", "s"}},

	// Dashes and hyphens.
	{name: "doc example", in: "Moscow’s “we-told-you-so” U.S.—led",
		want: []string{"moscow", "we", "told", "you", "so", "u.s.", "-", "led"}},
	{name: "em dash", in: "U.S.—led", want: []string{"u.s.", "-", "led"}},
	{name: "em dash between words", in: "talks—if any—failed", want: []string{"talks", "-", "if", "any", "-", "failed"}},
	{name: "en dash range", in: "2014–2015", want: []string{"<num>", "-", "<num>"}},
	{name: "horizontal bar", in: "Syria ― again", want: []string{"syria", "-", "again"}},
	{name: "spaced hyphen is a dash", in: "Syria - Russia", want: []string{"syria", "-", "russia"}},
	{name: "hyphen at word start is not a dash", in: "a -b", want: []string{"a", "b"}},
	{name: "double hyphen", in: "a--b", want: []string{"a", "b"}},
	{name: "hyphen compound", in: "we-told-you-so", want: []string{"we", "told", "you", "so"}},
	{name: "US-led", in: "US-led strikes", want: []string{"u.s.", "led", "strikes"}},
	{name: "U.S.-led", in: "the U.S.-led coalition", want: []string{"the", "u.s.", "led", "coalition"}},
	{name: "anti-Assad", in: "anti-Assad rebels", want: []string{"anti", "assad", "rebels"}},
	{name: "al-Nusra", in: "al-Nusra Front", want: []string{"al", "nusra", "front"}},

	// The country, the pronoun, the group and the verb.
	{name: "U.S.", in: "U.S. officials", want: []string{"u.s.", "officials"}},
	{name: "US", in: "US officials", want: []string{"u.s.", "officials"}},
	{name: "U.S. ending a sentence", in: "backed by the U.S.", want: []string{"backed", "by", "the", "u.s."}},
	{name: "US then period", in: "backed by the US.", want: []string{"backed", "by", "the", "u.s.", "."}},
	{name: "U.S without final dot", in: "U.S officials", want: []string{"u.s.", "officials"}},
	{name: "U.S without final dot before comma", in: "the U.S, Russia", want: []string{"the", "u.s.", ",", "russia"}},
	{name: "U.S without final dot ending the text", in: "the U.S", want: []string{"the", "u.s."}},
	{name: "U.S-led", in: "U.S-led strikes", want: []string{"u.s.", "led", "strikes"}},
	{name: "U.S possessive", in: "the U.S's allies", want: []string{"the", "u.s.", "allies"}},
	{name: "I.S without final dot", in: "I.S fighters", want: []string{"i.s.", "fighters"}},
	{name: "U.N without final dot", in: "U.N envoy", want: []string{"un", "envoy"}},
	{name: "U.S.A without final dot", in: "U.S.A", want: []string{"usa"}},
	{name: "one letter then a word", in: "U.Sx", want: []string{"u", ".", "sx"}},
	{name: "one letter then a digit", in: "version v.2", want: []string{"version", "v", ".", "<num>"}},
	{name: "pronoun us", in: "Let us talk", want: []string{"let", "us", "talk"}},
	{name: "pronoun Us", in: "Us and them", want: []string{"us", "and", "them"}},
	{name: "US possessive", in: "US's allies", want: []string{"u.s.", "allies"}},
	{name: "U.S. possessive", in: "U.S.'s allies", want: []string{"u.s.", "allies"}},
	{name: "IS group", in: "IS fighters", want: []string{"i.s.", "fighters"}},
	{name: "I.S. group", in: "I.S. fighters", want: []string{"i.s.", "fighters"}},
	{name: "verb is", in: "It is over", want: []string{"it", "is", "over"}},
	{name: "verb Is", in: "Is it over?", want: []string{"is", "it", "over", "?"}},
	{name: "IS doc example", in: "IS fighters; 140,000 fled", want: []string{"i.s.", "fighters", ";", "<num>", "fled"}},
	{name: "U.N.", in: "U.N. envoy", want: []string{"un", "envoy"}},
	{name: "UN", in: "UN envoy", want: []string{"un", "envoy"}},
	{name: "U.S.S.R.", in: "the U.S.S.R. collapsed", want: []string{"the", "ussr", "collapsed"}},
	{name: "U.N. possessive", in: "the U.N.'s envoy", want: []string{"the", "un", "envoy"}},
	{name: "U.S.A. possessive", in: "U.S.A.'s", want: []string{"usa"}},
	{name: "U.S. contraction 're", in: "U.S.'re", want: []string{"u.s."}},
	{name: "U.N. unknown suffix", in: "U.N.'x", want: []string{"un'x"}},
	{name: "initials", in: "George W. Bush", want: []string{"george", "w", ".", "bush"}},
	{name: "abbreviation", in: "Mr. Lavrov", want: []string{"mr", ".", "lavrov"}},
	{name: "month abbreviation", in: "on Sept. 11", want: []string{"on", "sept", ".", "<num>"}},
	{name: "Jr.", in: "Martin Luther King Jr., he said", want: []string{"martin", "luther", "king", "jr", ".", ",", "he", "said"}},
	{name: "sentence end", in: "troops in Iraq. A new plan", want: []string{"troops", "in", "iraq", ".", "a", "new", "plan"}},
	{name: "one-letter word ending a sentence", in: "Plan B. It failed", want: []string{"plan", "b", ".", "it", "failed"}},
	{name: "e.g.", in: "e.g., Syria", want: []string{"eg", ",", "syria"}},
	{name: "long acronym keeps every letter", in: "A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R.S.T.U.V.W.X.Y.Z.A.B.C.D.E.F.G.",
		want: []string{"abcdefghijklmnopqrstuvwxyzabcdefg"}},
	{name: "long non-ASCII acronym", in: "中.中.中.中.中.中.中.中.中.中.中.",
		want: []string{"中中中中中中中中中中中"}},

	// Contractions.
	{name: "didn't", in: "It didn't change anything.", want: []string{"it", "did", "n't", "change", "anything", "."}},
	{name: "can't", in: "We can't", want: []string{"we", "ca", "n't"}},
	{name: "won't", in: "Moscow won't", want: []string{"moscow", "wo", "n't"}},
	{name: "DIDN'T", in: "DIDN'T", want: []string{"did", "n't"}},
	{name: "bare n't", in: "n't", want: []string{"n't"}},
	{name: "Moscow's", in: "Moscow's position", want: []string{"moscow", "position"}},
	{name: "they're", in: "they're ready", want: []string{"they", "ready"}},
	{name: "we've", in: "we've said", want: []string{"we", "said"}},
	{name: "I'll", in: "I'll go", want: []string{"i", "go"}},
	{name: "he'd", in: "he'd go", want: []string{"he", "go"}},
	{name: "I'm", in: "I'm sure", want: []string{"i", "sure"}},
	{name: "O'Brien", in: "Robert O'Brien said", want: []string{"robert", "o'brien", "said"}},
	{name: "O’Brien curly", in: "O’Brien", want: []string{"o'brien"}},
	{name: "leading apostrophe", in: "'s", want: []string{"s"}},

	// Numbers.
	{name: "thousands separator", in: "140,000 Kurds", want: []string{"<num>", "kurds"}},
	{name: "decimal", in: "Rs 2.6 lakh", want: []string{"rs", "<num>", "lakh"}},
	{name: "year then period", in: "in 2014.", want: []string{"in", "<num>", "."}},
	{name: "comma after number", in: "2014, Moscow", want: []string{"<num>", ",", "moscow"}},
	{name: "decade", in: "the 1990s", want: []string{"the", "<num>"}},
	{name: "percent", in: "3.5%", want: []string{"<num>"}},

	// Clause punctuation.
	{name: "clause punctuation", in: "a, b; c: d! e? (f) [g].",
		want: []string{"a", ",", "b", ";", "c", ":", "d", "!", "e", "?", "(", "f", ")", "[", "g", "]", "."}},
	{name: "ellipsis", in: "wait… what", want: []string{"wait", ".", "what"}},
	{name: "three dots", in: "wait...", want: []string{"wait", ".", ".", "."}},
	{name: "no space after comma", in: "Washington,D.C.", want: []string{"washington", ",", "dc"}},
	{name: "symbols dropped", in: "a & b / c * d # e @ f", want: []string{"a", "b", "c", "d", "e", "f"}},

	// Beyond ASCII.
	{name: "accented capital", in: "Ça va", want: []string{"ça", "va"}},
	{name: "Cyrillic", in: "Зеленский", want: []string{"зеленский"}},
	{name: "Cyrillic capitals", in: "ЗЕЛЕНСКИЙ сказал", want: []string{"зеленский", "сказал"}},
	{name: "Greek", in: "ΣΑΣ", want: []string{"σασ"}},
	{name: "precomposed accent", in: "détente", want: []string{"détente"}},
	{name: "combining mark inside word", in: "de\u0301tente", want: []string{"de\u0301tente"}},
	{name: "combining mark after capital", in: "E\u0301TAT", want: []string{"e\u0301tat"}},
	{name: "non-breaking space separates", in: "Moscow\u00a0said", want: []string{"moscow", "said"}},
	{name: "invalid UTF-8 separates", in: "x\xffy", want: []string{"x", "y"}},
	{name: "NUL separates", in: "x\x00y", want: []string{"x", "y"}},

	// Nothing to tokenize.
	{name: "empty", in: "", want: []string{}},
	{name: "white space only", in: " \t\r\n\u00a0 ", want: []string{}},
}

func TestTokenize(t *testing.T) {
	for _, tt := range tokenizeTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokenize(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTokenizeNotNil checks that no text gives a nil slice, so callers can
// range and index without a nil check and JSON writes [] rather than null.
func TestTokenizeNotNil(t *testing.T) {
	for _, in := range []string{"", " ", "'''"} {
		if got := Tokenize(in); got == nil {
			t.Errorf("Tokenize(%q) = nil; want an empty slice", in)
		}
	}
}

// checkTokens reports a token that breaks what the extractor and the phrase
// lists rely on: tokens are non-empty, valid UTF-8, lower case, hold no
// white space (phrases join tokens with single spaces) and never carry the
// NOT_ prefix, which only negation adds.
func checkTokens(t *testing.T, in string, toks []string) {
	t.Helper()
	for i, tok := range toks {
		switch {
		case tok == "":
			t.Errorf("Tokenize(%q)[%d] is empty; all: %q", in, i, toks)
		case !utf8.ValidString(tok):
			t.Errorf("Tokenize(%q)[%d] = %q is not valid UTF-8", in, i, tok)
		case strings.HasPrefix(tok, negPrefix):
			t.Errorf("Tokenize(%q)[%d] = %q has the %s prefix", in, i, tok, negPrefix)
		case strings.ToLower(tok) != tok:
			t.Errorf("Tokenize(%q)[%d] = %q; want lower case %q", in, i, tok, strings.ToLower(tok))
		case strings.ContainsFunc(tok, unicode.IsSpace):
			t.Errorf("Tokenize(%q)[%d] = %q contains white space", in, i, tok)
		}
	}
}

// TestTokenizeProperties checks checkTokens on every table case and on every
// line of the shipped articles.
func TestTokenizeProperties(t *testing.T) {
	var inputs []string
	for _, tt := range tokenizeTests {
		inputs = append(inputs, tt.in)
	}
	for _, id := range labels.ArticleIDs() {
		text, err := labels.ArticleText(id)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, strings.Split(text, "\n")...)
	}
	for _, in := range inputs {
		checkTokens(t, in, Tokenize(in))
	}
}

// TestTokenizerReuse checks that a tokenizer reused across calls, as the
// Extractor reuses it, gives what a fresh one gives.
func TestTokenizerReuse(t *testing.T) {
	var tk tokenizer
	for _, tt := range tokenizeTests {
		tk.tokenize(tt.in)
		got := make([]string, len(tk.toks))
		for i, s := range tk.toks {
			got[i] = string(tk.buf[s.start:s.end])
		}
		if want := Tokenize(tt.in); !slices.Equal(got, want) {
			t.Errorf("reused tokenizer on %q = %q; want %q", tt.in, got, want)
		}
	}
}

// TestTokenKinds checks that exactly the clause punctuation and dashes are
// Punct tokens: the extractor ends bigrams and negation scopes at them.
func TestTokenKinds(t *testing.T) {
	var tk tokenizer
	tk.tokenize("Moscow, it said; didn't (ever) — no… 2.6 U.S. -")
	var got []string
	for _, s := range tk.toks {
		if s.kind == Punct {
			got = append(got, string(tk.buf[s.start:s.end]))
		}
	}
	want := []string{",", ";", "(", ")", "-", "."}
	if !slices.Equal(got, want) {
		t.Errorf("Punct tokens = %q; want %q", got, want)
	}
}

// TestASCIILetters holds the eight-at-once letter test to the byte table on
// every byte in every position, and on random strings weighted toward the
// edges of the letter ranges and bytes of 0x80 and up.
func TestASCIILetters(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want := 0
		for want < 8 && asciiLower[s[want]] != 0 {
			want++
		}
		n, lower := asciiLetters(s)
		if n != want {
			t.Fatalf("asciiLetters(%q) counts %d letters; want %d", s, n, want)
		}
		for i := range n {
			if got := byte(lower >> (8 * i)); got != asciiLower[s[i]] {
				t.Fatalf("asciiLetters(%q) byte %d = %q; want %q", s, i, got, asciiLower[s[i]])
			}
		}
	}
	for c := range 256 {
		for pos := range 8 {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			check(string(b))
		}
	}
	edges := []byte{'@', 'A', 'Z', '[', '`', 'a', 'z', '{', 0x7f, 0x80, 0xc3, 0xff, 0, ' ', '.', '0', '9'}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		b := make([]byte, 8)
		for i := range b {
			b[i] = edges[rng.IntN(len(edges))]
		}
		check(string(b))
	}
}
