#!/usr/bin/env bash
# run.sh measures `stance classify --lines --format tsv` against its peers
# (scikit-learn, fastText) and `wc -w` on the same generated input, then the
# memory, start-up and eval checks, and prints one Markdown report to stdout
# and to bench/out/results.md. See bench/README.md for what each number
# means.
#
#	bench/run.sh                # 200,000 sentences
#	N=50000 RUNS=1 bench/run.sh # quicker, noisier
#
# Environment: N sentences for the comparison (200000), RUNS per tool, best
# kept (5), BIG_N sentences for the memory check (1000000), LONG_BYTES of
# the one-line memory check (52428800, 50 MiB), STARTUP_RUNS (20).
# Progress goes to stderr. Peers missing from the machine are installed
# with apt-get; one that cannot be is skipped, and the report says so.
set -euo pipefail

N=${N:-200000}
RUNS=${RUNS:-5}
BIG_N=${BIG_N:-1000000}
LONG_BYTES=${LONG_BYTES:-52428800}
STARTUP_RUNS=${STARTUP_RUNS:-20}

# wc -w, Python and stance all read the input as UTF-8; fix the locale so
# wc's speed (much faster in the C locale) does not depend on the caller's.
export LC_ALL=C.UTF-8
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
corpus=$root/labels/data/sentences.jsonl
# Files live in memory when /dev/shm allows, so the disk's speed is not
# measured: fastText alone writes and reads two 800 MB models per run.
tmp=$(mktemp -d -p /dev/shm stance-bench.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp # fasttext.sh keeps its models there

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

[[ -x /usr/bin/time ]] || install time || die "/usr/bin/time is missing and 'apt-get install time' failed"

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

say "building stance and the generator"
(cd "$root" && go build -o "$tmp/stance" ./cmd/stance) || die "go build ./cmd/stance"
(cd "$root" && go build -o "$tmp/gen" ./bench/gen) || die "go build ./bench/gen"
stance=$tmp/stance

say "generating $N sentences"
input=$tmp/input.txt
"$tmp/gen" -n "$N" -seed 1 >"$input" || die "gen -n $N"
bytes=$(stat -c %s "$input")

# Measuring ---------------------------------------------------------------

# measure STDIN CMD... runs CMD once with STDIN as standard input and its
# output discarded, and sets wall (seconds) and rss (KiB, peak RSS of the
# largest process CMD waited for).
measure() {
	local in=$1
	shift
	if ! /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" <"$in" >/dev/null 2>"$tmp/stderr"; then
		tail -n 20 "$tmp/stderr" >&2
		die "$* < $in"
	fi
	read -r wall rss <"$tmp/time"
}

# best STDIN CMD... runs CMD RUNS times and sets wall to the shortest time
# and rss to the largest peak seen.
best() {
	local b= r=0 i
	for ((i = 0; i < RUNS; i++)); do
		measure "$@"
		if [[ -z $b ]] || awk -v a="$wall" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$wall; fi
		((rss > r)) && r=$rss
	done
	wall=$b rss=$r
}

# check NAME WANT CMD... runs CMD on the first 1,000 input lines and fails
# unless it prints WANT lines: a tool that breaks should not be timed.
head -n 1000 "$input" >"$tmp/sample.txt"
check() {
	local name=$1 want=$2 got
	shift 2
	got=$("$@" <"$tmp/sample.txt" 2>"$tmp/stderr" | wc -l) || true
	if [[ $got != "$want" ]]; then
		tail -n 20 "$tmp/stderr" >&2
		die "$name printed $got lines for 1000 input lines; want $want"
	fi
}

check stance 1000 "$stance" classify --lines --format tsv
[[ -n $have_sklearn ]] && check scikit-learn 1000 /usr/bin/python3 "$bench/peers/sklearn_pipeline.py" "$corpus" "$tmp/sample.txt"
[[ -n $have_fasttext ]] && check fastText 2000 "$bench/peers/fasttext.sh" "$corpus" "$tmp/sample.txt"

# The tools take turns: RUNS rounds of one run each, and each tool keeps
# its fastest run. Noise on a shared machine comes in spells of seconds;
# taking turns lets a spell slow one run of every tool rather than every
# run of one.
run_stance() { measure "$input" "$stance" classify --lines --format tsv; }
run_sklearn() { measure /dev/null /usr/bin/python3 "$bench/peers/sklearn_pipeline.py" "$corpus" "$input"; }
run_fasttext() { measure /dev/null "$bench/peers/fasttext.sh" "$corpus" "$input"; }
run_wc() { measure /dev/null wc -w "$input"; }
keys=(stance) tools=(stance)
if [[ -n $have_sklearn ]]; then
	keys+=(sklearn) tools+=("scikit-learn (CountVectorizer 1–2-grams + MultinomialNB)")
fi
if [[ -n $have_fasttext ]]; then
	keys+=(fasttext) tools+=("fastText (supervised -wordNgrams 2)")
fi
keys+=(wc) tools+=("wc -w")
walls=() rsss=()
for ((r = 1; r <= RUNS; r++)); do
	say "timing, round $r of $RUNS: ${keys[*]}"
	for i in "${!keys[@]}"; do
		"run_${keys[$i]}"
		if [[ -z ${walls[$i]:-} ]] || awk -v a="$wall" -v b="${walls[$i]}" 'BEGIN { exit !(a < b) }'; then walls[$i]=$wall; fi
		((rss > ${rsss[$i]:-0})) && rsss[$i]=$rss
	done
done

# The memory checks: the longer input must not need more memory, and one
# huge line must be read whole without the reader's 64 KiB limit.
say "memory: $BIG_N sentences"
"$tmp/gen" -n "$BIG_N" -seed 2 >"$tmp/big.txt" || die "gen -n $BIG_N"
big_bytes=$(stat -c %s "$tmp/big.txt")
measure "$tmp/big.txt" "$stance" classify --lines --format tsv
big_wall=$wall big_rss=$rss
rm "$tmp/big.txt"

say "memory: one line of $LONG_BYTES bytes"
"$tmp/gen" -long "$LONG_BYTES" -seed 3 >"$tmp/long.txt" || die "gen -long $LONG_BYTES"
got=$("$stance" classify --lines --format tsv <"$tmp/long.txt" | wc -l) || die "stance on the long line"
[[ $got == 1 ]] || die "stance printed $got records for one long line; want 1"
measure "$tmp/long.txt" "$stance" classify --lines --format tsv
long_wall=$wall long_rss=$rss
rm "$tmp/long.txt"

# Start-up: one sentence, built-in model, so training on the corpus is
# most of the time.
say "start-up: $STARTUP_RUNS runs"
echo "Moscow rejected the offer." >"$tmp/one.txt"
if command -v hyperfine >/dev/null; then
	startup_how="hyperfine, $STARTUP_RUNS runs after 2 warm-up runs"
	hyperfine --runs "$STARTUP_RUNS" --warmup 2 --style none --export-json "$tmp/hf.json" \
		"'$stance' classify --lines --format tsv < '$tmp/one.txt'" >/dev/null 2>"$tmp/stderr" ||
		{ tail -n 20 "$tmp/stderr" >&2; die "hyperfine on stance start-up"; }
	startup=$(/usr/bin/python3 -c 'import json, sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$tmp/hf.json")
else
	startup_how="date +%s%N around each of $STARTUP_RUNS runs"
	total=0
	for ((i = 0; i < STARTUP_RUNS; i++)); do
		t0=$(date +%s%N)
		"$stance" classify --lines --format tsv <"$tmp/one.txt" >/dev/null || die "stance start-up run"
		t1=$(date +%s%N)
		total=$((total + t1 - t0))
	done
	startup=$(awk -v t="$total" -v n="$STARTUP_RUNS" 'BEGIN { printf "%.3f", t / n / 1e9 }')
fi

say "eval on the built-in corpus"
best /dev/null "$stance" eval
eval_wall=$wall eval_rss=$rss

# Reporting ---------------------------------------------------------------

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'; }
stance_wall=${walls[0]}
wc_wall=${walls[${#walls[@]} - 1]}

report() {
	echo "## stance classify --lines --format tsv: speed and memory"
	echo
	echo "Input: $N generated sentences, $bytes bytes ($(awk -v b="$bytes" -v n="$N" 'BEGIN { printf "%.1f MB, %.0f bytes/line", b / 1e6, b / n }')), \`go run ./bench/gen -n $N -seed 1\`."
	echo "Whole process, best of $RUNS runs; peak RSS is the largest of the runs. Every tool uses a model of the same 161 labelled sentences: the peers train it at start-up; stance loads it stored trained (classify.Builtin, equal to a fresh training)."
	echo
	echo "| tool | wall time (s) | MB/s | peak RSS (MiB) | time ÷ stance's | time ÷ wc -w's |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	local i
	for i in "${!tools[@]}"; do
		printf '| %s | %s | %s | %s | %s | %s |\n' "${tools[i]}" "${walls[i]}" \
			"$(awk -v b="$bytes" -v t="${walls[i]}" 'BEGIN { if (t > 0) printf "%.1f", b / 1e6 / t; else print "n/a" }')" \
			"$(mib "${rsss[i]}")" "$(ratio "${walls[i]}" "$stance_wall")" "$(ratio "${walls[i]}" "$wc_wall")"
	done
	echo
	echo "stance takes $(ratio "$stance_wall" "$wc_wall") the time of \`wc -w\` on the same file."
	for s in ${skipped[@]+"${skipped[@]}"}; do
		echo "Skipped: $s."
	done
	echo
	echo "| check | wall time (s) | peak RSS (MiB) |"
	echo "| --- | ---: | ---: |"
	echo "| stance, $BIG_N sentences ($(awk -v b="$big_bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }')) | $big_wall | $(mib "$big_rss") |"
	echo "| stance, one line of $LONG_BYTES bytes ($(awk -v b="$LONG_BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }')) | $long_wall | $(mib "$long_rss") |"
	echo "| stance eval (built-in corpus) | $eval_wall | $(mib "$eval_rss") |"
	echo
	echo "Start-up (one sentence, built-in model, whole process): mean $startup s ($startup_how)."
	echo
	echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $(go version | cut -d' ' -f3-);"
	echo "load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg); the run took ${SECONDS} s; commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' with local changes'); $(date -u '+%Y-%m-%d %H:%M UTC')."
}

mkdir -p "$bench/out"
report | tee "$bench/out/results.md"
