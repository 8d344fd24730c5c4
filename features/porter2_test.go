package features

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kljensen/snowball/english"
	"github.com/stance-nlp/stance/labels"
)

// checkPorter2 fails unless appendPorter2 and the reference stemmer agree
// on w, and reports whether they did.
func checkPorter2(t *testing.T, w string) bool {
	t.Helper()
	want := english.Stem(w, false)
	got := string(appendPorter2([]byte("prefix:"), []byte(w)))
	if got != "prefix:"+want {
		t.Errorf("appendPorter2(%q) = %q; want %q", w, strings.TrimPrefix(got, "prefix:"), want)
		return false
	}
	return true
}

// porter2Suffixes are the endings the algorithm's steps look for, to build
// words that reach every rule (and chains of rules: "ationalism").
var porter2Suffixes = func() []string {
	set := map[string]bool{"y": true, "e": true, "l": true, "ll": true, "ly": true}
	for _, s := range step1aSuffixes {
		set[s] = true
	}
	for _, s := range step1bSuffixes {
		set[s] = true
	}
	for _, sr := range step2Suffixes {
		set[sr[0]] = true
	}
	for _, sr := range step3Suffixes {
		set[sr[0]] = true
	}
	for _, s := range step4Suffixes {
		set[s] = true
	}
	for _, s := range []string{"at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt", "ogi", "li"} {
		set[s] = true
	}
	var out []string
	for s := range set {
		out = append(out, s)
	}
	return out
}()

func TestPorter2MatchesSnowball(t *testing.T) {
	var words []string
	// Every word of the corpus and of the sentiment lexicon.
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var tok tokenizer
	for _, r := range recs {
		tok.tokenize(r.Text)
		for _, sp := range tok.toks {
			words = append(words, string(tok.buf[sp.start:sp.end]))
		}
	}
	for w := range VaderLexicon() {
		words = append(words, w)
	}
	for w := range porter2Special {
		words = append(words, w, w+"s", w+"ly")
	}
	// Every three-letter word, and words of a few letters followed by
	// one or two of the suffixes the steps look for.
	const letters = "abcdefghijklmnopqrstuvwxyz"
	for _, a := range letters {
		for _, b := range letters {
			for _, c := range letters {
				words = append(words, string([]rune{a, b, c}))
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	stems := "aeiouyybcdglmnrstwxz"
	for range 200_000 {
		var sb strings.Builder
		for range rng.IntN(7) {
			sb.WriteByte(stems[rng.IntN(len(stems))])
		}
		for range 1 + rng.IntN(2) {
			sb.WriteString(porter2Suffixes[rng.IntN(len(porter2Suffixes))])
		}
		words = append(words, sb.String())
	}
	failed := 0
	for _, w := range words {
		if len(w) <= 2 || !asciiWord([]byte(w)) {
			continue
		}
		if !checkPorter2(t, w) {
			if failed++; failed == 20 {
				t.Fatal("too many differences")
			}
		}
	}
}

func FuzzPorter2(f *testing.F) {
	for _, w := range []string{"generalizations", "communities", "ying", "sayyed", "hopping", "agreed", "logi", "ably"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if len(w) <= 2 || !asciiWord([]byte(w)) {
			return
		}
		checkPorter2(t, w)
	})
}

func TestAppendStemAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	w := []byte("internationalization")
	if n := testing.AllocsPerRun(100, func() { buf = appendStem(buf[:0], w) }); n != 0 {
		t.Errorf("appendStem allocates %v times per word; want 0", n)
	}
	if string(buf) != "internation" {
		t.Errorf("appendStem(%q) = %q; want %q", w, buf, "internation")
	}
}

func BenchmarkStem(b *testing.B) {
	words := [][]byte{[]byte("generalizations"), []byte("communities"), []byte("hopping"), []byte("relational"), []byte("sanctions"), []byte("kerry")}
	b.Run("porter2", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			for _, w := range words {
				buf = appendStem(buf[:0], w)
			}
		}
	})
	b.Run("snowball", func(b *testing.B) {
		for b.Loop() {
			for _, w := range words {
				english.Stem(string(w), false)
			}
		}
	})
}
