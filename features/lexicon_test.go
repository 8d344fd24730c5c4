package features

import (
	"bufio"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jonreiter/govader"

	"github.com/stance-nlp/stance/labels"
)

// TestShippedLexicons checks lexicon/actors.txt and lexicon/cues.txt: they
// load, are of a useful size, list no (tag, phrase) twice, give no phrase
// two tags and hold only phrases already in Tokenize's normal form.
func TestShippedLexicons(t *testing.T) {
	tests := []struct {
		name string
		load func() []Phrase
		tags []string
	}{
		{"actors", BuiltinActors, ActorTags()},
		{"cues", BuiltinCues, CueTags()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.load() // panics if the file does not read cleanly
			if len(ps) <= 100 {
				t.Errorf("%d phrases; want more than 100", len(ps))
			}
			tagOf := make(map[string]string)
			for _, p := range ps {
				if !slices.Contains(tt.tags, p.Tag) {
					t.Errorf("phrase %q has tag %q; want one of %q", p.Text, p.Tag, tt.tags)
				}
				switch prev, ok := tagOf[p.Text]; {
				case ok && prev == p.Tag:
					t.Errorf("phrase %q listed twice under %s", p.Text, p.Tag)
				case ok:
					t.Errorf("phrase %q listed under both %s and %s", p.Text, prev, p.Tag)
				}
				tagOf[p.Text] = p.Tag
				if p.Text != strings.Join(strings.Fields(p.Text), " ") {
					t.Errorf("phrase %q is not single-space separated", p.Text)
				}
				if strings.HasPrefix(p.Text, "the ") {
					t.Errorf("phrase %q starts with the article, so it cannot match without it", p.Text)
				}
			}
			if s := (Settings{MinDF: 1, Actors: BuiltinActors(), Cues: BuiltinCues()}); s.Validate() != nil {
				t.Errorf("Validate() of the shipped lexicons = %v", s.Validate())
			}
		})
	}
}

// TestShippedActorWords checks the single-word aliases that news text uses
// most.
func TestShippedActorWords(t *testing.T) {
	tagOf := make(map[string]string)
	for _, p := range BuiltinActors() {
		tagOf[p.Text] = p.Tag
	}
	tests := []struct{ word, want string }{
		{"u.s.", "US"}, {"usa", "US"}, {"america", "US"}, {"american", "US"},
		{"washington", "US"}, {"pentagon", "US"}, {"kerry", "US"},
		{"russia", "RU"}, {"russian", "RU"}, {"moscow", "RU"}, {"kremlin", "RU"},
		{"ussr", "RU"}, {"lavrov", "RU"}, {"putin", "RU"},
		// Never actors: the pronoun, the group, other bodies.
		{"us", ""}, {"i.s.", ""}, {"un", ""}, {"nato", ""},
	}
	for _, tt := range tests {
		if got := tagOf[tt.word]; got != tt.want {
			t.Errorf("actor tag of %q = %q; want %q", tt.word, got, tt.want)
		}
	}
}

// TestShippedPhrasesMatch checks that every shipped phrase, written in
// text, is found whole: a phrase the tokenizer cannot produce, or one
// hidden by a longer phrase, would never fire.
func TestShippedPhrasesMatch(t *testing.T) {
	// inText writes a normalised phrase as news text would: "u.s." is the
	// one token whose lower-case spelling tokenizes differently.
	inText := func(phrase string) string {
		w := strings.Fields(phrase)
		for i := range w {
			if w[i] == "u.s." {
				w[i] = "U.S."
			}
		}
		return strings.Join(w, " ")
	}
	t.Run("actors", func(t *testing.T) {
		x := newExtractor(t, Settings{MinDF: 1, Actors: BuiltinActors()})
		for _, p := range BuiltinActors() {
			in := inText(p.Text)
			want := []string{actorTokens[p.Tag]}
			if got := x.Features(in); !slices.Equal(got, want) {
				t.Errorf("Features(%q) with actors = %q; want %q", in, got, want)
			}
		}
	})
	t.Run("cues", func(t *testing.T) {
		x := newExtractor(t, Settings{MinDF: 1, Cues: BuiltinCues()})
		for _, p := range BuiltinCues() {
			in := inText(p.Text)
			var got []string
			for _, f := range x.Features(in) {
				if strings.HasPrefix(f, "<cue:") {
					got = append(got, f)
				}
			}
			if want := []string{CueFeature(p.Tag)}; !slices.Equal(got, want) {
				t.Errorf("cue features of %q = %q; want %q", in, got, want)
			}
		}
	})
}

func TestReadPhrases(t *testing.T) {
	tests := []struct {
		name string
		in   string
		tags []string
		want []Phrase
	}{
		{"one phrase", "US\twashington\n", ActorTags(), []Phrase{{"US", "washington"}}},
		{"no final newline", "RU\tmoscow", ActorTags(), []Phrase{{"RU", "moscow"}}},
		{"byte order mark", "\uFEFFUS\twashington\nRU\tmoscow\n", ActorTags(),
			[]Phrase{{"US", "washington"}, {"RU", "moscow"}}},
		{"CRLF", "US\twashington\r\nRU\tmoscow\r\n", ActorTags(),
			[]Phrase{{"US", "washington"}, {"RU", "moscow"}}},
		{"comments and blank lines", "# actors\n\n   \nUS\twashington\n  # indented comment\n\t\nRU\tmoscow\n", ActorTags(),
			[]Phrase{{"US", "washington"}, {"RU", "moscow"}}},
		{"normalised", "US\tThe  White House\nobstacle\tIt didn't change anything\n", []string{"US", "obstacle"},
			[]Phrase{{"US", "the white house"}, {"obstacle", "it did n't change anything"}}},
		{"hyphens split", "opening\tconfidence-building\n", CueTags(), []Phrase{{"opening", "confidence building"}}},
		{"apostrophes inside words", "US\tRobert O'Brien\nobstacle\twon't\nRU\tRussia's army\n", []string{"US", "RU", "obstacle"},
			[]Phrase{{"US", "robert o'brien"}, {"obstacle", "wo n't"}, {"RU", "russia army"}}},
		{"acronyms lose their dots", "US\tU.S.A.\nRU\tU.S.S.R\n", ActorTags(), []Phrase{{"US", "usa"}, {"RU", "ussr"}}},
		{"us in an actor file is the country", "US\tus\nUS\tus government\nUS\tU.S. army\n", ActorTags(),
			[]Phrase{{"US", "u.s."}, {"US", "u.s. government"}, {"US", "u.s. army"}}},
		{"us in a cue file is the pronoun", "opening\thelp us\n", CueTags(), []Phrase{{"opening", "help us"}}},
		{"spaces around the tag", " US \twashington\n", ActorTags(), []Phrase{{"US", "washington"}}},
		{"empty file", "", ActorTags(), nil},
		{"only comments", "# nothing\n", ActorTags(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadPhrases(strings.NewReader(tt.in), "test.txt", tt.tags)
			if err != nil {
				t.Fatalf("ReadPhrases(%q): %v", tt.in, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ReadPhrases(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestReadPhrasesErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // the lines of the error, in order
		good []Phrase // the phrases still read
	}{
		{"missing tab", "US washington\n",
			[]string{`actors.txt:1: want TAG<TAB>phrase, got "US washington"`}, nil},
		{"unknown tag", "UA\tkyiv\n",
			[]string{`actors.txt:1: unknown tag "UA" (want one of [US RU])`}, nil},
		{"lower-case tag", "# c\nus\twashington\n",
			[]string{`actors.txt:2: unknown tag "us" (want one of [US RU])`}, nil},
		{"empty phrase", "US\t\n",
			[]string{`actors.txt:1: empty phrase`}, nil},
		{"line numbers count comments, blanks, BOM and CRLF", "\uFEFF# c\r\n\r\nUS\tok\r\nUS\r\nRU\tmoscow\r\n",
			[]string{`actors.txt:4: want TAG<TAB>phrase, got "US"`}, []Phrase{{"US", "ok"}, {"RU", "moscow"}}},
		{"every problem reported", "US washington\nUS\tkerry\nXX\tfoo\nRU\t\n",
			[]string{
				`actors.txt:1: want TAG<TAB>phrase, got "US washington"`,
				`actors.txt:3: unknown tag "XX" (want one of [US RU])`,
				`actors.txt:4: empty phrase`,
			}, []Phrase{{"US", "kerry"}}},
		{"punctuation", "US\tkerry\nRU\tputin, lavrov\nUS\tU.S.—led\nRU\t...\n",
			[]string{
				`actors.txt:2: phrase "putin, lavrov" contains punctuation, which never matches`,
				`actors.txt:3: phrase "U.S.—led" contains punctuation, which never matches`,
				`actors.txt:4: phrase "..." contains punctuation, which never matches`,
			}, []Phrase{{"US", "kerry"}}},
		{"line too long", "US\tx\nUS\t" + strings.Repeat("a", 1<<20) + "\n",
			[]string{`actors.txt:2: bufio.Scanner: token too long`}, []Phrase{{"US", "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadPhrases(strings.NewReader(tt.in), "actors.txt", ActorTags())
			if err == nil {
				t.Fatalf("ReadPhrases(%.40q) = %q, nil; want error %q", tt.in, got, tt.want)
			}
			if lines := strings.Split(err.Error(), "\n"); !slices.Equal(lines, tt.want) {
				t.Errorf("ReadPhrases(%.40q) error =\n%s\nwant\n%s", tt.in, err, strings.Join(tt.want, "\n"))
			}
			if !slices.Equal(got, tt.good) {
				t.Errorf("ReadPhrases(%.40q) = %q; want %q", tt.in, got, tt.good)
			}
		})
	}
}

// TestReadPhrasesErrorType: each problem is a *labels.ParseError naming
// the file and line, as a labelled file's are, and unwraps to its cause.
func TestReadPhrasesErrorType(t *testing.T) {
	_, err := ReadPhrases(strings.NewReader("US\tx\nXX\tfoo\nUS\t"+strings.Repeat("a", 1<<20)+"\n"), "actors.txt", ActorTags())
	errs := err.(interface{ Unwrap() []error }).Unwrap()
	var lines []int
	for _, e := range errs {
		var perr *labels.ParseError
		if !errors.As(e, &perr) || perr.File != "actors.txt" {
			t.Fatalf("problem %q is %T; want a *labels.ParseError of actors.txt", e, e)
		}
		lines = append(lines, perr.Line)
	}
	if !slices.Equal(lines, []int{2, 3}) || !errors.Is(err, bufio.ErrTooLong) {
		t.Errorf("problems on lines %v, errors.Is(err, bufio.ErrTooLong) = %v; want lines [2 3] and true", lines, errors.Is(err, bufio.ErrTooLong))
	}
}

// TestReadPhrasesPunctuation checks that a phrase holding punctuation is
// reported: the matcher never matches punctuation ("Phrases never span
// punctuation"), so such a phrase could never fire.
func TestReadPhrasesPunctuation(t *testing.T) {
	for _, in := range []string{"opening\t...\n", "opening\tcommon, enemy\n", "obstacle\tno deal—yet\n"} {
		got, err := ReadPhrases(strings.NewReader(in), "cues.txt", CueTags())
		if err == nil || !strings.HasPrefix(err.Error(), "cues.txt:1: ") {
			t.Errorf("ReadPhrases(%q) = %q, %v; want an error naming cues.txt:1", in, got, err)
		}
	}
}

// TestReadPhrasesActorTagOrder checks that "us" means the country in any
// file read with the actor tags, whatever their order.
func TestReadPhrasesActorTagOrder(t *testing.T) {
	got, err := ReadPhrases(strings.NewReader("US\tus\n"), "actors.txt", []string{"RU", "US"})
	if want := []Phrase{{"US", "u.s."}}; err != nil || !slices.Equal(got, want) {
		t.Errorf("ReadPhrases(%q) with tags [RU US] = %q, %v; want %q", "US\tus\n", got, err, want)
	}
}

// TestMatcherLongestFirst checks the matcher on hand-made phrases, in any
// file order, and that equal phrases keep the first tag listed.
func TestMatcherLongestFirst(t *testing.T) {
	ps := []Phrase{
		{"US", "john"},
		{"RU", "john kerry said"},
		{"US", "john kerry"},
		{"RU", "kerry"},
		{"US", "kerry"},
	}
	tests := []struct {
		in      string
		tag     string
		n       int
		comment string
	}{
		{"john kerry said", "RU", 3, "the longest phrase"},
		{"john kerry says", "US", 2, "the next longest"},
		{"john smith", "US", 1, "the one-word phrase"},
		{"john kerry , said", "US", 2, "not across punctuation"},
		{"kerry", "RU", 1, "the first of two equal phrases"},
		{"smith", "", 0, "no phrase"},
	}
	m := newMatcher(ps)
	for _, tt := range tests {
		t.Run(tt.comment, func(t *testing.T) {
			var items []item
			for _, w := range strings.Fields(tt.in) {
				it := item{kind: Word, info: &wordInfo{word: w}}
				if w == "," {
					it = item{kind: Punct}
				}
				items = append(items, it)
			}
			if tag, n := match(m.byFirst[items[0].info.word], items, 0); tag != tt.tag || n != tt.n {
				t.Errorf("match(%q) = %q, %d; want %q, %d", tt.in, tag, n, tt.tag, tt.n)
			}
		})
	}
}

func TestTagsCopied(t *testing.T) {
	a := ActorTags()
	a[0] = "XX"
	if got := ActorTags(); got[0] != "US" {
		t.Errorf("ActorTags() after changing a returned slice = %q; want it unchanged", got)
	}
	c := CueTags()
	c[0] = "XX"
	if got := CueTags(); got[0] != "obstacle" {
		t.Errorf("CueTags() after changing a returned slice = %q; want it unchanged", got)
	}
}

// TestVaderLexicon: the lexicon read from govader's data is the one
// govader itself uses, entry for entry.
func TestVaderLexicon(t *testing.T) {
	want := govader.NewSentimentIntensityAnalyzer().Lexicon
	got := VaderLexicon()
	if len(got) != len(want) || len(got) < 7000 {
		t.Fatalf("VaderLexicon has %d entries; govader has %d", len(got), len(want))
	}
	for w, v := range want {
		if got[w] != v {
			t.Errorf("VaderLexicon()[%q] = %v; govader has %v", w, got[w], v)
		}
	}
}
