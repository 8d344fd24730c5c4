package classify

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

// ErrNoData is returned by Train when there is nothing to learn from.
var ErrNoData = errors.New("no training sentences")

// Version is the model file format this package writes and reads.
const Version = 1

// Train fits a model for both targets on recs.
func Train(recs []labels.Record, o Options) (*Model, error) {
	t, err := NewTrainer(o)
	if err != nil {
		return nil, err
	}
	return t.Train(recs)
}

// Trainer trains models with one set of options. It computes what does
// not depend on the data once (the lexicon pseudo-counts) and remembers the
// features of every sentence it has seen, so training many models on
// overlapping data, as cross-validation does, costs little more than one.
// A Trainer is not safe for concurrent use.
type Trainer struct {
	o     Options
	x     *features.Extractor
	cue   map[string]map[string]float64
	lex   map[string]map[string]float64
	feats map[string][]string // text -> features (each once if Binary)
	// lexFeats are the features of VADER's words, when only they count for
	// sentiment.
	lexFeats map[string]bool
}

// counts reports whether target counts feature f.
func (tr *Trainer) counts(target labels.Target, f string) bool {
	if target != labels.Sentiment || tr.lexFeats == nil {
		return true
	}
	return features.SentimentOnly(f) || tr.lexFeats[f] || strings.HasPrefix(f, "NOT_") && tr.lexFeats[f[len("NOT_"):]]
}

// NewTrainer returns a Trainer for o.
func NewTrainer(o Options) (*Trainer, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	x, err := o.Features.NewExtractor()
	if err != nil {
		return nil, err
	}
	t := &Trainer{o: o, x: x, feats: make(map[string][]string)}
	t.cue = cuePrior(o)
	t.lex = lexiconPrior(o, x)
	if o.SentimentLexiconOnly {
		t.lexFeats = lexiconFeatures(x)
	}
	return t, nil
}

func (tr *Trainer) features(text string) []string {
	f, ok := tr.feats[text]
	if !ok {
		f = tr.x.Features(text)
		tr.feats[text] = f
	}
	return f
}

// Train fits a model for both targets on recs.
func (tr *Trainer) Train(recs []labels.Record) (*Model, error) {
	if len(recs) == 0 {
		return nil, ErrNoData
	}
	o := tr.o
	feats := make([][]string, len(recs))
	df := make(map[string]int)
	for i, r := range recs {
		feats[i] = tr.features(r.Text)
		seen := make(map[string]bool, len(feats[i]))
		for _, f := range feats[i] {
			if !seen[f] {
				seen[f] = true
				df[f]++
			}
		}
	}
	keep := make(map[string]bool)
	for f, n := range df {
		if n >= o.Features.MinDF {
			keep[f] = true
		}
	}
	cue, lex := tr.cue, tr.lex
	for f := range cue {
		keep[f] = true
	}
	for f := range lex {
		keep[f] = true
	}
	m := &Model{Options: o}
	for f := range keep {
		m.Vocab = append(m.Vocab, f)
	}
	slices.Sort(m.Vocab)
	id := make(map[string]int, len(m.Vocab))
	for i, f := range m.Vocab {
		id[f] = i
	}
	v := len(m.Vocab)
	for _, target := range labels.Targets() {
		t := &Target{Target: target, Labels: target.Labels()}
		k := len(t.Labels)
		t.Docs = make([]int, k)
		t.Counts = make([][]int, k)
		for c := range t.Counts {
			t.Counts[c] = make([]int, v)
		}
		for i, r := range recs {
			c := slices.Index(t.Labels, r.Label(target))
			if c < 0 {
				return nil, fmt.Errorf("sentence %s/%d has no valid %s label (%q)", r.Article, r.Index, target, r.Label(target))
			}
			t.Docs[c]++
			for _, f := range feats[i] {
				if j, ok := id[f]; ok && tr.counts(target, f) {
					t.Counts[c][j]++
				}
			}
		}
		prior := cue
		if target == labels.Sentiment {
			prior = lex
		}
		if len(prior) > 0 {
			t.Pseudo = make([]float64, k*v)
			for f, byLabel := range prior {
				for label, n := range byLabel {
					if c := slices.Index(t.Labels, label); c >= 0 {
						t.Pseudo[c*v+id[f]] += n
					}
				}
			}
		}
		m.Targets = append(m.Targets, t)
	}
	m.prepare()
	return m, nil
}

// cuePrior gives each cue feature CueWeight pseudo-counts in its own class.
func cuePrior(o Options) map[string]map[string]float64 {
	if o.CueWeight == 0 || len(o.Features.Cues) == 0 {
		return nil
	}
	p := make(map[string]map[string]float64)
	for _, tag := range features.CueTags() {
		p[features.CueFeature(tag)] = map[string]float64{tag: o.CueWeight}
	}
	return p
}

// vaderLexicon is VADER's word list with valences (−4 … +4).
func vaderLexicon() map[string]float64 { return features.VaderLexicon() }

// lexiconFeatures returns the unigram features of VADER's single-word
// entries, as the extractor makes them (stemmed when the text is).
func lexiconFeatures(x *features.Extractor) map[string]bool {
	out := make(map[string]bool)
	for _, word := range slices.Sorted(maps.Keys(vaderLexicon())) {
		if f, ok := wordFeature(x, word); ok {
			out[f] = true
		}
	}
	return out
}

// wordFeature returns the unigram feature a lexicon word becomes, if it is
// a plain word the tokenizer keeps whole.
func wordFeature(x *features.Extractor, word string) (string, bool) {
	toks := features.Tokenize(word)
	if len(toks) != 1 || toks[0] != word {
		return "", false // emoticons, multiword entries, contractions
	}
	for _, f := range x.Features(word) {
		if !strings.HasPrefix(f, "<") {
			return f, true
		}
	}
	return "", false // a stop word
}

// lexiconPrior turns VADER's lexicon into pseudo-counts for sentiment: each
// single-word entry is run through the extractor (so it is stemmed like the
// text will be), valences of words sharing a feature are averaged, and
// LexiconWeight·|v|/4 goes to positive or negative.
func lexiconPrior(o Options, x *features.Extractor) map[string]map[string]float64 {
	if o.LexiconWeight == 0 {
		return nil
	}
	sum := make(map[string]float64)
	n := make(map[string]int)
	lexicon := vaderLexicon()
	// Sorted, so the sums below add in the same order on every run: float
	// addition is not associative, and map order would change the last bits.
	for _, word := range slices.Sorted(maps.Keys(lexicon)) {
		v := lexicon[word]
		f, ok := wordFeature(x, word)
		if !ok {
			continue
		}
		sum[f] += v
		n[f]++
	}
	p := make(map[string]map[string]float64)
	for f, s := range sum {
		v := s / float64(n[f])
		switch {
		case v > 0:
			p[f] = map[string]float64{"positive": o.LexiconWeight * v / 4}
		case v < 0:
			p[f] = map[string]float64{"negative": o.LexiconWeight * -v / 4}
		}
	}
	return p
}
