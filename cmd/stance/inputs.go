package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/archive"
)

// inputKind is how an input file is read: as the text of one article, as
// JSON Lines or as CSV (an article a record).
type inputKind string

const (
	inputAuto  inputKind = ""
	inputText  inputKind = "text"
	inputJSONL inputKind = "jsonl"
	inputCSV   inputKind = "csv"
)

func parseInputKind(s string) (inputKind, error) {
	switch k := inputKind(s); k {
	case inputAuto, inputText, inputJSONL, inputCSV:
		return k, nil
	}
	return "", fmt.Errorf("unknown input %q (want text, jsonl or csv)", s)
}

// kindOfFile is how a file is read when --input does not say: by its
// extension, .jsonl (or .ndjson) as JSON Lines, .csv as CSV, anything
// else as text (which may still turn out to be split's output).
func kindOfFile(path string, k inputKind) inputKind {
	if k != inputAuto {
		return k
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson":
		return inputJSONL
	case ".csv":
		return inputCSV
	}
	return inputText
}

// folderExt is the extension of the files a folder argument stands for.
func folderExt(k inputKind) string {
	switch k {
	case inputJSONL:
		return ".jsonl"
	case inputCSV:
		return ".csv"
	}
	return ".txt"
}

// expandArgs replaces each folder among args with its files of the kind
// the input is read as (.txt unless --input says otherwise), sorted by
// name; subfolders are not read. A folder without such a file is an
// error, not silently nothing.
func expandArgs(args []string, k inputKind) ([]string, error) {
	var out []string
	for _, a := range args {
		if a == stdinName {
			out = append(out, a)
			continue
		}
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			out = append(out, a) // opening it says what is wrong
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		ext := folderExt(k)
		var files []string
		for _, e := range entries {
			if strings.EqualFold(filepath.Ext(e.Name()), ext) && e.Type().IsRegular() {
				files = append(files, filepath.Join(a, e.Name()))
			}
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: a folder with no %s files", a, ext)
		}
		slices.Sort(files)
		out = append(out, files...)
	}
	return out, nil
}

// fileDocs reads the documents of a list of inputs, one after another,
// opening each when its turn comes: a text file is one article (its id
// the file name without extension; - is stdin, id "stdin"), unless it is
// split's output or, with --input left to guess, JSON Lines; a JSON Lines
// or CSV file holds an article a record.
type fileDocs struct {
	e      *env
	files  []string
	ids    []string // article id of each text file
	kind   inputKind
	fields archive.Fields
	notes  func(string) // told when a text file is read as JSON Lines
	cur    archive.Reader
	closer io.Closer
	next   int
}

func (f *fileDocs) Read() (archive.Doc, error) {
	for {
		if f.cur != nil {
			d, err := f.cur.Read()
			if err != io.EOF {
				if err := f.e.ctx.Err(); err != nil {
					return archive.Doc{}, err
				}
				return d, err
			}
			f.close()
		}
		if f.next == len(f.files) {
			return archive.Doc{}, io.EOF
		}
		if err := f.open(f.next); err != nil {
			return archive.Doc{}, err
		}
		f.next++
	}
}

func (f *fileDocs) close() {
	if f.closer != nil {
		f.closer.Close()
	}
	f.cur, f.closer = nil, nil
}

// open makes the reader of the i-th input.
func (f *fileDocs) open(i int) error {
	path := f.files[i]
	name := path
	var r io.Reader = f.e.stdin
	if path == stdinName {
		name = "stdin"
	}
	switch kindOfFile(path, f.kind) {
	case inputJSONL, inputCSV:
		if path != stdinName {
			file, err := openFileCtx(f.e.ctx, path)
			if err != nil {
				return err
			}
			f.closer, r = file, file
		}
		r = &ctxReader{f.e.ctx, r}
		if kindOfFile(path, f.kind) == inputCSV {
			f.cur = archive.NewCSVReader(r, name, f.fields)
		} else {
			f.cur = archive.NewJSONLReader(r, name, f.fields)
		}
		return nil
	}
	text, err := readArticle(f.e, path)
	if err != nil {
		return err
	}
	line, _, _ := strings.Cut(text, "\n")
	switch archive.Sniff([]byte(line)) {
	case archive.SplitOutput:
		f.cur = archive.NewJSONLReader(strings.NewReader(text), name, archive.Fields{})
		return nil
	case archive.JSONLines:
		if f.kind == inputAuto {
			if f.notes != nil {
				f.notes(fmt.Sprintf("%s: reading it as JSON Lines, an article a record (--input text reads it as prose)", name))
			}
			f.cur = archive.NewJSONLReader(strings.NewReader(text), name, f.fields)
			return nil
		}
	}
	f.cur = &oneDoc{doc: archive.Doc{ID: f.ids[i], Text: text, Line: 1}}
	return nil
}

// oneDoc is an archive.Reader of one document.
type oneDoc struct {
	doc  archive.Doc
	done bool
}

func (o *oneDoc) Read() (archive.Doc, error) {
	if o.done {
		return archive.Doc{}, io.EOF
	}
	o.done = true
	return o.doc, nil
}

// textIDs returns the article id of each input read as text (see
// articleIDs); the others get "".
func textIDs(files []string, k inputKind) ([]string, error) {
	var text []string
	for _, f := range files {
		if kindOfFile(f, k) == inputText {
			text = append(text, f)
		}
	}
	ids, err := articleIDs(text)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(files))
	for i, f := range files {
		if kindOfFile(f, k) == inputText {
			out[i], ids = ids[0], ids[1:]
		}
	}
	return out, nil
}

// checkStdinOnce refuses stdin given twice among the inputs: the second
// would find it empty.
func checkStdinOnce(files []string) error {
	if n := slices.Index(files, stdinName); n >= 0 && slices.Index(files[n+1:], stdinName) >= 0 {
		return &usageError{err: errors.New("- (stdin) is given twice")}
	}
	return nil
}
