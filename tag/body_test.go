package tag

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// TestMayNotBeBody: every line that features.Splitter.Article leaves out
// on its own passes mayNotBeBody: the left-out lines of the shipped
// corpus (their own reasons, not those that need the lines around them),
// and every line of the shipped articles and of the test inputs that
// Article leaves out alone. Long lines of prose do not pass it.
func TestMayNotBeBody(t *testing.T) {
	sp, err := features.NewSplitter()
	if err != nil {
		t.Fatal(err)
	}
	alone := func(line string) bool {
		for _, u := range sp.Article(line) {
			if u.Excluded() {
				return true
			}
		}
		return false
	}
	var lines []string
	ex, err := labels.Excluded()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ex {
		lines = append(lines, e.Text)
	}
	for _, id := range labels.ArticleIDs() {
		text, err := labels.ArticleText(id)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(text, "\n")...)
	}
	for _, name := range []string{"input.txt", "article.txt", "archive.jsonl", "archive.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	// Long lines that hold a word of a prompt or a policy.
	long := strings.Repeat("The two foreign ministers met in Geneva to talk about arms control. ", 10)
	lines = append(lines, long+"Subscribe to our newsletter.", long+"Comments are moderated.", "https://example.org/"+strings.Repeat("x", 600),
		"BY "+strings.Repeat("X", 60), "Related stories from our correspondents in the region:", long+"ALL RIGHTS RESERVED")
	checked := 0
	var buf []byte
	for _, l := range lines {
		if alone(l) {
			checked++
			if !mayNotBeBody(l, &buf) {
				t.Errorf("Article leaves out %q, but mayNotBeBody says it is body", l)
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d lines left out to check; want the shipped corpus's", checked)
	}
	if mayNotBeBody(long, &buf) {
		t.Errorf("a long line of prose %.60q… may not be body", long)
	}
}

// mayNotBeBodyByContains is mayNotBeBody as it was first written, one
// search of the line per phrase: the reference the one-pass search is
// held to.
func mayNotBeBodyByContains(line string) bool {
	line = strings.TrimSpace(line)
	if len(line) <= maxShortLine || !strings.ContainsAny(line, " \t\n\f\r") || strings.HasSuffix(line, ":") {
		return true
	}
	l := appendLower(nil, line)
	if bytes.HasPrefix(l, []byte("by")) {
		return true
	}
	for _, p := range nonBodyPhrases {
		if bytes.Contains(l, p) {
			return true
		}
	}
	if bytes.Contains(l, []byte("comment")) {
		for _, w := range commentWords {
			if bytes.Contains(l, w) {
				return true
			}
		}
	}
	return false
}

// FuzzMayNotBeBody holds the one-pass phrase search to one search per
// phrase, and the scan of a long line in two halves at once to the scan
// a byte at a time, on any line; the seeds put every phrase at the start,
// middle and end of a long line, in mixed case, and "comment" in one half
// with a phrase in the other.
func FuzzMayNotBeBody(f *testing.F) {
	for _, s := range scanSeeds() {
		f.Add(s)
	}
	var buf []byte
	d := bodyPhrases()
	f.Fuzz(func(t *testing.T, line string) {
		if got, want := mayNotBeBody(line, &buf), mayNotBeBodyByContains(line); got != want {
			t.Fatalf("mayNotBeBody(%q) = %v; one search per phrase says %v", line, got, want)
		}
		if got, want := d.scan(line), d.scanFrom(line); got != want {
			t.Fatalf("scan(%q) = %d; a byte at a time, %d", line, got, want)
		}
	})
}

func scanSeeds() []string {
	long := strings.Repeat("The minister said the talks in Geneva would go on next week, ", 2)
	var seeds []string
	phrases := append(slices.Clone(nonBodyPhrases), []byte("comment"), []byte("comments are moderated"), []byte("comment approved"))
	for _, p := range phrases {
		seeds = append(seeds, string(p)+" "+long, long+strings.ToUpper(string(p))+" "+long, long+string(p))
		seeds = append(seeds, "comment "+long+long+string(p), string(p)+long+long+"comment")
		// Across the middle, where the second half's scan starts.
		half := long + long[:len(long)-len(p)/2]
		seeds = append(seeds, half+string(p)+long+long[len(p)/2:])
	}
	return append(seeds, long, "by the way, "+long)
}

// TestScanInHalves holds scan to the scan a byte at a time on the fuzz
// seeds, so that a plain go test checks the two-half scan too.
func TestScanInHalves(t *testing.T) {
	d := bodyPhrases()
	for _, s := range scanSeeds() {
		if got, want := d.scan(s), d.scanFrom(s); got != want {
			t.Errorf("scan(%q) = %d; a byte at a time, %d", s, got, want)
		}
	}
}
