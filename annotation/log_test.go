package annotation

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stance-nlp/stance/labels"
)

var t0 = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

func labelEntry(ann, article string, index int, stance, sentiment string) Entry {
	return Entry{Op: OpLabel, Time: t0, Annotator: ann, Article: article, Index: index, Text: "Sentence " + article + strconv.Itoa(index) + ".", Stance: stance, Sentiment: sentiment}
}

func openTestLog(t *testing.T, path string) *Log {
	t.Helper()
	l, notes, err := OpenLog(path)
	if err != nil {
		t.Fatalf("OpenLog(%q): %v", path, err)
	}
	if len(notes) > 0 {
		t.Logf("OpenLog notes: %q", notes)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func mustAppend(t *testing.T, l *Log, e Entry) Entry {
	t.Helper()
	got, err := l.Append(e)
	if err != nil {
		t.Fatalf("Append(%+v): %v", e, err)
	}
	return got
}

// TestLogAppendResume appends a label, a skip and a retraction, closes the
// log and opens it again: the entries read back are those written, with
// their sequence numbers and lines, and the next entry goes on after them.
func TestLogAppendResume(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	l := openTestLog(t, path)
	a := mustAppend(t, l, labelEntry("ann", "a", 0, "obstacle", "negative"))
	s := mustAppend(t, l, Entry{Op: OpSkip, Time: t0, Annotator: "ann", Article: "a", Index: 1, Text: "Sentence a1."})
	r := mustAppend(t, l, Entry{Op: OpRetract, Time: t0, Annotator: "ann", Article: "a", Index: 1, Retracts: s.Seq})
	if a.Seq != 1 || s.Seq != 2 || r.Seq != 3 || r.Line != 3 {
		t.Fatalf("seqs %d %d %d, line %d; want 1 2 3, line 3", a.Seq, s.Seq, r.Seq, r.Line)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); n != 3 {
		t.Fatalf("log has %d lines; want 3:\n%s", n, b)
	}
	if !strings.HasPrefix(string(b), `{"seq":1,"op":"label","time":"2026-11-02T10:00:00Z","annotator":"ann","article":"a","index":0,"text":"Sentence a0.","stance":"obstacle","sentiment":"negative"}`) {
		t.Errorf("first line:\n%s", b)
	}
	l2 := openTestLog(t, path)
	got := l2.Entries()
	if len(got) != 3 || got[2].Op != OpRetract || got[2].Retracts != 2 || got[1].Line != 2 {
		t.Fatalf("read back %+v", got)
	}
	if e := mustAppend(t, l2, labelEntry("ann", "a", 1, "neutral", "neutral")); e.Seq != 4 || e.Line != 4 {
		t.Errorf("resumed append: seq %d line %d; want 4, 4", e.Seq, e.Line)
	}
	eff, stack := replay(l2.Entries(), "ann")
	if len(eff) != 2 || eff[Key{"a", 1}].Stance != "neutral" || len(stack) != 2 {
		t.Errorf("replay: %d effective, %d on the stack", len(eff), len(stack))
	}
}

// TestLogCutLastLine: a process killed in the middle of a write leaves a
// last line without its newline. Reading reports it and leaves it out;
// OpenLog says so, cuts it off, and the next entry starts a line of its
// own, so the log reads back clean.
func TestLogCutLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	l := openTestLog(t, path)
	mustAppend(t, l, labelEntry("ann", "a", 0, "obstacle", "negative"))
	l.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"seq":2,"op":"label","time":"2026-11-02T10:00:00Z","annot`)
	f.Close()

	b, _ := os.ReadFile(path)
	entries, cut, err := ReadLog(strings.NewReader(string(b)), "log.jsonl")
	if err != nil || len(entries) != 1 || cut == nil || cut.Line != 2 {
		t.Fatalf("ReadLog = %d entries, cut %+v, %v; want 1 entry and the cut line 2", len(entries), cut, err)
	}
	if msg := cut.String(); !strings.HasPrefix(msg, "log.jsonl:2: the last line is cut short") {
		t.Errorf("cut message %q", msg)
	}

	l2, notes, err := OpenLog(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	if len(notes) != 1 || !strings.Contains(notes[0], "cut short") {
		t.Errorf("OpenLog notes %q; want one about the cut line", notes)
	}
	mustAppend(t, l2, labelEntry("ann", "a", 1, "opening", "positive"))
	b, _ = os.ReadFile(path)
	entries, cut, err = ReadLog(strings.NewReader(string(b)), "log.jsonl")
	if err != nil || cut != nil || len(entries) != 2 || entries[1].Seq != 2 {
		t.Fatalf("after repair: %d entries, cut %v, %v:\n%s", len(entries), cut, err, b)
	}
}

// TestLogLastLineWithoutNewline: a whole entry without its newline (a
// hand edit) is kept, and the next entry still gets a line of its own.
func TestLogLastLineWithoutNewline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	os.WriteFile(path, []byte(`{"seq":1,"op":"label","time":"2026-11-02T10:00:00Z","annotator":"ann","article":"a","index":0,"text":"x","stance":"neutral","sentiment":"neutral"}`), 0o644)
	l := openTestLog(t, path)
	if len(l.Entries()) != 1 {
		t.Fatalf("%d entries; want 1", len(l.Entries()))
	}
	mustAppend(t, l, labelEntry("ann", "a", 1, "opening", "positive"))
	b, _ := os.ReadFile(path)
	if strings.Count(string(b), "\n") != 2 {
		t.Errorf("log:\n%s", b)
	}
}

func TestReadLogErrors(t *testing.T) {
	good := `{"seq":1,"op":"label","time":"2026-11-02T10:00:00Z","annotator":"ann","article":"a","index":0,"text":"x","stance":"neutral","sentiment":"neutral"}`
	tests := []struct {
		name  string
		line  string // the second line
		kind  error
		where string
		msg   string
	}{
		{"bad JSON", `{"seq":2,"op":"label",}`, labels.ErrSyntax, "log.jsonl:2:", "invalid JSON"},
		{"unknown field", `{"seq":2,"op":"skip","annotator":"ann","article":"a","index":1,"text":"y","mood":"x"}`, labels.ErrSyntax, "log.jsonl:2:", `unknown field "mood"`},
		{"unknown stance", `{"seq":2,"op":"label","annotator":"ann","article":"a","index":1,"text":"y","stance":"obstcle","sentiment":"negative"}`, labels.ErrUnknownLabel, "log.jsonl:2:", `unknown stance "obstcle" (did you mean "obstacle"?)`},
		{"missing sentiment", `{"seq":2,"op":"label","annotator":"ann","article":"a","index":1,"text":"y","stance":"obstacle"}`, labels.ErrMissingField, "log.jsonl:2:", "missing sentiment label"},
		{"unknown op", `{"seq":2,"op":"relabel","annotator":"ann","article":"a","index":1}`, labels.ErrSyntax, "log.jsonl:2:", `unknown op "relabel"`},
		{"seq goes back", `{"seq":1,"op":"skip","annotator":"ann","article":"a","index":1,"text":"y"}`, ErrSequence, "log.jsonl:2:", "seq 1 does not follow seq 1"},
		{"retract unknown", `{"seq":2,"op":"retract","annotator":"ann","article":"a","index":0,"retracts":7}`, ErrRetraction, "log.jsonl:2:", "retracts seq 7"},
		{"retract another's", `{"seq":2,"op":"retract","annotator":"bob","article":"a","index":0,"retracts":1}`, ErrRetraction, "log.jsonl:2:", `"bob" retracts seq 1, which is "ann"'s`},
		{"skip with a label", `{"seq":2,"op":"skip","annotator":"ann","article":"a","index":1,"text":"y","stance":"neutral"}`, labels.ErrSyntax, "log.jsonl:2:", "a skip carries no label"},
		{"no annotator", `{"seq":2,"op":"skip","article":"a","index":1,"text":"y"}`, labels.ErrMissingField, "log.jsonl:2:", `missing field "annotator"`},
		{"bad UTF-8", "{\"seq\":2,\"op\":\"skip\",\"annotator\":\"\xff\"}", labels.ErrBadUTF8, "log.jsonl:2:", "invalid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := good + "\n" + tc.line + "\n"
			entries, _, err := ReadLog(strings.NewReader(in), "log.jsonl")
			if err == nil {
				t.Fatalf("ReadLog = %d entries, no error; want %v", len(entries), tc.kind)
			}
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.where) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("ReadLog error %q; want %s ... %q (errors.Is %v)", err, tc.where, tc.msg, tc.kind)
			}
		})
	}
	// A bad line in the middle is an error even when it has no newline
	// problem; a cut line is only ever the last.
	_, cut, err := ReadLog(strings.NewReader(good+"\n{\"seq\":2,\"op\n"+good[:20]), "log.jsonl")
	if err == nil || !strings.Contains(err.Error(), "log.jsonl:2:") || cut != nil {
		t.Errorf("bad middle line: cut %v, err %v", cut, err)
	}
	if entries, cut, err := ReadLog(strings.NewReader(""), "log.jsonl"); len(entries) != 0 || cut != nil || err != nil {
		t.Errorf("empty log: %v %v %v", entries, cut, err)
	}
}

// TestAppendChecks: Append refuses what ReadLog would refuse, and writes
// nothing.
func TestAppendChecks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	l := openTestLog(t, path)
	if _, err := l.Append(labelEntry("ann", "a", 0, "against", "negative")); !errors.Is(err, labels.ErrUnknownLabel) {
		t.Errorf("Append with an unknown label: %v", err)
	}
	if _, err := l.Append(Entry{Op: OpRetract, Annotator: "ann", Article: "a", Retracts: 1}); !errors.Is(err, ErrRetraction) {
		t.Errorf("Append of a retraction of nothing: %v", err)
	}
	if b, _ := os.ReadFile(path); len(b) != 0 {
		t.Errorf("log after refused appends:\n%s", b)
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.jsonl")
	l := openTestLog(t, path)
	if _, _, err := OpenLog(path); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), strconv.Itoa(os.Getpid())) {
		t.Fatalf("second OpenLog: %v; want ErrLocked naming pid %d", err, os.Getpid())
	}
	l.Close()
	if _, err := os.Stat(path + ".lock"); !os.IsNotExist(err) {
		t.Fatalf("lock file left after Close: %v", err)
	}

	// A lock left by a process that has exited is taken over.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run a child process: %v", err)
	}
	dead := cmd.Process.Pid
	os.WriteFile(path+".lock", []byte(strconv.Itoa(dead)+"\n"), 0o644)
	l2, notes, err := OpenLog(path)
	if err != nil {
		t.Fatalf("OpenLog over a stale lock: %v", err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "stale lock from pid "+strconv.Itoa(dead)) {
		t.Errorf("notes %q; want the stale lock taken over", notes)
	}
	if b, _ := os.ReadFile(path + ".lock"); strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
		t.Errorf("lock file holds %q; want this process's id", b)
	}
	l2.Close()

	// So is one that names no process.
	os.WriteFile(path+".lock", []byte("garbage"), 0o644)
	l3, notes, err := OpenLog(path)
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0], "names no process") {
		t.Fatalf("OpenLog over a garbage lock: %q, %v", notes, err)
	}
	l3.Close()
}
