package classify

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad reads arbitrary bytes as a model: Load must never panic, every
// error must wrap ErrFormat, and a model it accepts must save, load again
// and save to the same bytes, and must be usable for scoring.
func FuzzLoad(f *testing.F) {
	_, good := smallModel(f)
	golden, err := os.ReadFile(filepath.Join("testdata", "small_model.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(golden)
	for _, n := range []int{1, 10, 100, len(good) / 2, len(good) - 2, len(good) - 1} {
		f.Add(good[:n])
	}
	f.Add([]byte("{}"))
	f.Add([]byte("null"))
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := Load(bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("Load error %q does not wrap ErrFormat", err)
			}
			if m != nil {
				t.Fatalf("Load returned a model with error %q", err)
			}
			return
		}
		var b1 bytes.Buffer
		if err := m.Save(&b1); err != nil {
			t.Fatalf("Save of a loaded model: %v", err)
		}
		m2, err := Load(bytes.NewReader(b1.Bytes()))
		if err != nil {
			t.Fatalf("Load of a saved model: %v\n%s", err, b1.Bytes())
		}
		var b2 bytes.Buffer
		if err := m2.Save(&b2); err != nil {
			t.Fatalf("second Save: %v", err)
		}
		if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
			t.Fatalf("Save, Load, Save changed the bytes:\n%s", byteDiff(b2.Bytes(), b1.Bytes()))
		}
		// Scoring must not panic, whatever settings and sizes the file had.
		s := m2.NewScorer()
		for _, text := range []string{"", "talks fail", "Deal agreed; talks resume. The U.S. and Russia"} {
			if got := s.Score(text); len(got) != len(m2.Targets) {
				t.Fatalf("Score(%q) gave %d predictions for %d targets", text, len(got), len(m2.Targets))
			}
		}
	})
}
