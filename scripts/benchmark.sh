#!/usr/bin/env bash
# Benchmarks (not tests): wall time and peak memory of the release build, run as whole processes, on the real
# national data and the default city (docs/benchmarks.md says why whole processes).
#   scripts/benchmark.sh [DATA_DIR]   (default ../shared/data/england_la)
#   BENCH_RUNS=N                      timed runs per job (default 7), after 1 warm-up run that is not counted
#   BENCH_SKIP_BUILD=1                use the existing .build/release/placeplan (no install, no build)
# Prints, per job: the median wall time, the spread (min-max and the interquartile range Q1-Q3), every run,
# and the peak resident memory over the runs; for input loading also MB/s. Last, `placeplan scenario bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/england_la}"
runs="${BENCH_RUNS:-7}"
[ -f "$data/pupils.csv" ] || { echo "benchmark needs the national data in $data" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "benchmark needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 1; }
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  scripts/install-deps.sh
  swift build -c release >/dev/null
fi
bin=.build/release/placeplan
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# The statistics of the timed runs ($@, seconds): "median q1 q3 min max" (quartiles by linear interpolation).
statistics() {
  printf '%s\n' "$@" | sort -g | awk '
    { x[NR] = $1 }
    function q(p,   h, lo) { h = (NR - 1) * p + 1; lo = int(h); return x[lo] + (h - lo) * (x[lo + 1] - x[lo]) }
    END { x[NR + 1] = x[NR]; printf "%.3f %.3f %.3f %.3f %.3f\n", q(0.5), q(0.25), q(0.75), x[1], x[NR] }'
}

# One wall time (seconds, to the millisecond) and peak RSS (kB) of the command "$@", its output thrown away;
# sets `seconds` and `kilobytes`. A failing command stops the benchmark with its error output.
time_once() {
  local start end
  start=$EPOCHREALTIME
  if ! /usr/bin/time -f "%M" -o "$out/time" "$@" >/dev/null 2>"$out/stderr"; then
    echo "failed: $*" >&2; cat "$out/stderr" >&2; exit 1
  fi
  end=$EPOCHREALTIME
  seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
  kilobytes=$(tail -n 1 "$out/time")
}

# measure NAME [--out] COMMAND...: 1 warm-up run, then $runs timed runs; with --out each run writes to its own
# new folder (so no run archives an earlier one). Sets `median` for the caller.
measure() {
  local name="$1"; shift
  local with_out=0
  if [ "$1" = --out ]; then with_out=1; shift; fi
  local times=() peak=0 run
  for run in $(seq 0 "$runs"); do
    local extra=()
    [ "$with_out" = 1 ] && extra=(--out "$out/run-$RANDOM-$run")
    time_once "$@" "${extra[@]}"
    [ "$with_out" = 1 ] && rm -rf "${extra[1]}"
    [ "$run" = 0 ] && continue  # the warm-up run: file cache, dynamic loader
    times+=("$seconds")
    [ "$kilobytes" -gt "$peak" ] && peak=$kilobytes
  done
  local q1 q3 min max
  read -r median q1 q3 min max < <(statistics "${times[@]}")
  printf '%-52s %7.3f s  %7.3f-%-7.3f %7.3f-%-7.3f %5d MB\n' "$name" "$median" "$min" "$max" "$q1" "$q3" \
    $((peak / 1024))
  printf '  %-52s %s\n' "$name" "${times[*]}" >>"$out/runs"
}

national=(--pupils "$data/pupils.csv" --births "$data/births.csv")
window=(--origins 2013-2021 --horizons 1-3)
# The input files `placeplan validate --inputs DATA` reads from the national data folder, and their size in MB.
loaded=()
for file in pupils births areas ehcp ehcp_new early_years; do
  [ -f "$data/$file.csv" ] && loaded+=("$data/$file.csv")
done
megabytes=$(stat -c %s "${loaded[@]}" | awk '{ bytes += $1 } END { printf "%.3f", bytes / 1000000 }')

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -m)"
echo "command: scripts/benchmark.sh $data  (BENCH_RUNS=$runs, 1 warm-up run not counted); date: $(date -u +%F)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-52s %9s  %-15s %-15s %8s\n' "job" "median" "min-max (s)" "IQR (s)" "peak RSS"
measure "validate, default city (inputs/, models, scenarios)" $bin validate --inputs inputs
measure "input loading: validate, national data folder" $bin validate --inputs "$data"
echo "  input loading: $megabytes MB ($(basename -a "${loaded[@]}" | tr '\n' ' ' | sed 's/ $//')) in the median" \
  "time: $(awk -v m="$megabytes" -v t="$median" 'BEGIN { printf "%.2f", m / t }') MB/s (parsing, every" \
  "plausibility check, models/*.yaml and process start included)"
measure "forecast, national, auto + intervals (7 years)" --out $bin forecast "${national[@]}"
measure "forecast, national, standard, --horizon 4" --out $bin forecast "${national[@]}" --model standard \
  --horizon 4
measure "backtest, national, all models, 2013-2021 x 1-3" --out $bin backtest "${national[@]}" "${window[@]}" \
  --no-send --no-early-years
measure "the same with --known-intakes" --out $bin backtest "${national[@]}" "${window[@]}" --no-send \
  --no-early-years --known-intakes
measure "SEND backtest (+ the auto pupil backtest)" --out $bin backtest "${national[@]}" "${window[@]}" \
  --model auto --no-early-years
measure "forecast, default city (+ report.html, xlsx)" --out $bin forecast --inputs inputs
measure "scenario run, default city, models/scenarios" --out $bin scenario run --inputs inputs
measure "scenario suggest, default city" --out $bin scenario suggest --inputs inputs
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "every timed run (s):"
cat "$out/runs"
echo "PAN scenarios on a fixed forecast (default city, in process):"
$bin scenario bench --inputs inputs
