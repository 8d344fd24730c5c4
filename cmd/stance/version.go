package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/eval"
)

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "print the version of stance, its model format and report schema",
		help: `Version prints the version of stance (the module version, or the commit it
was built from and whether the tree had changes), the Go version and
platform, the model file format it reads and writes, and the schema of the
evaluation report. 'stance --version' prints the same.

Examples:
  stance version
  stance --version`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			return func(e *env, _ []string) error { return writeVersion(e.stdout) }
		},
	}
}

// writeVersion prints what was built: the module version, or the VCS
// revision go build stamps in, then the toolchain and the formats.
func writeVersion(w io.Writer) error {
	version, rev, modified := "(devel)", "", false
	when := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" {
			version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	line := "stance " + version
	if rev != "" {
		line += ", commit " + rev[:min(len(rev), 12)]
		if when != "" {
			line += " of " + when
		}
		if modified {
			line += " with uncommitted changes"
		}
	}
	_, err := fmt.Fprintf(w, "%s\n%s %s/%s\nmodel format %d, report schema %s\n", line, runtime.Version(), runtime.GOOS, runtime.GOARCH, classify.Version, eval.Schema)
	return err
}
