package features

import (
	"bytes"
	"os"
	"testing"
)

// TestVaderTable: vader.bin is the table of govader's lexicon as it is
// today (go test ./features -update rewrites it), and it gives every word
// the valence the map does.
func TestVaderTable(t *testing.T) {
	lex := vaderValence()
	b := newValences(lex).appendBinary(nil)
	if *update {
		if err := os.WriteFile("vader.bin", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b, vaderBin) {
		t.Fatal("features/vader.bin is stale: govader's lexicon changed; run go test ./features -update")
	}
	v := vaderTable()
	for w, want := range lex {
		if got := v.get(w); got != want {
			t.Errorf("valence of %q = %v; want %v", w, got, want)
		}
	}
	for _, w := range []string{"", "zzzz", "good ", "GOOD"} {
		if got := v.get(w); got != lex[w] {
			t.Errorf("valence of %q = %v; want %v", w, got, lex[w])
		}
	}
	if _, err := parseValences(vaderBin[:len(vaderBin)-3]); err == nil {
		t.Error("a cut-short table parses")
	}
}
