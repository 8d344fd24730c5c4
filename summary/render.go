package summary

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/stance-nlp/stance/internal/termsafe"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Format names an output format of a Summary.
type Format string

const (
	Table Format = "table"
	CSV   Format = "csv"
	JSON  Format = "json"
	HTML  Format = "html"
)

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Table, CSV, JSON, HTML:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (want table, csv, json or html)", s)
}

// Write renders the summary in format f. The same summary always gives
// the same bytes.
func (s *Summary) Write(w io.Writer, f Format) error {
	switch f {
	case CSV:
		return s.writeCSV(w)
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	case HTML:
		return s.writeHTML(w)
	}
	return s.writeTable(w, true)
}

// AllName is the key shown for the row of every record together.
const AllName = "(all)"

// keyNames are the headers of the key columns: the keys, or "group" when
// there is none.
func (s *Summary) keyNames() []string {
	if len(s.By) == 0 {
		return nil
	}
	return s.By
}

// rows returns the groups and, when there is more than one, every record
// together, last, its keys AllName; all says whether it is there.
func (s *Summary) rows() (rows []Group, all bool) {
	if len(s.By) == 0 {
		return []Group{s.All}, false
	}
	if len(s.Groups) == 1 {
		return s.Groups, false
	}
	a := s.All
	a.Key = make([]string, len(s.By))
	for i := range a.Key {
		a.Key[i] = AllName
	}
	return append(s.Groups[:len(s.Groups):len(s.Groups)], a), true
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) }

func signed(x float64) string {
	s := strconv.FormatFloat(x, 'f', 3, 64)
	if s == "-0.000" {
		s = "0.000"
	}
	if x >= 0 && s[0] != '-' {
		s = "+" + s
	}
	return s
}

// writeTable writes aligned columns for reading: per group its key, the
// articles and sentences, each label's count and share in percent with
// its interval, the net stance (the share of Net[1] minus that of Net[0])
// with its interval, and the mean probability of each label.
func (s *Summary) writeTable(w io.Writer, header bool) error {
	head := append([]string{}, s.keyNames()...)
	head = append(head, "articles", "sentences")
	for _, l := range s.Labels {
		head = append(head, l, "% [95% CI]")
	}
	head = append(head, "net [95% CI]", "mean p "+strings.Join(s.Labels, "/"))
	nk := len(s.keyNames())
	var cells [][]string
	rows, _ := s.rows()
	for _, g := range rows {
		row := append([]string{}, g.Key...)
		row = append(row, itoa(g.Articles), itoa(g.Sentences))
		var means []string
		for _, l := range g.Labels {
			row = append(row, itoa(l.Count), pct(l.Share)+" ["+pct(l.CI.Lo)+", "+pct(l.CI.Hi)+"]")
			means = append(means, strconv.FormatFloat(l.MeanProb, 'f', 2, 64))
		}
		row = append(row, signed(g.Net)+" ["+signed(g.NetCI.Lo)+", "+signed(g.NetCI.Hi)+"]", strings.Join(means, " "))
		cells = append(cells, row)
	}
	width := make([]int, len(head))
	for i, h := range head {
		width[i] = utf8.RuneCountInString(h)
	}
	for _, row := range cells {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(termsafe.String(c)))
		}
	}
	var b strings.Builder
	line := func(row []string) {
		for i, c := range row {
			c = termsafe.String(c)
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < nk || i == len(row)-1 {
				b.WriteString(c)
				if i < len(row)-1 {
					b.WriteString(pad)
				}
			} else {
				b.WriteString(pad + c)
			}
		}
		b.WriteString("\n")
	}
	if header {
		line(head)
	}
	for _, row := range cells {
		line(row)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCSV writes a header and a row per group (and one for every record
// together, its keys "(all)"): counts, shares and their interval bounds,
// net stance and its bounds, mean probabilities, four decimals.
func (s *Summary) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := append([]string{}, s.keyNames()...)
	head = append(head, "articles", "sentences")
	for _, l := range s.Labels {
		head = append(head, l+"_count", l+"_share", l+"_share_lo", l+"_share_hi", l+"_mean_prob")
	}
	head = append(head, "net", "net_lo", "net_hi")
	cw.Write(head)
	f4 := func(x float64) string {
		s := strconv.FormatFloat(x, 'f', 4, 64)
		if s == "-0.0000" {
			return "0.0000"
		}
		return s
	}
	rows, _ := s.rows()
	for _, g := range rows {
		row := append([]string{}, g.Key...)
		row = append(row, itoa(g.Articles), itoa(g.Sentences))
		for _, l := range g.Labels {
			row = append(row, itoa(l.Count), f4(l.Share), f4(l.CI.Lo), f4(l.CI.Hi), f4(l.MeanProb))
		}
		row = append(row, f4(g.Net), f4(g.NetCI.Lo), f4(g.NetCI.Hi))
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}
