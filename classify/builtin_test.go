package classify

import (
	"bytes"
	"os"
	"slices"
	"testing"
)

// TestBuiltinIsFresh: the stored built-in model is exactly what training on
// the built-in corpus with the default options gives today.
func TestBuiltinIsFresh(t *testing.T) {
	recs, m := fitBuiltin(t)
	var b bytes.Buffer
	if err := m.saveGob(&b); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("builtin_model.gob", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b.Bytes(), builtinModel) {
		t.Fatalf("classify/builtin_model.gob is stale: the corpus, the lexicons or the defaults changed; run go test ./classify -update")
	}
	// And it is the same model: the same JSON file, the same scores.
	bm, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var want, got bytes.Buffer
	m.Save(&want)
	bm.Save(&got)
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Error("the built-in model saves to different JSON than a fresh training")
	}
	s1, s2 := m.NewScorer(), bm.NewScorer()
	for _, r := range recs {
		p1, p2 := s1.Score(r.Text), s2.Score(r.Text)
		for i := range p1 {
			if !slices.Equal(p1[i].Probs, p2[i].Probs) {
				t.Fatalf("built-in and fresh models score %q differently", r.Text)
			}
		}
	}
}
