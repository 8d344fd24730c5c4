package agreement

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// rec is a record with both labels.
func rec(article string, index int, text, stance, sentiment string) labels.Record {
	return labels.Record{Article: article, Index: index, Text: text, Stance: stance, Sentiment: sentiment}
}

func TestFromRecords(t *testing.T) {
	alice := []labels.Record{
		rec("b", 0, "Talks resumed.", "opening", "positive"),
		rec("a", 1, "Moscow rejected the offer.", "obstacle", "negative"),
		rec("a", 0, "They met.", "", "neutral"), // no stance: missing
	}
	bob := []labels.Record{
		rec("a", 0, "They met.", "neutral", "neutral"),
		rec("a", 1, "Moscow rejected the offer.", "obstacle", ""),
		rec("a", 2, "Only Bob has this one.", "neutral", "neutral"),
	}
	d, err := FromRecords(labels.Stance, []Annotation{{"alice", alice}, {"bob", bob}})
	if err != nil {
		t.Fatal(err)
	}
	var units []string
	for _, u := range d.Units() {
		units = append(units, u.String())
	}
	if want := []string{"a #0", "a #1", "a #2", "b #0"}; !slices.Equal(units, want) {
		t.Errorf("units %q; want %q (by article, then index)", units, want)
	}
	want := [][]string{{"", "neutral"}, {"obstacle", "obstacle"}, {"", "neutral"}, {"opening", ""}}
	for u, row := range want {
		for c, l := range row {
			if got := d.Label(u, c); got != l {
				t.Errorf("Label(%d, %d) = %q; want %q", u, c, got, l)
			}
		}
	}
	if got := d.Units()[1].Text; got != "Moscow rejected the offer." {
		t.Errorf("unit a #1 text %q", got)
	}
	if got, want := d.Categories(), labels.Stance.Labels(); !slices.Equal(got, want) {
		t.Errorf("Categories() = %q; want %q", got, want)
	}
	if n := d.Counts(); n != (Counts{Units: 4, Pairable: 1, Complete: 1, Labels: 5}) {
		t.Errorf("Counts() = %+v", n)
	}

	s, err := FromRecords(labels.Sentiment, []Annotation{{"alice", alice}, {"bob", bob}})
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Counts(); n.Pairable != 1 || n.Labels != 5 {
		t.Errorf("sentiment Counts() = %+v; want 1 pairable unit, 5 labels", n)
	}
}

func TestFromRecordsErrors(t *testing.T) {
	good := []labels.Record{rec("a", 3, "Moscow rejected the offer.", "obstacle", "negative")}
	tests := []struct {
		name string
		anns []Annotation
		is   error    // sentinel the error wraps, if any
		says []string // parts of the message
	}{
		{
			name: "different text",
			anns: []Annotation{
				{"alice.jsonl", good},
				{"bob.jsonl", []labels.Record{rec("a", 3, "They met.", "neutral", "neutral")}},
			},
			is:   ErrTextMismatch,
			says: []string{`article "a" index 3`, `"alice.jsonl"`, `"bob.jsonl"`, `"Moscow rejected the offer." vs "They met."`},
		},
		{
			name: "unknown label",
			anns: []Annotation{{"alice", good}, {"bob", []labels.Record{rec("a", 3, "Moscow rejected the offer.", "obstcle", "")}}},
			is:   labels.ErrUnknownLabel,
			says: []string{`coder "bob"`, `article "a" index 3`, `stance "obstcle" (did you mean "obstacle"?)`},
		},
		{
			name: "duplicate sentence",
			anns: []Annotation{{"alice", append(slices.Clone(good), good[0])}},
			is:   labels.ErrDuplicate,
			says: []string{`coder "alice"`, `article "a" index 3`},
		},
		{
			name: "coder twice",
			anns: []Annotation{{"alice", good}, {"alice", good}},
			says: []string{`coder "alice" given twice`},
		},
		{
			name: "no coder name",
			anns: []Annotation{{"", good}},
			says: []string{"coder 1 has an empty name"},
		},
		{
			name: "no annotations",
			says: []string{"no coder given"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromRecords(labels.Stance, tt.anns)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q does not wrap %q", err, tt.is)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	cats := []string{"x", "y"}
	tests := []struct {
		name       string
		cats, cods []string
		rows       [][]string
		is         error
		says       string
	}{
		{"unknown label", cats, []string{"a", "b"}, [][]string{{"x", "z"}}, labels.ErrUnknownLabel, `unit 0, coder "b": unknown label "z"`},
		{"short row", cats, []string{"a", "b"}, [][]string{{"x"}}, nil, "unit 0: 1 labels for 2 coders"},
		{"category twice", []string{"x", "x"}, []string{"a"}, nil, nil, `category "x" given twice`},
		{"empty category", []string{"x", ""}, []string{"a"}, nil, nil, "category 2 has an empty name"},
		{"no categories", nil, []string{"a"}, nil, nil, "no category given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cats, tt.cods, tt.rows)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q does not wrap %q", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
		})
	}
}
