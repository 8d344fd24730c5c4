package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// errHelp is returned after help was printed on request; it exits 0.
var errHelp = errors.New("help requested")

// usageError is a mistake in the command line: it exits 2 and prints the
// command's usage line after the message. A command returns it with usage
// empty; command.run fills in the command's own.
type usageError struct {
	err   error
	usage string
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// command is one subcommand of stance.
type command struct {
	name    string
	args    string // argument synopsis after the flags, e.g. "FILE..."
	alt     string // the synopsis of a second form, if any, on a usage line of its own
	summary string // one line for `stance --help`
	help    string // paragraphs and examples for `stance NAME --help`
	flags   func(fs *flag.FlagSet) func(e *env, args []string) error
	minArgs int
	maxArgs int // -1: any number
}

// env is what a command may touch: its streams. Commands open files
// themselves; nothing reads the process environment.
type env struct {
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
}

func commands() []*command {
	return []*command{splitCommand(), trainCommand(), classifyCommand(), summarizeCommand(), evalCommand(), testCommand(), agreeCommand(), labelCommand(), versionCommand(), completionCommand()}
}

const toolHelp = `stance tags each sentence of news text with its stance toward US–Russia
cooperation (obstacle, opening, neutral) and its sentiment (negative,
neutral, positive), with a naive Bayes model trained on hand-labelled
sentences. Without --data or --model it uses the labelled corpus built in.

Usage:
  stance COMMAND [flags] [args]

Commands:
%s
Examples:
  stance eval                                  # held out by event, on the built-in corpus
  echo "Moscow rejected the offer." | stance classify
  stance train -o model.json && stance classify --model model.json --lines < sentences.txt
  stance test --model model.json --data dev.jsonl   # a saved model on new labelled news
  stance split article.txt > sentences.jsonl   # then label them and train with --data
  stance agree ann_a.jsonl ann_b.jsonl         # how far two annotators agree
  stance classify --format jsonl news/ > tagged.jsonl     # a folder of articles, or archive.jsonl, archive.csv
  stance summarize --by date:month --format html -o net.html tagged.jsonl   # net stance by month, a chart
  source <(stance completion bash)             # complete commands and flags on Tab

Run 'stance COMMAND --help' for a command's flags and examples.
`

func toolUsage() string {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	return fmt.Sprintf(toolHelp, b.String())
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return &usageError{errors.New("no command given"), toolUsage()}
	}
	switch args[0] {
	case "-version", "--version":
		if len(args) > 1 {
			return &usageError{fmt.Errorf("--version takes no arguments, got %q", args[1:]), toolUsage()}
		}
		return writeVersion(stdout)
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			return run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, toolUsage())
		return errHelp
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	return &usageError{fmt.Errorf("unknown command %q", args[0]), toolUsage()}
}

// usage returns the command's usage lines: "Usage: stance NAME [flags]
// ARGS", and its second form if it has one.
func (c *command) usage() string {
	s := "Usage: stance " + c.name + " [flags]"
	if c.args != "" {
		s += " " + c.args
	}
	s += "\n"
	if c.alt != "" {
		s += "       stance " + c.name + " " + c.alt + "\n"
	}
	return s
}

// usageHint is what a usage error prints after the message.
func (c *command) usageHint() string {
	return c.usage() + "Run 'stance " + c.name + " --help' for more.\n"
}

func (c *command) fullHelp(fs *flag.FlagSet) string {
	var b strings.Builder
	b.WriteString(c.usage())
	b.WriteString("\n")
	b.WriteString(strings.TrimSpace(c.help))
	b.WriteString("\n\nFlags:\n")
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return b.String()
}

// run parses flags anywhere among the arguments (Go's flag package stops at
// the first argument that is not a flag; researchers type
// `stance split a.txt --excluded x.jsonl` all the same) and runs the command.
func (c *command) run(e *env, args []string) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	do := c.flags(fs)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stdout, c.fullHelp(fs))
				return errHelp
			}
			return &usageError{err, c.usageHint()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			pos = append(pos, rest[1:]...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if len(pos) < c.minArgs || c.maxArgs >= 0 && len(pos) > c.maxArgs {
		var err error
		switch {
		case c.maxArgs == 0:
			err = fmt.Errorf("%s takes no arguments, got %q", c.name, pos)
		case len(pos) < c.minArgs:
			err = fmt.Errorf("%s needs %s", c.name, c.args)
		default:
			err = fmt.Errorf("%s takes at most %d arguments, got %d", c.name, c.maxArgs, len(pos))
		}
		return &usageError{err, c.usageHint()}
	}
	err := do(e, pos)
	var uerr *usageError
	if errors.As(err, &uerr) && uerr.usage == "" {
		uerr.usage = c.usageHint()
	}
	return err
}
