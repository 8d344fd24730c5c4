package annotation

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// exportLog is a log with every case Export must get right, in order:
//
//	1 ann labels a#0 obstacle       later relabelled (3): the latest label wins
//	2 ann labels a#1 opening        retracted (4): gone
//	3 ann labels a#0 neutral
//	4 ann retracts 2
//	5 ann skips b#0                 unsure: left out
//	6 bob labels a#0 opening        another annotator
//	7 ann labels b#1 obstacle
//	8 ann labels b#1 opening        retracted (9): the earlier label is back
//	9 ann retracts 8
func exportLog() []Entry {
	l := func(ann, art string, i int, st, se string) Entry { return labelEntry(ann, art, i, st, se) }
	es := []Entry{
		l("ann", "a", 0, "obstacle", "negative"),
		l("ann", "a", 1, "opening", "positive"),
		l("ann", "a", 0, "neutral", "neutral"),
		{Op: OpRetract, Annotator: "ann", Article: "a", Index: 1, Retracts: 2},
		{Op: OpSkip, Annotator: "ann", Article: "b", Index: 0, Text: "Sentence b0."},
		l("bob", "a", 0, "opening", "neutral"),
		l("ann", "b", 1, "obstacle", "negative"),
		l("ann", "b", 1, "opening", "positive"),
		{Op: OpRetract, Annotator: "ann", Article: "b", Index: 1, Retracts: 8},
	}
	c := newChecker()
	for i := range es {
		es[i].Seq, es[i].Line = i+1, i+1
		if err := c.check(es[i]); err != nil {
			panic(fmt.Sprintf("entry %d: %v", i+1, err))
		}
	}
	return es
}

func TestExport(t *testing.T) {
	es := exportLog()
	recs, err := Export(es, "ann", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "a#0 neutral/neutral; b#1 obstacle/negative"
	if got := describe(recs); got != want {
		t.Errorf("Export(ann) = %s; want %s", got, want)
	}
	if recs[0].Text != "Sentence a0." {
		t.Errorf("text %q", recs[0].Text)
	}
	recs, _ = Export(es, "bob", nil)
	if got := describe(recs); got != "a#0 opening/neutral" {
		t.Errorf("Export(bob) = %s", got)
	}
	if _, err := Export(es, "", nil); !errors.Is(err, ErrSeveralAnnotators) || !strings.Contains(err.Error(), "ann, bob") {
		t.Errorf("Export without an annotator: %v", err)
	}
	if _, err := Export(es, "carol", nil); err == nil || !strings.Contains(err.Error(), `no labels by annotator "carol"`) {
		t.Errorf("Export(carol): %v", err)
	}
	// With the data, its order; a log of one annotator needs no name.
	data := []labels.Record{{Article: "b", Index: 1, Text: "Sentence b1."}, {Article: "a", Index: 0, Text: "Sentence a0."}}
	recs, err = Export(es[:5], "", data)
	if err != nil || describe(recs) != "a#0 neutral/neutral" {
		t.Errorf("Export(data order) = %s, %v", describe(recs), err)
	}
	recs, _ = Export(es, "ann", data)
	if describe(recs) != "b#1 obstacle/negative; a#0 neutral/neutral" {
		t.Errorf("Export in data order = %s", describe(recs))
	}
	if err := CheckData(es, data, "log.jsonl", "data.jsonl"); err == nil || !strings.Contains(err.Error(), "log.jsonl:2: sentence a #1 is not in data.jsonl") {
		t.Errorf("CheckData: %v", err)
	}
}

func describe(recs []labels.Record) string {
	var parts []string
	for _, r := range recs {
		parts = append(parts, fmt.Sprintf("%s#%d %s/%s", r.Article, r.Index, r.Stance, r.Sentiment))
	}
	return strings.Join(parts, "; ")
}
