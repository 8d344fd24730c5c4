package tag

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/archive"
	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
)

// Options say how Stream cuts its input into units and writes records.
type Options struct {
	// Format is the record format; "" is Table.
	Format Format
	// Lines makes each input line one unit, so there is exactly one record
	// per input line, empty lines included. Otherwise each line is a
	// paragraph, split into sentences, and empty lines give no record.
	Lines bool
	// Explain adds to each record the features that moved each target
	// toward its label and away from the runner-up.
	Explain bool
	// KeepAll keeps, in paragraph mode, the lines that do not read as
	// article body. Otherwise they are left out as `stance split` leaves
	// them out (features.Splitter.Article: bylines, datelines, section
	// labels, subscription prompts…), and Warn gets a count per reason.
	KeepAll bool
	// NoHeader leaves out the table's header line (for the second and
	// later shards of a split input).
	NoHeader bool
	// LineOffset is added to the line numbers of a stream of lines, and
	// so to their article ids: a shard that starts at line 1001 of the
	// whole input gets 1000, and its records are those of a single run.
	LineOffset int
	// Fields name the text and id fields when Stream finds JSON Lines
	// (see Sniff); the zero value means "text" and "id".
	Fields archive.Fields
	// Sniff makes Stream read an input whose first line is a JSON object
	// as JSON Lines, an article a record (archive.JSONLReader). Without
	// it only the output of `stance split` is recognised as such; any
	// other input is prose.
	Sniff bool
	// Name names the input in errors: "read stdin: …". "" is "input".
	Name string
	// Progress, if set, is called after each batch of records is written,
	// with how many input lines (of a stream of lines) or documents (of
	// an archive) are done.
	Progress func(lines, docs int)
	// Warn, if set, is told, in a sentence without a final newline, what
	// Stream did to the input that the records do not show: a line so
	// long that its record holds only its head, invalid UTF-8 replaced.
	Warn func(msg string)
	// Started, if set, is called once, as soon as the first records are
	// written or a line too long to hold begins: the command holds off
	// garbage collection until then, so a short input is done without one.
	Started func()
}

// LongLine is the longest line Stream holds in memory. A longer one
// travels on its own, in parts of about partSize bytes cut at clause
// punctuation, and is scored part by part (classify.Scorer.AddPart) with
// the result of scoring it whole. Its record shows the first
// recordTextMax bytes of its text, and Warn says so.
const LongLine = 1 << 20

const (
	partSize      = 64 << 10
	recordTextMax = 1 << 20
)

// batchLines is how many input lines travel together between goroutines:
// enough to amortise channel costs, few enough to keep memory small.
const batchLines = 512

// batch is a run of input lines, or of documents, and, once a worker is
// done, their records.
type batch struct {
	parts    chan []byte // a line too long to hold, in parts (see LongLine)
	outParts chan []byte // its records, part by part
	note     string      // given to Warn when the batch is written
	first    int         // line number of the first line
	lines    int         // how many lines
	ends     []int       // end offset of each line in text
	text     string      // the lines, without line ends, one after another
	buf      []byte      // text's bytes, when text shares them (readBatches)
	texts    chan []byte // where buf goes once the batch is classified
	docs     []archive.Doc
	problems []error // bad records met before the batch's documents
	excluded map[string]int
	out      []byte // the records, in a buffer from the stream's free list
	done     chan struct{}
}

// line returns the i-th line of a full batch, sharing its text.
func (b *batch) line(i int) string {
	start := 0
	if i > 0 {
		start = b.ends[i-1]
	}
	return b.text[start:b.ends[i]]
}

// full reports whether the reader filled the batch (batchLines and
// batchLineBytes, or batchBytes for documents) rather than sending it
// because no more input was waiting or the input ended: the mark of a
// long input, read from a file or a pipe that keeps up, rather than of
// lines typed or trickling in.
func (b *batch) full() bool {
	if b.docs != nil { // readDocs
		size := 0
		for _, d := range b.docs {
			size += len(d.Text)
		}
		return len(b.docs) >= batchLines || size >= batchBytes
	}
	return len(b.ends) >= batchLines || len(b.text) >= batchLineBytes
}

// releaseText ends the batch's text and gives its buffer back to the
// reader, for a later batch's lines. It is called once the batch is
// classified, when its records hold copies of whatever they took from the
// text and nothing holds a string of it.
func (b *batch) releaseText() {
	b.text, b.ends = "", nil
	if b.buf == nil {
		return
	}
	select {
	case b.texts <- b.buf[:0]:
	default:
	}
	b.buf, b.texts = nil, nil
}

// Stream reads r a line at a time and writes a record for every unit to
// w, in input order, as input arrives. Lines are read by one goroutine,
// scored by one worker per CPU (each with its own classify.Scorer), and
// written by the caller's; channels are bounded, so memory stays flat
// however long the input. Empty input gives empty output in every format.
//
// Each line is an article of its own, its id its line number (plus
// o.LineOffset): one article a line is how large archives are often kept,
// and how GNU parallel --pipe cuts them. A record's index is the
// sentence's index in its line.
//
// Input whose first line is a JSON object written by `stance split` is
// read as such (archive.JSONLReader), a sentence a record, and with
// o.Sniff any JSON Lines is read as an archive: see StreamDocs.
//
// Invalid UTF-8 is replaced by U+FFFD (Warn gets the count), a UTF-8
// byte-order mark at the start is dropped, and UTF-16 is refused. Once
// ctx is done Stream stops reading, writes the records it has and returns
// ctx's error. A failure to write is returned as it is, so a caller can
// tell a closed pipe (syscall.EPIPE) from a failure.
func Stream(ctx context.Context, r io.Reader, w io.Writer, m *classify.Model, o Options) error {
	br := bufio.NewReaderSize(r, 64<<10)
	// The start of the input decides how to read it. Waiting for it is
	// cut short once ctx is done; the read is left behind, as it is
	// later on (see run).
	type start struct {
		first []byte
		kind  archive.Kind
		err   error
	}
	started := make(chan start, 1)
	go func() {
		var s start
		if s.err = startOfText(br); s.err == nil {
			s.first, s.kind, s.err = sniff(br)
		}
		started <- s
	}()
	var st start
	select {
	case st = <-started:
	case <-ctx.Done():
		return ctx.Err()
	}
	if st.err != nil {
		return fmt.Errorf("read %s: %w", o.name(), st.err)
	}
	first, kind := st.first, st.kind
	in := io.MultiReader(bytes.NewReader(first), br)
	if kind == archive.SplitOutput || kind == archive.JSONLines && o.Sniff {
		f := o.Fields
		if kind == archive.SplitOutput {
			f = archive.Fields{}
		}
		return StreamDocs(ctx, archive.NewJSONLReader(in, o.name(), f), w, m, o)
	}
	// Buffers for the lines of the batches: as many as can be in flight
	// (see run), and a few more.
	texts := make(chan []byte, 4*runtime.GOMAXPROCS(0)+4)
	return run(ctx, func(ctx context.Context, send func(*batch) bool, replaced *int) error {
		return readBatches(ctx, in, send, replaced, o.LineOffset, texts)
	}, w, m, o, false)
}

// StreamDocs is Stream for documents: it classifies each document's
// sentences (or, with o.Lines, its lines; or, for a sentence of split's
// output, the sentence) and writes their records, each with the
// document's id, the unit's index in it, the line of the document's text
// it starts on, and the document's other fields. The table and TSV
// formats gain the id and index as first columns, and TSV the fields'
// values before the text.
//
// A bad record is reported through o.Warn (the first maxProblems, then a
// count) and skipped; StreamDocs then returns an error saying how many
// there were, once every good record is written.
func StreamDocs(ctx context.Context, docs archive.Reader, w io.Writer, m *classify.Model, o Options) error {
	return run(ctx, func(ctx context.Context, send func(*batch) bool, replaced *int) error {
		return readDocs(ctx, docs, send, replaced)
	}, w, m, o, true)
}

func (o Options) name() string {
	if o.Name == "" {
		return "input"
	}
	return o.Name
}

// feed reads the input into batches and hands each to send; it counts
// invalid UTF-8 bytes replaced in replaced.
type feed func(ctx context.Context, send func(*batch) bool, replaced *int) error

// run is Stream and StreamDocs once the input is known.
func run(ctx context.Context, read feed, w io.Writer, m *classify.Model, o Options, docs bool) error {
	enc := Encoder{Format: o.Format, Explain: o.Explain, IDs: docs}
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *batch, workers)
	order := make(chan *batch, 2*workers)
	// free holds record buffers for reuse once written, so a long run
	// does not make garbage in proportion to its output. A channel rather
	// than a sync.Pool: a pool is emptied by every collection, and with
	// the model's live heap near classify's memory limit collections come
	// often, each throwing the buffers away to be grown again.
	free := make(chan []byte, 4*workers+4)
	var replaced int
	readErr := make(chan error, 1)
	outer := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(jobs)
		defer close(order)
		readErr <- read(ctx, func(b *batch) bool {
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
	if !o.Lines || docs {
		var err error
		if splitter, err = features.NewSplitter(); err != nil {
			return err
		}
	}
	for range workers {
		go func() {
			var u *unitWriter // made on the first batch: a short input needs one
			for b := range jobs {
				if u == nil {
					u = &unitWriter{s: m.NewScorer(), enc: enc, lines: o.Lines, keepAll: o.KeepAll, sp: splitter, free: free, m: m, context: m.HasContext() && !o.Lines}
					if b.full() {
						u.s.Prefault() // a long input: see classify.Scorer.Prefault
					}
				}
				u.batch(b)
				close(b.done)
			}
		}()
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	lines, ndocs := 0, 0
	excluded := make(map[string]int)
	var problems []error
	more := 0 // problems not reported
	// The table's header goes out with the first record: empty input
	// gives empty output, in every format.
	header := enc.Header()
	if o.NoHeader {
		header = ""
	}
	write := func(p []byte) error {
		if len(p) == 0 {
			return nil
		}
		if header != "" {
			bw.WriteString(header)
			header = ""
		}
		_, err := bw.Write(p)
		return err
	}
	started := o.Started
	start := func() {
		if started != nil {
			started()
			started = nil
		}
	}
	for {
		var b *batch
		select {
		case b = <-order:
		case <-ctx.Done():
		}
		if b != nil && b.outParts != nil {
			start() // a line too long to hold: a long run in any case
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
		for _, p := range b.problems {
			if len(problems) < maxProblems {
				if o.Warn != nil {
					o.Warn(p.Error())
				}
				problems = append(problems, p)
			} else {
				more++
			}
		}
		if err := write(b.out); err != nil {
			return err
		}
		select {
		case free <- b.out[:0]:
		default:
		}
		start() // the first records are out: a short input is done without collecting
		if docs {
			ndocs += len(b.docs)
		} else {
			lines += max(b.lines, 1)
		}
		for r, n := range b.excluded {
			excluded[r] += n
		}
		if o.Progress != nil {
			o.Progress(lines, ndocs)
		}
		if b.note != "" && o.Warn != nil {
			o.Warn(b.note)
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
		if docs {
			return err // names the input already
		}
		return fmt.Errorf("read %s: %w", o.name(), err)
	}
	if err := outer.Err(); err != nil {
		return err
	}
	if replaced > 0 && o.Warn != nil {
		o.Warn(fmt.Sprintf("replaced %d invalid UTF-8 sequences in the input with U+FFFD", replaced))
	}
	if len(excluded) > 0 && o.Warn != nil {
		o.Warn(excludedText(excluded))
	}
	if n := len(problems) + more; n > 0 {
		if more > 0 && o.Warn != nil {
			o.Warn(fmt.Sprintf("and %d more bad records", more))
		}
		return &RecordsError{N: n, First: problems[0]}
	}
	return nil
}

// maxProblems is how many bad records a stream reports one by one.
const maxProblems = 20

// RecordsError says that some records of an archive could not be read:
// each was reported (through Options.Warn) and skipped, and the records of
// the others were written. It unwraps to the first problem.
type RecordsError struct {
	N     int   // how many
	First error // the first, a *labels.ParseError
}

func (e *RecordsError) Error() string {
	if e.N == 1 {
		return "1 record could not be read (reported above) and was left out"
	}
	return fmt.Sprintf("%d records could not be read (reported above) and were left out", e.N)
}

func (e *RecordsError) Unwrap() error { return e.First }

// excludedText says how many lines were left out as not article body, by
// reason, the most frequent first.
func excludedText(counts map[string]int) string {
	reasons := slices.Sorted(maps.Keys(counts))
	slices.SortStableFunc(reasons, func(a, b string) int { return cmp.Compare(counts[b], counts[a]) })
	total := 0
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		total += counts[r]
		parts[i] = fmt.Sprintf("%s %d", r, counts[r])
	}
	noun := "lines that do"
	if total == 1 {
		noun = "line that does"
	}
	return fmt.Sprintf("left out %d %s not read as article body, as stance split does (%s)", total, noun, strings.Join(parts, ", "))
}
