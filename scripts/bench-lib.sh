#!/usr/bin/env bash
# Shared by scripts/benchmark.sh and scripts/scaling.sh (sourced, not run): timing of whole processes.
# The caller sets `runs` (timed runs per job, after 1 warm-up run) and calls bench_prepare.

# Checks for GNU time, installs the packages and builds in release mode (unless BENCH_SKIP_BUILD=1); sets `bin` (the
# binary) and `out` (a scratch folder removed on exit).
bench_prepare() {
  [ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 1; }
  if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    scripts/install-deps.sh
    swift build -c release >/dev/null
  fi
  bin=.build/release/placeplan
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
}

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
# new folder (so no run archives an earlier one). Prints a line of the table; sets `median`, `min`, `max` (s) and
# `peak` (kB, the largest of the timed runs) for the caller.
measure() {
  local name="$1"; shift
  local with_out=0
  if [ "$1" = --out ]; then with_out=1; shift; fi
  local times=() run
  peak=0
  for run in $(seq 0 "$runs"); do
    local extra=()
    [ "$with_out" = 1 ] && extra=(--out "$out/run-$RANDOM-$run")
    time_once "$@" "${extra[@]}"
    [ "$with_out" = 1 ] && rm -rf "${extra[1]}"
    [ "$run" = 0 ] && continue  # the warm-up run: file cache, dynamic loader
    times+=("$seconds")
    [ "$kilobytes" -gt "$peak" ] && peak=$kilobytes
  done
  local q1 q3
  read -r median q1 q3 min max < <(statistics "${times[@]}")
  printf '%-52s %7.3f s  %7.3f-%-7.3f %7.3f-%-7.3f %5d MB\n' "$name" "$median" "$min" "$max" "$q1" "$q3" \
    $((peak / 1024))
  printf '  %-52s %s\n' "$name" "${times[*]}" >>"$out/runs"
}
