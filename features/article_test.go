package features

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// TestJunkGuards: every line a junk pattern matches passes the pattern's
// guard, which Article tries first so that prose lines need neither the
// pattern nor its compiling. The lines are those of the shipped articles,
// lines each pattern is made for (with the case-folded letters (?i) lets
// in: the Kelvin sign, the long s), and random mixes of their pieces.
func TestJunkGuards(t *testing.T) {
	lines := []string{
		"Block", "MORE ABOUT", "related", "Post a comment", "Original URL:", "ADVERTISEMENT", "ſhare", "bloc\u212a",
		"WORLD NEWS", "US & RUSSIA", "\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a",
		"News desk", "STAFF REPORTER:", "ſtaff reporter", "Agencies :", "agencies",
		"By Jane Doe", "BY  the correspondent in Moscow", "by x",
		"Sept. 28, 2014", "28 September 2014", "Dec 1 1991", "ſep 3, 2020", "4 ſeptember 2021",
		"https://example.com/a", "<http://example.com>", "HTTPS://x.y",
		"Photo by:", "Read more:", "Updated  at:", "\u212aey facts:",
		"Moscow rejected the offer.", "", "a", ":", "1",
	}
	for _, id := range labels.ArticleIDs() {
		text, err := labels.ArticleText(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	pieces := strings.Fields(strings.Join(lines[:40], " "))
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for k := r.IntN(4); k >= 0; k-- {
			if b.Len() > 0 {
				b.WriteString([]string{" ", "  ", ""}[r.IntN(3)])
			}
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		lines = append(lines, b.String())
	}
	matched := make(map[string]int)
	for _, j := range junkLines() {
		if j.re == nil {
			continue
		}
		for _, l := range lines {
			if j.re().MatchString(l) {
				matched[j.reason]++
				if !j.may(l) {
					t.Errorf("%s pattern %s matches %q, which its guard turns away", j.reason, j.re(), l)
				}
			}
		}
	}
	// Each guarded kind is met, so the test is not vacuous.
	for _, reason := range []string{"page furniture", "section label", "byline", "dateline", "link", "label"} {
		if matched[reason] == 0 {
			t.Errorf("no line matched a %s pattern", reason)
		}
	}
}
