package archive

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/stance-nlp/stance/labels"
)

// JSONLReader reads an archive in JSON Lines: one JSON object a line,
// with the article's text in one field and its id in another; every other
// field is passed through. Blank lines are skipped; a UTF-8 byte-order
// mark and CRLF line ends are accepted.
//
// The sentences `stance split` writes are recognised by their fields
// (article, index, text and the empty labels) when the first record has
// them and the fields were not named otherwise: each is then one sentence
// (Doc.Sentence), its id the article and its index split's, and labels
// that are filled in are passed through.
type JSONLReader struct {
	br     *bufio.Reader
	name   string
	fields Fields
	named  bool // Fields were given: never read split's format
	line   int
	buf    []byte
	mode   int // 0 not known yet, jsonArticles or jsonSentences
	read   int // good records read
	done   bool
}

const (
	jsonArticles = 1 + iota
	jsonSentences
)

// NewJSONLReader returns a reader of r; name is used only in messages
// ("archive.jsonl:12: …"). f names the text and id fields; the zero
// Fields means "text" and "id", and lets the reader recognise split's
// output.
func NewJSONLReader(r io.Reader, name string, f Fields) *JSONLReader {
	return &JSONLReader{br: bufio.NewReaderSize(r, 64<<10), name: name, fields: f, named: f != Fields{}}
}

// Sentences reports whether the input is split's output: one sentence a
// record. It is known once the first record has been read.
func (r *JSONLReader) Sentences() bool { return r.mode == jsonSentences }

func (r *JSONLReader) errorf(kind error, format string, args ...any) error {
	return &labels.ParseError{File: r.name, Line: r.line, Err: problem(kind, format, args...)}
}

// Read returns the next document. If the first record lacks the text or
// the id field, Read returns a *FieldsError and the reading ends.
func (r *JSONLReader) Read() (Doc, error) {
	for {
		if r.done {
			return Doc{}, io.EOF
		}
		line, err := r.readLine()
		if errors.Is(err, labels.ErrTooLong) {
			r.done = true
			r.line++
			return Doc{}, &labels.ParseError{File: r.name, Line: r.line, Err: problem(labels.ErrTooLong, "a record longer than %d MiB: not JSON Lines? (stopped reading)", MaxRecordBytes>>20)}
		}
		if len(line) == 0 && err != nil {
			if err == io.EOF {
				return Doc{}, io.EOF
			}
			return Doc{}, fmt.Errorf("read %s: %w", r.name, err)
		}
		r.line++
		if r.line == 1 {
			if bytes.HasPrefix(line, []byte("\xFF\xFE")) || bytes.HasPrefix(line, []byte("\xFE\xFF")) {
				r.done = true
				return Doc{}, r.errorf(labels.ErrBadUTF8, "the file is UTF-16 (byte-order mark %X); stance reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8", line[:2])
			}
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		return r.parse(line)
	}
}

// readLine reads one line, its end included, holding at most
// MaxRecordBytes of it: a longer line ends the reading (it may never end:
// /dev/zero), and Read says so.
func (r *JSONLReader) readLine() ([]byte, error) {
	r.buf = r.buf[:0]
	for {
		frag, err := r.br.ReadSlice('\n')
		if len(r.buf)+len(frag) > MaxRecordBytes+len("\r\n") {
			return nil, labels.ErrTooLong
		}
		r.buf = append(r.buf, frag...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return r.buf, err
		}
	}
}

// parse makes a document of one record.
func (r *JSONLReader) parse(line []byte) (Doc, error) {
	obj, err := parseObject(line)
	if err != nil {
		return Doc{}, r.errorf(labels.ErrSyntax, "invalid JSON: %s", err)
	}
	names := make([]string, len(obj))
	for i, f := range obj {
		names[i] = f.Name
	}
	if r.mode == 0 {
		r.mode = jsonArticles
		if !r.named && IsSplitRecord(names) {
			r.mode = jsonSentences
		}
	}
	if r.mode == jsonSentences {
		return r.sentence(obj, names)
	}
	d := Doc{Line: r.line}
	var haveText, haveID bool
	for _, f := range obj {
		switch f.Name {
		case r.fields.text():
			haveText = true
			if err := json.Unmarshal(f.Value, &d.Text); err != nil {
				return Doc{}, r.errorf(labels.ErrSyntax, "field %q is %s; want a string", f.Name, kindOf(f.Value))
			}
		case r.fields.id():
			haveID = true
			if d.ID, err = idOf(f.Value); err != nil {
				return Doc{}, r.errorf(labels.ErrEmptyField, "field %q %v", f.Name, err)
			}
		default:
			d.Fields = append(d.Fields, Field{Name: f.Name, Value: compact(f.Value)})
		}
	}
	role, field := "", ""
	switch {
	case !haveText:
		role, field = "text", r.fields.text()
	case !haveID:
		role, field = "id", r.fields.id()
	default:
		r.read++
		return d, nil
	}
	if r.read == 0 {
		// The first record: the field is named wrongly, or the file is of
		// another kind. Every record would fail the same way.
		r.done = true
		return Doc{}, &FieldsError{File: r.name, Line: r.line, Role: role, Field: field, Have: names}
	}
	return Doc{}, r.errorf(labels.ErrMissingField, "no %s field %q (the record has %s)", role, field, fieldList(names))
}

// sentence makes a document of one record of split's output.
func (r *JSONLReader) sentence(obj []Field, names []string) (Doc, error) {
	if !IsSplitRecord(names) {
		return Doc{}, r.errorf(labels.ErrMissingField, "the first record was one of stance split's (article, index, text), this one has %s", fieldList(names))
	}
	d := Doc{Line: r.line, Sentence: true}
	for _, f := range obj {
		var err error
		switch f.Name {
		case "article":
			d.ID, err = idOf(f.Value)
		case "index":
			var n int64
			if n, err = strconv.ParseInt(string(f.Value), 10, 0); err != nil || n < 0 {
				err = fmt.Errorf("is %s; want a whole number from 0", f.Value)
			}
			d.Index = int(n)
		case "text":
			if json.Unmarshal(f.Value, &d.Text) != nil {
				err = fmt.Errorf("is %s; want a string", kindOf(f.Value))
			}
		default: // a label or a note: passed through when filled in
			var s string
			if json.Unmarshal(f.Value, &s) == nil && s == "" {
				continue
			}
			d.Fields = append(d.Fields, Field{Name: f.Name, Value: compact(f.Value)})
		}
		if err != nil {
			return Doc{}, r.errorf(labels.ErrSyntax, "field %q %v", f.Name, err)
		}
	}
	return d, nil
}

// idOf returns an article id from a JSON value: a string that is not
// blank, or a number as written.
func idOf(v json.RawMessage) (string, error) {
	switch kindOf(v) {
	case "a number":
		return string(v), nil
	case "a string":
		var s string
		json.Unmarshal(v, &s)
		if blank(s) {
			return "", errors.New("is blank; every record needs an id")
		}
		return s, nil
	}
	return "", fmt.Errorf("is %s; want a string or a number", kindOf(v))
}

// parseObject decodes one JSON object, keeping its fields in order and
// refusing a key given twice (encoding/json would let the last win: which
// one is meant is not for the reader to guess). The values are as
// written; see compact.
func parseObject(line []byte) ([]Field, error) {
	if k := kindOf(line); k != "an object" && k != "" {
		return nil, fmt.Errorf("a record is a JSON object {\"id\":…,\"text\":…}, not %s", k)
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	fail := func(err error) ([]Field, error) {
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &syn):
			return nil, fmt.Errorf("%v (at byte %d)", syn, syn.Offset)
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("unexpected end of JSON input (at byte %d)", len(line))
		}
		return nil, err
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	var out []Field
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("a key is %v, not a string", tok)
		}
		for _, f := range out {
			if f.Name == key {
				return nil, fmt.Errorf("field %q given twice", key)
			}
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fail(err)
		}
		out = append(out, Field{Name: key, Value: raw})
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value on the line")
	}
	return out, nil
}

// compact returns a passed-through value without the blanks between its
// parts ({"a": 1} → {"a":1}), so that it fits a record of one line.
func compact(v json.RawMessage) json.RawMessage {
	if !bytes.ContainsAny(v, " \t\r\n") {
		return v
	}
	var c bytes.Buffer
	if json.Compact(&c, v) != nil {
		return v
	}
	return c.Bytes()
}

// kindOf names the kind of JSON value v starts with: "an object", "a
// string", "a number", "an array", "true or false", "null", or "" for
// something else.
func kindOf(v []byte) string {
	v = bytes.TrimLeft(v, " \t\r\n")
	if len(v) == 0 {
		return ""
	}
	switch c := v[0]; {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == '-' || c >= '0' && c <= '9':
		return "a number"
	case c == 't' || c == 'f':
		return "true or false"
	case c == 'n':
		return "null"
	}
	return ""
}
