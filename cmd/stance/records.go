package main

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/features"
)

// recordWriter formats classified units in one of the output formats,
// appending to a byte slice without allocating per record where it can.
type recordWriter struct {
	s *classify.Scorer
	o classifyOptions
}

func newRecordWriter(s *classify.Scorer, o classifyOptions) *recordWriter {
	return &recordWriter{s: s, o: o}
}

// batch classifies every line of b and appends the records to b.out.
func (w *recordWriter) batch(b *batch, sp *features.Splitter) {
	if b.parts != nil {
		w.longLine(b, sp)
		return
	}
	if p, ok := outPool.Get().(*[]byte); ok {
		b.out = (*p)[:0]
	}
	for i := range b.ends {
		line := b.line(i)
		n := b.first + i
		if w.o.lines {
			b.out = w.record(b.out, n, line)
			continue
		}
		for _, sent := range sp.Sentences(line) {
			b.out = w.record(b.out, n, sent)
		}
	}
	b.text, b.ends = "", nil
}

// longLine classifies a line that arrives in parts. With --lines it is
// one unit, scored part by part with the result of scoring it whole; its
// record shows the first recordTextMax bytes. Otherwise each part is split
// into sentences (a sentence cut by a part boundary becomes two).
func (w *recordWriter) longLine(b *batch, sp *features.Splitter) {
	if !w.o.lines {
		// Many records: hand them to the writer part by part rather than
		// holding them all.
		for part := range b.parts {
			var out []byte
			for _, sent := range sp.Sentences(string(part)) {
				out = w.record(out, b.first, sent)
			}
			b.outParts <- out
		}
		close(b.outParts)
		return
	}
	defer close(b.outParts)
	w.s.Begin()
	var head []byte
	total := 0
	for part := range b.parts {
		if len(head) < recordTextMax {
			head = append(head, part[:min(len(part), recordTextMax-len(head))]...)
		}
		total += len(part)
		w.s.AddPart(string(part))
	}
	for len(head) > 0 && !utf8.Valid(head) { // cut inside a rune: drop its start
		head = head[:len(head)-1]
	}
	preds := w.s.End()
	text := string(head)
	if total > len(head) {
		text += "…"
		b.note = "line " + strconv.Itoa(b.first) + " is " + strconv.Itoa(total) + " bytes long: it was classified whole, and its record shows the first " + strconv.Itoa(len(head)) + " bytes of its text"
	}
	var explain [][]classify.Contribution
	if w.o.explain {
		explain = w.s.Why(preds, 5)
	}
	b.out = w.format(b.out, b.first, text, preds, explain)
}

func (w *recordWriter) record(out []byte, line int, text string) []byte {
	var preds []classify.Prediction
	var explain [][]classify.Contribution
	if w.o.explain {
		preds, explain = w.s.Explain(text, 5)
	} else {
		preds = w.s.Score(text)
	}
	return w.format(out, line, text, preds, explain)
}

// format appends one record in the output format.
func (w *recordWriter) format(out []byte, line int, text string, preds []classify.Prediction, explain [][]classify.Contribution) []byte {
	switch w.o.format {
	case fmtTSV:
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
		if w.o.explain {
			out = append(out, explainText(explain)...)
			out = append(out, '\t')
		}
		out = appendTSVText(out, text)
		out = append(out, '\n')
	case fmtJSONL:
		out = append(out, `{"line":`...)
		out = strconv.AppendInt(out, int64(line), 10)
		out = append(out, `,"text":`...)
		out = appendJSONString(out, text)
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
		if w.o.explain {
			out = append(out, `,"explain":{`...)
			for i, p := range preds {
				if i > 0 {
					out = append(out, ',')
				}
				out = append(out, '"')
				out = append(out, p.Target...)
				out = append(out, `":[`...)
				for k, c := range explain[i] {
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
		out = append(out, "}\n"...)
	default:
		for _, p := range preds {
			out = append(out, p.Label()...)
			for k := utf8.RuneCountInString(p.Label()); k < 9; k++ {
				out = append(out, ' ')
			}
			out = strconv.AppendFloat(out, p.Prob(), 'f', 2, 64)
			out = append(out, "   "...)
		}
		out = appendTableText(out, text)
		out = append(out, '\n')
		if w.o.explain {
			for i, p := range preds {
				out = append(out, "    "...)
				out = append(out, p.Target...)
				out = append(out, ": "...)
				out = appendTableText(out, explainOne(explain[i]))
				out = append(out, '\n')
			}
		}
	}
	return out
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
