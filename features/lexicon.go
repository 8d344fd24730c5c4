package features

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stance-nlp/stance/labels"
)

// Phrase is one entry of a phrase list: a run of normalised tokens (as
// Tokenize writes them, joined by single spaces) and the tag it stands for,
// such as the actor "US" or the cue label "obstacle".
type Phrase struct {
	Tag  string `json:"tag"`
	Text string `json:"text"`
}

//go:embed lexicon/actors.txt lexicon/cues.txt
var lexicons embed.FS

// BuiltinActors returns the actor aliases shipped in lexicon/actors.txt.
func BuiltinActors() []Phrase { return mustShipped("lexicon/actors.txt", actorTags) }

// BuiltinCues returns the cue lexicon shipped in lexicon/cues.txt.
func BuiltinCues() []Phrase { return mustShipped("lexicon/cues.txt", cueTags) }

func mustShipped(name string, tags []string) []Phrase {
	f, err := lexicons.Open(name)
	if err != nil {
		panic(err) // embedded: cannot be missing
	}
	defer f.Close()
	p, err := ReadPhrases(f, "features/"+name, tags)
	if err != nil {
		panic(err) // the shipped files are checked by TestShippedLexicons
	}
	return p
}

var (
	actorTags = []string{"US", "RU"}
	cueTags   = []string{labels.Stance.Negative(), labels.Stance.Positive()}
)

// ActorTags and CueTags are the tags an actor or cue file may use.
func ActorTags() []string { return append([]string(nil), actorTags...) }
func CueTags() []string   { return append([]string(nil), cueTags...) }

// ReadPhrases reads a phrase file: one "TAG<TAB>phrase" a line, "#" comments
// and blank lines ignored. Each phrase is normalised with Tokenize so it
// matches text the way the extractor sees it ("didn't" -> "did n't"); in an
// actor file, one whose tags include "US", the word "us" means the country
// and is written u.s. A phrase holding punctuation ("common, enemy", "no
// deal—yet") is refused, since phrases never match across punctuation.
//
// Every problem is reported as a *labels.ParseError (FILE:LINE: problem),
// joined with errors.Join, up to labels.MaxErrors; then reading stops,
// since a file with that many problems is not a phrase file (a binary
// file, /dev/urandom) and reading on would only print more.
// A line may be at most maxPhraseLine bytes long, and a quoted line is cut
// to a few dozen characters, so an error stays a few kB whatever was read.
func ReadPhrases(r io.Reader, name string, tags []string) ([]Phrase, error) {
	var out []Phrase
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxPhraseLine)
	n := 0
	country := contains(tags, "US")
	var tk tokenizer
	// fail records a problem of line n and reports whether to read on.
	fail := func(format string, args ...any) bool {
		if len(errs) == labels.MaxErrors {
			errs = append(errs, &labels.ParseError{File: name, Line: n, Err: fmt.Errorf("more problems; stopped reading after %d (is it a phrase file?)", labels.MaxErrors)})
			return false
		}
		errs = append(errs, &labels.ParseError{File: name, Line: n, Err: fmt.Errorf(format, args...)})
		return true
	}
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			if strings.HasPrefix(line, "\xff\xfe") || strings.HasPrefix(line, "\xfe\xff") {
				fail("the file is UTF-16 (byte-order mark %X); stance reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8", line[:2])
				break
			}
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		tag, text, ok := strings.Cut(line, "\t")
		if !ok {
			if !fail("want TAG<TAB>phrase, got %s", quoteShort(line)) {
				break
			}
			continue
		}
		tag = strings.TrimSpace(tag)
		if !contains(tags, tag) {
			if !fail("unknown tag %s (want one of %v)", quoteShort(tag), tags) {
				break
			}
			continue
		}
		tk.tokenize(text)
		words := make([]string, 0, len(tk.toks))
		punct := false
		for _, sp := range tk.toks {
			w := string(tk.buf[sp.start:sp.end])
			if sp.kind == Punct {
				punct = true
			}
			if w == "us" && country {
				w = "u.s."
			}
			words = append(words, w)
		}
		if len(words) == 0 {
			if !fail("empty phrase") {
				break
			}
			continue
		}
		if punct {
			if !fail("phrase %s contains punctuation, which never matches", quoteShort(strings.TrimSpace(text))) {
				break
			}
			continue
		}
		out = append(out, Phrase{Tag: tag, Text: strings.Join(words, " ")})
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, &labels.ParseError{File: name, Line: n + 1, Err: err})
	}
	return out, errors.Join(errs...)
}

// maxPhraseLine is the longest line ReadPhrases reads; a phrase is a few
// words.
const maxPhraseLine = 1 << 20

// quoteShort quotes s, cut to its first 60 characters (then "…").
func quoteShort(s string) string {
	const most = 60
	if utf8.RuneCountInString(s) <= most {
		return strconv.Quote(s)
	}
	i := 0
	for k := 0; k < most; k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return strconv.Quote(s[:i]) + "…"
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// matcher finds phrases in a token sequence, longest match first.
type matcher struct {
	byFirst map[string][]entry // first word -> entries, longest first
}

type entry struct {
	words []string
	tag   string
}

// newMatcher indexes ps by first word. It runs at every start (the
// built-in settings hold some 500 phrases), so the entries share one
// slice, each first word's together, and their words share another.
func newMatcher(ps []Phrase) *matcher {
	entries := make([]entry, len(ps))
	words := make([]string, 0, 2*len(ps))
	count := make(map[string]int, len(ps))
	for i, p := range ps {
		start := len(words)
		for w := range strings.FieldsSeq(p.Text) {
			words = append(words, w)
		}
		entries[i] = entry{words[start:len(words):len(words)], p.Tag}
		count[entries[i].words[0]]++
	}
	m := &matcher{byFirst: make(map[string][]entry, len(count))}
	all := make([]entry, 0, len(entries))
	for _, e := range entries {
		w := e.words[0]
		es, ok := m.byFirst[w]
		if !ok { // the first of w's entries: room for them all
			n := len(all)
			all = all[:n+count[w]]
			es = all[n:n:len(all)]
		}
		m.byFirst[w] = append(es, e)
	}
	// Longest first; equal lengths keep file order, so the first entry of
	// a phrase listed twice wins.
	for _, es := range m.byFirst {
		if len(es) > 1 {
			slices.SortStableFunc(es, func(a, b entry) int { return len(b.words) - len(a.words) })
		}
	}
	return m
}

// match returns the tag and length of the longest of the phrases es (all
// starting with items[i]'s word) found at items[i], or "", 0. Phrases
// never span punctuation.
func match(es []entry, items []item, i int) (string, int) {
	for _, e := range es {
		if i+len(e.words) > len(items) {
			continue
		}
		ok := true
		for k := 1; k < len(e.words); k++ {
			it := items[i+k]
			if it.kind != Word || it.info.word != e.words[k] {
				ok = false
				break
			}
		}
		if ok {
			return e.tag, len(e.words)
		}
	}
	return "", 0
}
