package main

import (
	"bufio"
	"flag"
	"fmt"

	"path/filepath"

	"github.com/stance-nlp/stance/agreement"
	"github.com/stance-nlp/stance/labels"
)

func agreeCommand() *command {
	return &command{
		name:    "agree",
		args:    "A.jsonl B.jsonl [C.jsonl...]",
		summary: "measure agreement between annotators' label files",
		minArgs: 2, maxArgs: -1,
		help: `Agree reads two or more label files of the same sentences (each annotator's,
in the format of 'stance split' with the labels filled in; a sentence left
unlabelled is missing, never a label) and reports, for stance and sentiment
apart: how many items and how many have two or more labels; percent
agreement; Cohen's kappa for every pair of annotators; Fleiss' kappa (over
the items every annotator labelled, saying how many it left out);
Krippendorff's alpha, nominal (and ordinal for sentiment), with a 95%
bootstrap interval; agreement per category; and the confusion table of
each pair. A figure the data cannot define (one category only, no item two
annotators labelled) is printed as "undefined" with the reason, never as a
silent 0 or 1.

Files must be of the same sentences: the same (article, index) with
different text is an error naming both files and the item.

--disagreements lists every item the annotators disagree on, with its
sentence and each annotator's label, as text, markdown or csv.

Examples:
  stance agree ann_a.jsonl ann_b.jsonl
  stance agree --format markdown a.jsonl b.jsonl c.jsonl
  stance agree --disagreements csv a.jsonl b.jsonl > to-adjudicate.csv`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			format := fs.String("format", "text", "report `format`: text, markdown or json")
			dis := fs.String("disagreements", "", "instead of the report, list the disagreements as `FORMAT`: text, markdown or csv")
			resamples := fs.Int("resamples", 1000, "bootstrap resamples `N` for alpha's interval")
			seed := fs.Uint64("seed", 1, "seed `N` for the bootstrap")
			return func(e *env, files []string) error {
				switch *format {
				case "text", "markdown", "json":
				default:
					return &usageError{err: fmt.Errorf("unknown format %q (want text, markdown or json)", *format)}
				}
				switch *dis {
				case "", "text", "markdown", "csv":
				default:
					return &usageError{err: fmt.Errorf("unknown --disagreements format %q (want text, markdown or csv)", *dis)}
				}
				if *resamples < 1 || *resamples > agreement.MaxResamples {
					return &usageError{err: fmt.Errorf("--resamples %d: want 1 to %d", *resamples, agreement.MaxResamples)}
				}
				anns, err := readAnnotations(files)
				if err != nil {
					return err
				}
				rep, err := agreement.NewReport(anns, labels.Targets(), *resamples, *seed)
				if err != nil {
					return err
				}
				bw := bufio.NewWriter(e.stdout)
				switch {
				case *dis != "":
					err = rep.WriteDisagreements(bw, *dis)
				case *format == "json":
					err = rep.WriteJSON(bw)
				default:
					err = rep.WriteText(bw, *format == "markdown")
				}
				if err != nil {
					return err
				}
				return bw.Flush()
			}
		},
	}
}

// readAnnotations reads each annotator's file, labels optional, reporting
// every problem as FILE:LINE. An annotator is named by the file's base
// name, or its path when two base names are the same.
func readAnnotations(files []string) ([]agreement.Annotation, error) {
	names := make(map[string]int)
	for _, f := range files {
		names[filepath.Base(f)]++
	}
	var anns []agreement.Annotation
	for _, path := range files {
		f, err := openFile(path)
		if err != nil {
			return nil, err
		}
		r := labels.NewReader(f, path)
		r.Unlabelled = true
		recs, err := r.ReadAll()
		f.Close()
		if err != nil {
			return nil, err
		}
		name := filepath.Base(path)
		if names[name] > 1 {
			name = path
		}
		anns = append(anns, agreement.Annotation{Coder: name, Records: recs})
	}
	return anns, nil
}
