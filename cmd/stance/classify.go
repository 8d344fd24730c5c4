package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/stance-nlp/stance/archive"
	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/tag"
)

func classifyCommand() *command {
	return &command{
		name:    "classify",
		args:    "[FILE|FOLDER|-]...",
		summary: "tag each sentence of news text (stdin, files, a folder, JSONL or CSV archives) with stance and sentiment",
		help: `Classify reads news text and writes one record per sentence to stdout: the
article id, the sentence's index in the article, the text, the stance with
its probability and the full distribution, and the sentiment with its
probability and distribution. Records are written as input arrives, in input
order; memory does not grow with the input.

Input:
  (none)    stdin, a line at a time. Each line is an article of its own, its id
            its line number: one article a line is how large archives are
            often kept, and how GNU parallel --pipe cuts them.
  FILE      a text file is one article, its id the file name without the
            extension, split into sentences exactly as 'stance split' splits
            it; a .jsonl file is JSON Lines and a .csv file CSV, an article a
            record (see --input)
  FOLDER    every .txt file in it, by name (with --input jsonl or csv, every
            .jsonl or .csv file)
  -         stdin, read whole as one article with the id "stdin" (with
            --input jsonl or csv, as an archive)

JSON Lines and CSV archives hold an article a record: the text in the field
--text-field names, the id in --id-field. Every other field (date, outlet,
url) is passed through to each record of the article: in JSON Lines under
its own name (input_NAME if classify uses the name itself, as for a field
called stance), in TSV as a column before the text. JSON Lines written by
'stance split' is recognised wherever it is met and read a sentence a record
(id and index as split gave them), so 'stance split a.txt | stance classify'
classifies split's sentences, not its JSON. On stdin, other JSON Lines is
read as an archive too unless --input text says it is prose. A bad record is
reported as FILE:LINE: problem and left out; the run goes on and exits 1.

By default each article is split into sentences, and lines that are not
article body (bylines, datelines, section labels, comment policies,
subscription prompts) are left out as 'stance split' leaves them out, with
a count per reason on stderr; --keep-all keeps them. With --lines each line
is one unit: one record per line, empty lines included.

Each sentence is read in the context of its article, as annotators read
it: for each target the model was trained to read so (with the built-in
model, stance and sentiment), it adds the mean scores of the article's other
sentences, weighed as 'stance train' fitted (see 'stance train --help',
--context).
A record of an article is written once its last sentence is read; split's
sentences are taken together by article id. With --lines every line is
scored alone, without its article.

Without --model it uses the model trained on the built-in corpus with the
default options (the same as 'stance train' writes; it is stored trained, so
start-up takes milliseconds).
Invalid UTF-8 is replaced by U+FFFD and the number of replacements is
reported on stderr. A UTF-8 byte-order mark at the start is dropped; UTF-16
input is refused, with how to convert it. The table format shows control
characters (ESC, BEL, C1, bidirectional overrides) as escapes such as \x1b.

Formats:
  table  aligned columns for reading: stance p  sentiment p  text, after the
         article id and index when the input has ids (files, archives)
  tsv    stance, p, p(obstacle), p(opening), p(neutral), sentiment, p,
         p(negative), p(neutral), p(positive), text; tabs and newlines in the
         text become spaces; no header line. When the input has ids (files,
         archives) the article id and index come first, and the values of the
         passed-through fields before the text.
  jsonl  {"article":…,"index":N,"line":N,"text":…,"stance":…,"stance_p":…,
         "stance_probs":{…},"sentiment":…,"sentiment_p":…,"sentiment_probs":
         {…}, then the passed-through fields}; line is the line of the
         article's text (of stdin, for a stream) the sentence starts on, and is
         left out for split's sentences

Sharding: classify is a streaming map, so a large archive can be cut into
shards and classified in parallel, on one machine or many (GNU parallel
--pipe, --sshlogin; Spark's rdd.pipe). With ids in the input (JSON Lines,
CSV) the shards' outputs, concatenated in order, are byte for byte those of
one run; a shard of a stream of lines needs --line-offset for its line
numbers, and a shard of a table --no-header. 'stance summarize' reads the
shards' outputs together.

Examples:
  echo "Moscow rejected the offer." | stance classify
  stance classify --format jsonl news/ > tagged.jsonl
  stance classify --format jsonl --text-field body --id-field url archive.csv
  stance split article.txt | stance classify --format tsv
  stance classify --lines --format tsv < sentences.txt > tagged.tsv
  stance classify --model model.json --format jsonl < article.txt
  echo "Washington welcomed the vote." | stance classify --explain
  parallel --pipe -k -j 4 stance classify --format jsonl < archive.jsonl > tagged.jsonl`,
		maxArgs: -1,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			model := nonEmptyFileFlag(fs, "model", "model `FILE` from 'stance train' (default: the model trained on the built-in corpus)")
			lines := fs.Bool("lines", false, "treat each input line as one unit: one record per line")
			format := fs.String("format", "table", "output `format`: table, tsv or jsonl")
			explain := fs.Bool("explain", false, "show the features that moved each sentence toward its label and away from the runner-up")
			input := fs.String("input", "", "read files and stdin as `kind` text, jsonl or csv (default: by extension, .jsonl and .csv, else text; JSON Lines on stdin is recognised)")
			textField := fs.String("text-field", "text", "the `field` of a JSONL or CSV record that holds the article's text")
			idField := fs.String("id-field", "id", "the `field` of a JSONL or CSV record that holds the article's id")
			offset := fs.Int("line-offset", 0, "add `N` to the line numbers (and ids) of lines read from stdin: for a shard that starts at line N+1")
			noHeader := fs.Bool("no-header", false, "leave out the table's header line (for the second and later shards)")
			keepAll := fs.Bool("keep-all", false, "keep lines that are not article body (bylines, datelines…) instead of leaving them out")
			return func(e *env, args []string) error {
				f, err := tag.ParseFormat(*format)
				if err != nil {
					return &usageError{err: err}
				}
				kind, err := parseInputKind(*input)
				if err != nil {
					return &usageError{err: err}
				}
				for _, fl := range []struct{ name, v string }{{"text-field", *textField}, {"id-field", *idField}} {
					if strings.TrimSpace(fl.v) == "" {
						return &usageError{err: fmt.Errorf("--%s '': name a field", fl.name)}
					}
				}
				if *textField == *idField {
					return &usageError{err: fmt.Errorf("--text-field and --id-field are both %q", *textField)}
				}
				if *offset < 0 {
					return &usageError{err: fmt.Errorf("--line-offset %d: want 0 or more", *offset)}
				}
				if *offset > 0 && (len(args) > 0 || kind == inputJSONL || kind == inputCSV) {
					return &usageError{err: errors.New("--line-offset numbers the lines of stdin read as a stream; records of files and archives carry their ids")}
				}
				if err := checkStdinOnce(args); err != nil {
					return err
				}
				files, err := expandArgs(args, kind)
				if err != nil {
					return err
				}
				ids, err := textIDs(files, kind)
				if err != nil {
					return err
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
				// A large model read from a file (the built-in one saved
				// as JSON holds some 30 MB) would leave almost no room
				// under the limit: the collector would run without pause,
				// 85 times on 200,000 sentences of paragraphs. The limit
				// is then the heap after loading (the model and the
				// garbage of reading it, which the first collection frees)
				// plus room for the batches in flight. The built-in model
				// is read where it lies, not onto the heap, and reading
				// the heap's size (runtime.ReadMemStats stops the world)
				// took a twentieth of its start.
				if modelPath != "" {
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					debug.SetMemoryLimit(max(memoryLimit, int64(ms.HeapAlloc)+memoryRoom))
				}
				fields := archive.Fields{Text: *textField, ID: *idField}
				o := tag.Options{Format: f, Lines: *lines, Explain: *explain, KeepAll: *keepAll, NoHeader: *noHeader,
					LineOffset: *offset, Fields: fields, Sniff: kind == inputAuto,
					Started: func() { debug.SetGCPercent(gc) }}
				var docs archive.Reader
				switch {
				case len(files) > 0:
					docs = &fileDocs{e: e, files: files, ids: ids, kind: kind, fields: fields}
				case kind == inputJSONL:
					docs = archive.NewJSONLReader(&ctxReader{e.ctx, e.stdin}, "stdin", fields)
				case kind == inputCSV:
					docs = archive.NewCSVReader(&ctxReader{e.ctx, e.stdin}, "stdin", fields)
				}
				return classifyStream(e, m, o, docs)
			}
		},
	}
}

// memoryLimit is classify's least soft memory limit (debug.SetMemoryLimit);
// memoryRoom is what it leaves above the heap the model takes.
const (
	memoryLimit = 40 << 20
	memoryRoom  = 16 << 20
)

// classifyStream runs tag.Stream from stdin to stdout, or tag.StreamDocs
// from docs when it is not nil, with progress on stderr when it is a
// terminal and warnings about the input on stderr.
func classifyStream(e *env, m *classify.Model, o tag.Options, docs archive.Reader) error {
	prog := newProgress(e.stderr)
	defer prog.done()
	start := time.Now()
	o.Name = "stdin"
	o.Progress = func(lines, docs int) {
		if docs > 0 {
			prog.update("stance: %d articles classified (%.0f articles/s)", docs, float64(docs)/time.Since(start).Seconds())
			return
		}
		prog.update("stance: %d lines classified (%.0f lines/s)", lines, float64(lines)/time.Since(start).Seconds())
	}
	var mu sync.Mutex // warnings come from the reader (a file read as JSON Lines) and the writer
	o.Warn = func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		prog.done() // the warning gets a line of its own
		fmt.Fprintf(e.stderr, "stance: %s\n", msg)
	}
	if docs == nil {
		return tag.Stream(e.ctx, e.stdin, e.stdout, m, o)
	}
	if fd, ok := docs.(*fileDocs); ok {
		fd.notes = o.Warn
		defer fd.close()
	}
	err := tag.StreamDocs(e.ctx, docs, e.stdout, m, o)
	var fe *archive.FieldsError
	if errors.As(err, &fe) {
		return fmt.Errorf("%w; name the field with --%s-field", err, fe.Role)
	}
	return err
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
