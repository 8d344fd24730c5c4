package eval

import "github.com/stance-nlp/stance/labels"

// Labeler is what cross-validation needs of a way to label sentences for
// one target: trained on some sentences of a corpus, it labels others.
// The baselines meet the folds through it; the model, whose held-out
// probabilities and explanations the report also needs, goes through
// runFolds.
type Labeler interface {
	// Fit trains on the sentences recs[i], i in train, forgetting any
	// earlier training. train may be reused once the fold's sentences
	// are labelled: a Labeler that keeps it keeps it until the next Fit.
	Fit(recs []labels.Record, train []int)
	// Label returns the label of r.
	Label(r labels.Record) string
}

// foldFitter is a Labeler that fits on a fold as the fold is kept, by what
// it leaves out, without listing its training sentences: crossLabel fits
// the stratified baseline 200 times a fold, and a fold by event trains on
// nearly the whole corpus.
type foldFitter interface {
	fitFold(recs []labels.Record, f fold)
}

// crossLabel fits l on each fold's training sentences and counts the
// labels it gives the fold's held-out sentences against the gold ones.
// Folds are taken in order, and their sentences in order, so a Labeler
// drawing random numbers draws them in the same order on every run.
func crossLabel(l Labeler, recs []labels.Record, folds []fold, target labels.Target) *Confusion {
	c := NewConfusion(target.Labels())
	var train []int // reused: Fit is done with it when the fold's labels are
	for _, f := range folds {
		if ff, ok := l.(foldFitter); ok {
			ff.fitFold(recs, f)
		} else {
			train = f.appendTrain(train[:0])
			l.Fit(recs, train)
		}
		for _, i := range f.test {
			c.Add(recs[i].Label(target), l.Label(recs[i]))
		}
	}
	return c
}
