package bench_test

import (
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
)

// BenchmarkSentences measures the sentence splitter of the default
// paragraph mode, Splitter.Sentences, on paragraphs of five corpus
// sentences each, as `stance classify` without --lines meets them.
func BenchmarkSentences(b *testing.B) {
	_, texts, n := corpus(b)
	var paras []string
	for i := 0; i < len(texts); i += 5 {
		paras = append(paras, strings.Join(texts[i:min(i+5, len(texts))], " "))
	}
	s, err := features.NewSplitter()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paras {
			s.Sentences(p)
		}
	}
}
