// Command stance tags each sentence of news text with its stance toward
// cooperation between the United States and Russia (obstacle, opening,
// neutral) and its sentiment (negative, neutral, positive), using a naive
// Bayes model trained on hand-labelled sentences, and evaluates that model
// honestly with leave-one-article-out validation.
//
// Run `stance --help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
)

// interruptGrace is how long a run has, after Ctrl-C or SIGTERM, to stop by
// itself: classify writes what it has classified, eval stops between folds,
// a temporary file is removed. Some work cannot be stopped from inside: an
// open(2) of a FIFO no one writes to blocks in the kernel, and training
// does not take a context. After interruptGrace main removes any temporary
// file and exits 130 all the same.
const interruptGrace = 500 * time.Millisecond

func main() {
	// A write to a closed pipe (stance classify | head -1) should fail with
	// EPIPE, which ends the run quietly, not kill the process with SIGPIPE.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	// Ctrl-C and SIGTERM cancel the context: classify stops reading and
	// flushes what it has, train and eval stop before writing anything.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	temps := &tempFiles{}
	ctx = withTempFiles(ctx, temps)
	done := make(chan int, 1)
	go func() {
		done <- runSafely(os.Stderr, func() error { return run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr) })
	}()
	select {
	case code := <-done:
		os.Exit(code)
	case <-ctx.Done():
	}
	select {
	case code := <-done:
		os.Exit(code)
	case <-time.After(interruptGrace):
		temps.removeAll()
		fmt.Fprintln(os.Stderr, "stance: interrupted")
		os.Exit(130)
	}
}

// runSafely runs f and returns the exit status of its error. A panic is a
// bug in stance, not in the input: it is reported with its stack and exits
// 1, like any other failure, and never 2 (the Go runtime's status for a
// panic), which means a usage error.
func runSafely(stderr io.Writer, f func() error) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "stance: internal error (a bug; please report it): %v\n%s", p, debug.Stack())
			code = 1
		}
	}()
	return exitCode(f(), stderr)
}

// exitCode prints err (if any) and maps it to the exit status: 0 ok, 2 usage
// error, 130 interrupted, 1 any other failure. A closed stdout (stance
// classify | head -1) is not a failure: the reader has all it wanted.
func exitCode(err error, stderr io.Writer) int {
	var uerr *usageError
	switch {
	case err == nil, errors.Is(err, syscall.EPIPE), errors.Is(err, errHelp):
		return 0
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "stance: interrupted")
		return 130
	case errors.As(err, &uerr):
		fmt.Fprintf(stderr, "stance: %v\n%s", uerr.err, uerr.usage)
		return 2
	}
	fmt.Fprintf(stderr, "stance: %v\n", err)
	return 1
}
