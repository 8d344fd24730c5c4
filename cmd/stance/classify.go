package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
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
				f := outFormat(*format)
				if f != fmtTable && f != fmtTSV && f != fmtJSONL {
					return &usageError{err: fmt.Errorf("unknown format %q (want table, tsv or jsonl)", *format), usage: "Usage: stance classify [flags] < TEXT\n"}
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
				// for the first records (classifyStream), under the limit.
				defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
				gc := debug.SetGCPercent(-1)
				defer debug.SetGCPercent(gc)
				m, err := modelOrDefaultCtx(e.ctx, modelPath)
				if err != nil {
					return err
				}
				resume := func() { debug.SetGCPercent(gc) }
				return classifyStream(e.ctx, e, m, classifyOptions{lines: *lines, format: f, explain: *explain, resumeGC: resume})
			}
		},
	}
}

// modelOrDefault loads path, or returns the model trained on the built-in
// corpus (stored trained; classify.TestBuiltinIsFresh keeps it equal to a
// fresh training).
func modelOrDefault(path string) (*classify.Model, error) {
	return modelOrDefaultCtx(context.Background(), path)
}

// modelOrDefaultCtx is modelOrDefault, stopping with ctx's error once ctx
// is done.
func modelOrDefaultCtx(ctx context.Context, path string) (*classify.Model, error) {
	if path != "" {
		return loadModelCtx(ctx, path)
	}
	return classify.Builtin()
}

type outFormat string

const (
	fmtTable outFormat = "table"
	fmtTSV   outFormat = "tsv"
	fmtJSONL outFormat = "jsonl"
)

type classifyOptions struct {
	lines    bool
	format   outFormat
	explain  bool
	resumeGC func() // if set, called once the first records are written or a long line starts
}

// batchLines is how many input lines travel together between goroutines:
// enough to amortise channel costs, few enough to keep memory small.
const batchLines = 512

// batch is a run of input lines and, once a worker is done, their records.
type batch struct {
	parts    chan []byte // a line too long to hold, in parts (see longLine)
	outParts chan []byte // its records, part by part
	note     string      // said on stderr when the batch is written
	first    int         // line number of the first line
	lines    int         // how many lines
	ends     []int       // end offset of each line in text
	text     string      // the lines, without line ends, one after another
	out      []byte      // the records, from outPool
	done     chan struct{}
}

// outPool holds record buffers for reuse once written, so a long run does
// not make garbage in proportion to its output.
var outPool sync.Pool

// line returns the i-th line of a full batch, sharing its text.
func (b *batch) line(i int) string {
	start := 0
	if i > 0 {
		start = b.ends[i-1]
	}
	return b.text[start:b.ends[i]]
}

// classifyStream reads stdin a line at a time and writes records in input
// order. Lines are read by one goroutine, classified by one worker per CPU
// (each with its own Scorer), and written by this one; channels are
// bounded, so memory stays flat however long the input.
func classifyStream(ctx context.Context, e *env, m *classify.Model, o classifyOptions) error {
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *batch, workers)
	order := make(chan *batch, 2*workers)
	var replaced int
	readErr := make(chan error, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(jobs)
		defer close(order)
		readErr <- readBatches(ctx, e.stdin, func(b *batch) bool {
			select {
			case order <- b:
			case <-ctx.Done():
				return false
			}
			select {
			case jobs <- b:
			case <-ctx.Done():
				return false
			}
			return true
		}, &replaced)
	}()
	var splitter *features.Splitter
	if !o.lines {
		var err error
		if splitter, err = features.NewSplitter(); err != nil {
			return err
		}
	}
	for range workers {
		go func() {
			var w *recordWriter // made on the first batch: a short input needs one
			for b := range jobs {
				if w == nil {
					w = newRecordWriter(m.NewScorer(), o)
				}
				w.batch(b, splitter)
				close(b.done)
			}
		}()
	}
	bw := bufio.NewWriterSize(e.stdout, 64<<10)
	prog := newProgress(e.stderr)
	defer prog.done()
	start, lines := time.Now(), 0
	// The table's header goes out with the first record: empty input
	// gives empty output, in every format.
	header := o.format == fmtTable
	write := func(p []byte) error {
		if len(p) == 0 {
			return nil
		}
		if header {
			header = false
			fmt.Fprintf(bw, "%-8s %5s  %-8s %5s  %s\n", "stance", "p", "sentim.", "p", "text")
		}
		_, err := bw.Write(p)
		return err
	}
	resume := func() {
		if o.resumeGC != nil {
			o.resumeGC()
			o.resumeGC = nil
		}
	}
	for {
		var b *batch
		select {
		case b = <-order:
		case <-ctx.Done():
		}
		if b != nil && b.outParts != nil {
			resume() // a line too long to hold: a long run in any case
		parts:
			for {
				select {
				case out, ok := <-b.outParts:
					if !ok {
						break parts
					}
					if err := write(out); err != nil {
						return err
					}
				case <-ctx.Done(): // the line may still be arriving
					b = nil
					break parts
				}
			}
		}
		if b != nil {
			select {
			case <-b.done:
			case <-ctx.Done():
				b = nil
			}
		}
		if b == nil { // input done, or interrupted: a blocked read is left behind
			if ctx.Err() != nil {
				bw.Flush()
				return ctx.Err()
			}
			break
		}
		if err := write(b.out); err != nil {
			return err
		}
		outPool.Put(&b.out)
		resume() // the first records are out: a short input is done without collecting
		lines += max(b.lines, 1)
		prog.update("stance: %d lines classified (%.0f lines/s)", lines, float64(lines)/time.Since(start).Seconds())
		if b.note != "" {
			prog.done() // the note gets a line of its own
			fmt.Fprintf(e.stderr, "stance: %s\n", b.note)
		}
		if len(order) == 0 { // nothing else ready: let the reader see output now
			if err := bw.Flush(); err != nil {
				return err
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := <-readErr; err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	if err := e.ctx.Err(); err != nil {
		return err
	}
	if replaced > 0 {
		fmt.Fprintf(e.stderr, "stance: replaced %d invalid UTF-8 sequences in the input with U+FFFD\n", replaced)
	}
	return nil
}

// A line longer than longLine is not held in memory: it travels as a
// batch of its own, in parts of about partSize bytes cut at clause
// punctuation, and is scored part by part (classify.Scorer.AddPart) with
// the result of scoring it whole. Its record shows the first
// recordTextMax bytes of its text, and stderr says so.
const (
	memoryLimit   = 40 << 20
	longLine      = 1 << 20
	partSize      = 64 << 10
	recordTextMax = 1 << 20
)

// readBatches reads lines into batches and hands each to send. A batch is
// sent when full, or as soon as no more input is waiting, so interactive
// input is answered line by line. Lines of any length are read; memory
// stays bounded (see longLine).
func readBatches(ctx context.Context, r io.Reader, send func(*batch) bool, replaced *int) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := startOfText(br); err != nil {
		return err
	}
	n := 0
	b := &batch{first: 1, done: make(chan struct{})}
	var data []byte // the batch's lines, a buffer reused from batch to batch
	var long []byte
	var stream *batch // the long line being streamed, if any
	flush := func() bool {
		if len(b.ends) == 0 {
			return true
		}
		// One string per batch: its lines are slices of it, so no line
		// costs an allocation of its own.
		b.text = string(data)
		data = data[:0]
		b.lines = len(b.ends)
		if !send(b) {
			return false
		}
		b = &batch{first: n + 1, done: make(chan struct{})}
		return true
	}
	for {
		frag, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if ctx.Err() != nil {
				return nil
			}
			long = append(long, frag...)
			if stream == nil && len(long) >= longLine {
				if !flush() {
					return nil
				}
				n++
				stream = &batch{first: n, parts: make(chan []byte, 4), outParts: make(chan []byte, 4), done: make(chan struct{})}
				b.first = n + 1
				if !send(stream) {
					return nil
				}
			}
			if stream != nil {
				long = sendParts(ctx, stream, long, false, replaced)
			}
			continue
		}
		if stream != nil {
			long = append(long, frag...)
			sendParts(ctx, stream, long, true, replaced)
			close(stream.parts)
			stream, long = nil, nil
		} else {
			line := frag
			if long != nil {
				line = append(long, frag...)
				long = nil
			}
			if len(line) > 0 {
				n++
				data = appendClean(data, line, replaced)
				b.ends = append(b.ends, len(data))
			}
		}
		atEnd := err != nil
		if len(b.ends) > 0 && (len(b.ends) >= batchLines || br.Buffered() == 0 || atEnd) {
			if !flush() {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

// startOfText drops a UTF-8 byte-order mark at the start of the input
// (Windows editors write one; it is not text, and would end up in the
// first record) and refuses UTF-16, whose English text has a NUL byte in
// every other place: read as UTF-8 it gives meaningless records.
func startOfText(br *bufio.Reader) error {
	switch {
	case peekPrefix(br, utf8BOM):
		br.Discard(len(utf8BOM))
	case peekPrefix(br, "\xFF\xFE"), peekPrefix(br, "\xFE\xFF"):
		bom, _ := br.Peek(2)
		return utf16Error(bom)
	}
	return nil
}

const utf8BOM = "\xEF\xBB\xBF"

// utf16Error says that input starting with the byte-order mark bom is
// UTF-16, and how to convert it.
func utf16Error(bom []byte) error {
	return fmt.Errorf("the input is UTF-16 (byte-order mark %X); stance reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8", bom)
}

// peekPrefix reports whether br's input starts with prefix. It waits for
// a byte only while the bytes before it match, so interactive input that
// starts otherwise is not held up.
func peekPrefix(br *bufio.Reader, prefix string) bool {
	for n := 1; n <= len(prefix); n++ {
		b, _ := br.Peek(n)
		if len(b) < n || b[n-1] != prefix[n-1] {
			return false
		}
	}
	return true
}

// sendParts sends the parts of buf that are complete to a streamed line's
// batch and returns what is left; at the end of the line it sends all of
// it. A part ends where features.CutPoint allows, or failing that at white
// space, or failing that at a rune boundary.
func sendParts(ctx context.Context, b *batch, buf []byte, end bool, replaced *int) []byte {
	for len(buf) > partSize || end && len(buf) > 0 {
		cut := len(buf)
		if !end || len(buf) > partSize {
			cut = features.CutPoint(buf[:partSize])
			if cut <= 0 {
				cut = bytes.LastIndexByte(buf[:partSize], ' ') + 1
			}
			for cut <= 0 || cut < len(buf) && !utf8.RuneStart(buf[cut]) {
				if cut <= 0 {
					cut = partSize
				}
				cut--
			}
		}
		part := appendClean(nil, buf[:cut], replaced)
		select {
		case b.parts <- part:
		case <-ctx.Done():
			return nil
		}
		buf = append(buf[:0], buf[cut:]...)
	}
	return buf
}

// appendClean appends line to dst without its line end, replacing each
// invalid UTF-8 byte with U+FFFD and counting it.
func appendClean(dst, line []byte, replaced *int) []byte {
	line = trimEOL(line)
	if utf8.Valid(line) {
		return append(dst, line...)
	}
	for len(line) > 0 {
		r, size := utf8.DecodeRune(line)
		if r == utf8.RuneError && size == 1 {
			*replaced++
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, line[:size]...)
		}
		line = line[size:]
	}
	return dst
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}
