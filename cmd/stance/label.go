package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/stance-nlp/stance/annotation"
	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

func labelCommand() *command {
	return &command{
		name:    "label",
		args:    "--data FILE --annotator NAME",
		alt:     "--export --log FILE [-o OUT]",
		summary: "label sentences in a local web page, most informative first",
		maxArgs: 0,
		help: `Label serves a page on this machine (127.0.0.1, under a random token in the
address, printed on stdout) that shows one sentence at a time, highlighted
in its article, with the model's guess, and takes a stance and a sentiment
label from the keyboard (or the mouse):

  stance:    1 obstacle   2 opening   3 neutral
  sentiment: q negative   w neutral   e positive
  s skip or unsure (stored as no label)    u undo, again and again
  a the whole article    ? the codebook    Enter accept a label offered for a near-duplicate

It moves on when both labels are set. Every answer is appended to the log
(--log; by default DATA.NAME.log.jsonl beside the data) and synced to disk
before the next sentence appears; an undo is written as a retraction. Stop
with Ctrl-C (or kill it, or close the tab) and run the same command again
to resume. A lock file (LOG.lock) keeps a second session off the log.

The input is the output of 'stance split' (labels, if any, are not used:
the log holds the labels). With --catalog, each article's event, date
and style are shown.

The order is active learning: after every label the model (naive Bayes on
the built-in corpus and your labels, with the built-in model's
temperatures, article-context weight and offsets, so that its guess is
the one classify would give, each sentence read in its article;
--seed-model none for your labels alone, uncalibrated and each sentence
alone) is retrained and the sentence it is least sure of comes next
(--order), except for a random share (--random, an unbiased sample on
which the page reports the model's accuracy), random picks while a class
has fewer than 3 of your labels, and the sentences --overlap puts first.
Near-duplicates (republished wire copy) are asked once; their twins come
last with the label offered. The page shows the agreement (Cohen's kappa)
between successive models' predictions on the sentences left, and says
when it has stayed at 0.99 or more for three labels.

--export writes the labelled sentences of a log in the training format,
each sentence's latest label, retracted and skipped ones left out, ready
for 'stance train --data' and 'stance eval --data'. Several annotators:
give each their own --annotator (and log), the same --overlap N, then
export each one, compare them with 'stance agree', and decide where they
differ with 'stance agree --adjudicate LOG --gold FILE'.

Examples:
  stance split article.txt > mine.jsonl
  stance label --data mine.jsonl --annotator ann
  stance label --data mine.jsonl --annotator ann --order margin --overlap 40 --no-open
  stance label --export --log mine.jsonl.ann.log.jsonl -o labelled.jsonl
  stance train --data labelled.jsonl -o model.json`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			var o labelOptions
			fs.StringVar(&o.data, "data", "", "sentences to label, JSON Lines `FILE` from 'stance split' (required, except with --export)")
			fs.StringVar(&o.annotator, "annotator", "", "your `NAME`, written in every log record (required, except with --export)")
			fs.StringVar(&o.log, "log", "", "the label log `FILE` (default: DATA.NAME.log.jsonl)")
			fs.StringVar(&o.catalog, "catalog", "", "article catalog, JSON Lines `FILE`, for each article's event and date")
			fs.StringVar(&o.order, "order", string(annotation.Entropy), "uncertainty `MEASURE`: entropy, margin or least-confidence")
			fs.Float64Var(&o.random, "random", 0.15, "share `P` of sentences drawn at random rather than by uncertainty")
			fs.IntVar(&o.overlap, "overlap", 0, "put the same `N` randomly chosen sentences first for every annotator")
			fs.Uint64Var(&o.seed, "seed", 1, "seed `N` for the random picks")
			fs.StringVar(&o.seedModel, "seed-model", "builtin", "what the model learns from besides your labels: builtin (the built-in corpus) or none")
			fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "serve on `HOST:PORT` (a loopback address; port 0 picks a free one)")
			fs.BoolVar(&o.noOpen, "no-open", false, "do not open the page in a browser, only print its address")
			fs.BoolVar(&o.export, "export", false, "write the labelled sentences of --log in the training format and exit")
			fs.StringVar(&o.out, "o", "", "with --export, write to `FILE` instead of stdout")
			return func(e *env, _ []string) error {
				if o.export {
					return labelExport(e, o)
				}
				return labelServe(e, o)
			}
		},
	}
}

type labelOptions struct {
	data, annotator, log, catalog, order string
	random                               float64
	overlap                              int
	seed                                 uint64
	seedModel, addr                      string
	noOpen, export                       bool
	out                                  string
}

// validAnnotatorName reports whether name is what an annotator may be
// called (it goes into file names and log records): a letter or digit,
// then letters, digits, '.', '_' and '-', 64 at most. It is the regular
// expression ^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$ written out:
// compiling that at start-up allocated 2.4 MB (its Unicode tables), a
// cost every command paid. TestValidAnnotatorName holds the two equal.
func validAnnotatorName(name string) bool {
	n := 0
	for _, r := range name {
		n++
		switch {
		case n > 64:
			return false
		case unicode.IsLetter(r) || unicode.IsNumber(r):
		case n > 1 && (r == '.' || r == '_' || r == '-'):
		default:
			return false
		}
	}
	return n > 0
}

func labelServe(e *env, o labelOptions) error {
	switch {
	case o.data == "":
		return &usageError{err: errors.New("label needs --data FILE: the sentences to label, from 'stance split'")}
	case o.annotator == "":
		return &usageError{err: errors.New("label needs --annotator NAME")}
	case !validAnnotatorName(o.annotator):
		return &usageError{err: fmt.Errorf("--annotator %q: use letters, digits, '.', '_' and '-' (up to 64)", o.annotator)}
	case o.out != "":
		return &usageError{err: errors.New("-o goes with --export")}
	case !(o.random >= 0 && o.random <= 1):
		return &usageError{err: fmt.Errorf("--random %v: want a share from 0 to 1", o.random)}
	case o.overlap < 0:
		return &usageError{err: fmt.Errorf("--overlap %d: want 0 or more", o.overlap)}
	case o.seedModel != "builtin" && o.seedModel != "none":
		return &usageError{err: fmt.Errorf("--seed-model %q: want builtin or none", o.seedModel)}
	}
	order, err := annotation.ParseStrategy(o.order)
	if err != nil {
		return &usageError{err: err}
	}
	host, err := loopbackAddr(o.addr)
	if err != nil {
		return &usageError{err: err}
	}
	data, err := readUnlabelled(o.data)
	if err != nil {
		return err
	}
	var cat labels.Catalog
	if o.catalog != "" {
		if cat, err = readCatalog(e.ctx, o.catalog); err != nil {
			return err
		}
	}
	logPath := o.log
	if logPath == "" {
		logPath = o.data + "." + o.annotator + ".log.jsonl"
	}
	for _, in := range []string{o.data, o.catalog} {
		if in != "" && sameFile(in, logPath) {
			return fmt.Errorf("--log %s is the input file %s: the log needs a file of its own", logPath, in)
		}
	}
	cfg := annotation.Config{
		Annotator: o.annotator, Order: order, RandomRate: o.random, Overlap: o.overlap, Seed: o.seed,
		Catalog: cat, DataName: o.data,
	}
	if o.seedModel == "builtin" {
		if cfg.Base, err = labels.Corpus(); err != nil {
			return err
		}
		cfg.BaseName = "built-in corpus"
		m, err := classify.Builtin()
		if err != nil {
			return err
		}
		for _, t := range m.Targets {
			cfg.Temperatures = append(cfg.Temperatures, t.Temperature)
			cfg.Offsets = append(cfg.Offsets, t.Offsets)
			cfg.Contexts = append(cfg.Contexts, t.Context)
		}
	}
	log, notes, err := annotation.OpenLog(logPath)
	if err != nil {
		return err
	}
	defer log.Close()
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "stance label: %s\n", n)
	}
	sess, err := annotation.NewSession(data, log, cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", host)
	if err != nil {
		return err
	}
	token, err := annotation.NewToken()
	if err != nil {
		ln.Close()
		return err
	}
	addr := ln.Addr().String()
	srv := &http.Server{Handler: annotation.NewHandler(sess, token, addr), ReadHeaderTimeout: 10 * time.Second}
	url := "http://" + addr + "/" + token + "/"
	v := sess.View()
	fmt.Fprintf(e.stderr, "stance label: %d sentences from %s, annotator %s, log %s (%d labelled, %d skipped so far)\n",
		v.Progress.Total, o.data, o.annotator, logPath, v.Progress.Labelled, v.Progress.Skipped)
	fmt.Fprintln(e.stdout, url)
	if f, ok := e.stdout.(interface{ Sync() error }); ok {
		f.Sync()
	}
	if !o.noOpen {
		openBrowser(e.stderr, url)
	}
	fmt.Fprintln(e.stderr, "stance label: press Ctrl-C to stop; run the same command again to resume")
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-e.ctx.Done():
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx) // lets an answer being written finish
	v = sess.View()
	fmt.Fprintf(e.stderr, "stance label: stopped; %d labelled, %d skipped in %s\n  export with: stance label --export --log %s -o labelled.jsonl\n",
		v.Progress.Labelled, v.Progress.Skipped, logPath, logPath)
	return nil
}

// loopbackAddr checks that addr is a loopback host:port ("localhost" is
// taken as 127.0.0.1): the page writes to the user's files and is for
// this machine only.
func loopbackAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080", addr)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("--addr %q: label serves only on a loopback address such as 127.0.0.1, so no other machine can reach the page", addr)
	}
	return net.JoinHostPort(host, port), nil
}

// openBrowser opens url with xdg-open where there is one; where there is
// not (a server, a container), the printed address is enough.
func openBrowser(stderr io.Writer, url string) {
	path, err := exec.LookPath("xdg-open")
	if err != nil {
		fmt.Fprintln(stderr, "stance label: open the address above in a browser")
		return
	}
	cmd := exec.Command(path, url)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "stance label: could not open a browser (%v); open the address above\n", err)
		return
	}
	go cmd.Wait()
}

// readUnlabelled reads sentences to label, labels optional, every problem
// as FILE:LINE.
func readUnlabelled(path string) ([]labels.Record, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := labels.NewReader(f, path)
	r.Unlabelled = true
	return r.ReadAll()
}

func labelExport(e *env, o labelOptions) error {
	if o.log == "" {
		return &usageError{err: errors.New("--export needs --log FILE")}
	}
	for _, in := range []string{o.log, o.data} {
		if o.out != "" && in != "" && (sameFile(in, o.out) || filepath.Clean(in) == filepath.Clean(o.out)) {
			return fmt.Errorf("refusing to write the export over the input file %s", in)
		}
	}
	f, err := openFile(o.log)
	if err != nil {
		return err
	}
	entries, cut, err := annotation.ReadLog(f, o.log)
	f.Close()
	if err != nil {
		return err
	}
	if cut != nil {
		fmt.Fprintf(e.stderr, "stance label: %s\n", cut)
	}
	var data []labels.Record
	if o.data != "" {
		if data, err = readUnlabelled(o.data); err != nil {
			return err
		}
		if err := annotation.CheckData(entries, data, o.log, o.data); err != nil {
			return err
		}
	}
	recs, err := annotation.Export(entries, o.annotator, data)
	if err != nil {
		return fmt.Errorf("%s: %w", o.log, err)
	}
	write := func(w io.Writer) error {
		lw := labels.NewWriter(w)
		for _, r := range recs {
			if err := lw.Write(r); err != nil {
				return err
			}
		}
		return lw.Flush()
	}
	who := strings.Join(annotation.Annotators(entries), ", ")
	if o.annotator != "" {
		who = o.annotator
	}
	if o.out == "" {
		if err := write(e.stdout); err != nil {
			return err
		}
	} else if err := writeAtomic(e.ctx, o.out, write); err != nil {
		return err
	}
	dest := o.out
	if dest == "" {
		dest = "stdout"
	}
	fmt.Fprintf(e.stderr, "stance label: %d labelled sentences by %s written to %s\n", len(recs), who, dest)
	return nil
}
