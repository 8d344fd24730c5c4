package archive

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/labels"
)

// Doc is one document of an archive: an article, or, in the output of
// `stance split`, one sentence of an article.
type Doc struct {
	// ID names the article. Records of one article share it.
	ID string
	// Text is the article's text, paragraphs on lines of their own; or,
	// when Sentence is set, one sentence.
	Text string
	// Fields are the record's other fields, in input order (date, outlet,
	// url…): classify writes them into every record it makes of the doc.
	Fields []Field
	// Sentence marks one sentence of an article as `stance split` writes
	// it: it is classified whole, and Index is its index in the article.
	Sentence bool
	Index    int
	// Line is the line of the input the record starts on, for messages.
	Line int
}

// Field is one passed-through field: its name and its value as compact
// JSON ("\"2014-09-01\"", "3", "null").
type Field struct {
	Name  string
	Value json.RawMessage
}

// Reader reads documents; Read returns io.EOF at the end of the input. A
// bad record gives a *labels.ParseError, and the next call reads on.
type Reader interface {
	Read() (Doc, error)
}

// Fields names the fields of a record that hold the text and the id.
type Fields struct {
	Text string // "" is "text"
	ID   string // "" is "id"
}

func (f Fields) text() string { return cmpOr(f.Text, "text") }
func (f Fields) id() string   { return cmpOr(f.ID, "id") }

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// MaxRecordBytes is the longest record a reader holds: a long feature is
// a few hundred kB, and an input without end (/dev/zero behind a pipe)
// must not take all memory. It is also the most `stance split` reads of
// one article.
const MaxRecordBytes = 64 << 20

// fieldList names the fields of a record for a message: "id, body, date".
func fieldList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	const most = 12
	if len(names) > most {
		return strings.Join(quoteAll(names[:most]), ", ") + fmt.Sprintf(" and %d more", len(names)-most)
	}
	return strings.Join(quoteAll(names), ", ")
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

// splitKeys are the fields of a record `stance split` writes (the
// labelled-corpus format, labels.Record).
var splitKeys = []string{"article", "index", "text", "stance", "sentiment", "note"}

// IsSplitRecord reports whether a record with these field names is one
// `stance split` wrote: article, index and text, and nothing but the
// label fields besides.
func IsSplitRecord(names []string) bool {
	for _, k := range []string{"article", "index", "text"} {
		if !slices.Contains(names, k) {
			return false
		}
	}
	for _, n := range names {
		if !slices.Contains(splitKeys, n) {
			return false
		}
	}
	return true
}

// FieldsError says that the records of a file lack the field that holds
// the text or the id: reading it stops at once, since no record of it can
// be read without it.
type FieldsError struct {
	File   string
	Line   int
	Role   string   // "text" or "id"
	Field  string   // the name looked for
	Have   []string // the record's (or the header's) field names
	header bool     // Have is a CSV header
}

func (e *FieldsError) Error() string {
	where := "the record"
	if e.Line == 1 && e.header {
		where = "the header"
	}
	return fmt.Sprintf("%s:%d: no %s field %q (%s has %s)", e.File, e.Line, e.Role, e.Field, where, fieldList(e.Have))
}

// Unwrap makes errors.Is(err, labels.ErrMissingField) true.
func (e *FieldsError) Unwrap() error { return labels.ErrMissingField }
