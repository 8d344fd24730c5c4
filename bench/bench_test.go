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
	"strconv"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
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
// --format tsv` does per line: Score, then the TSV record. The record code
// lives in package main, which cannot be imported, so appendTSV copies its
// shape (strconv into a reused buffer, no fmt).
func BenchmarkClassifyLines(b *testing.B) {
	m, texts, n := model(b)
	s := m.NewScorer()
	var out []byte
	for _, t := range texts {
		out = appendTSV(out[:0], s.Score(t), t)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			out = appendTSV(out[:0], s.Score(t), t)
		}
	}
}

// appendTSV appends one record: per target the label, its probability and
// the probability of each label, then the text with tabs as spaces.
func appendTSV(out []byte, preds []classify.Prediction, text string) []byte {
	for _, p := range preds {
		out = append(out, p.Label()...)
		out = append(out, '\t')
		out = strconv.AppendFloat(out, p.Prob(), 'f', 4, 64)
		for _, q := range p.Probs {
			out = append(out, '\t')
			out = strconv.AppendFloat(out, q, 'f', 4, 64)
		}
		out = append(out, '\t')
	}
	for {
		i := strings.IndexAny(text, "\t\n\r")
		if i < 0 {
			break
		}
		out = append(out, text[:i]...)
		out = append(out, ' ')
		text = text[i+1:]
	}
	out = append(out, text...)
	return append(out, '\n')
}
