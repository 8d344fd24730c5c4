package classify

import (
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// TestScoreInParts: a long text scored in parts cut where
// features.CutPoint allows gets exactly the probabilities of the whole, for
// every part size.
func TestScoreInParts(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range recs {
		b.WriteString(r.Text)
		b.WriteString(" ")
	}
	text := b.String()
	for _, variant := range []Variant{Multinomial, Complement} {
		o := DefaultOptions()
		o.Variant = variant
		m, err := Train(recs, o)
		if err != nil {
			t.Fatal(err)
		}
		s := m.NewScorer()
		want := ClonePredictions(s.Score(text))
		for _, size := range []int{40, 200, 1000, 5000} {
			s.Begin()
			rest := []byte(text)
			parts := 0
			for len(rest) > size {
				cut := -1
				for w := size; cut <= 0 && w < len(rest); w *= 2 {
					cut = features.CutPoint(rest[:w])
				}
				if cut <= 0 {
					break
				}
				s.AddPart(string(rest[:cut]))
				rest = rest[cut:]
				parts++
			}
			s.AddPart(string(rest))
			got := s.End()
			if parts < 2 && size < 1000 {
				t.Fatalf("part size %d: only %d cuts; the test cuts nothing", size, parts)
			}
			for i := range want {
				if !slices.Equal(got[i].Probs, want[i].Probs) {
					t.Errorf("%s, parts of %d bytes: %s probabilities %v; whole text %v", variant, size, want[i].Target, got[i].Probs, want[i].Probs)
				}
			}
		}
	}
}
