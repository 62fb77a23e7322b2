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
source scripts/bench-lib.sh
bench_prepare

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
# England at school level: the seeded generator's folder (docs/england.md) from the census by school.
schools_data="$(dirname "$data")/england_schools_2022"
if [ -f "$schools_data/schools.csv" ]; then
  python3 scripts/generate_england.py --schools-from "$schools_data" --la-from "$data" --out "$out/england" \
    >/dev/null
  england=(--inputs "$out/england")
  measure "forecast, England at school level (+ all outputs)" --out $bin forecast "${england[@]}"
  measure "backtest, England school level, auto, 2013-2021 x 1-3" --out $bin backtest "${england[@]}" \
    "${window[@]}" --model auto --no-send --no-early-years
else
  echo "  (England at school level skipped: $schools_data not found)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "every timed run (s):"
cat "$out/runs"
echo "PAN scenarios on a fixed forecast (default city, in process):"
$bin scenario bench --inputs inputs
