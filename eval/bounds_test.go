package eval

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// hostileCorpus is the seed corpus with article ids and texts that try
// to become markup or terminal commands.
func hostileCorpus(t *testing.T) []labels.Record {
	t.Helper()
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	hostile := []string{
		"a\n# Injected heading\n| x | y |",
		"<script>alert(1)</script>",
		"b\x1b[2J\x07\u009b31m\u202eevil",
		"[click](http://example.com) ![img](http://example.com/x.png)",
		"<img src=x onerror=alert(1)>",
	}
	for i := range recs {
		id, ok := ids[recs[i].Article]
		if !ok {
			id = hostile[len(ids)%len(hostile)]
			ids[recs[i].Article] = id
		}
		recs[i].Article = id
		if i%3 == 0 {
			recs[i].Text += " <img src=x onerror=alert(1)>\n# Heading\x1b]0;title\x07 [x](javascript:alert(1)) | cell"
		}
	}
	return recs
}

// TestReportEscapes: ids and texts from the user's files cannot inject
// HTML, headings, table cells or links into the Markdown report, nor
// terminal control sequences into the text report.
func TestReportEscapes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Resamples = 20
	cfg.Curve = nil
	rep, err := Evaluate(hostileCorpus(t), "corpus\n# <b>name</b>", cfg)
	if err != nil {
		t.Fatal(err)
	}
	var md, text bytes.Buffer
	if err := rep.Write(&md, Markdown); err != nil {
		t.Fatal(err)
	}
	if err := rep.Write(&text, Text); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<img", "<b>", "\x1b", "\x07", "\u009b", "\u202e"} {
		if strings.Contains(md.String(), bad) {
			t.Errorf("Markdown report holds %q unescaped", bad)
		}
	}
	if link := regexp.MustCompile(`[^\\]\]\(`).FindString(md.String()); link != "" {
		t.Errorf("Markdown report holds a link or image: %q", link)
	}
	for i, line := range strings.Split(md.String(), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if strings.HasPrefix(trimmed, "# Injected") || strings.HasPrefix(trimmed, "# Heading") || strings.HasPrefix(trimmed, "# &lt;b") {
			t.Errorf("Markdown line %d is an injected heading: %q", i+1, line)
		}
		if strings.HasPrefix(line, "|") && !strings.HasSuffix(line, "|") {
			t.Errorf("Markdown line %d is a broken table row: %q", i+1, line)
		}
	}
	for _, bad := range []string{"\x1b", "\x07", "\u009b", "\u202e"} {
		if strings.Contains(text.String(), bad) {
			t.Errorf("text report holds the control character %q", bad)
		}
	}
	if !strings.Contains(text.String(), `\x1b`) {
		t.Error(`text report does not show ESC as \x1b`)
	}
}

func TestMdEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, [0.20, 0.39]", "plain text, [0.20, 0.39]"},
		{"a\nb\r\nc\td", "a b  c d"},
		{"<script>&amp;", "&lt;script&gt;&amp;amp;"},
		{"# h | *e* _u_ `c` ~s~", `\# h \| \*e\* \_u\_ \` + "`c\\`" + ` \~s\~`},
		{"[a](u) [b][c] [d]: u", `[a\](u) [b\][c] [d\]: u`},
		{"\x1b[31m\x07\u0085\u202e", `\\x1b[31m\\x07\\u0085\\u202e`},
	}
	for _, tt := range tests {
		if got := mdEscape(tt.in); got != tt.want {
			t.Errorf("mdEscape(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestEvaluateStops: Evaluate checks Config.Context before each fold, of
// the evaluation and of the search, and returns its error.
func TestEvaluateStops(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	for _, search := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		cfg := DefaultConfig()
		cfg.Search = search
		cfg.GroupBy = ByArticle
		cfg.Context = ctx
		var mu sync.Mutex // the search reports from several goroutines
		var steps []string
		cfg.Progress = func(what string) {
			mu.Lock()
			defer mu.Unlock()
			steps = append(steps, what)
			if len(steps) == 2 {
				cancel() // Ctrl-C at the second step
			}
		}
		_, err := Evaluate(recs, "seeds", cfg)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Evaluate(search %v) cancelled = %v; want context.Canceled", search, err)
		}
		// The search's workers each finish the setting they are scoring.
		if most := 2 + runtime.GOMAXPROCS(0); len(steps) > most {
			t.Errorf("Evaluate(search %v) went on after it was cancelled: %d steps, want at most %d: %q", search, len(steps), most, steps)
		}
		cancel()
	}
	// A nil Context is never cancelled.
	cfg := DefaultConfig()
	cfg.Resamples, cfg.Curve = 10, nil
	if _, err := Evaluate(recs, "seeds", cfg); err != nil {
		t.Errorf("Evaluate with a nil Context: %v", err)
	}
}

// TestReportSaysWhenNoCatalog: without a catalog each article is its own
// event, and the report says so; with one it does not.
func TestReportSaysWhenNoCatalog(t *testing.T) {
	recs, err := labels.SeedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := labels.BuiltinCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cat  labels.Catalog
		want bool
	}{{nil, true}, {cat, false}} {
		cfg := DefaultConfig()
		cfg.Resamples, cfg.Curve, cfg.Catalog = 20, nil, tt.cat
		if tt.cat == nil {
			cfg.GroupBy = ByEvent
		}
		rep, err := Evaluate(recs, "seeds", cfg)
		if err != nil {
			t.Fatal(err)
		}
		var text bytes.Buffer
		if err := rep.Write(&text, Text); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(text.String(), "No catalog names the articles' events"); got != tt.want {
			t.Errorf("catalog %v: report says there is none: %v; want %v", tt.cat != nil, got, tt.want)
		}
	}
}
