package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/internal/golden"
)

// seedsModel is a model trained on the five seed articles alone, which
// never change: goldens made with it change only when classify's output
// does, not whenever the corpus grows (as the built-in model's would).
var seedsModel = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "stance-seeds")
	if err != nil {
		return "", err
	}
	seedsDir = dir
	path := filepath.Join(dir, "seeds.json")
	var t testing.T
	if _, stderr, code := runStance(&t, "", "train", "--data", filepath.Join("..", "..", "labels", "data", "sentences.jsonl"), "-o", path); code != 0 {
		return "", fmt.Errorf("train on the seeds: exit %d, %s", code, stderr)
	}
	return path, nil
})

// seedsDir holds the seeds model once made; TestMain removes it.
var seedsDir string

// TestClassifyInputs runs classify on every kind of input it reads (a
// folder of articles, files and - together, JSON Lines and CSV archives
// by extension and on stdin, split's output through a pipe, a stream of
// lines with an offset) and compares the command line, stdout, stderr and
// exit status with testdata/classify/NAME.golden.
func TestClassifyInputs(t *testing.T) {
	model, err := seedsModel()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "classify")
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	_, splitOut, _ := func() (string, string, int) {
		out, _, code := runStance(t, "", "split", filepath.Join(dir, "news", "2014-09-24-reuters.txt"))
		return "", out, code
	}()
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"folder", "", []string{"testdata/classify/news"}},
		{"files-and-stdin", "Washington welcomed the vote.\nBy Reuters staff\n", []string{"--format", "jsonl", "testdata/classify/news/2016-03-14-rudaw.txt", "-"}},
		{"jsonl-file", "", []string{"--format", "jsonl", "testdata/classify/archive.jsonl"}},
		{"jsonl-stdin", read("archive.jsonl"), []string{"--format", "tsv"}},
		{"jsonl-stdin-as-text", read("archive.jsonl"), []string{"--format", "tsv", "--input", "text", "--keep-all"}},
		{"csv-fields", "", []string{"--format", "tsv", "--text-field", "body", "--id-field", "url", "testdata/classify/archive.csv"}},
		{"csv-stdin-lines", read("archive.csv"), []string{"--format", "jsonl", "--input", "csv", "--text-field", "body", "--id-field", "url", "--lines"}},
		{"csv-missing-field", "", []string{"testdata/classify/archive.csv"}},
		{"split-output", splitOut, []string{"--format", "jsonl"}},
		{"stream-offset", "Moscow rejected the offer. Washington objected.\nBy Jane Doe\nKerry left.\n", []string{"--format", "jsonl", "--line-offset", "1000"}},
		{"stream-no-header", "Moscow rejected the offer.\n", []string{"--no-header"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"classify", "--model", model}, tt.args...)
			out, stderr, code := runStance(t, tt.stdin, args...)
			shown := "$ stance " + strings.Join(append([]string{"classify", "--model", "seeds.json"}, tt.args...), " ") + "\n" +
				out + "--- stderr\n" + stderr + fmt.Sprintf("--- exit %d\n", code)
			golden.Check(t, filepath.Join(dir, tt.name+".golden"), []byte(shown), *update, "go test ./cmd/stance -update")
		})
	}
}
