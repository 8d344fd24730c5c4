package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/internal/golden"
)

// TestAgreeSeedAnnotations runs agree on the two shipped seed annotations
// and checks the figures the guide reports (κ 0.967 stance, 0.955
// sentiment) and the three stance disagreements.
func TestAgreeSeedAnnotations(t *testing.T) {
	a, b := "../../labels/data/annotation/annotator_a.jsonl", "../../labels/data/annotation/annotator_b.jsonl"
	out, stderr, code := runStance(t, "", "agree", a, b)
	if code != 0 {
		t.Fatalf("agree: exit %d, %s", code, stderr)
	}
	for _, want := range []string{"Krippendorff's alpha (nominal) | 0.967", "| annotator_a.jsonl | —                 | 0.967", "| annotator_a.jsonl | —                 | 0.955", "3 disagreements (see --disagreements", "Krippendorff's alpha (ordinal)"} {
		if !strings.Contains(out, want) {
			t.Errorf("agree output lacks %q:\n%s", want, out)
		}
	}
	csv, _, code := runStance(t, "", "agree", "--disagreements", "csv", a, b)
	if code != 0 || strings.Count(csv, "\n") != 1+3+4 {
		t.Errorf("agree --disagreements csv: exit %d, %d lines; want a header and 7 rows:\n%s", code, strings.Count(csv, "\n"), csv)
	}
}

func TestAgreeBadInput(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	b := filepath.Join(dir, "b.jsonl")
	os.WriteFile(a, []byte(`{"article":"x","index":0,"text":"Moscow objects.","stance":"obstacle","sentiment":"negative"}`+"\n"), 0o644)
	os.WriteFile(b, []byte(`{"article":"x","index":0,"text":"Washington objects.","stance":"obstacle","sentiment":"negative"}`+"\n"), 0o644)
	if _, stderr, code := runStance(t, "", "agree", a, b); code != 1 || !strings.Contains(stderr, "different text") {
		t.Errorf("agree on files of different sentences: exit %d, %q", code, stderr)
	}
	os.WriteFile(b, []byte(`{"article":"x","index":0,"text":"Moscow objects.","stance":"obstcle","sentiment":"negative"}`+"\n"), 0o644)
	if _, stderr, code := runStance(t, "", "agree", a, b); code != 1 || !strings.Contains(stderr, b+":1:") || !strings.Contains(stderr, `did you mean "obstacle"`) {
		t.Errorf("agree with an unknown label: exit %d, %q", code, stderr)
	}
	if _, _, code := runStance(t, "", "agree", a); code != 2 {
		t.Errorf("agree with one file: exit %d; want 2", code)
	}
}

// TestTestCommand trains a model on the built-in corpus and tests it on a
// small labelled file: the report is a test report in every format, and a
// missing --data is a usage error.
func TestTestCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "dev.jsonl")
	os.WriteFile(data, []byte(`{"article":"d1","index":0,"text":"Moscow rejected the American offer of talks.","stance":"obstacle","sentiment":"negative"}
{"article":"d1","index":1,"text":"The two foreign ministers agreed to work together.","stance":"opening","sentiment":"positive"}
{"article":"d2","index":0,"text":"The meeting took place in Geneva.","stance":"neutral","sentiment":"neutral"}
`), 0o644)
	out, stderr, code := runStance(t, "", "test", "--data", data, "--resamples", "20")
	if code != 0 || !strings.Contains(out, "stance test: a saved model on sentences it did not train on") || !strings.Contains(out, "at its stored temperature") {
		t.Fatalf("test: exit %d, %s\n%s", code, stderr, out)
	}
	model := filepath.Join(dir, "m.json")
	if _, stderr, code := runStance(t, "", "train", "-o", model); code != 0 || !strings.Contains(stderr, "calibration: temperature stance") {
		t.Fatalf("train: exit %d, %s", code, stderr)
	}
	js, _, code := runStance(t, "", "test", "--model", model, "--data", data, "--resamples", "20", "--format", "json")
	var doc struct {
		Mode    string `json:"mode"`
		Targets []struct {
			Evaluations []struct {
				Pooled struct{ N int } `json:"pooled"`
			} `json:"evaluations"`
		} `json:"targets"`
	}
	if code != 0 || json.Unmarshal([]byte(js), &doc) != nil || doc.Mode != "test" || doc.Targets[0].Evaluations[0].Pooled.N != 3 {
		t.Errorf("test --format json: exit %d, %+v", code, doc)
	}
	if _, _, code := runStance(t, "", "test"); code != 2 {
		t.Errorf("test without --data: exit %d; want 2", code)
	}
}

// TestTestFlags: test's file flags may be given once and not empty, and
// --resamples is bounded, as for eval.
func TestTestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"test", "--data", "a.jsonl", "--data", "b.jsonl"},
		{"test", "--data", "a.jsonl", "--model", ""},
		{"test", "--data", "a.jsonl", "--resamples", "1000000000000"},
		{"test", "--data", ""},
	} {
		if _, stderr, code := runStance(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d (%s); want 2", args, code, stderr)
		}
	}
}

// TestAgreeAdjudicate walks the seed annotations' disagreements, taking
// annotator B's labels each time: the gold file must then be B's file, the
// transcript matches its golden file, and a second run finds nothing left.
func TestAgreeAdjudicate(t *testing.T) {
	a, b := "../../labels/data/annotation/annotator_a.jsonl", "../../labels/data/annotation/annotator_b.jsonl"
	dir := t.TempDir()
	logPath, gold := filepath.Join(dir, "adj.log.jsonl"), filepath.Join(dir, "gold.jsonl")
	out, stderr, code := runStance(t, "a\nzz\nB\nu\nB\nB\nB\nB\nB\nB\nB\n", "agree", "--adjudicate", logPath, "--gold", gold, a, b)
	if code != 0 {
		t.Fatalf("agree --adjudicate: exit %d, %s", code, stderr)
	}
	golden.Check(t, filepath.Join("testdata", "agree", "adjudicate.golden"), []byte(out), *update, "go test ./cmd/stance -update")
	if !strings.Contains(stderr, "gold.jsonl: 161 sentences (154 agreed, 7 adjudicated)") {
		t.Errorf("stderr lacks the gold summary:\n%s", stderr)
	}
	want, err := readJSONL(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readJSONL(gold)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		delete(want[i], "note")
	}
	if len(got) != len(want) {
		t.Fatalf("gold has %d records, B %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("gold record %d = %v, want B's %v", i, got[i], want[i])
		}
	}
	out, _, code = runStance(t, "", "agree", "--adjudicate", logPath, "--gold", gold, a, b)
	if code != 0 || !strings.Contains(out, "7 of 7 disputed sentences decided.") {
		t.Errorf("second run: exit %d, %q", code, out)
	}
	if _, _, code := runStance(t, "", "train", "--data", gold, "-o", filepath.Join(dir, "m.json")); code != 0 {
		t.Errorf("train on the gold file: exit %d", code)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--gold", gold, a, b}, "--gold goes with --adjudicate"},
		{[]string{"--adjudicate", logPath, a, b}, "--adjudicate needs --gold"},
		{[]string{"--adjudicate", logPath, "--gold", gold, "--disagreements", "csv", a, b}, "use one"},
		{[]string{"--adjudicate", logPath, "--gold", logPath, a, b}, "the same file"},
		{[]string{"--adjudicate", logPath, "--gold", gold, "--adjudicator", "a b", a, b}, "--adjudicator"},
	} {
		if _, stderr, code := runStance(t, "", append([]string{"agree"}, tt.args...)...); code != 2 && code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("agree %q: exit %d, %q; want an error with %q", tt.args, code, stderr, tt.want)
		}
	}
}

func readJSONL(path string) ([]map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// TestTestScoresAsClassify: `stance test` scores every sentence as
// `stance classify` labels it, each in the context of its article: the
// same label and probabilities, sentence for sentence, on the seed
// articles.
func TestTestScoresAsClassify(t *testing.T) {
	data := filepath.Join("..", "..", "labels", "data", "sentences.jsonl")
	in, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	records, stderr, code := runStance(t, string(in), "classify", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("classify: exit %d, %s", code, stderr)
	}
	type key struct {
		article string
		index   int
	}
	classified := map[key]map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(records), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		classified[key{r["article"].(string), int(r["index"].(float64))}] = r
	}
	js, stderr, code := runStance(t, "", "test", "--data", data, "--resamples", "10", "--format", "json")
	if code != 0 {
		t.Fatalf("test: exit %d, %s", code, stderr)
	}
	var doc struct {
		Targets []struct {
			Target      string `json:"target"`
			Evaluations []struct {
				Predictions []struct {
					Article   string             `json:"article"`
					Index     int                `json:"index"`
					Predicted string             `json:"predicted"`
					Probs     map[string]float64 `json:"probabilities"`
				} `json:"predictions"`
			} `json:"evaluations"`
		} `json:"targets"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tg := range doc.Targets {
		for _, p := range tg.Evaluations[0].Predictions {
			r := classified[key{p.Article, p.Index}]
			if r == nil {
				t.Fatalf("%s %d: not classified", p.Article, p.Index)
			}
			if r[tg.Target] != p.Predicted {
				t.Errorf("%s %d %s: test says %s, classify %v", p.Article, p.Index, tg.Target, p.Predicted, r[tg.Target])
			}
			probs := r[tg.Target+"_probs"].(map[string]any)
			for l, v := range p.Probs {
				if math.Abs(probs[l].(float64)-v) > 0.00005 {
					t.Errorf("%s %d %s %s: test %.4f, classify %.4f", p.Article, p.Index, tg.Target, l, v, probs[l])
				}
			}
			n++
		}
	}
	if n != 2*len(classified) {
		t.Errorf("%d predictions compared for %d sentences", n, len(classified))
	}
}
