package features

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/neurosnap/sentences/english"
)

var update = flag.Bool("update", false, "rewrite punkt/english.txt from github.com/neurosnap/sentences")

// TestPunktData checks that punkt/english.txt holds what
// github.com/neurosnap/sentences' English tokenizer uses: its trained data
// and the abbreviations the tokenizer adds. -update rewrites the file.
func TestPunktData(t *testing.T) {
	want := referencePunktData(t)
	if *update {
		if err := os.WriteFile("punkt/english.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if punktEnglish != want && !*update {
		t.Fatalf("punkt/english.txt differs from the reference data; run go test ./features -run TestPunktData -update")
	}
	d, err := parsePunkt(want, punktEnglishName)
	if err != nil {
		t.Fatal(err)
	}
	if d.nAbbrev < 100 || d.nColloc < 30 || d.nStarter < 30 || d.nOrtho < 10000 {
		t.Errorf("parsed %d abbreviations, %d collocations, %d starters, %d types; want the whole file", d.nAbbrev, d.nColloc, d.nStarter, d.nOrtho)
	}
}

// TestPunktBinary: punkt/english.bin, the table the splitter uses, is
// punkt/english.txt parsed (-update rewrites it), and answers every
// type's questions as the text says.
func TestPunktBinary(t *testing.T) {
	d, err := parsePunkt(punktEnglish, punktEnglishName)
	if err != nil {
		t.Fatal(err)
	}
	b := d.appendBinary(nil)
	if *update {
		if err := os.WriteFile("punkt/english.bin", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b, punktEnglishBin) {
		t.Fatal("punkt/english.bin is stale: run go test ./features -run TestPunktBinary -update")
	}
	got, err := englishPunkt()
	if err != nil {
		t.Fatal(err)
	}
	section := ""
	for _, line := range strings.Split(punktEnglish, "\n") {
		switch {
		case line == "" || line == "#" || strings.HasPrefix(line, "# "):
		case strings.HasPrefix(line, "["):
			section = line
		case section == "[abbrev]" && !got.abbrev(line),
			section == "[colloc]" && !got.colloc(line),
			section == "[starter]" && !got.starter(line):
			t.Errorf("%s %q: not found in the table", section, line)
		case section == "[ortho]":
			sp := strings.LastIndexByte(line, ' ')
			if want := line[sp+1:]; strconv.Itoa(int(got.ortho(line[:sp]))) != want {
				t.Errorf("ortho %q = %d; want %s", line[:sp], got.ortho(line[:sp]), want)
			}
		}
	}
	if got.abbrev("zzzz") || got.starter("") || got.ortho("zzzz") != 0 {
		t.Error("a type the data lacks is found")
	}
}

// referencePunktData writes the reference tokenizer's data in the format
// of punkt/english.txt. Types holding white space are left out: a word
// never does, so they can never match. So are types whose orthographic
// context makes Punkt's heuristics answer as for an unknown type.
func referencePunktData(t *testing.T) string {
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`# Punkt data for English sentence boundaries (see punkt.go): the trained
# data of github.com/neurosnap/sentences v1.1.2 (data/english.json; MIT
# licence, copyright (c) 2015 Eric Bower), with the abbreviations its English
# tokenizer adds (sgt, gov, no) and titles news puts before names that it
# lacks (capt, sens, cmdr...: titleAbbrevs in sentences.go, a deliberate
# difference). Types holding white space are left out (no
# word does), and so are types whose orthographic context answers as an
# unknown type's would.
# Written by go test ./features -run TestPunktData -update; do not edit.
#
# [abbrev]: a type that is an abbreviation before a period.
# [colloc]: two types that a period between does not separate.
# [starter]: a type that often starts a sentence.
# [ortho]: a type and its orthographic context bits: 2, 4, 8 upper case at
# the beginning, in the middle, at an unknown position of a sentence; 16,
# 32, 64 lower case, the same.
`)
	section := func(name string, set map[string]int) {
		fmt.Fprintf(&b, "\n[%s]\n", name)
		for _, k := range slices.Sorted(maps.Keys(set)) {
			if set[k] != 0 && !strings.ContainsAny(k, " \t\n\r\v\f") {
				b.WriteString(k + "\n")
			}
		}
	}
	addTitleAbbrevs(tok)
	section("abbrev", tok.AbbrevTypes)
	section("colloc", tok.Collocations)
	section("starter", tok.SentStarters)
	b.WriteString("\n[ortho]\n")
	for _, k := range slices.Sorted(maps.Keys(tok.OrthoContext)) {
		v := tok.OrthoContext[k]
		if v < 0 || v > 255 {
			t.Fatalf("ortho context of %q is %d; want 0 to 255", k, v)
		}
		if strings.ContainsAny(k, " \t\n\r\v\f") || orthoAsUnknown(uint8(v)) {
			continue
		}
		fmt.Fprintf(&b, "%s %d\n", k, v)
	}
	return b.String()
}

// orthoAsUnknown reports whether context bits v make every test Punkt
// does on them (heuristic, and the initials rule in tokenAnnotation)
// answer as they do for a type never seen (bits 0).
func orthoAsUnknown(v uint8) bool {
	up := v&orthoLc != 0 && v&orthoMidUc == 0
	low := v&orthoUc != 0 || v&orthoBegLc == 0
	noLc := v&orthoLc == 0
	return !up && low && noLc
}

func TestParsePunktErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"line before any section", "u.s\n", `x.txt:1: "u.s" before any section`},
		{"ortho without bits", "[ortho]\nmoscow\n", `x.txt:2: want TYPE BITS`},
		{"ortho bits out of range", "# c\n[ortho]\nmoscow 200\n", `x.txt:3: want TYPE BITS`},
		{"ortho bits not a number", "[ortho]\nmoscow 1x\n", `x.txt:2: want TYPE BITS`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePunkt(tt.in, "x.txt")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parsePunkt(%q) = %v; want an error containing %q", tt.in, err, tt.want)
			}
		})
	}
	d, err := parsePunkt("# comment\n[abbrev]\nu.s\n[colloc]\n##number##,international\n[starter]\nthe\n[ortho]\n##number## 36\n", "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !d.abbrev("u.s") || !d.colloc("##number##,international") || !d.starter("the") || d.ortho("##number##") != 36 {
		t.Errorf("parsePunkt: got %+v", d)
	}
}

// TestPunktSetsFirst: Punkt data whose table does not list the types of
// the sets first (as english.bin did before the sets were looked up apart)
// is refused, not read with sets missing.
func TestPunktSetsFirst(t *testing.T) {
	d, err := parsePunkt(punktEnglish, punktEnglishName)
	if err != nil {
		t.Fatal(err)
	}
	ids := make(map[string]wordIDs, len(d.t.ids))
	for i, w := range d.t.ids {
		ids[d.t.text[d.t.off[i]:d.t.off[i+1]]] = w
	}
	d.t = newWordTable(ids, sortedKeys(ids)) // every type in order, sets among them
	if _, err := readPunkt(d.appendBinary(nil)); err == nil || !strings.Contains(err.Error(), "abbreviations") {
		t.Errorf("readPunkt of a table in plain order: %v; want an error about the sets", err)
	}
}
