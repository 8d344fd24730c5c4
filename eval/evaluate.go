package eval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// Leakage says what a fold does with training sentences that
// near-duplicate a sentence of the held-out article.
type Leakage string

const (
	// Guard drops them from training: the default, and the honest number.
	Guard Leakage = "guard"
	// Keep trains on them: the naive number most tools report.
	Keep Leakage = "keep"
	// Compare runs both and reports them side by side.
	Compare Leakage = "compare"
)

// ParseLeakage returns the Leakage named s.
func ParseLeakage(s string) (Leakage, error) {
	switch l := Leakage(s); l {
	case Guard, Keep, Compare:
		return l, nil
	}
	return "", fmt.Errorf("unknown leakage mode %q (want guard, keep or compare)", s)
}

// Config is everything an evaluation depends on besides the corpus.
type Config struct {
	Targets   []labels.Target
	Train     classify.Options
	Leakage   Leakage
	Threshold float64 // near-duplicate similarity; see DefaultThreshold
	Seed      uint64  // bootstrap, baselines and learning curve
	Resamples int     // bootstrap resamples, and draws of consistentECE
	Curve     []float64
	Explain   int // features listed per misclassified sentence
	TopFeat   int // most informative features listed per class
	// Search chooses the model settings per fold by an inner
	// cross-validation over that fold's training groups only.
	Search bool
	// GroupBy is what a fold holds out: every sentence of one event (the
	// default), one topic family or one article.
	GroupBy Grouping
	// Catalog says which event and topic each article reports. Articles
	// it does not know are groups of their own.
	Catalog labels.Catalog
	// Progress, if set, is told what is being done, for a progress line,
	// from several goroutines at once.
	Progress func(what string)
	// Context, if set, is checked before each fold (of the evaluation,
	// the learning curve, the other groupings and the search): once it is
	// done, Evaluate stops and returns its error. Nil is never cancelled.
	Context context.Context
}

// stopped returns the context's error once it is done.
func (c Config) stopped() error {
	if c.Context == nil {
		return nil
	}
	return c.Context.Err()
}

func (c Config) progress(format string, args ...any) {
	if c.Progress != nil {
		c.Progress(fmt.Sprintf(format, args...))
	}
}

// DefaultConfig returns the configuration of `stance eval` without flags.
func DefaultConfig() Config {
	return Config{
		Targets:   labels.Targets(),
		Train:     classify.DefaultOptions(),
		Leakage:   Guard,
		Threshold: DefaultThreshold,
		Seed:      1,
		Resamples: 1000,
		Curve:     []float64{0.25, 0.5, 0.75, 1},
		Explain:   5,
		TopFeat:   10,
		GroupBy:   ByEvent,
	}
}

// ErrOneArticle is returned when there are not two groups to hold out.
var ErrOneArticle = errors.New("cross-validation needs at least two groups (articles, events or topics)")

// appendSubset appends recs[i] for each i in idx to dst: a fold's
// training sentences, in memory that the next fold can reuse, as Train
// keeps none of it.
func appendSubset(dst, recs []labels.Record, idx []int) []labels.Record {
	for _, i := range idx {
		dst = append(dst, recs[i])
	}
	return dst
}

// predicted is one held-out prediction for every target.
type predicted struct {
	labels []string    // per target
	probs  [][]float64 // per target, as the fold's model gives them
	logits [][]float64 // per target, before any temperature
	// The article context of a target read in context is not kept here:
	// decide makes it from the logits when it needs it (foldContexts).
	noEvidence bool
	toward     [][]classify.Contribution
}

// runFolds trains and predicts every fold, one after another, fold fi
// with trainer(fi). limit limits each fold's training set (for the
// learning curve); nil keeps all of it.
func runFolds(trainer func(fold int) *classify.Trainer, recs []labels.Record, folds []fold, cfg Config, keep keeping, limit func(f int, train []int) []int) ([]predicted, error) {
	// One goroutine, which makes each fold's Trainer as the fold starts:
	// eval --search makes one per setting, and the last must be free to
	// go while it makes the next.
	return shareFolds(1, func(_, fi int) *classify.Trainer { return trainer(fi) }, recs, folds, cfg, keep, limit)
}

// runFoldsOn is runFolds with tr for every fold, the folds shared out over
// GOMAXPROCS workers: tr trains for the first and a fork of it
// (classify.Trainer.Fork, which trains and scores exactly as tr does) for
// each other, so the predictions are runFolds's. Each fold writes only its
// own held-out sentences' predictions. On 100,000 generated sentences
// (bench/gen -labelled -events 20 -seed 4) this took eval from 54.5 to
// 46.6 s on two cores: the folds had run on one core.
//
// eval --search runs them one after another: there the search itself uses
// every core, and a fork's extractor and model in memory as well would
// take it past its budget (searchMemoryLimit in the command).
func runFoldsOn(tr *classify.Trainer, recs []labels.Record, folds []fold, cfg Config, keep keeping, limit func(f int, train []int) []int) ([]predicted, error) {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(folds)))
	if cfg.Search {
		workers = 1
	}
	trs := make([]*classify.Trainer, workers)
	for w := range trs {
		trs[w] = tr
		if w > 0 {
			trs[w] = tr.Fork() // every fork made before any trains
		}
	}
	return shareFolds(workers, func(w, _ int) *classify.Trainer { return trs[w] }, recs, folds, cfg, keep, limit)
}

// shareFolds runs the folds on workers goroutines (onWorkers), fold fi on
// worker w with trainer(w, fi).
func shareFolds(workers int, trainer func(w, fi int) *classify.Trainer, recs []labels.Record, folds []fold, cfg Config, keep keeping, limit func(f int, train []int) []int) ([]predicted, error) {
	r := newFoldRun(recs, cfg, keep, limit)
	ws := make([]foldWorker, workers)
	err := onWorkers(workers, len(folds), func(w, fi int) error {
		if err := cfg.stopped(); err != nil {
			return err
		}
		cfg.progress("fold %d of %d: %s", fi+1, len(folds), folds[fi].group)
		return r.fold(&ws[w], trainer(w, fi), fi, folds[fi])
	})
	if err != nil {
		return nil, err
	}
	return r.out, nil
}

// onWorkers calls do(w, i) for every i from 0 to n−1 on the given number
// of goroutines, w being the goroutine's number (0 to workers−1), and
// hands the i out in order (one goroutine does them in order). After an
// error it hands out no more, and the goroutines finish what they have
// begun. It returns the error of the lowest i that failed: the one doing
// them in order would have met.
func onWorkers(workers, n int, do func(w, i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if errs[i] = do(w, i); errs[i] != nil {
					next.Store(int64(n)) // the other goroutines stop too
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// foldRun is what the folds of one run share: the predictions they write,
// each fold its own held-out sentences'.
type foldRun struct {
	recs  []labels.Record
	cfg   Config
	keep  keeping
	limit func(f int, train []int) []int
	out   []predicted
	sl    *slab // keepLabels: where the predictions are kept
}

func newFoldRun(recs []labels.Record, cfg Config, keep keeping, limit func(f int, train []int) []int) *foldRun {
	r := &foldRun{recs: recs, cfg: cfg, keep: keep, limit: limit, out: make([]predicted, len(recs))}
	if keep == keepLabels {
		r.sl = newSlab(len(recs))
	}
	return r
}

// foldWorker is what one goroutine's folds reuse, one after another.
type foldWorker struct {
	idx   []int           // the fold's training sentences, as indices
	sents []labels.Record // and as records
}

// fold trains fold f, the fi-th, with tr and predicts its held-out
// sentences. w holds no Trainer: eval --search makes one per setting, and
// the last must be free to go while trainer makes the next.
func (r *foldRun) fold(w *foldWorker, tr *classify.Trainer, fi int, f fold) error {
	recs := r.recs
	var m *classify.Model
	var err error
	var train []int // with limit: the training sentences it leaves
	if r.limit != nil {
		train = r.limit(fi, f.train())
	}
	switch {
	case f.trainLen() == 0 || r.limit != nil && len(train) == 0:
		return fmt.Errorf("fold %s: no training sentences left (every other sentence near-duplicates this group; try --leakage keep to see the naive number)", f.group)
	case r.limit != nil:
		w.sents = appendSubset(w.sents[:0], recs, train)
		m, err = tr.Train(w.sents)
	default:
		// By subtraction when tr shares its vocabulary over recs: the
		// same model as training on the fold's sentences.
		if m, err = tr.TrainWithout(f.out); errors.Is(err, classify.ErrNoSharedCorpus) {
			w.idx = f.appendTrain(w.idx[:0])
			w.sents = appendSubset(w.sents[:0], recs, w.idx)
			m, err = tr.Train(w.sents)
		}
	}
	if err != nil {
		return fmt.Errorf("fold %s: %w", f.group, err)
	}
	s := tr.Scorer(m)
	for _, i := range f.test {
		if r.sl != nil {
			r.out[i] = r.sl.predict(s, recs[i], i)
			continue
		}
		r.out[i] = predict(s, recs[i], r.keep, r.cfg.Explain)
	}
	tr.Recycle(m) // predictions keep copies, not the model's memory
	return nil
}

// foldContexts returns, for target mi, each held-out sentence's article
// context, indexed like recs: the mean centred logits of the other
// sentences of its article with evidence (classify.ContextMeans), as
// classify reads it; nil where the target is not read in context
// (inContext false) or the article has one sentence. A fold holds out
// whole articles, so all of an article's sentences are among its test,
// scored by one model. It is made when a decision needs it, one target at
// a time, not kept with every prediction of every run: with both targets
// read in context that took eval --search on the built-in corpus from
// 99.4–101.6 MiB of peak memory to 95.6–96.0 (/usr/bin/time), and eval
// on 100,000 generated sentences from 1,085 to 933 MiB.
func foldContexts(recs []labels.Record, folds []fold, preds []predicted, mi int, inContext bool) [][]float64 {
	out := make([][]float64, len(recs))
	if !inContext {
		return out
	}
	var rows [][]float64
	var ev []bool
	for _, f := range folds {
		for _, run := range labels.ArticleRuns(recs, f.test) {
			if len(run) < 2 {
				continue
			}
			rows, ev = rows[:0], ev[:0]
			for _, i := range run {
				rows = append(rows, preds[i].logits[mi])
				ev = append(ev, !preds[i].noEvidence)
			}
			for j, m := range classify.ContextMeans(rows, ev) {
				out[run[j]] = m
			}
		}
	}
	return out
}

// keeping says what runFolds keeps of each prediction.
type keeping int

const (
	keepLabels    keeping = iota // the labels, logits and evidence flag, in a slab: a curve's point, a grouping's scores
	keepProbs                    // and the probabilities
	keepExplained                // and, for a wrong label, what pushed the sentence there
)

// predict scores one sentence for every target and keeps what keep says:
// with keepExplained, for a wrong label, the n features that pushed it
// there.
func predict(s *classify.Scorer, r labels.Record, keep keeping, n int) predicted {
	var p predicted
	preds := s.Score(r.Text)
	p.labels = make([]string, 0, len(preds))
	explain := keep == keepExplained
	for ti, pr := range preds {
		p.labels = append(p.labels, pr.Label())
		p.probs = append(p.probs, slices.Clone(pr.Probs))
		p.logits = append(p.logits, slices.Clone(pr.Logits))
		p.noEvidence = pr.NoEvidence
		var tw []classify.Contribution
		gold := slices.Index(pr.Labels, r.Label(pr.Target))
		if explain && gold != pr.Best && gold >= 0 {
			// A copy of just the n kept, not the list of every
			// contribution they were cut from: the report keeps them all.
			tw = slices.Clone(s.Contributions(ti, pr.Best, gold, n))
		}
		p.toward = append(p.toward, tw)
	}
	return p
}

// slab holds what keepLabels keeps of every prediction of a run, side by
// side: the labels, and the logits the labels a trained model gives come
// from with its temperature and offsets (decide). Thousands of
// predictions a run, three small allocations each, made a grouping's run
// and a curve's point weigh on eval --search's memory.
type slab struct {
	labels []string    // per record, per target
	rows   [][]float64 // per record, per target: views of vals
	vals   []float64   // per record, every target's logits
	width  int         // logits per record
}

func newSlab(n int) *slab {
	nt, width := len(labels.Targets()), 0
	for _, t := range labels.Targets() {
		width += len(t.Labels())
	}
	return &slab{labels: make([]string, n*nt), rows: make([][]float64, n*nt), vals: make([]float64, n*width), width: width}
}

// predict scores record r, the i-th, into the slab.
func (sl *slab) predict(s *classify.Scorer, r labels.Record, i int) predicted {
	preds := s.Score(r.Text)
	nt := len(preds)
	p := predicted{labels: sl.labels[i*nt : (i+1)*nt : (i+1)*nt], logits: sl.rows[i*nt : (i+1)*nt : (i+1)*nt]}
	off := i * sl.width
	for ti, pr := range preds {
		p.labels[ti] = pr.Label()
		p.logits[ti] = sl.vals[off : off+len(pr.Logits) : off+len(pr.Logits)]
		off += copy(p.logits[ti], pr.Logits)
		p.noEvidence = pr.NoEvidence
	}
	return p
}

// targetIndex is the position of target in a model's targets.
func targetIndex(t labels.Target) int { return slices.Index(labels.Targets(), t) }

// Evaluate cross-validates over recs, holding out one group (event, topic
// or article, cfg.GroupBy) at a time, and returns the report. name
// identifies the corpus in the report.
func Evaluate(recs []labels.Record, name string, cfg Config) (*Report, error) {
	if cfg.GroupBy == "" {
		cfg.GroupBy = ByEvent
	}
	group := groupKeys(recs, cfg.Catalog, cfg.GroupBy)
	if n := len(distinct(group)); n < 2 {
		return nil, fmt.Errorf("%w; %s has %d %s group (%v): add articles, or use 'stance train' to fit on all of it", ErrOneArticle, name, n, cfg.GroupBy, distinct(group))
	}
	if cfg.Resamples < 1 {
		return nil, fmt.Errorf("resamples %d: want at least 1", cfg.Resamples)
	}
	if err := cfg.Train.Validate(); err != nil {
		return nil, err
	}
	cfg.progress("finding near-duplicates")
	nd := findNearDuplicates(recs, cfg.Threshold)
	tw, cl := nd.twins, nd.cluster
	rep := newReport(recs, name, cfg, tw, cl)
	all := allIndices(len(recs))
	// foldGroup is what a fold holds out: the groups themselves, or, under
	// the nested search, at most maxSearchFolds blocks of whole groups (a
	// search per group would cost hours on a corpus of hundreds of events).
	foldGroup := group
	if cfg.Search && len(distinct(group)) > maxSearchFolds {
		foldGroup = dealGroups(all, group, maxSearchFolds)
	}
	// tr trains the curve, the other groupings and the informative
	// features; mainRun runs the main cross-validation's folds.
	var tr *classify.Trainer
	var mainRun func(folds []fold) ([]predicted, error)
	var selected func() *classify.Trainer
	if cfg.Search {
		s, err := newSearch(recs, tw, group, cfg)
		if err != nil {
			return nil, err
		}
		res, chosen, err := s.run(crossFolds(all, foldGroup, tw, searchLeakage(cfg.Leakage)))
		if err != nil {
			return nil, err
		}
		rep.Search = res
		mainRun = func(folds []fold) ([]predicted, error) { return s.runChosen(folds, chosen, res.SelectedIndex) }
		// The curve, the other groupings and the informative features
		// describe the setting selected on the whole corpus, the one
		// 'stance train' would use.
		selected = func() *classify.Trainer { return s.trainer(res.SelectedIndex) }
	} else {
		var err error
		if tr, err = classify.NewTrainer(cfg.Train); err != nil {
			return nil, err
		}
		// Every fold trains on a subset of recs: one vocabulary for all
		// of them saves building the scoring tables per fold, and changes
		// no score (classify.Trainer.ShareVocabulary). The search's
		// trainers share theirs.
		tr.ShareVocabulary(recs)
		mainRun = func(folds []fold) ([]predicted, error) {
			return runFoldsOn(tr, recs, folds, cfg, keepExplained, nil)
		}
		selected = func() *classify.Trainer { return tr }
	}

	modes := []Leakage{cfg.Leakage}
	if cfg.Leakage == Compare {
		modes = []Leakage{Guard, Keep}
	}
	type modeRun struct {
		leak  Leakage
		folds []fold
		preds []predicted
	}
	var runs []modeRun
	for _, leak := range modes {
		folds := crossFolds(all, foldGroup, tw, leak)
		preds, err := mainRun(folds)
		if err != nil {
			return nil, err
		}
		runs = append(runs, modeRun{leak, folds, preds})
	}
	tr = selected()
	primary := runs[0]

	var curve [][]CurvePoint // per target
	if len(cfg.Curve) > 0 {
		// The curve's last point, all of each fold's training set, is the
		// main run itself unless the search chose a setting per fold or
		// the curve has folds of its own: at most maxCurveFolds blocks of
		// whole groups, since a curve over hundreds of events would train
		// hundreds of models per point to draw a trend.
		folds, whole := primary.folds, primary.preds
		if cfg.Search {
			whole = nil
		}
		if len(distinct(foldGroup)) > maxCurveFolds {
			folds, whole = crossFolds(all, dealGroups(all, foldGroup, maxCurveFolds), tw, primary.leak), nil
		}
		curve = learningCurve(tr, recs, folds, cfg, whole)
		if err := cfg.stopped(); err != nil {
			return nil, err // the curve's runs stopped: its points are empty
		}
	}
	gen, err := generalisation(tr, recs, group, primary.folds, primary.preds, tw, cfg)
	if err != nil {
		return nil, err
	}
	// The model of the whole corpus gives only the most informative
	// features: taken first, so that the targets' reports do not hold it.
	full, err := tr.Train(recs)
	if err != nil {
		return nil, err
	}
	informative := make([][]ClassFeatures, len(cfg.Targets))
	for ti, target := range cfg.Targets {
		inf := full.Informative(target, cfg.TopFeat)
		for _, l := range target.Labels() {
			informative[ti] = append(informative[ti], ClassFeatures{Label: l, Features: inf[l]})
		}
	}
	// The targets' reports are independent: made side by side.
	first := len(rep.Targets)
	rep.Targets = append(rep.Targets, make([]TargetReport, len(cfg.Targets))...)
	eachTarget(cfg, len(cfg.Targets), func(ti int) {
		target := cfg.Targets[ti]
		trep := TargetReport{Target: target, Labels: target.Labels(), Polar: target.Polar()}
		mi := targetIndex(target)
		for _, run := range runs {
			cal := calibrateFolds(recs, run.folds, run.preds, mi, target, cfg.Train.InContext(target), cfg.Resamples, cfg.Seed)
			trep.Evaluations = append(trep.Evaluations, evaluation(recs, group, run.leak, run.folds, run.preds, cal, mi, target, cl, cfg))
		}
		trep.Baselines = baselines(recs, primary.folds, target, trep.Evaluations[0], cfg)
		if curve != nil {
			trep.Curve = curve[mi]
		}
		trep.Generalisation = gen[mi]
		trep.Informative = informative[ti]
		rep.Targets[first+ti] = trep
	})
	return rep, nil
}

// eachTarget calls f(0) to f(n−1), one for each target, side by side, and
// returns when all have returned. Each writes only its own target's part
// of the report. Their bootstraps and baselines run on one core each: on
// 100,000 generated sentences this took eval from 46.6 to 41.1 s on two
// cores. Under cfg.Search they run one after another, for its memory
// budget, as runFoldsOn's folds do.
func eachTarget(cfg Config, n int, f func(i int)) {
	if cfg.Search {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { f(i) })
	}
	wg.Wait()
}

// distinct returns the distinct values of xs in first-seen order.
func distinct(xs []string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// evaluation assembles one leakage mode's results for one target: scores
// with intervals, per fold and per collection, calibration, and every
// prediction (with cross-fitted calibrated probabilities).
func evaluation(recs []labels.Record, group []string, leak Leakage, folds []fold, preds []predicted, cal foldCalibration, mi int, target labels.Target, cl []int, cfg Config) Evaluation {
	ls := target.Labels()
	polar := target.Polar()
	ev := Evaluation{Leakage: leak, GroupBy: cfg.GroupBy}
	ev.Calibration = cal.report
	pooled := NewConfusion(ls)
	var gold, pred []string
	for _, f := range folds {
		c := NewConfusion(ls)
		for _, i := range f.test {
			c.Add(recs[i].Label(target), cal.labels[i])
		}
		pooled.Merge(c)
		ev.Folds = append(ev.Folds, Fold{Group: f.group, Train: f.trainLen(), Dropped: f.dropped, Test: len(f.test), Confusion: c, Scores: c.Scores(polar)})
	}
	for i, r := range recs {
		gold = append(gold, r.Label(target))
		pred = append(pred, cal.labels[i])
		p := preds[i]
		probs := Probs{Labels: ls, Values: cal.probs[i][:len(ls):len(ls)]}
		// What pushed a wrong label there was listed against the fold
		// model's own label; the decision offsets may have changed it.
		toward := p.toward[mi]
		if cal.labels[i] != p.labels[mi] {
			toward = nil
		}
		ev.Outcomes = append(ev.Outcomes, Outcome{
			Article: r.Article, Index: r.Index, Text: r.Text, Target: target,
			Gold: r.Label(target), Predicted: cal.labels[i], Confidence: probs.Of(cal.labels[i]),
			Probs: probs, NoEvidence: p.noEvidence, Toward: toward,
		})
	}
	ev.Pooled = result(pooled, polar, gold, pred, group, cfg)
	// Distinct sentences: each near-duplicate cluster once, through its
	// first member (in corpus order) and that member's own held-out
	// prediction.
	distinctC := NewConfusion(ls)
	var dg, dp, dgr []string
	for i := range recs {
		if cl[i] == i {
			distinctC.Add(gold[i], pred[i])
			dg, dp, dgr = append(dg, gold[i]), append(dp, pred[i]), append(dgr, group[i])
		}
	}
	ev.Distinct = result(distinctC, polar, dg, dp, dgr, cfg)
	for _, col := range cfg.Catalog.Collections(recs) {
		c := NewConfusion(ls)
		var cg, cp, cgr []string
		for i, r := range recs {
			if cfg.Catalog.Collection(r.Article) == col {
				c.Add(gold[i], pred[i])
				cg, cp, cgr = append(cg, gold[i]), append(cp, pred[i]), append(cgr, group[i])
			}
		}
		ev.Collections = append(ev.Collections, CollectionResult{Collection: col, Result: result(c, polar, cg, cp, cgr, cfg)})
	}
	return ev
}

func result(c *Confusion, polar [2]string, gold, pred, group []string, cfg Config) Result {
	return Result{
		N: c.Total(), Groups: len(distinct(group)), Confusion: c, Scores: c.Scores(polar),
		CI:      Bootstrap(c.Labels, polar, gold, pred, cfg.Resamples, cfg.Seed),
		GroupCI: BootstrapGroups(c.Labels, polar, gold, pred, group, cfg.Resamples, cfg.Seed),
	}
}

// learningCurve trains each fold on a seeded random share of its training
// sentences, for every fraction in cfg.Curve, and pools the predictions.
func learningCurve(tr *classify.Trainer, recs []labels.Record, folds []fold, cfg Config, whole []predicted) [][]CurvePoint {
	out := make([][]CurvePoint, len(labels.Targets()))
	for k, frac := range cfg.Curve {
		share := func(n int) int { return max(1, int(math.Ceil(frac*float64(n)))) }
		// limit is called from several goroutines (runFoldsOn): it keeps
		// nothing of its own.
		limit := func(fi int, train []int) []int {
			rng := rand.New(rand.NewPCG(cfg.Seed, uint64(k)<<32|uint64(fi)))
			idx := slices.Clone(train)
			rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
			idx = idx[:share(len(idx))]
			slices.Sort(idx)
			return idx
		}
		used := 0
		quiet := cfg
		quiet.progress("learning curve: %d%% of each fold's training set", int(frac*100+0.5))
		quiet.Progress = nil
		var preds []predicted
		var err error
		if frac == 1 && whole != nil {
			// Every fold's whole training set: the predictions of the run
			// that trained on exactly that, with tr.
			preds = whole
			for _, f := range folds {
				used += f.trainLen()
			}
		} else {
			preds, err = runFoldsOn(tr, recs, folds, quiet, keepLabels, limit)
			for _, f := range folds {
				used += share(f.trainLen())
			}
		}
		eachTarget(cfg, len(labels.Targets()), func(mi int) {
			target := labels.Targets()[mi]
			pt := CurvePoint{Fraction: frac, Train: float64(used) / float64(len(folds)), Folds: len(folds)}
			if err == nil {
				c := NewConfusion(target.Labels())
				gold, pred := make([]string, len(recs)), decide(folds, preds, foldContexts(recs, folds, preds, mi, cfg.Train.InContext(target)), goldIndices(recs, target), mi, target.Labels(), false).labels
				for i, r := range recs {
					gold[i] = r.Label(target)
					c.Add(gold[i], pred[i])
				}
				s := c.Scores(target.Polar())
				pt.MacroF1, pt.FAvg, pt.Accuracy = s.MacroF1, s.FAvg, s.Accuracy
				pt.GroupCI = BootstrapGroups(target.Labels(), target.Polar(), gold, pred, heldOutGroups(len(recs), folds), cfg.Resamples, cfg.Seed)
			}
			out[mi] = append(out[mi], pt)
		})
	}
	return out
}

// heldOutGroups returns, for each of n records, the group of the fold
// that holds it out.
func heldOutGroups(n int, folds []fold) []string {
	group := make([]string, n)
	for _, f := range folds {
		for _, i := range f.test {
			group[i] = f.group
		}
	}
	return group
}

// generalisation scores the model under every grouping (article, event,
// topic) with the leakage guard, so the report can say how far its figures
// carry: to a new article, a new event, a new kind of news. The run of the
// evaluation's own grouping is reused.
// maxComparisonFolds is the most folds a grouping other than the
// evaluation's own is cross-validated in for the comparison table: with
// more groups than this (every article of a large corpus, say), the groups
// are dealt into this many blocks, each still holding out whole groups.
// One fold per article would retrain the model once per article, and the
// time would grow with the square of the corpus.
const maxComparisonFolds = 40

// maxCurveFolds is the most folds of the learning curve: beyond it, the
// curve holds out blocks of whole groups (dealGroups).
const maxCurveFolds = 10

// maxSearchFolds is the most outer folds of the nested search (see
// Evaluate).
const maxSearchFolds = 10

func generalisation(tr *classify.Trainer, recs []labels.Record, ownGroup []string, ownFolds []fold, ownPreds []predicted, tw [][]int, cfg Config) ([][]GroupingScore, error) {
	out := make([][]GroupingScore, len(labels.Targets()))
	if len(cfg.Catalog) == 0 {
		return out, nil
	}
	all := allIndices(len(recs))
	events := groupKeys(recs, cfg.Catalog, ByEvent) // what a study of news is a handful of
	for _, g := range Groupings() {
		group, folds, preds := ownGroup, ownFolds, ownPreds
		if g != cfg.GroupBy || cfg.Leakage == Keep {
			group = groupKeys(recs, cfg.Catalog, g)
			if len(distinct(group)) < 2 {
				continue
			}
			blocks := group
			if len(distinct(group)) > maxComparisonFolds {
				blocks = dealGroups(all, group, maxComparisonFolds)
			}
			folds = crossFolds(all, blocks, tw, Guard)
			quiet := cfg
			quiet.progress("held out by %s: %d folds", g, len(folds))
			quiet.Progress = nil
			var err error
			if preds, err = runFoldsOn(tr, recs, folds, quiet, keepLabels, nil); err != nil {
				return nil, fmt.Errorf("held out by %s: %w", g, err)
			}
		}
		eachTarget(cfg, len(labels.Targets()), func(mi int) {
			target := labels.Targets()[mi]
			gs := GroupingScore{GroupBy: g, Folds: len(folds)}
			var gold []string
			pred := decide(folds, preds, foldContexts(recs, folds, preds, mi, cfg.Train.InContext(target)), goldIndices(recs, target), mi, target.Labels(), false).labels
			c := NewConfusion(target.Labels())
			for i, r := range recs {
				c.Add(r.Label(target), pred[i])
				gold = append(gold, r.Label(target))
			}
			gs.Scores = c.Scores(target.Polar())
			gs.GroupCI = BootstrapGroups(target.Labels(), target.Polar(), gold, pred, group, cfg.Resamples, cfg.Seed)
			if sp := SetSpread(target.Labels(), target.Polar(), gold, pred, events, StudyEvents, cfg.Resamples, cfg.Seed); sp != (CI{}) {
				gs.StudySpread = &sp
			}
			for _, col := range cfg.Catalog.Collections(recs) {
				cc := NewConfusion(target.Labels())
				for i, r := range recs {
					if cfg.Catalog.Collection(r.Article) == col {
						cc.Add(gold[i], pred[i])
					}
				}
				gs.Collections = append(gs.Collections, CollectionScore{Collection: col, N: cc.Total(), Scores: cc.Scores(target.Polar())})
			}
			out[mi] = append(out[mi], gs)
		})
	}
	return out, nil
}

// Split is one fold of the cross-validation: the held-out group and the
// record indices that train and test it. Dropped counts the training
// sentences removed as near-duplicates of the test sentences.
type Split struct {
	Group   string `json:"group"`
	Train   []int  `json:"train"`
	Test    []int  `json:"test"`
	Dropped int    `json:"dropped"`
}

// Splits returns the folds Evaluate uses for recs grouped by g, so other
// tools (the scikit-learn comparison in scripts/) can be run on exactly the
// same training and test sets. leak must be Guard or Keep.
func Splits(recs []labels.Record, cat labels.Catalog, g Grouping, leak Leakage, threshold float64) []Split {
	var out []Split
	nd := findNearDuplicates(recs, threshold)
	for _, f := range crossFolds(allIndices(len(recs)), groupKeys(recs, cat, g), nd.twins, leak) {
		out = append(out, Split{Group: f.group, Train: f.train(), Test: f.test, Dropped: f.dropped})
	}
	return out
}
