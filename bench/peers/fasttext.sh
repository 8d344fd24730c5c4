#!/usr/bin/env bash
# fasttext.sh is the fastText peer of `stance classify --lines --format tsv`.
#
# Usage: fasttext.sh SENTENCES_JSONL INPUT > OUTPUT
#
# It trains one supervised model per target (stance, sentiment) on the
# labelled sentences, as stance trains on its built-in corpus at start-up,
# then writes the three label probabilities of every INPUT line for each
# target: `fasttext predict-prob MODEL INPUT 3`, stance first. Training
# options are fastText's defaults plus word bigrams, like stance's features.
# Needs the `fasttext` binary (Debian package fasttext) and jq or python3.
set -euo pipefail

if [[ $# -ne 2 ]]; then
	echo "usage: fasttext.sh SENTENCES_JSONL INPUT > OUTPUT" >&2
	exit 2
fi
corpus=$1 input=$2
command -v fasttext >/dev/null || { echo "fasttext.sh: fasttext not found (apt-get install fasttext)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# labels writes "__label__LABEL text" per labelled sentence for target $1.
labels() {
	if command -v jq >/dev/null; then
		jq -r --arg t "$1" '"__label__" + .[$t] + " " + (.text | gsub("[\t\n]"; " "))' "$corpus"
	else
		/usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        r = json.loads(line)
        print("__label__" + r[sys.argv[2]] + " " + " ".join(r["text"].split()))
' "$corpus" "$1"
	fi
}

for target in stance sentiment; do
	labels "$target" >"$work/$target.train"
	fasttext supervised -input "$work/$target.train" -output "$work/$target" -wordNgrams 2 -verbose 0 >/dev/null
done
for target in stance sentiment; do
	fasttext predict-prob "$work/$target.bin" "$input" 3
done
