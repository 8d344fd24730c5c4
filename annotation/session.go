package annotation

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/stance-nlp/stance/agreement"
	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// Cold start: while some class of either target has fewer than ColdMin of
// the annotator's own labels, and the annotator has given fewer than
// ColdLimit, sentences are drawn at random. A model that has seen nothing
// of the user's data is unsure at random, so its uncertainty teaches
// little; after ColdLimit labels a class still that rare is rare in the
// data, and uncertainty sampling finds the rare class better than random
// draws do.
const (
	ColdMin   = 3
	ColdLimit = 30
)

// Stabilising predictions (Bloodgood and Vijay-Shanker 2009): when Cohen's
// kappa between the predictions of successive models on the sentences not
// yet labelled is at least StableKappa for StableRounds rounds in a row,
// for both targets, more labels are unlikely to change what the model
// says, and the page tells the annotator so.
const (
	StableKappa  = 0.99
	StableRounds = 3
)

// Errors of the session's actions, for the page to tell apart.
var (
	// ErrNotCurrent: the answer is for a sentence that is not the one on
	// screen (a second tab, a page from before a restart).
	ErrNotCurrent = errors.New("not the sentence on screen")
	// ErrNothingToUndo: the annotator has no label or skip left to undo.
	ErrNothingToUndo = errors.New("nothing to undo")
)

// Config is how a session runs.
type Config struct {
	Annotator  string
	Order      Strategy // how uncertainty is measured; "" is Entropy
	RandomRate float64  // share of picks drawn at random, 0 to 1
	Overlap    int      // sentences every annotator gets first
	Seed       uint64   // seeds the random picks
	// Base is labelled data the model learns from besides the annotator's
	// own labels (the built-in corpus), or nil.
	Base []labels.Record
	// BaseName describes Base on the page.
	BaseName string
	// Temperatures, one per target in labels.Targets order, calibrate
	// every model the session trains; nil leaves them uncalibrated.
	// Refitting them after each label would cost a cross-validation per
	// label, so they are fitted once on Base (as the built-in model is).
	Temperatures []float64
	// Offsets, likewise, are the decision offsets of each target (see
	// classify.FitOffsets), fitted once on Base; nil adds none.
	Offsets [][]float64
	// Contexts, likewise, are the article-context weights of each target
	// (classify.Model.InContext), fitted with the temperatures; nil or 0
	// scores every sentence alone. A temperature fitted with a weight
	// calibrates only with it.
	Contexts []float64
	Catalog  labels.Catalog // article details, or nil
	DataName string         // the data file, for messages
	Now      func() time.Time
}

// Session is one annotator labelling one data set: it keeps the log,
// retrains the model after every label, and chooses what to show next. Its
// methods may be called from several goroutines (the HTTP handler's).
type Session struct {
	mu      sync.Mutex
	cfg     Config
	log     *Log
	data    []labels.Record
	pos     map[Key]int
	article map[string][]int // data positions of each article, in index order
	cluster []int            // each position's near-duplicate cluster
	members map[int][]int    // cluster -> positions
	overlap []int

	trainer *classify.Trainer
	model   *classify.Model
	scorer  *classify.Scorer // the model's, valid until the next training
	dists   [][][]float64    // dists[i][t]: the current model's distribution for position i, target t
	best    [][]int          // best[i][t]: its label index (nil: not scored)
	rounds  []Round

	eff   map[Key]Entry // the annotator's effective label or skip per sentence
	stack []Entry       // the annotator's labels and skips not retracted, in order: the undo stack
	cur   *current
}

type current struct {
	i      int
	pick   string
	shown  time.Time
	undone *Entry // the entry retracted to bring this sentence back
}

// Round is one retraining: how far the new model's predictions on the
// sentences still to label agree with the previous model's.
type Round struct {
	Labels    int            // the annotator's labels the new model learnt from
	Stance    agreement.Stat // Cohen's kappa between the two models, N sentences
	Sentiment agreement.Stat
}

// NewSession starts a session on data (the sentences to label, each
// (article, index) once) with the log, which may hold earlier work: the
// session resumes it. Every labelled or skipped sentence in the log must
// be in data with the same text, else the errors name the log's lines.
func NewSession(data []labels.Record, log *Log, cfg Config) (*Session, error) {
	if cfg.Annotator == "" {
		return nil, errors.New("no annotator named")
	}
	if len(data) == 0 {
		return nil, errors.New("no sentences to label")
	}
	if cfg.Order == "" {
		cfg.Order = Entropy
	}
	if _, err := ParseStrategy(string(cfg.Order)); err != nil {
		return nil, err
	}
	if !(cfg.RandomRate >= 0 && cfg.RandomRate <= 1) {
		return nil, fmt.Errorf("random share %v: want 0 to 1", cfg.RandomRate)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Session{cfg: cfg, log: log, data: data, pos: make(map[Key]int), article: make(map[string][]int)}
	texts := make([]string, len(data))
	for i, r := range data {
		k := Key{r.Article, r.Index}
		if _, dup := s.pos[k]; dup {
			return nil, fmt.Errorf("%s: sentence %s given twice", cfg.DataName, k)
		}
		s.pos[k] = i
		s.article[r.Article] = append(s.article[r.Article], i)
		texts[i] = r.Text
	}
	for _, ps := range s.article {
		slices.SortFunc(ps, func(a, b int) int { return data[a].Index - data[b].Index })
	}
	if err := CheckData(log.Entries(), data, log.Path(), cfg.DataName); err != nil {
		return nil, err
	}
	s.cluster = twinClusters(texts, TwinThreshold)
	s.members = make(map[int][]int)
	for i, c := range s.cluster {
		s.members[c] = append(s.members[c], i)
	}
	s.overlap = overlapSample(data, s.cluster, cfg.Overlap)
	tr, err := classify.NewTrainer(classify.DefaultOptions())
	if err != nil {
		return nil, err
	}
	s.trainer = tr
	s.dists = make([][][]float64, len(data))
	s.best = make([][]int, len(data))
	if err := s.refresh(true); err != nil {
		return nil, err
	}
	return s, nil
}

// CheckData returns an error naming the log's line for every labelled or
// skipped sentence of entries that is not in data, or has other text there
// (up to labels.MaxErrors).
func CheckData(entries []Entry, data []labels.Record, logName, dataName string) error {
	text := make(map[Key]string, len(data))
	for _, r := range data {
		text[Key{r.Article, r.Index}] = r.Text
	}
	var errs []error
	for _, e := range entries {
		if e.Op == OpRetract {
			continue
		}
		t, ok := text[e.Key()]
		var err error
		switch {
		case !ok:
			err = problem(ErrNotInData, "sentence %s is not in %s: is this the log of another data file?", e.Key(), dataName)
		case t != e.Text:
			err = problem(ErrNotInData, "sentence %s has other text in %s (%q there, %q here)", e.Key(), dataName, clip([]byte(t), 60), clip([]byte(e.Text), 60))
		default:
			continue
		}
		if len(errs) == labels.MaxErrors {
			errs = append(errs, fmt.Errorf("%s: and more sentences not in %s", logName, dataName))
			break
		}
		errs = append(errs, &labels.ParseError{File: logName, Line: e.Line, Err: err})
	}
	return errors.Join(errs...)
}

// overlapSample returns n positions drawn at random, one per near-duplicate
// cluster, seeded by the data alone: every annotator of the same data gets
// the same sentences in the same order.
func overlapSample(data []labels.Record, cluster []int, n int) []int {
	if n <= 0 {
		return nil
	}
	h := fnv.New64a()
	for _, r := range data {
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00", r.Article, r.Index, r.Text)
	}
	var reps []int
	for i, c := range cluster {
		if c == i {
			reps = append(reps, i)
		}
	}
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x6f7665726c6170)) // "overlap"
	rng.Shuffle(len(reps), func(a, b int) { reps[a], reps[b] = reps[b], reps[a] })
	return reps[:min(n, len(reps))]
}

// replay reads the annotator's effective state from the log: the latest
// label or skip of each sentence that was not retracted, and the undo
// stack.
func replay(entries []Entry, annotator string) (map[Key]Entry, []Entry) {
	retracted := make(map[int]bool)
	for _, e := range entries {
		if e.Op == OpRetract {
			retracted[e.Retracts] = true
		}
	}
	eff := make(map[Key]Entry)
	var stack []Entry
	for _, e := range entries {
		if e.Annotator != annotator || e.Op == OpRetract || retracted[e.Seq] {
			continue
		}
		eff[e.Key()] = e
		stack = append(stack, e)
	}
	return eff, stack
}

// refresh brings the session up to date with the log: the annotator's
// state, then (if the labels changed) a new model and its predictions,
// then the next sentence if none is on screen.
func (s *Session) refresh(retrain bool) error {
	s.eff, s.stack = replay(s.log.Entries(), s.cfg.Annotator)
	if retrain {
		if err := s.retrain(); err != nil {
			return err
		}
	}
	if s.cur == nil {
		s.pickNext()
	}
	if s.cur != nil && s.model != nil && s.best[s.cur.i] == nil {
		s.score(s.cur.i) // undone after the last training
	}
	return nil
}

// own returns the annotator's labelled sentences.
func (s *Session) own() []labels.Record {
	var recs []labels.Record
	for _, e := range s.stack {
		if s.eff[e.Key()].Seq == e.Seq && e.Op == OpLabel {
			recs = append(recs, labels.Record{Article: e.Article, Index: e.Index, Text: e.Text, Stance: e.Stance, Sentiment: e.Sentiment})
		}
	}
	return recs
}

// retrain trains a model on the base and the annotator's labels, scores
// every sentence not yet done, and measures how far the predictions moved.
func (s *Session) retrain() error {
	own := s.own()
	recs := append(slices.Clip(s.cfg.Base), own...)
	if len(recs) == 0 {
		s.model = nil
		return nil
	}
	m, err := s.trainer.Train(recs)
	if err != nil {
		return fmt.Errorf("training on %d sentences: %w", len(recs), err)
	}
	for t, T := range s.cfg.Temperatures {
		if err := m.SetTemperature(t, T); err != nil {
			return err
		}
	}
	for t, off := range s.cfg.Offsets {
		if err := m.SetOffsets(t, off); err != nil {
			return err
		}
	}
	for t, k := range s.cfg.Contexts {
		if err := m.SetContext(t, k); err != nil {
			return err
		}
	}
	hadModel := s.model != nil
	s.model, s.scorer = m, s.trainer.Scorer(m)
	prev := s.best
	s.best = make([][]int, len(s.data))
	for _, ps := range s.article {
		s.scoreArticle(ps, func(i int) bool { return !s.done(i) })
	}
	if hadModel {
		s.rounds = append(s.rounds, s.compare(prev, len(own)))
	}
	return nil
}

// score keeps the current model's predictions for position i, made as
// classify makes them: in the context of the other sentences of its
// article.
func (s *Session) score(i int) {
	s.scoreArticle(s.article[s.data[i].Article], func(j int) bool { return j == i })
}

// scoreArticle scores the sentences at positions ps, one article's, in
// each other's context (classify.Model.InContext), and keeps the
// predictions of those keep says.
func (s *Session) scoreArticle(ps []int, keep func(int) bool) {
	preds := make([][]classify.Prediction, len(ps))
	for k, i := range ps {
		preds[k] = classify.ClonePredictions(s.scorer.ScoreLogits(s.data[i].Text))
	}
	s.model.InContext(preds)
	for k, i := range ps {
		if !keep(i) {
			continue
		}
		d := make([][]float64, len(preds[k]))
		b := make([]int, len(preds[k]))
		for t, p := range preds[k] {
			d[t], b[t] = p.Probs, p.Best
		}
		s.dists[i], s.best[i] = d, b
	}
}

// compare returns the round between predictions prev and the current ones
// on the sentences both scored.
func (s *Session) compare(prev [][]int, nOwn int) Round {
	r := Round{Labels: nOwn}
	for t, target := range labels.Targets() {
		k := len(target.Labels())
		c := agreement.Confusion{Coders: [2]string{"previous model", "new model"}, Categories: target.Labels(), Counts: make([][]int, k)}
		for j := range c.Counts {
			c.Counts[j] = make([]int, k)
		}
		for i := range s.data {
			if prev[i] != nil && s.best[i] != nil {
				c.Counts[prev[i][t]][s.best[i][t]]++
			}
		}
		if target == labels.Sentiment {
			r.Sentiment = c.Kappa()
		} else {
			r.Stance = c.Kappa()
		}
	}
	return r
}

// counts returns the annotator's labels per class: counts[t][label].
func (s *Session) counts() []map[string]int {
	out := make([]map[string]int, len(labels.Targets()))
	for t := range out {
		out[t] = make(map[string]int)
	}
	for _, e := range s.eff {
		if e.Op != OpLabel {
			continue
		}
		for t, target := range labels.Targets() {
			out[t][labelOf(e, target)]++
		}
	}
	return out
}

// cold reports whether picks are still drawn at random for a cold start.
func (s *Session) cold() bool {
	if s.model == nil {
		return true
	}
	n := 0
	for _, e := range s.eff {
		if e.Op == OpLabel {
			n++
		}
	}
	if n >= ColdLimit {
		return false
	}
	counts := s.counts()
	for t, target := range labels.Targets() {
		for _, l := range target.Labels() {
			if counts[t][l] < ColdMin {
				return true
			}
		}
	}
	return false
}

// done reports whether the annotator has labelled or skipped position i.
func (s *Session) done(i int) bool {
	_, ok := s.eff[Key{s.data[i].Article, s.data[i].Index}]
	return ok
}

// twinLabel returns the annotator's latest label of a near-duplicate of
// position i, if there is one.
func (s *Session) twinLabel(i int) (Entry, bool) {
	var best Entry
	for _, j := range s.members[s.cluster[i]] {
		if j == i {
			continue
		}
		if e, ok := s.eff[Key{s.data[j].Article, s.data[j].Index}]; ok && e.Op == OpLabel && e.Seq > best.Seq {
			best = e
		}
	}
	return best, best.Seq > 0
}

// pickNext chooses the next sentence: the overlap sample first, then
// sentences with no labelled twin (at random during a cold start and for
// the RandomRate share, else the most uncertain), then the twins of
// labelled sentences with their label offered. The random draws are
// seeded by the seed, the annotator and how many answers they have given,
// so a resumed session asks what the same session would have.
func (s *Session) pickNext() {
	s.cur = nil
	for _, i := range s.overlap {
		if !s.done(i) {
			s.cur = &current{i: i, pick: PickOverlap, shown: s.cfg.Now()}
			return
		}
	}
	var open, twins []int
	for i := range s.data {
		if s.done(i) {
			continue
		}
		if s.model != nil && s.best[i] == nil {
			s.score(i) // skipped at the last training, since undone
		}
		if _, ok := s.twinLabel(i); ok {
			twins = append(twins, i)
		} else {
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		if len(twins) > 0 {
			s.cur = &current{i: twins[0], pick: PickTwin, shown: s.cfg.Now()}
		}
		return
	}
	h := fnv.New64a()
	h.Write([]byte(s.cfg.Annotator))
	rng := rand.New(rand.NewPCG(s.cfg.Seed, h.Sum64()+uint64(len(s.stack))))
	draw := rng.Float64()
	random := open[rng.IntN(len(open))]
	switch {
	case s.cold():
		s.cur = &current{i: random, pick: PickCold}
	case draw < s.cfg.RandomRate:
		s.cur = &current{i: random, pick: PickRandom}
	default:
		s.cur = &current{i: open[s.cfg.Order.mostUncertain(open, s.dists)], pick: PickUncertain}
	}
	s.cur.shown = s.cfg.Now()
}

// guess returns the current model's guess for position i, or nil.
func (s *Session) guess(i int) *Guess {
	if s.model == nil || s.best[i] == nil {
		return nil
	}
	g := &Guess{}
	for t, target := range labels.Targets() {
		b := s.best[i][t]
		l, p := target.Labels()[b], round4(s.dists[i][t][b])
		if target == labels.Sentiment {
			g.Sentiment, g.SentimentP = l, p
		} else {
			g.Stance, g.StanceP = l, p
		}
	}
	return g
}

// Label records the annotator's labels for the sentence on screen, synced
// to the log, retrains the model and moves on.
func (s *Session) Label(k Key, stance, sentiment string) error {
	if err := checkLabel(labels.Stance, stance); err != nil {
		return err
	}
	if err := checkLabel(labels.Sentiment, sentiment); err != nil {
		return err
	}
	return s.answer(k, OpLabel, stance, sentiment)
}

// Skip records that the annotator skipped the sentence on screen or was
// unsure of it: no label. It is not asked again unless undone.
func (s *Session) Skip(k Key) error { return s.answer(k, OpSkip, "", "") }

func (s *Session) answer(k Key, op Op, stance, sentiment string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil || (Key{s.data[s.cur.i].Article, s.data[s.cur.i].Index}) != k {
		return fmt.Errorf("%w: %s", ErrNotCurrent, k)
	}
	now := s.cfg.Now()
	r := s.data[s.cur.i]
	e := Entry{
		Op: op, Time: now.UTC().Round(time.Millisecond), Annotator: s.cfg.Annotator,
		Article: r.Article, Index: r.Index, Text: r.Text, Stance: stance, Sentiment: sentiment,
		Pick: s.cur.pick, Seconds: math.Round(now.Sub(s.cur.shown).Seconds()*10) / 10,
		Guess: s.guess(s.cur.i),
	}
	if _, err := s.log.Append(e); err != nil {
		return err
	}
	s.cur = nil
	return s.refresh(op == OpLabel)
}

// Undo retracts the annotator's latest label or skip (written to the log
// as a retraction) and puts that sentence back on screen. It can be called
// again and again, down to the first answer.
func (s *Session) Undo() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.stack) == 0 {
		return ErrNothingToUndo
	}
	last := s.stack[len(s.stack)-1]
	_, err := s.log.Append(Entry{
		Op: OpRetract, Time: s.cfg.Now().UTC().Round(time.Millisecond), Annotator: s.cfg.Annotator,
		Article: last.Article, Index: last.Index, Retracts: last.Seq,
	})
	if err != nil {
		return err
	}
	s.cur = &current{i: s.pos[last.Key()], pick: last.Pick, shown: s.cfg.Now(), undone: &last}
	return s.refresh(last.Op == OpLabel)
}

// median returns the median of xs (0 for none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	xs = slices.Clone(xs)
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
