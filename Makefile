# PlacePlanning: the two commands of the README, and helpers.
#   make run    install missing system packages, build (release), run the main job on inputs/ into outputs/:
#               the forecast with surplus, places needed, build needs, deficit risk and SEND, then every
#               scenario in models/scenarios/ side by side
#   make test   install missing system packages, run the whole test suite

OUT ?= outputs

.PHONY: run test deps build serve inputs england bench web-e2e web-load

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

# The web app (issue 16) as a whole process: `placeplan serve` (release build) on WEB_PORT of this machine with a
# throwaway database, then web-e2e: the editor in headless Chromium (scripts/web-e2e.py; screenshot of the editor
# with the comparison in docs/web-editor.png), or web-load: 200 concurrent scenario runs and 2,000 page reads
# (scripts/web-load.py; throughput and p50/p99). The server is stopped after.
WEB_PORT ?= 8765
define with_server
	swift build -c release --product placeplan
	@db="$$(mktemp -d)"; .build/release/placeplan serve --port $(WEB_PORT) --db "$$db/web.sqlite" >"$$db/serve.log" 2>&1 & \
	pid=$$!; trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null; rm -rf "$$db"' EXIT; \
	for i in $$(seq 240); do curl -sf -o /dev/null http://127.0.0.1:$(WEB_PORT)/api/session && break; \
	  kill -0 $$pid 2>/dev/null || { cat "$$db/serve.log"; exit 1; }; sleep 0.5; done; \
	$(1) --url http://127.0.0.1:$(WEB_PORT) $(2)
endef

web-e2e:
	$(call with_server,scripts/web-e2e.py,--screenshot docs/web-editor.png)

web-load:
	$(call with_server,scripts/web-load.py,--scenarios 200 --reads 2000)
