package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/labels"
	"github.com/stance-nlp/stance/summary"
)

func summarizeCommand() *command {
	return &command{
		name:    "summarize",
		args:    "[FILE|FOLDER|-]...",
		summary: "per article, outlet or month: shares of each label and net stance, with intervals",
		maxArgs: -1,
		help: `Summarize reads what 'stance classify --format jsonl' writes (one or more
files, a folder of .jsonl files, or stdin) and reports, per group: the
articles and sentences, the count and share of each label, the net stance
(the share of opening minus the share of obstacle; for sentiment, positive
minus negative) and the mean probability of each label, with 95% intervals.

Groups are given by --by: article (the article id), any field classify
passed through from the input (outlet, say), or a field holding a date cut
to a period: date:year, date:quarter, date:month, date:week (ISO weeks) or
date:day. An article id that starts with a date, as the file names of a
folder of articles may (2014-09-24-reuters.txt), is one too: article:month.
Several keys, comma-separated, group by all of them (outlet,date:month).
Without --by every record is one group.

The intervals come from a bootstrap that resamples the group's articles,
not its sentences: sentences of one article share a writer and a frame and
are not independent, and resampling them would give intervals too narrow
to trust. The bootstrap is seeded (--seed), and its result depends only on
the records, not on their order: the outputs of shards (classify run on
parts of an archive, by GNU parallel, say) are read together as one run's
would be. A sentence read twice (the same shard given twice) is an error.

Shares are the model's labels counted; they are not corrected for its
known confusion. Adjusted classify and count was tried: on held-out events
it did not come closer to the true shares than plain counting, so it is
left out.

Every bad record is reported as FILE:LINE: problem, and nothing is written
when there is one.

Formats:
  table  aligned columns for reading; the last row, (all), is every record
  csv    a header and a row per group: counts, shares with their interval
         bounds, mean probabilities, net stance and its bounds
  json   the same, with the settings; schema stance-summary/1
  html   a self-contained page: charts of net stance and of the shares (over
         time, with interval bands, when a key is a period) and the table

Examples:
  stance classify --format jsonl news/ | stance summarize --by article
  stance classify --format jsonl news/ | stance summarize --by article:month
  stance summarize --by date:month --format html -o net-by-month.html tagged.jsonl
  stance summarize --by outlet,date:year --format csv shard-*.jsonl > by-outlet.csv
  stance summarize --target sentiment --by outlet tagged.jsonl`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			by := fs.String("by", "", "group by `KEYS`, comma-separated: article, a field (outlet), or a date field and a period (date:month)")
			target := fs.String("target", "stance", "the `target` to summarise: stance or sentiment")
			format := fs.String("format", "table", "output `format`: table, csv, json or html")
			out := nonEmptyFileFlag(fs, "o", "write to `FILE` (atomically) instead of stdout")
			resamples := fs.Int("resamples", 1000, fmt.Sprintf("bootstrap resamples `N` of each group's articles (1 to %d)", maxResamples))
			seed := fs.Uint64("seed", 1, "bootstrap `seed`")
			return func(e *env, args []string) error {
				f, err := summary.ParseFormat(*format)
				if err != nil {
					return &usageError{err: err}
				}
				t, err := labels.ParseTarget(*target)
				if err != nil {
					return &usageError{err: err}
				}
				if *resamples < 1 || *resamples > maxResamples {
					return &usageError{err: fmt.Errorf("--resamples %d: want 1 to %d", *resamples, maxResamples)}
				}
				cfg := summary.Config{Target: t, Resamples: *resamples, Seed: *seed}
				if *by != "" {
					for _, k := range strings.Split(*by, ",") {
						key, err := summary.ParseKey(strings.TrimSpace(k))
						if err != nil {
							return &usageError{err: fmt.Errorf("--by: %w", err)}
						}
						cfg.By = append(cfg.By, key)
					}
				}
				path, err := out()
				if err != nil {
					return err
				}
				if path == "" {
					path = stdinName
				}
				if err := checkStdinOnce(args); err != nil {
					return err
				}
				if len(args) == 0 {
					args = []string{stdinName}
				}
				files, err := expandArgs(args, inputJSONL)
				if err != nil {
					return err
				}
				for _, f := range files {
					if f != stdinName && path != stdinName && sameFile(f, path) {
						return fmt.Errorf("refusing to write the summary over the input %s", f)
					}
				}
				b, err := summary.NewBuilder(cfg)
				if err != nil {
					return err
				}
				for _, f := range files {
					if err := readSummaryInput(e, b, f); err != nil {
						return err
					}
				}
				if err := b.Err(); err != nil {
					return fmt.Errorf("nothing summarised; the input has problems:\n%w", err)
				}
				s := b.Summary()
				if s.All.Sentences == 0 {
					return fmt.Errorf("%s: no records: summarize reads what stance classify --format jsonl writes", strings.Join(s.Inputs, ", "))
				}
				for _, field := range sortedKeys(s.Missing) {
					fmt.Fprintf(e.stderr, "stance: %d sentences have no %q field: grouped under %s\n", s.Missing[field], field, summary.None)
				}
				return writeOutput(e, path, func(w io.Writer) error { return s.Write(w, f) })
			}
		},
	}
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]int) []string {
	return slices.Sorted(maps.Keys(m))
}

// readSummaryInput reads one input of summarize into b.
func readSummaryInput(e *env, b *summary.Builder, path string) error {
	var r io.Reader = e.stdin
	name := "stdin"
	if path != stdinName {
		f, err := openFileCtx(e.ctx, path)
		if err != nil {
			return err
		}
		defer f.Close()
		r, name = f, path
	}
	err := b.Read(&ctxReader{e.ctx, r}, name)
	if e.ctx.Err() != nil {
		return e.ctx.Err()
	}
	return err
}
