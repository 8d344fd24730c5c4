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
	"syscall"
)

func main() {
	// A write to a closed pipe (stance classify | head -1) should fail with
	// EPIPE, which ends the run quietly, not kill the process with SIGPIPE.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	// Ctrl-C cancels the context: classify stops reading and flushes what
	// it has, train and eval stop before writing anything.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err (if any) and maps it to the exit status: 0 ok, 2 usage
// error, 1 any other failure. A closed stdout (stance classify | head -1) is
// not a failure: the reader has all it wanted.
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
