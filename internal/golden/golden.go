// Package golden compares what a test produced with a file in testdata
// and, when they differ, shows a unified diff of the lines that changed,
// so a failure says what broke rather than only where the first change is.
// It is for tests only.
package golden

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// maxShown is how many lines of a diff Check prints: a change to the
// tokenizer can touch every line of a report, and the first hunks say
// enough.
const maxShown = 200

// Check compares got with the file at path and fails t with a unified
// diff (file → got) if they differ. With update set it writes got to path
// instead; updateHint is the command that does so, for the failure message
// ("go test ./eval -update").
func Check(t testing.TB, path string, got []byte, update bool, updateHint string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run %s to create it)", err, updateHint)
	}
	if d := Diff(path, want, "got", got); d != nil {
		t.Errorf("output differs from %s (run %s if the change is intended):\n%s", path, updateHint, Shorten(d, maxShown))
	}
}

// Shorten returns the first n lines of text, and a line saying how many
// were left out, if there were more.
func Shorten(text []byte, n int) []byte {
	i, lines := 0, 0
	for i < len(text) && lines < n {
		j := bytes.IndexByte(text[i:], '\n')
		if j < 0 {
			return text
		}
		i += j + 1
		lines++
	}
	if i >= len(text) {
		return text
	}
	rest := bytes.Count(text[i:], []byte("\n"))
	return fmt.Appendf(text[:i:i], "… %d more lines of diff\n", rest)
}
