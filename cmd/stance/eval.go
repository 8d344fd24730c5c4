package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/stance-nlp/stance/eval"
	"github.com/stance-nlp/stance/labels"
)

func evalCommand() *command {
	return &command{
		name:    "eval",
		summary: "evaluate the model on held-out events, with a leakage guard",
		maxArgs: 0,
		help: `Eval holds out one event at a time (every article about it), trains on
the rest, classifies the held-out sentences and reports, per target:
accuracy, macro-F1, F_avg (the SemEval-2016 stance metric), weighted F1,
Cohen's kappa and Matthews correlation with 95% bootstrap intervals over
sentences and over whole events; per-class precision, recall and F1; the
seeds and the examples apart and pooled; baselines on the same folds;
confusion tables; calibration (expected calibration error, with the range
exactly right probabilities would show on as many sentences, Brier score,
log-loss, a reliability table, and a diagram in HTML); the same model held
out by article, by event and by topic family, so you can see how far the
figures carry; a learning curve; the most informative features; and every
misclassified sentence with the features that misled the model.

--group topic holds out a whole topic family (the strictest estimate);
--group article is the old leave-one-article-out, which flatters the model.
With --data, --catalog names a JSON Lines file giving each article's event
and topic (see labels/data/README.md); without one each article is its own
event.

Leakage guard: news is republished, and a sentence whose twin is in the
training set is remembered, not understood. By default each fold drops from
training every sentence that near-duplicates one of the held-out article's
(word-shingle Jaccard similarity >= --threshold). --leakage keep gives the
naive numbers; --leakage compare shows both, and the inflation.

Scores are given over all sentence instances and over distinct sentences (a
sentence republished in three articles counts once). Output is the same,
byte for byte, for the same corpus, flags and --seed.

--search chooses the model's settings among 64 by a cross-validation
inside each fold's training events: about 25 s on the built-in corpus, on
every core, under a soft memory limit of 4,000 bytes a sentence (at least
64 MiB; GOMEMLIMIT=… sets another, GOMEMLIMIT=off none).

Examples:
  stance eval
  stance eval --leakage compare --target stance
  stance eval --group topic                    # news of a kind never seen
  stance eval --search                         # pick settings honestly, per fold
  stance eval --data my-labels.jsonl --catalog my-articles.jsonl --format html -o report.html
  stance eval --format json | jq '.targets[0].evaluations[0].pooled.scores'`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			d := eval.DefaultConfig()
			data := nonEmptyFileFlag(fs, "data", "labelled sentences, JSON Lines `FILE`, - for stdin (default: the built-in corpus)")
			target := fs.String("target", "both", "what to evaluate: stance, sentiment or both")
			group := fs.String("group", string(d.GroupBy), "what a fold holds out: event, topic or article")
			catalog := nonEmptyFileFlag(fs, "catalog", "article catalog, JSON Lines `FILE` giving each article's event and topic (default: the shipped one with the built-in corpus)")
			leakage := fs.String("leakage", string(d.Leakage), "near-duplicates of the held-out article: guard (drop from training), keep, or compare")
			threshold := fs.Float64("threshold", d.Threshold, "near-duplicate similarity `T` (Jaccard of word 3-shingles, 0-1)")
			seed := fs.Uint64("seed", d.Seed, "seed `N` for bootstrap, baselines, learning curve and the ECE's range")
			resamples := fs.Int("resamples", d.Resamples, fmt.Sprintf("bootstrap resamples `N`, and draws for the ECE's range (1 to %d)", maxResamples))
			format := fs.String("format", string(eval.Text), "report `format`: text, markdown, json or html")
			out := nonEmptyFileFlag(fs, "o", "write the report to `FILE` instead of stdout (- is stdout)")
			search := fs.Bool("search", false, "choose NB variant, smoothing, prior, stop words, bigrams and lexicon weight per fold by an inner cross-validation on its training groups (slower)")
			opts := modelFlags(fs)
			return func(e *env, _ []string) error {
				cfg := d
				var err error
				if cfg.Leakage, err = eval.ParseLeakage(*leakage); err != nil {
					return &usageError{err: err}
				}
				if cfg.GroupBy, err = eval.ParseGrouping(*group); err != nil {
					return &usageError{err: err}
				}
				f, err := eval.ParseFormat(*format)
				if err != nil {
					return &usageError{err: err}
				}
				switch *target {
				case "both":
				default:
					t, err := labels.ParseTarget(*target)
					if err != nil {
						return &usageError{err: fmt.Errorf("%v (or both)", err)}
					}
					cfg.Targets = []labels.Target{t}
				}
				if !(*threshold > 0 && *threshold <= 1) {
					return &usageError{err: fmt.Errorf("--threshold %v: want a number in (0, 1]", *threshold)}
				}
				if *resamples < 1 || *resamples > maxResamples {
					return &usageError{err: fmt.Errorf("--resamples %d: want 1 to %d", *resamples, maxResamples)}
				}
				cfg.Threshold, cfg.Seed, cfg.Resamples, cfg.Search = *threshold, *seed, *resamples, *search
				var lexFiles []string
				if cfg.Train, lexFiles, err = opts(); err != nil {
					return err
				}
				var files [3]string
				for i, get := range []func() (string, error){data, catalog, out} {
					if files[i], err = get(); err != nil {
						return err
					}
				}
				return runEval(e, files[0], files[1], files[2], f, cfg, lexFiles)
			}
		},
	}
}

// evalGCPercent is the garbage collector's GOGC setting during eval.
const evalGCPercent = 200

// The soft memory limit of eval --search (runtime/debug.SetMemoryLimit),
// unless GOMEMLIMIT is set: searchMemoryPerSentence bytes a sentence, and
// at least searchMemoryFloor. The search keeps one kind of features'
// shared vocabulary and one model per core alive: at most about 73 MB
// live on the built-in corpus of 20,514 sentences (3.6 KB a sentence; Go's
// gctrace), where the limit, 78 MiB, holds the whole process under
// 96 MiB of resident memory (93-96 MiB over runs) for about 18% more CPU than
// no limit (35 -> 41 s). A corpus with more distinct words a sentence
// keeps more alive: on 20,000 generated sentences, 30% of their words
// made up, about 89 MB, above the limit there (80 MB), and the runtime
// then collects often, about 50% more CPU (47 -> 71 s); set GOMEMLIMIT
// higher, or to off, to trade memory for time.
const (
	searchMemoryPerSentence = 4000
	searchMemoryFloor       = 64 << 20
)

// searchMemoryLimit is the soft memory limit of eval --search on n
// sentences.
func searchMemoryLimit(n int) int64 {
	return max(searchMemoryFloor, int64(n)*searchMemoryPerSentence)
}

// maxResamples bounds --resamples: the bootstrap keeps every resample's
// scores, and past a hundred thousand the percentiles do not move while
// memory and time grow without end (--resamples 1000000000000 used to end
// in a runtime fatal error).
const maxResamples = 100_000

func runEval(e *env, data, catalog, out string, f eval.Format, cfg eval.Config, lexFiles []string) error {
	for _, in := range append([]string{data, catalog}, lexFiles...) {
		if out != "" && out != stdinName && in != "" && sameFile(in, out) {
			return fmt.Errorf("refusing to write the report over the input file %s", in)
		}
	}
	if out != "" && out != stdinName {
		// Fail before an evaluation of minutes, not after.
		if _, err := outputPath(out); err != nil {
			return err
		}
	}
	recs, name, cat, err := readCorpusFrom(e.ctx, e.stdin, data, catalog)
	if err != nil {
		return err
	}
	cfg.Catalog = cat
	cfg.Context = e.ctx
	// Evaluation makes a model per fold and per point of the learning
	// curve, so it allocates much more than it keeps. Letting the heap
	// grow to three times what is live before collecting, not twice, takes
	// about 15% off its time on the built-in corpus (hyperfine: 203 ->
	// 171 ms) for a few MB. GOGC, if set, still decides.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(evalGCPercent))
	}
	if cfg.Search && os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(searchMemoryLimit(len(recs))))
	}
	prog := newProgress(e.stderr)
	cfg.Progress = func(what string) { prog.update("stance eval: %s", what) }
	rep, err := eval.Evaluate(recs, name, cfg)
	prog.done()
	if err != nil {
		return err
	}
	return writeReport(e, rep, out, f)
}

// writeReport writes the report to out, atomically, or to stdout when out
// is "" or "-".
func writeReport(e *env, rep *eval.Report, out string, f eval.Format) error {
	if err := e.ctx.Err(); err != nil {
		return err
	}
	if out == "" {
		out = stdinName
	}
	return writeOutput(e, out, func(w io.Writer) error { return rep.Write(w, f) })
}
