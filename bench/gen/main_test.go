package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

func gen(t *testing.T, args ...string) []byte {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(args, &out, &errOut); err != nil {
		t.Fatalf("run(%q) = %v; stderr: %s", args, err, errOut.String())
	}
	return out.Bytes()
}

func TestSentences(t *testing.T) {
	a := gen(t, "-n", "500", "-seed", "7")
	if b := gen(t, "-n", "500", "-seed", "7"); !bytes.Equal(a, b) {
		t.Error("two runs with -seed 7 differ; want the same bytes")
	}
	if c := gen(t, "-n", "500", "-seed", "8"); bytes.Equal(a, c) {
		t.Error("-seed 7 and -seed 8 give the same bytes")
	}
	if n := bytes.Count(a, []byte("\n")); n != 500 {
		t.Errorf("-n 500 wrote %d lines; want 500", n)
	}
}

// TestNoReplace checks that with -replace 0 every line is a corpus
// sentence, its spaces normalised.
func TestNoReplace(t *testing.T) {
	recs, err := labels.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	known := make(map[string]bool)
	for _, r := range recs {
		known[strings.Join(strings.Fields(r.Text), " ")] = true
	}
	out := strings.TrimSuffix(string(gen(t, "-n", "200", "-replace", "0")), "\n")
	for i, l := range strings.Split(out, "\n") {
		if !known[l] {
			t.Errorf("-replace 0: line %d = %q; want a corpus sentence", i+1, l)
		}
	}
}

func TestLong(t *testing.T) {
	for _, n := range []int{1, 2, 147, 148, 149, 1000, 100_000} {
		out := gen(t, "-long", strconv.Itoa(n))
		if len(out) != n+1 || bytes.IndexByte(out, '\n') != n {
			t.Errorf("-long %d wrote %d bytes, first newline at %d; want %d bytes then a newline",
				n, len(out), bytes.IndexByte(out, '\n'), n)
		}
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-n", "-1"},
		{"-replace", "1.5"},
		{"-long", "-3"},
		{"-labelled", "-long", "10"},
		{"-labelled", "-events", "0"},
		{"-catalog", "x.jsonl"},
		{"extra"},
		{"-nope"},
	} {
		var out, errOut bytes.Buffer
		if err := run(args, &out, &errOut); !errors.As(err, new(usageError)) {
			t.Errorf("run(%q) = %v; want a usageError", args, err)
		}
	}
}

// TestLabelled checks that -labelled writes a labelled corpus the reader
// accepts, with the catalog -catalog names: whole articles, every one in
// the catalog, spread over -events events.
func TestLabelled(t *testing.T) {
	cat := filepath.Join(t.TempDir(), "cat.jsonl")
	out := gen(t, "-labelled", "-n", "500", "-events", "4", "-catalog", cat)
	if again := gen(t, "-labelled", "-n", "500", "-events", "4"); !bytes.Equal(out, again) {
		t.Error("two runs of -labelled differ; want the same bytes")
	}
	recs, err := labels.ReadAll(bytes.NewReader(out), "out.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 500 {
		t.Errorf("-n 500 wrote %d records; want 500", len(recs))
	}
	f, err := os.Open(cat)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := labels.ReadCatalog(f, cat)
	if err != nil {
		t.Fatal(err)
	}
	events := make(map[string]bool)
	for _, a := range c {
		events[a.Event] = true
	}
	if len(events) != 4 {
		t.Errorf("catalog has %d events; want 4", len(events))
	}
	next := make(map[string]int) // article -> next index
	for _, r := range recs {
		if _, ok := c[r.Article]; !ok {
			t.Fatalf("record %s/%d: article not in the catalog", r.Article, r.Index)
		}
		if r.Index != next[r.Article] {
			t.Fatalf("record %s/%d: want index %d", r.Article, r.Index, next[r.Article])
		}
		next[r.Article]++
	}
	if len(next) != len(c) {
		t.Errorf("%d articles written, %d in the catalog", len(next), len(c))
	}
}
