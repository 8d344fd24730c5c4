package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// readCorpus reads labelled sentences from path, or the built-in corpus
// when path is empty, and the catalog of their articles: the shipped one
// for the built-in corpus, else the file catalogPath names, else none
// (every article is then its own event). Every problem in a file is
// reported, FILE:LINE each, and nothing is trained on a file with
// problems.
func readCorpus(path, catalogPath string) ([]labels.Record, string, labels.Catalog, error) {
	var cat labels.Catalog
	var err error
	switch {
	case catalogPath != "":
		if cat, err = readCatalog(catalogPath); err != nil {
			return nil, path, nil, err
		}
	case path == "":
		if cat, err = labels.ShippedCatalog(); err != nil {
			return nil, path, nil, err
		}
	}
	if path == "" {
		recs, err := labels.Corpus()
		return recs, labels.CorpusName, cat, err
	}
	f, err := openFile(path)
	if err != nil {
		return nil, path, nil, err
	}
	defer f.Close()
	recs, err := labels.ReadAll(f, path)
	if err != nil {
		return nil, path, nil, err
	}
	return recs, path, cat, nil
}

func readCatalog(path string) (labels.Catalog, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return labels.ReadCatalog(f, path)
}

// openFile opens path for reading and says plainly when it is a directory.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file", path)
		}
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory, not a file", path)
	}
	return f, nil
}

// loadModel reads a model file.
func loadModel(path string) (*classify.Model, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	defer f.Close()
	m, err := classify.Load(f)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", path, err)
	}
	return m, nil
}

// writeAtomic writes the output of write to path so that path holds either
// its old content or the complete new one, never a part: it writes a
// temporary file in the same directory, syncs it, and renames it over path.
// A failure removes the temporary file and leaves path untouched.
func writeAtomic(ctx context.Context, path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s: directory %s does not exist", path, dir)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s: is a directory", path)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err // interrupted: keep what was at path
	}
	return os.Rename(tmp.Name(), path)
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(sa, sb)
}
