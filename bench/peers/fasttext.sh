#!/usr/bin/env bash
# fasttext.sh is the fastText peer of `stance classify --lines --format tsv`.
#
# Usage: fasttext.sh train SENTENCES_JSONL DIR
#        fasttext.sh predict DIR INPUT > OUTPUT
#
# train fits one supervised model per target (stance, sentiment) on the
# labelled sentences and writes DIR/stance.bin and DIR/sentiment.bin; it is
# done once, outside the timed part, as stance's built-in model is trained
# before it ships. Training options are fastText's defaults plus word
# bigrams, like stance's features.
#
# predict writes the three label probabilities of every INPUT line for
# each target, stance first: `fasttext predict-prob MODEL INPUT 3`. This is
# what bench/run.sh times.
#
# Needs the `fasttext` binary (Debian package fasttext), and jq or python3
# for training.
set -euo pipefail

usage() {
	echo "usage: fasttext.sh train SENTENCES_JSONL DIR | fasttext.sh predict DIR INPUT" >&2
	exit 2
}
[[ $# -eq 3 ]] || usage
command -v fasttext >/dev/null || { echo "fasttext.sh: fasttext not found (apt-get install fasttext)" >&2; exit 1; }

# labels CORPUS TARGET writes "__label__LABEL text" per labelled sentence.
labels() {
	if command -v jq >/dev/null; then
		jq -r --arg t "$2" '"__label__" + .[$t] + " " + (.text | gsub("[\t\n]"; " "))' "$1"
	else
		/usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        r = json.loads(line)
        print("__label__" + r[sys.argv[2]] + " " + " ".join(r["text"].split()))
' "$1" "$2"
	fi
}

case $1 in
train)
	corpus=$2 dir=$3
	mkdir -p "$dir"
	for target in stance sentiment; do
		labels "$corpus" "$target" >"$dir/$target.train"
		fasttext supervised -input "$dir/$target.train" -output "$dir/$target" -wordNgrams 2 -verbose 0 >/dev/null
		rm -f "$dir/$target.vec"
	done
	;;
predict)
	dir=$2 input=$3
	for target in stance sentiment; do
		fasttext predict-prob "$dir/$target.bin" "$input" 3
	done
	;;
*)
	usage
	;;
esac
