package annotation

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"strings"

	"github.com/stance-nlp/stance/labels"
)

// page holds the labelling page: HTML, script and style, no build step and
// nothing fetched at run time.
//
//go:embed page
var page embed.FS

// NewToken returns a random token for the page's URL: 128 bits, hex.
func NewToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Handler serves the labelling page of one session and its JSON API, all
// under /TOKEN/. A request without the token, or with a Host header other
// than the address the server listens on (as a DNS-rebinding page would
// send), is refused with 403: the page writes to the user's files, so no
// other web page or user of the machine may drive it.
//
//	GET  /TOKEN/                      the page (also app.js, style.css)
//	GET  /TOKEN/api/state             the View
//	POST /TOKEN/api/label             {"article","index","stance","sentiment"} -> View
//	POST /TOKEN/api/skip              {"article","index"} -> View
//	POST /TOKEN/api/undo              -> View
//	GET  /TOKEN/api/article?id=ID     the ArticleView
//	GET  /TOKEN/api/codebook          the codebook, Markdown
//
// An error is {"error": message, "state": View} with 400 (bad request),
// 409 (not the sentence on screen; nothing to undo) or 500 (the log could
// not be written: the answer was not saved).
type Handler struct {
	s      *Session
	prefix string
	hosts  []string
	static http.Handler
}

// NewHandler returns the handler for session s, reached at
// http://ADDR/TOKEN/ where addr is the host:port the server listens on.
func NewHandler(s *Session, token, addr string) *Handler {
	hosts := []string{addr}
	if _, port, err := net.SplitHostPort(addr); err == nil {
		hosts = append(hosts, net.JoinHostPort("localhost", port), net.JoinHostPort("127.0.0.1", port))
	}
	sub, _ := fs.Sub(page, "page")
	return &Handler{s: s, prefix: "/" + token + "/", hosts: hosts, static: http.FileServerFS(sub)}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer") // the URL holds the token
	w.Header().Set("Cache-Control", "no-store")
	if !h.hostAllowed(r.Host) {
		http.Error(w, "forbidden: wrong host", http.StatusForbidden)
		return
	}
	path := r.URL.Path
	if subtle.ConstantTimeCompare([]byte(path+"/"), []byte(h.prefix)) == 1 {
		http.Redirect(w, r, h.prefix, http.StatusFound)
		return
	}
	if len(path) < len(h.prefix) || subtle.ConstantTimeCompare([]byte(path[:len(h.prefix)]), []byte(h.prefix)) != 1 {
		http.Error(w, "forbidden: open the address stance label printed, token included", http.StatusForbidden)
		return
	}
	rest := path[len(h.prefix):]
	switch {
	case rest == "api/state" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, h.s.View())
	case rest == "api/label" && r.Method == http.MethodPost:
		var req struct {
			Article   string `json:"article"`
			Index     int    `json:"index"`
			Stance    string `json:"stance"`
			Sentiment string `json:"sentiment"`
		}
		if h.decode(w, r, &req) {
			h.answer(w, h.s.Label(Key{req.Article, req.Index}, req.Stance, req.Sentiment))
		}
	case rest == "api/skip" && r.Method == http.MethodPost:
		var req struct {
			Article string `json:"article"`
			Index   int    `json:"index"`
		}
		if h.decode(w, r, &req) {
			h.answer(w, h.s.Skip(Key{req.Article, req.Index}))
		}
	case rest == "api/undo" && r.Method == http.MethodPost:
		h.answer(w, h.s.Undo())
	case rest == "api/article" && r.Method == http.MethodGet:
		av, ok := h.s.Article(r.URL.Query().Get("id"))
		if !ok {
			h.fail(w, http.StatusNotFound, errors.New("no such article"))
			return
		}
		writeJSON(w, http.StatusOK, av)
	case rest == "api/codebook" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Write([]byte(labels.Codebook()))
	case strings.HasPrefix(rest, "api/"):
		h.fail(w, http.StatusNotFound, errors.New("no such call: "+r.Method+" "+rest))
	case r.Method == http.MethodGet && (rest == "" || rest == "app.js" || rest == "style.css"):
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + rest
		h.static.ServeHTTP(w, r2)
	default:
		http.NotFound(w, r)
	}
}

// hostAllowed reports whether the Host header names the server itself.
func (h *Handler) hostAllowed(host string) bool {
	for _, a := range h.hosts {
		if strings.EqualFold(host, a) {
			return true
		}
	}
	return false
}

// decode reads a small JSON request body into v, answering 400 if it
// cannot.
func (h *Handler) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		h.fail(w, http.StatusBadRequest, errors.New("bad request: "+err.Error()))
		return false
	}
	return true
}

// answer writes the new state after an action, or the action's error.
func (h *Handler) answer(w http.ResponseWriter, err error) {
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, h.s.View())
	case errors.Is(err, ErrNotCurrent), errors.Is(err, ErrNothingToUndo):
		h.fail(w, http.StatusConflict, err)
	case errors.Is(err, labels.ErrUnknownLabel), errors.Is(err, labels.ErrMissingField):
		h.fail(w, http.StatusBadRequest, err)
	default:
		h.fail(w, http.StatusInternalServerError, err)
	}
}

func (h *Handler) fail(w http.ResponseWriter, code int, err error) {
	v := h.s.View()
	writeJSON(w, code, struct {
		Error string `json:"error"`
		State View   `json:"state"`
	}{err.Error(), v})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
