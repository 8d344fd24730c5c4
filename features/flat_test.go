package features

import (
	"testing"
)

// FuzzParseVocabulary: whatever the bytes, ParseVocabulary with its checks
// returns an error or a Vocabulary whose lookups end without a crash.
func FuzzParseVocabulary(f *testing.F) {
	s := Default()
	v := s.NewVocabulary([]string{"<cue:opening>", "<pol:neg>", "moscow", "moscow reject", "reject", "NOT_agre", "talk"})
	f.Add(v.AppendBinary(nil))
	f.Add([]byte(vocabMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, _, err := ParseVocabulary(b, true)
		if err != nil {
			return
		}
		for _, w := range []string{"moscow", "reject", "moscow reject", "talk", "", "zz zz"} {
			got.ID(w)
		}
		got.MaxID()
	})
}

// TestVocabularyBinary: a Vocabulary read back from its binary form gives
// every feature the id the original does.
func TestVocabularyBinary(t *testing.T) {
	s := Default()
	feats := []string{"<cue:opening>", "<pol:neg>", "<pol:pos>", "moscow", "moscow reject", "reject", "NOT_agre", "talk", "talk moscow"}
	v := s.NewVocabulary(feats)
	b := v.AppendBinary(nil)
	w, rest, err := ParseVocabulary(b, true)
	if err != nil || len(rest) != 0 {
		t.Fatalf("ParseVocabulary: %v, %d bytes left", err, len(rest))
	}
	for _, f := range append(feats, "absent", "moscow talk") {
		i1, ok1 := v.ID(f)
		i2, ok2 := w.ID(f)
		if i1 != i2 || ok1 != ok2 {
			t.Errorf("ID(%q) = %d %v read back; %d %v before", f, i2, ok2, i1, ok1)
		}
	}
	if w.MaxID() != int32(len(feats)-1) {
		t.Errorf("MaxID() = %d; want %d", w.MaxID(), len(feats)-1)
	}
}
