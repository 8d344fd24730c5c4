package tag

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// TestArticleContext: classify labels each sentence in the context of
// its article (classify.Model.InContext), as `stance test` scores it:
// the sentences of a paragraph line, and the sentences of one article of
// split's output, even when the article runs past a batch (readDocs keeps
// it whole). With --lines every unit is scored alone.
func TestArticleContext(t *testing.T) {
	m := builtin(t)
	if !m.HasContext() {
		t.Fatal("the built-in model reads no target in context; the test wants one that does")
	}
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	// Three articles of split's output, the middle one longer than a
	// batch, and the same sentences as three paragraph lines.
	sizes := []int{3, batchLines + 200, 4}
	var split bytes.Buffer
	w := labels.NewWriter(&split)
	var articles [][]string
	k := 0
	for a, n := range sizes {
		var sents []string
		for i := range n {
			text := recs[(k*37)%len(recs)].Text
			k++
			sents = append(sents, text)
			w.Write(labels.Record{Article: string(rune('a' + a)), Index: i, Text: text})
		}
		articles = append(articles, sents)
	}
	w.Flush()

	s := m.NewScorer()
	var inContext, alone [][]classify.Prediction
	for _, sents := range articles {
		var art [][]classify.Prediction
		for _, text := range sents {
			p := classify.ClonePredictions(s.Score(text))
			alone = append(alone, classify.ClonePredictions(p))
			art = append(art, p)
		}
		m.InContext(art)
		inContext = append(inContext, art...)
	}

	check := func(name, out string, want [][]classify.Prediction) {
		t.Helper()
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != len(want) {
			t.Fatalf("%s: %d records, want %d", name, len(lines), len(want))
		}
		changed := 0
		for i, line := range lines {
			var r struct {
				Stance      string             `json:"stance"`
				StanceProbs map[string]float64 `json:"stance_probs"`
			}
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatal(err)
			}
			p := want[i][0]
			if r.Stance != p.Label() {
				t.Errorf("%s: record %d is %s, want %s", name, i, r.Stance, p.Label())
			}
			for c, l := range p.Labels {
				if math.Abs(r.StanceProbs[l]-p.Probs[c]) > 0.00005 {
					t.Errorf("%s: record %d %s %.4f, want %.4f", name, i, l, r.StanceProbs[l], p.Probs[c])
				}
			}
			if len(p.Context) > 0 {
				changed++
			}
		}
		if name != "--lines" && changed == 0 {
			t.Errorf("%s: no sentence in context", name)
		}
	}
	var out strings.Builder
	if err := Stream(context.Background(), bytes.NewReader(split.Bytes()), &out, m, Options{Format: JSONL}); err != nil {
		t.Fatal(err)
	}
	check("split's output", out.String(), inContext)
	out.Reset()
	if err := Stream(context.Background(), bytes.NewReader(split.Bytes()), &out, m, Options{Format: JSONL, Lines: true}); err != nil {
		t.Fatal(err)
	}
	check("--lines", out.String(), alone)

	// The short articles as paragraph lines, their sentences joined by
	// spaces, cut again as classify cuts them.
	sp, err := features.NewSplitter()
	if err != nil {
		t.Fatal(err)
	}
	var para strings.Builder
	var want [][]classify.Prediction
	for _, a := range []int{0, 2} {
		line := strings.Join(articles[a], " ")
		para.WriteString(line + "\n")
		var art [][]classify.Prediction
		for _, sent := range sp.Sentences(line) {
			art = append(art, classify.ClonePredictions(s.Score(sent)))
		}
		m.InContext(art)
		want = append(want, art...)
	}
	out.Reset()
	if err := Stream(context.Background(), strings.NewReader(para.String()), &out, m, Options{Format: JSONL}); err != nil {
		t.Fatal(err)
	}
	check("paragraphs", out.String(), want)
}
