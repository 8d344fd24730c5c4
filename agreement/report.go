package agreement

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/stance-nlp/stance/labels"
)

// Report is every agreement figure for each target, as `stance agree`
// prints it.
type Report struct {
	Coders  []string       `json:"coders"`
	Targets []TargetReport `json:"targets"`
}

// TargetReport is the agreement on one target.
type TargetReport struct {
	Target        labels.Target  `json:"target"`
	Counts        Counts         `json:"counts"`
	Percent       Stat           `json:"percent_agreement"`
	Kappa         [][]Stat       `json:"cohen_kappa"` // [coder][coder]
	Fleiss        Fleiss         `json:"fleiss_kappa"`
	Alphas        []AlphaCI      `json:"krippendorff_alpha"`
	Specific      []Specific     `json:"specific_agreement"`
	Confusions    []Confusion    `json:"confusions"`
	Disagreements []Disagreement `json:"disagreements"`
	texts         map[Unit]string
}

// AlphaCI is Krippendorff's alpha with its bootstrap interval.
type AlphaCI struct {
	Alpha
	CI Interval `json:"ci95"`
}

// NewReport computes the report of the annotations for each target:
// nominal alpha for both, ordinal alpha too for sentiment (negative <
// neutral < positive), each with a bootstrap interval of resamples draws.
func NewReport(anns []Annotation, targets []labels.Target, resamples int, seed uint64) (*Report, error) {
	r := &Report{}
	for _, a := range anns {
		r.Coders = append(r.Coders, a.Coder)
	}
	for _, t := range targets {
		d, err := FromRecords(t, anns)
		if err != nil {
			return nil, err
		}
		tr := TargetReport{Target: t, Counts: d.Counts(), Percent: d.PercentAgreement(), Kappa: d.KappaMatrix(),
			Fleiss: d.FleissKappa(), Specific: d.SpecificAgreement(), Confusions: d.Confusions(), Disagreements: d.Disagreements(),
			texts: make(map[Unit]string)}
		metrics := []Metric{Nominal}
		if t == labels.Sentiment {
			metrics = append(metrics, Ordinal)
		}
		for _, m := range metrics {
			ci, err := d.BootstrapAlpha(m, resamples, seed)
			if err != nil {
				return nil, err
			}
			tr.Alphas = append(tr.Alphas, AlphaCI{d.Alpha(m), ci})
		}
		for _, u := range d.Units() {
			tr.texts[u] = u.Text
		}
		r.Targets = append(r.Targets, tr)
	}
	return r, nil
}

// WriteText writes the report as text tables, or GitHub Markdown if md.
func (r *Report) WriteText(w io.Writer, md bool) error {
	ew := &errWriter{w: w}
	h := func(level int, s string) {
		if md {
			ew.printf("%s %s\n\n", strings.Repeat("#", level), s)
			return
		}
		ew.printf("%s\n%s\n\n", s, strings.Repeat([]string{"", "=", "-", "~"}[level], len([]rune(s))))
	}
	h(1, "Agreement between "+strings.Join(r.Coders, ", "))
	for _, t := range r.Targets {
		h(2, "Target: "+string(t.Target))
		c := t.Counts
		ew.printf("%d items, %d with two or more labels, %d labelled by every annotator.\n\n", c.Units, c.Pairable, c.Complete)
		rows := [][]string{{"percent agreement", t.Percent.String(), ""}}
		rows = append(rows, []string{"Fleiss' kappa", t.Fleiss.String(), fmt.Sprintf("over %d complete items; %d incomplete left out", t.Fleiss.N, t.Fleiss.Incomplete)})
		for _, a := range t.Alphas {
			rows = append(rows, []string{"Krippendorff's alpha (" + a.Metric.String() + ")", a.Stat.String(), "95% CI " + a.CI.String()})
		}
		ew.table([]string{"statistic", "value", ""}, rows, md)
		var kr [][]string
		for i, row := range t.Kappa {
			cells := []string{r.Coders[i]}
			for j, s := range row {
				if i == j {
					cells = append(cells, "—")
					continue
				}
				cells = append(cells, short(s))
			}
			kr = append(kr, cells)
		}
		h(3, "Cohen's kappa, pairwise")
		ew.table(append([]string{""}, r.Coders...), kr, md)
		var sr [][]string
		for _, s := range t.Specific {
			sr = append(sr, []string{s.Category, s.Stat.String()})
		}
		h(3, "Agreement per category (specific agreement)")
		ew.table([]string{"category", "agreement"}, sr, md)
		for _, cf := range t.Confusions {
			h(3, fmt.Sprintf("%s (rows) against %s (columns)", cf.Coders[0], cf.Coders[1]))
			var cr [][]string
			for i, cat := range cf.Categories {
				row := []string{cat}
				for _, n := range cf.Counts[i] {
					row = append(row, fmt.Sprint(n))
				}
				cr = append(cr, row)
			}
			ew.table(append([]string{""}, cf.Categories...), cr, md)
		}
		noun := "disagreements"
		if len(t.Disagreements) == 1 {
			noun = "disagreement"
		}
		ew.printf("%d %s (see --disagreements, and --adjudicate to decide them).\n\n", len(t.Disagreements), noun)
	}
	return ew.err
}

// short is a Stat in a table cell: the value, or "undefined".
func short(s Stat) string {
	if !s.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", s.Value)
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteDisagreements writes every disagreement of every target, with its
// sentence and each annotator's label, as CSV (csv true) or a text or
// Markdown table.
func (r *Report) WriteDisagreements(w io.Writer, format string) error {
	header := append([]string{"target", "article", "index", "text"}, r.Coders...)
	var rows [][]string
	for _, t := range r.Targets {
		for _, d := range t.Disagreements {
			row := []string{string(t.Target), d.Unit.Article, fmt.Sprint(d.Unit.Index), t.texts[d.Unit]}
			for _, l := range d.Labels {
				if l == "" {
					l = "(none)"
				}
				row = append(row, l)
			}
			rows = append(rows, row)
		}
	}
	if format == "csv" {
		cw := csv.NewWriter(w)
		cw.Write(header)
		cw.WriteAll(rows)
		return cw.Error()
	}
	ew := &errWriter{w: w}
	ew.table(header, rows, format == "markdown")
	return ew.err
}

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

// table draws a table with tablewriter, ASCII or Markdown.
func (e *errWriter) table(header []string, rows [][]string, md bool) {
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
	}
	if md {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
		esc := strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;")
		for i := range rows {
			for j := range rows[i] {
				rows[i][j] = esc.Replace(rows[i][j])
			}
		}
	} else {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})))
	}
	tbl := tablewriter.NewTable(e, opts...)
	tbl.Header(header)
	for _, row := range rows {
		if err := tbl.Append(row); err != nil && e.err == nil {
			e.err = err
		}
	}
	if err := tbl.Render(); err != nil && e.err == nil {
		e.err = err
	}
	e.printf("\n")
}
