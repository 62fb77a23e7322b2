# PlacePlanning: the two commands of the README, and helpers.
#   make run    install missing system packages, build (release), run the main job on inputs/ into outputs/:
#               the forecast with surplus, places needed, build needs, deficit risk and SEND, then every
#               scenario in models/scenarios/ side by side
#   make test   install missing system packages, run the whole test suite

OUT ?= outputs

.PHONY: run test deps build serve inputs england bench

deps:
	@scripts/install-deps.sh

build: deps
	swift build -c release

run: build
	.build/release/placeplan forecast --inputs inputs --out $(OUT)
	.build/release/placeplan scenario run --inputs inputs --out $(OUT)/scenarios

test: deps
	swift test

# The web app on this machine (http://127.0.0.1:8080/) over the default inputs; see docs/web.md.
serve: build
	.build/release/placeplan serve --inputs inputs

# Rebuild the embedded default data from inputs/source/ (seeded, byte-identical).
inputs:
	python3 scripts/generate_inputs.py

# Build an ILLUSTRATIVE all-England, school-level inputs folder in outputs/england/ from ../shared/data/ (seeded,
# byte-identical; see docs/england.md).
england:
	python3 scripts/generate_england.py

# Benchmarks on the national data and the default city (release build, whole processes; 1 warm-up run, then
# BENCH_RUNS=7 timed runs per job: median, min-max, IQR, peak memory). Not a test: see docs/benchmarks.md.
bench:
	scripts/benchmark.sh
