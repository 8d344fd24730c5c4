#!/usr/bin/env bash
# run.sh measures `stance classify --format tsv`, with --lines and in its
# default paragraph mode, against its peers (scikit-learn, fastText with a
# pre-trained model) and `wc -w` on the same generated input; then the
# memory and start-up checks and `stance eval` on the built-in corpus and
# on generated labelled corpora. It prints one Markdown report to stdout
# and to bench/out/results.md. See bench/README.md for what each number
# means.
#
#	bench/run.sh                # 200,000 sentences; eval at 10,000 and 100,000
#	QUICK=1 bench/run.sh        # smaller and fewer runs: under 2 minutes
#
# Environment (QUICK=1 changes the defaults in brackets): N sentences for
# the comparison, 200000 [50000]; RUNS per tool, best kept, 5 [2]; PARA
# lines to a paragraph for paragraph mode, 5; BIG_N sentences for the
# memory check, 1000000 [200000]; LONG_BYTES of the one-line memory check,
# 52428800 [10485760]; STARTUP_RUNS, 50 [20]; EVAL_N sizes of the
# generated labelled corpora, "10000 100000" ["10000"]; EVAL_EVENTS events
# in them, 20; EVAL_RUNS per eval, 1; EVAL_TIMEOUT seconds before an eval
# run is given up, 600 [120]; EVAL_MAX_RSS MiB of resident memory at which
# an eval run is given up, 4096; EVAL_SEARCH, 1 [0], to time eval --search
# on the built-in corpus too.
# Progress goes to stderr. Peers missing from the machine are installed
# with apt-get; one that cannot be is skipped, and the report says so.
set -euo pipefail

if [[ -n ${QUICK:-} ]]; then
	: "${N:=50000}" "${RUNS:=2}" "${BIG_N:=200000}" "${LONG_BYTES:=10485760}" "${STARTUP_RUNS:=20}"
	: "${EVAL_N:=10000}" "${EVAL_TIMEOUT:=120}" "${EVAL_SEARCH:=0}"
fi
N=${N:-200000}
RUNS=${RUNS:-5}
PARA=${PARA:-5}
BIG_N=${BIG_N:-1000000}
LONG_BYTES=${LONG_BYTES:-52428800}
STARTUP_RUNS=${STARTUP_RUNS:-50}
EVAL_N=${EVAL_N:-10000 100000}
EVAL_EVENTS=${EVAL_EVENTS:-20}
EVAL_RUNS=${EVAL_RUNS:-1}
EVAL_TIMEOUT=${EVAL_TIMEOUT:-600}
EVAL_MAX_RSS=${EVAL_MAX_RSS:-4096}
EVAL_SEARCH=${EVAL_SEARCH:-1}

# wc -w, Python and stance all read the input as UTF-8; fix the locale so
# wc's speed (much faster in the C locale) does not depend on the caller's.
export LC_ALL=C.UTF-8
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
# Files live in memory when /dev/shm allows, so the disk's speed is not
# measured: fastText reads two 800 MB models per run.
tmp=$(mktemp -d -p /dev/shm stance-bench.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp

say() { echo "run.sh: $*" >&2; }
die() {
	echo "run.sh: FAILED: $*" >&2
	exit 1
}

# Installing --------------------------------------------------------------

apt_updated=
# install PKG... installs Debian packages, running apt-get update once.
install() {
	command -v apt-get >/dev/null || return 1
	if [[ -z $apt_updated ]]; then
		say "apt-get update"
		apt-get update -qq >"$tmp/apt.log" 2>&1 || return 1
		apt_updated=1
	fi
	say "apt-get install $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$tmp/apt.log" 2>&1
}

skipped=() # "peer: reason", for the report

have_sklearn=
if /usr/bin/python3 -c 'import sklearn' 2>/dev/null || { install python3-sklearn && /usr/bin/python3 -c 'import sklearn' 2>/dev/null; }; then
	have_sklearn=1
else
	skipped+=("scikit-learn: python3-sklearn is not installed and could not be installed")
	say "skipping scikit-learn: python3-sklearn could not be installed"
fi
have_fasttext=
if command -v fasttext >/dev/null || { install fasttext && command -v fasttext >/dev/null; }; then
	have_fasttext=1
else
	skipped+=("fastText: the fasttext package is not installed and could not be installed")
	say "skipping fastText: fasttext could not be installed"
fi

# Building and generating -------------------------------------------------

# stance is built without cgo, as the README installs it: statically
# linked, as Go builds it anyway where there is no C compiler. Where there
# is one, Go links the C library dynamically for the net package's name
# resolver (stance label serves a page), and every run pays the dynamic
# loader; that build is timed at start-up too, beside a Go hello-world as
# the floor of any Go program's start.
say "building stance, the generator and the timer"
for cmd in cmd/stance bench/gen bench/timer; do
	(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/$(basename "$cmd")" "./$cmd") || die "go build ./$cmd"
done
stance=$tmp/stance timer=$tmp/timer
stance_cgo=
if (cd "$root" && CGO_ENABLED=1 go build -o "$tmp/stance-cgo" ./cmd/stance) 2>>"$tmp/build.log"; then
	stance_cgo=$tmp/stance-cgo
else
	say "no cgo build of stance (no C compiler?); its start-up is not timed"
fi
mkdir "$tmp/hello"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hello\\n") }\n' >"$tmp/hello/main.go"
(cd "$tmp/hello" && CGO_ENABLED=0 GOFLAGS= go build -o "$tmp/hello-go" main.go) || die "go build hello"

say "generating $N sentences"
input=$tmp/input.txt
"$tmp/gen" -n "$N" -seed 1 >"$input" || die "gen -n $N"
bytes=$(stat -c %s "$input")
# The same text as paragraphs: PARA lines joined by spaces, the byte count
# unchanged (a newline becomes a space).
paras=$tmp/paragraphs.txt
awk -v k="$PARA" '{ printf "%s%s", $0, (NR % k == 0 ? "\n" : " ") } END { if (NR % k) print "" }' "$input" >"$paras"
para_lines=$(wc -l <"$paras")
para_records=$("$stance" classify --format tsv <"$paras" | wc -l) || die "stance on the paragraphs"

# The peers learn from the labelled sentences the built-in model was
# trained on: the seeds and the examples.
corpus=$tmp/corpus.jsonl
cat "$root/labels/data/sentences.jsonl" "$root"/labels/data/examples/sentences.jsonl >"$corpus" 2>/dev/null ||
	cp "$root/labels/data/sentences.jsonl" "$corpus"
corpus_n=$(grep -c . "$corpus")

# Measuring ---------------------------------------------------------------

# measure [TIMER-FLAG...] -- CMD... runs CMD once under the timer, its
# output discarded, and sets wall and cpu (seconds) and rss (KiB, peak RSS
# of the largest process CMD waited for). With the timer's -timeout or
# -maxrss, stopped says why a run was stopped ("timeout" or "maxrss"; empty
# if it was not), wall how long it had run and rss, for maxrss, the
# resident set it had reached.
measure() {
	local code=0 w u s
	stopped=
	"$timer" -e "$tmp/stderr" "$@" >"$tmp/time" 2>>"$tmp/timer.log" || code=$?
	case $code in
	0) ;;
	3 | 4)
		read -r stopped w rss <"$tmp/time"
		wall=$(awk -v x="$w" 'BEGIN { printf "%.3f", x / 1000 }') cpu= rss=${rss:-0}
		return
		;;
	*)
		tail -n 20 "$tmp/stderr" >&2
		die "$*"
		;;
	esac
	read -r w u s rss <"$tmp/time"
	wall=$(awk -v x="$w" 'BEGIN { printf "%.3f", x / 1000 }')
	cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", (u + s) / 1000 }')
}

# lt A B: whether A < B, or B is empty.
lt() { [[ -z $2 ]] || awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# check NAME WANT INPUT CMD... runs CMD on INPUT and fails unless it prints
# WANT lines: a tool that breaks should not be timed.
check() {
	local name=$1 want=$2 in=$3 got
	shift 3
	got=$("$@" <"$in" 2>"$tmp/stderr" | wc -l) || true
	if [[ $got != "$want" ]]; then
		tail -n 20 "$tmp/stderr" >&2
		die "$name printed $got lines for $(wc -l <"$in") input lines; want $want"
	fi
}
head -n 1000 "$input" >"$tmp/sample.txt"

if [[ -n $have_fasttext ]]; then
	say "training fastText on $corpus_n sentences (not timed in the comparison)"
	measure -- "$bench/peers/fasttext.sh" train "$corpus" "$tmp/ft"
	ft_train_wall=$wall ft_model_bytes=$(stat -c %s "$tmp/ft/stance.bin")
fi

check stance 1000 "$tmp/sample.txt" "$stance" classify --lines --format tsv
[[ -n $have_sklearn ]] && check scikit-learn 1000 /dev/null /usr/bin/python3 "$bench/peers/sklearn_pipeline.py" "$corpus" "$tmp/sample.txt"
[[ -n $have_fasttext ]] && check fastText 2000 /dev/null "$bench/peers/fasttext.sh" predict "$tmp/ft" "$tmp/sample.txt"

# The tools take turns: RUNS rounds of one run each, and each tool keeps
# its fastest run (wall and CPU apart). Noise on a shared machine comes in
# spells of seconds; taking turns lets a spell slow one run of every tool
# rather than every run of one.
run_lines() { measure -i "$input" -- "$stance" classify --lines --format tsv; }
run_paras() { measure -i "$paras" -- "$stance" classify --format tsv; }
run_sklearn() { measure -- /usr/bin/python3 "$bench/peers/sklearn_pipeline.py" "$corpus" "$input"; }
run_fasttext() { measure -- "$bench/peers/fasttext.sh" predict "$tmp/ft" "$input"; }
run_wc() { measure -- wc -w "$input"; }
keys=(lines paras) inputs=(lines paragraphs)
tools=("stance classify --lines" "stance classify (paragraphs)")
if [[ -n $have_sklearn ]]; then
	keys+=(sklearn) inputs+=(lines) tools+=("scikit-learn (CountVectorizer 1–2-grams + MultinomialNB, trains at start-up)")
fi
if [[ -n $have_fasttext ]]; then
	keys+=(fasttext) inputs+=(lines) tools+=("fastText predict-prob (pre-trained, -wordNgrams 2)")
fi
keys+=(wc) inputs+=(lines) tools+=("wc -w")
walls=() cpus=() rsss=() cpu_runs=() # cpu_runs: each round's CPU time, in order
for ((r = 1; r <= RUNS; r++)); do
	say "timing, round $r of $RUNS: ${keys[*]}"
	for i in "${!keys[@]}"; do
		"run_${keys[$i]}"
		lt "$wall" "${walls[$i]:-}" && walls[$i]=$wall
		lt "$cpu" "${cpus[$i]:-}" && cpus[$i]=$cpu
		cpu_runs[i]="${cpu_runs[i]:-}$cpu "
		((rss > ${rsss[$i]:-0})) && rsss[$i]=$rss
	done
done

# The memory checks: the longer input must not need more memory, and one
# huge line must be read whole without the reader's 64 KiB limit.
say "memory: $BIG_N sentences"
"$tmp/gen" -n "$BIG_N" -seed 2 >"$tmp/big.txt" || die "gen -n $BIG_N"
big_bytes=$(stat -c %s "$tmp/big.txt")
measure -i "$tmp/big.txt" -- "$stance" classify --lines --format tsv
big_wall=$wall big_cpu=$cpu big_rss=$rss
rm "$tmp/big.txt"

say "memory: one line of $LONG_BYTES bytes"
"$tmp/gen" -long "$LONG_BYTES" -seed 3 >"$tmp/long.txt" || die "gen -long $LONG_BYTES"
got=$("$stance" classify --lines --format tsv <"$tmp/long.txt" 2>"$tmp/stderr" | wc -l) || die "stance on the long line"
[[ $got == 1 ]] || die "stance printed $got records for one long line; want 1"
measure -i "$tmp/long.txt" -- "$stance" classify --lines --format tsv
long_wall=$wall long_cpu=$cpu long_rss=$rss
rm "$tmp/long.txt"

# Start-up: one sentence, built-in model, in each mode; the cgo build and
# a Go hello-world for comparison. The runs are interleaved, so a busy
# moment of the machine falls on all of them alike, and each time is the
# timer's own, to the microsecond.
say "start-up: $STARTUP_RUNS runs of each, interleaved"
echo "Moscow rejected the offer." >"$tmp/one.txt"
echo "Moscow rejected the offer. Washington said it would try again." >"$tmp/two.txt"
su_names=(lines paras hello) su_ins=("$tmp/one.txt" "$tmp/two.txt" /dev/null)
su_cmds=("$stance classify --format tsv --lines" "$stance classify --format tsv" "$tmp/hello-go")
if [[ -n $stance_cgo ]]; then
	su_names+=(cgo) su_ins+=("$tmp/one.txt") su_cmds+=("$stance_cgo classify --format tsv --lines")
fi
for k in "${!su_names[@]}"; do : >"$tmp/su-${su_names[k]}"; done
for ((i = 0; i < STARTUP_RUNS; i++)); do
	for k in "${!su_names[@]}"; do
		# shellcheck disable=SC2086 # the command's words
		"$timer" -i "${su_ins[k]}" -e "$tmp/stderr" -- ${su_cmds[k]} >>"$tmp/su-${su_names[k]}" ||
			die "start-up: ${su_cmds[k]}"
	done
done
# startup NAME prints the mean, median and fastest wall time and the mean
# CPU time of NAME's runs, in ms.
startup() {
	sort -n -k1,1 "$tmp/su-$1" | awk '
		{ w[NR] = $1; t += $1; c += $2 + $3 }
		END {
			med = NR % 2 ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
			printf "%.2f %.2f %.2f %.2f\n", t / NR, med, w[1], c / NR
		}'
}
read -ra su_lines < <(startup lines)
read -ra su_paras < <(startup paras)
read -ra su_hello < <(startup hello)
su_cgo=()
[[ -n $stance_cgo ]] && read -ra su_cgo < <(startup cgo)

# eval ------------------------------------------------------------------

# eval_best NAME ARGS... runs stance eval EVAL_RUNS times, each stopped at
# EVAL_TIMEOUT seconds or EVAL_MAX_RSS MiB, and appends a row to eval_rows.
eval_rows=()
eval_best() {
	local name=$1 b= c= m=0 r
	shift
	for ((r = 0; r < EVAL_RUNS; r++)); do
		measure -timeout "${EVAL_TIMEOUT}s" -maxrss $((EVAL_MAX_RSS * 1024)) -- "$stance" eval "$@"
		case $stopped in
		timeout)
			b="stopped at $EVAL_TIMEOUT s" c="n/a" m=$rss
			break
			;;
		maxrss)
			b="stopped after $wall s, at the $EVAL_MAX_RSS MiB limit" c="n/a" m=$rss
			break
			;;
		esac
		lt "$wall" "$b" && b=$wall
		lt "$cpu" "$c" && c=$cpu
		((rss > m)) && m=$rss
	done
	eval_rows+=("| $name | $b | $c | $(mib "$m") |")
}
mib() { awk -v k="$1" 'BEGIN { if (k > 0) printf "%.1f", k / 1024; else print "n/a" }'; }

say "eval on the built-in corpus"
eval_best "built-in corpus ($corpus_n sentences, $(grep -c . "$root/labels/data/catalog.jsonl") articles)"
if [[ $EVAL_SEARCH == 1 ]]; then
	say "eval --search on the built-in corpus"
	eval_best "built-in corpus, \`--search\` (64 settings, nested)" --search
fi
for n in $EVAL_N; do
	"$tmp/gen" -labelled -n "$n" -events "$EVAL_EVENTS" -seed 4 -catalog "$tmp/cat$n.jsonl" >"$tmp/lab$n.jsonl" || die "gen -labelled -n $n"
	say "eval on $n generated labelled sentences (timeout ${EVAL_TIMEOUT} s)"
	eval_best "generated, $n sentences, $(wc -l <"$tmp/cat$n.jsonl") articles, $EVAL_EVENTS events" \
		--data "$tmp/lab$n.jsonl" --catalog "$tmp/cat$n.jsonl"
	rm "$tmp/lab$n.jsonl" "$tmp/cat$n.jsonl"
done

# Reporting ---------------------------------------------------------------

# spread "X Y Z ...": the smallest and largest of the numbers, "a–b".
spread() { tr ' ' '\n' <<<"$1" | awk 'NF { if (n++ == 0 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { printf "%.3f–%.3f", lo, hi }'; }
# paired "A1 A2 ..." "B1 B2 ...": the smallest and largest of Ai ÷ Bi.
paired() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		n = split(a, x, " "); split(b, y, " ")
		for (i = 1; i <= n; i++) { r = x[i] / y[i]; if (i == 1 || r < lo) lo = r; if (i == 1 || r > hi) hi = r }
		printf "%.1f×–%.1f×", lo, hi
	}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'; }
idx() { # idx KEY: index of KEY in keys, or empty
	local i
	for i in "${!keys[@]}"; do [[ ${keys[$i]} == "$1" ]] && echo "$i"; done
}
li=$(idx lines) pi=$(idx paras) fi_=$(idx fasttext) si=$(idx sklearn) wi=$(idx wc)

# surow NAME MEAN MEDIAN FASTEST CPU prints a row of the start-up table.
surow() { printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$5" "$(ratio "$2" "${su_hello[0]}")"; }

report() {
	echo "## stance classify --format tsv: speed and memory"
	echo
	echo "Input: $N generated sentences, $bytes bytes ($(awk -v b="$bytes" -v n="$N" 'BEGIN { printf "%.1f MB, %.0f bytes/line", b / 1e6, b / n }')), \`go run ./bench/gen -n $N -seed 1\`;"
	echo "for paragraph mode the same text $PARA lines to a paragraph ($para_lines lines, same bytes), in which stance finds $para_records sentences."
	echo "Whole process, best of $RUNS runs for wall and for CPU apart (CPU is user + system, the process and its children); peak RSS is the largest of the runs."
	echo "stance loads its model stored trained (classify.Builtin, equal to a fresh training on the $corpus_n labelled sentences); scikit-learn trains on them at start-up;"
	echo "fastText was trained on them before timing$( [[ -n $have_fasttext ]] && echo " (${ft_train_wall} s; each model $(awk -v b="$ft_model_bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }'))") and only \`predict-prob\` is timed, for both targets."
	echo "stance uses every CPU; the peers use one."
	echo
	echo "| tool | input | wall (s) | CPU (s) | MB/s (wall) | peak RSS (MiB) | wall ÷ stance --lines | CPU ÷ stance --lines |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	local i
	for i in "${!tools[@]}"; do
		printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${tools[i]}" "${inputs[i]}" "${walls[i]}" "${cpus[i]}" \
			"$(awk -v b="$bytes" -v t="${walls[i]}" 'BEGIN { if (t > 0) printf "%.1f", b / 1e6 / t; else print "n/a" }')" \
			"$(mib "${rsss[i]}")" "$(ratio "${walls[i]}" "${walls[li]}")" "$(ratio "${cpus[i]}" "${cpus[li]}")"
	done
	echo
	echo "- paragraph mode ÷ --lines: wall $(ratio "${walls[pi]}" "${walls[li]}"), CPU $(ratio "${cpus[pi]}" "${cpus[li]}")."
	if [[ -n $fi_ ]]; then
		echo "- fastText ÷ stance --lines: wall $(ratio "${walls[fi_]}" "${walls[li]}"), CPU $(ratio "${cpus[fi_]}" "${cpus[li]}"); ÷ stance paragraphs: wall $(ratio "${walls[fi_]}" "${walls[pi]}"), CPU $(ratio "${cpus[fi_]}" "${cpus[pi]}")."
		echo "- fastText's CPU time over the rounds: $(spread "${cpu_runs[fi_]}") s; stance's: $(spread "${cpu_runs[li]}") s with --lines, $(spread "${cpu_runs[pi]}") s in paragraphs. Round by round (the tools run back to back, so a busy spell falls on both), fastText ÷ stance on CPU: $(paired "${cpu_runs[fi_]}" "${cpu_runs[li]}") with --lines, $(paired "${cpu_runs[fi_]}" "${cpu_runs[pi]}") in paragraphs."
	fi
	if [[ -n $si ]]; then
		echo "- scikit-learn ÷ stance --lines: wall $(ratio "${walls[si]}" "${walls[li]}"), CPU $(ratio "${cpus[si]}" "${cpus[li]}"); ÷ stance paragraphs: wall $(ratio "${walls[si]}" "${walls[pi]}"), CPU $(ratio "${cpus[si]}" "${cpus[pi]}")."
	fi
	echo "- stance --lines ÷ \`wc -w\`: wall $(ratio "${walls[li]}" "${walls[wi]}"), CPU $(ratio "${cpus[li]}" "${cpus[wi]}")."
	for s in ${skipped[@]+"${skipped[@]}"}; do
		echo "- Skipped: $s."
	done
	echo
	echo "| check | wall (s) | CPU (s) | peak RSS (MiB) |"
	echo "| --- | ---: | ---: | ---: |"
	echo "| stance --lines, $BIG_N sentences ($(awk -v b="$big_bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }')) | $big_wall | $big_cpu | $(mib "$big_rss") |"
	echo "| stance --lines, one line of $LONG_BYTES bytes ($(awk -v b="$LONG_BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }')) | $long_wall | $long_cpu | $(mib "$long_rss") |"
	echo
	echo "Start-up: one input line, built-in model, whole process; $STARTUP_RUNS runs of each, interleaved. stance is built with CGO_ENABLED=0, as the README installs it."
	echo
	echo "| program | mean wall (ms) | median wall (ms) | fastest wall (ms) | mean CPU (ms) | mean wall ÷ Go hello-world |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	surow "stance classify --lines" "${su_lines[@]}"
	surow "stance classify (paragraph mode, two sentences, so the splitter runs)" "${su_paras[@]}"
	if ((${#su_cgo[@]})); then
		surow "stance classify --lines, built with cgo (dynamically linked)" "${su_cgo[@]}"
	fi
	surow "Go hello-world (the floor)" "${su_hello[@]}"
	echo
	echo "## stance eval"
	echo
	echo "\`stance eval\` (default report: held out by event, leakage guard, learning curve, held out by article and by topic), best of $EVAL_RUNS; generated corpora from \`gen -labelled -events $EVAL_EVENTS -seed 4\`, given with --data and --catalog."
	echo
	echo "| corpus | wall (s) | CPU (s) | peak RSS (MiB) |"
	echo "| --- | ---: | ---: | ---: |"
	printf '%s\n' "${eval_rows[@]}"
	echo
	echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $(go version | cut -d' ' -f3-);"
	echo "load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg); the run took ${SECONDS} s; commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' with local changes'); $(date -u '+%Y-%m-%d %H:%M UTC')."
}

mkdir -p "$bench/out"
report | tee "$bench/out/results.md"
