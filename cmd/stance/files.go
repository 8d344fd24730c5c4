package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/labels"
)

// stdinName is the file name that means stdin (--data -) or stdout (-o -).
const stdinName = "-"

// readCorpusFrom reads labelled sentences from path ("-": stdin), or the
// built-in corpus when path is empty, and the catalog of their articles:
// the shipped one for the built-in corpus, else the file catalogPath
// names, else none (every article is then its own event). Every problem in
// a file is reported, FILE:LINE each, and nothing is trained on a file with
// problems. Reading stops with ctx's error once ctx is done.
func readCorpusFrom(ctx context.Context, stdin io.Reader, path, catalogPath string) ([]labels.Record, string, labels.Catalog, error) {
	var cat labels.Catalog
	var err error
	switch {
	case catalogPath != "":
		if cat, err = readCatalog(ctx, catalogPath); err != nil {
			return nil, path, nil, err
		}
	case path == "":
		if cat, err = labels.BuiltinCatalog(); err != nil {
			return nil, path, nil, err
		}
	}
	if path == "" {
		recs, err := labels.Corpus()
		return recs, labels.CorpusName, cat, err
	}
	var r io.Reader = stdin
	name := path
	if path == stdinName {
		name = "stdin"
	} else {
		f, err := openFileCtx(ctx, path)
		if err != nil {
			return nil, path, nil, err
		}
		defer f.Close()
		r = f
	}
	recs, err := labels.ReadAll(&ctxReader{ctx, r}, name)
	if err := ctx.Err(); err != nil {
		return nil, name, nil, err
	}
	if err != nil {
		return nil, name, nil, err
	}
	return recs, name, cat, nil
}

// readCatalog reads an article catalog, stopping with ctx's error once ctx
// is done.
func readCatalog(ctx context.Context, path string) (labels.Catalog, error) {
	f, err := openFileCtx(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cat, err := labels.ReadCatalog(&ctxReader{ctx, f}, path)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return cat, err
}

// ctxReader reads r until ctx is done, then fails with ctx's error: a
// slow pipe or FIFO cannot keep a run going after Ctrl-C. (A read that
// blocks forever is ended by main; see interruptGrace.)
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// openFile opens path for reading and says plainly when it is a directory
// or a device: no input of stance is a device, and reading /dev/zero or
// /dev/urandom would never end. Pipes and FIFOs are read (process
// substitution, <(zcat labels.jsonl.gz), gives one).
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file", path)
		}
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	switch m := st.Mode(); {
	case m.IsDir():
		f.Close()
		return nil, fmt.Errorf("%s: is a directory, not a file", path)
	case m&(fs.ModeDevice|fs.ModeCharDevice|fs.ModeSocket) != 0:
		f.Close()
		return nil, fmt.Errorf("%s: is %s, not a file", path, kindOf(m))
	}
	return f, nil
}

// kindOf names a file mode that is not a regular file, for messages.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// openFileCtx is openFile, and closes the file once ctx is done: a read
// from a FIFO or pipe that is waiting for data returns at once. (Opening a
// FIFO that no one writes to blocks in the kernel; main ends that run.)
func openFileCtx(ctx context.Context, path string) (io.ReadCloser, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { f.Close() })
	return &closeOnce{f, stop}, nil
}

// closeOnce is a file closed by openFileCtx's AfterFunc or by its user,
// whichever comes first.
type closeOnce struct {
	*os.File
	stop func() bool
}

func (c *closeOnce) Close() error {
	if c.stop() {
		return c.File.Close()
	}
	return nil // closed by the AfterFunc
}

// loadModel reads a model file, stopping with ctx's error once ctx is
// done (a model read from a FIFO or a slow disk). classify.Load reads at
// most classify.MaxModelSize bytes, and openFile refuses devices.
func loadModel(ctx context.Context, path string) (*classify.Model, error) {
	f, err := openFileCtx(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	defer f.Close()
	m, err := classify.Load(&ctxReader{ctx, f})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", path, err)
	}
	return m, nil
}

// writeOutput writes the output of write to path, atomically (see
// writeAtomic), or to stdout when path is "-".
func writeOutput(e *env, path string, write func(io.Writer) error) error {
	if path != stdinName {
		return writeAtomic(e.ctx, path, write)
	}
	if err := e.ctx.Err(); err != nil {
		return err
	}
	bw := bufio.NewWriter(e.stdout)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// writeAtomic writes the output of write to path so that path holds either
// its old content or the complete new one, never a part: it writes a
// temporary file in the same directory, syncs it, and renames it over path.
// A failure or an interruption removes the temporary file and leaves path
// untouched. It is what google/renameio and git do, with the checks of
// outputPath first: stance writes only regular files, never through a
// symbolic link, and never over a file the user could not write. The new
// file has the mode of the file it replaces, or 0666 less the umask.
func writeAtomic(ctx context.Context, path string, write func(io.Writer) error) (err error) {
	mode, err := outputPath(path)
	if err != nil {
		return err
	}
	temps := tempFilesFrom(ctx)
	tmp, err := temps.create(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			temps.remove(tmp.Name())
		}
	}()
	if mode != 0 {
		if err = tmp.Chmod(mode); err != nil {
			return err
		}
	}
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
	if err = temps.rename(tmp.Name(), path); err != nil {
		return err
	}
	// The rename is durable once the directory is synced.
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// outputPath checks that path may be written by writeAtomic and returns
// the permission bits to keep: those of the file it replaces, or 0 for a
// new file (which gets 0666 less the umask). It refuses a directory, a
// device, a FIFO or a socket (renaming over /dev/null would replace the
// device node), a symbolic link (the link would become a plain file and
// its target stay as it was; stance names the target to give instead), a
// file the user may not write (or that nobody may: mode 0444), and a
// parent that is missing or not a directory.
func outputPath(path string) (fs.FileMode, error) {
	lst, err := os.Lstat(path)
	switch {
	case err == nil && lst.Mode()&fs.ModeSymlink != 0:
		if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
			return 0, fmt.Errorf("%s: is %s; stance writes only regular files (use -o - for stdout)", path, kindOf(st.Mode()))
		}
		target, terr := os.Readlink(path)
		if terr != nil {
			target = "?"
		}
		return 0, fmt.Errorf("%s: is a symbolic link (to %s); stance does not write through links: give the target itself", path, target)
	case err == nil && lst.IsDir():
		return 0, fmt.Errorf("%s: is a directory", path)
	case err == nil && !lst.Mode().IsRegular():
		return 0, fmt.Errorf("%s: is %s; stance writes only regular files (use -o - for stdout)", path, kindOf(lst.Mode()))
	case err == nil:
		if lst.Mode().Perm()&0o222 == 0 || syscall.Access(path, 2 /* W_OK */) != nil {
			return 0, fmt.Errorf("%s: is read-only (mode %04o); stance does not replace a file it may not write", path, uint32(lst.Mode().Perm()))
		}
		return lst.Mode().Perm(), checkDir(path)
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return 0, checkDir(path)
	}
	return 0, err
}

// checkDir says what is wrong with the directory path is to be written
// in: missing, or a file.
func checkDir(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err == nil {
		if st.IsDir() {
			return nil
		}
		return fmt.Errorf("%s: %s is %s, not a directory", path, dir, kindOfOrFile(st.Mode()))
	}
	if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		return err // not allowed to look, say
	}
	// Some part of dir is missing or is a file: say which.
	for d := filepath.Dir(dir); filepath.Dir(d) != d; d = filepath.Dir(d) {
		if st, err := os.Stat(d); err == nil {
			if !st.IsDir() {
				return fmt.Errorf("%s: %s is %s, not a directory", path, d, kindOfOrFile(st.Mode()))
			}
			break
		}
	}
	return fmt.Errorf("%s: directory %s does not exist", path, dir)
}

func kindOfOrFile(m fs.FileMode) string {
	if m.IsRegular() {
		return "a file"
	}
	return kindOf(m)
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

// tempFiles keeps the names of the temporary files being written, so that
// main, ending a run that did not stop in time after Ctrl-C, removes them:
// no partial output is left behind, even then. A nil *tempFiles (a run
// in a test) only creates, renames and removes.
type tempFiles struct {
	mu     sync.Mutex
	names  map[string]bool
	closed bool // removeAll ran: nothing more is created or renamed
}

type tempFilesKey struct{}

// withTempFiles returns ctx carrying t, for writeAtomic.
func withTempFiles(ctx context.Context, t *tempFiles) context.Context {
	return context.WithValue(ctx, tempFilesKey{}, t)
}

func tempFilesFrom(ctx context.Context) *tempFiles {
	t, _ := ctx.Value(tempFilesKey{}).(*tempFiles)
	return t
}

var errClosing = errors.New("interrupted")

// create makes a new file in dir named prefix and a random suffix, mode
// 0666 less the umask, and records it.
func (t *tempFiles) create(dir, prefix string) (*os.File, error) {
	if t != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.closed {
			return nil, errClosing
		}
	}
	for {
		name := filepath.Join(dir, prefix+rand.Text()[:12])
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if t != nil {
			if t.names == nil {
				t.names = make(map[string]bool)
			}
			t.names[name] = true
		}
		return f, nil
	}
}

// rename moves the temporary file tmp to path, unless removeAll ran.
func (t *tempFiles) rename(tmp, path string) error {
	if t != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.closed {
			return errClosing
		}
		delete(t.names, tmp)
	}
	return os.Rename(tmp, path)
}

// remove removes the temporary file name.
func (t *tempFiles) remove(name string) {
	if t != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
		delete(t.names, name)
	}
	os.Remove(name)
}

// removeAll removes every temporary file and lets no other be created or
// renamed: the process is about to exit.
func (t *tempFiles) removeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	for name := range t.names {
		os.Remove(name)
	}
	t.names = nil
}
