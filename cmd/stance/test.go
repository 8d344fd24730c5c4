package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/stance-nlp/stance/eval"
	"github.com/stance-nlp/stance/labels"
)

func testCommand() *command {
	return &command{
		name:    "test",
		args:    "--data FILE",
		summary: "score a saved model on labelled sentences it was not trained on",
		maxArgs: 0,
		help: `Test classifies labelled sentences with a saved model and reports how it
did, as 'fasttext test' and Weka's -T do: the same metrics, intervals,
baselines, confusion tables, calibration (the model's probabilities, with
its temperature and decision offsets, and the same at temperature 1 without
offsets) and formats as 'stance eval', with no training.

Use it on articles the model has never seen, of events it was not trained
on: that is the figure that says what to expect on new news. --catalog
gives each article's event, so the intervals resample whole events;
without one they resample articles. A table (and, in HTML, a chart) gives
the scores event by event, or article by article: how far the pooled
figure varies from one to the next. Each sentence is read in the context
of its article's other sentences, as classify reads it.

Examples:
  stance test --data dev.jsonl                      # the built-in model
  stance train -o model.json && stance test --model model.json --data dev.jsonl
  stance test --model model.json --data dev.jsonl --format json -o dev-report.json`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			d := eval.DefaultConfig()
			modelFlag := nonEmptyFileFlag(fs, "model", "model `FILE` from 'stance train' (default: the built-in model)")
			dataFlag := nonEmptyFileFlag(fs, "data", "labelled sentences to test on, JSON Lines `FILE`, - for stdin (required)")
			catalogFlag := nonEmptyFileFlag(fs, "catalog", "article catalog, JSON Lines `FILE` giving each article's event")
			target := fs.String("target", "both", "what to test: stance, sentiment or both")
			seed := fs.Uint64("seed", d.Seed, "seed `N` for the bootstrap, the baselines and the ECE's range")
			resamples := fs.Int("resamples", d.Resamples, fmt.Sprintf("bootstrap resamples `N`, and draws for the ECE's range (1 to %d)", maxResamples))
			format := fs.String("format", string(eval.Text), "report `format`: text, markdown, json or html")
			outFlag := nonEmptyFileFlag(fs, "o", "write the report to `FILE` instead of stdout (- is stdout)")
			return func(e *env, _ []string) error {
				model, err := modelFlag()
				if err != nil {
					return err
				}
				data, err := dataFlag()
				if err != nil {
					return err
				}
				catalog, err := catalogFlag()
				if err != nil {
					return err
				}
				out, err := outFlag()
				if err != nil {
					return err
				}
				if data == "" {
					return &usageError{err: errors.New("test needs --data FILE: labelled sentences the model was not trained on")}
				}
				cfg := d
				f, err := eval.ParseFormat(*format)
				if err != nil {
					return &usageError{err: err}
				}
				if *target != "both" {
					t, err := labels.ParseTarget(*target)
					if err != nil {
						return &usageError{err: fmt.Errorf("%v (or both)", err)}
					}
					cfg.Targets = []labels.Target{t}
				}
				if *resamples < 1 || *resamples > maxResamples {
					return &usageError{err: fmt.Errorf("--resamples %d: want 1 to %d", *resamples, maxResamples)}
				}
				cfg.Seed, cfg.Resamples = *seed, *resamples
				for _, in := range []string{data, catalog, model} {
					if out != "" && in != "" && sameFile(in, out) {
						return fmt.Errorf("refusing to write the report over the input file %s", in)
					}
				}
				m, err := modelOrDefault(e.ctx, model)
				if err != nil {
					return err
				}
				recs, name, cat, err := readCorpusFrom(e.ctx, e.stdin, data, catalog)
				if err != nil {
					return err
				}
				cfg.Catalog = cat
				rep, err := eval.Test(m, recs, name, cfg)
				if err != nil {
					return err
				}
				return writeReport(e, rep, out, f)
			}
		},
	}
}
