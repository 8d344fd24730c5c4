package annotation

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"time"
)

// ErrLocked is returned by AcquireLock when a live process holds the lock.
var ErrLocked = errors.New("in use")

// Lock is a lock file beside a log that keeps a second writer off it: two
// sessions appending to one log would interleave their undo stacks. It
// holds the owner's process id, so a lock left by a process that died
// (killed, crashed, the machine restarted) is recognised and taken over.
type Lock struct {
	path string
	pid  int
}

// AcquireLock creates the lock file at path with O_EXCL, which the file
// system grants to one process only, and writes this process's id in it.
// If the file exists and its process is alive, it returns an error
// wrapping ErrLocked; if that process is gone, it takes the lock over and
// says so in note.
func AcquireLock(path string) (l *Lock, note string, err error) {
	pid := os.Getpid()
	for try := 0; ; try++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, werr := fmt.Fprintf(f, "%d\n", pid)
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				os.Remove(path)
				return nil, "", fmt.Errorf("lock %s: %w", path, werr)
			}
			return &Lock{path: path, pid: pid}, note, nil
		}
		if !errors.Is(err, fs.ErrExist) || try == 2 {
			return nil, "", fmt.Errorf("lock %s: %w", path, err)
		}
		content, owner := readLockOwner(path, true)
		if owner > 0 && alive(owner) {
			return nil, "", fmt.Errorf("%w: another stance label (pid %d) is writing to it; stop that one first (if no such process is running, delete %s)", ErrLocked, owner, path)
		}
		// Take the stale lock over, unless another process has just done
		// so: only remove the file if it still holds what was read.
		if now, err := os.ReadFile(path); err == nil && !bytes.Equal(now, content) {
			continue
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("lock %s: removing a stale lock: %w", path, err)
		}
		if owner > 0 {
			note = fmt.Sprintf("%s: took over a stale lock from pid %d, which is no longer running", path, owner)
		} else {
			note = fmt.Sprintf("%s: took over a lock file that names no process (%q)", path, clip(content, 40))
		}
	}
}

// readLockOwner returns the lock file's content and the process id in it,
// or 0 if there is none. A lock file just created may not have its id yet:
// with wait, an empty one is read again for a moment before being called
// empty.
func readLockOwner(path string, wait bool) ([]byte, int) {
	var b []byte
	for i := 0; i < 20; i++ {
		b, _ = os.ReadFile(path)
		if len(bytes.TrimSpace(b)) > 0 || !wait {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil || pid <= 0 {
		return b, 0
	}
	return b, pid
}

// Release removes the lock file if it is still this lock's.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	_, owner := readLockOwner(l.path, false)
	if owner != l.pid {
		return nil
	}
	if err := os.Remove(l.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
