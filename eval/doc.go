// Package eval measures a classifier on the labelled corpus.
//
// Leave-one-article-out evaluation holds out one article at a time, trains
// on the rest and predicts the held-out sentences, because sentences of one
// article share wording and a random sentence split would leak it into
// training.
// The predictions are counted in a Confusion over the target's labels in
// codebook order; Confusion.Scores gives accuracy, per-class precision,
// recall and F1, macro- and weighted F1, Cohen's kappa, the Matthews
// correlation and F_avg (the SemEval-2016 stance metric), matching
// scikit-learn with zero_division=0; Bootstrap gives seeded, reproducible
// confidence intervals; reports write the tables to an io.Writer.
package eval
