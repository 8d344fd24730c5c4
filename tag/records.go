package tag

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stance-nlp/stance/archive"
	"github.com/stance-nlp/stance/classify"
)

// Format names a record format.
type Format string

const (
	// Table is aligned columns for reading on a terminal, after a header
	// line: stance, p, sentiment, p, text. Control characters in the text
	// are shown as escapes (see appendTableText).
	Table Format = "table"
	// TSV is, per target, the label, its probability and the probability
	// of every label in codebook order, then the text with tabs and line
	// ends as spaces; no header line.
	TSV Format = "tsv"
	// JSONL is one JSON object a line: {"article":…,"index":N,"line":N,
	// "text":…,"stance":…,"stance_p":…,"stance_probs":{…},"sentiment":…,
	// …}, then the document's passed-through fields.
	JSONL Format = "jsonl"
)

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Table, TSV, JSONL:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (want table, tsv or jsonl)", s)
}

// Encoder writes records in one format, appending to a byte slice without
// allocating per record where it can. Probabilities have four decimals
// (two in the table); the same predictions always give the same bytes.
type Encoder struct {
	Format Format // "" is Table
	// Explain adds the features behind each label: a line per target under
	// a table row, a column before the text in TSV, an "explain" object in
	// JSON Lines.
	Explain bool
	// IDs adds the article id and the unit's index as the first columns
	// of the table and TSV, and the passed-through fields' values before
	// the text in TSV. (JSON Lines always has them.)
	IDs bool
}

// Unit is one unit of text to write a record for, and where it is from.
type Unit struct {
	// Article is the id of the article. "" means the line number: in a
	// stream of lines each line is an article.
	Article string
	// Index is the unit's index in its article, from 0.
	Index int
	// Line is the line of the input, or of the article's text, the unit
	// starts on, from 1; 0 when it is not known (a sentence read from
	// split's output), and left out of the record.
	Line int
	Text string
	// Fields are passed through to the record.
	Fields []archive.Field
}

// articleWidth is the width of the table's article column; longer ids
// push the row along.
const articleWidth = 12

// Header returns what goes before the first record: the table's column
// names, or "" for the other formats.
func (e Encoder) Header() string {
	if e.Format == TSV || e.Format == JSONL {
		return ""
	}
	ids := ""
	if e.IDs {
		ids = fmt.Sprintf("%-*s %3s  ", articleWidth, "article", "#")
	}
	return ids + fmt.Sprintf("%-8s %5s  %-8s %5s  %s\n", "stance", "p", "sentim.", "p", "text")
}

// Append appends the record of one unit of a stream of lines: its input
// line number (from 1), its text, the model's predictions for it, and,
// with Explain, the contributions behind each prediction
// (classify.Scorer.Why). It is AppendUnit with the line as the article.
func (e Encoder) Append(out []byte, line int, text string, preds []classify.Prediction, why [][]classify.Contribution) []byte {
	return e.AppendUnit(out, Unit{Line: line, Text: text}, preds, why)
}

// AppendUnit appends the record of one unit.
func (e Encoder) AppendUnit(out []byte, u Unit, preds []classify.Prediction, why [][]classify.Contribution) []byte {
	switch e.Format {
	case TSV:
		if e.IDs {
			out = appendTSVText(out, u.Article)
			out = append(out, '\t')
			out = strconv.AppendInt(out, int64(u.Index), 10)
			out = append(out, '\t')
		}
		for _, p := range preds {
			out = append(out, p.Label()...)
			out = append(out, '\t')
			out = appendProb(out, p.Prob())
			for _, q := range p.Probs {
				out = append(out, '\t')
				out = appendProb(out, q)
			}
			out = append(out, '\t')
		}
		if e.Explain {
			out = append(out, explainText(why)...)
			out = append(out, '\t')
		}
		if e.IDs {
			for _, f := range u.Fields {
				out = appendTSVValue(out, f.Value)
				out = append(out, '\t')
			}
		}
		out = appendTSVText(out, u.Text)
		out = append(out, '\n')
	case JSONL:
		out = append(out, `{"article":`...)
		if u.Article == "" {
			out = append(out, '"')
			out = strconv.AppendInt(out, int64(u.Line), 10)
			out = append(out, '"')
		} else {
			out = appendJSONString(out, u.Article)
		}
		out = append(out, `,"index":`...)
		out = strconv.AppendInt(out, int64(u.Index), 10)
		if u.Line > 0 {
			out = append(out, `,"line":`...)
			out = strconv.AppendInt(out, int64(u.Line), 10)
		}
		out = append(out, `,"text":`...)
		out = appendJSONString(out, u.Text)
		for _, p := range preds {
			t := string(p.Target)
			out = append(out, `,"`...)
			out = append(out, t...)
			out = append(out, `":"`...)
			out = append(out, p.Label()...)
			out = append(out, `","`...)
			out = append(out, t...)
			out = append(out, `_p":`...)
			out = appendProb(out, p.Prob())
			out = append(out, `,"`...)
			out = append(out, t...)
			out = append(out, `_probs":{`...)
			for c, l := range p.Labels {
				if c > 0 {
					out = append(out, ',')
				}
				out = append(out, '"')
				out = append(out, l...)
				out = append(out, `":`...)
				out = appendProb(out, p.Probs[c])
			}
			out = append(out, '}')
		}
		if e.Explain {
			out = append(out, `,"explain":{`...)
			for i, p := range preds {
				if i > 0 {
					out = append(out, ',')
				}
				out = append(out, '"')
				out = append(out, p.Target...)
				out = append(out, `":[`...)
				for k, c := range why[i] {
					if k > 0 {
						out = append(out, ',')
					}
					out = append(out, `{"feature":`...)
					out = appendJSONString(out, c.Feature)
					out = append(out, `,"weight":`...)
					out = strconv.AppendFloat(out, c.Weight, 'f', 4, 64)
					out = append(out, '}')
				}
				out = append(out, ']')
			}
			out = append(out, '}')
		}
		for _, f := range u.Fields {
			out = append(out, ',')
			out = appendJSONString(out, f.Name)
			out = append(out, ':')
			out = append(out, f.Value...)
		}
		out = append(out, "}\n"...)
	default:
		if e.IDs {
			start := len(out)
			out = appendTableText(out, u.Article)
			for k := utf8.RuneCount(out[start:]); k < articleWidth; k++ {
				out = append(out, ' ')
			}
			out = append(out, ' ')
			for k := digits(u.Index); k < 3; k++ {
				out = append(out, ' ')
			}
			out = strconv.AppendInt(out, int64(u.Index), 10)
			out = append(out, "  "...)
		}
		for _, p := range preds {
			out = append(out, p.Label()...)
			for k := utf8.RuneCountInString(p.Label()); k < 9; k++ {
				out = append(out, ' ')
			}
			out = strconv.AppendFloat(out, p.Prob(), 'f', 2, 64)
			out = append(out, "   "...)
		}
		out = appendTableText(out, u.Text)
		out = append(out, '\n')
		if e.Explain {
			for i, p := range preds {
				out = append(out, "    "...)
				out = append(out, p.Target...)
				out = append(out, ": "...)
				out = appendTableText(out, explainOne(why[i]))
				out = append(out, '\n')
			}
		}
	}
	return out
}

// digits is how many characters n takes in decimal.
func digits(n int) int {
	d := 1
	if n < 0 {
		d, n = 2, -n
	}
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// appendTSVValue appends a passed-through field's value to a TSV record:
// a JSON string as its text, anything else as its JSON, tabs and line
// ends as spaces either way.
func appendTSVValue(out []byte, v json.RawMessage) []byte {
	var s string
	if len(v) > 0 && v[0] == '"' && json.Unmarshal(v, &s) == nil {
		return appendTSVText(out, s)
	}
	return appendTSVText(out, string(v))
}

func explainOne(cs []classify.Contribution) string {
	return classify.JoinContributions(cs, "(no feature: the prior decided)")
}

func explainText(all [][]classify.Contribution) string {
	parts := make([]string, len(all))
	for i, cs := range all {
		parts[i] = explainOne(cs)
	}
	return strings.Join(parts, " | ")
}

// appendTSVText appends text with tabs, carriage returns and newlines
// turned into spaces, so a record stays one line of fixed columns.
func appendTSVText(out []byte, text string) []byte {
	// Three byte searches (vectorised) beat one pass testing three bytes.
	if strings.IndexByte(text, '\t') < 0 && strings.IndexByte(text, '\n') < 0 && strings.IndexByte(text, '\r') < 0 {
		return append(out, text...)
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\t' || c == '\n' || c == '\r' {
			c = ' '
		}
		out = append(out, c)
	}
	return out
}

// appendTableText appends text for the table format, which is read on a
// terminal: tab, carriage return and newline become spaces (as in TSV),
// and what a terminal would act on rather than show is made visible.
// Other C0 controls, DEL and the C1 controls (ESC starts colour, cursor
// and title sequences; BEL rings) become \x1b, \u009b and the like; the
// bidirectional controls U+202A–U+202E and U+2066–U+2069, which reorder
// the text shown around them, become \u202e and the like. text is valid
// UTF-8 (input is cleaned on reading).
func appendTableText(out []byte, text string) []byte {
	if !strings.ContainsFunc(text, terminalControl) {
		return append(out, text...)
	}
	for _, c := range text {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			out = append(out, ' ')
		case !terminalControl(c):
			out = utf8.AppendRune(out, c)
		case c < utf8.RuneSelf:
			out = append(out, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			out = append(out, '\\', 'u', hexDigits[c>>12&0xf], hexDigits[c>>8&0xf], hexDigits[c>>4&0xf], hexDigits[c&0xf])
		}
	}
	return out
}

// terminalControl reports whether appendTableText changes c.
func terminalControl(c rune) bool {
	return c < 0x20 || c >= 0x7f && c <= 0x9f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. s is valid UTF-8 (input is
// cleaned on reading); control characters are escaped, and so are U+2028
// and U+2029, which some JavaScript parsers take for line ends.
func appendJSONString(out []byte, s string) []byte {
	out = append(out, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			out = append(out, s[start:i]...)
			switch c {
			case '"', '\\':
				out = append(out, '\\', c)
			case '\n':
				out = append(out, '\\', 'n')
			case '\r':
				out = append(out, '\\', 'r')
			case '\t':
				out = append(out, '\\', 't')
			default:
				out = append(out, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u2028' || r == '\u2029' {
			out = append(out, s[start:i]...)
			out = append(out, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	out = append(out, s[start:]...)
	return append(out, '"')
}

// appendProb writes a probability with four decimals, "0.0625". It is
// strconv.AppendFloat(out, p, 'f', 4, 64) for p in [0, 1] without the
// general float formatting, which cost more than scoring on the hot path.
func appendProb(out []byte, p float64) []byte {
	n := int(p*10000 + 0.5)
	switch {
	case n >= 10000:
		return append(out, "1.0000"...)
	case n < 0 || p != p:
		n = 0
	}
	return append(out, '0', '.', byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}
