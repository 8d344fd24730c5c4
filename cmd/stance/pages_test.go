package main

import (
	"bytes"
	"context"
	"encoding/json"

	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/stance-nlp/stance/labels"
)

// pageChecks runs in the page and returns what is wrong with it, as JSON:
// elements that stick out of the viewport (unless a box that scrolls or
// clips holds them), a page that scrolls sideways, and SVG charts with
// nothing drawn.
const pageChecks = `(() => {
  const vw = document.documentElement.clientWidth;
  const held = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className : "") + " " + (el.textContent || "").trim().slice(0, 40);
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if ((r.right > vw + 0.5 || r.left < -0.5) && !held(el)) wide.push(name(el) + " spans " + Math.round(r.left) + ".." + Math.round(r.right));
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) wide.push("the page is " + root.scrollWidth + " px wide");
  const svgs = [...document.querySelectorAll("svg")];
  const empty = svgs.filter(s => {
    const b = s.getBBox();
    return s.querySelectorAll("path,line,rect,circle,polyline,polygon").length === 0 || b.width < 1 || b.height < 1 || s.getBoundingClientRect().width < 1;
  }).map(s => s.getAttribute("aria-label") || "an svg");
  return JSON.stringify({wide: wide.slice(0, 20), empty, svgs: svgs.length, width: vw});
})()`

// TestPagesInBrowser renders the HTML pages stance writes (evaluation
// reports, with --leakage compare and of a saved model; summaries over
// time, by outlet and by outlet and quarter) in headless Chromium at a
// width of 800 px, and fails if the page throws a JavaScript error, if
// any element is wider than the viewport (tables scroll in their own
// box), or if an SVG chart has nothing in it. A page made to fail every
// check shows that the checks can fail. Without Chromium it skips, except
// in CI (CI set), where .ci/run installs it.
//
// STANCE_SCREENSHOT_DIR=dir go test ./cmd/stance -run PagesInBrowser
// saves a screenshot of each page there.
func TestPagesInBrowser(t *testing.T) {
	chromium := needChromium(t)
	dir := t.TempDir()
	model, err := seedsModel()
	if err != nil {
		t.Fatal(err)
	}
	seeds := filepath.Join("..", "..", "labels", "data", "sentences.jsonl")
	tagged := []string{filepath.Join("..", "..", "summary", "testdata", "tagged-1.jsonl"), filepath.Join("..", "..", "summary", "testdata", "tagged-2.jsonl")}
	pages := []struct {
		name       string
		args       []string // nil: the page is written by hand (a check of the checks)
		wantSVG    int      // at least
		wantInText string
		bad        []string // what the checks must find
	}{
		{name: "bad", wantInText: "A bad page", bad: []string{"boom", "table", "the page is", "empty chart"}},
		{"eval-compare", []string{"eval", "--data", seeds, "--leakage", "compare", "--resamples", "100"}, 8, "Contents", nil},
		{"eval-many-folds", []string{"eval", "--data", manyArticles(t, dir, 60), "--resamples", "100"}, 8, "lowest score first", nil},
		{"test", []string{"test", "--model", model, "--data", seeds, "--resamples", "100"}, 6, "Contents", nil}, // and a chart by event per target
		{"summary-month", append([]string{"summarize", "--by", "date:month"}, tagged...), 2, "Net stance (opening − obstacle) by month", nil},
		{"summary-outlet", append([]string{"summarize", "--by", "outlet"}, tagged...), 2, "Share of each stance label", nil},
		{"summary-outlet-quarter", append([]string{"summarize", "--by", "outlet,date:quarter"}, tagged...), 1, "by quarter", nil},
	}
	badPage := `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>A bad page</p>
<table style="width:1200px"><tr><td>too wide</td></tr></table>
<svg role="img" aria-label="empty chart" width="300" height="100"></svg>
<script>throw new Error("boom")</script></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "bad.html"), []byte(badPage), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range pages {
		p := &pages[i]
		if p.args == nil {
			continue
		}
		path := filepath.Join(dir, p.name+".html")
		args := append(p.args, "--format", "html", "-o", path)
		if _, stderr, code := runStance(t, "", args...); code != 0 {
			t.Fatalf("stance %q: exit %d\n%s", args, code, stderr)
		}
	}

	ctx := startBrowser(t, chromium, 800, 1000)
	shots := os.Getenv("STANCE_SCREENSHOT_DIR")
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			// The console's messages, an uncaught exception among them,
			// from before the page loads.
			lctx, stop := context.WithCancel(ctx)
			var mu sync.Mutex
			var messages []string
			done := make(chan struct{})
			console := chromedp.Console(lctx)
			go func() {
				defer close(done)
				for m, err := range console {
					if err != nil {
						return
					}
					if m.IsException() || m.Type == chromedp.ConsoleError {
						mu.Lock()
						messages = append(messages, m.String())
						mu.Unlock()
					}
				}
			}()
			sctx, scancel := context.WithTimeout(ctx, 60*time.Second)
			defer scancel()
			u := (&url.URL{Scheme: "file", Path: mustAbs(t, filepath.Join(dir, p.name+".html"))}).String()
			if err := chromedp.Do(sctx, chromedp.EmulateViewport(800, 1000), chromedp.Navigate(u), chromedp.WaitReady("body")); err != nil {
				t.Fatalf("load %s: %v", u, err)
			}
			res, err := chromedp.Run(sctx, chromedp.Evaluate[string](pageChecks))
			if err != nil {
				t.Fatalf("checks: %v", err)
			}
			text, err := chromedp.Run(sctx, chromedp.Evaluate[string](`document.body.innerText`))
			if err != nil {
				t.Fatal(err)
			}
			if shots != "" {
				png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100)) // quality 100 is PNG
				if err == nil {
					err = os.WriteFile(filepath.Join(shots, p.name+".png"), png, 0o644)
				}
				if err != nil {
					t.Errorf("screenshot: %v", err)
				}
			}
			time.Sleep(100 * time.Millisecond) // late console messages
			stop()
			<-done
			var got struct {
				Wide  []string `json:"wide"`
				Empty []string `json:"empty"`
				SVGs  int      `json:"svgs"`
				Width int      `json:"width"`
			}
			if err := json.Unmarshal([]byte(res), &got); err != nil {
				t.Fatalf("checks gave %q: %v", res, err)
			}
			if got.Width < 700 || got.Width > 800 {
				t.Errorf("the viewport is %d px wide; want 800 less a scroll bar", got.Width)
			}
			if p.bad != nil {
				found := strings.Join(append(append(messages, got.Wide...), got.Empty...), "\n")
				for _, want := range p.bad {
					if !strings.Contains(found, want) {
						t.Errorf("the checks miss %q on a page made to fail them; they found:\n%s", want, found)
					}
				}
				return
			}
			if len(messages) > 0 {
				t.Errorf("JavaScript errors:\n%s", strings.Join(messages, "\n"))
			}
			if len(got.Wide) > 0 {
				t.Errorf("wider than the %d px viewport:\n%s", got.Width, strings.Join(got.Wide, "\n"))
			}
			if len(got.Empty) > 0 {
				t.Errorf("SVG charts with nothing drawn: %q", got.Empty)
			}
			if got.SVGs < p.wantSVG {
				t.Errorf("%d SVG charts; want at least %d", got.SVGs, p.wantSVG)
			}
			if !strings.Contains(text, p.wantInText) {
				t.Errorf("the page does not show %q", p.wantInText)
			}
		})
	}
}

// manyArticles writes the labelled sentences of the first n example
// articles to a file in dir and returns its path: held out by article,
// an evaluation of n folds.
func manyArticles(t *testing.T, dir string, n int) string {
	t.Helper()
	recs, err := labels.ExampleCorpus()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := labels.NewWriter(&b)
	seen := make(map[string]bool)
	for _, r := range recs {
		if !seen[r.Article] && len(seen) == n {
			break
		}
		seen[r.Article] = true
		w.Write(r)
	}
	w.Flush()
	path := filepath.Join(dir, "many.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
