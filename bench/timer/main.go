// Command timer runs a command once and reports its wall time, its CPU
// time and its peak memory, for bench/run.sh:
//
//	timer [-i IN] [-o OUT] [-e ERR] [-timeout D] -- CMD [ARG...]
//
// It prints one line to standard output:
//
//	wall_ms user_ms sys_ms maxrss_kib
//
// Wall time is read from the monotonic clock around the command, to the
// nanosecond; CPU time and peak resident set come from the rusage wait4
// returns, which counts the command and every child it waited for (for a
// script, its tools), as /usr/bin/time does. /usr/bin/time prints seconds
// with two decimals, so a run of 30 ms could read 0.03 or 0.04; here
// times are printed in milliseconds with three decimals.
//
// The command reads IN (default /dev/null) and writes OUT (default
// /dev/null); its standard error goes to ERR (default: timer's own). With
// -timeout, a command still running after D is killed, with its process
// group, and timer prints "timeout" instead of the figures and exits 3.
// A command that fails makes timer exit 1, after the figures.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	code, err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "timer:", err)
	}
	os.Exit(code)
}

func run(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("timer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("i", os.DevNull, "the command's standard input, `FILE`")
	out := fs.String("o", os.DevNull, "the command's standard output, `FILE`")
	errPath := fs.String("e", "", "the command's standard error, `FILE` (default: timer's)")
	timeout := fs.Duration("timeout", 0, "kill the command after `D` (0: never)")
	if err := fs.Parse(args); err != nil {
		return 2, err
	}
	if fs.NArg() == 0 {
		return 2, errors.New("usage: timer [-i IN] [-o OUT] [-e ERR] [-timeout D] -- CMD [ARG...]")
	}
	cmd := exec.Command(fs.Arg(0), fs.Args()[1:]...)
	// Its own process group, so a timeout kills a script's children too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	open := func(path string, flag int) (*os.File, error) {
		f, err := os.OpenFile(path, flag, 0o644)
		if err == nil {
			files = append(files, f)
		}
		return f, err
	}
	var err error
	if cmd.Stdin, err = open(*in, os.O_RDONLY); err != nil {
		return 2, err
	}
	if cmd.Stdout, err = open(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC); err != nil {
		return 2, err
	}
	cmd.Stderr = stderr
	if *errPath != "" {
		if cmd.Stderr, err = open(*errPath, os.O_WRONLY|os.O_CREATE|os.O_TRUNC); err != nil {
			return 2, err
		}
	}

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 2, err
	}
	timedOut := false
	if *timeout > 0 {
		t := time.AfterFunc(*timeout, func() {
			timedOut = true
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		})
		defer t.Stop()
	}
	werr := cmd.Wait()
	wall := time.Since(start)
	if timedOut {
		fmt.Fprintln(stdout, "timeout")
		return 3, fmt.Errorf("%s: killed after %v", fs.Arg(0), *timeout)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 2, errors.New("no rusage on this system")
	}
	ms := func(tv syscall.Timeval) float64 { return float64(tv.Sec)*1e3 + float64(tv.Usec)/1e3 }
	fmt.Fprintf(stdout, "%.3f %.3f %.3f %d\n", float64(wall.Nanoseconds())/1e6, ms(ru.Utime), ms(ru.Stime), ru.Maxrss)
	if werr != nil {
		return 1, fmt.Errorf("%s: %w", fs.Arg(0), werr)
	}
	return 0, nil
}
