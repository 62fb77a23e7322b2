#!/usr/bin/env bash
# The scaling curve (a benchmark, not a test): wall time and peak memory of the school-level forecast and backtest
# against the number of planning areas, from 1 LA (about 10 areas) to all of England split into 20,000 areas.
#   scripts/scaling.sh [SCHOOLS_DIR [LA_DIR]]   (default ../shared/data/england_schools_2022, ../shared/data/england_la)
#   SCALING_RUNS=N      timed runs per point and job (default 2), after 1 warm-up run that is not counted
#   BENCH_SKIP_BUILD=1  use the existing .build/release/placeplan
# Each point is a folder made by scripts/generate_england.py: the first K LAs (`--las K`) at the default grain
# (about 13 areas per LA), then all LAs with more, smaller areas (`--areas N`). The forecast is `placeplan forecast`
# with every output (CSV files, workbook, report); the backtest is auto's, origins 2013-2021, 1-3 years ahead, with
# its method choice and intervals. Prints one table row per point, then every timed run.
set -euo pipefail
cd "$(dirname "$0")/.."
schools_data="${1:-../shared/data/england_schools_2022}"
la_data="${2:-../shared/data/england_la}"
runs="${SCALING_RUNS:-2}"
[ -f "$schools_data/schools.csv" ] || { echo "scaling needs the census by school in $schools_data" >&2; exit 1; }
source scripts/bench-lib.sh
bench_prepare

points=("--las 1" "--las 4" "--las 16" "--las 64" "--areas 2000" "--areas 5000" "--areas 10000" "--areas 20000")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -m)"
echo "command: scripts/scaling.sh  (SCALING_RUNS=$runs, 1 warm-up run not counted); date: $(date -u +%F)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
for point in "${points[@]}"; do
  folder="$out/data-${point// /}"
  # shellcheck disable=SC2086  # the point is two words: an option and its value
  python3 scripts/generate_england.py --schools-from "$schools_data" --la-from "$la_data" --out "$folder" \
    $point >/dev/null
  areas=$(($(wc -l <"$folder/planning_areas.csv") - 1))
  schools=$(($(wc -l <"$folder/schools.csv") - 1))
  measure "forecast, $point ($areas areas)" --out $bin forecast --inputs "$folder"
  forecast="$median $min $max $((peak / 1024))"
  measure "backtest, $point ($areas areas)" --out $bin backtest --inputs "$folder" --model auto \
    --origins 2013-2021 --horizons 1-3 --no-send --no-early-years
  backtest="$median $min $max $((peak / 1024))"
  rows+=("$point $areas $schools $forecast $backtest")
  rm -rf "$folder"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| Generator | Areas | Schools | Forecast median (min-max), s | Forecast peak RSS | ms per area |" \
  "Backtest median (min-max), s | Backtest peak RSS | ms per area |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
  read -r option value areas schools fm fmin fmax frss bm bmin bmax brss <<<"$row"
  printf '| `%s %s` | %d | %d | %.2f (%.2f-%.2f) | %d MB | %.2f | %.2f (%.2f-%.2f) | %d MB | %.2f |\n' \
    "$option" "$value" "$areas" "$schools" "$fm" "$fmin" "$fmax" "$frss" "$(awk -v t="$fm" -v a="$areas" \
    'BEGIN { print 1000 * t / a }')" "$bm" "$bmin" "$bmax" "$brss" "$(awk -v t="$bm" -v a="$areas" \
    'BEGIN { print 1000 * t / a }')"
done
echo
echo "every timed run (s):"
cat "$out/runs"
