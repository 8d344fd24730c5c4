// Package annotation is the labelling session behind `stance label`: a
// local web page that shows one sentence at a time in its article, takes
// a stance and a sentiment label from one key each, and learns as it goes.
//
// Nothing is lost. Every answer is one JSON line appended to a log and
// synced (Log.Append) before the page moves on; an undo is a retraction
// line naming the entry it takes back, so the log is only ever appended
// to and says what happened, in order:
//
//	{"seq":1,"op":"label","time":"…","annotator":"ann","article":"a1","index":3,"text":"…","stance":"obstacle","sentiment":"negative","pick":"uncertain","seconds":4.2,"guess":{…}}
//	{"seq":2,"op":"skip","time":"…","annotator":"ann","article":"a1","index":7,"text":"…","pick":"random"}
//	{"seq":3,"op":"retract","time":"…","annotator":"ann","article":"a1","index":7,"retracts":2}
//
// Running the session again on the same log resumes it. A last line cut
// short by a crash is reported and left out (it was never confirmed), a
// bad line anywhere else is an error naming FILE:LINE (ReadLog). A lock
// file beside the log, made with O_EXCL and holding the owner's process
// id, keeps a second writer off it; one left by a dead process is taken
// over (AcquireLock).
//
// The order is active learning. After every label the model (classify's
// naive Bayes, on the built-in corpus and the annotator's labels) is
// retrained and every sentence left is scored; the next one is the one it
// is least sure of (Strategy: entropy, margin or least confidence), except
// that a share of picks (RandomRate, about 15%) are drawn at random, which
// keeps an unbiased sample and an honest estimate of the model's accuracy
// on the user's data, and that picks are random during a cold start
// (ColdMin, ColdLimit). Near-duplicates (word 3-shingle Jaccard ≥ 0.5, as
// eval's leakage guard) are asked once: their twins come last, with the
// label offered. Config.Overlap puts the same sentences, drawn with a seed
// made from the data, in front of every annotator, so that agreement is
// measured on an unbiased sample. Cohen's kappa between successive
// models' predictions on the sentences left shows when more labels stop
// changing the model (StableKappa, StableRounds).
//
// Export turns a log into a labelled corpus in the training format.
//
// The page (Handler) is served on the loopback address under a random
// token; everything it needs is embedded in the binary.
package annotation
