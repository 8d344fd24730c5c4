package annotation

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/stance-nlp/stance/labels"
)

// Op is what a log entry records.
type Op string

const (
	// OpLabel gives a sentence its stance and sentiment.
	OpLabel Op = "label"
	// OpSkip records that the annotator skipped the sentence or was unsure:
	// no label, never a label, and the sentence is not asked again.
	OpSkip Op = "skip"
	// OpRetract takes back an earlier label or skip (the page's undo). The
	// earlier line stays in the log: the log is only ever appended to.
	OpRetract Op = "retract"
)

// Why a sentence was put in front of the annotator, as the log records it.
const (
	PickOverlap   = "overlap"   // one of the --overlap sentences every annotator labels first
	PickCold      = "cold"      // drawn at random while the model knows too little of the user's labels
	PickRandom    = "random"    // drawn at random (the --random share), an unbiased sample
	PickUncertain = "uncertain" // the sentence the current model is least sure of
	PickTwin      = "twin"      // a near-duplicate of a labelled sentence, its label offered
)

// Key names a sentence: its article and its 0-based index there.
type Key struct {
	Article string
	Index   int
}

func (k Key) String() string { return fmt.Sprintf("%s #%d", k.Article, k.Index) }

// Entry is one line of a label log. Seq numbers the entries of one log from
// 1; a retraction names the Seq it takes back. A label or skip carries the
// sentence's text, so a log can be exported and checked without the data
// file.
type Entry struct {
	Seq       int       `json:"seq"`
	Op        Op        `json:"op"`
	Time      time.Time `json:"time"`
	Annotator string    `json:"annotator"`
	Article   string    `json:"article"`
	Index     int       `json:"index"`
	Text      string    `json:"text,omitempty"`
	Stance    string    `json:"stance,omitempty"`
	Sentiment string    `json:"sentiment,omitempty"`
	Retracts  int       `json:"retracts,omitempty"`
	// Pick says why the sentence was shown (PickOverlap…): the random
	// picks are an unbiased sample of the user's data, on which the
	// model's accuracy can be read honestly.
	Pick string `json:"pick,omitempty"`
	// Seconds is how long the sentence was on screen before the answer.
	Seconds float64 `json:"seconds,omitempty"`
	// Guess is what the model said about the sentence when it was shown.
	Guess *Guess `json:"guess,omitempty"`

	// Line is the entry's line in the log file, for messages; 0 for an
	// entry not read from a file.
	Line int `json:"-"`
}

// Key returns the sentence the entry is about.
func (e Entry) Key() Key { return Key{e.Article, e.Index} }

// Guess is a model's answer for one sentence: the label of each target and
// its probability.
type Guess struct {
	Stance     string  `json:"stance"`
	StanceP    float64 `json:"stance_p"`
	Sentiment  string  `json:"sentiment"`
	SentimentP float64 `json:"sentiment_p"`
}

// round4 keeps four decimals, so the same guess writes the same bytes.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// Problems a log line can have, besides those of labels (labels.ErrSyntax,
// labels.ErrUnknownLabel, labels.ErrMissingField).
var (
	// ErrSequence: an entry's seq is not above the one before it.
	ErrSequence = errors.New("bad sequence number")
	// ErrRetraction: a retraction names no earlier label or skip of its
	// annotator, or one already taken back.
	ErrRetraction = errors.New("bad retraction")
	// ErrNotInData: a logged sentence is not in the data, or has other
	// text there.
	ErrNotInData = errors.New("sentence not in the data")
)

func problem(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// kindError is a message that unwraps to the kind of problem.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// checker checks entries in log order: each on its own, then against the
// ones before it. The reader and Log.Append share it, so what is written
// is what will read back.
type checker struct {
	last    int
	byseq   map[int]Entry // label and skip entries by seq
	retract map[int]bool  // seqs taken back
}

func newChecker() *checker {
	return &checker{byseq: make(map[int]Entry), retract: make(map[int]bool)}
}

// check returns the problems of e, joined, or nil; a good entry is
// remembered.
func (c *checker) check(e Entry) error {
	var errs []error
	if e.Seq <= c.last {
		errs = append(errs, problem(ErrSequence, "seq %d does not follow seq %d", e.Seq, c.last))
	}
	if e.Annotator == "" {
		errs = append(errs, problem(labels.ErrMissingField, `missing field "annotator"`))
	}
	switch e.Op {
	case OpLabel, OpSkip:
		if e.Article == "" {
			errs = append(errs, problem(labels.ErrMissingField, `missing field "article"`))
		}
		if e.Index < 0 {
			errs = append(errs, problem(labels.ErrSyntax, "index %d is negative", e.Index))
		}
		if e.Text == "" {
			errs = append(errs, problem(labels.ErrMissingField, `missing field "text"`))
		}
		if e.Op == OpSkip && (e.Stance != "" || e.Sentiment != "") {
			errs = append(errs, problem(labels.ErrSyntax, "a skip carries no label, but this one has stance %q, sentiment %q", e.Stance, e.Sentiment))
		}
		if e.Op == OpLabel {
			for _, t := range labels.Targets() {
				if err := checkLabel(t, labelOf(e, t)); err != nil {
					errs = append(errs, err)
				}
			}
		}
	case OpRetract:
		prev, ok := c.byseq[e.Retracts]
		switch {
		case !ok:
			errs = append(errs, problem(ErrRetraction, "retracts seq %d, which is no earlier label or skip", e.Retracts))
		case c.retract[e.Retracts]:
			errs = append(errs, problem(ErrRetraction, "retracts seq %d, which was already retracted", e.Retracts))
		case prev.Annotator != e.Annotator:
			errs = append(errs, problem(ErrRetraction, "annotator %q retracts seq %d, which is %q's", e.Annotator, e.Retracts, prev.Annotator))
		case prev.Key() != e.Key():
			errs = append(errs, problem(ErrRetraction, "retracts seq %d, which is about %s, not %s", e.Retracts, prev.Key(), e.Key()))
		}
	case "":
		errs = append(errs, problem(labels.ErrMissingField, `missing field "op"`))
	default:
		errs = append(errs, problem(labels.ErrSyntax, "unknown op %q (want label, skip or retract)", e.Op))
	}
	if len(errs) > 0 {
		return joinProblems(errs)
	}
	c.last = e.Seq
	if e.Op == OpRetract {
		c.retract[e.Retracts] = true
	} else {
		c.byseq[e.Seq] = e
	}
	return nil
}

// checkLabel reports a missing or unknown label, with a suggestion.
func checkLabel(t labels.Target, l string) error {
	switch {
	case l == "":
		return problem(labels.ErrMissingField, "missing %s label", t)
	case t.Valid(l):
		return nil
	}
	if near, ok := t.Nearest(l); ok {
		return problem(labels.ErrUnknownLabel, "unknown %s %q (did you mean %q?)", t, l, near)
	}
	return problem(labels.ErrUnknownLabel, "unknown %s %q (want one of %v)", t, l, t.Labels())
}

func labelOf(e Entry, t labels.Target) string {
	if t == labels.Sentiment {
		return e.Sentiment
	}
	return e.Stance
}

// joinProblems folds several problems of one line into one error that
// prints them separated by "; " (as labels does) and unwraps to each.
func joinProblems(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return &lineProblems{errs}
}

type lineProblems struct{ errs []error }

func (p *lineProblems) Error() string {
	s := ""
	for i, e := range p.errs {
		if i > 0 {
			s += "; "
		}
		s += e.Error()
	}
	return s
}

func (p *lineProblems) Unwrap() []error { return p.errs }
