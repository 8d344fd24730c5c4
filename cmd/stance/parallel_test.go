package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// writeArchive writes a generated archive of n articles as JSON Lines
// (id, date, outlet, text) to path: each article three to nine corpus
// sentences in paragraphs of up to three, some with a byline, dated
// across 2014–2016. It returns the same texts, one article a line, for a
// stream of lines.
func writeArchive(t *testing.T, path string, n int) string {
	t.Helper()
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	outlets := []string{"Reuters", "TASS", "Rudaw", "The Irish Times", "Meduza"}
	var b, lines bytes.Buffer
	for i := range n {
		var text strings.Builder
		if i%4 == 0 {
			text.WriteString("By Staff Reporter\n")
		}
		k := 3 + rng.IntN(7)
		var flat []string
		for s := range k {
			sent := recs[rng.IntN(len(recs))].Text
			flat = append(flat, sent)
			text.WriteString(sent)
			if s%3 == 2 {
				text.WriteString("\n\n")
			} else {
				text.WriteString(" ")
			}
		}
		rec, _ := json.Marshal(map[string]string{
			"id": fmt.Sprintf("a%04d", i), "date": fmt.Sprintf("%d-%02d-%02d", 2014+i%3, 1+i%12, 1+i%28),
			"outlet": outlets[i%len(outlets)], "text": strings.TrimSpace(text.String()),
		})
		b.Write(rec)
		b.WriteByte('\n')
		lines.WriteString(strings.Join(flat, " ") + "\n")
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return lines.String()
}

// TestParallelShards runs classify under GNU parallel, as the README's
// recipe for a large archive does, and checks that the shards' outputs,
// kept in order (-k), are byte for byte those of a single run: JSON Lines
// and TSV of an archive cut into blocks of 16 kB (ids pass through), a
// stream of lines cut every 50 lines (--line-offset from the shard's
// number), and summarize on the shards' files against summarize on the
// single run's. It skips without GNU parallel, except in CI (CI set),
// where .ci/run installs it.
func TestParallelShards(t *testing.T) {
	if _, err := exec.LookPath("parallel"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but GNU parallel was not found: .ci/run should have installed Debian's parallel")
		}
		t.Skip("GNU parallel not found (apt-get install parallel); the test runs in CI")
	}
	bin, err := stanceBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	archive := filepath.Join(dir, "archive.jsonl")
	text := writeArchive(t, archive, 400)
	textPath := filepath.Join(dir, "archive.txt")
	if err := os.WriteFile(textPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(stdin, name string, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(name, args...)
		in, err := os.Open(stdin)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		var out, errb bytes.Buffer
		cmd.Stdin, cmd.Stdout, cmd.Stderr = in, &out, &errb
		cmd.Dir = dir
		// parallel keeps its state under $HOME/.parallel and its buffers
		// in $TMPDIR: both in the test's own directory.
		cmd.Env = append(os.Environ(), "HOME="+dir, "TMPDIR="+dir)
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %q: %v\n%s", name, args, err, errb.String())
		}
		return out.Bytes()
	}
	parallel := func(stdin string, opts []string, command string) []byte {
		t.Helper()
		return run(stdin, "parallel", append(append([]string{"--will-cite", "--pipe", "-k", "-j", "4"}, opts...), command)...)
	}
	for _, format := range []string{"jsonl", "tsv"} {
		single := run(archive, bin, "classify", "--format", format)
		sharded := parallel(archive, []string{"--block", "16k"}, bin+" classify --format "+format)
		if len(single) == 0 || !bytes.Equal(single, sharded) {
			t.Errorf("%s: parallel --pipe gave %d bytes, a single run %d; want the same bytes", format, len(sharded), len(single))
		}
	}
	// A stream of lines: each shard numbers its lines from its offset.
	single := run(textPath, bin, "classify", "--format", "jsonl")
	sharded := parallel(textPath, []string{"-N", "50"}, bin+" classify --format jsonl --line-offset $(( ({#}-1)*50 ))")
	if len(single) == 0 || !bytes.Equal(single, sharded) {
		t.Errorf("lines with --line-offset: parallel --pipe -N 50 gave %d bytes, a single run %d; want the same bytes", len(sharded), len(single))
	}
	// summarize reads the shards' outputs as one run's.
	parallel(archive, []string{"--block", "16k"}, bin+" classify --format jsonl > shard-{#}.jsonl")
	shards, _ := filepath.Glob(filepath.Join(dir, "shard-*.jsonl"))
	if len(shards) < 4 {
		t.Fatalf("%d shards; want the archive cut into several", len(shards))
	}
	whole := filepath.Join(dir, "whole.jsonl")
	os.WriteFile(whole, run(archive, bin, "classify", "--format", "jsonl"), 0o644)
	for _, by := range []string{"date:month", "outlet"} {
		one := run(os.DevNull, bin, "summarize", "--by", by, whole)
		merged := run(os.DevNull, bin, append([]string{"summarize", "--by", by}, shards...)...)
		if !bytes.Equal(one, merged) {
			t.Errorf("summarize --by %s of %d shards:\n%s\nof the single run:\n%s", by, len(shards), merged, one)
		}
	}
}
