package main

import (
	"context"
	"io"
	"os"
	"testing"
)

// BenchmarkClassifyStream runs `stance classify --lines --format tsv`
// in-process on the file named by STANCE_BENCH_INPUT (bench/gen output),
// the workload bench/run.sh times. bench/pgo.sh profiles it to make
// default.pgo, the profile `go build` optimises the command with. Without
// the variable it is skipped: the input is tens of megabytes, made on
// demand, not kept in the repository.
func BenchmarkClassifyStream(b *testing.B) {
	path := os.Getenv("STANCE_BENCH_INPUT")
	if path == "" {
		b.Skip("STANCE_BENCH_INPUT is not set; see bench/pgo.sh")
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	for b.Loop() {
		// Read from the file, as the command does: the input held in
		// memory would count against classify's memory limit.
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		err = run(context.Background(), []string{"classify", "--lines", "--format", "tsv"}, f, io.Discard, io.Discard)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}
