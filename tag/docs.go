package tag

import (
	"context"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/stance-nlp/stance/archive"
	"github.com/stance-nlp/stance/labels"
)

// batchBytes is about how much text a batch of documents carries: enough
// to amortise the channels, little enough that a worker's share of a
// small archive still spreads over the cores.
const batchBytes = 256 << 10

// readDocs reads documents into batches and hands each to send, as
// readBatches does for lines. A bad record (a *labels.ParseError) travels
// with the next batch, to be reported in input order; any other error
// ends the reading.
func readDocs(ctx context.Context, r archive.Reader, send func(*batch) bool, replaced *int) error {
	b := &batch{done: make(chan struct{})}
	size := 0
	flush := func() bool {
		if len(b.docs) == 0 && len(b.problems) == 0 {
			return true
		}
		if !send(b) {
			return false
		}
		b, size = &batch{done: make(chan struct{})}, 0
		return true
	}
	for {
		if ctx.Err() != nil {
			return nil
		}
		d, err := r.Read()
		if err == io.EOF {
			flush()
			return nil
		}
		var pe *labels.ParseError
		if errors.As(err, &pe) {
			b.problems = append(b.problems, err)
			continue
		}
		if err != nil {
			flush()
			return err
		}
		if !utf8.ValidString(d.Text) {
			d.Text = string(appendClean(nil, []byte(d.Text), replaced))
		}
		if !utf8.ValidString(d.ID) {
			d.ID = string(appendClean(nil, []byte(d.ID), replaced))
		}
		b.docs = append(b.docs, d)
		size += len(d.Text)
		if len(b.docs) >= batchLines || size >= batchBytes {
			if !flush() {
				return nil
			}
		}
	}
}
