// Command folds writes the leave-one-article-out folds that `stance eval`
// uses on the shipped corpus, under both leakage modes, as one JSON document
// for tools outside Go (scripts/sklearn_pipeline.py) to train and test on
// exactly the same sentences:
//
//	go run ./scripts/folds > folds.json
//
// The document is
//
//	{"threshold": 0.5,
//	 "records": [{"article", "index", "text", "stance", "sentiment"}, ...],
//	 "guard": [{"article", "train", "test", "dropped"}, ...],
//	 "keep": [...]}
//
// where train and test are indices into records (eval.Split), folds are in
// the corpus's first-seen article order, and guard drops near-duplicates of
// the test article from training while keep does not.
//
// The output is canonical: json.Marshal of the document followed by a
// newline, so the same corpus and the same eval.Splits give the same bytes.
// scripts/sklearn_pipeline.py records their SHA-256 in its fixture, and
// eval/sklearn_pipeline_test.go encodes the document the same way to tell
// when that fixture is stale; change the encoding in both places or neither.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/stance-nlp/stance/eval"
	"github.com/stance-nlp/stance/labels"
)

// record is a labels.Record without its annotator's note, which no
// classifier sees.
type record struct {
	Article   string `json:"article"`
	Index     int    `json:"index"`
	Text      string `json:"text"`
	Stance    string `json:"stance"`
	Sentiment string `json:"sentiment"`
}

// folds is the document written to stdout. Field order is output order.
type folds struct {
	Threshold float64  `json:"threshold"`
	Records   []record `json:"records"`
	Guard     []split  `json:"guard"`
	Keep      []split  `json:"keep"`
}

// errUsage marks a command-line mistake, for exit status 2.
// split is an eval.Split of leave-one-article-out: the group is the
// article.
type split struct {
	Article string `json:"article"`
	Train   []int  `json:"train"`
	Test    []int  `json:"test"`
	Dropped int    `json:"dropped"`
}

func articleSplits(recs []labels.Record, leak eval.Leakage) []split {
	var out []split
	for _, s := range eval.Splits(recs, nil, eval.ByArticle, leak, eval.DefaultThreshold) {
		out = append(out, split{s.Group, s.Train, s.Test, s.Dropped})
	}
	return out
}

var errUsage = errors.New("usage: go run ./scripts/folds > folds.json")

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "folds: %v\n", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("%w (got arguments %q)", errUsage, args)
	}
	recs, err := labels.SeedCorpus()
	if err != nil {
		return err
	}
	doc := folds{
		Threshold: eval.DefaultThreshold,
		Guard:     articleSplits(recs, eval.Guard),
		Keep:      articleSplits(recs, eval.Keep),
	}
	for _, r := range recs {
		doc.Records = append(doc.Records, record{r.Article, r.Index, r.Text, r.Stance, r.Sentiment})
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	w.Write(b)
	w.WriteByte('\n')
	return w.Flush()
}
