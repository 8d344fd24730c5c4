package labels

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// data holds the shipped corpus: the seed articles, untouched, and their
// labelled sentences. See data/README.md for the format and data/GUIDE.md for
// how the labels were assigned.
//
//go:embed data/articles/*.txt data/sentences.jsonl data/excluded.jsonl
var data embed.FS

// CorpusName is the name the shipped labels carry in error messages and
// reports.
const CorpusName = "labels/data/sentences.jsonl"

// Corpus returns the labelled sentences of the shipped corpus, in article
// and index order.
func Corpus() ([]Record, error) {
	b, err := data.ReadFile("data/sentences.jsonl")
	if err != nil {
		return nil, err
	}
	return ReadAll(bytes.NewReader(b), CorpusName)
}

// Exclusion is a line of an article that is not article body and so is not
// labelled: another story's headline, a byline, a comment policy…
type Exclusion struct {
	Article string `json:"article"`
	Line    int    `json:"line"` // 1-based line in the article file
	Text    string `json:"text"`
	Reason  string `json:"reason"`
}

// Excluded returns the lines of the shipped articles that were left out of
// the labelled corpus, with the reason for each, so a reader can check them.
func Excluded() ([]Exclusion, error) {
	b, err := data.ReadFile("data/excluded.jsonl")
	if err != nil {
		return nil, err
	}
	var out []Exclusion
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	for dec.More() {
		var e Exclusion
		if err := dec.Decode(&e); err != nil {
			return nil, fmt.Errorf("labels/data/excluded.jsonl: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// ArticleIDs returns the ids of the shipped articles: their file names
// without ".txt", in name order.
func ArticleIDs() []string {
	entries, err := fs.ReadDir(data, "data/articles")
	if err != nil {
		panic(err) // the directory is embedded; it cannot be missing
	}
	var ids []string
	for _, e := range entries {
		ids = append(ids, strings.TrimSuffix(e.Name(), ".txt"))
	}
	return ids
}

// ArticleText returns the text of a shipped article, exactly as published.
func ArticleText(id string) (string, error) {
	b, err := data.ReadFile(path.Join("data/articles", id+".txt"))
	return string(b), err
}

// WriteExclusions writes exclusions as JSON Lines.
func WriteExclusions(w io.Writer, ex []Exclusion) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range ex {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}
