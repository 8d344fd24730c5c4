package eval

import (
	"encoding/json"
	"fmt"
	"github.com/stance-nlp/stance/internal/termsafe"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Format names a report format.
type Format string

const (
	Text     Format = "text"
	Markdown Format = "markdown"
	JSON     Format = "json"
	HTML     Format = "html"
)

// ParseFormat returns the Format named s.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Text, Markdown, JSON, HTML:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (want text, markdown, json or html)", s)
}

// Write renders the report in format f to w. The output depends only on
// the report, so the same corpus, settings and seed give the same bytes.
func (r *Report) Write(w io.Writer, f Format) error {
	switch f {
	case JSON:
		return r.writeJSON(w)
	case HTML:
		return r.writeHTML(w)
	case Markdown:
		return r.writeBlocks(w, true)
	}
	return r.writeBlocks(w, false)
}

func (r *Report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// errWriter remembers the first write error so rendering code can write
// freely and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }

func (r *Report) writeBlocks(w io.Writer, md bool) error {
	ew := &errWriter{w: w}
	var blocks []block
	for _, b := range flatten(r.layout()) {
		if _, ok := b.(figure); ok { // drawn in HTML only
			continue
		}
		blocks = append(blocks, b)
	}
	for i, b := range blocks {
		if i > 0 {
			ew.printf("\n")
		}
		switch b := b.(type) {
		case heading:
			if md {
				ew.printf("%s %s\n", strings.Repeat("#", b.level), mdEscape(b.text))
			} else {
				text := termsafe.String(b.text)
				ew.printf("%s\n", text)
				switch b.level {
				case 1:
					ew.printf("%s\n", strings.Repeat("=", len([]rune(text))))
				case 2:
					ew.printf("%s\n", strings.Repeat("-", len([]rune(text))))
				}
			}
		case para:
			if md {
				ew.printf("%s\n", wrap(mdEscape(b.text), 78))
			} else {
				ew.printf("%s\n", wrap(termsafe.String(b.text), 78))
			}
		case *table:
			if err := drawTable(ew, b, md); err != nil && ew.err == nil {
				return err
			}
		case list:
			for k, it := range b.items {
				if k > 0 {
					ew.printf("\n")
				}
				writeErrorItem(ew, it.p, md)
			}
			if len(b.items) == 0 {
				ew.printf("None.\n")
			}
		}
	}
	return ew.err
}

func writeErrorItem(ew *errWriter, p Outcome, md bool) {
	if md {
		ew.printf("- **%s #%d**: gold **%s**, predicted **%s** (%.2f)  \n  %s  \n  pushed by: %s\n",
			mdEscape(p.Article), p.Index, mdEscape(p.Gold), mdEscape(p.Predicted), p.Confidence, mdEscape(p.Text), mdEscape(towardText(p)))
		return
	}
	ew.printf("%s #%d: gold %s, predicted %s (%.2f)\n%s\n%s\n", termsafe.String(p.Article), p.Index, termsafe.String(p.Gold), termsafe.String(p.Predicted), p.Confidence,
		indent(wrap("“"+termsafe.String(p.Text)+"”", 74), "    "), indent(wrap("pushed by: "+termsafe.String(towardText(p)), 74), "    "))
}

// drawTable renders one table with tablewriter: ASCII borders for text,
// GitHub Markdown otherwise. Headers are kept as written (tablewriter would
// upper-case them), numbers are right-aligned in header, rows and footer
// alike, and a ragged row is a bug here, not something to pad silently.
func drawTable(w io.Writer, t *table, md bool) error {
	n := len(t.header)
	for _, row := range t.rows {
		if len(row) != n {
			panic(fmt.Sprintf("eval: table row has %d cells for %d columns: %q", len(row), n, row))
		}
	}
	if t.footer != nil && len(t.footer) != n {
		panic(fmt.Sprintf("eval: table footer has %d cells for %d columns", len(t.footer), n))
	}
	align := make([]tw.Align, n)
	for i := range align {
		align[i] = tw.AlignLeft
		if i < len(t.right) && t.right[i] {
			align[i] = tw.AlignRight
		}
	}
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	}
	header, rows, footer := t.header, t.rows, t.footer
	if md {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
		header = mapStrings(header, mdEscape)
		rows = make([][]string, len(t.rows))
		for i, row := range t.rows {
			rows[i] = mapStrings(row, mdEscape)
		}
		// The Markdown renderer does not mark a footer: make it a last row
		// in bold instead.
		if footer != nil {
			rows = append(rows, mapStrings(footer, func(s string) string { return "**" + mdEscape(s) + "**" }))
			footer = nil
		}
	} else {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})))
		header = mapStrings(header, termsafe.String)
		rows = make([][]string, len(t.rows))
		for i, row := range t.rows {
			rows[i] = mapStrings(row, termsafe.String)
		}
		if footer != nil {
			footer = mapStrings(footer, termsafe.String)
		}
	}
	tbl := tablewriter.NewTable(w, opts...)
	tbl.Header(header)
	for _, row := range rows {
		if err := tbl.Append(row); err != nil {
			return err
		}
	}
	if footer != nil {
		tbl.Footer(footer)
	}
	return tbl.Render()
}

func mapStrings(xs []string, f func(string) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// mdEscape makes s plain text in GitHub Markdown, for a table cell, a
// list item, a heading or a paragraph: article ids and sentences come from
// the user's files and must not become markup. Line ends become spaces (a
// newline would start a heading or end a table row), control characters
// are shown as escapes (see termsafe.String), "<" ">" "&" become entities (no raw
// HTML), and the characters of emphasis, code, headings and tables are
// backslash-escaped. A "]" that would close a link or image ("](", "][",
// "]:") is escaped too; other brackets, as in "[0.20, 0.39]", are left
// alone. tablewriter's Markdown renderer escapes nothing.
func mdEscape(s string) string {
	s = termsafe.String(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '|', '*', '_', '`', '#', '~':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case ']':
			if i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '[' || s[i+1] == ':') {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width runes at spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(text) {
		n := len([]rune(word))
		if i > 0 {
			if line+1+n > width {
				b.WriteByte('\n')
				line = 0
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(word)
		line += n
	}
	return b.String()
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
