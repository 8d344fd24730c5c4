#!/usr/bin/env bash
# pgo.sh remakes cmd/stance/default.pgo, the CPU profile `go build` uses
# for profile-guided optimisation of the stance command (Go 1.21+ picks up
# default.pgo in a main package by itself). The profile is of the workload
# bench/run.sh times: `stance classify --lines --format tsv` on 200,000
# generated sentences. Run it from anywhere after changing the hot path,
# then bench/run.sh to see the effect; commit the new profile.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
go run ./bench/gen -n 200000 -seed 1 >"$tmp/input.txt"
STANCE_BENCH_INPUT=$tmp/input.txt go test ./cmd/stance -run '^$' -bench ClassifyStream -benchtime 5x -cpuprofile "$tmp/cpu.pprof" -o "$tmp/stance.test" >&2
cp "$tmp/cpu.pprof" cmd/stance/default.pgo
echo "pgo.sh: wrote cmd/stance/default.pgo ($(stat -c %s cmd/stance/default.pgo) bytes)" >&2
