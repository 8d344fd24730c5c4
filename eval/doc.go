// Package eval measures a classifier on the labelled corpus.
//
// Cross-validation holds out one group of sentences at a time (every
// article on one event by default, or one topic family, or one article:
// Grouping, folds.go), trains on the rest and predicts the held-out
// sentences, because sentences of one event share wording and a random
// sentence split would leak it into training.
//
// The leakage guard keeps republished text out of training: news is
// republished, and a sentence whose twin trains the model is remembered,
// not understood. Near-duplicates (Jaccard similarity of word shingles at
// or above Config.Threshold) are found once per corpus through a shingle
// index (findNearDuplicates, neardup.go); each fold then drops from
// training every sentence that near-duplicates one it holds out
// (crossFolds, folds.go). Leakage says whether to guard, keep the twins
// (the naive figure) or compare the two; Splits gives the same folds to
// other tools.
//
// The predictions are counted in a Confusion over the target's labels in
// codebook order; Confusion.Scores gives accuracy, per-class precision,
// recall and F1, macro- and weighted F1, Cohen's kappa, the Matthews
// correlation and F_avg (the SemEval-2016 stance metric), matching
// scikit-learn with zero_division=0; Bootstrap gives seeded, reproducible
// confidence intervals. Baselines meet the same folds through the small
// Labeler interface. Evaluate and Test return a Report, which writes
// itself as text, Markdown, JSON or HTML to an io.Writer.
//
// The HTML page adds what a reader of the other formats finds in tables:
// a table of contents, and SVG charts (internal/plot) of the learning
// curve with its interval band, each fold's scores with intervals, the
// reliability diagram and the confusion heat maps, in colours that
// colour-blind readers can tell apart, each with a legend.
package eval
