package tag

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// stream runs Stream on in and returns its output and warnings.
func stream(t *testing.T, in string, o Options) (string, []string) {
	t.Helper()
	var out strings.Builder
	var warnings []string
	o.Warn = func(msg string) { warnings = append(warnings, msg) }
	if err := Stream(context.Background(), strings.NewReader(in), &out, builtin(t), o); err != nil {
		t.Fatalf("Stream: %v", err)
	}
	return out.String(), warnings
}

// TestStreamOrder runs the concurrent pipeline (so that go test -race sees
// it) and checks that records come out in input order, one per line.
func TestStreamOrder(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	var want []string
	for i := range 3000 {
		text := recs[i%len(recs)].Text
		if i%7 == 0 {
			text = ""
		}
		in.WriteString(text + "\n")
		want = append(want, text)
	}
	out, _ := stream(t, in.String(), Options{Lines: true, Format: TSV})
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d records for %d lines", len(got), len(want))
	}
	for i, line := range got {
		f := strings.Split(line, "\t")
		if f[len(f)-1] != want[i] {
			t.Fatalf("record %d has text %q; want %q", i+1, f[len(f)-1], want[i])
		}
	}
}

// TestStreamReusesTexts streams paragraphs, several batches' worth, whose
// lines' buffers are reused batch after batch (readBatches), and checks
// the records against those of the same lines streamed a few at a time,
// one batch a stream: a string of a batch's text held past its batch
// would show in a later one.
func TestStreamReusesTexts(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i := 0; len(lines) < 3*batchLines; i += 2 {
		lines = append(lines, recs[i%len(recs)].Text+" "+recs[(i+1)%len(recs)].Text)
	}
	whole, _ := stream(t, strings.Join(lines, "\n")+"\n", Options{Format: TSV, NoHeader: true})
	var alone strings.Builder // a few lines at a time: one batch each
	for i := 0; i < len(lines); i += 64 {
		part := lines[i:min(i+64, len(lines))]
		out, _ := stream(t, strings.Join(part, "\n")+"\n", Options{Format: TSV, NoHeader: true, LineOffset: i})
		alone.WriteString(out)
	}
	if whole != alone.String() {
		got, want := strings.Split(whole, "\n"), strings.Split(alone.String(), "\n")
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("record %d streamed with the others:\n%s\nstreamed a few lines at a time:\n%s", i+1, got[i], want[i])
			}
		}
		t.Fatalf("%d records streamed together, %d a few lines at a time", len(got), len(want))
	}
}

// TestEmptyInput: no unit, no output, in every format (the table has no
// lone header).
func TestEmptyInput(t *testing.T) {
	for _, in := range []string{"", "\n\n  \n"} {
		for _, f := range []Format{Table, TSV, JSONL} {
			if out, warnings := stream(t, in, Options{Format: f}); out != "" || warnings != nil {
				t.Errorf("Stream(%q) in %s = %q, warnings %q; want nothing", in, f, out, warnings)
			}
		}
	}
}

// TestUTF16: UTF-16 input is refused, naming the input and how to
// convert it.
func TestUTF16(t *testing.T) {
	var out strings.Builder
	err := Stream(context.Background(), strings.NewReader("\xff\xfeM\x00o\x00\n\x00"), &out, builtin(t), Options{Name: "stdin"})
	if err == nil || !strings.HasPrefix(err.Error(), "read stdin: the input is UTF-16 (byte-order mark FFFE)") || out.Len() != 0 {
		t.Errorf("Stream(UTF-16) = %v, output %q; want read stdin: the input is UTF-16…", err, out.String())
	}
	if _, err := TrimBOM([]byte("\xfe\xffx")); err == nil {
		t.Error("TrimBOM(UTF-16) = nil error")
	}
	if got, err := TrimBOM([]byte("\uFEFFtext")); err != nil || string(got) != "text" {
		t.Errorf("TrimBOM(BOM text) = %q, %v; want text", got, err)
	}
}

// TestCancel: once the context is done, Stream returns its error.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, w := io.Pipe() // never written: the read blocks
	defer w.Close()
	if err := Stream(ctx, r, io.Discard, builtin(t), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Stream with a cancelled context = %v; want context.Canceled", err)
	}
}

// TestWriteError: a failure to write is returned as it is.
func TestWriteError(t *testing.T) {
	boom := errors.New("disk full")
	err := Stream(context.Background(), strings.NewReader("Moscow objects.\n"), failWriter{boom}, builtin(t), Options{})
	if !errors.Is(err, boom) {
		t.Errorf("Stream to a failing writer = %v; want %v", err, boom)
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

// TestLongLine: a line longer than LongLine is read in parts, classified
// whole (the same probabilities as scoring it in one piece), and its
// record shows the head of the text, with a warning. The lines around it
// keep their numbers.
func TestLongLine(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for b.Len() < LongLine+LongLine/2 {
		for _, r := range recs {
			b.WriteString(r.Text)
			b.WriteString(" ")
		}
	}
	long := b.String()
	out, warnings := stream(t, "Moscow rejected the offer.\n"+long+"\nKerry left.\n", Options{Lines: true, Format: JSONL})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d records for 3 input lines", len(lines))
	}
	var rec struct {
		Line        int                `json:"line"`
		Text        string             `json:"text"`
		StanceProbs map[string]float64 `json:"stance_probs"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Line != 2 || !strings.HasSuffix(rec.Text, "…") || len(rec.Text) > recordTextMax+len("…") || !strings.HasPrefix(long, strings.TrimSuffix(rec.Text, "…")) {
		t.Errorf("long record: line %d, %d bytes of text; want line 2 and the first %d bytes of the line", rec.Line, len(rec.Text), recordTextMax)
	}
	want := fmt.Sprintf("line 2 is %d bytes long: it was classified whole", len(long))
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], want) {
		t.Errorf("warnings %q; want one saying %q", warnings, want)
	}
	whole := builtin(t).NewScorer().Score(long)[0]
	for c, l := range whole.Labels {
		if got, want := rec.StanceProbs[l], whole.Probs[c]; math.Abs(got-want) > 0.00005 {
			t.Errorf("p(%s) of the long line = %v; scoring it whole gives %v", l, got, want)
		}
	}
	var last struct {
		Line int `json:"line"`
	}
	json.Unmarshal([]byte(lines[2]), &last)
	if last.Line != 3 {
		t.Errorf("the line after the long one is numbered %d; want 3", last.Line)
	}
}

// TestLongLineSentences: without Lines a long line is split into
// sentences part by part, and every sentence gets a record numbered with
// the line, its index counting on from part to part.
func TestLongLineSentences(t *testing.T) {
	in := strings.Repeat("Moscow rejected the offer, and Washington objected. ", LongLine/40) + "\nKerry left.\n"
	out, warnings := stream(t, in, Options{Format: JSONL})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < LongLine/40 || !strings.HasPrefix(lines[len(lines)-1], `{"article":"2","index":0,"line":2,"text":"Kerry left."`) || warnings != nil {
		t.Errorf("%d records, last %.60q, warnings %q; want one a sentence, then line 2", len(lines), lines[len(lines)-1], warnings)
	}
	for i, l := range lines[:len(lines)-1] {
		if want := fmt.Sprintf(`{"article":"1","index":%d,"line":1,`, i); !strings.HasPrefix(l, want) {
			t.Fatalf("record %d, %.60q, of the long line does not start %s", i, l, want)
		}
	}
}

func TestAppendProb(t *testing.T) {
	for _, p := range []float64{0, 1, 0.5, 0.0625, 0.99995, 0.99994, 0.00004, 0.00005, 1e-300, 0.123456789, 0.3333, 0.66666} {
		got := string(appendProb(nil, p))
		want := strconv.FormatFloat(p, 'f', 4, 64)
		if got != want && !(p == 0.00005 && got == "0.0001") {
			t.Errorf("appendProb(%v) = %s; want %s", p, got, want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"table", "tsv", "jsonl"} {
		if f, err := ParseFormat(s); err != nil || string(f) != s {
			t.Errorf("ParseFormat(%q) = %q, %v", s, f, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || err.Error() != `unknown format "xml" (want table, tsv or jsonl)` {
		t.Errorf("ParseFormat(xml) = %v", err)
	}
}
