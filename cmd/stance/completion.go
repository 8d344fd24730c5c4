package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

func completionCommand() *command {
	return &command{
		name:    "completion",
		args:    "bash|zsh|fish",
		summary: "print a shell completion script for bash, zsh or fish",
		minArgs: 1, maxArgs: 1,
		help: `Completion prints a script that makes the shell complete stance's commands,
their flags, the values of flags that take one of a few words (--format,
--input, --target…) and file names. Load it from the shell's start-up file.

Examples:
  source <(stance completion bash)             # in ~/.bashrc
  stance completion zsh > "${fpath[1]}/_stance" # then restart zsh
  stance completion fish > ~/.config/fish/completions/stance.fish`,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			return func(e *env, args []string) error {
				switch args[0] {
				case "bash":
					return writeBash(e.stdout)
				case "zsh":
					return writeZsh(e.stdout)
				case "fish":
					return writeFish(e.stdout)
				}
				return &usageError{err: fmt.Errorf("unknown shell %q (want bash, zsh or fish)", args[0])}
			}
		},
	}
}

// flagInfo is a flag of a command, for completion.
type flagInfo struct {
	name   string
	usage  string
	bool   bool
	values []string // the words the flag takes, if it takes one of a few
}

// commandFlags lists the flags of c, sorted by name, from its own FlagSet,
// so completion never falls behind the commands.
func commandFlags(c *command) []flagInfo {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.flags(fs)
	var out []flagInfo
	fs.VisitAll(func(f *flag.Flag) {
		_, usage := flag.UnquoteUsage(f)
		fi := flagInfo{name: f.Name, usage: firstClause(usage)}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			fi.bool = true
		}
		fi.values = flagValues[f.Name]
		if f.Name == "format" {
			fi.values = listedWords(f.Usage)
		}
		out = append(out, fi)
	})
	return out
}

// flagValues are the words flags take where they are few. A command's
// --format lists its own formats in its usage (see listedWords).
var flagValues = map[string][]string{
	"input":   {"text", "jsonl", "csv"},
	"target":  {"stance", "sentiment"},
	"leakage": {"guard", "keep", "compare"},
	"group":   {"event", "topic", "article"},
	"chart":   {"net", "shares"},
}

// listedWords returns the words a usage string lists after its colon:
// "output `format`: table, tsv or jsonl" gives table, tsv, jsonl.
func listedWords(usage string) []string {
	_, list, ok := strings.Cut(usage, ":")
	if !ok {
		return nil
	}
	var out []string
	for _, w := range strings.FieldsFunc(strings.ReplaceAll(list, " or ", ","), func(r rune) bool { return r == ',' || r == ' ' || r == '(' }) {
		if w == "" || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			break
		}
		out = append(out, w)
	}
	return out
}

// firstClause shortens a usage string to its first clause, for the shells
// that show a description.
func firstClause(s string) string {
	if i := strings.IndexAny(s, "(:;"); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return append(names, "help")
}

func writeBash(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`# bash completion for stance; load with: source <(stance completion bash)
_stance() {
	local cur prev words cword
	cur="${COMP_WORDS[COMP_CWORD]}"
	prev="${COMP_WORDS[COMP_CWORD-1]}"
	if [[ $COMP_CWORD -eq 1 ]]; then
		COMPREPLY=($(compgen -W "` + strings.Join(commandNames(), " ") + ` --help --version" -- "$cur"))
		return
	fi
	local flags= values=
	case "${COMP_WORDS[1]}" in
`)
	for _, c := range commands() {
		var names, valueCases []string
		for _, f := range commandFlags(c) {
			names = append(names, "--"+f.name)
			if len(f.values) > 0 {
				valueCases = append(valueCases, fmt.Sprintf("--%s|-%s) values=%q ;;", f.name, f.name, strings.Join(f.values, " ")))
			}
		}
		fmt.Fprintf(&b, "\t%s)\n\t\tflags=%q\n", c.name, strings.Join(names, " ")+" --help")
		if len(valueCases) > 0 {
			fmt.Fprintf(&b, "\t\tcase \"$prev\" in\n")
			for _, vc := range valueCases {
				fmt.Fprintf(&b, "\t\t%s\n", vc)
			}
			fmt.Fprintf(&b, "\t\tesac\n")
		}
		if c.name == "completion" {
			fmt.Fprintf(&b, "\t\tvalues=\"bash zsh fish\"\n")
		}
		fmt.Fprintf(&b, "\t\t;;\n")
	}
	b.WriteString(`	help)
		COMPREPLY=($(compgen -W "` + strings.Join(commandNames(), " ") + `" -- "$cur"))
		return
		;;
	esac
	if [[ -n $values ]]; then
		COMPREPLY=($(compgen -W "$values" -- "$cur"))
	elif [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -o bashdefault -F _stance stance
`)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeZsh(w io.Writer) error {
	var b strings.Builder
	b.WriteString("#compdef stance\n# zsh completion for stance; save as _stance in a directory of $fpath\n_stance() {\n\tlocal -a commands\n\tcommands=(\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "\t\t%s\n", zshQuote(c.name+":"+c.summary))
	}
	b.WriteString("\t\t'help:show the help of a command'\n\t)\n\tif (( CURRENT == 2 )); then\n\t\t_describe -t commands 'stance command' commands\n\t\t_arguments '--help[show help]' '--version[show the version]'\n\t\treturn\n\tfi\n\tlocal cmd=${words[2]}\n\tcurcontext=\"${curcontext%:*:*}:stance-$cmd:\"\n\tshift words; (( CURRENT-- ))\n\tcase $cmd in\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "\t%s)\n\t\t_arguments -s \\\n", c.name)
		for _, f := range commandFlags(c) {
			spec := "--" + f.name + "[" + zshBracket(f.usage) + "]"
			switch {
			case f.bool:
			case len(f.values) > 0:
				spec += ":" + f.name + ":(" + strings.Join(f.values, " ") + ")"
			default:
				spec += ":" + f.name + ":_files"
			}
			fmt.Fprintf(&b, "\t\t\t%s \\\n", zshQuote(spec))
		}
		if c.name == "completion" {
			b.WriteString("\t\t\t'1:shell:(bash zsh fish)'\n\t\t;;\n")
			continue
		}
		b.WriteString("\t\t\t'--help[show help]' \\\n\t\t\t'*:file:_files'\n\t\t;;\n")
	}
	b.WriteString("\thelp)\n\t\t_describe -t commands 'stance command' commands\n\t\t;;\n\tesac\n}\ncompdef _stance stance\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFish(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# fish completion for stance; save as ~/.config/fish/completions/stance.fish\ncomplete -c stance -f\n")
	names := commandNames()
	fmt.Fprintf(&b, "complete -c stance -n 'not __fish_seen_subcommand_from %s' -l help -d 'show help'\n", strings.Join(names, " "))
	fmt.Fprintf(&b, "complete -c stance -n 'not __fish_seen_subcommand_from %s' -l version -d 'show the version'\n", strings.Join(names, " "))
	for _, c := range commands() {
		fmt.Fprintf(&b, "complete -c stance -n 'not __fish_seen_subcommand_from %s' -a %s -d %s\n", strings.Join(names, " "), c.name, fishQuote(c.summary))
	}
	for _, c := range commands() {
		cond := "__fish_seen_subcommand_from " + c.name
		for _, f := range commandFlags(c) {
			line := fmt.Sprintf("complete -c stance -n %s -l %s -d %s", fishQuote(cond), f.name, fishQuote(f.usage))
			switch {
			case f.bool:
			case len(f.values) > 0:
				line += " -x -a " + fishQuote(strings.Join(f.values, " "))
			default:
				line += " -r -F"
			}
			b.WriteString(line + "\n")
		}
		if c.name == "completion" {
			fmt.Fprintf(&b, "complete -c stance -n %s -a 'bash zsh fish'\n", fishQuote(cond))
		} else if c.maxArgs != 0 {
			fmt.Fprintf(&b, "complete -c stance -n %s -F\n", fishQuote(cond))
		}
	}
	fmt.Fprintf(&b, "complete -c stance -n '__fish_seen_subcommand_from help' -a %s\n", fishQuote(strings.Join(slices.DeleteFunc(names, func(n string) bool { return n == "help" }), " ")))
	_, err := io.WriteString(w, b.String())
	return err
}

// zshQuote quotes s for zsh in single quotes.
func zshQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// zshBracket makes s safe inside the [description] of an _arguments spec.
func zshBracket(s string) string {
	return strings.NewReplacer("[", "(", "]", ")", ":", " ", "\\", "").Replace(s)
}

// fishQuote quotes s for fish in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}
