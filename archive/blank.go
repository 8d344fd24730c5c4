package archive

import (
	"fmt"
	"unicode"
)

// blank reports whether s holds nothing a reader could see: only white
// space, control and invisible format characters.
func blank(s string) bool {
	for _, c := range s {
		if !unicode.IsSpace(c) && !unicode.IsControl(c) && !unicode.Is(unicode.Cf, c) {
			return false
		}
	}
	return true
}

// kindError says what is wrong with a record while unwrapping to the
// kind of problem (labels.ErrSyntax, labels.ErrMissingField…).
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

func problem(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: fmt.Sprintf(format, args...)}
}
