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
	full := false // b has its size: send it before the next article
	flush := func() bool {
		if len(b.docs) == 0 && len(b.problems) == 0 {
			return true
		}
		if !send(b) {
			return false
		}
		b, size, full = &batch{done: make(chan struct{})}, 0, false
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
		if full && !sameArticle(b.docs[len(b.docs)-1], d, len(b.docs)) {
			if !flush() {
				return nil
			}
		}
		b.docs = append(b.docs, d)
		size += len(d.Text)
		full = len(b.docs) >= batchLines || size >= batchBytes
	}
}

// sameArticle reports whether d continues the article of prev, a
// sentence of split's output after another of the same article, so that
// a full batch of n documents is not cut there: the sentences of an
// article are classified in each other's context (unitWriter.flush). An
// article of more than maxArticleSentences sentences is cut all the same.
func sameArticle(prev, d archive.Doc, n int) bool {
	return prev.Sentence && d.Sentence && prev.ID == d.ID && n < batchLines+maxArticleSentences
}

// maxArticleSentences is how many sentences of one article a batch of
// split's output may hold past its size, to keep the article whole.
const maxArticleSentences = 4096
