package annotation

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/stance-nlp/stance/labels"
)

// Cut is a last line of a log that ends without a newline and is not a
// whole entry: what a process killed in the middle of a write leaves. The
// page never heard that label was saved (the answer goes out only after
// the line is synced), so nothing confirmed is lost by leaving it out.
type Cut struct {
	File   string
	Line   int    // 1-based
	Offset int64  // where the cut line starts: the end of the good part
	Text   string // the bytes of the cut line, at most 80 of them
}

func (c *Cut) String() string {
	return fmt.Sprintf("%s:%d: the last line is cut short (%q, no newline), as a crash in the middle of a write leaves it; it was never confirmed to the page and is left out", c.File, c.Line, c.Text)
}

// ReadLog reads a label log: one JSON entry a line, checked in order
// (sequence numbers rising, labels known, each retraction naming an
// earlier label or skip of its annotator). A bad line is reported as
// FILE:LINE (a *labels.ParseError, up to labels.MaxErrors of them) and
// nothing is returned but the errors. A cut-short last line is not an
// error: it is returned as a *Cut for the caller to report. An empty log
// has no entries and no error. The name is used only in messages.
func ReadLog(r io.Reader, name string) ([]Entry, *Cut, error) {
	entries, cut, _, err := readLog(r, name)
	return entries, cut, err
}

// readLog is ReadLog, also returning the number of whole lines read.
func readLog(r io.Reader, name string) ([]Entry, *Cut, int, error) {
	br := bufio.NewReader(r)
	var cut *Cut
	lines := 0
	var entries []Entry
	var errs []error
	more := 0
	report := func(line int, err error) {
		if len(errs) < labels.MaxErrors {
			errs = append(errs, &labels.ParseError{File: name, Line: line, Err: err})
		} else {
			more++
		}
	}
	c := newChecker()
	var off int64
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, nil, 0, fmt.Errorf("read %s: %w", name, err)
		}
		if len(b) == 0 {
			break
		}
		start := off
		off += int64(len(b))
		complete := b[len(b)-1] == '\n'
		if complete {
			lines++
		}
		b = bytes.TrimRight(b, "\r\n")
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		e, perr := parseEntry(b)
		if perr != nil && !complete && errors.Is(perr, labels.ErrSyntax) {
			cut = &Cut{File: name, Line: line, Offset: start, Text: clip(b, 80)}
			break
		}
		if perr == nil {
			e.Line = line
			perr = c.check(e)
		}
		if perr != nil {
			report(line, perr)
			continue
		}
		entries = append(entries, e)
		if !complete {
			break
		}
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("%s: and %d more problems", name, more))
	}
	if len(errs) > 0 {
		return nil, nil, 0, errors.Join(errs...)
	}
	return entries, cut, lines, nil
}

// parseEntry decodes one line, refusing unknown fields and trailing data.
func parseEntry(b []byte) (Entry, error) {
	var e Entry
	if !utf8.Valid(b) {
		return e, problem(labels.ErrBadUTF8, "invalid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return e, problem(labels.ErrSyntax, "invalid JSON: %v", err)
	}
	if dec.More() {
		return e, problem(labels.ErrSyntax, "invalid JSON: more than one value on the line")
	}
	return e, nil
}

// clip returns the first n bytes of b as a string, not cutting a rune.
func clip(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	b = b[:n]
	for len(b) > 0 && !utf8.Valid(b) {
		b = b[:len(b)-1]
	}
	return string(b) + "…"
}

// Log is a label log open for writing: locked against a second writer,
// appended to one synced line at a time. It is not safe for concurrent
// use.
type Log struct {
	path    string
	f       *os.File
	lock    *Lock
	c       *checker
	entries []Entry
	lines   int   // lines in the file
	broken  error // a failed write: nothing more is appended
}

// OpenLog opens the log at path for appending, creating it if need be. It
// takes the lock (see Lock), reads what the log holds, and cuts off a
// cut-short last line so the next entry starts on a line of its own. The
// notes say what it did that the user should know: a stale lock taken
// over, a cut line left out.
func OpenLog(path string) (*Log, []string, error) {
	lock, note, err := AcquireLock(path + ".lock")
	if err != nil {
		return nil, nil, fmt.Errorf("log %s: %w", path, err)
	}
	var notes []string
	if note != "" {
		notes = append(notes, note)
	}
	l, err := openLocked(path, lock, &notes)
	if err != nil {
		lock.Release()
		return nil, nil, err
	}
	return l, notes, nil
}

func openLocked(path string, lock *Lock, notes *[]string) (*Log, error) {
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, os.ErrNotExist)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory, not a log file", path)
	}
	entries, cut, lines, err := readLog(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		return nil, err
	}
	if cut != nil {
		*notes = append(*notes, cut.String())
		end = cut.Offset
		if err := f.Truncate(end); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: cutting off the cut-short last line: %w", path, err)
		}
	}
	if end > 0 { // a last entry written whole but without its newline
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, end-1); err != nil {
			f.Close()
			return nil, err
		}
		if last[0] != '\n' {
			if _, err := f.WriteAt([]byte("\n"), end); err != nil {
				f.Close()
				return nil, err
			}
			end++
			lines++
		}
	}
	if _, err := f.Seek(end, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if created {
		syncDir(filepath.Dir(path)) // so the new file's name survives a crash too
	}
	c := newChecker()
	for _, e := range entries {
		c.check(e) // read back clean: cannot fail
	}
	return &Log{path: path, f: f, lock: lock, c: c, entries: entries, lines: lines}, nil
}

// syncDir syncs a directory, where the file system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Path returns the log's file name.
func (l *Log) Path() string { return l.path }

// Entries returns every entry of the log, in order. The slice is the
// log's own: do not change it.
func (l *Log) Entries() []Entry { return l.entries }

// Append gives e the next sequence number, checks it against the log,
// writes it as one line and syncs the file: when Append returns nil the
// entry survives a crash. It returns the entry as written. After a failed
// write the log takes no more entries: its last line may be partial, and
// the next OpenLog repairs it.
func (l *Log) Append(e Entry) (Entry, error) {
	if l.broken != nil {
		return Entry{}, fmt.Errorf("log %s: an earlier write failed (%v); restart to recover", l.path, l.broken)
	}
	e.Seq = l.c.last + 1
	e.Line = 0
	if err := l.c.check(e); err != nil {
		return Entry{}, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep "&" and "<" readable, as labels.Writer does
	if err := enc.Encode(e); err != nil {
		return Entry{}, err
	}
	if _, err := l.f.Write(b.Bytes()); err != nil {
		l.broken = err
		return Entry{}, fmt.Errorf("write %s: %w", l.path, err)
	}
	if err := l.f.Sync(); err != nil {
		l.broken = err
		return Entry{}, fmt.Errorf("sync %s: %w", l.path, err)
	}
	l.lines++
	e.Line = l.lines
	l.entries = append(l.entries, e)
	return e, nil
}

// Close closes the file and releases the lock.
func (l *Log) Close() error {
	err := l.f.Close()
	if lerr := l.lock.Release(); err == nil {
		err = lerr
	}
	return err
}
