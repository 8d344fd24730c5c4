package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBadModelFiles: every unusable model file ends in exit 1 with the file
// named and what is wrong.
func TestBadModelFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	if _, stderr, code := runStance(t, "", "train", "-o", good); code != 0 {
		t.Fatal(stderr)
	}
	raw, _ := os.ReadFile(good)
	tests := []struct {
		name, content, want string
	}{
		{"empty", "", "the file is empty"},
		{"truncated", string(raw[:len(raw)/2]), "the file ends early (truncated?)"},
		{"not JSON", "hello\n", "the file is not a JSON object"},
		{"other version", strings.Replace(string(raw), `"version":1`, `"version":7`, 1), "format version 7; this stance reads version 1"},
		{"labels that do not fit", strings.Replace(string(raw), `"labels":["obstacle","opening","neutral"]`, `"labels":["pro","con","neutral"]`, 1), "stance labels [pro con neutral]; want [obstacle opening neutral]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".json")
			os.WriteFile(path, []byte(tt.content), 0o644)
			_, stderr, code := runStance(t, "Moscow objects.\n", "classify", "--model", path)
			if code != 1 || !strings.Contains(stderr, "load model "+path+": ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("classify --model %s: exit %d, stderr %q; want 1 and %q", tt.name, code, stderr, tt.want)
			}
		})
	}
}

// TestBadDataFile: every problem of a labelled file is reported as
// FILE:LINE, the run fails, and nothing is written.
func TestBadDataFile(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "labels.jsonl")
	content := `{"article":"a","index":0,"text":"Moscow objects.","stance":"obstcle","sentiment":"negative"}
{"article":"a","index":1,"text":"Kerry left.","stance":"neutral"}
{"article":"b","index":0,"text":"They met.","stance":"neutral","sentiment":"neutral"}
not json
`
	os.WriteFile(data, []byte(content), 0o644)
	model := filepath.Join(dir, "m.json")
	for _, args := range [][]string{{"train", "--data", data, "-o", model}, {"eval", "--data", data}} {
		_, stderr, code := runStance(t, "", args...)
		for _, want := range []string{
			data + `:1: unknown stance "obstcle" (did you mean "obstacle"?)`,
			data + `:2: missing field "sentiment"`,
			data + `:4: invalid JSON`,
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stance %s: stderr lacks %q:\n%s", args[0], want, stderr)
			}
		}
		if code != 1 {
			t.Errorf("stance %s on a bad file: exit %d; want 1", args[0], code)
		}
	}
	if _, err := os.Stat(model); err == nil {
		t.Error("train wrote a model from a bad file")
	}
}

func TestOneArticleCorpus(t *testing.T) {
	data := filepath.Join(t.TempDir(), "one.jsonl")
	os.WriteFile(data, []byte(`{"article":"a","index":0,"text":"Moscow objects.","stance":"obstacle","sentiment":"negative"}
{"article":"a","index":1,"text":"Kerry left.","stance":"neutral","sentiment":"neutral"}
`), 0o644)
	_, stderr, code := runStance(t, "", "eval", "--data", data)
	if code != 1 || !strings.Contains(stderr, "cross-validation needs at least two groups") || !strings.Contains(stderr, data+" has 1") {
		t.Errorf("eval on one article: exit %d, %q", code, stderr)
	}
	// train works on it: one article is enough to fit a model.
	if _, stderr, code := runStance(t, "", "train", "--data", data, "-o", filepath.Join(t.TempDir(), "m.json")); code != 0 {
		t.Errorf("train on one article: exit %d, %q", code, stderr)
	}
}

// TestInterrupt: Ctrl-C stops classify cleanly: what was classified is
// written, the exit status is 130 and stderr says why.
func TestInterrupt(t *testing.T) {
	cmd := stanceCommand(t, "classify", "--lines", "--format", "tsv")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var errb strings.Builder
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdin.Write([]byte("Moscow rejected the offer.\n"))
	r := bufio.NewReader(stdout)
	first, err := r.ReadString('\n') // the model is trained and the line answered
	if err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGINT)
	rest, _ := io.ReadAll(r)
	err = cmd.Wait()
	stdin.Close()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Errorf("after Ctrl-C: %v; want exit status 130", err)
	}
	if strings.Count(first, "\t") != 10 || len(rest) != 0 || errb.String() != "stance: interrupted\n" {
		t.Errorf("after Ctrl-C: stdout %q then %q, stderr %q; want the one record and \"stance: interrupted\"", first, rest, errb.String())
	}
}
