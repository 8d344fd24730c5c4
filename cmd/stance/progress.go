package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress reports long work on stderr, on one line rewritten in place,
// only when stderr is a terminal: a pipe or a file gets nothing, so logs
// and scripts stay clean. Updates are throttled to a few a second.
type progress struct {
	w       io.Writer
	enabled bool
	mu      sync.Mutex
	last    time.Time
	shown   bool
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, enabled: isTerminal(w)}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// update shows a new message unless one was shown in the last 250 ms.
func (p *progress) update(format string, args ...any) {
	if p == nil || !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); now.Sub(p.last) >= 250*time.Millisecond {
		p.last = now
		fmt.Fprintf(p.w, "\r\033[K%s", fmt.Sprintf(format, args...))
		p.shown = true
	}
}

// done clears the progress line.
func (p *progress) done() {
	if p == nil || !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
