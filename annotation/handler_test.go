package annotation

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// newTestServer serves a session of testData at a random token.
func newTestServer(t *testing.T) (*httptest.Server, string, *Log) {
	t.Helper()
	s, l := newTestSession(t, testData(2, 4, false), filepath.Join(t.TempDir(), "log.jsonl"), testConfig("ann"))
	token, err := NewToken()
	if err != nil || len(token) != 32 {
		t.Fatalf("NewToken = %q, %v", token, err)
	}
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = NewHandler(s, token, srv.Listener.Addr().String())
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, srv.URL + "/" + token + "/", l
}

func do(t *testing.T, method, url, host, body string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func TestHandlerRefuses(t *testing.T) {
	srv, base, _ := newTestServer(t)
	tests := []struct {
		name, method, url, host string
	}{
		{"no token", "GET", srv.URL + "/", ""},
		{"no token, API", "GET", srv.URL + "/api/state", ""},
		{"wrong token", "GET", srv.URL + "/0123456789abcdef0123456789abcdef/api/state", ""},
		{"token cut short", "GET", base[:len(base)-5] + "/api/state", ""},
		{"token as a query", "GET", srv.URL + "/api/state?token=" + strings.TrimSuffix(base[len(srv.URL)+1:], "/"), ""},
		{"other host", "GET", base + "api/state", "evil.example:80"},
		{"rebinding host, same port", "GET", base + "api/state", "evil.example" + srv.URL[strings.LastIndex(srv.URL, ":"):]},
		{"other host, POST", "POST", base + "api/undo", "attacker.test"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code, body, _ := do(t, tc.method, tc.url, tc.host, ""); code != http.StatusForbidden {
				t.Errorf("%s %s (Host %q): %d %s; want 403", tc.method, tc.url, tc.host, code, body)
			}
		})
	}
	// localhost on the same port is the same server.
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	if code, _, _ := do(t, "GET", base+"api/state", "localhost"+port, ""); code != http.StatusOK {
		t.Errorf("Host localhost%s: %d", port, code)
	}
}

func TestHandlerPage(t *testing.T) {
	_, base, _ := newTestServer(t)
	code, body, h := do(t, "GET", base, "", "")
	if code != 200 || !strings.Contains(body, `<script src="app.js">`) || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("page: %d %v\n%s", code, h, body)
	}
	for _, f := range []string{"app.js", "style.css"} {
		if code, body, _ := do(t, "GET", base+f, "", ""); code != 200 || len(body) < 500 {
			t.Errorf("%s: %d, %d bytes", f, code, len(body))
		}
	}
	if code, body, _ := do(t, "GET", base+"api/codebook", "", ""); code != 200 || !strings.HasPrefix(body, "# Codebook") {
		t.Errorf("codebook: %d %.40q", code, body)
	}
	if code, _, _ := do(t, "GET", strings.TrimSuffix(base, "/"), "", ""); code != 200 { // redirected to base
		t.Errorf("token without the slash: %d", code)
	}
	if code, _, _ := do(t, "GET", base+"../../etc/passwd", "", ""); code == 200 {
		t.Error("path outside the page served")
	}
}

// TestHandlerAPI labels, skips and undoes through the JSON API and checks
// the log after each call.
func TestHandlerAPI(t *testing.T) {
	_, base, l := newTestServer(t)
	state := func(body string) View {
		t.Helper()
		var v View
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("state: %v\n%s", err, body)
		}
		return v
	}
	code, body, _ := do(t, "GET", base+"api/state", "", "")
	v := state(body)
	if code != 200 || v.Item == nil || v.Annotator != "ann" || len(v.Keys) != 6 || v.Keys[3].Key != "q" {
		t.Fatalf("state: %d %s", code, body)
	}
	it := v.Item
	req := func(stance, sentiment string) string {
		b, _ := json.Marshal(map[string]any{"article": it.Article, "index": it.Index, "stance": stance, "sentiment": sentiment})
		return string(b)
	}
	code, body, _ = do(t, "POST", base+"api/label", "", req("opening", "neutrl"))
	if code != 400 || !strings.Contains(body, `unknown sentiment \"neutrl\" (did you mean \"neutral\"?)`) || len(l.Entries()) != 0 {
		t.Errorf("unknown label: %d %s", code, body)
	}
	code, body, _ = do(t, "POST", base+"api/label", "", `{"article":"art0","index":0,"stance":"opening","sentiment":"neutral","extra":1}`)
	if code != 400 {
		t.Errorf("unknown field: %d %s", code, body)
	}
	code, body, _ = do(t, "POST", base+"api/label", "", req("opening", "neutral"))
	if code != 200 || len(l.Entries()) != 1 || l.Entries()[0].Stance != "opening" {
		t.Fatalf("label: %d %s; log %+v", code, body, l.Entries())
	}
	if v = state(body); v.Progress.Labelled != 1 || (v.Item.Article == it.Article && v.Item.Index == it.Index) {
		t.Errorf("after label: %+v", v.Progress)
	}
	// The same answer again (a second tab, a double click): refused.
	code, body, _ = do(t, "POST", base+"api/label", "", req("opening", "neutral"))
	if code != 409 || !strings.Contains(body, "not the sentence on screen") || len(l.Entries()) != 1 {
		t.Errorf("stale label: %d %s", code, body)
	}
	it = v.Item
	code, _, _ = do(t, "POST", base+"api/skip", "", fmt.Sprintf(`{"article":%q,"index":%d}`, it.Article, it.Index))
	if code != 200 || len(l.Entries()) != 2 || l.Entries()[1].Op != OpSkip {
		t.Errorf("skip: %d; log %+v", code, l.Entries())
	}
	for i, want := range []int{200, 200, 409} {
		code, body, _ = do(t, "POST", base+"api/undo", "", "")
		if code != want {
			t.Errorf("undo %d: %d %s; want %d", i+1, code, body, want)
		}
	}
	if n := len(l.Entries()); n != 4 || l.Entries()[3].Op != OpRetract {
		t.Errorf("log after undos: %+v", l.Entries())
	}
	code, body, _ = do(t, "GET", base+"api/article?id=art0", "", "")
	var av ArticleView
	if json.Unmarshal([]byte(body), &av); code != 200 || len(av.Sentences) != 4 {
		t.Errorf("article: %d %s", code, body)
	}
	if code, _, _ := do(t, "GET", base+"api/article?id=nope", "", ""); code != 404 {
		t.Errorf("unknown article: %d", code)
	}
	if code, _, _ := do(t, "GET", base+"api/label", "", ""); code != 404 {
		t.Errorf("GET api/label: %d", code)
	}
}

// TestHandlerDoubleSubmit: the same answer sent many times at once (a
// double click, two tabs) is written once; the rest are told it is no
// longer the sentence on screen.
func TestHandlerDoubleSubmit(t *testing.T) {
	_, base, l := newTestServer(t)
	_, body, _ := do(t, "GET", base+"api/state", "", "")
	var v View
	json.Unmarshal([]byte(body), &v)
	req := fmt.Sprintf(`{"article":%q,"index":%d,"stance":"neutral","sentiment":"neutral"}`, v.Item.Article, v.Item.Index)
	codes := make(chan int, 8)
	for range 8 {
		go func() {
			res, err := http.Post(base+"api/label", "application/json", strings.NewReader(req))
			if err != nil {
				codes <- 0
				return
			}
			res.Body.Close()
			codes <- res.StatusCode
		}()
	}
	n := map[int]int{}
	for range 8 {
		n[<-codes]++
	}
	if n[200] != 1 || n[409] != 7 || len(l.Entries()) != 1 {
		t.Errorf("status codes %v, %d log entries; want one 200, seven 409, one entry", n, len(l.Entries()))
	}
}
