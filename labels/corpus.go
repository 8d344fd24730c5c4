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

// data holds the shipped corpus: the seed articles, untouched, the
// examples written for the project, their labelled sentences and the
// catalog of both. See data/README.md for the format and data/GUIDE.md for
// how the texts and labels were made.
//
//go:embed data/articles/*.txt data/sentences.jsonl data/excluded.jsonl data/catalog.jsonl data/examples
var data embed.FS

// CorpusName is the name the shipped labels carry in reports.
const CorpusName = "built-in corpus (seeds and examples)"

// SeedName is the file the seed labels are read from, as error messages
// name it.
const SeedName = "labels/data/sentences.jsonl"

// ExampleName is the file the example labels are read from.
const ExampleName = "labels/data/examples/sentences.jsonl"

// Corpus returns every labelled sentence shipped: the seeds, then the
// examples, each in article and index order. It is what `stance train`
// and `stance eval` use unless told otherwise.
func Corpus() ([]Record, error) {
	seeds, err := SeedCorpus()
	if err != nil {
		return nil, err
	}
	ex, err := ExampleCorpus()
	return append(seeds, ex...), err
}

// SeedCorpus returns the labelled sentences of the five seed articles.
func SeedCorpus() ([]Record, error) { return readEmbedded("data/sentences.jsonl", SeedName) }

// ExampleCorpus returns the labelled sentences of the examples, or none if
// this build ships none.
func ExampleCorpus() ([]Record, error) {
	if _, err := fs.Stat(data, "data/examples/sentences.jsonl"); err != nil {
		return nil, nil
	}
	return readEmbedded("data/examples/sentences.jsonl", ExampleName)
}

func readEmbedded(file, name string) ([]Record, error) {
	b, err := data.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return ReadAll(bytes.NewReader(b), name)
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
	out, err := readExclusions("data/excluded.jsonl")
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(data, "data/examples/excluded.jsonl"); err != nil {
		return out, nil
	}
	ex, err := readExclusions("data/examples/excluded.jsonl")
	return append(out, ex...), err
}

func readExclusions(file string) ([]Exclusion, error) {
	b, err := data.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var out []Exclusion
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	for dec.More() {
		var e Exclusion
		if err := dec.Decode(&e); err != nil {
			return nil, fmt.Errorf("labels/%s: %w", file, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// articleDirs are the folders of shipped article texts: the seeds, then the
// examples.
var articleDirs = []string{"data/articles", "data/examples/articles"}

// ArticleIDs returns the ids of the shipped articles: their file names
// without ".txt", the seeds first, each folder in name order.
func ArticleIDs() []string {
	var ids []string
	for _, dir := range articleDirs {
		entries, _ := fs.ReadDir(data, dir) // a build may ship no examples
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".txt") {
				ids = append(ids, strings.TrimSuffix(e.Name(), ".txt"))
			}
		}
	}
	return ids
}

// ArticleText returns the text of a shipped article, byte for byte.
func ArticleText(id string) (string, error) {
	var err error
	for _, dir := range articleDirs {
		var b []byte
		if b, err = data.ReadFile(path.Join(dir, id+".txt")); err == nil {
			return string(b), nil
		}
	}
	return "", err
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
