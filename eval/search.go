package eval

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// SearchGrid returns the settings `stance eval --search` chooses among:
// every combination of NB variant, smoothing, stop words, bigrams, the
// weight of the sentiment lexicon and whether the sentiment model counts
// only lexicon words, on top of base. base itself comes first, so a tie
// keeps it.
func SearchGrid(base classify.Options) []classify.Options {
	out := []classify.Options{base}
	for _, variant := range []classify.Variant{classify.Multinomial, classify.Complement} {
		for _, alpha := range []float64{0.3, 1} {
			for _, stop := range []bool{false, true} {
				for _, bigrams := range []bool{false, true} {
					for _, lex := range []float64{1, 3} {
						for _, lexOnly := range []bool{false, true} {
							o := base
							o.Variant, o.Alpha, o.LexiconWeight, o.SentimentLexiconOnly = variant, alpha, lex, lexOnly
							o.Features.StopWords, o.Features.Bigrams = stop, bigrams
							if settingName(o) != settingName(base) {
								out = append(out, o)
							}
						}
					}
				}
			}
		}
	}
	return out
}

// featureKey names the features o extracts: settings with the same key
// share one vocabulary (classify.Trainer.Derive).
func featureKey(o classify.Options) string { return fmt.Sprintf("%+v", o.Features) }

// settingName names the searched part of o in one short line.
func settingName(o classify.Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s alpha=%s %s", o.Variant, ftoa(o.Alpha), o.Prior)
	if o.Features.StopWords {
		b.WriteString(" stop-words")
	}
	if o.Features.Bigrams {
		b.WriteString(" bigrams")
	}
	fmt.Fprintf(&b, " lexicon=%s", ftoa(o.LexiconWeight))
	if o.SentimentLexiconOnly {
		b.WriteString(" sentiment-lexicon-only")
	}
	return b.String()
}

// SearchReport says what the nested search chose.
type SearchReport struct {
	Candidates int          `json:"candidates"`
	Criterion  string       `json:"criterion"`
	Folds      []SearchFold `json:"folds"`
	// Selected is the setting the same inner search picks on the whole
	// corpus: what `stance train` should use.
	Selected      string  `json:"selected"`
	SelectedScore float64 `json:"selected_inner_score"`
	SelectedIndex int     `json:"-"`
}

// SearchFold is the choice made for one outer fold, from its training
// articles alone.
type SearchFold struct {
	Group      string  `json:"group"`
	Chosen     string  `json:"chosen"`
	InnerScore float64 `json:"inner_score"`
}

type search struct {
	recs  []labels.Record
	tw    [][]int
	group []string
	cfg   Config
	grid  []classify.Options
	// last is the Trainer that trainer made last, for setting
	// lastSetting; nil before.
	last        *classify.Trainer
	lastSetting int
}

func newSearch(recs []labels.Record, tw [][]int, group []string, cfg Config) (*search, error) {
	s := &search{recs: recs, tw: tw, group: group, cfg: cfg, grid: SearchGrid(cfg.Train)}
	for _, o := range s.grid {
		if err := o.Validate(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// trainer returns a Trainer for setting ci, its vocabulary shared over
// the corpus. It keeps only the last one made: with bigrams, one holds
// tens of MB.
func (s *search) trainer(ci int) *classify.Trainer {
	if s.last != nil && s.lastSetting == ci {
		return s.last
	}
	s.last = nil // free before the next is made
	tr, err := classify.NewTrainer(s.grid[ci])
	if err != nil {
		panic(err) // validated by newSearch
	}
	tr.ShareVocabulary(s.recs)
	s.last, s.lastSetting = tr, ci
	return tr
}

// runChosen is runFolds, with explanations, over the outer folds, each
// trained with the setting chosen for it (chosen[fi]). The folds of one
// setting run one after another, those of setting last after all others,
// so that s.trainer makes each setting's Trainer once and leaves last's.
func (s *search) runChosen(folds []fold, chosen []int, last int) ([]predicted, error) {
	rank := func(fi int) int {
		if chosen[fi] == last {
			return len(s.grid)
		}
		return chosen[fi]
	}
	order := allIndices(len(folds))
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rank(a), rank(b)) })
	sorted := make([]fold, len(folds))
	for i, fi := range order {
		sorted[i] = folds[fi]
	}
	trainer := func(i int) *classify.Trainer { return s.trainer(chosen[order[i]]) }
	return runFolds(trainer, s.recs, sorted, s.cfg, keepExplained, nil)
}

// searchLeakage is the leakage mode the inner search uses: the guarded one
// unless the user asked for the naive numbers only.
func searchLeakage(l Leakage) Leakage {
	if l == Keep {
		return Keep
	}
	return Guard
}

// run chooses a setting for each outer fold, from that fold's training
// sentences alone, and for the whole corpus: the best inner score, the
// first of equals in grid order.
func (s *search) run(outer []fold) (*SearchReport, []int, error) {
	rep := &SearchReport{Candidates: len(s.grid), Criterion: s.criterion()}
	sets := make([][]fold, len(outer)+1) // inner folds per outer fold, then the whole corpus's
	for fi, f := range outer {
		sets[fi] = innerFolds(f.train(), s.group, s.tw, searchLeakage(s.cfg.Leakage))
	}
	sets[len(outer)] = innerFolds(allIndices(len(s.recs)), s.group, s.tw, searchLeakage(s.cfg.Leakage))
	scores, err := s.scores(sets)
	if err != nil {
		return nil, nil, err
	}
	best := func(k int) (int, float64) {
		if len(sets[k]) < 2 {
			return 0, 0 // nothing to choose with: keep the base setting
		}
		b := 0
		for ci, sc := range scores[k] {
			if sc > scores[k][b] {
				b = ci
			}
		}
		return b, scores[k][b]
	}
	chosen := make([]int, len(outer))
	for fi, f := range outer {
		b, sc := best(fi)
		chosen[fi] = b
		rep.Folds = append(rep.Folds, SearchFold{Group: f.group, Chosen: settingName(s.grid[b]), InnerScore: sc})
	}
	b, sc := best(len(outer))
	rep.Selected, rep.SelectedScore, rep.SelectedIndex = settingName(s.grid[b]), sc, b
	return rep, chosen, nil
}

// scores returns the criterion of every setting on every set of inner
// folds, [set][setting]; 0 for a set of fewer than two folds. It works
// setting by setting: one Trainer, its vocabulary shared over the corpus,
// trains and scores every inner fold of every set, the folds shared out
// over GOMAXPROCS workers (scoreSetting), and is dropped before the next
// setting's is made. Memory then holds one setting's vocabulary and
// counts and one model per worker, however large the grid, and the scores
// are those of scoring each set fold by fold.
func (s *search) scores(sets [][]fold) ([][]float64, error) {
	var tasks []innerFold
	for k, inner := range sets {
		if len(inner) < 2 {
			continue // nothing to choose with (see run)
		}
		for _, f := range inner {
			tasks = append(tasks, innerFold{set: k, fold: f})
		}
	}
	scores := make([][]float64, len(sets))
	for k := range scores {
		scores[k] = make([]float64, len(s.grid))
	}
	// Settings of the same features one after another, so that each
	// derives its Trainer from the last one's (classify.Trainer.Derive)
	// and the corpus is extracted once per kind of features, not per
	// setting.
	order := allIndices(len(s.grid))
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(featureKey(s.grid[a]), featureKey(s.grid[b]))
	})
	var last *classify.Trainer
	var sws []*searchWorker // kept from setting to setting, with their last models
	for done, ci := range order {
		o := s.grid[ci]
		if err := s.cfg.stopped(); err != nil {
			return nil, err
		}
		var tr *classify.Trainer
		if last != nil {
			tr, _ = last.Derive(o) // nil when it cannot: made afresh below
		}
		if tr == nil {
			// Free the last kind's Trainer, and the workers' models and
			// scorers of its vocabulary, before the next is made.
			last, sws = nil, nil
			var err error
			if tr, err = classify.NewTrainer(o); err != nil {
				return nil, err
			}
			// Every inner fold trains on a subset of the corpus: one
			// vocabulary and the corpus's counts, made once, serve them
			// all (classify.Trainer.ShareVocabulary).
			tr.ShareVocabulary(s.recs)
			last = tr
		}
		var counts [][]*Confusion
		var err error
		counts, sws, err = s.scoreSetting(tr, tasks, sws)
		if err != nil {
			return nil, fmt.Errorf("setting %s: %w", settingName(o), err)
		}
		pooled := make([][]*Confusion, len(sets)) // [set][target]
		for ti, task := range tasks {
			if pooled[task.set] == nil {
				for _, target := range s.cfg.Targets {
					pooled[task.set] = append(pooled[task.set], NewConfusion(target.Labels()))
				}
			}
			for t, c := range counts[ti] {
				pooled[task.set][t].Merge(c)
			}
		}
		for k, cs := range pooled {
			if cs != nil {
				scores[k][ci] = meanMacroF1(cs, s.cfg.Targets)
			}
		}
		s.cfg.progress("search: %d of %d settings scored on every fold", done+1, len(s.grid))
	}
	return scores, nil
}

// innerFold is one fold of the inner cross-validation of set set: an outer
// fold's, or the whole corpus's.
type innerFold struct {
	set int
	fold
}

// scoreSetting trains with tr, a Trainer of one setting whose vocabulary
// is shared over the corpus, on every task's training sentences and
// returns, per task, the confusion table of each target of the
// configuration over its held-out sentences. The tasks are shared out
// over GOMAXPROCS workers (at most one per task): tr trains for the first
// and a fork of it (classify.Trainer.Fork) for each other.
func (s *search) scoreSetting(tr *classify.Trainer, tasks []innerFold, sws []*searchWorker) ([][]*Confusion, []*searchWorker, error) {
	out := make([][]*Confusion, len(tasks))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(tasks)))
	for len(sws) < workers {
		sws = append(sws, &searchWorker{s: s})
	}
	for w, sw := range sws[:workers] {
		last := sw.model
		*sw = searchWorker{s: s, tr: tr}
		if w > 0 {
			sw.tr = tr.Fork() // every fork made before tr trains
		}
		if last != nil {
			// The last setting's model, which nothing uses now: its
			// memory serves this setting's first.
			sw.tr.Recycle(last)
		}
	}
	sws = sws[:workers]
	err := onWorkers(workers, len(tasks), func(w, i int) error {
		var err error
		out[i], err = sws[w].score(tasks[i])
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return out, sws, nil
}

// searchWorker scores inner folds one after another on one goroutine,
// reusing its memory from fold to fold.
type searchWorker struct {
	s  *search
	tr *classify.Trainer
	sc *classify.Scorer // of the models tr trains by subtraction, rebound to each
	// model is the last model tr trained, handed back to it (Recycle) and
	// to the next setting's Trainer.
	model *classify.Model
	ids   []int32 // a held-out sentence's feature ids
	// whole: tr cannot train by subtraction (classify.ErrNoSharedCorpus),
	// so it trains on each fold's sentences (idx), gathered in sents.
	whole bool
	idx   []int
	sents []labels.Record
}

// score trains w.tr on f's training sentences and returns, for each
// target of the configuration, the confusion table of f's held-out ones.
// It trains by subtraction and scores the held-out sentences from the
// features the shared vocabulary keeps of them, the same models and
// predictions as training on the fold's sentences and scoring their text
// (classify.TestTrainWithoutScoresTheSame), unless the corpus does not allow
// it.
func (w *searchWorker) score(f innerFold) ([]*Confusion, error) {
	s := w.s
	if err := s.cfg.stopped(); err != nil {
		return nil, err
	}
	var m *classify.Model
	var err error
	if !w.whole {
		m, err = w.tr.TrainWithout(f.out)
		w.whole = errors.Is(err, classify.ErrNoSharedCorpus)
	}
	var sc *classify.Scorer
	if w.whole {
		w.idx = f.appendTrain(w.idx[:0])
		w.sents = appendSubset(w.sents[:0], s.recs, w.idx)
		m, err = w.tr.Train(w.sents)
		if err == nil {
			sc = w.tr.Scorer(m)
		}
	} else if err == nil {
		if w.sc == nil {
			w.sc = w.tr.Scorer(m)
		} else {
			w.sc.Rebind(m)
		}
		sc = w.sc
	}
	if err != nil {
		return nil, fmt.Errorf("fold %s: %w", f.group, err)
	}
	out := make([]*Confusion, len(s.cfg.Targets))
	for t, target := range s.cfg.Targets {
		out[t] = NewConfusion(target.Labels())
	}
	for _, i := range f.test {
		var preds []classify.Prediction
		if w.whole {
			preds = sc.Score(s.recs[i].Text)
		} else {
			w.ids = w.tr.SharedIDs(w.ids[:0], i)
			preds = sc.ScoreIDs(w.ids)
		}
		for t, target := range s.cfg.Targets {
			out[t].Add(s.recs[i].Label(target), preds[targetIndex(target)].Label())
		}
	}
	w.tr.Recycle(m)
	w.model = m
	return out, nil
}

// meanMacroF1 is what the search maximises: the mean over targets of the
// macro-F1 of each target's pooled confusion table.
func meanMacroF1(pooled []*Confusion, targets []labels.Target) float64 {
	score := 0.0
	for t, target := range targets {
		score += pooled[t].Scores(target.Polar()).MacroF1
	}
	return score / float64(len(targets))
}

func (s *search) criterion() string {
	var ts []string
	for _, t := range s.cfg.Targets {
		ts = append(ts, string(t))
	}
	return fmt.Sprintf("mean pooled macro-F1 (%s) of an inner cross-validation over the fold's training sentences, in at most %d folds of whole %ss, with the same leakage guard", strings.Join(ts, ", "), innerK, s.cfg.GroupBy)
}

// innerK is the most folds an inner cross-validation has: groups are dealt
// into at most this many folds, so the search costs the same on a corpus
// of five events as of five hundred.
const innerK = 5

// innerFolds is a cross-validation over the sentences idx in at most
// innerK folds, each holding out whole groups (the i-th group, in
// first-seen order, goes to fold i mod innerK), leaving out any fold with
// nothing left to train on.
func innerFolds(idx []int, group []string, tw [][]int, leak Leakage) []fold {
	var out []fold
	for _, f := range crossFolds(idx, dealGroups(idx, group, innerK), tw, leak) {
		if f.trainLen() > 0 {
			out = append(out, f)
		}
	}
	return out
}
