package classify

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// smallOptions are handOptions plus two cue phrases, so that a small model
// also has pseudo-counts to save: <cue:obstacle> gets 2 in obstacle and
// <cue:opening> 2 in opening.
func smallOptions() Options {
	o := handOptions(1)
	o.Features.Cues = []features.Phrase{{Tag: "obstacle", Text: "fail"}, {Tag: "opening", Text: "deal"}}
	o.CueWeight = 2
	return o
}

// smallModel returns the worked-example model with cue pseudo-counts and
// its saved bytes.
func smallModel(t testing.TB) (*Model, []byte) {
	t.Helper()
	m := mustTrain(t, handRecords(), smallOptions())
	return m, save(t, m)
}

func save(t testing.TB, m *Model) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatalf("Save: %v", err)
	}
	return b.Bytes()
}

func load(t testing.TB, b []byte) *Model {
	t.Helper()
	m, err := Load(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return m
}

// TestSaveGolden pins the file format: the small model saves to
// testdata/small_model.json byte for byte (refresh with -update), and the
// golden file loads and saves to the same bytes.
func TestSaveGolden(t *testing.T) {
	_, got := smallModel(t)
	path := filepath.Join("testdata", "small_model.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Save differs from %s (go test -update refreshes it):\n%s", path, byteDiff(got, want))
	}
	if again := save(t, load(t, want)); !bytes.Equal(again, want) {
		t.Errorf("Load(%s) then Save differs:\n%s", path, byteDiff(again, want))
	}
	if !strings.Contains(string(want), `"pseudo_counts":{"obstacle":{"<cue:obstacle>":2},"opening":{"<cue:opening>":2}}`) {
		t.Errorf("%s lacks the cue pseudo-counts", path)
	}
}

// byteDiff shows where two byte strings first differ, with context.
func byteDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-60)
	snip := func(b []byte) string { return string(b[from:min(len(b), i+60)]) }
	return fmt.Sprintf("first difference at byte %d of %d (want %d bytes)\n got: …%s…\nwant: …%s…", i, len(got), len(want), snip(got), snip(want))
}

// TestRoundTripCorpus trains on the shipped corpus with the default
// options (cue and lexicon pseudo-counts included), saves and loads: the
// loaded model must score every corpus sentence exactly as the trained one
// and save to the same bytes.
func TestRoundTripCorpus(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []Variant{Multinomial, Complement} {
		t.Run(string(v), func(t *testing.T) {
			o := DefaultOptions()
			o.Variant = v
			m := mustTrain(t, recs, o)
			b := save(t, m)
			m2 := load(t, b)
			if again := save(t, m2); !bytes.Equal(again, b) {
				t.Errorf("Save after Load differs:\n%s", byteDiff(again, b))
			}
			s, s2 := m.NewScorer(), m2.NewScorer()
			for _, r := range recs {
				want := ClonePredictions(s.Score(r.Text))
				got := s2.Score(r.Text)
				for i := range want {
					if !slices.Equal(got[i].Probs, want[i].Probs) || got[i].Best != want[i].Best {
						t.Errorf("loaded Score(%q) %s = %v; want %v", r.Text, got[i].Target, got[i].Probs, want[i].Probs)
					}
				}
			}
		})
	}
}

// TestTrainDeterministic: training again on the same data must give the
// same bytes.
func TestTrainDeterministic(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	noLexicon := DefaultOptions()
	noLexicon.LexiconWeight = 0
	tests := []struct {
		name string
		recs []labels.Record
		o    Options
	}{
		{"small", handRecords(), smallOptions()},
		{"corpus unigrams", recs, handOptions(1)},
		{"corpus default without lexicon", recs, noLexicon},
		// Pseudo-counts from VADER average the valences of words sharing a
		// stem; summed in map order they differed in the last bits.
		{"corpus default", recs, DefaultOptions()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := save(t, mustTrain(t, tt.recs, tt.o))
			if again := save(t, mustTrain(t, tt.recs, tt.o)); !bytes.Equal(again, first) {
				t.Fatalf("a second training saves different bytes:\n%s", byteDiff(again, first))
			}
		})
	}
}

// edit returns the small model's file with change applied to its JSON.
func edit(t *testing.T, good []byte, change func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(good, &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// target returns the JSON object of the i-th target (0 stance, 1 sentiment).
func target(m map[string]any, i int) map[string]any {
	return m["targets"].([]any)[i].(map[string]any)
}

func TestLoadErrors(t *testing.T) {
	_, good := smallModel(t)
	if _, err := Load(bytes.NewReader(good)); err != nil {
		t.Fatalf("Load(good) = %v", err)
	}
	// The small model's vocabulary: <cue:obstacle> <cue:opening> again
	// agreed deal fail held resume stall talks.
	const v = 10
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{name: "empty", in: nil, want: "the file is empty"},
		{name: "blank", in: []byte(" \n\t\n"), want: "the file is empty"},
		{name: "truncated", in: good[:len(good)/2], want: "the file ends early"},
		{name: "cut after one byte", in: good[:1], want: "the file ends early"},
		{name: "not JSON", in: []byte("stance model v1\n"), want: "the file is not a JSON object"},
		{name: "bad byte inside", in: append(slices.Clone(good[:20]), '\x00'), want: "invalid JSON at byte 21"},
		{name: "an array", in: []byte("[1, 2, 3]"), want: "the file is not a JSON object"},
		{name: "a number", in: []byte("42"), want: "the file is not a JSON object"},
		{name: "another shape", in: []byte(`{"version": "1", "kind": "stance naive Bayes model"}`), want: `field "version" holds a JSON string`},
		{name: "targets an object", in: edit(t, good, func(m map[string]any) { m["targets"] = map[string]any{} }), want: `field "targets" holds a JSON object`},
		{name: "null", in: []byte("null"), want: "the file is not a JSON object"},
		{name: "empty object", in: []byte("{}"), want: `not a stance model (kind "")`},
		{name: "version only", in: []byte(`{"version":1}`), want: `not a stance model (kind "")`},
		{name: "wrong kind", in: edit(t, good, func(m map[string]any) { m["kind"] = "golearn model" }), want: `not a stance model (kind "golearn model")`},
		{name: "another version", in: bytes.Replace(good, []byte(`{"version":1,`), []byte(`{"version":2,`), 1), want: "format version 2; this stance reads version 1"},
		{name: "version 0", in: edit(t, good, func(m map[string]any) { delete(m, "version") }), want: "format version 0"},
		{name: "alpha 0", in: edit(t, good, func(m map[string]any) { m["options"].(map[string]any)["alpha"] = 0 }), want: "alpha 0: want a number above 0"},
		{name: "unknown variant", in: edit(t, good, func(m map[string]any) { m["options"].(map[string]any)["variant"] = "bernoulli" }), want: `unknown variant "bernoulli"`},
		{name: "bad cue", in: edit(t, good, func(m map[string]any) {
			m["options"].(map[string]any)["features"].(map[string]any)["cues"] = []any{map[string]any{"tag": "maybe", "text": "x"}}
		}), want: "bad cue"},
		{name: "unsorted vocabulary", in: edit(t, good, func(m map[string]any) {
			voc := m["vocabulary"].([]any)
			voc[2], voc[3] = voc[3], voc[2]
		}), want: "vocabulary is not sorted and unique"},
		{name: "repeated feature", in: edit(t, good, func(m map[string]any) {
			voc := m["vocabulary"].([]any)
			voc[3] = voc[2]
		}), want: "vocabulary is not sorted and unique"},
		{name: "no sentiment", in: edit(t, good, func(m map[string]any) { m["targets"] = m["targets"].([]any)[:1] }), want: "no sentiment classifier in the file"},
		{name: "no targets", in: edit(t, good, func(m map[string]any) { m["targets"] = nil }), want: "no stance classifier in the file"},
		{name: "labels swapped", in: edit(t, good, func(m map[string]any) {
			target(m, 0)["labels"] = []any{"opening", "obstacle", "neutral"}
		}), want: "stance labels [opening obstacle neutral]; want [obstacle opening neutral]"},
		{name: "label renamed", in: edit(t, good, func(m map[string]any) {
			target(m, 1)["labels"] = []any{"negative", "neutral", "happy"}
		}), want: "sentiment labels [negative neutral happy]; want [negative neutral positive]"},
		{name: "offsets for two labels", in: edit(t, good, func(m map[string]any) { target(m, 0)["offsets"] = []any{0, 0.1} }),
			want: "stance: 2 offsets for 3 labels"},
		{name: "offset too large", in: edit(t, good, func(m map[string]any) { target(m, 1)["offsets"] = []any{0, 0.1, 11} }),
			want: "sentiment: offset 11; want -10 to 10"},
		{name: "offset not a number", in: edit(t, good, func(m map[string]any) { target(m, 1)["offsets"] = []any{0, "x", 0} }),
			want: `field "targets.offsets" holds a JSON string`},
		{name: "missing count row", in: edit(t, good, func(m map[string]any) {
			tg := target(m, 0)
			tg["counts"] = tg["counts"].([]any)[:2]
		}), want: "stance has 3 sentence counts and 2 count rows for 3 labels"},
		{name: "missing sentence count", in: edit(t, good, func(m map[string]any) {
			tg := target(m, 1)
			tg["sentences"] = tg["sentences"].([]any)[:2]
		}), want: "sentiment has 2 sentence counts and 3 count rows for 3 labels"},
		{name: "short count row", in: edit(t, good, func(m map[string]any) {
			rows := target(m, 0)["counts"].([]any)
			rows[1] = rows[1].([]any)[:v-1]
		}), want: fmt.Sprintf(`stance counts for "opening" have %d entries for %d features`, v-1, v)},
		{name: "long count row", in: edit(t, good, func(m map[string]any) {
			rows := target(m, 1)["counts"].([]any)
			rows[2] = append(rows[2].([]any), 0)
		}), want: fmt.Sprintf(`sentiment counts for "positive" have %d entries for %d features`, v+1, v)},
		{name: "negative count", in: edit(t, good, func(m map[string]any) {
			target(m, 0)["counts"].([]any)[2].([]any)[4] = -1
		}), want: "stance has a negative count"},
		{name: "negative sentences", in: edit(t, good, func(m map[string]any) {
			target(m, 1)["sentences"].([]any)[0] = -2
		}), want: "sentiment has a negative count"},
		{name: "fractional count", in: edit(t, good, func(m map[string]any) {
			target(m, 0)["counts"].([]any)[0].([]any)[0] = 0.5
		}), want: `field "targets.counts" holds a JSON number 0.5`},
		{name: "pseudo-counts for unknown label", in: edit(t, good, func(m map[string]any) {
			target(m, 0)["pseudo_counts"].(map[string]any)["opposed"] = map[string]any{"fail": 1}
		}), want: `stance pseudo-counts for unknown label "opposed"`},
		{name: "pseudo-count for unknown feature", in: edit(t, good, func(m map[string]any) {
			target(m, 1)["pseudo_counts"] = map[string]any{"positive": map[string]any{"zebra": 1}}
		}), want: `sentiment pseudo-count 1 for feature "zebra"`},
		{name: "negative pseudo-count", in: edit(t, good, func(m map[string]any) {
			target(m, 0)["pseudo_counts"].(map[string]any)["obstacle"].(map[string]any)["fail"] = -0.5
		}), want: `stance pseudo-count -0.5 for feature "fail"`},
		{name: "unknown field", in: edit(t, good, func(m map[string]any) { m["weights"] = []any{1} }), want: `unknown field "weights"`},
		{name: "unknown target field", in: edit(t, good, func(m map[string]any) { target(m, 0)["bias"] = []any{0, 0, 0} }), want: `unknown field "bias"`},
		{name: "data after the model", in: append(slices.Clone(good), "garbage"...), want: "data after the model"},
		{name: "second model", in: append(slices.Clone(good), good...), want: "data after the model"},
		{name: "stray brace after the model", in: append(slices.Clone(good), "}"...), want: "data after the model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Load(bytes.NewReader(tt.in))
			if err == nil {
				t.Fatalf("Load(%.80q) = %v, nil; want an error containing %q", tt.in, m, tt.want)
			}
			if !errors.Is(err, ErrFormat) {
				t.Errorf("Load(%.80q) error %q does not wrap ErrFormat", tt.in, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load(%.80q) error = %q; want it to contain %q", tt.in, err, tt.want)
			}
			if m != nil {
				t.Errorf("Load(%.80q) returned a model with its error", tt.in)
			}
		})
	}
}

// TestLoadReadError: an I/O failure is not a format problem, so callers
// can tell the two apart (ErrFormat's doc says so).
func TestLoadReadError(t *testing.T) {
	_, good := smallModel(t)
	boom := errors.New("disk on fire")
	for _, tt := range []struct {
		name string
		r    func() *bytes.Reader
	}{
		{"at once", func() *bytes.Reader { return bytes.NewReader(nil) }},
		{"halfway", func() *bytes.Reader { return bytes.NewReader(good[:len(good)/2]) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(&errAfter{r: tt.r(), err: boom})
			if !errors.Is(err, boom) || errors.Is(err, ErrFormat) {
				t.Errorf("Load(failing reader) = %v; want an error wrapping %q and not ErrFormat", err, boom)
			}
		})
	}
}

// errAfter reads r, then fails with err instead of io.EOF.
type errAfter struct {
	r   *bytes.Reader
	err error
}

func (e *errAfter) Read(p []byte) (int, error) {
	if e.r.Len() == 0 {
		return 0, e.err
	}
	return e.r.Read(p)
}

// TestLoadHugePseudoCounts: pseudo-counts that are each a valid float but
// overflow when summed make every probability NaN; Load should refuse the
// file as unusable rather than return such a model.
func TestLoadHugePseudoCounts(t *testing.T) {
	_, good := smallModel(t)
	in := edit(t, good, func(m map[string]any) {
		m["options"].(map[string]any)["variant"] = "complement"
		target(m, 0)["pseudo_counts"].(map[string]any)["obstacle"] = map[string]any{"fail": 1e308, "stall": 1e308}
	})
	m, err := Load(bytes.NewReader(in))
	if err != nil {
		if !errors.Is(err, ErrFormat) {
			t.Errorf("Load error %v does not wrap ErrFormat", err)
		}
		return
	}
	for _, p := range m.NewScorer().Score("talks fail") {
		for c, q := range p.Probs {
			if math.IsNaN(q) {
				t.Errorf("loaded model: Score(%q) %s P(%s) = NaN; want Load to refuse the file", "talks fail", p.Target, p.Labels[c])
			}
		}
	}
}

// failWriter fails every write.
type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestSaveWriteError(t *testing.T) {
	boom := errors.New("disk full")
	small, _ := smallModel(t)
	for _, tt := range []struct {
		name string
		m    *Model
	}{
		{"small model (fails at Flush)", small},
		{"corpus model (fails while encoding)", corpusModel(t)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.m.Save(failWriter{boom}); !errors.Is(err, boom) {
				t.Errorf("Save(failing writer) = %v; want %v", err, boom)
			}
		})
	}
}

// TestSaveLoadFile is the round trip through a real file, as cmd/stance
// does it.
func TestSaveLoadFile(t *testing.T) {
	m, b := smallModel(t)
	path := filepath.Join(t.TempDir(), "model.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Save(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	f, err = os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m2, err := Load(f)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	if got := save(t, m2); !bytes.Equal(got, b) {
		t.Errorf("file round trip changed the model:\n%s", byteDiff(got, b))
	}
	if m2.String() != m.String() {
		t.Errorf("String() = %q; want %q", m2.String(), m.String())
	}
}
