package labels

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// zeros reads as /dev/zero does: NUL bytes without end, and no line end.
type zeros struct{ read int }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += len(p)
	return len(p), nil
}

// TestReadAllBounded: a file whose line never ends (/dev/zero) or is far
// longer than any record ends the reading with one clear problem, after
// reading little more than MaxLineBytes, instead of exhausting memory.
func TestReadAllBounded(t *testing.T) {
	z := &zeros{}
	recs, err := ReadAll(z, "/dev/zero")
	if !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "/dev/zero:1: line longer than 1 MiB") {
		t.Errorf("ReadAll(/dev/zero) = %d records, %v; want /dev/zero:1: line longer than 1 MiB", len(recs), err)
	}
	if z.read > MaxLineBytes+64<<10 {
		t.Errorf("ReadAll(/dev/zero) read %d bytes; want little more than %d", z.read, MaxLineBytes)
	}
	// Good records before the long line are returned; reading stops there.
	in := good + "\n" + strings.Repeat("x", MaxLineBytes+10) + "\n" + strings.Replace(good, `"index":0`, `"index":1`, 1) + "\n"
	r := NewReader(strings.NewReader(in), "in.jsonl")
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(); !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "in.jsonl:2: ") {
		t.Errorf("Read of a line past MaxLineBytes = %v; want in.jsonl:2: … ErrTooLong", err)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("Read after a line too long = %v; want io.EOF (reading stops)", err)
	}
	// A line just under the limit is read (and rejected for what it is).
	long := `{"article":"a","index":0,"text":"` + strings.Repeat("x", MaxLineBytes-200) + `","stance":"neutral","sentiment":"neutral"}`
	if recs, err := ReadAll(strings.NewReader(long), "in.jsonl"); err != nil || len(recs) != 1 {
		t.Errorf("ReadAll(a line of %d bytes) = %d records, %v; want it read", len(long), len(recs), err)
	}
}

// TestReadAllValidates: what is well-formed JSON but not a record.
func TestReadAllValidates(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           error
	}{
		{"duplicate key", `{"article":"a","index":0,"text":"t","stance":"obstacle","stance":"opening","sentiment":"neutral"}`,
			`in.jsonl:1: invalid JSON: field "stance" given twice`, ErrSyntax},
		{"duplicate key, same value", `{"article":"a","article":"a","index":0,"text":"t","stance":"obstacle","sentiment":"neutral"}`,
			`in.jsonl:1: invalid JSON: field "article" given twice`, ErrSyntax},
		{"an array", `["a",0,"t","obstacle","neutral"]`, `in.jsonl:1: invalid JSON: a record is a JSON object {"article":…}, not a JSON array`, ErrSyntax},
		{"a number", `42`, `not a JSON number`, ErrSyntax},
		{"a string", `"Moscow objects."`, `not a JSON string`, ErrSyntax},
		{"null", `null`, `not a JSON null`, ErrSyntax},
		{"true", `true`, `not a JSON boolean`, ErrSyntax},
		{"text of spaces", `{"article":"a","index":0,"text":"  \t ","stance":"obstacle","sentiment":"neutral"}`,
			`in.jsonl:1: field "text" holds only white space or control characters`, ErrEmptyField},
		{"text of control characters", `{"article":"a","index":0,"text":"\u0000\u001b\u200b\ufeff","stance":"obstacle","sentiment":"neutral"}`,
			`field "text" holds only white space or control characters`, ErrEmptyField},
		{"article id of spaces", `{"article":" \n","index":0,"text":"t","stance":"obstacle","sentiment":"neutral"}`,
			`field "article" holds only white space or control characters`, ErrEmptyField},
		{"UTF-16 LE", "\xff\xfe{\x00\"\x00", "in.jsonl:1: the file is UTF-16 (byte-order mark FFFE); stance reads UTF-8", ErrBadUTF8},
		{"UTF-16 BE", "\xfe\xff\x00{\x00\"", "in.jsonl:1: the file is UTF-16 (byte-order mark FEFF)", ErrBadUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadAll(strings.NewReader(tt.in), "in.jsonl")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, tt.kind) {
				t.Errorf("ReadAll(%q) = %v; want %q (%v)", tt.in, err, tt.want, tt.kind)
			}
		})
	}
	// Text with visible characters around white space is fine.
	in := `{"article":"a","index":0,"text":" \u00a0x ","stance":"obstacle","sentiment":"neutral"}`
	if _, err := ReadAll(strings.NewReader(in), "in.jsonl"); err != nil {
		t.Errorf("ReadAll(%q) = %v; want it accepted", in, err)
	}
}
