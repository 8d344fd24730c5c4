package tag_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/stance-nlp/stance/archive"
	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/tag"
)

// ExampleStream tags two paragraphs, one record per sentence, with the
// built-in model. It prints the records' line numbers and labels only:
// the probabilities move whenever the corpus grows.
func ExampleStream() {
	m, err := classify.Builtin()
	if err != nil {
		log.Fatal(err)
	}
	in := strings.NewReader("Lavrov said Russia has no desire to join any campaign led by the United States.\n" +
		"The two foreign ministers agreed to work together against terrorism. Washington welcomed the vote.\n")
	var out strings.Builder
	if err := tag.Stream(context.Background(), in, &out, m, tag.Options{Format: tag.TSV}); err != nil {
		log.Fatal(err)
	}
	for _, rec := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		f := strings.Split(rec, "\t")
		os.Stdout.WriteString(f[0] + " " + f[5] + "\t" + f[10] + "\n")
	}
	// Output:
	// obstacle negative	Lavrov said Russia has no desire to join any campaign led by the United States.
	// opening positive	The two foreign ministers agreed to work together against terrorism.
	// opening positive	Washington welcomed the vote.
}

// ExampleStreamDocs tags an archive in JSON Lines: each record an
// article with an id, a date passed through to every record, and a text
// whose byline is left out, as `stance split` leaves it out. It prints
// each record's article, index, line and stance, and what was left out.
func ExampleStreamDocs() {
	m, err := classify.Builtin()
	if err != nil {
		log.Fatal(err)
	}
	in := `{"id":"a1","date":"2014-09-24","text":"By Jane Doe\nMoscow rejected the offer. Washington objected."}
{"id":"a2","date":"2016-03-14","text":"The two ministers agreed to work together."}
`
	docs := archive.NewJSONLReader(strings.NewReader(in), "archive.jsonl", archive.Fields{})
	var out strings.Builder
	o := tag.Options{Format: tag.JSONL, Warn: func(msg string) { fmt.Println(msg) }}
	if err := tag.StreamDocs(context.Background(), docs, &out, m, o); err != nil {
		log.Fatal(err)
	}
	for _, rec := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		var r struct {
			Article string `json:"article"`
			Index   int    `json:"index"`
			Line    int    `json:"line"`
			Date    string `json:"date"`
			Text    string `json:"text"`
		}
		json.Unmarshal([]byte(rec), &r)
		fmt.Printf("%s #%d (line %d, %s): %s\n", r.Article, r.Index, r.Line, r.Date, r.Text)
	}
	// Output:
	// left out 1 line that does not read as article body, as stance split does (section label 1)
	// a1 #0 (line 2, 2014-09-24): Moscow rejected the offer.
	// a1 #1 (line 2, 2014-09-24): Washington objected.
	// a2 #0 (line 1, 2016-03-14): The two ministers agreed to work together.
}
