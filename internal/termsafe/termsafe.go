// Package termsafe makes text from users' files safe to print on a
// terminal, for the text formats of the eval report and of summarize.
package termsafe

import (
	"fmt"
	"strings"
)

// String returns s with what a terminal would act on rather than show made
// visible: tab, carriage return and line ends (which would break a table
// row or a line of a report) become spaces; other C0 controls, DEL and C1
// controls (ESC starts colour and cursor sequences, BEL rings) become
// escapes such as \x1b and \u009b; the bidirectional controls
// (U+202A–U+202E, U+2066–U+2069), which reorder the text shown around them,
// become \u202e and the like. Everything else is kept.
func String(s string) string {
	if !strings.ContainsFunc(s, unsafe) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			b.WriteByte(' ')
		case !unsafe(c):
			b.WriteRune(c)
		case c < 0x80:
			fmt.Fprintf(&b, "\\x%02x", c)
		default:
			fmt.Fprintf(&b, "\\u%04x", c)
		}
	}
	return b.String()
}

// unsafe reports whether String changes c.
func unsafe(c rune) bool {
	return c < 0x20 || c >= 0x7f && c <= 0x9f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069
}
