package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		fields int // in the report; 0 for none
	}{
		{"ok", []string{"--", "true"}, 0, 4},
		{"failing command", []string{"--", "false"}, 1, 4},
		{"timeout", []string{"-timeout", "50ms", "--", "sleep", "5"}, 3, 2},
		{"maxrss", []string{"-maxrss", "1", "--", "sleep", "5"}, 4, 3},
		{"no command", nil, 2, 0},
		{"missing input", []string{"-i", "/nonexistent/in", "--", "true"}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code, _ := run(tt.args, &out, &errOut)
			if code != tt.code {
				t.Errorf("run(%q) exit %d; want %d (stderr %q)", tt.args, code, tt.code, errOut.String())
			}
			if got := len(strings.Fields(out.String())); got != tt.fields {
				t.Errorf("run(%q) printed %q: %d fields; want %d", tt.args, out.String(), got, tt.fields)
			}
		})
	}
}
