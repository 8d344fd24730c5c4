package tag

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
	"unsafe"

	"github.com/stance-nlp/stance/archive"
	"github.com/stance-nlp/stance/features"
)

// batchLineBytes caps the text of a batch of lines as batchLines caps their
// number: 512 sentences are some 70 KB, but 512 paragraphs five times that,
// and the batches in flight would then hold megabytes more of live heap,
// near classify's memory limit, where every collection marks the model.
const batchLineBytes = 96 << 10

// readBatches reads lines into batches and hands each to send. A batch is
// sent when full (batchLines, batchLineBytes), or as soon as no more input is waiting, so interactive
// input is answered line by line. Lines of any length are read; memory
// stays bounded (see LongLine). Line numbers start after offset.
//
// A batch's text lies in a buffer of its own, which comes back through
// texts once the batch is classified (batch.releaseText) and takes the
// lines of a later batch: a long run makes no garbage in proportion to
// its input, and the collector, which marks the model's word caches each
// time, runs about half as often.
func readBatches(ctx context.Context, r io.Reader, send func(*batch) bool, replaced *int, offset int, texts chan []byte) error {
	br := bufio.NewReaderSize(r, 64<<10)
	n := offset
	b := &batch{first: n + 1, done: make(chan struct{})}
	var data []byte // the batch's lines
	var long []byte
	var stream *batch // the long line being streamed, if any
	flush := func() bool {
		if len(b.ends) == 0 {
			return true
		}
		// One string per batch: its lines are slices of it, so no line
		// costs an allocation of its own. The string shares data's bytes,
		// which stay unchanged until the batch gives them back.
		b.text = unsafe.String(unsafe.SliceData(data), len(data))
		b.buf, b.texts = data, texts
		select {
		case data = <-texts:
		default:
			data = make([]byte, 0, cap(data))
		}
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
			if stream == nil && len(long) >= LongLine {
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
		if len(b.ends) > 0 && (len(b.ends) >= batchLines || len(data) >= batchLineBytes || br.Buffered() == 0 || atEnd) {
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

// sniffMax is the longest first line sniff reads to tell JSON Lines from
// prose. A longer line is prose, or a record no archive holds.
const sniffMax = 1 << 20

// sniff tells from the first line of br whether the input is JSON Lines
// (archive.Sniff). A line that does not start with "{" is prose at once,
// without waiting for its end: interactive input is answered line by
// line. Otherwise sniff reads the line, at most sniffMax bytes, and
// returns what it read, to be read again before the rest of br.
func sniff(br *bufio.Reader) ([]byte, archive.Kind, error) {
	if b, err := br.Peek(1); err != nil || b[0] != '{' {
		return nil, archive.Prose, nil
	}
	var first []byte
	for len(first) < sniffMax {
		frag, err := br.ReadSlice('\n')
		first = append(first, frag...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && err != io.EOF {
			return first, archive.Prose, err
		}
		break
	}
	return first, archive.Sniff(first), nil
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

// TrimBOM does to a whole text what Stream does to the start of its
// input: it drops a UTF-8 byte-order mark, and refuses UTF-16 with an
// error saying how to convert it.
func TrimBOM(text []byte) ([]byte, error) {
	if bytes.HasPrefix(text, []byte("\xFF\xFE")) || bytes.HasPrefix(text, []byte("\xFE\xFF")) {
		return nil, utf16Error(text[:2])
	}
	return bytes.TrimPrefix(text, []byte(utf8BOM)), nil
}

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

// trimEOL drops a line end, "\n" or "\r\n".
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}
