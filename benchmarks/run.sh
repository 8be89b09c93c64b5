#!/usr/bin/env bash
# run.sh measures eventual against its baselines and peers, and writes what
# the README shows: a benchstat table per scenario and an SVG chart per
# benchmark.
#
#   ./run.sh [rounds] [benchmark regexp]      (default: 10 rounds of all)
#
# It builds the benchmarks once, then runs ROUNDS rounds of every benchmark,
# one sample of every implementation per round, so that a noisy minute on a
# shared machine falls on every library alike rather than on whichever was
# running then. Results go to results/: raw.txt (go test output),
# tables.txt (benchstat, one scenario at a time, against that scenario's
# baseline) and charts/ (from benchstat's CSV, by cmd/benchchart).
set -euo pipefail
cd "$(dirname "$0")"

rounds=${1:-10}
bench=${2:-.}
benchstat="go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"
out=results
mkdir -p "$out"

go test -c -o "$out/bench.test" .
: > "$out/raw.txt"
for i in $(seq "$rounds"); do
	echo "round $i of $rounds" >&2
	"$out/bench.test" -test.run '^$' -test.bench "$bench" -test.benchmem -test.count 1 >> "$out/raw.txt"
done
rm "$out/bench.test"

: > "$out/tables.txt"
for name in $(sed -n 's|^Benchmark\([A-Za-z]*\).*|\1|p' "$out/raw.txt" | awk '!seen[$0]++'); do
	echo "## $name" >> "$out/tables.txt"
	$benchstat -filter ".name:$name" -col /impl "$out/raw.txt" >> "$out/tables.txt" 2>&1
	echo >> "$out/tables.txt"
done
cat "$out/tables.txt"

rm -rf "$out/charts"
$benchstat -format csv -col /impl "$out/raw.txt" 2>/dev/null |
	go run ./cmd/benchchart -dir "$out/charts" -units sec/op > /dev/null
echo "charts in $out/charts" >&2
