#!/usr/bin/env bash
# Benchmarks (not tests): wall time and peak memory of the release build on the real national data.
#   scripts/benchmark.sh [DATA_DIR]   (default ../shared/data/england_la)
# Runs each job 5 times and prints every wall time, the median and the peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/england_la}"
[ -f "$data/pupils.csv" ] || { echo "benchmark needs the national data in $data" >&2; exit 1; }
scripts/install-deps.sh
swift build -c release >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

measure() {
  local name="$1"; shift
  local times=()
  for run in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" --out "$out/run$run" >/dev/null
    read -r seconds kilobytes < "$out/time"
    times+=("$seconds")
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  printf '%-58s median %5.2f s  (runs: %s)  peak %d MB\n' "$name" "$median" "${times[*]}" $((kilobytes / 1024))
}

echo "machine: $(nproc) cores, $(uname -m)"
measure "forecast, national, auto + intervals (151 LAs, 7 years)" \
  .build/release/placeplan forecast --pupils "$data/pupils.csv" --births "$data/births.csv"
measure "backtest, national, every models/*.yaml, origins 2013-2018" \
  .build/release/placeplan backtest --pupils "$data/pupils.csv" --births "$data/births.csv" \
  --origins 2013-2018 --horizons 1-6 --no-send
measure "the same plus the SEND backtest (8 methods)" \
  .build/release/placeplan backtest --pupils "$data/pupils.csv" --births "$data/births.csv" \
  --origins 2013-2018 --horizons 1-6
measure "scenario run, default city, base + models/scenarios/*.yaml" \
  .build/release/placeplan scenario run --inputs inputs
measure "scenario suggest, default city (forecast + exact search)" \
  .build/release/placeplan scenario suggest --inputs inputs
echo "PAN scenarios on a fixed forecast (default city):"
.build/release/placeplan scenario bench --inputs inputs
