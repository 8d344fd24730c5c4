package archive

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/stance-nlp/stance/labels"
)

// CSVReader reads an archive in CSV (RFC 4180, as encoding/csv reads it):
// a header row naming the fields, then one article a record, the text in
// one field and the id in another; every other field is passed through as
// a string. A text may hold line ends inside quotes. A UTF-8 byte-order
// mark is dropped.
type CSVReader struct {
	cr     *csv.Reader
	cnt    *countingReader
	name   string
	fields Fields
	header []string
	text   int // column of the text
	id     int // column of the id
	last   int // line of the last record read
	done   bool
}

// NewCSVReader returns a reader of r; name is used only in messages. f
// names the text and id fields; the zero Fields means "text" and "id".
func NewCSVReader(r io.Reader, name string, f Fields) *CSVReader {
	cnt := &countingReader{br: bufio.NewReaderSize(r, 64<<10)}
	cr := csv.NewReader(cnt)
	cr.ReuseRecord = true
	c := &CSVReader{cr: cr, cnt: cnt, name: name, fields: f}
	cnt.start = func() int64 { return cr.InputOffset() }
	return c
}

// countingReader fails a record longer than MaxRecordBytes: encoding/csv
// would hold a record without end (a quote never closed in a large file,
// /dev/zero) whole.
type countingReader struct {
	br    *bufio.Reader
	n     int64
	start func() int64 // offset where the record being read began
	bom   bool         // the start has been checked for a byte-order mark
}

var errRecordTooLong = errors.New("record too long")

func (c *countingReader) Read(p []byte) (int, error) {
	if !c.bom {
		c.bom = true
		if b, _ := c.br.Peek(3); bytes.HasPrefix(b, []byte("\uFEFF")) {
			c.br.Discard(3)
		} else if bytes.HasPrefix(b, []byte("\xFF\xFE")) || bytes.HasPrefix(b, []byte("\xFE\xFF")) {
			return 0, problem(labels.ErrBadUTF8, "the file is UTF-16 (byte-order mark %X); stance reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8", b[:2])
		}
	}
	if c.n-c.start() > MaxRecordBytes {
		return 0, errRecordTooLong
	}
	n, err := c.br.Read(p)
	c.n += int64(n)
	return n, err
}

func (r *CSVReader) fail(line int, kind error, format string, args ...any) error {
	return &labels.ParseError{File: r.name, Line: line, Err: problem(kind, format, args...)}
}

// Read returns the next document. If the header lacks the text or the id
// field, Read returns a *FieldsError and the reading ends.
func (r *CSVReader) Read() (Doc, error) {
	if r.done {
		return Doc{}, io.EOF
	}
	if r.header == nil {
		if err := r.readHeader(); err != nil {
			r.done = true
			return Doc{}, err
		}
	}
	rec, err := r.cr.Read()
	if err == io.EOF {
		r.done = true
		return Doc{}, io.EOF
	}
	if err != nil {
		return Doc{}, r.csvError(err)
	}
	line, _ := r.cr.FieldPos(0)
	r.last = line
	d := Doc{Line: line, Text: rec[r.text]}
	if d.ID = rec[r.id]; blank(d.ID) {
		return Doc{}, r.fail(line, labels.ErrEmptyField, "field %q is blank; every record needs an id", r.header[r.id])
	}
	for i, v := range rec {
		if i == r.text || i == r.id {
			continue
		}
		b, _ := json.Marshal(v)
		d.Fields = append(d.Fields, Field{Name: r.header[i], Value: b})
	}
	return d, nil
}

// readHeader reads the header row and finds the text and id columns.
func (r *CSVReader) readHeader() error {
	h, err := r.cr.Read()
	if err == io.EOF {
		return io.EOF
	}
	if err != nil {
		return r.csvError(err)
	}
	r.header = slices.Clone(h)
	r.last = 1
	for i, n := range r.header {
		if slices.Index(r.header, n) != i {
			return r.fail(1, labels.ErrSyntax, "the header names field %q twice", n)
		}
	}
	r.text, r.id = slices.Index(r.header, r.fields.text()), slices.Index(r.header, r.fields.id())
	switch {
	case r.text < 0:
		return &FieldsError{File: r.name, Line: 1, Role: "text", Field: r.fields.text(), Have: r.header, header: true}
	case r.id < 0:
		return &FieldsError{File: r.name, Line: 1, Role: "id", Field: r.fields.id(), Have: r.header, header: true}
	case r.id == r.text:
		return r.fail(1, labels.ErrSyntax, "the text and the id are both field %q", r.header[r.id])
	}
	return nil
}

// csvError turns an error of encoding/csv into a *labels.ParseError.
func (r *CSVReader) csvError(err error) error {
	var pe *csv.ParseError
	switch {
	case errors.Is(err, errRecordTooLong):
		r.done = true
		return r.fail(r.last+1, labels.ErrTooLong, "a record longer than %d MiB: a quote left open? (stopped reading)", MaxRecordBytes>>20)
	case errors.Is(err, labels.ErrBadUTF8):
		r.done = true
		return &labels.ParseError{File: r.name, Line: 1, Err: err}
	case errors.As(err, &pe) && errors.Is(err, csv.ErrFieldCount):
		return r.fail(pe.StartLine, labels.ErrSyntax, "the record has a different number of fields from the header (%d)", len(r.header))
	case errors.As(err, &pe):
		return r.fail(pe.StartLine, labels.ErrSyntax, "invalid CSV: %v (line %d, column %d)", pe.Err, pe.Line, pe.Column)
	}
	r.done = true
	return fmt.Errorf("read %s: %w", r.name, err)
}
