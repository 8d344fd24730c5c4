package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
	"github.com/stance-nlp/stance/tag"
)

func splitCommand() *command {
	return &command{
		name:    "split",
		args:    "[FILE|FOLDER|-]...",
		summary: "turn articles (plain text) into unlabelled sentences, JSON Lines",
		maxArgs: -1,
		help: `Split reads news articles as plain text and writes one JSON record per
body sentence to stdout, in the labelled-corpus format with the label fields
empty, ready to be labelled by hand and used with 'stance train --data', or
to be classified ('stance classify' recognises it).
The article id is the file name without its extension; two files that
would get the same id (news/a.txt and old/a.txt) are an error, since
their sentences could not be told apart. A folder stands for its .txt
files, by name. - (or no argument) reads an article from stdin, with the
id "stdin". A UTF-8 byte-order mark is dropped; UTF-16 is refused with a
message saying how to convert it.

Lines that are not article body (bylines, datelines, section labels, comment
policies, subscription prompts, lists of other stories' headlines) are left
out; a count per file goes to stderr, and --excluded writes each one with
its reason so nothing is dropped unseen. It is written atomically (a failed
run leaves any earlier file as it was) and never over an input article.

Examples:
  stance split article.txt > sentences.jsonl
  stance split --excluded left-out.jsonl news/ > sentences.jsonl
  curl -s https://example.org/story.txt | stance split | stance classify`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			excluded := nonEmptyFileFlag(fs, "excluded", "write the left-out lines, with reasons, as JSON Lines to `FILE`")
			return func(e *env, files []string) error {
				path, err := excluded()
				if err != nil {
					return err
				}
				return split(e, files, path)
			}
		},
	}
}

// maxArticleSize bounds what split reads of one article: a long feature
// is a few hundred kB, and an input without end (a pipe from /dev/urandom)
// must not take all memory.
const maxArticleSize = 64 << 20

func split(e *env, args []string, excludedPath string) error {
	if len(args) == 0 {
		args = []string{stdinName}
	}
	files, err := expandArgs(args, inputText)
	if err != nil {
		return err
	}
	ids, err := articleIDs(files)
	if err != nil {
		return err
	}
	if excludedPath != "" {
		if excludedPath == stdinName {
			return &usageError{err: errors.New("--excluded -: stdout already holds the sentences; give a file")}
		}
		for _, f := range files {
			if f != stdinName && (sameFile(f, excludedPath) || filepath.Clean(f) == filepath.Clean(excludedPath)) {
				return fmt.Errorf("refusing to write the left-out lines over the input article %s", f)
			}
		}
		if _, err := outputPath(excludedPath); err != nil {
			return err
		}
	}
	sp, err := features.NewSplitter()
	if err != nil {
		return err
	}
	out := labels.NewWriter(e.stdout)
	var excluded []labels.Exclusion
	for i, f := range files {
		text, err := readArticle(e, f)
		if err != nil {
			return err
		}
		sents, ex := splitArticle(sp, ids[i], text)
		for _, r := range sents {
			if err := out.Write(r); err != nil {
				return err
			}
		}
		excluded = append(excluded, ex...)
		fmt.Fprintf(e.stderr, "%s: %s, %s left out\n", f, count(len(sents), "sentence"), count(len(ex), "line"))
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if excludedPath != "" {
		return writeAtomic(e.ctx, excludedPath, func(w io.Writer) error {
			return labels.WriteExclusions(w, excluded)
		})
	}
	return nil
}

// articleIDs returns the article id of each file: its name without the
// extension, "stdin" for -. Two files with the same id, a name that leaves
// no id (" .txt"), or stdin twice are errors: their records would share
// (article, index) pairs, or have none.
func articleIDs(files []string) ([]string, error) {
	ids := make([]string, len(files))
	first := make(map[string]string) // id -> the file that gave it
	for i, f := range files {
		id := "stdin"
		if f != stdinName {
			id = strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		}
		if strings.TrimFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) == "" {
			return nil, fmt.Errorf("%s: the file name gives no article id; rename the file", f)
		}
		if other, dup := first[id]; dup {
			if other == f {
				return nil, fmt.Errorf("%s is given twice", f)
			}
			return nil, fmt.Errorf("%s and %s would both have the article id %q; rename one", other, f, id)
		}
		first[id] = f
		ids[i] = id
	}
	return ids, nil
}

// readArticle reads an article from the file path, or stdin for -, at
// most maxArticleSize bytes, without a UTF-8 byte-order mark. UTF-16 is
// refused (see startOfText).
func readArticle(e *env, path string) (string, error) {
	var r io.Reader = e.stdin
	if path != stdinName {
		f, err := openFileCtx(e.ctx, path)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(&ctxReader{e.ctx, r}, maxArticleSize+1))
	if err := e.ctx.Err(); err != nil {
		return "", err
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if len(b) > maxArticleSize {
		return "", fmt.Errorf("%s: longer than %d MiB; not an article?", path, maxArticleSize>>20)
	}
	if b, err = tag.TrimBOM(b); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return string(b), nil
}

// splitArticle turns an article into unlabelled records and exclusions.
func splitArticle(sp *features.Splitter, id, text string) ([]labels.Record, []labels.Exclusion) {
	var recs []labels.Record
	var ex []labels.Exclusion
	for _, u := range sp.Article(text) {
		if u.Excluded() {
			ex = append(ex, labels.Exclusion{Article: id, Line: u.Line, Text: u.Text, Reason: u.Reason})
			continue
		}
		recs = append(recs, labels.Record{Article: id, Index: len(recs), Text: u.Text})
	}
	return recs, ex
}

// count says n things: "1 line", "2 lines".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
