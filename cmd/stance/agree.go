package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/stance-nlp/stance/agreement"
	"github.com/stance-nlp/stance/annotation"
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

--adjudicate LOG walks the disagreements in the terminal: each sentence
in its article, with every annotator's labels and notes (the disputed
target in capitals). Answer with the label keys of 'stance label' (stance
1 obstacle, 2 opening, 3 neutral; sentiment q negative, w neutral,
e positive; a target the annotators agreed on may be left out), or with
A, B... to take that annotator's labels; s skips, u undoes, a shows the
whole article, ? the codebook, x stops. Each decision is appended to LOG
(the log format of 'stance label', synced line by line) before the next
sentence is shown, so stopping or a crash loses nothing, and running the
same command again resumes. Then --gold FILE is written: every sentence
with the label its annotators agreed on or the adjudicator's decision,
ready for 'stance train --data'; sentences still undecided are left out
and counted.

Examples:
  stance agree ann_a.jsonl ann_b.jsonl
  stance agree --format markdown a.jsonl b.jsonl c.jsonl
  stance agree --disagreements csv a.jsonl b.jsonl > to-adjudicate.csv
  stance agree --adjudicate adjudication.log.jsonl --gold gold.jsonl a.jsonl b.jsonl`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			format := fs.String("format", "text", "report `format`: text, markdown or json")
			dis := fs.String("disagreements", "", "instead of the report, list the disagreements as `FORMAT`: text, markdown or csv")
			resamples := fs.Int("resamples", 1000, "bootstrap resamples `N` for alpha's interval")
			seed := fs.Uint64("seed", 1, "seed `N` for the bootstrap")
			adjLog := fs.String("adjudicate", "", "walk the disagreements in the terminal, recording each decision in the label log `LOG` (resumed if it exists)")
			gold := fs.String("gold", "", "with --adjudicate: write the gold labels (agreed or adjudicated) to `FILE`")
			adjudicator := fs.String("adjudicator", "adjudicator", "with --adjudicate: the adjudicator's `NAME` in the log")
			return func(e *env, files []string) error {
				switch {
				case *adjLog == "" && *gold != "":
					return &usageError{err: errors.New("--gold goes with --adjudicate LOG")}
				case *adjLog != "" && *gold == "":
					return &usageError{err: errors.New("--adjudicate needs --gold FILE, where the gold labels are written")}
				case *adjLog != "" && *dis != "":
					return &usageError{err: errors.New("--adjudicate and --disagreements do different jobs: use one")}
				case !validAnnotatorName(*adjudicator):
					return &usageError{err: fmt.Errorf("--adjudicator %q: use letters, digits, '.', '_' and '-' (up to 64)", *adjudicator)}
				}
				if *adjLog != "" {
					return adjudicate(e, files, *adjLog, *gold, *adjudicator)
				}
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

// adjudicate walks the disagreements of files, recording decisions in
// logPath, then writes the gold labels to goldPath.
func adjudicate(e *env, files []string, logPath, goldPath, adjudicator string) error {
	for _, in := range files {
		for _, out := range []string{logPath, goldPath} {
			if sameFile(in, out) {
				return fmt.Errorf("%s is the input file %s: give it a file of its own", out, in)
			}
		}
	}
	if sameFile(logPath, goldPath) || logPath == goldPath {
		return fmt.Errorf("--adjudicate and --gold name the same file %s: the log and the gold file need one each", logPath)
	}
	if _, err := outputPath(goldPath); err != nil {
		return err
	}
	anns, err := readAnnotations(files)
	if err != nil {
		return err
	}
	log, notes, err := annotation.OpenLog(logPath)
	if err != nil {
		return err
	}
	defer log.Close()
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "stance agree: %s\n", n)
	}
	adj, err := annotation.NewAdjudication(anns, adjudicator, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "stance agree: %d sentences, %d disputed; decisions go to %s\n", len(adj.Items), len(adj.Disputed()), logPath)
	if err := adj.Walk(e.stdin, e.stdout, labels.Codebook()); err != nil {
		return err
	}
	recs, st := adj.Gold()
	err = writeAtomic(e.ctx, goldPath, func(w io.Writer) error {
		lw := labels.NewWriter(w)
		for _, r := range recs {
			if err := lw.Write(r); err != nil {
				return err
			}
		}
		return lw.Flush()
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "stance agree: %s: %d sentences (%d agreed, %d adjudicated)", goldPath, len(recs), st.Agreed, st.Adjudicated)
	if st.Single > 0 {
		fmt.Fprintf(e.stderr, "; %d of the agreed were labelled by one annotator only", st.Single)
	}
	if st.Undecided > 0 {
		fmt.Fprintf(e.stderr, "; %d disputed sentences left out, undecided", st.Undecided)
	}
	if st.Unlabelled > 0 {
		fmt.Fprintf(e.stderr, "; %d left out because no annotator labelled a target", st.Unlabelled)
	}
	fmt.Fprintln(e.stderr)
	return nil
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
