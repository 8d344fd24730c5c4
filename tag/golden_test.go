package tag

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/internal/golden"
	"github.com/stance-nlp/stance/labels"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// builtin is the model `stance classify` uses without --model.
func builtin(t testing.TB) *classify.Model {
	t.Helper()
	m, err := classify.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// seedModel is the model `stance train --data labels/data/sentences.jsonl`
// writes: the five seed articles, which never change, so the goldens
// change only when what is printed, or how it is scored, does; not
// whenever the corpus grows.
var seedModel = sync.OnceValues(func() (*classify.Model, error) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		return nil, err
	}
	tr, err := classify.NewTrainer(classify.DefaultOptions())
	if err != nil {
		return nil, err
	}
	// Without a catalog every article is its own event, as for --data.
	return tr.Fit(recs, labels.Catalog(nil).Groups(recs, "event"))
})

// TestGolden streams testdata/input.txt (sentences, an empty line, a
// line of blanks, CRLF, a byte-order mark, tabs, quotes, terminal
// controls, U+2028, invalid UTF-8, Cyrillic, a line that is not article
// body) through the seed model in every format, by sentence and by line,
// with and without --explain, and compares the records with
// testdata/FORMAT[-lines][-explain].golden byte for byte: what `stance
// classify --model seeds.json` prints for that input.
func TestGolden(t *testing.T) {
	m, err := seedModel()
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.ReadFile(filepath.Join("testdata", "input.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{Table, TSV, JSONL} {
		for _, lines := range []bool{false, true} {
			for _, explain := range []bool{false, true} {
				name := string(f)
				if lines {
					name += "-lines"
				}
				if explain {
					name += "-explain"
				}
				t.Run(name, func(t *testing.T) {
					var out bytes.Buffer
					var warnings []string
					o := Options{Format: f, Lines: lines, Explain: explain, Warn: func(msg string) { warnings = append(warnings, msg) }}
					if err := Stream(context.Background(), bytes.NewReader(in), &out, m, o); err != nil {
						t.Fatal(err)
					}
					golden.Check(t, filepath.Join("testdata", name+".golden"), out.Bytes(), *update, "go test ./tag -update")
					want := []string{"replaced 2 invalid UTF-8 sequences in the input with U+FFFD"}
					if !lines {
						want = append(want, "left out 1 line that does not read as article body, as stance split does (section label 1)")
					}
					if !slices.Equal(warnings, want) {
						t.Errorf("warnings %q; want %q", warnings, want)
					}
				})
			}
		}
	}
}
