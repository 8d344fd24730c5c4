package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/labels"
)

func splitCommand() *command {
	return &command{
		name:    "split",
		args:    "FILE...",
		summary: "turn articles (plain text) into unlabelled sentences, JSON Lines",
		minArgs: 1, maxArgs: -1,
		help: `Split reads news articles as plain text and writes one JSON record per
body sentence to stdout, in the labelled-corpus format with the label fields
empty, ready to be labelled by hand and used with 'stance train --data'.
The article id is the file name without its extension.

Lines that are not article body (bylines, datelines, section labels, comment
policies, subscription prompts, lists of other stories' headlines) are left
out; a count per file goes to stderr, and --excluded writes each one with
its reason so nothing is dropped unseen.

Examples:
  stance split article.txt > sentences.jsonl
  stance split --excluded left-out.jsonl news/*.txt > sentences.jsonl`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			excluded := fs.String("excluded", "", "write the left-out lines, with reasons, as JSON Lines to `FILE`")
			return func(e *env, files []string) error {
				return split(e, files, *excluded)
			}
		},
	}
}

func split(e *env, files []string, excludedPath string) error {
	sp, err := features.NewSplitter()
	if err != nil {
		return err
	}
	out := labels.NewWriter(e.stdout)
	var exw *os.File
	var excluded []labels.Exclusion
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		id := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		sents, ex := splitArticle(sp, id, string(b))
		for _, r := range sents {
			if err := out.Write(r); err != nil {
				return err
			}
		}
		excluded = append(excluded, ex...)
		fmt.Fprintf(e.stderr, "%s: %d sentences, %d lines left out\n", f, len(sents), len(ex))
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if excludedPath != "" {
		if exw, err = os.Create(excludedPath); err != nil {
			return err
		}
		if err := labels.WriteExclusions(exw, excluded); err != nil {
			exw.Close()
			return err
		}
		return exw.Close()
	}
	return nil
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
