package labels

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"
)

// Reader reads records from a JSON Lines file, one line at a time, and
// checks each one. It is modelled on encoding/csv.Reader: Read returns one
// record or one problem, and reading can go on after a problem, so every bad
// line of a file can be reported in one pass.
type Reader struct {
	// Unlabelled accepts records whose stance and sentiment are empty, as
	// written by `stance split`. A label that is present must still be valid.
	Unlabelled bool

	br    *bufio.Reader
	buf   []byte // the line being read, reused
	name  string
	line  int
	count int
	done  bool                // a problem ended the reading (see Read)
	seen  map[sentenceKey]int // (article, index) -> line first seen
	// article is the article id of the last record read, which the next
	// record of the same article shares.
	article string
}

type sentenceKey struct {
	article string
	index   int
}

// NewReader returns a Reader reading from r. The name is used only in
// error messages ("corpus.jsonl:12: …").
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{br: bufio.NewReader(r), name: name, seen: make(map[sentenceKey]int)}
}

// Read returns the next record. At the end of input it returns io.EOF, or a
// *ParseError wrapping ErrNoRecords if the input held no record at all. A bad
// line gives a *ParseError; the next call reads the line after it. Blank
// lines are skipped. A UTF-8 byte-order mark and CRLF line ends are accepted.
//
// Two problems end the reading, since no line after them could be read
// sensibly: a line longer than MaxLineBytes (ErrTooLong: a binary file, or
// /dev/zero, whose one line never ends), and a file in UTF-16 (ErrBadUTF8).
// Read returns the *ParseError, then io.EOF.
func (r *Reader) Read() (Record, error) {
	for {
		if r.done {
			return Record{}, io.EOF
		}
		line, err := r.readLine()
		if errors.Is(err, ErrTooLong) {
			r.done = true
			return Record{}, &ParseError{File: r.name, Line: r.line + 1, Err: problem(ErrTooLong, "line longer than %d MiB: not a labelled file? (stopped reading)", MaxLineBytes>>20)}
		}
		if len(line) == 0 && err != nil {
			if err == io.EOF {
				if r.count == 0 {
					return Record{}, &ParseError{File: r.name, Err: ErrNoRecords}
				}
				return Record{}, io.EOF
			}
			return Record{}, fmt.Errorf("read %s: %w", r.name, err)
		}
		r.line++
		if r.line == 1 {
			if len(line) >= 2 && (line[0] == 0xFF && line[1] == 0xFE || line[0] == 0xFE && line[1] == 0xFF) {
				r.done = true
				r.count++
				return Record{}, &ParseError{File: r.name, Line: 1, Err: problem(ErrBadUTF8, "the file is UTF-16 (byte-order mark %X); stance reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8", line[:2])}
			}
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		rec, perr := r.parse(line)
		r.count++ // a bad line still counts: the file is not empty
		if perr != nil {
			return Record{}, &ParseError{File: r.name, Line: r.line, Err: perr}
		}
		return rec, nil
	}
}

// readLine reads one line, its end included, into r.buf. A line longer
// than MaxLineBytes is not held: readLine returns ErrTooLong once it has
// read that much of it.
func (r *Reader) readLine() ([]byte, error) {
	r.buf = r.buf[:0]
	for {
		frag, err := r.br.ReadSlice('\n')
		if len(r.buf)+len(frag) > MaxLineBytes+len("\r\n") {
			return nil, ErrTooLong
		}
		r.buf = append(r.buf, frag...)
		if err != bufio.ErrBufferFull {
			return r.buf, err
		}
	}
}

// ReadAll reads every record. If any line is bad it returns the good records
// together with an error listing the problems in line order (up to
// MaxErrors, then a count of the rest); errors.Is finds each problem's kind.
func (r *Reader) ReadAll() ([]Record, error) {
	var recs []Record
	var errs []error
	more := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var perr *ParseError
		if errors.As(err, &perr) {
			if len(errs) < MaxErrors {
				errs = append(errs, err)
			} else {
				more++
			}
			if errors.Is(err, ErrNoRecords) {
				break
			}
			continue
		}
		if err != nil {
			return recs, err
		}
		recs = append(recs, rec)
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("%s: and %d more problems", r.name, more))
	}
	return recs, errors.Join(errs...)
}

// ReadAll reads every labelled record from r; name is used in messages.
func ReadAll(r io.Reader, name string) ([]Record, error) {
	return NewReader(r, name).ReadAll()
}

// rawRecord has pointer fields so a missing field can be told from an
// empty one.
type rawRecord struct {
	Article   *string `json:"article"`
	Index     *int    `json:"index"`
	Text      *string `json:"text"`
	Stance    *string `json:"stance"`
	Sentiment *string `json:"sentiment"`
	Note      *string `json:"note"`
}

func (r *Reader) parse(line []byte) (Record, error) {
	if !utf8.Valid(line) {
		off := 0
		for off < len(line) {
			c, size := utf8.DecodeRune(line[off:])
			if c == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		return Record{}, problem(ErrBadUTF8, "invalid UTF-8 at byte %d", off+1)
	}
	if kind := jsonKind(line); kind != "" {
		return Record{}, problem(ErrSyntax, "invalid JSON: a record is a JSON object {\"article\":…}, not a JSON %s", kind)
	}
	var raw rawRecord
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return Record{}, problem(ErrSyntax, "invalid JSON: %s", jsonMessage(err))
	}
	if dec.More() {
		return Record{}, problem(ErrSyntax, "invalid JSON: more than one value on the line")
	}
	// encoding/json lets the last of two equal keys win; a record with
	// "stance" twice was edited by hand, and which one is meant is not
	// for the reader to guess.
	if key, dup := duplicateKey(line); dup {
		return Record{}, problem(ErrSyntax, "invalid JSON: field %q given twice", key)
	}
	var rec Record
	var errs []error
	str := func(name string, p *string, dst *string, required bool) {
		switch {
		case p == nil:
			errs = append(errs, problem(ErrMissingField, "missing field %q", name))
		case *p == "" && required:
			errs = append(errs, problem(ErrEmptyField, "empty field %q", name))
		case required && blank(*p):
			errs = append(errs, problem(ErrEmptyField, "field %q holds only white space or control characters", name))
		default:
			*dst = *p
		}
	}
	str("article", raw.Article, &rec.Article, true)
	if raw.Index == nil {
		errs = append(errs, problem(ErrMissingField, `missing field "index"`))
	} else if *raw.Index < 0 {
		errs = append(errs, problem(ErrSyntax, "index %d is negative", *raw.Index))
	} else {
		rec.Index = *raw.Index
	}
	str("text", raw.Text, &rec.Text, true)
	str("stance", raw.Stance, &rec.Stance, !r.Unlabelled)
	str("sentiment", raw.Sentiment, &rec.Sentiment, !r.Unlabelled)
	if raw.Note != nil {
		rec.Note = *raw.Note
	}
	for _, t := range Targets() {
		l := rec.Label(t)
		if l == "" || t.Valid(l) {
			continue
		}
		if near, ok := t.Nearest(l); ok {
			errs = append(errs, problem(ErrUnknownLabel, "unknown %s %q (did you mean %q?)", t, l, near))
		} else {
			errs = append(errs, problem(ErrUnknownLabel, "unknown %s %q (want one of %v)", t, l, t.Labels()))
		}
	}
	if len(errs) == 0 {
		k := sentenceKey{rec.Article, rec.Index}
		if first, dup := r.seen[k]; dup {
			errs = append(errs, problem(ErrDuplicate, "duplicate sentence: article %q index %d was first given on line %d", rec.Article, rec.Index, first))
		} else {
			r.seen[k] = r.line
		}
	}
	if len(errs) > 0 {
		return Record{}, joinProblems(errs)
	}
	// One copy of each label, and of an article id its sentences share:
	// a corpus holds tens of thousands of records, each with copies of
	// its own as decoded.
	rec.Stance, rec.Sentiment = canonical(Stance, rec.Stance), canonical(Sentiment, rec.Sentiment)
	if rec.Article == r.article {
		rec.Article = r.article
	}
	r.article = rec.Article
	return rec, nil
}

// canonical returns target t's label equal to l, or l if there is none.
func canonical(t Target, l string) string {
	for _, x := range t.Labels() {
		if x == l {
			return x
		}
	}
	return l
}

// jsonKind names the kind of JSON value line starts with when it is not an
// object ("array", "string", "number", "boolean", "null"), or returns ""
// for an object or for something that is not JSON at all (which Decode
// then describes).
func jsonKind(line []byte) string {
	line = bytes.TrimLeft(line, " \t\r\n")
	if len(line) == 0 {
		return ""
	}
	switch c := line[0]; {
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == '-' || c >= '0' && c <= '9':
		return "number"
	case bytes.HasPrefix(line, []byte("true")) || bytes.HasPrefix(line, []byte("false")):
		return "boolean"
	case bytes.HasPrefix(line, []byte("null")):
		return "null"
	}
	return ""
}

// duplicateKey reports the first key given twice in the JSON object line
// (already decoded without error, so well formed). Records are flat, so
// only the top level is looked at.
func duplicateKey(line []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(line))
	if _, err := dec.Token(); err != nil { // the opening brace
		return "", false
	}
	seen := make(map[string]bool, 8)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		key, _ := tok.(string)
		if seen[key] {
			return key, true
		}
		seen[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", false
		}
	}
	return "", false
}

// blank reports whether s holds nothing a reader could see: only white
// space, control characters and invisible format characters (zero-width
// space, byte-order mark).
func blank(s string) bool {
	for _, c := range s {
		if !unicode.IsSpace(c) && !unicode.IsControl(c) && !unicode.Is(unicode.Cf, c) {
			return false
		}
	}
	return true
}

// joinProblems folds several problems of one line into one error that
// prints them separated by "; " and still unwraps to each.
func joinProblems(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return &lineProblems{errs}
}

type lineProblems struct{ errs []error }

func (p *lineProblems) Error() string {
	var b bytes.Buffer
	for i, e := range p.errs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func (p *lineProblems) Unwrap() []error { return p.errs }

// jsonMessage turns encoding/json's error into a short phrase for one line.
func jsonMessage(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("%v (at byte %d)", syn, syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q must be a %s, not a JSON %s", typ.Field, typ.Type, typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the line ends inside a JSON value"
	}
	return err.Error()
}
