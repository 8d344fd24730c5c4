package classify

import (
	"fmt"
	"slices"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// Variant names a naive Bayes event model.
type Variant string

const (
	// Multinomial is the classic multinomial NB (McCallum and Nigam 1998).
	Multinomial Variant = "multinomial"
	// Complement estimates each class from the counts of all other classes
	// (Rennie et al. 2003), which is steadier when classes are unbalanced.
	// As in scikit-learn's ComplementNB, class priors are not used when there
	// is more than one class.
	Complement Variant = "complement"
)

// Prior names how class priors are set.
type Prior string

const (
	Empirical Prior = "empirical" // from sentence counts per label
	Uniform   Prior = "uniform"   // the same for every label
)

// Options are the training choices saved in a model.
type Options struct {
	Features features.Settings `json:"features"`
	Variant  Variant           `json:"variant"`
	Prior    Prior             `json:"prior"`
	// Alpha is the Lidstone smoothing added to every count (1: Laplace).
	Alpha float64 `json:"alpha"`
	// CueWeight is the pseudo-count given to each cue feature in its own
	// class (stance), so the codebook's cue words count before any data
	// does; the data can override it. 0: off.
	CueWeight float64 `json:"cue_weight"`
	// LexiconWeight scales the VADER lexicon into pseudo-counts for the
	// sentiment target: a word of valence v adds LexiconWeight·|v|/4 to
	// positive (v > 0) or negative (v < 0). 0: off.
	LexiconWeight float64 `json:"lexicon_weight"`
	// SentimentLexiconOnly makes the sentiment model count only the
	// features built from VADER lexicon words (and their NOT_ forms) and the
	// polarity features: with eighty sentences, topic words ("Moscow",
	// "strikes") teach sentiment more noise than signal.
	SentimentLexiconOnly bool `json:"sentiment_lexicon_only"`
	// Context names the targets whose sentences are read in the context
	// of their article's others (see InContext): for each, Fit fits a
	// context weight with the temperature. The codebook reads stance in
	// the article (what "that" or "the deal" refers to) and sentiment in
	// the sentence itself, so the default was stance alone; but annotators
	// read every sentence in its article, and with sentiment in context
	// too (a weight of 0.28 where stance's is 0.79) sentiment held out by
	// event rose from 0.671 to 0.677 on the built-in corpus and from 0.648
	// to 0.656 on eleven sets of real news, by a rule written before it
	// was measured; so the default is both. (A twelfth set, collected
	// after, gave 0.595 -> 0.581: see the README.)
	Context []labels.Target `json:"context,omitempty"`
}

// InContext reports whether o reads target t's sentences in the context
// of their article.
func (o Options) InContext(t labels.Target) bool { return slices.Contains(o.Context, t) }

// DefaultOptions returns what `stance train` uses unless told otherwise:
// the setting `stance eval --search` selects on the built-in corpus, held
// out by event (README.md, "How the defaults were chosen"): multinomial
// naive Bayes with bigrams, no stop-word removal, the VADER lexicon at
// weight 3 (the search's choice on the corpus of 20,507 sentences with
// bagged offsets; 1 and 3 are within a few thousandths, and the choice
// has gone both ways as the corpus grew), and a sentiment model that
// counts every word. With six thousand sentences of three hundred
// events, topic words help sentiment.
func DefaultOptions() Options {
	f := features.Default()
	f.StopWords = false
	return Options{
		Features:      f,
		Variant:       Multinomial,
		Prior:         Empirical,
		Alpha:         0.3,
		CueWeight:     2,
		LexiconWeight: 3,
		Context:       []labels.Target{labels.Stance, labels.Sentiment},
	}
}

// Validate reports options that cannot train a model.
func (o Options) Validate() error {
	switch {
	case !(o.Alpha > 0) || o.Alpha > 1e6:
		return fmt.Errorf("alpha %v: want a number above 0", o.Alpha)
	case o.Variant != Multinomial && o.Variant != Complement:
		return fmt.Errorf("unknown variant %q (want multinomial or complement)", o.Variant)
	case o.Prior != Empirical && o.Prior != Uniform:
		return fmt.Errorf("unknown prior %q (want empirical or uniform)", o.Prior)
	case o.CueWeight < 0 || o.LexiconWeight < 0:
		return fmt.Errorf("lexicon weights must not be negative")
	}
	for i, t := range o.Context {
		if !slices.Contains(labels.Targets(), t) || slices.Contains(o.Context[:i], t) {
			return fmt.Errorf("context: %q is not a target, or named twice (want %v)", t, labels.Targets())
		}
	}
	return o.Features.Validate()
}
