// Command timer runs a command once and reports its wall time, its CPU
// time and its peak memory, for bench/run.sh:
//
//	timer [-i IN] [-o OUT] [-e ERR] [-timeout D] [-maxrss KIB] -- CMD [ARG...]
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
// group, and timer prints "timeout WALL_MS" instead of the figures and
// exits 3. With -maxrss, a command whose resident set (its own, read from
// /proc every 50 ms) grows past KIB is killed the same way before it can
// exhaust the machine's memory, and timer prints "maxrss WALL_MS RSS_KIB"
// and exits 4. A command that fails makes timer exit 1, after the
// figures.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
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
	maxRSS := fs.Int64("maxrss", 0, "kill the command once its resident set passes `KIB` KiB (0: never)")
	if err := fs.Parse(args); err != nil {
		return 2, err
	}
	if fs.NArg() == 0 {
		return 2, errors.New("usage: timer [-i IN] [-o OUT] [-e ERR] [-timeout D] [-maxrss KIB] -- CMD [ARG...]")
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
	var mu sync.Mutex
	killed, peak := "", int64(0) // why timer killed the command, and its RSS then
	kill := func(why string, rss int64) {
		mu.Lock()
		defer mu.Unlock()
		if killed == "" {
			killed, peak = why, rss
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}
	if *timeout > 0 {
		t := time.AfterFunc(*timeout, func() { kill("timeout", 0) })
		defer t.Stop()
	}
	done := make(chan struct{})
	defer close(done)
	if *maxRSS > 0 {
		go func() {
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					if rss := residentKiB(cmd.Process.Pid); rss > *maxRSS {
						kill("maxrss", rss)
						return
					}
				}
			}
		}()
	}
	werr := cmd.Wait()
	wall := time.Since(start)
	mu.Lock()
	why := killed
	mu.Unlock()
	switch why {
	case "timeout":
		fmt.Fprintf(stdout, "timeout %.3f\n", float64(wall.Nanoseconds())/1e6)
		return 3, fmt.Errorf("%s: killed after %v", fs.Arg(0), *timeout)
	case "maxrss":
		fmt.Fprintf(stdout, "maxrss %.3f %d\n", float64(wall.Nanoseconds())/1e6, peak)
		return 4, fmt.Errorf("%s: killed at %d KiB resident, over -maxrss %d", fs.Arg(0), peak, *maxRSS)
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

// residentKiB returns the resident set of process pid in KiB, from
// /proc/PID/statm (its second field, in pages), or 0 if it cannot be read.
func residentKiB(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * int64(os.Getpagesize()) / 1024
}
