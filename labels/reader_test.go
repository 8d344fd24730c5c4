package labels

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

const good = `{"article":"a","index":0,"text":"Moscow rejected the offer.","stance":"obstacle","sentiment":"negative"}`

func TestReadAllErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string // substrings of the error, in order
		kinds []error
		n     int // good records returned
	}{
		{"bad JSON", good + "\n{\"article\":", []string{"in.jsonl:2: invalid JSON"}, []error{ErrSyntax}, 1},
		{"missing field", `{"article":"a","index":0,"text":"t","stance":"neutral"}`, []string{`in.jsonl:1: missing field "sentiment"`}, []error{ErrMissingField}, 0},
		{"empty field", `{"article":"a","index":0,"text":"","stance":"neutral","sentiment":"neutral"}`, []string{`in.jsonl:1: empty field "text"`}, []error{ErrEmptyField}, 0},
		{"unknown label with suggestion", `{"article":"a","index":0,"text":"t","stance":"obstcle","sentiment":"neutral"}`, []string{`in.jsonl:1: unknown stance "obstcle" (did you mean "obstacle"?)`}, []error{ErrUnknownLabel}, 0},
		{"unknown label far off", `{"article":"a","index":0,"text":"t","stance":"opposed","sentiment":"neutral"}`, []string{`in.jsonl:1: unknown stance "opposed" (want one of [obstacle opening neutral])`}, []error{ErrUnknownLabel}, 0},
		{"duplicate", good + "\n" + good, []string{`in.jsonl:2: duplicate sentence: article "a" index 0 was first given on line 1`}, []error{ErrDuplicate}, 1},
		{"invalid UTF-8", `{"article":"a","index":0,"text":"caf` + "\xff" + `","stance":"neutral","sentiment":"neutral"}`, []string{"in.jsonl:1: invalid UTF-8 at byte 37"}, []error{ErrBadUTF8}, 0},
		{"empty file", "", []string{"in.jsonl: no records"}, []error{ErrNoRecords}, 0},
		{"only blank lines", "\n\n  \n", []string{"in.jsonl: no records"}, []error{ErrNoRecords}, 0},
		{"unknown field", `{"article":"a","index":0,"text":"t","stance":"neutral","sentiment":"neutral","stnce":"x"}`, []string{`in.jsonl:1: invalid JSON: json: unknown field "stnce"`}, []error{ErrSyntax}, 0},
		{"index as string", `{"article":"a","index":"0","text":"t","stance":"neutral","sentiment":"neutral"}`, []string{`in.jsonl:1: invalid JSON: field "index" must be a int, not a JSON string`}, []error{ErrSyntax}, 0},
		{"negative index", `{"article":"a","index":-1,"text":"t","stance":"neutral","sentiment":"neutral"}`, []string{`in.jsonl:1: index -1 is negative`}, []error{ErrSyntax}, 0},
		{"two values on a line", good + good, []string{"in.jsonl:1: invalid JSON: more than one value on the line"}, []error{ErrSyntax}, 0},
		{"all problems of a line", `{"article":"","index":0,"text":"t","stance":"bad","sentiment":"worse"}`,
			[]string{`in.jsonl:1: empty field "article"; unknown stance "bad"`, `unknown sentiment "worse"`}, []error{ErrEmptyField, ErrUnknownLabel}, 0},
		{"every bad line reported", "{\n" + good + "\n[]\n", []string{"in.jsonl:1: invalid JSON", "in.jsonl:3: invalid JSON"}, []error{ErrSyntax}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ReadAll(strings.NewReader(tt.input), "in.jsonl")
			if err == nil {
				t.Fatalf("ReadAll(%q) = nil error; want %q", tt.input, tt.want)
			}
			msg := err.Error()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("ReadAll(%q) error =\n%s\nwant it to contain, in order, %q", tt.input, msg, tt.want)
				}
				at += i + len(w)
			}
			for _, k := range tt.kinds {
				if !errors.Is(err, k) {
					t.Errorf("errors.Is(%v, %v) = false; want true", err, k)
				}
			}
			if len(recs) != tt.n {
				t.Errorf("ReadAll(%q) returned %d good records; want %d", tt.input, len(recs), tt.n)
			}
		})
	}
}

func TestReadAllAccepts(t *testing.T) {
	tests := []struct {
		name  string
		input string
	}{
		{"plain", good + "\n"},
		{"no final newline", good},
		{"byte-order mark", "\uFEFF" + good + "\n"},
		{"CRLF", good + "\r\n" + strings.Replace(good, `"index":0`, `"index":1`, 1) + "\r\n"},
		{"blank lines", "\n" + good + "\n\n"},
		{"note", strings.Replace(good, `}`, `,"note":"hard call"}`, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ReadAll(strings.NewReader(tt.input), "in.jsonl")
			if err != nil {
				t.Fatalf("ReadAll(%q) error: %v", tt.input, err)
			}
			if len(recs) == 0 || recs[0].Text != "Moscow rejected the offer." || recs[0].Stance != "obstacle" {
				t.Errorf("ReadAll(%q) = %+v; want the record", tt.input, recs)
			}
		})
	}
}

func TestReadAllCapsProblems(t *testing.T) {
	input := strings.Repeat("not json\n", MaxErrors+7)
	_, err := ReadAll(strings.NewReader(input), "in.jsonl")
	msg := err.Error()
	if got := strings.Count(msg, "invalid JSON"); got != MaxErrors {
		t.Errorf("ReadAll reported %d problems; want %d", got, MaxErrors)
	}
	if !strings.Contains(msg, "in.jsonl: and 7 more problems") {
		t.Errorf("ReadAll error does not count the rest:\n%s", msg)
	}
}

func TestUnlabelled(t *testing.T) {
	in := `{"article":"a","index":0,"text":"t","stance":"","sentiment":""}`
	if _, err := ReadAll(strings.NewReader(in), "in.jsonl"); !errors.Is(err, ErrEmptyField) {
		t.Errorf("labelled reader accepted empty labels: %v", err)
	}
	r := NewReader(strings.NewReader(in), "in.jsonl")
	r.Unlabelled = true
	if _, err := r.ReadAll(); err != nil {
		t.Errorf("unlabelled reader: %v", err)
	}
	r = NewReader(strings.NewReader(strings.Replace(in, `"stance":""`, `"stance":"x"`, 1)), "in.jsonl")
	r.Unlabelled = true
	if _, err := r.ReadAll(); !errors.Is(err, ErrUnknownLabel) {
		t.Errorf("unlabelled reader accepted a bad label: %v", err)
	}
}

func TestWriterRoundTrip(t *testing.T) {
	recs := []Record{
		{Article: "a", Index: 0, Text: `He said "no" & left <fast>.`, Stance: "obstacle", Sentiment: "negative", Note: "n"},
		{Article: "a", Index: 1, Text: "Ça va — “fine”.", Stance: "neutral", Sentiment: "neutral"},
	}
	var b strings.Builder
	w := NewWriter(&b)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `& left <fast>`) {
		t.Errorf("Writer escaped HTML characters: %s", b.String())
	}
	got, err := ReadAll(strings.NewReader(b.String()), "round")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(recs) {
		t.Errorf("round trip = %+v; want %+v", got, recs)
	}
}

func TestReadStreams(t *testing.T) {
	r := NewReader(strings.NewReader(good+"\nbad\n"), "in.jsonl")
	if _, err := r.Read(); err != nil {
		t.Fatalf("first Read: %v", err)
	}
	if _, err := r.Read(); err == nil || !strings.HasPrefix(err.Error(), "in.jsonl:2:") {
		t.Fatalf("second Read = %v; want an error for line 2", err)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("third Read = %v; want io.EOF", err)
	}
}
