package annotation

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/agreement"
	"github.com/stance-nlp/stance/labels"
)

// adjFixture: two annotators on five sentences of article "a".
//
//	#0 agreed on both
//	#1 stance disputed (obstacle / opening), sentiment agreed negative
//	#2 sentiment disputed (neutral / positive), stance agreed opening
//	#3 both disputed
//	#4 B left sentiment unlabelled: agreed, by one annotator
func adjFixture() []agreement.Annotation {
	rec := func(i int, st, se string) labels.Record {
		return labels.Record{Article: "a", Index: i, Text: "Sentence " + string(rune('0'+i)) + ".", Stance: st, Sentiment: se}
	}
	a := []labels.Record{rec(0, "neutral", "neutral"), rec(1, "obstacle", "negative"), rec(2, "opening", "neutral"), rec(3, "obstacle", "negative"), rec(4, "neutral", "neutral")}
	b := []labels.Record{rec(0, "neutral", "neutral"), rec(1, "opening", "negative"), rec(2, "opening", "positive"), rec(3, "opening", "positive"), rec(4, "neutral", "")}
	a[3].Note = "main clause decides"
	return []agreement.Annotation{{Coder: "ann_a", Records: a}, {Coder: "ann_b", Records: b}}
}

func newTestAdjudication(t *testing.T, path string) *Adjudication {
	t.Helper()
	adj, err := NewAdjudication(adjFixture(), "judge", openTestLog(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return adj
}

func walk(t *testing.T, adj *Adjudication, input string) string {
	t.Helper()
	var out strings.Builder
	if err := adj.Walk(strings.NewReader(input), &out, "THE CODEBOOK"); err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return out.String()
}

func TestAdjudicationDecidesAndMerges(t *testing.T) {
	adj := newTestAdjudication(t, filepath.Join(t.TempDir(), "adj.log"))
	if got, want := adj.Disputed(), []int{1, 2, 3}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Disputed() = %v, want %v", got, want)
	}
	// #1: "2" sets the disputed stance; sentiment keeps the agreed negative.
	// #2: "zz" is refused, then "B" takes ann_b's labels.
	// #3: "3" alone is refused (sentiment disputed too), then "3w".
	out := walk(t, adj, "2\nzz\nB\n3\n3w\n")
	for _, want := range []string{
		"[1 of 3 disputed, 0 decided] a #1",
		" » Sentence 1.",
		"A ann_a: stance OBSTACLE, sentiment negative",
		"B ann_b: stance OPENING, sentiment negative",
		`'z' is no key here`,
		"the annotators disagree on sentiment: give its key too",
		"main clause decides",
		"3 of 3 disputed sentences decided.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("walk output lacks %q:\n%s", want, out)
		}
	}
	gold, st := adj.Gold()
	want := []labels.Record{
		{Article: "a", Index: 0, Text: "Sentence 0.", Stance: "neutral", Sentiment: "neutral"},
		{Article: "a", Index: 1, Text: "Sentence 1.", Stance: "opening", Sentiment: "negative"},
		{Article: "a", Index: 2, Text: "Sentence 2.", Stance: "opening", Sentiment: "positive"},
		{Article: "a", Index: 3, Text: "Sentence 3.", Stance: "neutral", Sentiment: "neutral"},
		{Article: "a", Index: 4, Text: "Sentence 4.", Stance: "neutral", Sentiment: "neutral"},
	}
	if !reflect.DeepEqual(gold, want) {
		t.Errorf("Gold() =\n%+v\nwant\n%+v", gold, want)
	}
	if wantSt := (GoldStats{Agreed: 2, Adjudicated: 3, Single: 1}); st != wantSt {
		t.Errorf("GoldStats = %+v, want %+v", st, wantSt)
	}
	for _, e := range adj.log.Entries() {
		if e.Op != OpLabel || e.Annotator != "judge" || e.Pick != PickDisagreement {
			t.Errorf("log entry %+v: want a label by judge picked as %q", e, PickDisagreement)
		}
	}
}

func TestAdjudicationUndoSkipAndResume(t *testing.T) {
	path := filepath.Join(t.TempDir(), "adj.log")
	adj := newTestAdjudication(t, path)
	// #1 decided, undone, decided again; #2 skipped; #3 decided; input ends.
	out := walk(t, adj, "1\nu\n2\ns\nA\n")
	if !strings.Contains(out, "2 of 3 disputed sentences decided; 1 skipped, asked again next time.") {
		t.Errorf("walk output lacks the summary:\n%s", out)
	}
	var ops []Op
	for _, e := range adj.log.Entries() {
		ops = append(ops, e.Op)
	}
	if want := []Op{OpLabel, OpRetract, OpLabel, OpSkip, OpLabel}; !reflect.DeepEqual(ops, want) {
		t.Errorf("log ops = %v, want %v", ops, want)
	}
	gold, st := adj.Gold()
	if st.Undecided != 1 || st.Adjudicated != 2 || len(gold) != 4 {
		t.Errorf("after a skip: %d gold records, stats %+v; want 4 records, 2 adjudicated, 1 undecided", len(gold), st)
	}
	if gold[1].Stance != "opening" {
		t.Errorf("#1 after undo and a new answer: stance %q, want opening", gold[1].Stance)
	}
	adj.log.Close()

	// A crash mid-write leaves a cut-short line: it is cut off and the
	// walk resumes with what was synced, asking the skipped sentence first.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"seq":6,"op":"label","annot`)
	f.Close()
	adj2 := newTestAdjudication(t, path)
	out = walk(t, adj2, "e\n")
	if !strings.Contains(out, "[2 of 3 disputed, 2 decided] a #2") || !strings.Contains(out, "3 of 3 disputed sentences decided.") {
		t.Errorf("resumed walk did not ask the skipped sentence and finish:\n%s", out)
	}
	if gold, st := adj2.Gold(); st.Undecided != 0 || gold[2].Sentiment != "positive" {
		t.Errorf("after resuming: stats %+v, #2 %+v", st, gold[2])
	}
}

func TestAdjudicationStopsAndTellsHowToGoOn(t *testing.T) {
	adj := newTestAdjudication(t, filepath.Join(t.TempDir(), "adj.log"))
	out := walk(t, adj, "u\n?\nx\n")
	for _, want := range []string{"nothing to undo", "THE CODEBOOK", "stopped: 0 of 3 disputed sentences decided; run the same command again to go on."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := len(adj.log.Entries()); n != 0 {
		t.Errorf("%d log entries, want none", n)
	}
}

func TestAdjudicationRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	anns := adjFixture()
	anns[1].Records[2].Text = "Another sentence."
	if _, err := NewAdjudication(anns, "judge", openTestLog(t, filepath.Join(dir, "x.log"))); !errors.Is(err, agreement.ErrTextMismatch) {
		t.Errorf("files of different sentences: err %v, want ErrTextMismatch", err)
	}
	if _, err := NewAdjudication(adjFixture()[:1], "judge", openTestLog(t, filepath.Join(dir, "y.log"))); err == nil {
		t.Error("one annotator: no error")
	}
	// A log of other sentences is named by file and line.
	path := filepath.Join(dir, "z.log")
	l := openTestLog(t, path)
	mustAppend(t, l, Entry{Op: OpLabel, Time: t0, Annotator: "judge", Article: "b", Index: 0, Text: "Elsewhere.", Stance: "opening", Sentiment: "neutral"})
	_, err := NewAdjudication(adjFixture(), "judge", l)
	var pe *labels.ParseError
	if !errors.As(err, &pe) || pe.File != path || pe.Line != 1 || !errors.Is(err, ErrNotInData) {
		t.Errorf("log of other sentences: err %v, want %s:1 not in the data", err, path)
	}
}
