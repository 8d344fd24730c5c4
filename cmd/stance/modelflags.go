package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// modelFlags registers the training choices shared by train and eval and
// returns a function that builds the options once flags are parsed, plus
// the lexicon files named (so train can refuse to overwrite them).
func modelFlags(fs *flag.FlagSet) func() (classify.Options, []string, error) {
	d := classify.DefaultOptions()
	df := d.Features
	alpha := fs.Float64("alpha", d.Alpha, "Lidstone smoothing `A` added to every count (1 is Laplace)")
	variant := fs.String("variant", string(d.Variant), "naive Bayes `kind`: multinomial or complement")
	prior := fs.String("prior", string(d.Prior), "class priors: `empirical` (from sentence counts) or uniform")
	bigrams := fs.Bool("bigrams", df.Bigrams, "add word pairs within a clause to single words")
	binary := fs.Bool("binary", df.Binary, "count a feature once per sentence")
	negation := fs.Bool("negation", df.Negation, "mark words after not/no/never/n't… up to punctuation with NOT_")
	stem := fs.Bool("stem", df.Stem, "reduce words to Snowball stems")
	stop := fs.Bool("stop-words", df.StopWords, "drop common function words (negators, contrast words and modals are kept)")
	minDF := fs.Int("min-df", df.MinDF, "drop features seen in fewer than `N` training sentences")
	actors := fileFlag(fs, "actors", "builtin", "actor alias `FILE` (US/RU names mapped to one token each), builtin, or none")
	cues := fileFlag(fs, "cues", "builtin", "cue lexicon `FILE` (obstacle/opening phrases), builtin, or none")
	cueWeight := fs.Float64("cue-weight", d.CueWeight, "pseudo-counts `W` each cue adds to its own stance class (0: off)")
	lexWeight := fs.Float64("lexicon-weight", d.LexiconWeight, "scale `W` of the VADER lexicon as sentiment pseudo-counts (0: off)")
	polarity := fs.Int("polarity", df.Polarity, "weight `N` of the sentence's VADER-lexicon polarity as a sentiment feature (0: off)")
	lexOnly := fs.Bool("sentiment-lexicon-only", d.SentimentLexiconOnly, "let the sentiment model count only lexicon words and polarity, not topic words")
	var defContext []string
	for _, t := range d.Context {
		defContext = append(defContext, string(t))
	}
	context := fs.String("context", strings.Join(defContext, ","), "`TARGETS` whose sentences are read in the context of their article's others: stance, sentiment, stance,sentiment or none")
	return func() (classify.Options, []string, error) {
		// Options.Validate only asks for what training needs; a flag gets
		// a range a user can act on, and NaN, Inf and 1e308, which would
		// end in an unsavable model or NaN scores, are refused here.
		for _, c := range []struct {
			name    string
			v       float64
			lo, hi  float64
			loEqual bool // lo itself allowed
		}{
			{"alpha", *alpha, 0, maxAlpha, false},
			{"cue-weight", *cueWeight, 0, maxLexiconWeight, true},
			{"lexicon-weight", *lexWeight, 0, maxLexiconWeight, true},
		} {
			if c.v <= c.hi && (c.v > c.lo || c.loEqual && c.v == c.lo) { // false for NaN
				continue
			}
			want := fmt.Sprintf("a number above %g and at most %g", c.lo, c.hi)
			if c.loEqual {
				want = fmt.Sprintf("a number from %g to %g", c.lo, c.hi)
			}
			return classify.Options{}, nil, &usageError{err: fmt.Errorf("--%s %v: want %s", c.name, c.v, want)}
		}
		o := d
		o.Alpha = *alpha
		o.Variant = classify.Variant(*variant)
		o.Prior = classify.Prior(*prior)
		o.CueWeight = *cueWeight
		o.LexiconWeight = *lexWeight
		o.Features.Bigrams = *bigrams
		o.Features.Binary = *binary
		o.Features.Negation = *negation
		o.Features.Stem = *stem
		o.Features.StopWords = *stop
		o.Features.MinDF = *minDF
		o.Features.Polarity = *polarity
		o.SentimentLexiconOnly = *lexOnly
		o.Context = nil
		if *context != "none" {
			for _, name := range strings.Split(*context, ",") {
				t := labels.Target(strings.TrimSpace(name))
				if !slices.Contains(labels.Targets(), t) || slices.Contains(o.Context, t) {
					return o, nil, &usageError{err: fmt.Errorf("--context %q: want stance, sentiment, stance,sentiment or none", *context)}
				}
				o.Context = append(o.Context, t)
			}
		}
		var files []string
		var err error
		if o.Features.Actors, err = phraseFlag(*actors, features.BuiltinActors, features.ActorTags()); err != nil {
			return o, nil, err
		}
		if o.Features.Cues, err = phraseFlag(*cues, features.BuiltinCues, features.CueTags()); err != nil {
			return o, nil, err
		}
		for _, f := range []string{*actors, *cues} {
			if f != "builtin" && f != "none" {
				files = append(files, f)
			}
		}
		if err := o.Validate(); err != nil {
			return o, nil, &usageError{err: err}
		}
		return o, files, nil
	}
}

// The largest values the model flags take. Alpha is a pseudo-count added
// to every count, and a lexicon weight one added to each lexicon word:
// past a million they drown any corpus, and a few steps further the
// arithmetic overflows.
const (
	maxAlpha         = 1e6
	maxLexiconWeight = 1e6
)

// onceFlag is a string flag that may be given once: a second --data or -o
// is more likely a mistake (an edited command line, a shell alias) than a
// wish for the last one to win, and reading or writing the wrong file is
// not a small mistake. It also knows whether it was given, so an empty
// value (--model "") can be told from an absent one.
type onceFlag struct {
	value string
	set   bool
}

func (f *onceFlag) String() string { return f.value }

func (f *onceFlag) Set(v string) error {
	if f.set {
		return fmt.Errorf("given twice (%q, then %q)", f.value, v)
	}
	f.value, f.set = v, true
	return nil
}

// fileFlag defines a onceFlag naming a file.
func fileFlag(fs *flag.FlagSet, name, value, usage string) *string {
	f := &onceFlag{value: value}
	fs.Var(f, name, usage)
	return &f.value
}

// nonEmptyFileFlag defines a onceFlag naming a file that, when given, may
// not be empty: --model "" (a variable that was never set) must not quietly
// mean the built-in model.
func nonEmptyFileFlag(fs *flag.FlagSet, name, usage string) func() (string, error) {
	f := &onceFlag{}
	fs.Var(f, name, usage)
	return func() (string, error) {
		if f.set && f.value == "" {
			dash := "--"
			if len(name) == 1 {
				dash = "-"
			}
			return "", &usageError{err: fmt.Errorf("%s%s '': empty file name (leave the flag out for the default)", dash, name)}
		}
		return f.value, nil
	}
}

func phraseFlag(v string, builtin func() []features.Phrase, tags []string) ([]features.Phrase, error) {
	switch v {
	case "builtin":
		return builtin(), nil
	case "none", "":
		return nil, nil
	}
	f, err := openFile(v)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := features.ReadPhrases(f, v, tags)
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, fmt.Errorf("%s: no entries (use none to switch the list off)", v)
	}
	return p, nil
}
