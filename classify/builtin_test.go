package classify

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// TestBuiltinIsFresh: the stored built-in model is exactly what training on
// the built-in corpus with the default options gives today.
func TestBuiltinIsFresh(t *testing.T) {
	recs, m := fitBuiltin(t)
	img, err := m.appendImage(nil)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("builtin_model.img", img, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !sameImage(t, img, builtinImage) {
		t.Fatalf("classify/builtin_model.img is stale: the corpus, the lexicons or the defaults changed; run go test ./classify -update")
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
	// A fresh Builtin, scored before anything completes it (readFull):
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

// TestBuiltinImageChecks: Builtin reads its image without the checks that
// guard against bad bytes; they pass on it, and catch a cut-short image.
// (FuzzParseVocabulary throws bad bytes at the vocabulary's checks.)
func TestBuiltinImageChecks(t *testing.T) {
	if _, err := loadImage(builtinImage, nil, true); err != nil {
		t.Fatalf("the built-in image fails its checks: %v", err)
	}
	for _, cut := range []int{0, 7, 100, len(builtinImage) / 2, len(builtinImage) - 1} {
		if _, err := loadImage(builtinImage[:cut], nil, true); !errors.Is(err, ErrFormat) {
			t.Errorf("image cut to %d bytes: err %v; want ErrFormat", cut, err)
		}
	}
}

// FuzzLoadImage: whatever the bytes, loadImage with its checks returns an
// error or a model that scores without a crash.
func FuzzLoadImage(f *testing.F) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		f.Fatal(err)
	}
	m, err := Train(recs[:40], DefaultOptions())
	if err != nil {
		f.Fatal(err)
	}
	img, err := m.appendImage(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img)
	f.Add(img[:len(img)/2])
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := loadImage(b, nil, true)
		if err != nil {
			return
		}
		got.NewScorer().Score("Moscow rejected the talks, Washington said.")
	})
}

// sameImage compares two images: the scoring part byte for byte, the
// compressed part by what it decompresses to (another Go's compressor may
// write other bytes for the same content).
func sameImage(t *testing.T, a, b []byte) bool {
	t.Helper()
	i, j := bytes.LastIndex(a, []byte(fullZMagic)), bytes.LastIndex(b, []byte(fullZMagic))
	if i < 0 || j < 0 || !bytes.Equal(a[:i], b[:j]) {
		return false
	}
	fa, err := unzipFull(a[i:])
	if err != nil {
		t.Fatal(err)
	}
	fb, err := unzipFull(b[j:])
	if err != nil {
		return false
	}
	return bytes.Equal(fa, fb)
}

// TestImageKeepsEveryOption: every field of Options, set to a value other
// than its default, comes back from an image. A field added to Options
// and not to appendOptions fails here (or, of a kind fill does not know,
// asks to be added).
func TestImageKeepsEveryOption(t *testing.T) {
	_, m := fitBuiltin(t)
	var o Options
	fill(t, reflect.ValueOf(&o).Elem(), "Options")
	if err := o.Validate(); err != nil {
		t.Fatalf("filled options do not validate: %v", err)
	}
	m.Options = o
	img, err := m.appendImage(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := loadImage(img, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Options, o) {
		t.Errorf("options from the image:\n%+v\nwant\n%+v", got.Options, o)
	}
}

// fill sets every field of v, recursively, to a valid value that is not
// its default.
func fill(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Type() {
	case reflect.TypeOf(Variant("")):
		v.Set(reflect.ValueOf(Complement))
		return
	case reflect.TypeOf(Prior("")):
		v.Set(reflect.ValueOf(Uniform))
		return
	case reflect.TypeOf([]labels.Target(nil)):
		v.Set(reflect.ValueOf([]labels.Target{labels.Sentiment})) // not the default's stance
		return
	case reflect.TypeOf([]features.Phrase(nil)):
		tags := features.ActorTags()
		if strings.HasSuffix(path, "Cues") {
			tags = features.CueTags()
		}
		v.Set(reflect.ValueOf([]features.Phrase{{Tag: tags[0], Text: "the first phrase"}, {Tag: tags[len(tags)-1], Text: "second"}}))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fill(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int:
		v.SetInt(3)
	case reflect.Float64:
		v.SetFloat(0.375 + float64(len(path))/64)
	default:
		t.Fatalf("%s: a %s, which fill does not know: add it to appendOptions and to fill", path, v.Type())
	}
}
