package classify

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

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
// more than one. A Trainer is not safe for concurrent use; Fork gives
// another goroutine its own.
type Trainer struct {
	o     Options
	x     *features.Extractor
	cue   priors
	lex   priors
	words []lexiconWord      // VADER's words as features of these settings (lexiconWords)
	feats map[string][]int32 // text -> feature uids (each once if Binary)
	// A sentence's uids are gathered in scratch, then kept in arena,
	// chunks of exactly filled slices: a corpus of tens of thousands of
	// sentences otherwise carries the slack of as many grown slices.
	scratch, arena []int32
	marks          []bool // TrainWithout's check that no position is given twice, all false between calls

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

	shared *sharedVocab // see ShareVocabulary; nil until then
	spare  *Model       // see Recycle
	// borrowed: feats, uid, names, order, prior and sentiment are shared
	// with a fork or the Trainer forked (see Fork), read only.
	borrowed bool
}

// vocabulary returns the id tables of the shared vocabulary, making them
// the first time. It is safe for concurrent use.
func (sh *sharedVocab) vocabulary() *features.Vocabulary {
	l := sh.lazy
	l.once.Do(func() { l.ids = sh.settings.NewVocabulary(sh.vocab) })
	return l.ids
}

// lazyIDs are id tables made on first use, shared by the vocabularies
// derived from one (Trainer.Derive).
type lazyIDs struct {
	once sync.Once
	ids  *features.Vocabulary
}

// sharedVocab is the one vocabulary of every model a Trainer trains after
// ShareVocabulary.
type sharedVocab struct {
	uids  int      // features known when it was fixed
	vocab []string // every one of them, sorted
	pos   []int32  // uid -> index in vocab
	// ids are the id tables scoring text needs, made once, on first use
	// (see vocabulary): scoring from shared ids needs none.
	lazy     *lazyIDs
	settings features.Settings
	only     []bool // only[f]: features.SentimentOnly(vocab[f])

	// The corpus itself, so that a model trained on most of it can count
	// by subtraction: the whole corpus's counts less those of the
	// sentences left out. nil when a sentence is there twice or has a
	// label no target knows.
	all    []labels.Record
	feats  [][]int32        // feats[i]: the feature uids of all[i] (Trainer.features)
	at     map[recKey]int32 // (article, index) -> position in all
	class  [][]int8         // class[t][i]: record i's label index for target t
	docs   [][]int          // docs[t][c]: sentences of class c in all
	counts [][][]int32      // counts[t][c][f]: count of feature f in class c over all

	pseudos []*Pseudo // pseudos[t]: target t's pseudo-counts, nil if it has none
}

type recKey struct {
	article string
	index   int
}

// ShareVocabulary fixes one vocabulary for the models tr trains from now
// on: every feature of all and of the lexicons. Cross-validation trains a
// model on each of many subsets of one corpus, and each model's vocabulary
// used to be its own, with the id tables that scoring needs built again
// for every fold: a fifth of the time of 'stance eval' on 30,000
// sentences. A model trained on a subset with the shared vocabulary
// scores exactly as one trained on the subset alone: a feature the subset
// lacks has no count, so its target ignores it (not counted in the
// vocabulary size smoothing divides by, no weight, no evidence), as it
// would a feature outside the vocabulary. The model carries the larger
// vocabulary all the same, so it is for scoring in memory, not for
// saving. Training on sentences whose features are not all in the shared
// vocabulary, and every training after it, or with MinDF above 1 (a
// feature's document frequency then depends on the subset), trains the
// usual way.
func (tr *Trainer) ShareVocabulary(all []labels.Record) {
	for _, r := range all {
		tr.features(r.Text)
	}
	tr.sortOrder()
	sh := &sharedVocab{uids: len(tr.names), pos: make([]int32, len(tr.names))}
	for _, u := range tr.order {
		sh.pos[u] = int32(len(sh.vocab))
		sh.vocab = append(sh.vocab, tr.names[u])
		sh.only = append(sh.only, features.SentimentOnly(tr.names[u]))
	}
	sh.settings, sh.lazy = tr.o.Features, new(lazyIDs)
	for _, target := range labels.Targets() {
		p, ok := sh.pseudoAt(tr.priorOf(target), target)
		if !ok {
			panic("classify: a prior's feature is not in the vocabulary") // NewTrainer learns them all
		}
		sh.pseudos = append(sh.pseudos, p)
	}
	tr.shared = sh
	tr.shareCounts(all)
	// The map from feature text to uid is needed again only to learn a
	// sentence outside all, which cross-validation never meets: it is let
	// go, and remade from names if one comes (ensureUIDs).
	tr.uid = nil
	// So is the extractor's cache of the corpus's words: scoring from
	// shared ids needs none, and scoring text fills a fresh one with the
	// words it meets.
	tr.x = tr.x.Fresh()
}

// ensureUIDs remakes tr.uid from tr.names if ShareVocabulary let it go.
func (tr *Trainer) ensureUIDs() {
	if tr.uid != nil {
		return
	}
	tr.uid = make(map[string]int32, len(tr.names))
	for u, f := range tr.names {
		tr.uid[f] = int32(u)
	}
}

// ErrNoDerive is returned by Derive when the Trainer asked for cannot
// share the Trainer's knowledge of the corpus.
var ErrNoDerive = errors.New("the options differ in what a shared vocabulary depends on")

// Derive returns a Trainer for o that trains and scores exactly as
// NewTrainer(o) would after ShareVocabulary on the corpus tr shared its
// vocabulary over, without extracting that corpus again: a search tries
// dozens of settings that differ only in how counts become weights. Like
// a fork (see Fork) it shares tr's knowledge of features, read only, and
// whichever of them first learns a new sentence copies it. It returns
// ErrNoDerive when tr has no shared vocabulary, has learnt features since,
// or o differs from tr's options in its features or in whether it has
// cue or lexicon pseudo-counts at all (which decide the vocabulary).
func (tr *Trainer) Derive(o Options) (*Trainer, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	sh := tr.shared
	if sh == nil || sh.uids != len(tr.names) || !reflect.DeepEqual(o.Features, tr.o.Features) ||
		(o.CueWeight == 0) != (tr.o.CueWeight == 0) || (o.LexiconWeight == 0) != (tr.o.LexiconWeight == 0) {
		return nil, ErrNoDerive
	}
	tr.sortOrder() // a no-op: no feature was learnt since sharing
	tr.borrowed = true
	d := &Trainer{o: o, x: tr.x.Fresh(), feats: tr.feats, names: tr.names, order: tr.order, prior: tr.prior, borrowed: true}
	d.spare, tr.spare = tr.spare, nil // a model of the same vocabulary: d reuses its memory
	d.setPriors(tr.words)
	d.sentiment = make([]bool, len(d.names))
	for u, f := range d.names {
		d.sentiment[u] = d.sentimentCounts(f)
	}
	ds := *sh
	ds.pseudos = nil
	for ti, target := range labels.Targets() {
		p, ok := ds.pseudoAt(d.priorOf(target), target)
		if !ok {
			return nil, ErrNoDerive // a prior feature the vocabulary lacks: cannot happen with the same priors' features
		}
		ds.pseudos = append(ds.pseudos, p)
		if target == labels.Sentiment && sh.at != nil && !slices.Equal(d.sentiment, tr.sentiment) {
			// The sentiment model counts other features: count anew.
			ds.counts = slices.Clone(sh.counts)
			counts := make([][]int32, len(target.Labels()))
			for c := range counts {
				counts[c] = make([]int32, len(ds.vocab))
			}
			d.countAll(counts, target, sh.class[ti], sh.feats, sh.pos)
			ds.counts[ti] = counts
		}
	}
	d.shared = &ds
	return d, nil
}

// pseudoAt returns target's pseudo-counts from prior under the shared
// vocabulary, finding features by name in it (ShareVocabulary lets the
// uid map go), or nil if prior is empty; ok is false if a feature of
// prior is not in the vocabulary. They are made once per Trainer and
// shared by every model it trains: nothing changes them once made.
func (sh *sharedVocab) pseudoAt(prior priors, target labels.Target) (p *Pseudo, ok bool) {
	if len(prior) == 0 {
		return nil, true
	}
	ls := target.Labels()
	p = NewPseudo(len(sh.vocab), len(ls))
	for f, pc := range prior {
		j, found := slices.BinarySearch(sh.vocab, f)
		if !found {
			return nil, false
		}
		if c := slices.Index(ls, pc.label); c >= 0 {
			p.Add(c, j, pc.n)
		}
	}
	return p, true
}

// Fork returns a Trainer for another goroutine that trains and scores
// exactly as tr does. It has its own feature extractor and shares the
// rest with tr: the lexicon priors and the vocabulary, counts and
// pseudo-counts of ShareVocabulary, which nothing changes, and what tr
// has learnt of features, which whichever of them first meets a new
// sentence copies before adding to it. Cross-validation on several cores
// then shares out the folds of one shared vocabulary, instead of making
// one per goroutine.
func (tr *Trainer) Fork() *Trainer {
	tr.sortOrder() // vocabulary would sort it in place
	tr.borrowed = true
	f := *tr
	f.x, f.spare = tr.x.Fresh(), nil
	f.scratch, f.arena, f.marks = nil, nil, nil // tr writes to its own
	return &f
}

// own gives tr its own copy of what it has learnt of features, if it
// shares it (see Fork), before it adds to it. A sentence's uids are never
// changed once cached, so the copy shares them.
func (tr *Trainer) own() {
	if !tr.borrowed {
		return
	}
	tr.feats, tr.uid = maps.Clone(tr.feats), maps.Clone(tr.uid)
	tr.names, tr.order = slices.Clone(tr.names), slices.Clone(tr.order)
	tr.prior, tr.sentiment = slices.Clone(tr.prior), slices.Clone(tr.sentiment)
	tr.borrowed = false
}

// sortOrder sorts tr.order by feature name, if a feature was learnt since
// it was last sorted.
func (tr *Trainer) sortOrder() {
	if tr.unsorted {
		slices.SortFunc(tr.order, func(a, b int32) int { return strings.Compare(tr.names[a], tr.names[b]) })
		tr.unsorted = false
	}
}

// shareCounts counts the whole of all under the shared vocabulary, for
// Train to subtract from.
func (tr *Trainer) shareCounts(all []labels.Record) {
	sh := tr.shared
	at := make(map[recKey]int32, len(all))
	for i, r := range all {
		k := recKey{r.Article, r.Index}
		if _, dup := at[k]; dup {
			return
		}
		at[k] = int32(i)
	}
	v := len(sh.vocab)
	feats := make([][]int32, len(all))
	for i, r := range all {
		feats[i] = tr.features(r.Text)
	}
	for _, target := range labels.Targets() {
		ls := target.Labels()
		class := make([]int8, len(all))
		docs := make([]int, len(ls))
		counts := make([][]int32, len(ls))
		for c := range counts {
			counts[c] = make([]int32, v)
		}
		for i, r := range all {
			c := labels.Index(ls, r.Label(target))
			if c < 0 {
				return
			}
			class[i] = int8(c)
			docs[c]++
		}
		tr.countAll(counts, target, class, feats, sh.pos)
		sh.class = append(sh.class, class)
		sh.docs = append(sh.docs, docs)
		sh.counts = append(sh.counts, counts)
	}
	sh.all, sh.at, sh.feats = all, at, feats
}

// priorOf returns target's pseudo-counts by feature and label: the cue
// prior for stance, VADER's lexicon for sentiment.
func (tr *Trainer) priorOf(target labels.Target) priors {
	if target == labels.Sentiment {
		return tr.lex
	}
	return tr.cue
}

// countAll adds to counts[c] the features of each sentence i of class
// class[i], feats[i] its feature uids (see count).
func (tr *Trainer) countAll(counts [][]int32, target labels.Target, class []int8, feats [][]int32, pos []int32) {
	for i, c := range class {
		tr.count(counts[c], target, feats[i], pos, 1)
	}
}

// count adds d to row[pos[u]] for each feature u of a sentence that a
// target counts: every feature in the vocabulary, and for sentiment only
// those tr.sentiment allows.
func (tr *Trainer) count(row []int32, target labels.Target, feats []int32, pos []int32, d int32) {
	for _, u := range feats {
		if j := pos[u]; j >= 0 && (target != labels.Sentiment || tr.sentiment[u]) {
			row[j] += d
		}
	}
}

// leftOut returns the positions in the shared corpus of the sentences
// recs leaves out, or ok false when recs is not a subset of it (a
// sentence not in it, with other text or labels, or given twice) or
// leaves out more than it keeps, so that counting by subtraction would
// not pay.
func (sh *sharedVocab) leftOut(recs []labels.Record) (out []int32, ok bool) {
	if sh.at == nil || 2*len(recs) < len(sh.all) {
		return nil, false
	}
	in := make([]bool, len(sh.all))
	for _, r := range recs {
		i, found := sh.at[recKey{r.Article, r.Index}]
		if !found || in[i] || sh.all[i].Text != r.Text {
			return nil, false
		}
		for _, target := range labels.Targets() {
			if r.Label(target) != sh.all[i].Label(target) {
				return nil, false
			}
		}
		in[i] = true
	}
	for i, kept := range in {
		if !kept {
			out = append(out, int32(i))
		}
	}
	return out, true
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
	t.setPriors(lexiconWords(x))
	for _, prior := range []priors{t.cue, t.lex} {
		for _, f := range slices.Sorted(maps.Keys(prior)) {
			t.prior[t.learn(f)] = true
		}
	}
	return t, nil
}

// setPriors sets tr's cue and lexicon pseudo-counts, and the lexicon
// features the sentiment model is kept to, from its options.
func (tr *Trainer) setPriors(words []lexiconWord) {
	o := tr.o
	tr.words = words
	tr.cue = cuePrior(o)
	tr.lex = lexiconPrior(o, words)
	if o.SentimentLexiconOnly {
		tr.lexFeats = make(map[string]bool, len(words))
		for _, w := range words {
			tr.lexFeats[w.feature] = true
		}
	}
}

// sentimentCounts reports whether the sentiment model counts feature f:
// every feature, unless SentimentLexiconOnly.
func (tr *Trainer) sentimentCounts(f string) bool {
	base, negated := features.Unnegated(f)
	return tr.lexFeats == nil || features.SentimentOnly(f) || tr.lexFeats[f] || negated && tr.lexFeats[base]
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
		tr.sentiment = append(tr.sentiment, tr.sentimentCounts(f))
	}
	return u
}

// features returns the uids of text's features, each once if Binary, in
// the order Extractor.Features gives them. A feature is looked up by its
// bytes and made a string only when it is new: a shared vocabulary
// extracts the whole corpus for every setting a search tries.
func (tr *Trainer) features(text string) []int32 {
	us, ok := tr.feats[text]
	if !ok {
		tr.own()
		tr.ensureUIDs()
		us = tr.scratch[:0]
		tr.x.Extract(text, func(f []byte) {
			u, known := tr.uid[string(f)]
			if !known {
				u = tr.learn(string(f))
			}
			if !tr.o.Features.Binary || !slices.Contains(us, u) {
				us = append(us, u)
			}
		})
		tr.scratch = us
		if len(tr.arena)+len(us) > cap(tr.arena) {
			tr.arena = make([]int32, 0, max(featChunk, len(us)))
		}
		start := len(tr.arena)
		tr.arena = append(tr.arena, us...)
		us = tr.arena[start:len(tr.arena):len(tr.arena)]
		tr.feats[text] = us
	}
	return us
}

// featChunk is the size of the chunks a Trainer keeps sentences' feature
// uids in (256 KiB).
const featChunk = 1 << 16

// Recycle hands m, a model tr trained, back to tr, whose next model then
// reuses its memory: a model of a shared vocabulary is as large as the
// vocabulary, and cross-validation trains hundreds of them one after
// another. Neither m nor a Scorer of it may be used afterwards.
func (tr *Trainer) Recycle(m *Model) { tr.spare = m }

// Options returns the options tr trains with.
func (tr *Trainer) Options() Options { return tr.o }

// Train fits a model for both targets on recs.
func (tr *Trainer) Train(recs []labels.Record) (*Model, error) {
	if len(recs) == 0 {
		return nil, ErrNoData
	}
	sh := tr.sharedVocab()
	if sh != nil && sh.uids == len(tr.names) {
		if out, ok := sh.leftOut(recs); ok {
			return tr.trainWithout(sh, out), nil
		}
	}
	spare := tr.spare
	tr.spare = nil
	m := &Model{Options: tr.o}
	feats := make([][]int32, len(recs))
	for i, r := range recs {
		feats[i] = tr.features(r.Text)
	}
	var pos []int32 // uid -> vocabulary index, -1 if out
	if sh != nil && sh.uids == len(tr.names) {
		m.Vocab, pos, m.sentimentOnly = sh.vocab, sh.pos, sh.only
	} else {
		// A feature learnt from these sentences is in no shared count:
		// train the usual way.
		sh = nil
		pos = tr.vocabulary(m, feats)
	}
	v := len(m.Vocab)
	for ti, target := range labels.Targets() {
		t := &Target{Name: target, Labels: target.Labels(), Temperature: 1}
		k := len(t.Labels)
		t.Docs = make([]int, k)
		t.Counts = make([][]int32, k)
		for c := range t.Counts {
			t.Counts[c] = slices.Grow(spare.countsOf(ti, c), v)[:v]
			clear(t.Counts[c])
		}
		for i, r := range recs {
			c := labels.Index(t.Labels, r.Label(target))
			if c < 0 {
				return nil, fmt.Errorf("sentence %s/%d has no valid %s label (%q)", r.Article, r.Index, target, r.Label(target))
			}
			t.Docs[c]++
			tr.count(t.Counts[c], target, feats[i], pos, 1)
		}
		prior := tr.priorOf(target)
		if sh != nil {
			// The same vocabulary, the same pseudo-counts: every model of
			// the shared vocabulary reads one copy.
			t.Pseudo = sh.pseudos[ti]
		} else if len(prior) > 0 {
			tr.ensureUIDs()
			t.Pseudo = NewPseudo(v, k)
			for f, pc := range prior {
				if c := slices.Index(t.Labels, pc.label); c >= 0 {
					t.Pseudo.Add(c, int(pos[tr.uid[f]]), pc.n)
				}
			}
		}
		m.Targets = append(m.Targets, t)
	}
	if sh != nil {
		m.vocabOf = sh.vocabulary
		m.prepareWith(nil, spare)
	} else {
		m.prepare()
	}
	return m, nil
}

// sharedVocab returns the shared vocabulary of ShareVocabulary, or nil if
// there is none or models cannot use it: with MinDF above 1 a feature's
// document frequency depends on the subset trained on.
func (tr *Trainer) sharedVocab() *sharedVocab {
	if tr.o.Features.MinDF > 1 {
		return nil
	}
	return tr.shared
}

// ErrNoSharedCorpus is returned by TrainWithout when the Trainer has no
// shared corpus to subtract from.
var ErrNoSharedCorpus = errors.New("no shared corpus to train on a part of (ShareVocabulary first, on sentences each there once with valid labels)")

// TrainWithout fits a model on the corpus given to ShareVocabulary less
// the sentences at positions out (indices into that corpus): the model
// Train would fit on those sentences, made without the subset being built
// and matched sentence by sentence against the corpus. Cross-validation
// knows each fold by what it leaves out. It fails with ErrNoSharedCorpus
// when there is no corpus to subtract from (no ShareVocabulary, a
// sentence there twice or with a label no target knows, a feature learnt
// since from other sentences, or MinDF above 1), and when out names a
// position twice or outside the corpus, or leaves nothing to train on.
func (tr *Trainer) TrainWithout(out []int32) (*Model, error) {
	sh := tr.sharedVocab()
	if sh == nil || sh.at == nil || sh.uids != len(tr.names) {
		return nil, ErrNoSharedCorpus
	}
	if len(tr.marks) != len(sh.all) {
		tr.marks = make([]bool, len(sh.all))
	}
	defer clear(tr.marks)
	for _, i := range out {
		if i < 0 || int(i) >= len(sh.all) {
			return nil, fmt.Errorf("position %d is outside the shared corpus of %d sentences", i, len(sh.all))
		}
		if tr.marks[i] {
			return nil, fmt.Errorf("position %d is left out twice", i)
		}
		tr.marks[i] = true
	}
	if len(out) == len(sh.all) {
		return nil, ErrNoData
	}
	return tr.trainWithout(sh, out), nil
}

// trainWithout is TrainWithout once out is known to be valid: the whole
// corpus's counts less those of the sentences left out, the same integers
// as counting the rest, at the cost of the few left out rather than the
// many kept.
func (tr *Trainer) trainWithout(sh *sharedVocab, out []int32) *Model {
	spare := tr.spare
	tr.spare = nil
	m := &Model{Options: tr.o, Vocab: sh.vocab, sentimentOnly: sh.only, vocabOf: sh.vocabulary}
	for ti, target := range labels.Targets() {
		t := &Target{Name: target, Labels: target.Labels(), Temperature: 1}
		t.Docs = slices.Clone(sh.docs[ti])
		t.Counts = make([][]int32, len(t.Labels))
		for c := range t.Counts {
			t.Counts[c] = append(spare.countsOf(ti, c), sh.counts[ti][c]...)
		}
		for _, i := range out {
			c := sh.class[ti][i]
			t.Docs[c]--
			tr.count(t.Counts[c], target, sh.feats[i], sh.pos, -1)
		}
		// The same vocabulary, the same pseudo-counts: every model of the
		// shared vocabulary reads one copy.
		t.Pseudo = sh.pseudos[ti]
		m.Targets = append(m.Targets, t)
	}
	m.prepareWith(nil, spare)
	return m
}

// SharedIDs appends to dst the vocabulary ids of the features of sentence
// i of the corpus given to ShareVocabulary, as a Scorer of a model of that
// vocabulary would find them in its text (Scorer.ScoreIDs), and returns
// dst. It panics if there is no shared vocabulary or i is outside its
// corpus.
func (tr *Trainer) SharedIDs(dst []int32, i int) []int32 {
	sh := tr.shared
	for _, u := range sh.feats[i] {
		dst = append(dst, sh.pos[u])
	}
	return dst
}

// countsOf returns the counts of class c of target ti of m, emptied for
// reuse, or nil if m (nil: no model) has none.
func (m *Model) countsOf(ti, c int) []int32 {
	if m == nil || ti >= len(m.Targets) || c >= len(m.Targets[ti].Counts) {
		return nil
	}
	return m.Targets[ti].Counts[c][:0]
}

// vocabulary gives m the features of feats that the options keep, in name
// order, and returns where each feature uid went (-1: left out). Document
// frequency decides; a feature with lexicon pseudo-counts is always in.
func (tr *Trainer) vocabulary(m *Model, feats [][]int32) []int32 {
	df := make([]int32, len(tr.names))
	stamp := make([]int32, len(tr.names))
	for i := range feats {
		for _, u := range feats[i] {
			if stamp[u] != int32(i)+1 {
				stamp[u] = int32(i) + 1
				df[u]++
			}
		}
	}
	tr.sortOrder()
	pos := make([]int32, len(tr.names))
	for _, u := range tr.order {
		pos[u] = -1
		if df[u] >= int32(tr.o.Features.MinDF) || tr.prior[u] {
			pos[u] = int32(len(m.Vocab))
			m.Vocab = append(m.Vocab, tr.names[u])
		}
	}
	return pos
}

// priors are pseudo-counts by feature: each feature of a prior has
// pseudo-counts in one class only.
type priors map[string]priorCount

// priorCount is a feature's pseudo-count n in class label.
type priorCount struct {
	label string
	n     float64
}

// cuePrior gives each cue feature CueWeight pseudo-counts in its own class.
func cuePrior(o Options) priors {
	if o.CueWeight == 0 || len(o.Features.Cues) == 0 {
		return nil
	}
	p := make(priors)
	for _, tag := range features.CueTags() {
		p[features.CueFeature(tag)] = priorCount{tag, o.CueWeight}
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
func lexiconPrior(o Options, words []lexiconWord) priors {
	if o.LexiconWeight == 0 {
		return nil
	}
	sum := make(map[string]float64)
	n := make(map[string]int)
	for _, w := range words {
		sum[w.feature] += w.valence
		n[w.feature]++
	}
	p := make(priors)
	for f, s := range sum {
		v := s / float64(n[f])
		switch {
		case v > 0:
			p[f] = priorCount{labels.Sentiment.Positive(), o.LexiconWeight * v / 4}
		case v < 0:
			p[f] = priorCount{labels.Sentiment.Negative(), o.LexiconWeight * -v / 4}
		}
	}
	return p
}
