package golden

import (
	"bytes"
	"fmt"
)

// context is how many unchanged lines a hunk shows around a change.
const context = 3

// maxEdits bounds the diff's search (Myers' D): past it, the lines between
// the common start and end are shown as all removed and all added, which
// is still a correct diff. It keeps a diff of two unrelated 10,000-line
// files from taking seconds and hundreds of megabytes.
const maxEdits = 1000

// op is one line of an edit script: ' ' kept, '-' removed from old, '+'
// added from new.
type op struct {
	kind byte
	line []byte
	a, b int // line index in old and new (the one that applies)
}

// Diff returns a unified diff from old to new, three lines of context
// around each change, as diff -u prints it; nil when they are equal.
func Diff(oldName string, old []byte, newName string, new []byte) []byte {
	if bytes.Equal(old, new) {
		return nil
	}
	a, b := splitLines(old), splitLines(new)
	ops := editScript(a, b)
	out := fmt.Appendf(nil, "--- %s\n+++ %s\n", oldName, newName)
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk: from context lines before the change to context lines
		// after the last change that is no more than 2*context lines
		// from the one before it.
		start := max(0, i-context)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
			} else if j-end >= 2*context {
				break
			}
		}
		end = min(len(ops), end+context)
		out = appendHunk(out, ops[start:end])
		i = end
	}
	return out
}

func appendHunk(out []byte, ops []op) []byte {
	var na, nb int
	for _, o := range ops {
		if o.kind != '+' {
			na++
		}
		if o.kind != '-' {
			nb++
		}
	}
	a, b := ops[0].a, ops[0].b
	// diff -u numbers lines from 1, and an empty side by the line before.
	if na > 0 {
		a++
	}
	if nb > 0 {
		b++
	}
	out = fmt.Appendf(out, "@@ -%s +%s @@\n", rangeOf(a, na), rangeOf(b, nb))
	for _, o := range ops {
		out = append(out, o.kind)
		out = append(out, o.line...)
		if len(o.line) == 0 || o.line[len(o.line)-1] != '\n' {
			out = append(out, "\n\\ No newline at end of file\n"...)
		}
	}
	return out
}

func rangeOf(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// splitLines splits text after each newline; a last line without one is
// kept as it is.
func splitLines(text []byte) [][]byte {
	var out [][]byte
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n') + 1
		if i == 0 {
			i = len(text)
		}
		out = append(out, text[:i])
		text = text[i:]
	}
	return out
}

// editScript returns the lines of a and b as kept, removed and added, in
// order: the common start and end kept, and between them a shortest edit
// script (Myers 1986), or, past maxEdits, everything removed then added.
func editScript(a, b [][]byte) []op {
	p := 0
	for p < len(a) && p < len(b) && bytes.Equal(a[p], b[p]) {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && bytes.Equal(a[len(a)-1-s], b[len(b)-1-s]) {
		s++
	}
	var ops []op
	for i := range p {
		ops = append(ops, op{' ', a[i], i, i})
	}
	mid, ok := myers(a[p:len(a)-s], b[p:len(b)-s])
	if !ok {
		mid = nil
		for i, l := range a[p : len(a)-s] {
			mid = append(mid, op{'-', l, i, 0})
		}
		for j, l := range b[p : len(b)-s] {
			mid = append(mid, op{'+', l, len(a) - s - p, j})
		}
	}
	for _, o := range mid {
		o.a, o.b = o.a+p, o.b+p
		ops = append(ops, o)
	}
	for i := range s {
		ops = append(ops, op{' ', a[len(a)-s+i], len(a) - s + i, len(b) - s + i})
	}
	return ops
}

// myers returns a shortest edit script from a to b, or false if it needs
// more than maxEdits edits. Each op's a and b are the indices of the line
// it concerns, or for an added line the old index it comes before (and
// the reverse for a removed one).
func myers(a, b [][]byte) ([]op, bool) {
	n, m := len(a), len(b)
	limit := min(n+m, maxEdits)
	off := limit + 1
	v := make([]int, 2*limit+3) // v[off+k]: furthest x on diagonal k
	var trace [][]int           // trace[d]: v[off-d : off+d+1] before round d
	for d := 0; d <= limit; d++ {
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // down: a line added
			} else {
				x = v[off+k-1] + 1 // right: a line removed
			}
			y := x - k
			for x < n && y < m && bytes.Equal(a[x], b[y]) {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace, d), true
			}
		}
	}
	return nil, false
}

// backtrack walks the rounds of myers back from the end and returns the
// edit script, start first.
func backtrack(a, b [][]byte, trace [][]int, dEnd int) []op {
	var rev []op
	x, y := len(a), len(b)
	for d := dEnd; d >= 0; d-- {
		var px, py int // where round d started from
		if d > 0 {
			prev := trace[d] // index i is diagonal i-d
			at := func(k int) int { return prev[k+d] }
			k, pk := x-y, 0
			if k == -d || k != d && at(k-1) < at(k+1) {
				pk = k + 1
			} else {
				pk = k - 1
			}
			px = at(pk)
			py = px - pk
		}
		for x > px && y > py {
			x, y = x-1, y-1
			rev = append(rev, op{' ', a[x], x, y})
		}
		if d == 0 {
			break
		}
		if x == px {
			y--
			rev = append(rev, op{'+', b[y], x, y})
		} else {
			x--
			rev = append(rev, op{'-', a[x], x, y})
		}
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}
