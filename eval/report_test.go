package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/internal/golden"
	"github.com/stance-nlp/stance/labels"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// shippedReport evaluates the seed articles once with the default
// configuration and the shipped catalog (so held out by event: two folds);
// the golden tests render it in every format. The seeds are small and do
// not change, so the goldens change only when the report does.
var shippedReport = sync.OnceValues(func() (*Report, error) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		return nil, err
	}
	cfg := DefaultConfig()
	if cfg.Catalog, err = labels.BuiltinCatalog(); err != nil {
		return nil, err
	}
	return Evaluate(recs, labels.SeedName, cfg)
})

func TestGolden(t *testing.T) {
	rep, err := shippedReport()
	if err != nil {
		t.Fatal(err)
	}
	checkGoldens(t, rep, "report")
}

// checkGoldens renders rep in every format and compares each with
// testdata/NAME.FORMAT; it returns the renderings, by format.
func checkGoldens(t *testing.T, rep *Report, name string) map[Format]string {
	t.Helper()
	out := make(map[Format]string)
	for _, f := range []Format{Text, Markdown, JSON, HTML} {
		t.Run(string(f), func(t *testing.T) {
			var b bytes.Buffer
			if err := rep.Write(&b, f); err != nil {
				t.Fatal(err)
			}
			// A failure shows a unified diff from the file to the output.
			golden.Check(t, filepath.Join("testdata", name+"."+string(f)), b.Bytes(), *update, "go test ./eval -update")
			out[f] = b.String()
		})
	}
	return out
}

// TestDeterministic: the same corpus and seed give the same bytes; another
// seed moves the bootstrap intervals.
func TestDeterministic(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Curve = []float64{0.5}
	cfg.Resamples = 200
	render := func(cfg Config) string {
		rep, err := Evaluate(recs, "c", cfg)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := rep.Write(&b, JSON); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	a, b := render(cfg), render(cfg)
	if a != b {
		t.Error("two evaluations with the same seed differ")
	}
	cfg.Seed = 2
	if render(cfg) == a {
		t.Error("evaluations with seeds 1 and 2 are identical: the seed is not used")
	}
}

// TestLeakageGuard duplicates an article under another id. Without the
// guard its fold trains on its own twin and scores perfectly; with the
// guard the twin is dropped and the score falls to what the model can
// really do.
func TestLeakageGuard(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Article == "003_4939f079f357d2a3" || r.Article == "004_a1554cb381860b2f" {
			r.Article = "copy"
			recs = append(recs, r)
		}
	}
	fold := func(l Leakage) map[labels.Target]Fold {
		cfg := DefaultConfig()
		cfg.Leakage, cfg.Curve, cfg.Resamples = l, nil, 20
		// A model that sees every word, so that it can remember: the test
		// is of the guard, and the guard matters most for such models.
		cfg.Train.SentimentLexiconOnly = false
		rep, err := Evaluate(recs, "with-copy", cfg)
		if err != nil {
			t.Fatal(err)
		}
		out := make(map[labels.Target]Fold)
		for _, tr := range rep.Targets {
			for _, f := range tr.Evaluations[0].Folds {
				if f.Group == "copy" {
					out[tr.Target] = f
				}
			}
		}
		return out
	}
	keep, guard := fold(Keep), fold(Guard)
	for _, target := range labels.Targets() {
		if got := keep[target].Scores.Accuracy; got != 1 {
			t.Errorf("%s, --leakage keep: copied article scores accuracy %.3f; want 1 (it trains on its twin)", target, got)
		}
		if got := guard[target].Scores.Accuracy; got >= 0.9 {
			t.Errorf("%s, guard: copied article scores accuracy %.3f; want well below 1", target, got)
		}
		if guard[target].Dropped < 60 {
			t.Errorf("%s, guard: dropped %d near-duplicates; want at least the 60 sentences of the original", target, guard[target].Dropped)
		}
		if keep[target].Dropped != 0 {
			t.Errorf("%s, keep: dropped %d; want 0", target, keep[target].Dropped)
		}
	}
}

func TestCompareShowsBoth(t *testing.T) {
	rep, err := compareReport(t)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range rep.Targets {
		if len(tr.Evaluations) != 2 || tr.Evaluations[0].Leakage != Guard || tr.Evaluations[1].Leakage != Keep {
			t.Fatalf("compare gives %d evaluations; want guard then keep", len(tr.Evaluations))
		}
		g, k := tr.Evaluations[0].Pooled.Scores.MacroF1, tr.Evaluations[1].Pooled.Scores.MacroF1
		if k <= g {
			t.Errorf("%s: naive macro-F1 %.3f is not above guarded %.3f on a corpus of republished stories", tr.Target, k, g)
		}
	}
	var b bytes.Buffer
	rep.Write(&b, Text)
	if !strings.Contains(b.String(), "inflation (keep − guard, all)") {
		t.Error("compare report does not show the inflation column")
	}
}

func compareReport(t *testing.T) (*Report, error) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Leakage, cfg.Curve, cfg.Resamples = Compare, nil, 50
	return Evaluate(recs, "c", cfg)
}

func TestEvaluateErrors(t *testing.T) {
	one := []labels.Record{
		{Article: "a", Index: 0, Text: "Moscow rejected the offer.", Stance: "obstacle", Sentiment: "negative"},
		{Article: "a", Index: 1, Text: "They met.", Stance: "neutral", Sentiment: "neutral"},
	}
	_, err := Evaluate(one, "one.jsonl", DefaultConfig())
	if !errors.Is(err, ErrOneArticle) || !strings.Contains(err.Error(), "one.jsonl has 1") {
		t.Errorf("Evaluate(one article) = %v; want ErrOneArticle naming the file", err)
	}
}

// TestMissingLabelInFold: a label that a held-out article lacks, or that
// no training fold has, leaves every metric defined (no NaN reaches JSON).
func TestMissingLabelInFold(t *testing.T) {
	recs := []labels.Record{
		{Article: "a", Index: 0, Text: "Moscow rejected the American offer.", Stance: "obstacle", Sentiment: "negative"},
		{Article: "a", Index: 1, Text: "Washington welcomed the vote.", Stance: "opening", Sentiment: "positive"},
		{Article: "b", Index: 0, Text: "Distrust grew between Moscow and Washington.", Stance: "obstacle", Sentiment: "negative"},
		{Article: "b", Index: 1, Text: "Strikes hit Raqqa.", Stance: "neutral", Sentiment: "negative"},
		{Article: "c", Index: 0, Text: "Kerry offered assurances to Lavrov.", Stance: "opening", Sentiment: "positive"},
	}
	cfg := DefaultConfig()
	cfg.Resamples = 20
	rep, err := Evaluate(recs, "tiny", cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := rep.Write(&b, JSON); err != nil {
		t.Fatalf("JSON of a report with missing labels: %v", err)
	}
	if err := rep.Write(&b, Text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "was never predicted: its precision is reported as 0") {
		t.Error("the text report does not note a class that was never predicted")
	}
}

// TestJSONSchema checks the documented fields of the JSON report.
func TestJSONSchema(t *testing.T) {
	rep, err := shippedReport()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	rep.Write(&b, JSON)
	var doc struct {
		Schema  string `json:"schema"`
		Targets []struct {
			Target      string `json:"target"`
			Evaluations []struct {
				Leakage string `json:"leakage"`
				Pooled  struct {
					Scores map[string]any `json:"scores"`
					CI     map[string]any `json:"ci95"`
				} `json:"pooled"`
				Predictions []map[string]any `json:"predictions"`
			} `json:"evaluations"`
			Baselines []map[string]any `json:"baselines"`
			Curve     []map[string]any `json:"learning_curve"`
		} `json:"targets"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != Schema {
		t.Errorf("schema = %q; want %q", doc.Schema, Schema)
	}
	if len(doc.Targets) != 2 {
		t.Fatalf("%d targets; want 2", len(doc.Targets))
	}
	for _, tr := range doc.Targets {
		ev := tr.Evaluations[0]
		for _, k := range []string{"accuracy", "macro_f1", "weighted_f1", "kappa", "mcc", "f_avg", "classes"} {
			if _, ok := ev.Pooled.Scores[k]; !ok {
				t.Errorf("%s: pooled scores lack %q", tr.Target, k)
			}
		}
		for _, k := range []string{"accuracy", "macro_f1", "f_avg"} {
			if _, ok := ev.Pooled.CI[k]; !ok {
				t.Errorf("%s: pooled ci95 lacks %q", tr.Target, k)
			}
		}
		if len(ev.Predictions) != rep.Corpus.Sentences {
			t.Errorf("%s: %d predictions; want one per sentence (%d)", tr.Target, len(ev.Predictions), rep.Corpus.Sentences)
		}
		for _, p := range ev.Predictions[:3] {
			for _, k := range []string{"article", "text", "target", "gold", "predicted", "confidence", "probabilities"} {
				if _, ok := p[k]; !ok {
					t.Errorf("%s: prediction lacks %q: %v", tr.Target, k, p)
				}
			}
		}
		if len(tr.Curve) != 4 || len(tr.Baselines) < 2 {
			t.Errorf("%s: %d curve points, %d baselines", tr.Target, len(tr.Curve), len(tr.Baselines))
		}
	}
}

// TestHTMLSelfContained: the page must open offline and leak nothing.
func TestHTMLSelfContained(t *testing.T) {
	rep, err := shippedReport()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	rep.Write(&b, HTML)
	page := strings.ToLower(b.String())
	for _, bad := range []string{"<script", "http://", "https://", "src=", "@import", "url(", "<link"} {
		if strings.Contains(page, bad) {
			t.Errorf("HTML report contains %q; it must load nothing from outside", bad)
		}
	}
	if !strings.Contains(page, `class="heat"`) {
		t.Error("HTML report has no confusion heat map")
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		near bool
	}{
		{"Moscow insists that US strikes need Syrian and UN approval.", "Moscow insists that U.S. strikes need Syrian and U.N. approval.", true},
		{"“We are fighting against terrorism,” Lavrov said.", `"We are fighting against terrorism," Lavrov said.`, true},
		{"Reuters adds: The United States and Russia see Islamic State as a common enemy but are failing to overcome deep mutual distrust.",
			"The United States and Russia see Islamic State as a common enemy but are failing to overcome deep mutual distrust.", true},
		{"Washington, meanwhile, backs Syrian rebels who are seeking to topple Assad.", "Washington, meanwhile, backs moderate Syrian rebels who are seeking to topple Assad.", true},
		{"Moscow rejected the offer.", "Washington welcomed the vote.", false},
		{"And that means Syria.", "Moscow already supplies weapons to security forces in both countries.", false},
	}
	for _, tt := range tests {
		s := Similarity(tt.a, tt.b)
		if (s >= DefaultThreshold) != tt.near {
			t.Errorf("Similarity(%q, %q) = %.3f; want near-duplicate %v at threshold %v", tt.a, tt.b, s, tt.near, DefaultThreshold)
		}
		if s2 := Similarity(tt.b, tt.a); s2 != s {
			t.Errorf("Similarity is not symmetric: %v vs %v", s, s2)
		}
	}
	if s := Similarity("Moscow objects.", "Moscow objects."); s != 1 {
		t.Errorf("Similarity of identical text = %v; want 1", s)
	}
}

// TestShippedTwinsAgree: sentences that near-duplicate each other carry
// the same labels, unless a note explains why not.
func TestShippedTwinsAgree(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	cl := findNearDuplicates(recs, DefaultThreshold).cluster
	for i, r := range recs {
		first := recs[cl[i]]
		if (r.Stance != first.Stance || r.Sentiment != first.Sentiment) && r.Note == "" {
			t.Errorf("%s/%d (%s/%s) and its twin %s/%d (%s/%s) disagree without a note",
				r.Article, r.Index, r.Stance, r.Sentiment, first.Article, first.Index, first.Stance, first.Sentiment)
		}
	}
}

// TestExpectQuotesTopic: with figures held out by topic and by event, the
// report's bottom line tells to expect the topic figure on real news and
// calls the event figure the upper bound; with the event figure alone, it
// says to expect less on text unlike the training text.
func TestExpectQuotesTopic(t *testing.T) {
	gs := func(g Grouping, f1 float64) GroupingScore {
		return GroupingScore{GroupBy: g, Folds: 3, Scores: Scores{MacroF1: f1}}
	}
	text := func(r *Report) string {
		var b strings.Builder
		for _, bl := range r.layoutExpect() {
			if p, ok := bl.(para); ok {
				b.WriteString(p.text)
			}
		}
		return b.String()
	}
	both := &Report{Targets: []TargetReport{{Target: "stance", Generalisation: []GroupingScore{gs(ByEvent, 0.637), gs(ByTopic, 0.617)}}}}
	got := text(both)
	topic, event := strings.Index(got, "stance macro-F1 0.617"), strings.Index(got, "stance macro-F1 0.637")
	if topic < 0 || event < 0 || topic > event || !strings.Contains(got, "expect stance macro-F1 0.617") || !strings.Contains(got, "upper bound") {
		t.Errorf("both groupings: %q; want the topic figure to expect, the event figure as the upper bound", got)
	}
	eventOnly := &Report{Targets: []TargetReport{{Target: "stance", Generalisation: []GroupingScore{gs(ByEvent, 0.637)}}}}
	if got := text(eventOnly); !strings.Contains(got, "expect stance macro-F1 0.637") || !strings.Contains(got, "and less on text unlike") {
		t.Errorf("event only: %q", got)
	}
}

// TestProbsJSONAsMap: Probs are written as the map of label to
// probability that a report used to hold (keys sorted), and read back.
func TestProbsJSONAsMap(t *testing.T) {
	p := Probs{Labels: labels.Stance.Labels(), Values: []float64{0.125, 0.5, 0.375}}
	want := map[string]float64{}
	for i, l := range p.Labels {
		want[l] = p.Values[i]
	}
	got, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	if string(got) != string(wantJSON) {
		t.Errorf("Probs JSON = %s; want %s", got, wantJSON)
	}
	var back Probs
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	for l, v := range want {
		if back.Of(l) != v {
			t.Errorf("read back, %s = %v; want %v", l, back.Of(l), v)
		}
	}
	if p.Of("nonsense") != 0 {
		t.Errorf("Of(unknown label) = %v; want 0", p.Of("nonsense"))
	}
}

// TestCalibrationSaysContext: a report whose model reads sentences in
// their article's context says so, with the weight, in eval and in test;
// one without says nothing of it.
func TestCalibrationSaysContext(t *testing.T) {
	text := func(tr TargetReport, test bool) string {
		var b strings.Builder
		for _, bl := range tr.layoutCalibration(test) {
			if p, ok := bl.(para); ok {
				b.WriteString(p.text)
			}
		}
		return b.String()
	}
	tr := TargetReport{Target: "stance", Labels: labels.Stance.Labels(), Evaluations: []Evaluation{{Calibration: CalibrationReport{Temperature: 8.2, Context: 0.77}}}}
	for _, test := range []bool{false, true} {
		got := text(tr, test)
		if !strings.Contains(got, "context of its article") || !strings.Contains(got, "weight of 0.77") || strings.Contains(got, "cross-fitted like") == test {
			t.Errorf("test %v: %q", test, got)
		}
	}
	tr.Evaluations[0].Calibration.Context = 0
	if got := text(tr, false); strings.Contains(got, "article") {
		t.Errorf("no context: %q", got)
	}
}
