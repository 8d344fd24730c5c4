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
	img, err := m.appendImage(nil)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("builtin_model.gob", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("builtin_model.img", img, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b.Bytes(), builtinModel) || !bytes.Equal(img, builtinImage) {
		t.Fatalf("classify/builtin_model.gob or .img is stale: the corpus, the lexicons or the defaults changed; run go test ./classify -update")
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
	// A fresh Builtin, scored before anything completes it from the gob:
	// the image alone gives every sentence the same logits, probabilities
	// and evidence as the fresh model.
	im, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := m.NewScorer(), im.NewScorer()
	for _, r := range recs {
		p1, p2 := s1.Score(r.Text), s2.Score(r.Text)
		for i := range p1 {
			if !slices.Equal(p1[i].Probs, p2[i].Probs) || !slices.Equal(p1[i].Logits, p2[i].Logits) || p1[i].NoEvidence != p2[i].NoEvidence {
				t.Fatalf("built-in and fresh models score %q differently", r.Text)
			}
		}
	}
	if im.Vocab != nil {
		t.Error("scoring read the full model: the image should have been enough")
	}
	if c1, c2 := s1.Contributions(0, 0, 1, 5), s2.Contributions(0, 0, 1, 5); !slices.Equal(c1, c2) {
		t.Errorf("explanations differ: fresh %v, built-in %v", c1, c2)
	}
	if im.String() != m.String() {
		t.Errorf("String() = %q; fresh %q", im.String(), m.String())
	}
}
