package features

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stance-nlp/stance/labels"
)

// addSeeds seeds f with the shipped articles, the tokenizer's hard cases
// and strings made to break a byte-at-a-time scanner.
func addSeeds(f *testing.F) {
	for _, id := range labels.ArticleIDs() {
		text, err := labels.ArticleText(id)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(text)
	}
	for _, tt := range tokenizeTests {
		f.Add(tt.in)
	}
	for _, s := range []string{
		"\x00", "a\x00b\x00", "\xff", "\xe2\x80", "U.S\xe2\x80", "didn\xe2\x80\x99", "didn\xe2\x80", "n'\xff",
		"U.S.U.S.U.", "U.S.U.S.U.S.U.S.U.S.U.S.U.S.U.S.U.S.U.S.U.S.U.S.", "'''", "’’’", "a'''b", "x'",
		strings.Repeat(".", 1000), "1" + strings.Repeat(".1", 100), strings.Repeat("1,", 50),
		"Зеленский заявил, что США — не враг", "ΣΑΣ ǅ İstanbul ẞ ﬁ", "\u0301\u0301a\u0301",
		"I.S.I.S.", "IS'S", "US-US—US", "N'T", "n't't", "can't't", "- - -", " -", "- ",
		"not not not, no", "refuses to to to", "to", strings.Repeat("no ", 100),
	} {
		f.Add(s)
	}
}

// FuzzTokenize checks that Tokenize never panics, that its tokens pass
// checkTokens, and that it is a function of its input alone.
func FuzzTokenize(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in string) {
		toks := Tokenize(in)
		checkTokens(t, in, toks)
		if again := Tokenize(in); !slices.Equal(again, toks) {
			t.Errorf("Tokenize(%q) = %q, then %q", in, toks, again)
		}
	})
}

// FuzzExtract checks that Extract under Default settings never panics and
// emits only non-empty, valid UTF-8 features without stray spaces, and that
// an Extractor reused across inputs gives what a fresh one gives.
func FuzzExtract(f *testing.F) {
	addSeeds(f)
	s := Default()
	reused := newExtractor(f, s)
	f.Fuzz(func(t *testing.T, in string) {
		var got []string
		reused.Extract(in, func(feat []byte) {
			switch {
			case len(feat) == 0:
				t.Errorf("Extract(%q) emitted an empty feature", in)
			case !utf8.Valid(feat):
				t.Errorf("Extract(%q) emitted %q, not valid UTF-8", in, feat)
			case feat[0] == ' ' || feat[len(feat)-1] == ' ' || strings.Count(string(feat), " ") > 1:
				t.Errorf("Extract(%q) emitted %q; want one word or two joined by one space", in, feat)
			}
			got = append(got, string(feat))
		})
		// A fresh Extractor shares only the read-only phrase matchers.
		fresh := reused.Fresh()
		var want []string
		fresh.Extract(in, func(feat []byte) { want = append(want, string(feat)) })
		if !slices.Equal(got, want) {
			t.Errorf("Extract(%q) on a reused Extractor = %q; a fresh one gives %q", in, got, want)
		}
	})
}
