package features

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

func TestPackWord(t *testing.T) {
	tests := []struct {
		word string
		want wordKey
	}{
		{"talks", wordKey{0x736b6c6174, 0x05 << 56}},
		{"abcdefghijklmno", wordKey{0x6867666564636261, 0x0f6f6e6d6c6b6a69}},
		{"abcdefghijklmnop", wordKey{}}, // 16 bytes: too long
	}
	for _, tt := range tests {
		if got := packWord([]byte(tt.word)); got != tt.want {
			t.Errorf("packWord(%q) = %x; want %x", tt.word, got, tt.want)
		}
	}
}

// TestTokenizerKeys: a word the tokenizer packs for the word cache while
// scanning it gets exactly the key packWord gives its bytes, and words it
// does not pack are left for packWord (the zero key). Texts: the corpus, and
// random runs of letters of every length up to 20 between separators,
// near the end of the text too, where the scan goes byte by byte.
func TestTokenizerKeys(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range recs {
		texts = append(texts, r.Text)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	seps := []string{" ", ", ", ". ", "-", "'s ", "’", "\t"}
	for range 2000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			for range 1 + rng.IntN(20) {
				b.WriteByte(letters[rng.IntN(len(letters))])
			}
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		texts = append(texts, strings.TrimRight(b.String(), " "))
	}
	var tok tokenizer
	packed := 0
	for _, text := range texts {
		tok.tokenize(text)
		for _, sp := range tok.toks {
			if sp.key == (wordKey{}) {
				continue
			}
			packed++
			w := tok.buf[sp.start:sp.end]
			if want := packWord(w); sp.key != want {
				t.Fatalf("tokenize(%q): word %q packed as %x; packWord gives %x", text, w, sp.key, want)
			}
		}
	}
	if packed == 0 {
		t.Fatal("no word was packed by the tokenizer")
	}
}
