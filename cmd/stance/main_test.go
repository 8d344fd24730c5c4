package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// runStance runs stance in process, as main does (run, then the exit
// status of its error, a panic included), with stdin, and returns stdout,
// stderr and the exit status.
func runStance(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runSafely(&errb, func() error {
		return run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	})
	return out.String(), errb.String(), code
}

// stanceBinary returns the command, built once, for the few tests that
// need a real process: signals, a closed pipe, the exit status main gives.
var stanceBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "stance-test")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "stance")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// stanceCommand returns an exec.Cmd running the built command with args.
func stanceCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := stanceBinary()
	if err != nil {
		t.Fatal(err)
	}
	return exec.Command(bin, args...)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bin, err := stanceBinary(); err == nil && bin != "" {
		os.RemoveAll(filepath.Dir(bin))
	}
	if seedsDir != "" {
		os.RemoveAll(seedsDir)
	}
	os.Exit(code)
}

// TestBinaryExitStatus: the built command exits with the status runSafely
// gives (the in-process tests rely on it), and writes nothing to stdout
// on a failure.
func TestBinaryExitStatus(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"classify", "--format", "tsv"}, 0},
		{[]string{"classify", "--model", "/nonexistent/m.json"}, 1},
		{[]string{"classify", "--format", "xml"}, 2},
	} {
		cmd := stanceCommand(t, tt.args...)
		cmd.Stdin = strings.NewReader("Moscow rejected the offer.\n")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		_, wantErr, want := runStance(t, "Moscow rejected the offer.\n", tt.args...)
		if code != tt.code || want != tt.code || errb.String() != wantErr || (code != 0) != (out.Len() == 0) {
			t.Errorf("stance %q: exit %d, stdout %d bytes, stderr %q; in process: exit %d, stderr %q; want exit %d", tt.args, code, out.Len(), errb.String(), want, wantErr, tt.code)
		}
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // substring
	}{
		{"no command", nil, 2, "no command given"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"eval", "--frob"}, 2, "flag provided but not defined: -frob"},
		{"missing flag value", []string{"eval", "--seed"}, 2, "flag needs an argument: -seed"},
		{"bad flag value", []string{"eval", "--seed", "x"}, 2, `invalid value "x" for flag -seed`},
		{"train without -o", []string{"train"}, 2, "train needs -o MODEL"},
		{"unknown format", []string{"classify", "--format", "xml"}, 2, `unknown format "xml"`},
		{"unknown leakage", []string{"eval", "--leakage", "maybe"}, 2, `unknown leakage mode "maybe"`},
		{"bad alpha", []string{"eval", "--alpha", "0"}, 2, "alpha 0: want a number above 0"},
		{"split of a folder without text", []string{"split", "."}, 1, ".: a folder with no .txt files"},
		{"classify of a folder without text", []string{"classify", "."}, 1, ".: a folder with no .txt files"},
		{"classify with an unknown input", []string{"classify", "--input", "xml"}, 2, `unknown input "xml" (want text, jsonl or csv)`},
		{"classify with no text field", []string{"classify", "--text-field", " "}, 2, "--text-field '': name a field"},
		{"classify with one field for both", []string{"classify", "--text-field", "x", "--id-field", "x"}, 2, `--text-field and --id-field are both "x"`},
		{"classify with a negative offset", []string{"classify", "--line-offset", "-1"}, 2, "--line-offset -1: want 0 or more"},
		{"classify with an offset and files", []string{"classify", "--line-offset", "10", "a.txt"}, 2, "--line-offset numbers the lines of stdin"},
		{"classify of stdin twice", []string{"classify", "-", "-"}, 2, "- (stdin) is given twice"},
		{"classify of a missing file", []string{"classify", "/nonexistent/a.txt"}, 1, "/nonexistent/a.txt: no such file"},
		{"missing data file", []string{"eval", "--data", "/nonexistent/x.jsonl"}, 1, "/nonexistent/x.jsonl: no such file"},
		{"data is a directory", []string{"train", "--data", ".", "-o", "m.json"}, 1, ".: is a directory, not a file"},
		{"missing model", []string{"classify", "--model", "/nonexistent/m.json"}, 1, "load model: /nonexistent/m.json: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runStance(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stance %q: exit %d, stderr:\n%s\nwant exit %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
			}
			if tt.code == 2 && !strings.Contains(stderr, "Usage:") {
				t.Errorf("stance %q: a usage error should print the usage line; stderr:\n%s", tt.args, stderr)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"split", "--help"}, {"train", "-h"}, {"classify", "--help"}, {"eval", "--help"}, {"help", "eval"},
		{"summarize", "--help"}, {"version", "--help"}, {"completion", "--help"}} {
		out, stderr, code := runStance(t, "", args...)
		if code != 0 || stderr != "" {
			t.Errorf("stance %q: exit %d, stderr %q; want 0 and nothing", args, code, stderr)
		}
		if !strings.Contains(out, "Example") || !strings.Contains(out, "stance") {
			t.Errorf("stance %q: help has no examples:\n%s", args, out)
		}
	}
}

// TestClassifyLines: with --lines there is one record per input line,
// blank lines included, in input order, in every format.
func TestClassifyLines(t *testing.T) {
	in := "Moscow rejected the American offer.\n\nWashington welcomed the vote.\r\nno punctuation at all\n\n"
	for _, format := range []string{"tsv", "jsonl", "table"} {
		out, stderr, code := runStance(t, in, "classify", "--lines", "--format", format)
		if code != 0 || stderr != "" {
			t.Fatalf("%s: exit %d, stderr %q", format, code, stderr)
		}
		got := strings.Count(out, "\n")
		if format == "table" {
			got-- // header line
		}
		if got != 5 {
			t.Errorf("%s: %d records for 5 input lines:\n%s", format, got, out)
		}
	}
	out, _, _ := runStance(t, in, "classify", "--lines", "--format", "jsonl")
	sc := bufio.NewScanner(strings.NewReader(out))
	wantText := []string{"Moscow rejected the American offer.", "", "Washington welcomed the vote.", "no punctuation at all", ""}
	for i := 0; sc.Scan(); i++ {
		var rec struct {
			Line           int                `json:"line"`
			Text           string             `json:"text"`
			Stance         string             `json:"stance"`
			StanceP        float64            `json:"stance_p"`
			StanceProbs    map[string]float64 `json:"stance_probs"`
			Sentiment      string             `json:"sentiment"`
			SentimentP     float64            `json:"sentiment_p"`
			SentimentProbs map[string]float64 `json:"sentiment_probs"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("record %d is not JSON: %v\n%s", i+1, err, sc.Text())
		}
		if rec.Line != i+1 || rec.Text != wantText[i] {
			t.Errorf("record %d = line %d %q; want line %d %q", i+1, rec.Line, rec.Text, i+1, wantText[i])
		}
		sum := 0.0
		for _, p := range rec.StanceProbs {
			sum += p
		}
		if rec.Stance == "" || rec.Sentiment == "" || len(rec.StanceProbs) != 3 || len(rec.SentimentProbs) != 3 || sum < 0.99 || sum > 1.01 {
			t.Errorf("record %d incomplete: %+v", i+1, rec)
		}
		if rec.StanceProbs[rec.Stance] != rec.StanceP {
			t.Errorf("record %d: stance_p %v is not the probability of %s (%v)", i+1, rec.StanceP, rec.Stance, rec.StanceProbs)
		}
	}
}

// TestClassifySentences: without --lines, lines are split into sentences.
func TestClassifySentences(t *testing.T) {
	out, _, code := runStance(t, "Moscow rejected the offer. Washington welcomed the U.S.-led vote on Sept. 15 at the U.N. headquarters.\n\nKerry left.\n", "classify", "--format", "tsv")
	if code != 0 {
		t.Fatal(code)
	}
	var texts []string
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		f := strings.Split(l, "\t")
		if len(f) != 11 {
			t.Fatalf("tsv record has %d columns; want 11: %q", len(f), l)
		}
		texts = append(texts, f[10])
	}
	want := []string{"Moscow rejected the offer.", "Washington welcomed the U.S.-led vote on Sept. 15 at the U.N. headquarters.", "Kerry left."}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("sentences = %q; want %q", texts, want)
	}
}

func TestClassifyEmptyAndOddInput(t *testing.T) {
	out, stderr, code := runStance(t, "", "classify", "--format", "tsv")
	if code != 0 || out != "" || stderr != "" {
		t.Errorf("empty input: exit %d, stdout %q, stderr %q; want 0 and nothing", code, out, stderr)
	}
	out, stderr, code = runStance(t, "bad \xff\xfe byte\nnul\x00byte\n", "classify", "--lines", "--format", "jsonl")
	if code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("invalid UTF-8 and NUL: exit %d, %d records; want 0 and 2", code, strings.Count(out, "\n"))
	}
	if !strings.Contains(stderr, "replaced 2 invalid UTF-8 sequences") {
		t.Errorf("stderr does not count replacements: %q", stderr)
	}
	if !strings.Contains(out, `\u0000`) || !strings.Contains(out, "\uFFFD") {
		t.Errorf("NUL not escaped or bad bytes not replaced: %s", out)
	}
}

// TestClosedStdout: `stance classify | head -1` ends quietly with status 0.
func TestClosedStdout(t *testing.T) {
	cmd := stanceCommand(t, "classify", "--lines", "--format", "tsv")
	cmd.Stdin = strings.NewReader(strings.Repeat("Moscow rejected the offer.\n", 200000))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.Count(line, "\t") != 10 {
		t.Fatalf("first line %q, %v", line, err)
	}
	stdout.Close()
	err = cmd.Wait()
	if err != nil || errb.Len() != 0 {
		t.Errorf("after the reader went away: %v, stderr %q; want exit 0 and nothing", err, errb.String())
	}
}

// TestTrainClassifyRoundTrip: a saved model classifies exactly as the
// built-in one, and training twice gives the same bytes.
func TestTrainClassifyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m1, m2 := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	_, stderr, code := runStance(t, "", "train", "-o", m1)
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, r := range recs {
		n[r.Stance]++
	}
	want := fmt.Sprintf("stance:     obstacle %d, opening %d, neutral %d", n["obstacle"], n["opening"], n["neutral"])
	if code != 0 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "vocabulary:") {
		t.Fatalf("train: exit %d, stderr:\n%s", code, stderr)
	}
	runStance(t, "", "train", "-o", m2)
	a, _ := os.ReadFile(m1)
	b, _ := os.ReadFile(m2)
	if !bytes.Equal(a, b) {
		t.Error("two trainings on the same data wrote different model files")
	}
	in := "Moscow rejected the offer.\nThe two sides agreed to cooperate.\n"
	withModel, _, _ := runStance(t, in, "classify", "--lines", "--format", "jsonl", "--model", m1)
	builtin, _, _ := runStance(t, in, "classify", "--lines", "--format", "jsonl")
	if withModel != builtin || withModel == "" {
		t.Errorf("saved model and built-in model disagree:\n%s\n%s", withModel, builtin)
	}
}

// TestTrainProtectsFiles: train never writes over its input, never leaves
// a partial model, and names a missing directory.
func TestTrainProtectsFiles(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data.jsonl")
	orig := []byte(`{"article":"a","index":0,"text":"Moscow rejected the offer.","stance":"obstacle","sentiment":"negative"}` + "\n")
	os.WriteFile(data, orig, 0o644)
	_, stderr, code := runStance(t, "", "train", "--data", data, "-o", data)
	if code != 1 || !strings.Contains(stderr, "refusing to write the model over its input file") {
		t.Errorf("train -o over --data: exit %d, %q", code, stderr)
	}
	if got, _ := os.ReadFile(data); !bytes.Equal(got, orig) {
		t.Error("the input file was changed")
	}
	_, stderr, code = runStance(t, "", "train", "-o", filepath.Join(dir, "no", "such", "m.json"))
	if code != 1 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("train into a missing directory: exit %d, %q", code, stderr)
	}
	// A bad data file leaves an existing model untouched.
	model := filepath.Join(dir, "m.json")
	os.WriteFile(model, []byte("previous model"), 0o644)
	os.WriteFile(data, []byte("{not json\n"), 0o644)
	_, stderr, code = runStance(t, "", "train", "--data", data, "-o", model)
	if code != 1 || !strings.Contains(stderr, data+":1: invalid JSON") {
		t.Errorf("train on bad data: exit %d, %q", code, stderr)
	}
	if got, _ := os.ReadFile(model); string(got) != "previous model" {
		t.Error("a failed train changed the previous model")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestFlagsAnywhere: flags may come before or after arguments.
func TestFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	art := filepath.Join(dir, "art.txt")
	os.WriteFile(art, []byte("Moscow rejected the offer. Kerry left.\n"), 0o644)
	ex := filepath.Join(dir, "ex.jsonl")
	a, _, c1 := runStance(t, "", "split", art, "--excluded", ex)
	b, _, c2 := runStance(t, "", "split", "--excluded", ex, art)
	if c1 != 0 || c2 != 0 || a != b || strings.Count(a, "\n") != 2 {
		t.Errorf("split with flags after / before the file: %d %q / %d %q", c1, a, c2, b)
	}
}

func TestEvalOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.md")
	// The seed labels alone, so the test checks -o and the format without
	// cross-validating the whole built-in corpus.
	stdout, stderr, code := runStance(t, "", "eval", "--data", "../../labels/data/sentences.jsonl", "--target", "stance", "--resamples", "50", "--format", "markdown", "-o", out)
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("eval -o: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	b, _ := os.ReadFile(out)
	if !bytes.Contains(b, []byte("# Target: stance")) || bytes.Contains(b, []byte("Target: sentiment")) {
		t.Errorf("report is not the stance-only Markdown report:\n%.400s", b)
	}
}

func TestSplitExcluded(t *testing.T) {
	dir := t.TempDir()
	ex := filepath.Join(dir, "ex.jsonl")
	out, stderr, code := runStance(t, "", "split", "--excluded", ex, "../../labels/data/articles/002_48d7e2aa38a48afa.txt")
	if code != 0 {
		t.Fatalf("split: %d %s", code, stderr)
	}
	if n := strings.Count(out, "\n"); n != 50 {
		t.Errorf("split article 002: %d sentences; want 50", n)
	}
	if !strings.Contains(stderr, "50 sentences, 56 lines left out") {
		t.Errorf("split summary: %q", stderr)
	}
	b, _ := os.ReadFile(ex)
	if n := bytes.Count(b, []byte("\n")); n != 56 {
		t.Errorf("excluded file has %d lines; want 56", n)
	}
	_ = io.Discard

	// One of each is said in the singular.
	one := filepath.Join(dir, "one.txt")
	if err := os.WriteFile(one, []byte("WORLD\nMoscow objects.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runStance(t, "", "split", one); code != 0 || !strings.Contains(stderr, "one.txt: 1 sentence, 1 line left out\n") {
		t.Errorf("split of one sentence and one left-out line: exit %d, stderr %q", code, stderr)
	}
}

// TestUsageLines: a usage error, whether the flag parser or the command
// found it, prints the command's usage lines from cli.go and where to
// read more, with no line ending in a blank.
func TestUsageLines(t *testing.T) {
	tests := []struct {
		args  []string
		usage string
	}{
		{[]string{"classify", "--format", "xml"}, "Usage: stance classify [flags] [FILE|FOLDER|-]...\n"},
		{[]string{"train"}, "Usage: stance train [flags] -o MODEL\n"},
		{[]string{"eval", "--target", "mood"}, "Usage: stance eval [flags]\n"},
		{[]string{"eval", "--frob"}, "Usage: stance eval [flags]\n"},
		{[]string{"test"}, "Usage: stance test [flags] --data FILE\n"},
		{[]string{"agree", "--format", "xml", "a", "b"}, "Usage: stance agree [flags] A.jsonl B.jsonl [C.jsonl...]\n"},
		{[]string{"label", "--annotator", "ann"}, "Usage: stance label [flags] --data FILE --annotator NAME\n       stance label --export --log FILE [-o OUT]\n"},
		{[]string{"split", "--excluded", "-"}, "Usage: stance split [flags] [FILE|FOLDER|-]...\n"},
	}
	for _, tt := range tests {
		_, stderr, code := runStance(t, "", tt.args...)
		want := tt.usage + "Run 'stance " + tt.args[0] + " --help' for more.\n"
		if code != 2 || !strings.HasSuffix(stderr, want) || strings.Contains(stderr, " \n") {
			t.Errorf("stance %q: exit %d, stderr:\n%s\nwant exit 2, ending in:\n%s", tt.args, code, stderr, want)
		}
	}
}

// TestSearchMemoryLimit: eval --search's soft memory limit grows with the
// corpus beyond the built-in one's size, and is never below the floor.
func TestSearchMemoryLimit(t *testing.T) {
	for _, tt := range []struct {
		sentences int
		want      int64
	}{
		{0, searchMemoryFloor},
		{161, searchMemoryFloor},
		{16777, searchMemoryFloor},
		{20514, 82_056_000}, // the built-in corpus: 78 MiB
		{100000, 400_000_000},
	} {
		if got := searchMemoryLimit(tt.sentences); got != tt.want {
			t.Errorf("searchMemoryLimit(%d) = %d; want %d", tt.sentences, got, tt.want)
		}
	}
}
