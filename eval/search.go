package eval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// SearchGrid returns the settings `stance eval --search` chooses among:
// every combination of NB variant, smoothing, prior, stop words, bigrams
// and the weight of the sentiment lexicon, on top of base. base itself
// comes first, so a tie keeps it.
func SearchGrid(base classify.Options) []classify.Options {
	out := []classify.Options{base}
	for _, variant := range []classify.Variant{classify.Multinomial, classify.Complement} {
		for _, alpha := range []float64{0.3, 1} {
			for _, prior := range []classify.Prior{classify.Empirical, classify.Uniform} {
				for _, stop := range []bool{false, true} {
					for _, bigrams := range []bool{false, true} {
						for _, lex := range []float64{1, 3} {
							o := base
							o.Variant, o.Alpha, o.Prior, o.LexiconWeight = variant, alpha, prior, lex
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
	trainers []*classify.Trainer
}

func newSearch(recs []labels.Record, tw [][]int, group []string, cfg Config) (*search, error) {
	s := &search{recs: recs, tw: tw, group: group, cfg: cfg, grid: SearchGrid(cfg.Train)}
	for _, o := range s.grid {
		t, err := classify.NewTrainer(o)
		if err != nil {
			return nil, err
		}
		s.trainers = append(s.trainers, t)
	}
	return s, nil
}

// searchLeakage is the leakage mode the inner search uses: the guarded one
// unless the user asked for the naive numbers only.
func searchLeakage(l Leakage) Leakage {
	if l == Keep {
		return Keep
	}
	return Guard
}

// run chooses a setting for each outer fold and for the whole corpus.
func (s *search) run(outer []fold) (*SearchReport, []int, error) {
	rep := &SearchReport{Candidates: len(s.grid), Criterion: s.criterion()}
	chosen := make([]int, len(outer))
	for fi, f := range outer {
		s.cfg.progress("search: choosing settings for fold %d of %d", fi+1, len(outer))
		best, score, err := s.choose(f.train)
		if err != nil {
			return nil, nil, fmt.Errorf("search for fold %s: %w", f.group, err)
		}
		chosen[fi] = best
		rep.Folds = append(rep.Folds, SearchFold{Group: f.group, Chosen: settingName(s.grid[best]), InnerScore: score})
	}
	best, score, err := s.choose(allIndices(len(s.recs)))
	if err != nil {
		return nil, nil, err
	}
	rep.Selected, rep.SelectedScore, rep.SelectedIndex = settingName(s.grid[best]), score, best
	return rep, chosen, nil
}

func (s *search) criterion() string {
	var ts []string
	for _, t := range s.cfg.Targets {
		ts = append(ts, string(t))
	}
	return fmt.Sprintf("mean pooled macro-F1 (%s) of an inner cross-validation over the fold's training sentences, in at most %d folds of whole %ss, with the same leakage guard", strings.Join(ts, ", "), innerK, s.cfg.GroupBy)
}

// choose runs the inner leave-one-article-out over the sentences idx for
// every candidate and returns the best one (the first of equals).
func (s *search) choose(idx []int) (int, float64, error) {
	inner := innerFolds(idx, s.group, s.tw, searchLeakage(s.cfg.Leakage))
	if len(inner) < 2 {
		return 0, 0, nil // nothing to choose with: keep the base setting
	}
	best, bestScore := 0, -1.0
	quiet := s.cfg
	quiet.Progress = nil // the outer loop reports; inner folds would only confuse
	for ci, tr := range s.trainers {
		preds, err := runFolds(func(int) *classify.Trainer { return tr }, s.recs, inner, quiet, false, nil)
		if err != nil {
			return 0, 0, err
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
		score /= float64(len(s.cfg.Targets))
		if score > bestScore {
			best, bestScore = ci, score
		}
	}
	return best, bestScore, nil
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
	var order []string
	seen := make(map[string]int)
	for _, i := range idx {
		if _, ok := seen[group[i]]; !ok {
			seen[group[i]] = len(order)
			order = append(order, group[i])
		}
	}
	k := min(innerK, len(order))
	block := make([]string, len(group))
	for _, i := range idx {
		block[i] = "block " + strconv.Itoa(seen[group[i]]%max(k, 1)+1)
	}
	var out []fold
	for _, f := range crossFolds(idx, block, tw, leak) {
		if len(f.train) > 0 {
			out = append(out, f)
		}
	}
	return out
}
