package features

import (
	"crypto/rand"
	"io"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// repeat reads as line written n times, without holding it n times.
type repeat struct {
	line string
	n    int
	at   int // offset in the current copy
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.line[r.at:])
	if r.at += k; r.at == len(r.line) {
		r.at, r.n = 0, r.n-1
	}
	return k, nil
}

// TestReadPhrasesBounded: a file that is not a phrase file (100,000 bad
// lines, random bytes without end) gives at most labels.MaxErrors
// problems, each short, and then reading stops.
func TestReadPhrasesBounded(t *testing.T) {
	long := strings.Repeat("x", 50000)
	tests := []struct {
		name string
		r    io.Reader
	}{
		{"100,000 bad lines", strings.NewReader(strings.Repeat("washington dc\n", 100000))},
		{"100,000 long bad lines", &repeat{line: "washington " + long + "\n", n: 100000}},
		{"random bytes without end", rand.Reader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPhrases(tt.r, "actors.txt", ActorTags())
			if err == nil {
				t.Fatal("ReadPhrases = nil error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) > labels.MaxErrors+1 || !strings.Contains(lines[len(lines)-1], "stopped reading after 20") {
				t.Errorf("ReadPhrases gave %d lines of error, ending %q; want at most %d, ending in \"stopped reading\"", len(lines), lines[len(lines)-1], labels.MaxErrors+1)
			}
			if len(err.Error()) > 8<<10 {
				t.Errorf("ReadPhrases error is %d bytes; want a few kB at most", len(err.Error()))
			}
		})
	}
	// Exactly MaxErrors problems are all reported, without "stopped".
	_, err := ReadPhrases(strings.NewReader(strings.Repeat("XX\tfoo\n", labels.MaxErrors)), "cues.txt", CueTags())
	if err == nil || strings.Count(err.Error(), "\n") != labels.MaxErrors-1 || strings.Contains(err.Error(), "stopped") {
		t.Errorf("ReadPhrases with %d bad lines = %v; want them all, and no \"stopped\"", labels.MaxErrors, err)
	}
	// UTF-16 is named as such.
	_, err = ReadPhrases(strings.NewReader("\xff\xfeU\x00S\x00\t\x00x\x00\n\x00"), "actors.txt", ActorTags())
	if err == nil || !strings.Contains(err.Error(), "actors.txt:1: the file is UTF-16") {
		t.Errorf("ReadPhrases(UTF-16) = %v; want actors.txt:1: the file is UTF-16", err)
	}
}
