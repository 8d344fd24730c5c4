// Package classify is naive Bayes for short news sentences, written for
// this project: multinomial NB and complement NB (Rennie et al. 2003) over
// one global vocabulary, Lidstone smoothing, scoring in log space and
// probabilities by log-sum-exp, so a long text never underflows.
//
// A Model holds one classifier per target (stance, sentiment) over the
// features of one features.Settings. Train builds it from labelled records;
// Save and Load keep it in a versioned JSON file that is byte-for-byte the
// same for the same training data.
package classify
