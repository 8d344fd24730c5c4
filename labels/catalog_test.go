package labels

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestShippedCatalog checks that every shipped article is catalogued with
// an event, a date, a topic and a style, and that every catalogued article
// ships.
func TestShippedCatalog(t *testing.T) {
	c, err := BuiltinCatalog()
	if err != nil {
		t.Fatal(err)
	}
	ids := ArticleIDs()
	for _, id := range ids {
		a, ok := c[id]
		if !ok {
			t.Errorf("article %s is not in the catalog", id)
			continue
		}
		if a.Event == "" || a.Date == "" || a.Topic == "" || a.Style == "" || a.EventTitle == "" {
			t.Errorf("article %s: catalog entry incomplete: %+v", id, a)
		}
		if a.Collection != Seeds && a.Collection != Examples {
			t.Errorf("article %s: collection %q, want seeds or examples", id, a.Collection)
		}
		if d := monthsApart(a.Date, a.Event); d > 18 {
			t.Errorf("article %s: date %s is %d months from event %s", id, a.Date, d, a.Event)
		}
	}
	if len(c) != len(ids) {
		t.Errorf("catalog lists %d articles; %d ship", len(c), len(ids))
	}
	recs, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range Articles(recs) {
		if _, ok := c[id]; !ok {
			t.Errorf("labelled article %s is not in the catalog", id)
		}
	}
}

// monthsApart is the distance in months between the YYYY-MM prefixes of a
// and b.
func monthsApart(a, b string) int {
	var ya, ma, yb, mb int
	fmt.Sscanf(a, "%d-%d", &ya, &ma)
	fmt.Sscanf(b, "%d-%d", &yb, &mb)
	d := (ya*12 + ma) - (yb*12 + mb)
	if d < 0 {
		d = -d
	}
	return d
}

func TestReadCatalog(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		kind     error
		line     string
	}{
		{"ok", `{"article":"a","event":"2010-04-new-start","date":"2010-04-08","topic":"arms-control"}`, nil, ""},
		{"only id", `{"article":"a"}`, nil, ""},
		{"bom and blank lines", "\uFEFF{\"article\":\"a\"}\n\n{\"article\":\"b\"}\n", nil, ""},
		{"no id", `{"event":"2010-04-x"}`, ErrMissingField, "f:1:"},
		{"bad event", `{"article":"a","event":"April 2010"}`, ErrSyntax, "f:1:"},
		{"bad date", "{\"article\":\"a\"}\n{\"article\":\"b\",\"date\":\"2010-13-01\"}", ErrSyntax, "f:2:"},
		{"unknown field", `{"article":"a","evnt":"2010-04-x"}`, ErrSyntax, "f:1:"},
		{"duplicate", "{\"article\":\"a\"}\n{\"article\":\"a\"}", ErrDuplicate, "f:2:"},
		{"not JSON", `article a`, ErrSyntax, "f:1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCatalog(strings.NewReader(tc.in), "f")
			if tc.kind == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.line) {
				t.Fatalf("err = %v; want %v at %s", err, tc.kind, tc.line)
			}
		})
	}
}

func TestCatalogGroup(t *testing.T) {
	c := Catalog{"a": {ID: "a", Event: "2010-04-x", Topic: "arms"}, "b": {ID: "b"}}
	for _, tc := range []struct{ article, level, want string }{
		{"a", "event", "2010-04-x"},
		{"a", "topic", "arms"},
		{"a", "article", "a"},
		{"b", "event", "b"},
		{"unknown", "event", "unknown"},
	} {
		if got := c.Group(tc.article, tc.level); got != tc.want {
			t.Errorf("Group(%q, %q) = %q; want %q", tc.article, tc.level, got, tc.want)
		}
	}
}

// TestTopicGroupsKeepEventsWhole: at "topic", every article of an event
// goes to its event's family (the one most of its articles name, the
// alphabetically first of a tie), so a topic fold never trains on an
// event it tests; an article without an event keeps its own family.
func TestTopicGroupsKeepEventsWhole(t *testing.T) {
	c := Catalog{
		"a1": {ID: "a1", Event: "2017-04-shayrat-strike", Topic: "syria"},
		"a2": {ID: "a2", Event: "2017-04-shayrat-strike", Topic: "military-incidents"},
		"a3": {ID: "a3", Event: "2017-04-shayrat-strike", Topic: "syria"},
		"b1": {ID: "b1", Event: "2018-02-khasham-clash", Topic: "syria"},
		"b2": {ID: "b2", Event: "2018-02-khasham-clash", Topic: "military-incidents"},
		"c1": {ID: "c1", Topic: "arctic"},
	}
	recs := []Record{{Article: "a1"}, {Article: "a2"}, {Article: "a3"}, {Article: "b1"}, {Article: "b2"}, {Article: "c1"}, {Article: "zz"}}
	got := c.Groups(recs, "topic")
	want := []string{"syria", "syria", "syria", "military-incidents", "military-incidents", "arctic", "zz"}
	if !slices.Equal(got, want) {
		t.Errorf("Groups(topic) = %q; want %q", got, want)
	}
	for i, r := range recs {
		if g := c.Group(r.Article, "topic"); g != want[i] {
			t.Errorf("Group(%s, topic) = %q; want %q", r.Article, g, want[i])
		}
	}
}
