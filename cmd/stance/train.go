package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

func trainCommand() *command {
	return &command{
		name:    "train",
		args:    "-o MODEL",
		summary: "train the stance and sentiment models and save them to a file",
		help: `Train fits naive Bayes models for stance and sentiment on labelled
sentences (the built-in corpus unless --data names a JSON Lines file in the
format of 'stance split') and writes them to one model file. A short summary
(sentences per label, vocabulary size, temperatures, offsets) goes to stderr.

The probabilities are calibrated: the data is cross-validated in up to 10
folds of whole events (from --catalog, or the shipped catalog for the
built-in corpus; without one, each article is its own event), and a
temperature per target is fitted on the held-out predictions and stored in
the model. For the targets --context names (both by default), a weight
for the article's other sentences is fitted with it, by log-loss: classify
adds that weight times their mean scores to each sentence's own (0, none,
with fewer than 1,000 held-out sentences in an article of two or more, or
where the article would count against the sentence). Then, from at least
1,000 held-out predictions, decision offsets
(one per label, within ±1, added to the calibrated log-scores) are fitted
on the same predictions for the best macro-F1 and stored too: they move the
boundaries between labels where naive Bayes, on events it did not learn
from, favours one label over another. Each is the mean of the offsets
fitted on 16 bootstrap resamples of the events (one fit on all of them
jumps with small changes to the data). The summary lists them.

The model file is JSON, versioned and deterministic: the same data and flags
give the same bytes. It is written atomically: a failed or interrupted run
leaves any earlier file at that path as it was. A file it replaces keeps its
mode. Only regular files are written: a device, FIFO, symbolic link or
read-only file at MODEL is refused. -o - writes the model to stdout.

Examples:
  stance train -o model.json
  stance train --data my-labels.jsonl --alpha 0.5 -o model.json
  stance train --data my-labels.jsonl --catalog my-articles.jsonl -o model.json
  stance train --variant complement --actors my-actors.txt -o model.json
  stance train --context none -o no-context.json   # every sentence alone`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			data := nonEmptyFileFlag(fs, "data", "labelled sentences, JSON Lines `FILE`, - for stdin (default: the built-in corpus)")
			out := fileFlag(fs, "o", "", "write the model to `MODEL` (required), - for stdout")
			catalog := nonEmptyFileFlag(fs, "catalog", "article catalog, JSON Lines `FILE` giving each article's event (default: the shipped one with the built-in corpus)")
			opts := modelFlags(fs)
			return func(e *env, _ []string) error {
				if *out == "" {
					return &usageError{err: errors.New("train needs -o MODEL")}
				}
				dataPath, err := data()
				if err != nil {
					return err
				}
				catalogPath, err := catalog()
				if err != nil {
					return err
				}
				o, lexFiles, err := opts()
				if err != nil {
					return err
				}
				return train(e, dataPath, catalogPath, *out, o, lexFiles)
			}
		},
	}
}

func train(e *env, data, catalog, out string, o classify.Options, lexFiles []string) error {
	for _, in := range append([]string{data, catalog}, lexFiles...) {
		if in != "" && out != stdinName && sameFile(in, out) {
			return fmt.Errorf("refusing to write the model over its input file %s", in)
		}
	}
	if out != stdinName {
		// Fail before training, not after: a bad -o is found at once.
		if _, err := outputPath(out); err != nil {
			return err
		}
	}
	recs, name, cat, err := readCorpusFrom(e.ctx, e.stdin, data, catalog)
	if err != nil {
		return err
	}
	tr, err := classify.NewTrainer(o)
	if err != nil {
		return err
	}
	m, err := tr.Fit(recs, cat.Groups(recs, "event"))
	if err != nil {
		return fmt.Errorf("train on %s: %w", name, err)
	}
	if err := e.ctx.Err(); err != nil {
		return err // interrupted while training
	}
	if err := writeOutput(e, out, m.Save); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	if out == stdinName {
		out = "stdout"
	}
	summarise(e.stderr, m, name, recs, out)
	return nil
}

// summarise prints what was trained: sentences per label and vocabulary.
func summarise(w io.Writer, m *classify.Model, name string, recs []labels.Record, out string) {
	fmt.Fprintf(w, "trained on %d sentences from %d articles (%s)\n", len(recs), len(labels.Articles(recs)), name)
	for _, t := range m.Targets {
		var parts []string
		for c, l := range t.Labels {
			parts = append(parts, fmt.Sprintf("%s %d", l, t.Docs[c]))
		}
		fmt.Fprintf(w, "  %-11s %s\n", t.Name+":", strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "  vocabulary: %d features (%s)\n", len(m.Vocab), m.Options.Features)
	var temps []string
	for _, t := range m.Targets {
		temps = append(temps, fmt.Sprintf("%s %.2f", t.Name, t.Temperature))
	}
	fmt.Fprintf(w, "  calibration: temperature %s (fitted on held-out events)\n", strings.Join(temps, ", "))
	var ctx []string
	for _, t := range m.Targets {
		if t.Context != 0 {
			ctx = append(ctx, fmt.Sprintf("%s %.2f", t.Name, t.Context))
		}
	}
	if len(ctx) > 0 {
		fmt.Fprintf(w, "  article context: weight %s (the other sentences' mean log-scores, fitted with the temperature)\n", strings.Join(ctx, ", "))
	}
	var offs []string
	for _, t := range m.Targets {
		for c, o := range t.Offsets {
			if o != 0 {
				offs = append(offs, fmt.Sprintf("%s %+.2f", t.Labels[c], o))
			}
		}
	}
	if len(offs) > 0 {
		fmt.Fprintf(w, "  decision offsets: %s (added to the calibrated log-scores; fitted on the same held-out events for macro-F1, bagged)\n", strings.Join(offs, ", "))
	}
	if out != "" {
		fmt.Fprintf(w, "model written to %s\n", out)
	}
}
