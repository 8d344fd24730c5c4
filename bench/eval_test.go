package bench_test

import (
	"os"
	"testing"

	"github.com/stance-nlp/stance/eval"
	"github.com/stance-nlp/stance/labels"
)

// BenchmarkEval runs the evaluation `stance eval --data FILE --catalog
// CATALOG` makes, in-process, on the labelled corpus named by
// STANCE_BENCH_DATA and the catalog named by STANCE_BENCH_CATALOG
// (bench/gen -labelled output), so a CPU profile shows where eval's time
// goes at scale:
//
//	go run ./bench/gen -labelled -n 10000 -catalog /tmp/cat.jsonl > /tmp/l.jsonl
//	STANCE_BENCH_DATA=/tmp/l.jsonl STANCE_BENCH_CATALOG=/tmp/cat.jsonl \
//	    go test -run '^$' -bench Eval -benchtime 1x -cpuprofile /tmp/cpu.prof ./bench
//
// Without the variables it is skipped: the inputs are made on demand.
func BenchmarkEval(b *testing.B) {
	data, catalog := os.Getenv("STANCE_BENCH_DATA"), os.Getenv("STANCE_BENCH_CATALOG")
	if data == "" || catalog == "" {
		b.Skip("STANCE_BENCH_DATA and STANCE_BENCH_CATALOG are not both set")
	}
	recs := readLabelled(b, data)
	f, err := os.Open(catalog)
	if err != nil {
		b.Fatal(err)
	}
	cat, err := labels.ReadCatalog(f, catalog)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	cfg := eval.DefaultConfig()
	cfg.Catalog = cat
	for b.Loop() {
		if _, err := eval.Evaluate(recs, data, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

func readLabelled(b *testing.B, path string) []labels.Record {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	recs, err := labels.ReadAll(f, path)
	if err != nil {
		b.Fatal(err)
	}
	return recs
}

// BenchmarkNearDuplicates times the leakage guard's near-duplicate search
// and the folds it shapes (eval.Splits) on the corpus named by
// STANCE_BENCH_DATA, held out by event.
func BenchmarkNearDuplicates(b *testing.B) {
	data, catalog := os.Getenv("STANCE_BENCH_DATA"), os.Getenv("STANCE_BENCH_CATALOG")
	if data == "" || catalog == "" {
		b.Skip("STANCE_BENCH_DATA and STANCE_BENCH_CATALOG are not both set")
	}
	recs := readLabelled(b, data)
	f, err := os.Open(catalog)
	if err != nil {
		b.Fatal(err)
	}
	cat, err := labels.ReadCatalog(f, catalog)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		eval.Splits(recs, cat, eval.ByEvent, eval.Guard, eval.DefaultThreshold)
	}
}
