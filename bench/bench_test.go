// Package bench_test holds Go benchmarks of the classify hot path, one per
// layer, so a slowdown in `stance classify` can be traced to tokenizing,
// feature extraction, scoring or formatting:
//
//	go test -run '^$' -bench . -benchmem ./bench
//
// Each iteration handles every sentence of the built-in corpus once, and
// b.SetBytes counts their text, so MB/s reads as input text per second.
// bench/run.sh measures the whole process instead; see bench/README.md.
package bench_test

import (
	"testing"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
	"github.com/stance-nlp/stance/tag"
)

// corpus returns the corpus records, their sentences and the sentences'
// total length in bytes.
func corpus(b *testing.B) ([]labels.Record, []string, int64) {
	b.Helper()
	recs, err := labels.Corpus()
	if err != nil {
		b.Fatalf("labels.Corpus() = %v", err)
	}
	var texts []string
	var n int64
	for _, r := range recs {
		texts = append(texts, r.Text)
		n += int64(len(r.Text))
	}
	return recs, texts, n
}

// model trains the default model on the corpus, as `stance classify` does
// without --model, and returns it with the corpus sentences and their size.
func model(b *testing.B) (*classify.Model, []string, int64) {
	b.Helper()
	recs, texts, n := corpus(b)
	m, err := classify.Train(recs, classify.DefaultOptions())
	if err != nil {
		b.Fatalf("classify.Train(corpus, DefaultOptions()) = %v", err)
	}
	return m, texts, n
}

// BenchmarkTokenize measures the exported tokenizer, which allocates the
// token strings it returns; Extract uses the same scanner without them.
func BenchmarkTokenize(b *testing.B) {
	_, texts, n := corpus(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			features.Tokenize(t)
		}
	}
}

// BenchmarkExtract measures feature extraction with the settings of the
// default model (bigrams, negation, stems, actors, cues).
func BenchmarkExtract(b *testing.B) {
	m, texts, n := model(b)
	x := m.NewExtractor()
	noop := func([]byte) {}
	for _, t := range texts { // warm the buffers and the stem cache
		x.Extract(t, noop)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			x.Extract(t, noop)
		}
	}
}

// BenchmarkScore measures Scorer.Score: extraction, vocabulary lookups and
// the naive Bayes sums for both targets.
func BenchmarkScore(b *testing.B) {
	m, texts, n := model(b)
	s := m.NewScorer()
	for _, t := range texts {
		s.Score(t)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			s.Score(t)
		}
	}
}

// BenchmarkClassifyLines measures what a worker of `stance classify --lines
// --format tsv` does per line: Score, then the TSV record, written by the
// command's own encoder.
func BenchmarkClassifyLines(b *testing.B) {
	m, texts, n := model(b)
	s := m.NewScorer()
	enc := tag.Encoder{Format: tag.TSV}
	var out []byte
	for i, t := range texts {
		out = enc.Append(out[:0], i+1, t, s.Score(t), nil)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for i, t := range texts {
			out = enc.Append(out[:0], i+1, t, s.Score(t), nil)
		}
	}
}
