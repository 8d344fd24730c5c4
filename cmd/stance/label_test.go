package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/stance-nlp/stance/annotation"
	"github.com/stance-nlp/stance/labels"
)

// labelData writes sentences to label, as 'stance split' would: three
// articles of four sentences.
func labelData(t *testing.T, dir string) string {
	t.Helper()
	texts := [][]string{
		{"Moscow rejected the American offer to coordinate air strikes.", "The two foreign ministers met in Geneva on Tuesday.", "Lavrov said Russia has no desire to join any campaign led by the United States.", "Kerry offered assurances that Washington would not target Assad."},
		{"The sanctions will stay in place, the White House said.", "Both sides agreed to resume talks on arms control next month.", "The delegation arrived by train in the afternoon.", "Officials described the strikes as a failure of diplomacy."},
		{"Washington welcomed the Russian proposal for a joint working group.", "The treaty expired in February without a replacement.", "Putin accused the West of breaking its promises over NATO.", "The hotline between the two militaries was used twice last year."},
	}
	var b bytes.Buffer
	w := labels.NewWriter(&b)
	for a, art := range texts {
		for i, text := range art {
			w.Write(labels.Record{Article: fmt.Sprintf("art%d", a), Index: i, Text: text})
		}
	}
	w.Flush()
	path := filepath.Join(dir, "data.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLabelHelp(t *testing.T) {
	out, _, code := runStance(t, "", "label", "--help")
	for _, want := range []string{"Usage: stance label", "1 obstacle", "q negative", "Examples:", "--export", "--overlap"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("label --help: exit %d, lacks %q", code, want)
		}
	}
	if out, _, _ := runStance(t, "", "--help"); !strings.Contains(out, "label ") {
		t.Errorf("stance --help does not list label:\n%s", out)
	}
}

func TestLabelUsageErrors(t *testing.T) {
	data := labelData(t, t.TempDir())
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no data", []string{"--annotator", "ann"}, "needs --data"},
		{"no annotator", []string{"--data", data}, "needs --annotator"},
		{"bad annotator", []string{"--data", data, "--annotator", "../x"}, "--annotator"},
		{"not loopback", []string{"--data", data, "--annotator", "ann", "--addr", "0.0.0.0:0"}, "loopback"},
		{"bad order", []string{"--data", data, "--annotator", "ann", "--order", "random"}, "unknown order"},
		{"bad share", []string{"--data", data, "--annotator", "ann", "--random", "1.5"}, "--random"},
		{"bad seed model", []string{"--data", data, "--annotator", "ann", "--seed-model", "big"}, "--seed-model"},
		{"export without log", []string{"--export"}, "--export needs --log"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runStance(t, "", append([]string{"label"}, tc.args...)...)
			if code != 2 || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, %q; want 2 and %q", code, stderr, tc.msg)
			}
		})
	}
}

// TestLabelBadInput: bad data, a malformed log, a log of other sentences:
// each a clear FILE:LINE error, exit 1, and no server.
func TestLabelBadInput(t *testing.T) {
	dir := t.TempDir()
	data := labelData(t, dir)
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"article":"x","index":0,"text":"Fine."}`+"\n"+`{"article":"x","index":1,"text":"Odd.","stance":"opposed","sentiment":""}`+"\n"), 0o644)
	log := filepath.Join(dir, "log.jsonl")
	tests := []struct {
		name, data, log, msg string
	}{
		{"unknown label in the data", bad, "", bad + `:2: unknown stance "opposed"`},
		{"malformed log", data, `{"seq":1,"op":"label","annotator":"ann","article":"art0","index":0,"text":"x","stance":"obstacle","sentiment":"negative"}` + "\n" + `{"seq":2,"op":"label",` + "\n", log + ":2: invalid JSON"},
		{"unknown label in the log", data, `{"seq":1,"op":"label","annotator":"ann","article":"art0","index":0,"text":"x","stance":"obstacle","sentiment":"negativ"}` + "\n", log + `:1: unknown sentiment "negativ" (did you mean "negative"?)`},
		{"log of other sentences", data, `{"seq":1,"op":"label","annotator":"ann","article":"other","index":0,"text":"x","stance":"obstacle","sentiment":"negative"}` + "\n", log + ":1: sentence other #0 is not in " + data},
		{"no such data", filepath.Join(dir, "none.jsonl"), "", "none.jsonl: no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			os.WriteFile(log, []byte(tc.log), 0o644)
			_, stderr, code := runStance(t, "", "label", "--data", tc.data, "--annotator", "ann", "--log", log, "--no-open", "--seed-model", "none")
			if code != 1 || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, %q; want 1 and %q", code, stderr, tc.msg)
			}
			if _, err := os.Stat(log + ".lock"); !os.IsNotExist(err) {
				t.Errorf("lock file left behind: %v", err)
			}
		})
	}
}

func TestLabelExport(t *testing.T) {
	dir := t.TempDir()
	data := labelData(t, dir)
	log := filepath.Join(dir, "log.jsonl")
	lines := []string{
		`{"seq":1,"op":"label","time":"2026-11-02T10:00:00Z","annotator":"ann","article":"art0","index":0,"text":"Moscow rejected the American offer to coordinate air strikes.","stance":"opening","sentiment":"negative"}`,
		`{"seq":2,"op":"label","time":"2026-11-02T10:00:03Z","annotator":"ann","article":"art0","index":0,"text":"Moscow rejected the American offer to coordinate air strikes.","stance":"obstacle","sentiment":"negative"}`,
		`{"seq":3,"op":"label","time":"2026-11-02T10:00:05Z","annotator":"ann","article":"art1","index":2,"text":"The delegation arrived by train in the afternoon.","stance":"neutral","sentiment":"neutral"}`,
		`{"seq":4,"op":"skip","time":"2026-11-02T10:00:06Z","annotator":"ann","article":"art2","index":0,"text":"Washington welcomed the Russian proposal for a joint working group."}`,
		`{"seq":5,"op":"label","time":"2026-11-02T10:00:09Z","annotator":"ann","article":"art1","index":0,"text":"The sanctions will stay in place, the White House said.","stance":"obstacle","sentiment":"neutral"}`,
		`{"seq":6,"op":"retract","time":"2026-11-02T10:00:10Z","annotator":"ann","article":"art1","index":0,"retracts":5}`,
		`{"seq":7,"op":"label","time":"2026-11-02T10:0`, // cut short by a crash
	}
	os.WriteFile(log, []byte(strings.Join(lines, "\n")), 0o644)
	out := filepath.Join(dir, "labelled.jsonl")
	_, stderr, code := runStance(t, "", "label", "--export", "--log", log, "--data", data, "-o", out)
	if code != 0 || !strings.Contains(stderr, log+":7: the last line is cut short") || !strings.Contains(stderr, "2 labelled sentences by ann written to "+out) {
		t.Fatalf("export: exit %d, %s", code, stderr)
	}
	f, _ := os.Open(out)
	recs, err := labels.ReadAll(f, out) // the training format, labels required
	f.Close()
	if err != nil || len(recs) != 2 || recs[0].Stance != "obstacle" || recs[1].Article != "art1" || recs[1].Index != 2 {
		t.Errorf("exported %+v, %v", recs, err)
	}
	for _, target := range []string{log, data} {
		before, _ := os.ReadFile(target)
		_, stderr, code := runStance(t, "", "label", "--export", "--log", log, "--data", data, "-o", target)
		after, _ := os.ReadFile(target)
		if code != 1 || !strings.Contains(stderr, "refusing to write the export over the input file") || !bytes.Equal(before, after) {
			t.Errorf("export over %s: exit %d, %s", target, code, stderr)
		}
	}
	// Several annotators: one must be chosen.
	os.WriteFile(log, []byte(strings.Join(lines[:6], "\n")+"\n"+
		`{"seq":7,"op":"label","time":"2026-11-02T10:00:05Z","annotator":"bob","article":"art1","index":2,"text":"The delegation arrived by train in the afternoon.","stance":"neutral","sentiment":"neutral"}`+"\n"), 0o644)
	if _, stderr, code := runStance(t, "", "label", "--export", "--log", log); code != 1 || !strings.Contains(stderr, "several annotators (ann, bob): choose one with --annotator") {
		t.Errorf("export of two annotators: exit %d, %s", code, stderr)
	}
	if stdout, _, code := runStance(t, "", "label", "--export", "--log", log, "--annotator", "bob"); code != 0 || strings.Count(stdout, "\n") != 1 {
		t.Errorf("export --annotator bob: exit %d, %s", code, stdout)
	}
}

// labelServer is a `stance label` process serving a page.
type labelServer struct {
	cmd    *exec.Cmd
	url    string
	mu     sync.Mutex
	stderr bytes.Buffer
}

func (s *labelServer) errText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// waitErr waits a moment for every one of want to be on the server's
// stderr, which is copied in the background, and reports whether they are.
func (s *labelServer) waitErr(want ...string) bool {
	for range 100 {
		all := true
		for _, w := range want {
			all = all && strings.Contains(s.errText(), w)
		}
		if all {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// startLabel starts `stance label` and waits for the address it prints.
func startLabel(t *testing.T, args ...string) *labelServer {
	t.Helper()
	s := &labelServer{cmd: stanceCommand(t, append([]string{"label", "--no-open"}, args...)...)}
	s.cmd.Stderr = lockedWriter{&s.mu, &s.stderr}
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
	}()
	select {
	case s.url = <-line:
	case <-time.After(30 * time.Second):
	}
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") {
		t.Fatalf("stance label printed %q; stderr:\n%s", s.url, s.errText())
	}
	return s
}

// TestLabelSecondWriter: a second session on the same log is refused while
// the first runs.
func TestLabelSecondWriter(t *testing.T) {
	dir := t.TempDir()
	data := labelData(t, dir)
	log := filepath.Join(dir, "log.jsonl")
	first := startLabel(t, "--data", data, "--annotator", "ann", "--log", log, "--seed-model", "none")
	_, stderr, code := runStance(t, "", "label", "--no-open", "--data", data, "--annotator", "bob", "--log", log)
	if code != 1 || !strings.Contains(stderr, fmt.Sprintf("in use: another stance label (pid %d)", first.cmd.Process.Pid)) {
		t.Errorf("second writer: exit %d, %s", code, stderr)
	}
}

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestLabelBrowser drives the page in headless Chromium through a short
// session (label with keys and with the mouse, skip, undo twice, reload,
// kill the server and resume it on the same log) and checks the log after
// each step. Without Chromium it skips, except in CI (CI set), where
// .ci/run installs it and its absence is a failure.
//
// STANCE_SCREENSHOT=page.png go test ./cmd/stance -run Browser saves a
// screenshot of the page.
func TestLabelBrowser(t *testing.T) {
	chromium := needChromium(t)
	dir := t.TempDir()
	data := labelData(t, dir)
	logPath := filepath.Join(dir, "ann.log.jsonl")
	srv := startLabel(t, "--data", data, "--annotator", "ann", "--log", logPath)

	ctx := startBrowser(t, chromium, 1200, 900)
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v\nserver stderr:\n%s", name, err, srv.errText())
		}
	}
	eval := func(expr string) string {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		v, err := chromedp.Run(sctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		return v
	}
	shown := func() annotation.Key {
		t.Helper()
		var k annotation.Key
		fmt.Sscanf(eval(`document.body.dataset.article + " " + document.body.dataset.index`), "%s %d", &k.Article, &k.Index)
		return k
	}
	renders := func() string { return eval(`document.body.dataset.renders || "0"`) }
	// press sends keys and waits until the page has drawn the answer.
	press := func(keys ...string) {
		t.Helper()
		before := renders()
		var actions []chromedp.Action[chromedp.Void]
		for _, k := range keys {
			actions = append(actions, chromedp.KeyEvent(k))
		}
		actions = append(actions, chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.body.dataset.renders !== %q && document.body.dataset.busy === "0"`, before)))
		step("press "+strings.Join(keys, " "), actions...)
	}
	logEntries := func(want int) []annotation.Entry {
		t.Helper()
		f, err := os.Open(logPath)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		es, cut, err := annotation.ReadLog(f, logPath)
		if err != nil || cut != nil || len(es) != want {
			b, _ := os.ReadFile(logPath)
			t.Fatalf("log: %d entries (cut %v, %v); want %d:\n%s", len(es), cut, err, want, b)
		}
		return es
	}
	load := func(url string) {
		t.Helper()
		step("load "+url, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("sentence")), chromedp.Poll[chromedp.Void](`document.body.dataset.renders >= "1"`))
	}

	load(srv.url)
	logEntries(0)
	first := shown()
	if first.Article == "" || !strings.Contains(eval(`document.getElementById("guess").textContent`), "Model's guess: ") {
		t.Fatalf("first sentence %v, guess %q", first, eval(`document.getElementById("guess").textContent`))
	}

	// 1 and q: obstacle, negative, saved before the next sentence shows.
	press("1", "q")
	es := logEntries(1)
	if e := es[0]; e.Op != annotation.OpLabel || e.Key() != first || e.Stance != "obstacle" || e.Sentiment != "negative" || e.Annotator != "ann" {
		t.Errorf("after 1 q: %+v", e)
	}
	second := shown()
	if second == first {
		t.Fatal("the page did not move on")
	}

	// The mouse: opening, positive.
	before := renders()
	step("click", chromedp.Click(chromedp.CSS(`button[data-target="stance"][data-label="opening"]`)),
		chromedp.Click(chromedp.CSS(`button[data-target="sentiment"][data-label="positive"]`)),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.body.dataset.renders !== %q && document.body.dataset.busy === "0"`, before)))
	if e := logEntries(2)[1]; e.Key() != second || e.Stance != "opening" || e.Sentiment != "positive" {
		t.Errorf("after clicks: %+v", e)
	}
	third := shown()

	// s skips: stored as no label.
	press("s")
	if e := logEntries(3)[2]; e.Op != annotation.OpSkip || e.Key() != third || e.Stance != "" {
		t.Errorf("after s: %+v", e)
	}

	// u, u: two retractions, the page back at the second sentence.
	press("u")
	if e := logEntries(4)[3]; e.Op != annotation.OpRetract || e.Retracts != 3 || shown() != third {
		t.Errorf("after u: %+v, showing %v", e, shown())
	}
	if note := eval(`document.getElementById("notice").textContent`); !strings.Contains(note, "Undone: was skipped") {
		t.Errorf("notice after undoing a skip: %q", note)
	}
	press("u")
	if e := logEntries(5)[4]; e.Op != annotation.OpRetract || e.Retracts != 2 || shown() != second {
		t.Errorf("after u u: %+v, showing %v", e, shown())
	}

	// The codebook and the whole article, on keys.
	step("codebook", chromedp.KeyEvent("?"), chromedp.WaitVisible(chromedp.ID("codebook-view")))
	if txt := eval(`document.getElementById("codebook-body").textContent`); !strings.Contains(txt, "obstacle") || !strings.Contains(txt, "Hard cases") {
		t.Errorf("codebook: %.200q", txt)
	}
	step("close", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(chromedp.ID("codebook-view")))
	step("article", chromedp.KeyEvent("a"), chromedp.WaitVisible(chromedp.ID("article-view")))
	if n := eval(`String(document.querySelectorAll("#article-body li").length) + " " + document.querySelector("#article-body li.current").textContent`); !strings.HasPrefix(n, "4 ") {
		t.Errorf("article view: %q", n)
	}
	step("close", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(chromedp.ID("article-view")))

	// A reload shows the same sentence and writes nothing.
	load(srv.url)
	if shown() != second {
		t.Errorf("after reload: %v; want %v", shown(), second)
	}
	logEntries(5)
	press("3", "w")
	if e := logEntries(6)[5]; e.Key() != second || e.Stance != "neutral" || e.Sentiment != "neutral" {
		t.Errorf("after 3 w: %+v", e)
	}
	next := shown()

	if path := os.Getenv("STANCE_SCREENSHOT"); path != "" {
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100)) // quality 100 is PNG
		cancel()
		if err == nil {
			err = os.WriteFile(path, png, 0o644)
		}
		if err != nil {
			t.Errorf("screenshot: %v", err)
		}
	}

	// Kill the server: its lock stays, an answer now fails visibly and is
	// not written.
	srv.cmd.Process.Kill()
	srv.cmd.Wait()
	step("keys to a dead server", chromedp.KeyEvent("2"), chromedp.KeyEvent("e"), chromedp.WaitVisible(chromedp.ID("error")))
	logEntries(6)

	// Resume: the same command takes over the stale lock, and the page
	// goes on where it stopped.
	srv2 := startLabel(t, "--data", data, "--annotator", "ann", "--log", logPath)
	if !srv2.waitErr("took over a stale lock from pid", "(2 labelled, 0 skipped so far)") {
		t.Errorf("resume stderr:\n%s", srv2.errText())
	}
	load(srv2.url)
	if shown() != next {
		t.Errorf("after resume: %v; want %v", shown(), next)
	}
	if p := eval(`document.getElementById("progress-text").textContent`); !strings.HasPrefix(p, "2 of 12 done") {
		t.Errorf("progress after resume: %q", p)
	}
	press("2", "e")
	if e := logEntries(7)[6]; e.Seq != 7 || e.Key() != next || e.Stance != "opening" || e.Sentiment != "positive" {
		t.Errorf("after resume and 2 e: %+v", e)
	}
	// The old page's address (old token, dead port) is refused by the new
	// server's token check: only its own URL works.
	if srv.url == srv2.url {
		t.Error("the resumed server reuses the old token")
	}
}

// needChromium returns the Chromium binary. Without one the test skips,
// unless CI is set: .ci/run installs it there, and its absence is a
// failure.
func needChromium(t *testing.T) string {
	t.Helper()
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but no chromium binary was found: .ci/run should have installed Debian's chromium")
		}
		t.Skip("no chromium binary found (apt-get install chromium); the browser test runs in CI")
	}
	return chromium
}

// startBrowser starts headless Chromium with a w×h window and returns its
// context; the browser and its profile go when the test ends.
func startBrowser(t *testing.T, chromium string, w, h int) context.Context {
	t.Helper()
	// Chromium's helpers can write to its profile for a moment after it
	// stops, so the profile is not in t.TempDir, whose removal would fail;
	// it is removed with retries.
	profile, err := os.MkdirTemp("", "stance-chromium")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	// NoSandbox: CI runs as root, where Chromium's sandbox will not start.
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(profile), chromedp.WindowSize(w, h))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser outside any timeout
		t.Fatalf("starting %s: %v", chromium, err)
	}
	return ctx
}

// TestValidAnnotatorName holds validAnnotatorName to the regular
// expression it writes out, on names made to sit at every edge.
func TestValidAnnotatorName(t *testing.T) {
	re := regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$`)
	names := []string{"", "a", "maria", "Maria_2", "-x", ".x", "_x", "x-", "x.y_z-1", "a b", "ü", "Ünal", "李", "٣", "Ⅻ", "x\u00a0", "x/y", "x\x00", "\xff", "a\xffb",
		strings.Repeat("a", 64), strings.Repeat("a", 65), strings.Repeat("é", 64), strings.Repeat("é", 65), "a" + strings.Repeat("-", 63), "a" + strings.Repeat("-", 64)}
	for _, n := range names {
		if got, want := validAnnotatorName(n), re.MatchString(n); got != want {
			t.Errorf("validAnnotatorName(%q) = %v; the expression says %v", n, got, want)
		}
	}
}
