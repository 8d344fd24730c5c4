package features

import (
	"bytes"
	"os"
	"testing"
)

// TestVaderTable: vader.bin is the table of govader's lexicon as it is
// today (go test ./features -update rewrites it), it passes the checks
// vaderTable leaves out, and it gives every word the valence the map does.
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
	// vaderTable reads the compiled-in table unchecked; it passes them.
	if _, err := parseValences(vaderBin, true); err != nil {
		t.Errorf("the compiled-in table fails its checks: %v", err)
	}
	if _, err := parseValences(vaderBin[:len(vaderBin)-3], true); err == nil {
		t.Error("a cut-short table parses")
	}
}
