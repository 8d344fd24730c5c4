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
// features of every sentence it has seen, as small integers, so training
// many models on overlapping data, as cross-validation does, costs little
// more than one. A Trainer is not safe for concurrent use.
type Trainer struct {
	o     Options
	x     *features.Extractor
	cue   map[string]map[string]float64
	lex   map[string]map[string]float64
	feats map[string][]int32 // text -> feature uids (each once if Binary)

	// Every feature seen so far has a uid: its index in names. order lists
	// the uids sorted by name (re-sorted when new features arrive), so that
	// each model's vocabulary comes out sorted without sorting it again.
	uid      map[string]int32
	names    []string
	order    []int32
	unsorted bool
	prior    []bool // prior[uid]: the feature has lexicon pseudo-counts
	// sentiment[uid]: the sentiment model counts the feature (all of them
	// unless SentimentLexiconOnly).
	sentiment []bool
	lexFeats  map[string]bool
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
	t := &Trainer{o: o, x: x, feats: make(map[string][]int32), uid: make(map[string]int32)}
	t.cue = cuePrior(o)
	words := lexiconWords(x)
	t.lex = lexiconPrior(o, words)
	if o.SentimentLexiconOnly {
		t.lexFeats = make(map[string]bool, len(words))
		for _, w := range words {
			t.lexFeats[w.feature] = true
		}
	}
	for _, prior := range []map[string]map[string]float64{t.cue, t.lex} {
		for _, f := range slices.Sorted(maps.Keys(prior)) {
			t.prior[t.learn(f)] = true
		}
	}
	return t, nil
}

// learn returns the uid of feature f, giving it one if it is new.
func (tr *Trainer) learn(f string) int32 {
	u, ok := tr.uid[f]
	if !ok {
		u = int32(len(tr.names))
		tr.uid[f] = u
		tr.names = append(tr.names, f)
		tr.order = append(tr.order, u)
		tr.unsorted = true
		tr.prior = append(tr.prior, false)
		base, negated := features.Unnegated(f)
		tr.sentiment = append(tr.sentiment, tr.lexFeats == nil || features.SentimentOnly(f) ||
			tr.lexFeats[f] || negated && tr.lexFeats[base])
	}
	return u
}

// features returns the uids of text's features, each once if Binary.
func (tr *Trainer) features(text string) []int32 {
	us, ok := tr.feats[text]
	if !ok {
		for _, f := range tr.x.Features(text) {
			us = append(us, tr.learn(f))
		}
		tr.feats[text] = us
	}
	return us
}

// Train fits a model for both targets on recs.
func (tr *Trainer) Train(recs []labels.Record) (*Model, error) {
	if len(recs) == 0 {
		return nil, ErrNoData
	}
	o := tr.o
	feats := make([][]int32, len(recs))
	for i, r := range recs {
		feats[i] = tr.features(r.Text)
	}
	// Document frequency decides which features make the vocabulary; a
	// feature with lexicon pseudo-counts is always in.
	df := make([]int32, len(tr.names))
	stamp := make([]int32, len(tr.names))
	for i := range recs {
		for _, u := range feats[i] {
			if stamp[u] != int32(i)+1 {
				stamp[u] = int32(i) + 1
				df[u]++
			}
		}
	}
	if tr.unsorted {
		slices.SortFunc(tr.order, func(a, b int32) int { return strings.Compare(tr.names[a], tr.names[b]) })
		tr.unsorted = false
	}
	pos := make([]int32, len(tr.names)) // uid -> vocabulary index, -1 if out
	m := &Model{Options: o}
	for _, u := range tr.order {
		pos[u] = -1
		if df[u] >= int32(o.Features.MinDF) || tr.prior[u] {
			pos[u] = int32(len(m.Vocab))
			m.Vocab = append(m.Vocab, tr.names[u])
		}
	}
	v := len(m.Vocab)
	for _, target := range labels.Targets() {
		t := &Target{Name: target, Labels: target.Labels(), Temperature: 1}
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
			for _, u := range feats[i] {
				if j := pos[u]; j >= 0 && (target != labels.Sentiment || tr.sentiment[u]) {
					t.Counts[c][j]++
				}
			}
		}
		prior := tr.cue
		if target == labels.Sentiment {
			prior = tr.lex
		}
		if len(prior) > 0 {
			t.Pseudo = make([]float64, k*v)
			for f, byLabel := range prior {
				for label, n := range byLabel {
					if c := slices.Index(t.Labels, label); c >= 0 {
						t.Pseudo[c*v+int(pos[tr.uid[f]])] += n
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

// lexiconWord is a single-word VADER entry and the feature it becomes.
type lexiconWord struct {
	feature string
	valence float64
}

// lexiconWords returns VADER's single-word entries, in word order, with
// the unigram features the extractor makes of them (stemmed when the text
// is); emoticons, multiword entries, contractions and stop words are left
// out.
func lexiconWords(x *features.Extractor) []lexiconWord {
	lexicon := vaderLexicon()
	var out []lexiconWord
	// Sorted, so that sums over the words add in the same order on every
	// run: float addition is not associative.
	for _, word := range slices.Sorted(maps.Keys(lexicon)) {
		if f, ok := x.WordFeature(word); ok {
			out = append(out, lexiconWord{f, lexicon[word]})
		}
	}
	return out
}

// lexiconPrior turns VADER's lexicon into pseudo-counts for sentiment: the
// valences of words sharing a feature are averaged, and LexiconWeight·|v|/4
// goes to positive or negative.
func lexiconPrior(o Options, words []lexiconWord) map[string]map[string]float64 {
	if o.LexiconWeight == 0 {
		return nil
	}
	sum := make(map[string]float64)
	n := make(map[string]int)
	for _, w := range words {
		sum[w.feature] += w.valence
		n[w.feature]++
	}
	p := make(map[string]map[string]float64)
	for f, s := range sum {
		v := s / float64(n[f])
		switch {
		case v > 0:
			p[f] = map[string]float64{labels.Sentiment.Positive(): o.LexiconWeight * v / 4}
		case v < 0:
			p[f] = map[string]float64{labels.Sentiment.Negative(): o.LexiconWeight * -v / 4}
		}
	}
	return p
}
