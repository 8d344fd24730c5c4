package eval

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// shippedTest is `stance test` of a model of two seed articles on the
// other three, grouped by article: the goldens of the test report change
// only when the report does (the seeds do not change).
var shippedTest = sync.OnceValues(func() (*Report, error) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		return nil, err
	}
	trainOn := []string{"002_48d7e2aa38a48afa", "004_a1554cb381860b2f"}
	var train, test []labels.Record
	var groups []string
	for _, r := range recs {
		if slices.Contains(trainOn, r.Article) {
			train, groups = append(train, r), append(groups, r.Article)
		} else {
			test = append(test, r)
		}
	}
	tr, err := classify.NewTrainer(classify.DefaultOptions())
	if err != nil {
		return nil, err
	}
	m, err := tr.Fit(train, groups)
	if err != nil {
		return nil, err
	}
	cfg := DefaultConfig()
	cfg.GroupBy = ByArticle
	if cfg.Catalog, err = labels.BuiltinCatalog(); err != nil {
		return nil, err
	}
	return Test(m, test, "three seed articles", cfg)
})

// TestGoldenTestReport renders the test report in every format, with its
// table and chart of scores by group, and checks the table's rows add up
// to the pooled figure's sentences.
func TestGoldenTestReport(t *testing.T) {
	rep, err := shippedTest()
	if err != nil {
		t.Fatal(err)
	}
	if text := checkGoldens(t, rep, "test-report")[Text]; !strings.Contains(text, "By article") {
		t.Error("the text report has no table by article")
	}
	for _, tg := range rep.Targets {
		ev := tg.Evaluations[0]
		n := 0
		for _, f := range ev.Folds {
			n += f.Test
			if f.Confusion.Total() != f.Test {
				t.Errorf("%s %s: confusion of %d for %d sentences", tg.Target, f.Group, f.Confusion.Total(), f.Test)
			}
		}
		if len(ev.Folds) != 3 || n != ev.Pooled.N {
			t.Errorf("%s: %d groups of %d sentences; want 3 of %d", tg.Target, len(ev.Folds), n, ev.Pooled.N)
		}
	}
}
