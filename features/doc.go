// Package features turns news text into what the classifier counts: article
// text into body sentences (Splitter, Article), sentences into tokens
// (Tokenize) and tokens into features (Settings.Extract).
//
// Every choice that changes the features a sentence yields is a field of
// Settings, and Settings is saved inside a model file, so a model classifies
// with exactly the features it was trained on.
package features
