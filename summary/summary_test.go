package summary

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stance-nlp/stance/internal/golden"
	"github.com/stance-nlp/stance/labels"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// shards are what `stance classify --format jsonl --lines` wrote for 26
// example articles of July 2021 to June 2022 (the seed model), cut in two
// in the middle of an article, as a shard boundary may fall.
var shards = []string{"tagged-1.jsonl", "tagged-2.jsonl"}

// build reads files from testdata into a Builder for cfg.
func build(t *testing.T, cfg Config, files ...string) *Builder {
	t.Helper()
	b, err := NewBuilder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Read(bytes.NewReader(data), f); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Err(); err != nil {
		t.Fatal(err)
	}
	return b
}

func keys(t *testing.T, specs ...string) []Key {
	t.Helper()
	var out []Key
	for _, s := range specs {
		k, err := ParseKey(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}

// TestGolden renders summaries of the shards in every format and compares
// them with testdata/NAME.FORMAT: by month (a chart over time), by outlet
// (a dot per group), by outlet and quarter (a line per outlet), by
// article, without grouping, and of sentiment.
func TestGolden(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		formats []Format
	}{
		{"month", Config{By: keys(t, "date:month")}, []Format{Table, CSV, JSON, HTML}},
		{"outlet", Config{By: keys(t, "outlet")}, []Format{Table, HTML}},
		{"outlet-quarter", Config{By: keys(t, "outlet", "date:quarter")}, []Format{Table, HTML}},
		{"article", Config{By: keys(t, "article")}, []Format{CSV}},
		{"all", Config{}, []Format{Table}},
		{"sentiment-year", Config{Target: labels.Sentiment, By: keys(t, "date:year"), Resamples: 200, Seed: 7}, []Format{Table, JSON}},
	}
	for _, tt := range tests {
		s := build(t, tt.cfg, shards...).Summary()
		for _, f := range tt.formats {
			t.Run(tt.name+"."+string(f), func(t *testing.T) {
				var b bytes.Buffer
				if err := s.Write(&b, f); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join("testdata", tt.name+"."+string(f)), b.Bytes(), *update, "go test ./summary -update")
			})
		}
	}
}

// TestShardsInAnyOrder: the shards read in either order, or the whole
// output read at once, give the same bytes: the bootstrap depends on the
// records, not on their order.
func TestShardsInAnyOrder(t *testing.T) {
	var whole bytes.Buffer
	for _, f := range shards {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		whole.Write(b)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "whole.jsonl"), whole.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	render := func(b *Builder) string {
		var out bytes.Buffer
		b.Summary().Write(&out, JSON)
		s := out.String()
		// The inputs' names differ; everything else must not.
		return s[strings.Index(s, `"groups"`):]
	}
	cfg := Config{By: keys(t, "date:month")}
	a := render(build(t, cfg, shards[0], shards[1]))
	b := render(build(t, cfg, shards[1], shards[0]))
	wb, err := NewBuilder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	wb.Read(bytes.NewReader(whole.Bytes()), "whole.jsonl")
	c := render(wb)
	if a != b || a != c {
		t.Errorf("the shards in order, in reverse and whole give different summaries")
	}
}

// TestResamplesArticles: the interval comes from resampling articles. Two
// articles, one all obstacle and one all opening, give a net stance
// interval reaching both −1 and +1 (an article is drawn whole); had
// sentences been resampled, the interval of 40 sentences would be narrow.
// An article alone has no interval.
func TestResamplesArticles(t *testing.T) {
	var in strings.Builder
	for a, label := range []string{"obstacle", "opening"} {
		for i := range 20 {
			fmt.Fprintf(&in, `{"article":"a%d","index":%d,"text":"x","stance":%q,"stance_probs":{"obstacle":0.5,"opening":0.3,"neutral":0.2}}`+"\n", a, i, label)
		}
	}
	b, _ := NewBuilder(Config{})
	b.Read(strings.NewReader(in.String()), "in")
	if err := b.Err(); err != nil {
		t.Fatal(err)
	}
	g := b.Summary().All
	if g.Net != 0 || g.NetCI.Lo != -1 || g.NetCI.Hi != 1 || g.Articles != 2 || g.Sentences != 40 {
		t.Errorf("two opposite articles: net %v [%v, %v] of %d articles, %d sentences; want 0 [-1, 1], 2 and 40", g.Net, g.NetCI.Lo, g.NetCI.Hi, g.Articles, g.Sentences)
	}
	if mp := g.Labels[0].MeanProb; mp != 0.5 {
		t.Errorf("mean p(obstacle) = %v; want 0.5", mp)
	}
	b, _ = NewBuilder(Config{By: keys(t, "article")})
	b.Read(strings.NewReader(in.String()), "in")
	for _, g := range b.Summary().Groups {
		if g.NetCI.Lo != g.Net || g.NetCI.Hi != g.Net {
			t.Errorf("article %s alone: net %v [%v, %v]; want no width", g.Key[0], g.Net, g.NetCI.Lo, g.NetCI.Hi)
		}
	}
}

// TestBadRecords: every kind of bad record is reported as FILE:LINE, and
// a sentence read twice is caught.
func TestBadRecords(t *testing.T) {
	good := `{"article":"a","index":0,"stance":"opening","stance_probs":{"obstacle":0.1,"opening":0.8,"neutral":0.1},"date":"2014-09-24"}`
	tests := []struct {
		name, line, want string
	}{
		{"table format", "stance       p  sentim.      p  text", "in:1: not a JSON object: summarize reads what stance classify --format jsonl writes"},
		{"TSV", "opening\t0.5\t0.2\t0.5\t0.3\tnegative\t0.5\t0.5\t0.3\t0.2\tx", "in:1: not a JSON object: summarize reads"},
		{"invalid JSON", `{"article":`, "in:1: invalid JSON"},
		{"no article", `{"index":0,"stance":"opening"}`, `in:1: no "article" field`},
		{"bad index", `{"article":"a","index":-1,"stance":"opening"}`, `in:1: "index" is -1; want a whole number from 0 to 1048575`},
		{"no index", `{"article":"a","stance":"opening"}`, `in:1: "index" is missing`},
		{"unknown label", `{"article":"a","index":0,"stance":"opposed"}`, `in:1: "stance" is "opposed"; want one of obstacle, opening, neutral`},
		{"no probabilities", `{"article":"a","index":0,"stance":"opening"}`, `in:1: "stance_probs" is missing; want the probability of each of obstacle, opening, neutral`},
		{"bad probability", `{"article":"a","index":0,"stance":"opening","stance_probs":{"obstacle":2,"opening":0.8,"neutral":0.1}}`, `in:1: "stance_probs" has no probability in [0, 1] for obstacle`},
		{"bad date", `{"article":"a","index":0,"stance":"opening","stance_probs":{"obstacle":0.1,"opening":0.8,"neutral":0.1},"date":"Sept 24"}`, `in:1: field "date": "Sept 24" is not a date such as 2014-09-24`},
		{"read twice", good + "\n" + good, `in:2: article "a" sentence 0 was read before (its article starts at in:1): the same output given twice?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := NewBuilder(Config{By: keys(t, "date:month")})
			if err := b.Read(strings.NewReader(tt.line+"\n"), "in"); err != nil {
				t.Fatal(err)
			}
			err := b.Err()
			var pe *labels.ParseError
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &pe) {
				t.Errorf("Err() = %v; want a ParseError saying %q", err, tt.want)
			}
		})
	}
	// More than MaxProblems: counted, not listed.
	b, _ := NewBuilder(Config{})
	b.Read(strings.NewReader(strings.Repeat("x\n", MaxProblems+5)), "in")
	if err := b.Err(); err == nil || !strings.HasSuffix(err.Error(), "and 5 more problems") {
		t.Errorf("%d bad lines: %v", MaxProblems+5, err)
	}
}

func TestParseKey(t *testing.T) {
	for _, tt := range []struct {
		in, want, err string
	}{
		{"article", "article", ""},
		{"outlet", "outlet", ""},
		{"date:month", "date:month", ""},
		{"published:week", "published:week", ""},
		{"date:fortnight", "", `group key "date:fortnight": unknown period "fortnight" (want year, quarter, month, week or day)`},
		{":month", "", `group key ":month": name a field, e.g. outlet or date:month`},
	} {
		k, err := ParseKey(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseKey(%q) = %v; want error %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || k.String() != tt.want {
			t.Errorf("ParseKey(%q) = %q, %v; want %q", tt.in, k, err, tt.want)
		}
	}
}

// TestPeriods: each period's name sorts in time order, and its index
// names it again.
func TestPeriods(t *testing.T) {
	dates := []string{"1991-12-31", "2014-09-24", "2014-12-29T08:00:00Z", "2016-01-03 10:00", "2021-01-04-reuters", "1969-12-29"}
	want := map[Period][]string{
		Year:    {"1991", "2014", "2014", "2016", "2021", "1969"},
		Quarter: {"1991-Q4", "2014-Q3", "2014-Q4", "2016-Q1", "2021-Q1", "1969-Q4"},
		Month:   {"1991-12", "2014-09", "2014-12", "2016-01", "2021-01", "1969-12"},
		Week:    {"1992-W01", "2014-W39", "2015-W01", "2015-W53", "2021-W01", "1970-W01"},
		Day:     {"1991-12-31", "2014-09-24", "2014-12-29", "2016-01-03", "2021-01-04", "1969-12-29"},
	}
	for p, names := range want {
		for i, d := range dates {
			tm, err := parseDate(d, p)
			if err != nil {
				t.Fatalf("parseDate(%q): %v", d, err)
			}
			got := periodOf(tm, p)
			if got != names[i] {
				t.Errorf("periodOf(%s, %s) = %s; want %s", d, p, got, names[i])
			}
			x, ok := periodIndex(got, p)
			if !ok || periodName(x, p) != got {
				t.Errorf("periodName(periodIndex(%s)) = %s; want it back", got, periodName(x, p))
			}
			if next, _ := periodIndex(periodOf(tm.AddDate(0, 0, 400), p), p); next <= x {
				t.Errorf("%s: a later period has index %d, not above %d", p, next, x)
			}
		}
	}
	for _, d := range []string{"2014-09", "2014"} {
		if _, err := parseDate(d, Day); err == nil {
			t.Errorf("parseDate(%q, day) accepted a date without a day", d)
		}
	}
	if tm, err := parseDate("2014-09", Month); err != nil || tm != time.Date(2014, 9, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("parseDate(2014-09, month) = %v, %v", tm, err)
	}
	if _, err := parseDate("2014-09-241", Month); err == nil {
		t.Error("parseDate(2014-09-241) accepted a date with a digit after it")
	}
}
