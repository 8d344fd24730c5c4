package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var taggedShards = []string{filepath.Join("..", "..", "summary", "testdata", "tagged-1.jsonl"), filepath.Join("..", "..", "summary", "testdata", "tagged-2.jsonl")}

// TestSummarize: summarize reads shards given as files, a folder of them
// or stdin alike, writes a file with -o, and refuses bad input and flags
// with a clear message.
func TestSummarize(t *testing.T) {
	out, stderr, code := runStance(t, "", append([]string{"summarize", "--by", "date:month"}, taggedShards...)...)
	if code != 0 || stderr != "" || !strings.HasPrefix(out, "date:month  articles  sentences") || !strings.Contains(out, "\n(all)  ") {
		t.Fatalf("summarize the shards: exit %d, %q\n%s", code, stderr, out)
	}
	var both strings.Builder
	for _, f := range taggedShards {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		both.Write(b)
	}
	if got, _, _ := runStance(t, both.String(), "summarize", "--by", "date:month"); got != out {
		t.Errorf("summarize on stdin:\n%s\nwant what the files give:\n%s", got, out)
	}
	if got, _, _ := runStance(t, "", "summarize", "--by", "date:month", filepath.Join("..", "..", "summary", "testdata")); got != out {
		t.Errorf("summarize of the folder:\n%s\nwant what the files give:\n%s", got, out)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "by-month.html")
	if _, stderr, code := runStance(t, "", append([]string{"summarize", "--by", "date:month", "--format", "html", "-o", page}, taggedShards...)...); code != 0 {
		t.Fatalf("summarize -o: exit %d, %s", code, stderr)
	}
	if b, err := os.ReadFile(page); err != nil || !strings.Contains(string(b), "<svg") {
		t.Errorf("summarize -o wrote no page with a chart: %v", err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"article":"a","index":0,"stance":"opposed"}`+"\n"+"stance       p  sentim.      p  text\n"), 0o644)
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"a shard given twice", "", []string{"summarize", taggedShards[0], taggedShards[0]}, 1, `sentence 0 was read before (its article starts at ` + taggedShards[0] + `:1): the same output given twice?`},
		{"bad records", "", []string{"summarize", bad}, 1, "nothing summarised; the input has problems:\n" + bad + `:1: "stance" is "opposed"; want one of obstacle, opening, neutral` + "\n" + bad + ":2: not a JSON object: summarize reads what stance classify --format jsonl writes"},
		{"no records", "\n", []string{"summarize"}, 1, "stdin: no records: summarize reads what stance classify --format jsonl writes"},
		{"unknown period", "", []string{"summarize", "--by", "date:decade"}, 2, `--by: group key "date:decade": unknown period "decade"`},
		{"unknown format", "", []string{"summarize", "--format", "xml"}, 2, `unknown format "xml" (want table, csv, json or html)`},
		{"unknown target", "", []string{"summarize", "--target", "mood"}, 2, `unknown target "mood"`},
		{"resamples", "", []string{"summarize", "--resamples", "0"}, 2, "--resamples 0: want 1 to 100000"},
		{"over an input", "", []string{"summarize", "-o", taggedShards[0], taggedShards[0]}, 1, "refusing to write the summary over the input"},
		{"a folder without shards", "", []string{"summarize", "."}, 1, ".: a folder with no .jsonl files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runStance(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("stance %q: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.want)
			}
		})
	}
	// A field missing from some records: grouped under (none), and said.
	in := `{"article":"a","index":0,"stance":"opening","stance_probs":{"obstacle":0.1,"opening":0.8,"neutral":0.1},"outlet":"TASS"}` + "\n" +
		`{"article":"b","index":0,"stance":"obstacle","stance_probs":{"obstacle":0.8,"opening":0.1,"neutral":0.1}}` + "\n"
	out, stderr, code = runStance(t, in, "summarize", "--by", "outlet")
	if code != 0 || !strings.Contains(out, "\n(none)  ") || stderr != "stance: 1 sentences have no \"outlet\" field: grouped under (none)\n" {
		t.Errorf("a missing field: exit %d, %q\n%s", code, stderr, out)
	}
}

// TestVersion: stance --version and stance version print the same: the
// version, the toolchain, the model format and the report schema.
func TestVersion(t *testing.T) {
	a, stderr, code := runStance(t, "", "--version")
	b, _, _ := runStance(t, "", "version")
	if code != 0 || stderr != "" || a != b || !strings.HasPrefix(a, "stance ") || !strings.Contains(a, "model format 1, report schema stance-eval/") {
		t.Errorf("--version: exit %d, %q, %q; version: %q", code, a, stderr, b)
	}
	if _, stderr, code := runStance(t, "", "--version", "x"); code != 2 || !strings.Contains(stderr, "--version takes no arguments") {
		t.Errorf("--version x: exit %d, %q", code, stderr)
	}
}

// TestSplitStdinAndFolder: split reads stdin when given no file, and a
// folder's .txt files by name.
func TestSplitStdinAndFolder(t *testing.T) {
	out, stderr, code := runStance(t, "Moscow rejected the offer. Washington objected.\n", "split")
	if code != 0 || strings.Count(out, `"article":"stdin"`) != 2 || !strings.Contains(stderr, "-: 2 sentences") {
		t.Errorf("split on stdin: exit %d, %q, %q", code, out, stderr)
	}
	out, _, code = runStance(t, "", "split", filepath.Join("testdata", "classify", "news"))
	if code != 0 || !strings.Contains(out, `"article":"2014-09-24-reuters","index":0`) || !strings.Contains(out, `"article":"2016-03-14-rudaw","index":1`) || strings.Contains(out, "README") {
		t.Errorf("split of a folder: exit %d\n%s", code, out)
	}
}
