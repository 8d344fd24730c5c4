package tag

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/archive"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/internal/golden"
	"github.com/stance-nlp/stance/labels"
)

// TestGoldenDocs reads each input format through the seed model and
// compares the records with testdata/docs-NAME.golden, and the warnings
// with the lines of testdata/docs-NAME.stderr: archive.jsonl (an article
// a record, a numeric id, a field named like classify's own, a byline, a
// dateline, a hard-wrapped paragraph, two bad records), the same archive
// as CSV (texts over several lines), split.jsonl (what `stance split`
// writes, read by Stream as it is), and article.txt, a text file read as
// one document.
func TestGoldenDocs(t *testing.T) {
	m, err := seedModel()
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	jsonl := func(name string, f archive.Fields) func() archive.Reader {
		return func() archive.Reader { return archive.NewJSONLReader(bytes.NewReader(read(name)), name, f) }
	}
	csv := func(name string) func() archive.Reader {
		return func() archive.Reader {
			return archive.NewCSVReader(bytes.NewReader(read(name)), name, archive.Fields{})
		}
	}
	text := func(name string) func() archive.Reader {
		return func() archive.Reader { return &docList{docs: []archive.Doc{{ID: "article", Text: string(read(name))}}} }
	}
	tests := []struct {
		name   string
		docs   func() archive.Reader // nil: Stream on the file
		file   string
		o      Options
		failed int // bad records
	}{
		{name: "jsonl", docs: jsonl("archive.jsonl", archive.Fields{}), o: Options{Format: JSONL}, failed: 2},
		{name: "jsonl-lines", docs: jsonl("archive.jsonl", archive.Fields{}), o: Options{Format: JSONL, Lines: true}, failed: 2},
		{name: "jsonl-keep-all", docs: jsonl("archive.jsonl", archive.Fields{}), o: Options{Format: JSONL, KeepAll: true}, failed: 2},
		{name: "jsonl-sniffed", file: "archive.jsonl", o: Options{Format: JSONL, Sniff: true, Name: "archive.jsonl"}, failed: 2},
		{name: "csv-tsv", docs: csv("archive.csv"), o: Options{Format: TSV}, failed: 1},
		{name: "csv-table", docs: csv("archive.csv"), o: Options{Format: Table}, failed: 1},
		{name: "split", file: "split.jsonl", o: Options{Format: JSONL}},
		{name: "split-lines-tsv", file: "split.jsonl", o: Options{Format: TSV, Lines: true}},
		{name: "text", docs: text("article.txt"), o: Options{Format: JSONL}},
		{name: "text-table-no-header", docs: text("article.txt"), o: Options{Format: Table, NoHeader: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			var warnings []string
			o := tt.o
			o.Warn = func(msg string) { warnings = append(warnings, msg) }
			var err error
			if tt.docs != nil {
				err = StreamDocs(context.Background(), tt.docs(), &out, m, o)
			} else {
				err = Stream(context.Background(), bytes.NewReader(read(tt.file)), &out, m, o)
			}
			var re *RecordsError
			switch {
			case tt.failed == 0 && err != nil, tt.failed > 0 && (!errors.As(err, &re) || re.N != tt.failed):
				t.Fatalf("error %v; want %d bad records", err, tt.failed)
			}
			golden.Check(t, filepath.Join("testdata", "docs-"+tt.name+".golden"), out.Bytes(), *update, "go test ./tag -update")
			golden.Check(t, filepath.Join("testdata", "docs-"+tt.name+".stderr"), []byte(strings.Join(append(warnings, ""), "\n")), *update, "go test ./tag -update")
		})
	}
}

// docList is an archive.Reader of documents in memory.
type docList struct{ docs []archive.Doc }

func (l *docList) Read() (archive.Doc, error) {
	if len(l.docs) == 0 {
		return archive.Doc{}, io.EOF
	}
	d := l.docs[0]
	l.docs = l.docs[1:]
	return d, nil
}

// TestSplitThenClassify: classifying an article gives the same sentences,
// ids and indexes as classifying what `stance split` makes of it.
func TestSplitThenClassify(t *testing.T) {
	m := builtin(t)
	text, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var direct, split bytes.Buffer
	if err := StreamDocs(context.Background(), &docList{docs: []archive.Doc{{ID: "article", Text: string(text)}}}, &direct, m, Options{Format: TSV}); err != nil {
		t.Fatal(err)
	}
	var recs bytes.Buffer
	w := labels.NewWriter(&recs)
	sp, err := features.NewSplitter()
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for _, u := range sp.Article(string(text)) {
		if !u.Excluded() {
			w.Write(labels.Record{Article: "article", Index: k, Text: u.Text})
			k++
		}
	}
	w.Flush()
	if err := Stream(context.Background(), &recs, &split, m, Options{Format: TSV}); err != nil {
		t.Fatal(err)
	}
	if direct.String() != split.String() || k == 0 {
		t.Errorf("classify article.txt:\n%s\nclassify on split's output:\n%s", direct.String(), split.String())
	}
}

// TestPassThrough: a field named like one of classify's own is kept as
// input_NAME.
func TestPassThrough(t *testing.T) {
	in := []archive.Field{{Name: "date", Value: []byte(`"2014"`)}, {Name: "stance", Value: []byte(`"opening"`)}, {Name: "line", Value: []byte(`3`)}}
	got := passThrough(in)
	var names []string
	for _, f := range got {
		names = append(names, f.Name)
	}
	if want := []string{"date", "input_stance", "input_line"}; !slices.Equal(names, want) {
		t.Errorf("passThrough names %q; want %q", names, want)
	}
	if in[1].Name != "stance" {
		t.Error("passThrough changed its input")
	}
}
