package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// readmeExample is a command of README.md's Quick tour that pipes text
// into stance classify, and the output the README shows for it.
type readmeExample struct {
	line    int    // of the command in README.md
	command string // without the "$ "
	shown   string // the lines after it, up to a blank line or the block's end
}

// readmeExamples returns the classify examples of README.md's Quick tour:
// every "$ printf '…' | stance classify …" or "$ echo "…" | stance
// classify …" line of a code block there.
func readmeExamples(t *testing.T) []readmeExample {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []readmeExample
	var cur *readmeExample
	inTour, inBlock := false, false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			inTour = line == "## Quick tour"
		case !inTour:
		case strings.HasPrefix(line, "```"):
			inBlock = !inBlock
			cur = nil
		case !inBlock:
		case strings.HasPrefix(line, "$ "):
			cur = nil
			if cmd := line[2:]; strings.Contains(cmd, "| stance classify") {
				out = append(out, readmeExample{line: n, command: cmd})
				cur = &out[len(out)-1]
			}
		case line == "":
			cur = nil
		case cur != nil:
			cur.shown += line + "\n"
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// parseExample returns the standard input and the arguments of an
// example: printf's single-quoted format (with \n escapes) or echo's
// double-quoted text, piped into stance.
func parseExample(cmd string) (stdin string, args []string, err error) {
	src, stance, ok := strings.Cut(cmd, " | ")
	if !ok || !strings.HasPrefix(stance, "stance ") || strings.ContainsAny(stance, "<>|'\"") {
		return "", nil, fmt.Errorf("not PRODUCER | stance ARGS without redirections")
	}
	args = strings.Fields(stance)[1:]
	switch {
	case strings.HasPrefix(src, "printf '") && strings.HasSuffix(src, "'"):
		text := src[len("printf '") : len(src)-1]
		if strings.ContainsAny(strings.ReplaceAll(text, `\n`, ""), `\%'`) {
			return "", nil, fmt.Errorf("printf format with escapes other than \\n")
		}
		return strings.ReplaceAll(text, `\n`, "\n"), args, nil
	case strings.HasPrefix(src, `echo "`) && strings.HasSuffix(src, `"`):
		text := src[len(`echo "`) : len(src)-1]
		if strings.ContainsAny(text, "\\\"$`") {
			return "", nil, fmt.Errorf("echo text with characters the shell would change")
		}
		return text + "\n", args, nil
	}
	return "", nil, fmt.Errorf("the text comes from neither printf '…' nor echo \"…\"")
}

// TestREADMEExamples runs the classify examples of README.md's Quick tour
// in process and compares what they print with
// testdata/readme/N.golden, which holds the command line and its output
// as the README should show them (go test ./cmd/stance -update rewrites
// them). A new example is run as soon as it is in the README.
func TestREADMEExamples(t *testing.T) {
	exs := readmeExamples(t)
	if len(exs) < 3 {
		t.Fatalf("README.md's Quick tour has %d classify examples; want 3 or more (has the section moved?)", len(exs))
	}
	for i, ex := range exs {
		t.Run(fmt.Sprint(i+1), func(t *testing.T) {
			stdin, args, err := parseExample(ex.command)
			if err != nil {
				t.Fatalf("README.md:%d: %s: %v", ex.line, ex.command, err)
			}
			out, stderr, code := runStance(t, stdin, args...)
			if code != 0 || stderr != "" {
				t.Fatalf("README.md:%d: %s: exit %d, stderr %q", ex.line, ex.command, code, stderr)
			}
			golden.Check(t, filepath.Join("testdata", "readme", fmt.Sprintf("%d.golden", i+1)), []byte("$ "+ex.command+"\n"+out), *update, "go test ./cmd/stance -update")
		})
	}
}

// TestREADMEShowsOutput checks that README.md shows what each classify
// example prints today (testdata/readme/N.golden).
func TestREADMEShowsOutput(t *testing.T) {
	for i, ex := range readmeExamples(t) {
		path := filepath.Join("testdata", "readme", fmt.Sprintf("%d.golden", i+1))
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if d := golden.Diff(path, want, "README.md", []byte("$ "+ex.command+"\n"+ex.shown)); d != nil {
			t.Errorf("README.md:%d does not show what the example prints:\n%s", ex.line, d)
		}
	}
}
