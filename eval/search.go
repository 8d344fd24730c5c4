package eval

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

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
	recs     []labels.Record
	tw       [][]int
	group    []string
	cfg      Config
	grid     []classify.Options
	trainers map[int]*classify.Trainer // made on demand for the settings chosen
}

func newSearch(recs []labels.Record, tw [][]int, group []string, cfg Config) (*search, error) {
	s := &search{recs: recs, tw: tw, group: group, cfg: cfg, grid: SearchGrid(cfg.Train), trainers: make(map[int]*classify.Trainer)}
	for _, o := range s.grid {
		if err := o.Validate(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// trainer returns a Trainer for setting ci, made once.
func (s *search) trainer(ci int) *classify.Trainer {
	if tr, ok := s.trainers[ci]; ok {
		return tr
	}
	tr, err := classify.NewTrainer(s.grid[ci])
	if err != nil {
		panic(err) // validated by newSearch
	}
	tr.ShareVocabulary(s.recs)
	s.trainers[ci] = tr
	return tr
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
// sentences alone, and for the whole corpus. It works setting by setting:
// one Trainer (with its cache of every sentence's features) is alive per
// worker at a time, scored on the inner folds of every outer fold before
// the next setting is made, so memory does not grow with the grid, and the
// settings are shared out over GOMAXPROCS workers (at most the grid's
// size). The choice is the same as scoring fold by fold: the best inner
// score, the first of equals in grid order.
func (s *search) run(outer []fold) (*SearchReport, []int, error) {
	rep := &SearchReport{Candidates: len(s.grid), Criterion: s.criterion()}
	sets := make([][]fold, len(outer)+1) // inner folds per outer fold, then the whole corpus's
	for fi, f := range outer {
		sets[fi] = innerFolds(f.train, s.group, s.tw, searchLeakage(s.cfg.Leakage))
	}
	sets[len(outer)] = innerFolds(allIndices(len(s.recs)), s.group, s.tw, searchLeakage(s.cfg.Leakage))
	scores := make([][]float64, len(sets)) // [set][setting]
	for k := range scores {
		scores[k] = make([]float64, len(s.grid))
	}
	quiet := s.cfg
	quiet.Progress = nil // inner folds would only confuse the progress line
	next := make(chan int)
	errs := make(chan error, len(s.grid))
	var done atomic.Int32
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(s.grid)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ci := range next {
				tr, err := classify.NewTrainer(s.grid[ci])
				if err != nil {
					errs <- err
					continue
				}
				// Every inner fold trains on a subset of the corpus: one
				// vocabulary and the corpus's counts, made once, serve
				// them all (classify.Trainer.ShareVocabulary).
				tr.ShareVocabulary(s.recs)
				for k, inner := range sets {
					sc, err := s.score(tr, inner, quiet)
					if err != nil {
						errs <- fmt.Errorf("setting %s: %w", settingName(s.grid[ci]), err)
						break
					}
					scores[k][ci] = sc
				}
				s.cfg.progress("search: %d of %d settings scored on every fold", done.Add(1), len(s.grid))
			}
		}()
	}
	for ci := range s.grid {
		if err := s.cfg.stopped(); err != nil {
			errs <- err
			break
		}
		next <- ci
	}
	close(next)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
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

func (s *search) criterion() string {
	var ts []string
	for _, t := range s.cfg.Targets {
		ts = append(ts, string(t))
	}
	return fmt.Sprintf("mean pooled macro-F1 (%s) of an inner cross-validation over the fold's training sentences, in at most %d folds of whole %ss, with the same leakage guard", strings.Join(ts, ", "), innerK, s.cfg.GroupBy)
}

// score is one setting's criterion on a set of inner folds.
func (s *search) score(tr *classify.Trainer, inner []fold, cfg Config) (float64, error) {
	if len(inner) < 2 {
		return 0, nil
	}
	preds, err := runFolds(func(int) *classify.Trainer { return tr }, s.recs, inner, cfg, false, nil)
	if err != nil {
		return 0, err
	}
	score := 0.0
	for _, target := range s.cfg.Targets {
		c := NewConfusion(target.Labels())
		mi := targetIndex(target)
		for _, f := range inner {
			for _, i := range f.test {
				c.Add(s.recs[i].Label(target), preds[i].labels[mi])
			}
		}
		score += c.Scores(target.Polar()).MacroF1
	}
	return score / float64(len(s.cfg.Targets)), nil
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
		if len(f.train) > 0 {
			out = append(out, f)
		}
	}
	return out
}
