package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkClassifyStream runs `stance classify --format tsv` in-process
// on the file named by STANCE_BENCH_INPUT (bench/gen output), the workload
// bench/run.sh times: with --lines, and in the default paragraph mode on
// the same text five lines to a paragraph, as run.sh makes it.
// bench/pgo.sh profiles both to make default.pgo, the profile `go build`
// optimises the command with. Without the variable it is skipped: the
// input is tens of megabytes, made on demand, not kept in the repository.
func BenchmarkClassifyStream(b *testing.B) {
	path := os.Getenv("STANCE_BENCH_INPUT")
	if path == "" {
		b.Skip("STANCE_BENCH_INPUT is not set; see bench/pgo.sh")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	paras := filepath.Join(b.TempDir(), "paragraphs.txt")
	if err := os.WriteFile(paras, paragraphs(text, 5), 0o644); err != nil {
		b.Fatal(err)
	}
	text = nil
	for _, mode := range []struct {
		name, path string
		args       []string
	}{
		{"lines", path, []string{"classify", "--lines", "--format", "tsv"}},
		{"paragraphs", paras, []string{"classify", "--format", "tsv"}},
	} {
		b.Run(mode.name, func(b *testing.B) {
			fi, err := os.Stat(mode.path)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(fi.Size())
			for b.Loop() {
				// Read from the file, as the command does: the input held
				// in memory would count against classify's memory limit.
				f, err := os.Open(mode.path)
				if err != nil {
					b.Fatal(err)
				}
				err = run(context.Background(), mode.args, f, io.Discard, io.Discard)
				f.Close()
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// paragraphs joins every k lines of text with spaces, as bench/run.sh's
// awk does: the same bytes, a newline in k.
func paragraphs(text []byte, k int) []byte {
	out := bytes.Clone(text)
	n := 0
	for i, c := range out {
		if c == '\n' {
			if n++; n%k != 0 && i != len(out)-1 {
				out[i] = ' '
			}
		}
	}
	return out
}
