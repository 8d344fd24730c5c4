package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stance-nlp/stance/tag"
)

// The tests of docs/bad-input.md's second round: writing only regular
// files, bounding every input, stopping when asked, validating what is
// read, output that cannot be abused.

const twoRecords = `{"article":"a","index":0,"text":"Moscow rejected the offer.","stance":"obstacle","sentiment":"negative"}
{"article":"b","index":0,"text":"The two sides agreed to cooperate.","stance":"opening","sentiment":"positive"}
`

// noTempFiles fails if a temporary file of writeAtomic is left in dir.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestWriteRefuses: -o and --excluded write only regular files: a device,
// a FIFO, a socket, a directory, a symbolic link, a read-only file and a
// path under a file are refused, with the reason, and left as they were.
func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.json")
	os.WriteFile(target, []byte("target"), 0o644)
	link := filepath.Join(dir, "link.json")
	os.Symlink("target.json", link)
	dangling := filepath.Join(dir, "dangling.json")
	os.Symlink("nowhere.json", dangling)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ro := filepath.Join(dir, "ro.json")
	os.WriteFile(ro, []byte("read-only"), 0o444)
	file := filepath.Join(dir, "file.txt")
	os.WriteFile(file, []byte("a file"), 0o644)

	tests := []struct {
		name, path, want string
	}{
		{"character device", "/dev/null", "/dev/null: is a character device; stance writes only regular files (use -o - for stdout)"},
		{"device behind a link", "/dev/stdout", "is a "},
		{"FIFO", fifo, "is a named pipe (FIFO); stance writes only regular files"},
		{"socket", sock, "is a socket; stance writes only regular files"},
		{"directory", dir, "is a directory"},
		{"symbolic link", link, "is a symbolic link (to target.json); stance does not write through links: give the target itself"},
		{"dangling symbolic link", dangling, "is a symbolic link (to nowhere.json)"},
		{"read-only file", ro, "is read-only (mode 0444); stance does not replace a file it may not write"},
		{"parent is a file", filepath.Join(file, "m.json"), file + " is a file, not a directory"},
		{"parent is missing", filepath.Join(dir, "no", "such", "m.json"), "directory " + filepath.Join(dir, "no", "such") + " does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][]string{
				{"train", "-o", tt.path},
				{"eval", "--resamples", "10", "-o", tt.path},
			} {
				_, stderr, code := runStance(t, "", args...)
				if code != 1 || !strings.Contains(stderr, tt.want) {
					t.Errorf("stance %q: exit %d, stderr %q; want exit 1 and %q", args, code, stderr, tt.want)
				}
			}
		})
	}
	if st, err := os.Lstat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("/dev/null is no longer a character device: %v %v", st.Mode(), err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced")
	}
	if b, _ := os.ReadFile(target); string(b) != "target" {
		t.Error("the link's target was changed")
	}
	if b, _ := os.ReadFile(ro); string(b) != "read-only" {
		t.Error("the read-only file was changed")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}
	noTempFiles(t, dir)
}

// TestWriteMode: a replaced file keeps its mode; a new one gets 0666 less
// the umask, as a file made by the shell would.
func TestWriteMode(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.json")
	os.WriteFile(old, []byte("previous"), 0o644)
	os.Chmod(old, 0o664)
	oldMask := syscall.Umask(0o027)
	defer syscall.Umask(oldMask)
	for _, p := range []string{old, filepath.Join(dir, "new.json")} {
		if _, stderr, code := runStance(t, "", "train", "-o", p); code != 0 {
			t.Fatalf("train -o %s: %d %s", p, code, stderr)
		}
	}
	for name, want := range map[string]os.FileMode{"old.json": 0o664, "new.json": 0o640} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Mode().Perm() != want {
			t.Errorf("%s has mode %04o; want %04o", name, st.Mode().Perm(), want)
		}
	}
	noTempFiles(t, dir)
}

// TestOutputDash: -o - writes to stdout.
func TestOutputDash(t *testing.T) {
	out, stderr, code := runStance(t, "", "train", "-o", "-")
	if code != 0 || !strings.HasPrefix(out, `{"version":1,`) || !strings.Contains(stderr, "model written to stdout") {
		t.Errorf("train -o -: exit %d, stdout %.40q, stderr %q; want the model on stdout", code, out, stderr)
	}
	out, stderr, code = runStance(t, twoRecords, "eval", "--data", "-", "--resamples", "10", "--format", "json", "-o", "-")
	if code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("eval -o -: exit %d, stdout %.40q, stderr %q; want the report on stdout", code, out, stderr)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`a file named "-" was written`)
		os.Remove("-")
	}
}

// TestSplitProtectsFiles: split --excluded never writes over an input
// article, writes atomically, and two articles that would share an id are
// an error naming both.
func TestSplitProtectsFiles(t *testing.T) {
	dir := t.TempDir()
	art := filepath.Join(dir, "a.txt")
	text := "Moscow rejected the offer. Kerry left.\n"
	os.WriteFile(art, []byte(text), 0o644)
	for _, ex := range []string{art, filepath.Join(dir, ".", "a.txt")} {
		out, stderr, code := runStance(t, "", "split", art, "--excluded", ex)
		if code != 1 || out != "" || !strings.Contains(stderr, "refusing to write the left-out lines over the input article") {
			t.Errorf("split %s --excluded %s: exit %d, stdout %q, stderr %q; want a refusal", art, ex, code, out, stderr)
		}
	}
	if b, _ := os.ReadFile(art); string(b) != text {
		t.Errorf("the article was changed: %q", b)
	}
	// --excluded is written atomically: a directory that cannot take it
	// fails the run before anything is written.
	out, stderr, code := runStance(t, "", "split", art, "--excluded", filepath.Join(dir, "no", "ex.jsonl"))
	if code != 1 || out != "" || !strings.Contains(stderr, "does not exist") {
		t.Errorf("split --excluded into a missing directory: exit %d, stdout %q, %q", code, out, stderr)
	}
	ex := filepath.Join(dir, "ex.jsonl")
	os.WriteFile(ex, []byte("previous\n"), 0o600)
	if _, stderr, code := runStance(t, "", "split", art, "--excluded", ex); code != 0 {
		t.Fatalf("split --excluded: %d %s", code, stderr)
	}
	if st, _ := os.Stat(ex); st.Mode().Perm() != 0o600 {
		t.Errorf("--excluded file has mode %04o; want its old 0600", st.Mode().Perm())
	}
	noTempFiles(t, dir)

	os.MkdirAll(filepath.Join(dir, "d1"), 0o755)
	os.MkdirAll(filepath.Join(dir, "d2"), 0o755)
	x1, x2 := filepath.Join(dir, "d1", "x.txt"), filepath.Join(dir, "d2", "x.md")
	os.WriteFile(x1, []byte(text), 0o644)
	os.WriteFile(x2, []byte(text), 0o644)
	blank := filepath.Join(dir, " .txt")
	os.WriteFile(blank, []byte(text), 0o644)
	for _, tt := range []struct {
		files []string
		want  string
	}{
		{[]string{x1, x2}, x1 + " and " + x2 + ` would both have the article id "x"; rename one`},
		{[]string{art, art}, art + " is given twice"},
		{[]string{"-", "-"}, "- is given twice"},
		{[]string{blank}, "the file name gives no article id"},
	} {
		out, stderr, code := runStance(t, text, append([]string{"split"}, tt.files...)...)
		if code != 1 || out != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("split %q: exit %d, stdout %q, stderr %q; want exit 1 and %q", tt.files, code, out, stderr, tt.want)
		}
	}
}

// TestTextEncodings: a UTF-8 byte-order mark at the start of stdin (or an
// article) is dropped; UTF-16 is reported, not classified as garbage.
func TestTextEncodings(t *testing.T) {
	out, stderr, code := runStance(t, "\uFEFFMoscow rejected the offer.\n", "classify", "--lines", "--format", "jsonl")
	if code != 0 || !strings.Contains(out, `"text":"Moscow rejected the offer."`) {
		t.Errorf("classify with a BOM: exit %d, %q, %q; want the BOM dropped", code, out, stderr)
	}
	out, stderr, code = runStance(t, "\uFEFFMoscow rejected the offer.\n", "split", "-")
	if code != 0 || !strings.Contains(out, `"article":"stdin","index":0,"text":"Moscow rejected the offer."`) {
		t.Errorf("split - with a BOM: exit %d, %q, %q; want the BOM dropped", code, out, stderr)
	}
	for _, bom := range []string{"\xff\xfe", "\xfe\xff"} {
		utf16 := bom + "M\x00o\x00s\x00c\x00o\x00w\x00\n\x00"
		for _, args := range [][]string{{"classify"}, {"split", "-"}} {
			out, stderr, code := runStance(t, utf16, args...)
			if code != 1 || out != "" || !strings.Contains(stderr, "the input is UTF-16") || !strings.Contains(stderr, "iconv") {
				t.Errorf("stance %q on UTF-16: exit %d, stdout %q, stderr %q; want exit 1 and a message naming UTF-16", args, code, out, stderr)
			}
		}
	}
}

// TestBoundedInputs: devices are refused as inputs, a label file without
// line ends stops at the line cap, a phrase file stops after 20 problems,
// and --resamples has a maximum.
func TestBoundedInputs(t *testing.T) {
	dir := t.TempDir()
	actors := filepath.Join(dir, "actors.txt")
	os.WriteFile(actors, bytes.Repeat([]byte("washington dc\n"), 100000), 0o644)
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"model on /dev/zero", "", []string{"classify", "--model", "/dev/zero"}, 1, "load model: /dev/zero: is a character device, not a file"},
		{"model on /dev/urandom", "", []string{"classify", "--model", "/dev/urandom"}, 1, "is a character device"},
		{"labels on /dev/zero", "", []string{"train", "--data", "/dev/zero", "-o", filepath.Join(dir, "m.json")}, 1, "/dev/zero: is a character device, not a file"},
		{"labels without line end on stdin", strings.Repeat("\x00", 3<<20), []string{"eval", "--data", "-"}, 1, "stdin:1: line longer than 1 MiB"},
		{"actors on /dev/urandom", "", []string{"eval", "--actors", "/dev/urandom"}, 1, "/dev/urandom: is a character device"},
		{"100,000 bad actor lines", "", []string{"eval", "--actors", actors}, 1, "more problems; stopped reading after 20"},
		{"resamples 1e12", "", []string{"eval", "--resamples", "1000000000000"}, 2, "--resamples 1000000000000: want 1 to 100000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runStance(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("stance %q: exit %d, stderr %.300q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.want)
			}
			if len(stderr) > 16<<10 {
				t.Errorf("stance %q: %d bytes on stderr; want a few kB at most", tt.args, len(stderr))
			}
		})
	}
}

// TestValidateFlags: flags that name files may be given once and not
// empty; --data - reads stdin; model weights must be finite and in range.
func TestValidateFlags(t *testing.T) {
	dir := t.TempDir()
	m := filepath.Join(dir, "m.json")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"data twice", []string{"train", "--data", "a.jsonl", "--data", "b.jsonl", "-o", m}, `invalid value "b.jsonl" for flag -data: given twice ("a.jsonl", then "b.jsonl")`},
		{"-o twice", []string{"eval", "-o", "a.md", "-o", "b.md"}, "given twice"},
		{"model twice", []string{"classify", "--model", "a", "--model", "b"}, "given twice"},
		{"empty model", []string{"classify", "--model", ""}, "--model '': empty file name"},
		{"empty data", []string{"eval", "--data", ""}, "--data '': empty file name"},
		{"empty excluded", []string{"split", "--excluded", "", "x.txt"}, "--excluded '': empty file name"},
		{"excluded to stdout", []string{"split", "--excluded", "-", "x.txt"}, "stdout already holds the sentences"},
		{"cue weight NaN", []string{"eval", "--cue-weight", "NaN"}, "--cue-weight NaN: want a number from 0 to 1e+06"},
		{"lexicon weight Inf", []string{"train", "-o", m, "--lexicon-weight", "Inf"}, "--lexicon-weight +Inf: want a number from 0 to 1e+06"},
		{"cue weight 1e308", []string{"train", "-o", m, "--cue-weight", "1e308"}, "--cue-weight 1e+308: want a number from 0 to 1e+06"},
		{"negative cue weight", []string{"eval", "--cue-weight", "-1"}, "--cue-weight -1: want a number from 0 to 1e+06"},
		{"alpha 1e7", []string{"eval", "--alpha", "1e7"}, "--alpha 1e+07: want a number above 0 and at most 1e+06"},
		{"alpha NaN", []string{"eval", "--alpha", "NaN"}, "--alpha NaN: want a number above 0 and at most 1e+06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runStance(t, "", tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "Usage:") {
				t.Errorf("stance %q: exit %d, stderr %q; want exit 2, %q and the usage", tt.args, code, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(m); err == nil {
		t.Error("a model was written despite a usage error")
	}
	// The largest weights allowed train a model classify accepts.
	if _, stderr, code := runStance(t, "", "train", "-o", m, "--alpha", "1e6", "--cue-weight", "1e6", "--lexicon-weight", "1e6"); code != 0 {
		t.Fatalf("train at the largest weights: %d %s", code, stderr)
	}
	if out, stderr, code := runStance(t, "Moscow rejected the offer.\n", "classify", "--model", m, "--format", "tsv"); code != 0 || strings.Contains(out, "NaN") {
		t.Errorf("classify with the largest weights: exit %d, %q, %q", code, out, stderr)
	}
	// --data - reads the labels from stdin.
	_, stderr, code := runStance(t, twoRecords, "train", "--data", "-", "-o", m)
	if code != 0 || !strings.Contains(stderr, "trained on 2 sentences from 2 articles (stdin)") {
		t.Errorf("train --data -: exit %d, %q", code, stderr)
	}
	_, stderr, code = runStance(t, `{"article":"a"}`+"\n", "train", "--data", "-", "-o", m)
	if code != 1 || !strings.Contains(stderr, `stdin:1: missing field "index"`) {
		t.Errorf("train --data - with a bad record: exit %d, %q; want stdin:1: …", code, stderr)
	}
}

// TestTableOutput: the table format shows control characters as escapes
// rather than sending them to the terminal, and empty input gives empty
// output (no lone header).
func TestTableOutput(t *testing.T) {
	out, _, code := runStance(t, "Moscow \x1b[2J\x1b]0;owned\x07rejected\u009b the \u202eoffer.\n", "classify", "--explain")
	if code != 0 {
		t.Fatal(code)
	}
	for _, c := range []string{"\x1b", "\x07", "\u009b", "\u202e"} {
		if strings.Contains(out, c) {
			t.Errorf("table output holds the control character %q:\n%s", c, out)
		}
	}
	if !strings.Contains(out, `Moscow \x1b[2J\x1b]0;owned\x07rejected\u009b the \u202eoffer.`) {
		t.Errorf("table output does not show the control characters as escapes:\n%s", out)
	}
	for _, in := range []string{"", "\n\n  \n"} {
		for _, format := range []string{"table", "tsv", "jsonl"} {
			out, stderr, code := runStance(t, in, "classify", "--format", format)
			if code != 0 || out != "" || stderr != "" {
				t.Errorf("classify --format %s on %q: exit %d, stdout %q, stderr %q; want nothing", format, in, code, out, stderr)
			}
		}
	}
}

// waitExit waits for cmd, at most d, and returns its exit status and how
// long it took.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), time.Since(start)
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, time.Since(start)
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Fatalf("stance %q did not stop within %v of the signal", cmd.Args[1:], d)
		return -1, d
	}
}

// TestStopsWhenAsked: classify while a long line is still arriving, a
// model read from a FIFO (no writer, or one that stalls), and eval all
// stop promptly on SIGINT or SIGTERM with exit 130, and leave no output
// file.
func TestStopsWhenAsked(t *testing.T) {
	const prompt = 3 * time.Second // interruptGrace is 0.5 s; the machine may be slow
	t.Run("classify, long line arriving", func(t *testing.T) {
		for _, lines := range []bool{false, true} {
			args := []string{"classify"}
			if lines {
				args = append(args, "--lines")
			}
			cmd := stanceCommand(t, args...)
			stdin, _ := cmd.StdinPipe()
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			chunk := bytes.Repeat([]byte("Moscow rejected the offer, "), 4000)
			for n := 0; n < 2*tag.LongLine; n += len(chunk) {
				if _, err := stdin.Write(chunk); err != nil {
					t.Fatal(err)
				}
			}
			time.Sleep(200 * time.Millisecond)
			cmd.Process.Signal(syscall.SIGINT)
			code, took := waitExit(t, cmd, prompt)
			stdin.Close()
			if code != 130 || !strings.Contains(errb.String(), "stance: interrupted") {
				t.Errorf("classify %q interrupted inside a long line: exit %d after %v, stderr %q; want 130", args, code, took, errb.String())
			}
		}
	})
	t.Run("model from a FIFO", func(t *testing.T) {
		dir := t.TempDir()
		fifo := filepath.Join(dir, "model.fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		// No writer: opening the FIFO blocks in the kernel.
		cmd := stanceCommand(t, "classify", "--model", fifo)
		cmd.Stdin = strings.NewReader("Moscow rejected the offer.\n")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGTERM)
		if code, took := waitExit(t, cmd, prompt); code != 130 {
			t.Errorf("classify --model FIFO without a writer, SIGTERM: exit %d after %v; want 130", code, took)
		}
		// A writer that sends the start of a model and stalls.
		cmd = stanceCommand(t, "classify", "--model", fifo)
		cmd.Stdin = strings.NewReader("Moscow rejected the offer.\n")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		w.Write([]byte(`{"version":1,`))
		time.Sleep(200 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGTERM)
		if code, took := waitExit(t, cmd, prompt); code != 130 {
			t.Errorf("classify --model FIFO with a stalled writer, SIGTERM: exit %d after %v; want 130", code, took)
		}
	})
	t.Run("eval", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "report.md")
		cmd := stanceCommand(t, "eval", "--search", "--format", "markdown", "-o", out)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGINT)
		code, took := waitExit(t, cmd, prompt)
		if code != 130 || errb.String() != "stance: interrupted\n" {
			t.Errorf("eval --search, SIGINT: exit %d after %v, stderr %q; want 130 and \"stance: interrupted\"", code, took, errb.String())
		}
		if _, err := os.Stat(out); err == nil {
			t.Error("an interrupted eval wrote its report")
		}
		noTempFiles(t, dir)
	})
}

// TestExitStatus: 0 ok, 1 a failure (a panic included: it is a bug, not
// a usage error, whatever the Go runtime would say), 2 a usage error, 130
// interrupted.
func TestExitStatus(t *testing.T) {
	tests := []struct {
		name string
		f    func() error
		code int
		want string
	}{
		{"ok", func() error { return nil }, 0, ""},
		{"failure", func() error { return errors.New("disk on fire") }, 1, "stance: disk on fire\n"},
		{"panic", func() error { panic("index out of range") }, 1, "stance: internal error (a bug; please report it): index out of range\n"},
		{"usage", func() error { return &usageError{errors.New("bad flag"), "Usage: x\n"} }, 2, "stance: bad flag\nUsage: x\n"},
		{"interrupted", func() error { return fmt.Errorf("save model: %w", context.Canceled) }, 130, "stance: interrupted\n"},
		{"closed stdout", func() error { return fmt.Errorf("write: %w", syscall.EPIPE) }, 0, ""},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		code := runSafely(&stderr, tt.f)
		if code != tt.code || !strings.HasPrefix(stderr.String(), tt.want) || tt.want == "" && stderr.Len() > 0 {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tt.name, code, stderr.String(), tt.code, tt.want)
		}
	}
	// A runtime failure of the command itself (an unusable model) is 1.
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{"), 0o644)
	if _, stderr, code := runStance(t, "x\n", "classify", "--model", bad); code != 1 {
		t.Errorf("classify with a truncated model: exit %d, %q; want 1", code, stderr)
	}
}
