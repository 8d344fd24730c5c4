package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/tag"
)

func classifyCommand() *command {
	return &command{
		name:    "classify",
		args:    "< TEXT",
		summary: "tag each sentence of text on stdin with stance and sentiment",
		help: `Classify reads news text on stdin and writes one record per sentence to
stdout: the text, the stance with its probability and the full distribution,
and the sentiment with its probability and distribution. Records are written
as input arrives, in input order; memory does not grow with the input.

By default each line is split into sentences (a line is a paragraph). With
--lines each input line is one unit, and there is exactly one record per
input line, empty lines included.

Without --model it uses the model trained on the built-in corpus with the
default options (the same as 'stance train' writes; it is stored trained, so
start-up takes milliseconds).
Invalid UTF-8 is replaced by U+FFFD and the number of replacements is
reported on stderr. A UTF-8 byte-order mark at the start is dropped; UTF-16
input is refused, with how to convert it. The table format shows control
characters (ESC, BEL, C1, bidirectional overrides) as escapes such as \x1b.

Formats:
  table  aligned columns for reading: stance p  sentiment p  text
  tsv    stance, p, p(obstacle), p(opening), p(neutral), sentiment, p,
         p(negative), p(neutral), p(positive), text; tabs and newlines in the
         text become spaces; no header line
  jsonl  {"line":N,"text":…,"stance":…,"stance_p":…,"stance_probs":{…},
         "sentiment":…,"sentiment_p":…,"sentiment_probs":{…}}

Examples:
  echo "Moscow rejected the offer." | stance classify
  stance classify --lines --format tsv < sentences.txt > tagged.tsv
  stance classify --model model.json --format jsonl < article.txt
  echo "Washington welcomed the vote." | stance classify --explain`,
		maxArgs: 0,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			model := nonEmptyFileFlag(fs, "model", "model `FILE` from 'stance train' (default: the model trained on the built-in corpus)")
			lines := fs.Bool("lines", false, "treat each input line as one unit: one record per line")
			format := fs.String("format", "table", "output `format`: table, tsv or jsonl")
			explain := fs.Bool("explain", false, "show the features that moved each sentence toward its label and away from the runner-up")
			return func(e *env, _ []string) error {
				f, err := tag.ParseFormat(*format)
				if err != nil {
					return &usageError{err: err}
				}
				modelPath, err := model()
				if err != nil {
					return err
				}
				// The live heap is a few MB of model, caches and batches
				// in flight; a soft limit keeps the garbage collector from
				// letting the process grow far past that on long inputs.
				// Start-up allocates those few MB at once. With the default
				// first heap goal of 4 MB a collection would run in the
				// middle of it, freeing nothing and costing a fifth of the
				// time it takes to classify one sentence: collection waits
				// for the first records (tag.Options.Started), under the
				// limit.
				defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
				gc := debug.SetGCPercent(-1)
				defer debug.SetGCPercent(gc)
				m, err := modelOrDefault(e.ctx, modelPath)
				if err != nil {
					return err
				}
				o := tag.Options{Format: f, Lines: *lines, Explain: *explain, Started: func() { debug.SetGCPercent(gc) }}
				return classifyStream(e, m, o)
			}
		},
	}
}

// memoryLimit is classify's soft memory limit (debug.SetMemoryLimit).
const memoryLimit = 40 << 20

// classifyStream runs tag.Stream from stdin to stdout, with progress on
// stderr when it is a terminal and warnings about the input on stderr.
func classifyStream(e *env, m *classify.Model, o tag.Options) error {
	prog := newProgress(e.stderr)
	defer prog.done()
	start := time.Now()
	o.Name = "stdin"
	o.Progress = func(lines int) {
		prog.update("stance: %d lines classified (%.0f lines/s)", lines, float64(lines)/time.Since(start).Seconds())
	}
	o.Warn = func(msg string) {
		prog.done() // the warning gets a line of its own
		fmt.Fprintf(e.stderr, "stance: %s\n", msg)
	}
	return tag.Stream(e.ctx, e.stdin, e.stdout, m, o)
}

// modelOrDefault loads path, stopping with ctx's error once ctx is done,
// or returns the model trained on the built-in corpus (stored trained;
// classify.TestBuiltinIsFresh keeps it equal to a fresh training).
func modelOrDefault(ctx context.Context, path string) (*classify.Model, error) {
	if path != "" {
		return loadModel(ctx, path)
	}
	return classify.Builtin()
}
