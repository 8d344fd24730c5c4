package labels

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sync"
)

// Article describes one article of a labelled corpus: which real event it
// reports, when, in which topic family and style, and which collection it
// belongs to. Evaluation groups its folds by Event (or Topic), so that no
// fold is tested on a story it was trained on.
type Article struct {
	ID         string `json:"article"`
	Collection string `json:"collection"`  // "seeds" or "examples" for the shipped corpus; free for others
	Event      string `json:"event"`       // YYYY-MM-slug, shared by articles on the same event
	EventTitle string `json:"event_title"` // one line saying what happened
	Date       string `json:"date"`        // YYYY-MM-DD
	Topic      string `json:"topic"`       // topic family, e.g. arms-control
	Style      string `json:"style"`       // wire, broadsheet, explainer, …
}

// The shipped collections.
const (
	Seeds    = "seeds"    // the five articles the project was founded on
	Examples = "examples" // articles written for the project, then labelled
)

// Catalog lists articles by id.
type Catalog map[string]Article

// Group returns the key of the article's group at the given level: "event",
// "topic" or "article". An article the catalog does not know, or knows
// without that field, is a group of its own, so nothing is pooled by
// accident. At "topic" an article is grouped by its event's topic family
// (see Groups), so that no event is split between a fold's training and
// test sides when its articles name different families.
func (c Catalog) Group(article, level string) string {
	return c.group(article, level, nil)
}

func (c Catalog) group(article, level string, topics map[string]string) string {
	a, ok := c[article]
	switch {
	case !ok:
		return article
	case level == "event" && a.Event != "":
		return a.Event
	case level == "topic" && a.Topic != "":
		if a.Event == "" {
			return a.Topic
		}
		if topics == nil {
			topics = c.eventTopics()
		}
		return topics[a.Event]
	}
	return article
}

// eventTopics returns the topic family of every event with a topic: the
// family most of its articles name, the alphabetically first of a tie.
// Articles on one event sometimes name different families ("Shayrat
// strike": syria and military-incidents), and grouping them apart would
// test a fold on an event it trained on.
func (c Catalog) eventTopics() map[string]string {
	n := make(map[string]map[string]int)
	for _, a := range c {
		if a.Event == "" || a.Topic == "" {
			continue
		}
		if n[a.Event] == nil {
			n[a.Event] = make(map[string]int)
		}
		n[a.Event][a.Topic]++
	}
	out := make(map[string]string, len(n))
	for e, byTopic := range n {
		best := ""
		for t, k := range byTopic {
			if best == "" || k > byTopic[best] || k == byTopic[best] && t < best {
				best = t
			}
		}
		out[e] = best
	}
	return out
}

// Groups returns the group of every record at the given level (see
// Group).
func (c Catalog) Groups(recs []Record, level string) []string {
	var topics map[string]string
	if level == "topic" {
		topics = c.eventTopics()
	}
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = c.group(r.Article, level, topics)
	}
	return out
}

// Collection returns the article's collection, or "" if it is not known.
func (c Catalog) Collection(article string) string { return c[article].Collection }

// Collections returns the distinct collections of the articles of recs, in
// first-seen order, leaving out articles the catalog does not know.
func (c Catalog) Collections(recs []Record) []string {
	var out []string
	for _, id := range Articles(recs) {
		if col := c[id].Collection; col != "" && !slices.Contains(out, col) {
			out = append(out, col)
		}
	}
	return out
}

// The patterns of an event id and a date, compiled on first need: every
// command links this package, and compiling them took a fiftieth of
// classify's start.
var (
	eventPattern = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(19|20)\d\d-(0[1-9]|1[0-2])-[a-z0-9]+(-[a-z0-9]+)*$`)
	})
	datePattern = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)
	})
)

// ReadCatalog reads a catalog from JSON Lines, one Article a line. Every
// problem is reported as FILE:LINE (up to MaxErrors): invalid JSON, an
// unknown field, a missing id, a malformed event or date, a duplicate id.
// Only "article" is required; an article without an event is its own
// event.
func ReadCatalog(r io.Reader, name string) (Catalog, error) {
	c := make(Catalog)
	first := make(map[string]int)
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if len(b) == 0 {
			continue
		}
		if err := c.add(b, line, first); err != nil {
			if len(errs) < MaxErrors {
				errs = append(errs, &ParseError{File: name, Line: line, Err: err})
			}
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read %s: %w", name, err))
	}
	return c, errors.Join(errs...)
}

func (c Catalog) add(b []byte, line int, first map[string]int) error {
	var a Article
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return problem(ErrSyntax, "invalid JSON: %s", jsonMessage(err))
	}
	switch {
	case a.ID == "":
		return problem(ErrMissingField, `missing field "article"`)
	case a.Event != "" && !eventPattern().MatchString(a.Event):
		return problem(ErrSyntax, "event %q: want YYYY-MM-slug (lower-case words joined by hyphens)", a.Event)
	case a.Date != "" && !datePattern().MatchString(a.Date):
		return problem(ErrSyntax, "date %q: want YYYY-MM-DD", a.Date)
	}
	if l, dup := first[a.ID]; dup {
		return problem(ErrDuplicate, "article %q was first given on line %d", a.ID, l)
	}
	first[a.ID] = line
	c[a.ID] = a
	return nil
}

// BuiltinCatalog returns the catalog of the shipped articles, seeds and
// examples.
func BuiltinCatalog() (Catalog, error) {
	b, err := data.ReadFile("data/catalog.jsonl")
	if err != nil {
		return nil, err
	}
	return ReadCatalog(bytes.NewReader(b), "labels/data/catalog.jsonl")
}

// WriteCatalog writes the articles of c in id order as JSON Lines.
func WriteCatalog(w io.Writer, c Catalog) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	ids := make([]string, 0, len(c))
	for id := range c {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := enc.Encode(c[id]); err != nil {
			return err
		}
	}
	return bw.Flush()
}
