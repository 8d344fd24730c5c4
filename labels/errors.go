package labels

import (
	"errors"
	"fmt"
)

// Sentinel errors a ParseError may wrap, so callers can test the kind of
// problem with errors.Is.
var (
	ErrSyntax       = errors.New("invalid JSON")
	ErrMissingField = errors.New("missing field")
	ErrEmptyField   = errors.New("empty field")
	ErrUnknownLabel = errors.New("unknown label")
	ErrDuplicate    = errors.New("duplicate sentence")
	ErrBadUTF8      = errors.New("invalid UTF-8")
	ErrNoRecords    = errors.New("no records")
	ErrTooLong      = errors.New("line too long")
)

// MaxErrors is how many problems ReadAll reports from one file before it
// summarises the rest as a count.
const MaxErrors = 20

// MaxLineBytes is the longest line a Reader reads. A labelled sentence
// is a few hundred bytes; a line past this is not a record (a binary file,
// /dev/zero), and holding it would only exhaust memory.
const MaxLineBytes = 1 << 20

// ParseError is a problem with one line of a labelled file. It prints as
// "FILE:LINE: problem" and unwraps to one of the sentinel errors above.
type ParseError struct {
	File string // name given to NewReader, for messages only
	Line int    // 1-based line number
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// fieldError says which field is wrong while still unwrapping to the kind.
type fieldError struct {
	kind error
	msg  string
}

func (e *fieldError) Error() string { return e.msg }
func (e *fieldError) Unwrap() error { return e.kind }

func problem(kind error, format string, args ...any) error {
	return &fieldError{kind: kind, msg: fmt.Sprintf(format, args...)}
}
