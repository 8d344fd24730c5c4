package eval

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/internal/golden"
	"github.com/stance-nlp/stance/labels"
)

// TestGoldenExpect: on a corpus of more than StudyEvents events the
// report's bottom line gives, after each figure, the range one study of
// that many events may land in, in every format: the "What to expect"
// section of the text, Markdown and HTML reports and the generalisation
// of the JSON one, on the first 600 sentences of the built-in corpus (the
// seeds and 22 events of the examples).
func TestGoldenExpect(t *testing.T) {
	all, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	if cfg.Catalog, err = labels.BuiltinCatalog(); err != nil {
		t.Fatal(err)
	}
	cfg.Curve, cfg.Resamples = nil, 200
	rep, err := Evaluate(all[:600], "the first 600 sentences of the built-in corpus", cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{Text, Markdown, HTML, JSON} {
		var b bytes.Buffer
		if err := rep.Write(&b, f); err != nil {
			t.Fatal(err)
		}
		var part string
		switch f {
		case JSON:
			var r struct {
				Targets []struct {
					Target         string          `json:"target"`
					Generalisation json.RawMessage `json:"generalisation"`
				} `json:"targets"`
			}
			if err := json.Unmarshal(b.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			out, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			part = string(out) + "\n"
		default:
			s := b.String()
			i := strings.Index(s, "What to expect")
			j := strings.Index(s[i:], "Articles")
			if i < 0 || j < 0 {
				t.Fatalf("%s: no \"What to expect\" section before \"Articles\"", f)
			}
			part = s[i : i+j]
		}
		if !strings.Contains(part, "study") {
			t.Errorf("%s: the section names no study's range", f)
		}
		golden.Check(t, filepath.Join("testdata", "expect."+string(f)), []byte(part), *update, "go test ./eval -update")
	}
}
