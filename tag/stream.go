package tag

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"

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
	// Name names the input in errors: "read stdin: …". "" is "input".
	Name string
	// Progress, if set, is called after each batch of records is written,
	// with how many input lines are done.
	Progress func(lines int)
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

// batch is a run of input lines and, once a worker is done, their records.
type batch struct {
	parts    chan []byte // a line too long to hold, in parts (see LongLine)
	outParts chan []byte // its records, part by part
	note     string      // given to Warn when the batch is written
	first    int         // line number of the first line
	lines    int         // how many lines
	ends     []int       // end offset of each line in text
	text     string      // the lines, without line ends, one after another
	out      []byte      // the records, from the stream's pool
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

// Stream reads r a line at a time and writes a record for every unit to
// w, in input order, as input arrives. Lines are read by one goroutine,
// scored by one worker per CPU (each with its own classify.Scorer), and
// written by the caller's; channels are bounded, so memory stays flat
// however long the input. Empty input gives empty output in every format.
//
// Invalid UTF-8 is replaced by U+FFFD (Warn gets the count), a UTF-8
// byte-order mark at the start is dropped, and UTF-16 is refused. Once
// ctx is done Stream stops reading, writes the records it has and returns
// ctx's error. A failure to write is returned as it is, so a caller can
// tell a closed pipe (syscall.EPIPE) from a failure.
func Stream(ctx context.Context, r io.Reader, w io.Writer, m *classify.Model, o Options) error {
	enc := Encoder{Format: o.Format, Explain: o.Explain}
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *batch, workers)
	order := make(chan *batch, 2*workers)
	// pool holds record buffers for reuse once written, so a long run
	// does not make garbage in proportion to its output.
	var pool sync.Pool
	var replaced int
	readErr := make(chan error, 1)
	outer := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(jobs)
		defer close(order)
		readErr <- readBatches(ctx, r, func(b *batch) bool {
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
	if !o.Lines {
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
					u = &unitWriter{s: m.NewScorer(), enc: enc, lines: o.Lines, sp: splitter, pool: &pool}
				}
				u.batch(b)
				close(b.done)
			}
		}()
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	lines := 0
	// The table's header goes out with the first record: empty input
	// gives empty output, in every format.
	header := enc.Header()
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
		if err := write(b.out); err != nil {
			return err
		}
		pool.Put(&b.out)
		start() // the first records are out: a short input is done without collecting
		lines += max(b.lines, 1)
		if o.Progress != nil {
			o.Progress(lines)
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
		name := o.Name
		if name == "" {
			name = "input"
		}
		return fmt.Errorf("read %s: %w", name, err)
	}
	if err := outer.Err(); err != nil {
		return err
	}
	if replaced > 0 && o.Warn != nil {
		o.Warn(fmt.Sprintf("replaced %d invalid UTF-8 sequences in the input with U+FFFD", replaced))
	}
	return nil
}
