package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCompletion: the scripts for bash, zsh and fish name every command
// and every flag of classify and summarize, and the shells that are
// installed find no syntax error in them (bash -n, zsh -n, fish -n).
func TestCompletion(t *testing.T) {
	dir := t.TempDir()
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			out, stderr, code := runStance(t, "", "completion", shell)
			if code != 0 || stderr != "" {
				t.Fatalf("completion %s: exit %d, %s", shell, code, stderr)
			}
			for _, c := range commands() {
				if !strings.Contains(out, c.name) {
					t.Errorf("the %s script does not name %s", shell, c.name)
				}
			}
			for _, c := range []*command{classifyCommand(), summarizeCommand()} {
				for _, f := range commandFlags(c) {
					if !strings.Contains(out, f.name) {
						t.Errorf("the %s script does not complete %s --%s", shell, c.name, f.name)
					}
				}
			}
			path, err := exec.LookPath(shell)
			if err != nil {
				t.Logf("%s is not installed: syntax not checked", shell)
				return
			}
			script := filepath.Join(dir, "stance."+shell)
			os.WriteFile(script, []byte(out), 0o644)
			if msg, err := exec.Command(path, "-n", script).CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", shell, err, msg)
			}
		})
	}
	if _, stderr, code := runStance(t, "", "completion", "tcsh"); code != 2 || !strings.Contains(stderr, `unknown shell "tcsh" (want bash, zsh or fish)`) {
		t.Errorf("completion tcsh: exit %d, %q", code, stderr)
	}
}

// TestBashCompletion loads the bash script and asks it to complete, as
// bash does on Tab: the commands, a flag, a flag's values.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script, _, _ := runStance(t, "", "completion", "bash")
	path := filepath.Join(t.TempDir(), "stance.bash")
	os.WriteFile(path, []byte(script), 0o644)
	complete := func(words ...string) string {
		t.Helper()
		line := "source " + path + "; COMP_WORDS=(" + strings.Join(quoteWords(words), " ") + "); COMP_CWORD=" + strconv.Itoa(len(words)-1) + "; _stance; echo \"${COMPREPLY[*]}\""
		out, err := exec.Command(bash, "-c", line).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := complete("stance", "sum"); got != "summarize" {
		t.Errorf("stance sum<Tab> = %q; want summarize", got)
	}
	if got := complete("stance", "classify", "--in"); got != "--input" {
		t.Errorf("stance classify --in<Tab> = %q; want --input", got)
	}
	if got := complete("stance", "classify", "--format", ""); !strings.Contains(got, "jsonl") {
		t.Errorf("stance classify --format <Tab> = %q; want the formats", got)
	}
	if got := complete("stance", "summarize", "--format", ""); got != "table csv json html" {
		t.Errorf("stance summarize --format <Tab> = %q; want table csv json html", got)
	}
	if got := complete("stance", "completion", ""); got != "bash zsh fish" {
		t.Errorf("stance completion <Tab> = %q; want bash zsh fish", got)
	}
}

func quoteWords(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = "'" + w + "'"
	}
	return out
}
