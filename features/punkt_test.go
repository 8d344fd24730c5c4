package features

import (
	"flag"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stance-nlp/stance/labels"
)

// checkSame fails unless the splitter and the reference cut paragraph the
// same way.
func checkSame(t *testing.T, s *Splitter, ref *referenceSplitter, paragraph string) bool {
	t.Helper()
	got, want := s.Sentences(paragraph), ref.Sentences(paragraph)
	if !slices.Equal(got, want) {
		t.Errorf("Sentences(%q) =\n%q\nreference (neurosnap/sentences) gives\n%q", paragraph, got, want)
		return false
	}
	return true
}

// TestPunktMatchesReferenceOnCorpus splits every line of the shipped
// articles, and every labelled sentence, both ways.
func TestPunktMatchesReferenceOnCorpus(t *testing.T) {
	s, ref := newSplitter(t), newReferenceSplitter()
	lines := 0
	for _, id := range labels.ArticleIDs() {
		text, err := labels.ArticleText(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(text, "\n") {
			checkSame(t, s, ref, l)
			lines++
		}
		// Whole articles as one paragraph: words next to newlines.
		checkSame(t, s, ref, text)
	}
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		checkSame(t, s, ref, r.Text)
	}
	if lines < 1000 {
		t.Errorf("split %d article lines; want the whole corpus", lines)
	}
}

// hardWords are words Punkt decides on with its data and rules:
// abbreviations, initials, numbers, quotes, ellipses, list numbers.
var hardWords = []string{
	"U.S.", "U.S.-led", "U.N.", "Sept.", "Sept", "Mr.", "Mrs.", "Dr.", "Gen.", "Gov.", "Sen.", "Rep.", "St.", "No.", "no.",
	"Inc.", "Corp.", "Co.", "Ltd.", "Jr.", "vs.", "etc.", "e.g.", "i.e.", "a.m.", "p.m.", "Ph.D.", "Jan.", "Feb.", "Dec.",
	"J.", "A.", "b.", "J.R.R.", "2011.", "27.", "3.5", "1.2.3.", "10a)", "3)", "1990s", "$5,000.", "-4.", "N°.",
	"...", "..", ". . .", ".", "?", "!", "…", "said.", "said.\"", "said.”", "said,”", "“We", "\"We", "(AP)", "(Reuters).",
	"right?", "now!", "ok.", "Calif.", "Ala.", "mr", "The", "the", "But", "however", "He", "In", "it", "Moscow", "moscow",
	"Washington.", "war.", "peace?\"", "end.)", "yes.'", "it.’", "Kremlin.[1]", "so.(", "x。", "y。z", "；", "İstanbul.",
	"café.", "naïve", "Émile.", "KELVIN", "\u212a.", "Ü.S.",
}

// TestPunktMatchesReferenceOnGenerated splits many generated paragraphs
// both ways: corpus sentences joined, with words swapped for hard words,
// changed in case or stripped of punctuation.
func TestPunktMatchesReferenceOnGenerated(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	s, ref := newSplitter(t), newReferenceSplitter()
	rng := rand.New(rand.NewPCG(16, 2026))
	failed := 0
	var b strings.Builder
	for range n {
		b.Reset()
		for k := range 1 + rng.IntN(6) {
			if k > 0 {
				b.WriteString([]string{" ", " ", " ", "  ", "\t", "\u00a0"}[rng.IntN(6)])
			}
			for i, w := range strings.Fields(recs[rng.IntN(len(recs))].Text) {
				if i > 0 {
					b.WriteByte(' ')
				}
				switch x := rng.IntN(20); {
				case x == 0:
					w = hardWords[rng.IntN(len(hardWords))]
				case x == 1:
					w = strings.ToLower(w)
				case x == 2:
					w = strings.ToUpper(w[:1]) + w[1:]
				case x == 3:
					w = strings.TrimRight(w, ".,;:!?")
				}
				b.WriteString(w)
			}
		}
		if !checkSame(t, s, ref, b.String()) {
			if failed++; failed == 10 {
				t.Fatal("stopping after 10 differences")
			}
		}
	}
}

// FuzzPunktMatchesReference: on any input, the splitter cuts where the
// reference does.
func FuzzPunktMatchesReference(f *testing.F) {
	for _, w := range hardWords {
		f.Add("He met " + w + " Smith in " + w + " It was late.")
	}
	f.Add("They said no. “Yes”")
	f.Add("a。b")
	f.Add("x。.")
	f.Add("The war began in 2011. Russia sent arms.")
	s, ref := newSplitter(f), newReferenceSplitter()
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > maxFuzzInput || !utf8.ValidString(text) && len(text) > 200 {
			return
		}
		checkSame(t, s, ref, text)
	})
}

var splitFile = flag.String("splitfile", "", "also compare the splitter with the reference on every line of `FILE` (bench/gen output, say)")

// TestPunktMatchesReferenceOnFile compares the two on every line of the
// file named by -splitfile, as paragraphs:
//
//	go run ./bench/gen -n 200000 | paste -d ' ' - - - - - > /tmp/p.txt
//	go test ./features -run OnFile -splitfile /tmp/p.txt
func TestPunktMatchesReferenceOnFile(t *testing.T) {
	if *splitFile == "" {
		t.Skip("no -splitfile")
	}
	data, err := os.ReadFile(*splitFile)
	if err != nil {
		t.Fatal(err)
	}
	s, ref := newSplitter(t), newReferenceSplitter()
	lines, sents, failed := 0, 0, 0
	for l := range strings.Lines(string(data)) {
		lines++
		sents += len(s.Sentences(l))
		if !checkSame(t, s, ref, l) {
			if failed++; failed == 10 {
				t.Fatal("stopping after 10 differences")
			}
		}
	}
	t.Logf("%s: %d lines, %d sentences, the same both ways", *splitFile, lines, sents)
}

// FuzzPunktFindMatchesScan: on text without CJK marks, find (which jumps
// between . ? !) finds the words scan (which reads every byte) does, and
// Punkt marks the same ones. A sentence ending at a word ends where its
// span does, save for white space, which is trimmed.
func FuzzPunktFindMatchesScan(f *testing.F) {
	for _, w := range hardWords {
		f.Add("He met " + w + " Smith in " + w + " It was late.")
	}
	f.Add("end.\u00a0 Next. “Quote.”")
	f.Add("a.\xe2\x80")
	f.Add("a. b.\u2028C. \xc2")
	d, err := englishPunkt()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if strings.IndexByte(text, 0xE3) >= 0 || strings.IndexByte(text, 0xEF) >= 0 {
			return // find is not used on text that may hold CJK marks
		}
		var a, b punkt
		a.d, a.text, b.d, b.text = d, text, d, text
		a.find()
		b.scan()
		a.annotate()
		b.annotate()
		if len(a.toks) != len(b.toks) {
			t.Fatalf("%q: find gives %d words, scan %d:\n%+v\n%+v", text, len(a.toks), len(b.toks), a.toks, b.toks)
		}
		for i := range a.toks {
			x, y := a.toks[i], b.toks[i]
			if strings.TrimSpace(text[x.end:y.pos]) == "" {
				x.pos = y.pos
			}
			if x != y {
				t.Fatalf("%q: word %d: find gives %+v, scan %+v", text, i, x, y)
			}
		}
	})
}
