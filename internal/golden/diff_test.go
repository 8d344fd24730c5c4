package golden

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\nE\nf\ng\nh\n",
			"--- old\n+++ new\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"},
		{"added at the end", "a\n", "a\nb\n", "--- old\n+++ new\n@@ -1 +1,2 @@\n a\n+b\n"},
		{"from empty", "", "a\n", "--- old\n+++ new\n@@ -0,0 +1 @@\n+a\n"},
		{"no newline at end", "a\nb", "a\nc", "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n",
			"--- old\n+++ new\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Diff("old", []byte(tt.old), "new", []byte(tt.new)))
			if got != tt.want {
				t.Errorf("Diff(%q, %q) =\n%s\nwant\n%s", tt.old, tt.new, got, tt.want)
			}
		})
	}
}

// TestEditScript: on random small files the script rebuilds both sides
// and is as short as the longest common subsequence allows.
func TestEditScript(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	file := func() [][]byte {
		var ls [][]byte
		for range rng.IntN(12) {
			ls = append(ls, []byte(string(rune('a'+rng.IntN(3)))+"\n"))
		}
		return ls
	}
	for i := range 2000 {
		a, b := file(), file()
		ops := editScript(a, b)
		var ra, rb [][]byte
		edits := 0
		for _, o := range ops {
			if o.kind != '+' {
				ra = append(ra, o.line)
			}
			if o.kind != '-' {
				rb = append(rb, o.line)
			}
			if o.kind != ' ' {
				edits++
			}
		}
		if !bytes.Equal(bytes.Join(ra, nil), bytes.Join(a, nil)) || !bytes.Equal(bytes.Join(rb, nil), bytes.Join(b, nil)) {
			t.Fatalf("case %d: script %v does not rebuild %q and %q", i, ops, a, b)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("case %d: %d edits from %q to %q; want %d", i, edits, a, b, want)
		}
	}
}

func lcs(a, b [][]byte) int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if bytes.Equal(a[i], b[j]) {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t[0][0]
}

// TestDiffTooManyEdits: past maxEdits the middle is shown removed then
// added, still a correct diff.
func TestDiffTooManyEdits(t *testing.T) {
	var a, b strings.Builder
	for i := range 3 * maxEdits {
		a.WriteString("old " + string(rune('a'+i%26)) + "\n")
		b.WriteString("new " + string(rune('a'+i%26)) + "\n")
	}
	d := string(Diff("a", []byte(a.String()), "b", []byte(b.String())))
	if strings.Count(d, "\n-old") != 3*maxEdits || strings.Count(d, "\n+new") != 3*maxEdits {
		t.Errorf("diff of two unrelated files: %d lines removed, %d added; want %d each", strings.Count(d, "\n-old"), strings.Count(d, "\n+new"), 3*maxEdits)
	}
}

func TestShorten(t *testing.T) {
	if got := string(Shorten([]byte("a\nb\nc\nd\n"), 2)); got != "a\nb\n… 2 more lines of diff\n" {
		t.Errorf("Shorten = %q", got)
	}
	if got := string(Shorten([]byte("a\nb\n"), 2)); got != "a\nb\n" {
		t.Errorf("Shorten = %q", got)
	}
}
