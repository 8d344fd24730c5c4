package features

import (
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

func newExtractor(t testing.TB, s Settings) *Extractor {
	t.Helper()
	x, err := s.NewExtractor()
	if err != nil {
		t.Fatalf("NewExtractor(%s): %v", s, err)
	}
	return x
}

func TestFeatures(t *testing.T) {
	// Settings with one switch on each; MinDF 1 is the least Validate
	// accepts.
	var (
		plain     = Settings{MinDF: 1}
		bigrams   = Settings{MinDF: 1, Bigrams: true}
		binary    = Settings{MinDF: 1, Binary: true}
		negation  = Settings{MinDF: 1, Negation: true}
		stemming  = Settings{MinDF: 1, Stem: true}
		stopWords = Settings{MinDF: 1, StopWords: true}
		actors    = Settings{MinDF: 1, Actors: BuiltinActors()}
		cues      = Settings{MinDF: 1, Cues: BuiltinCues()}
	)
	tests := []struct {
		name string
		s    Settings
		in   string
		want []string
	}{
		{"unigrams only", plain, "Moscow rejects it.", []string{"moscow", "rejects", "it"}},
		{"unigrams keep repeats", plain, "no, no, no", []string{"no", "no", "no"}},
		{"unigrams of nothing", plain, "", nil},
		{"punctuation only", plain, ", . — ;", nil},

		// Bigrams.
		{"bigrams", bigrams, "common enemy", []string{"common", "enemy", "common enemy"}},
		{"bigrams stop at comma", bigrams, "Moscow rejects it, Washington agrees",
			[]string{"moscow", "rejects", "moscow rejects", "it", "rejects it", "washington", "agrees", "washington agrees"}},
		{"bigrams stop at period", bigrams, "Moscow objects. Kerry agrees",
			[]string{"moscow", "objects", "moscow objects", "kerry", "agrees", "kerry agrees"}},
		{"bigrams stop at dash", bigrams, "talks—failed", []string{"talks", "failed"}},
		{"bigrams stop at spaced hyphen", bigrams, "talks - failed", []string{"talks", "failed"}},
		{"bigrams stop at ellipsis", bigrams, "talks… failed", []string{"talks", "failed"}},
		{"bigrams stop at parenthesis", bigrams, "talks (failed)", []string{"talks", "failed"}},
		{"bigrams cross a hyphen", bigrams, "US-led", []string{"u.s.", "led", "u.s. led"}},

		// Binary: Features returns each feature once.
		{"binary", binary, "no, no, no", []string{"no"}},
		{"binary keeps first-seen order", binary, "b a b c a", []string{"b", "a", "c"}},

		// Negation.
		{"negation doc example", negation, "Russia has no desire, no plan",
			[]string{"russia", "has", "no", "NOT_desire", "no", "NOT_plan"}},
		{"negation runs to punctuation", negation, "We will not work with them. They agree",
			[]string{"we", "will", "not", "NOT_work", "NOT_with", "NOT_them", "they", "agree"}},
		{"negation ends at dash", negation, "no deal — talks go on",
			[]string{"no", "NOT_deal", "talks", "go", "on"}},
		{"negating verb with to", negation, "Moscow refuses to consider working",
			[]string{"moscow", "refuses", "to", "NOT_consider", "NOT_working"}},
		{"failed to", negation, "they failed to agree", []string{"they", "failed", "to", "NOT_agree"}},
		{"unable to", negation, "unable to agree", []string{"unable", "to", "NOT_agree"}},
		{"declined to", negation, "declined to comment", []string{"declined", "to", "NOT_comment"}},
		{"negating verb without to", negation, "Moscow refuses talks", []string{"moscow", "refuses", "talks"}},
		{"to without negating verb", negation, "agreed to talk", []string{"agreed", "to", "talk"}},
		{"n't", negation, "It didn't change anything.",
			[]string{"it", "did", "n't", "NOT_change", "NOT_anything"}},
		{"never", negation, "never again", []string{"never", "NOT_again"}},
		{"without", negation, "without conditions", []string{"without", "NOT_conditions"}},
		{"cannot", negation, "cannot accept", []string{"cannot", "NOT_accept"}},
		{"nor", negation, "nor Moscow", []string{"nor", "NOT_moscow"}},
		{"negator at end", negation, "certainly not", []string{"certainly", "not"}},
		{"negator unmarked", negation, "not", []string{"not"}},
		{"capital negator", negation, "No deal", []string{"no", "NOT_deal"}},

		// Stemming.
		{"stem", stemming, "working talks", []string{"work", "talk"}},
		{"stem leaves special tokens", stemming, "The U.S. didn't stop working in 2014",
			[]string{"the", "u.s.", "did", "n't", "stop", "work", "in", "<num>"}},
		{"stem keeps negators and against", stemming, "no not against never without",
			[]string{"no", "not", "against", "never", "without"}},
		{"stem leaves o'brien", stemming, "O'Brien", []string{"o'brien"}},
		{"stem leaves i.s.", stemming, "IS", []string{"i.s."}},
		{"stem leaves actor tokens", Settings{MinDF: 1, Stem: true, Actors: BuiltinActors()},
			"Washington and Moscow", []string{"<us>", "and", "<ru>"}},

		// Stop words.
		{"stop words dropped", stopWords, "The U.S. and Russia said it was in talks",
			[]string{"u.s.", "russia", "talks"}},
		{"stop words keep negators", stopWords, "no not never nor without cannot n't",
			[]string{"no", "not", "never", "nor", "without", "cannot", "n't"}},
		{"stop words keep contrast", stopWords, "but though although despite against while",
			[]string{"but", "though", "although", "despite", "against", "while"}},
		{"stop words keep modals", stopWords, "could would should will can may might",
			[]string{"could", "would", "should", "will", "can", "may", "might"}},
		{"stop words drop pronoun us but not u.s.", stopWords, "us U.S.", []string{"u.s."}},
		{"stop words drop numbers", stopWords, "in 2014", nil},

		// Actors.
		{"actor Washington", actors, "Washington agreed", []string{"<us>", "agreed"}},
		{"actor the White House", actors, "the White House said", []string{"the", "<us>", "said"}},
		{"actor the Pentagon", actors, "the Pentagon said", []string{"the", "<us>", "said"}},
		{"actor Kerry", actors, "Kerry said", []string{"<us>", "said"}},
		{"actor John Kerry is one token", actors, "John Kerry said", []string{"<us>", "said"}},
		{"actor Lavrov", actors, "Lavrov said", []string{"<ru>", "said"}},
		{"actor Sergei Lavrov is one token", actors, "Sergei Lavrov said", []string{"<ru>", "said"}},
		{"actor the Kremlin", actors, "the Kremlin said", []string{"the", "<ru>", "said"}},
		{"actor Moscow", actors, "Moscow's view", []string{"<ru>", "view"}},
		{"actor U.S.", actors, "U.S. officials", []string{"<us>", "officials"}},
		{"actor US", actors, "US-led", []string{"<us>", "led"}},
		{"actor United States", actors, "the United States", []string{"the", "<us>"}},
		{"actor United States of America", actors, "United States of America", []string{"<us>"}},
		{"actor longest match", actors, "US government", []string{"<us>"}},
		{"actor pronoun us", actors, "Let us talk", []string{"let", "us", "talk"}},
		{"actor IS is not U.S.", actors, "IS fighters", []string{"i.s.", "fighters"}},
		{"actor never spans comma", actors, "White, House", []string{"white", "house"}},
		{"actor never spans period", actors, "United. States", []string{"united", "states"}},
		{"actor never spans dash", actors, "John—Kerry", []string{"john", "<us>"}},
		{"actor two in a row", actors, "Kerry Lavrov", []string{"<us>", "<ru>"}},
		{"actor first name alone", actors, "John said", []string{"john", "said"}},

		// Cues.
		{"cue out of the question", cues, "It is out of the question",
			[]string{"<cue:obstacle>", "it", "is", "out", "of", "the", "question"}},
		{"cue common enemy", cues, "a common enemy", []string{"<cue:opening>", "a", "common", "enemy"}},
		{"cue didn't change anything", cues, "It didn't change anything.",
			[]string{"<cue:obstacle>", "it", "did", "n't", "change", "anything"}},
		{"cue didn’t curly", cues, "It didn’t change anything",
			[]string{"<cue:obstacle>", "it", "did", "n't", "change", "anything"}},
		{"cue never spans punctuation", cues, "common, enemy", []string{"common", "enemy"}},
		{"cue longest match", cues, "lift sanctions", []string{"<cue:opening>", "lift", "sanctions"}},
		{"cues come first", cues, "Moscow rejected the offer",
			[]string{"<cue:obstacle>", "<cue:opening>", "moscow", "rejected", "the", "offer"}},
		{"cue repeated", cues, "sanctions and sanctions",
			[]string{"<cue:obstacle>", "<cue:obstacle>", "sanctions", "and", "sanctions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newExtractor(t, tt.s)
			if got := x.Features(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Features(%q) with %s = %q; want %q", tt.in, tt.s, got, tt.want)
			}
		})
	}
}

// TestFeaturesCombined checks the switches working together: actors are
// replaced before negation, stop words are marked negated before they are
// dropped, bigrams skip dropped words and stems keep their NOT_ prefix.
func TestFeaturesCombined(t *testing.T) {
	s := Settings{MinDF: 1, Bigrams: true, Negation: true, Stem: true, StopWords: true,
		Actors: BuiltinActors(), Cues: BuiltinCues()}
	in := "Moscow refuses to consider working with Washington, Lavrov said."
	want := []string{
		"<cue:obstacle>",
		"<ru>", "refus", "<ru> refus", "NOT_consid", "refus NOT_consid",
		"NOT_work", "NOT_consid NOT_work", "NOT_<us>", "NOT_work NOT_<us>",
		"<ru>",
	}
	x := newExtractor(t, s)
	if got := x.Features(in); !slices.Equal(got, want) {
		t.Errorf("Features(%q) with %s =\n%q\nwant\n%q", in, s, got, want)
	}
}

// TestExtractReportsRepeats checks that Extract reports every occurrence
// even under Binary: the counter, not Extract, applies Binary.
func TestExtractReportsRepeats(t *testing.T) {
	s := Settings{MinDF: 1, Binary: true, Bigrams: true}
	in := "no deal, no deal"
	x := newExtractor(t, s)
	var got []string
	x.Extract(in, func(f []byte) { got = append(got, string(f)) })
	want := []string{"no", "deal", "no deal", "no", "deal", "no deal"}
	if !slices.Equal(got, want) {
		t.Errorf("Extract(%q) with %s emitted %q; want %q", in, s, got, want)
	}
	if got, want := x.Features(in), []string{"no", "deal", "no deal"}; !slices.Equal(got, want) {
		t.Errorf("Features(%q) with %s = %q; want %q", in, s, got, want)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		s       Settings
		wantErr string // empty: valid
	}{
		{"default", Default(), ""},
		{"plain", Settings{MinDF: 1}, ""},
		{"min_df 0", Settings{}, "min_df is 0"},
		{"min_df negative", Settings{MinDF: -1}, "min_df is -1"},
		{"actor with cue tag", Settings{MinDF: 1, Actors: []Phrase{{"obstacle", "kremlin"}}}, "bad actor alias"},
		{"actor with lower-case tag", Settings{MinDF: 1, Actors: []Phrase{{"us", "washington"}}}, "bad actor alias"},
		{"actor with empty text", Settings{MinDF: 1, Actors: []Phrase{{"US", ""}}}, "bad actor alias"},
		{"actor with blank text", Settings{MinDF: 1, Actors: []Phrase{{"RU", " \t"}}}, "bad actor alias"},
		{"cue with actor tag", Settings{MinDF: 1, Cues: []Phrase{{"US", "offer"}}}, "bad cue"},
		{"cue with unknown tag", Settings{MinDF: 1, Cues: []Phrase{{"neutral", "met"}}}, "bad cue"},
		{"cue with empty text", Settings{MinDF: 1, Cues: []Phrase{{"opening", ""}}}, "bad cue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate() = %v; want nil", err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("Validate() = nil; want error containing %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("Validate() = %q; want error containing %q", err, tt.wantErr)
			}
			x, err2 := tt.s.NewExtractor()
			if (err == nil) != (err2 == nil) || (err2 == nil) != (x != nil) {
				t.Errorf("NewExtractor() = %v, %v; Validate() = %v", x, err2, err)
			}
		})
	}
}

// articleLines returns the non-blank lines of the shipped articles.
func articleLines(t testing.TB) []string {
	t.Helper()
	var lines []string
	for _, id := range labels.ArticleIDs() {
		text, err := labels.ArticleText(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(text, "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
		}
	}
	if len(lines) == 0 {
		t.Fatal("no shipped article text")
	}
	return lines
}

// TestExtractDeterministic checks that two Extractors with Default settings
// give the same features, and that an Extractor's reused buffers and stem
// cache do not leak from one text into the next: the second Extractor reads
// the texts in reverse order.
func TestExtractDeterministic(t *testing.T) {
	lines := articleLines(t)
	x1 := newExtractor(t, Default())
	x2 := newExtractor(t, Default())
	got1 := make([][]string, len(lines))
	for i, l := range lines {
		got1[i] = x1.Features(l)
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if got := x2.Features(lines[i]); !slices.Equal(got, got1[i]) {
			t.Errorf("Features(%q) differs between Extractors:\n%q\n%q", lines[i], got1[i], got)
		}
	}
}

// TestSettingsKept checks that an Extractor reports the Settings it was
// made with.
func TestSettingsKept(t *testing.T) {
	s := Settings{MinDF: 3, Stem: true, Cues: []Phrase{{"opening", "common enemy"}}}
	x := newExtractor(t, s)
	got := x.Settings()
	if got.MinDF != 3 || !got.Stem || got.Bigrams || !slices.Equal(got.Cues, s.Cues) {
		t.Errorf("Settings() = %+v; want %+v", got, s)
	}
}

func TestCueFeature(t *testing.T) {
	for _, label := range CueTags() {
		if got, want := CueFeature(label), "<cue:"+label+">"; got != want {
			t.Errorf("CueFeature(%q) = %q; want %q", label, got, want)
		}
	}
}

// TestExtractAllocs checks that Extract, once its buffers and stem cache
// are warm, allocates nothing per call: it is the classify hot path.
func TestExtractAllocs(t *testing.T) {
	const in = "Russia's foreign minister Sergei Lavrov said on Tuesday that Moscow didn't want " +
		"to work with the U.S.-led coalition, calling it out of the question."
	all := Default()
	all.StopWords = true
	for _, s := range []Settings{Default(), all} {
		x := newExtractor(t, s)
		n := 0
		noop := func([]byte) { n++ }
		x.Extract(in, noop)
		if n == 0 {
			t.Fatalf("Extract(%q) with %s emitted nothing", in, s)
		}
		if a := testing.AllocsPerRun(100, func() { x.Extract(in, noop) }); a != 0 {
			t.Errorf("Extract(%q) with %s: %v allocations per call; want 0", in, s, a)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	lines := articleLines(b)
	x := newExtractor(b, Default())
	noop := func([]byte) {}
	for _, l := range lines { // warm the buffers and the stem cache
		x.Extract(l, noop)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			x.Extract(l, noop)
		}
	}
}
