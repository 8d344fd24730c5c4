package features

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stance-nlp/stance/labels"
)

// maxFuzzInput is the longest input the Article and Extract fuzz targets
// try; longer ones return at once. A whole article takes milliseconds to
// split, and once the fuzzer finds one interesting it spends a minute
// minimising it: with whole articles as seeds, FuzzArticle ran 8
// executions in a minute. Every construct the splitter and extractor know
// fits in 2 KB, and the seeds are the shipped articles cut into pieces of
// at most this size, so the fuzzer starts from real news and stays fast.
const maxFuzzInput = 2 << 10

// articlePieces returns the shipped articles cut at line ends into pieces
// of at most maxFuzzInput bytes (a longer line is a piece of its own, cut).
func articlePieces(f *testing.F) []string {
	var pieces []string
	for _, id := range labels.ArticleIDs() {
		text, err := labels.ArticleText(id)
		if err != nil {
			f.Fatal(err)
		}
		var cur strings.Builder
		for _, line := range strings.SplitAfter(text, "\n") {
			if cur.Len()+len(line) > maxFuzzInput && cur.Len() > 0 {
				pieces = append(pieces, cur.String())
				cur.Reset()
			}
			if len(line) > maxFuzzInput {
				line = strings.ToValidUTF8(line[:maxFuzzInput], "")
			}
			cur.WriteString(line)
		}
		if cur.Len() > 0 {
			pieces = append(pieces, cur.String())
		}
	}
	return pieces
}

// addSeeds seeds f with the shipped articles in pieces, the tokenizer's
// hard cases and strings made to break a byte-at-a-time scanner.
func addSeeds(f *testing.F) {
	for _, p := range articlePieces(f) {
		f.Add(p)
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
		if len(in) > maxFuzzInput {
			return // see maxFuzzInput
		}
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
