package labels

import (
	"bytes"
	"testing"
)

// TestCorpus checks the shipped labels: valid, every article present,
// indices 0..n-1 in order, and written in the canonical form Writer
// produces, so a hand edit that reorders fields or breaks a line shows up.
func TestCorpus(t *testing.T) {
	recs, err := Corpus()
	if err != nil {
		t.Fatalf("Corpus: %v", err)
	}
	if len(recs) < 150 {
		t.Errorf("Corpus has %d records; the five seed articles have about 160 body sentences", len(recs))
	}
	ids := ArticleIDs()
	if got := Articles(recs); len(got) != len(ids) {
		t.Errorf("labelled articles = %v; want all of %v", got, ids)
	}
	next := map[string]int{}
	for _, r := range recs {
		if r.Index != next[r.Article] {
			t.Errorf("%s: index %d follows %d", r.Article, r.Index, next[r.Article]-1)
		}
		next[r.Article] = r.Index + 1
	}
	seeds, err := SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	examples, err := ExampleCorpus()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		file string
		recs []Record
	}{{"data/sentences.jsonl", seeds}, {"data/examples/sentences.jsonl", examples}} {
		var b bytes.Buffer
		w := NewWriter(&b)
		for _, r := range f.recs {
			w.Write(r)
		}
		w.Flush()
		raw, _ := data.ReadFile(f.file)
		if !bytes.Equal(b.Bytes(), raw) {
			t.Errorf("labels/%s is not in canonical form (rewrite it with labels.Writer)", f.file)
		}
	}
}

func TestArticlesShipped(t *testing.T) {
	want := []string{"000_627ac334021780ae", "001_2741d365b0e12e5f", "002_48d7e2aa38a48afa", "003_4939f079f357d2a3", "004_a1554cb381860b2f"}
	got := ArticleIDs()
	if len(got) < len(want) {
		t.Fatalf("ArticleIDs() = %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ArticleIDs()[%d] = %q; want %q", i, got[i], want[i])
		}
		if text, err := ArticleText(want[i]); err != nil || len(text) == 0 {
			t.Errorf("ArticleText(%q) = %d bytes, %v", want[i], len(text), err)
		}
	}
}

func TestExcluded(t *testing.T) {
	ex, err := Excluded()
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) == 0 {
		t.Fatal("Excluded() is empty; article 002 alone ends with ~50 other stories' headlines")
	}
	for _, e := range ex {
		if e.Reason == "" || e.Line <= 0 || e.Text == "" {
			t.Errorf("exclusion %+v lacks a reason, line or text", e)
		}
	}
}

func TestIndex(t *testing.T) {
	ls := Stance.Labels()
	for i, l := range ls {
		if got := Index(ls, l); got != i {
			t.Errorf("Index(%q) = %d; want %d", l, got, i)
		}
	}
	for _, l := range []string{"", "o", "opening ", "Opening", "neutrals"} {
		if got := Index(ls, l); got != -1 {
			t.Errorf("Index(%q) = %d; want -1", l, got)
		}
	}
	if Index([]string{"", "a"}, "") != 0 {
		t.Error(`Index of "" in a list holding it`)
	}
}
