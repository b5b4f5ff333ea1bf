# careergraph — the two commands a newcomer needs are `make demo` and `make test`.
# Both install what is missing (Debian packages, via scripts/install-deps.sh), build, and run.
# Builds use Ninja with 2 jobs (override with JOBS=N) and ccache when present.

JOBS ?= 2
BUILD ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
BUILD_BENCH ?= build-bench
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=

.PHONY: all deps deps-test deps-bench build build-asan build-fuzz test test-unit test-asan \
        test-fuzz fuzz demo serve bench bench-build bench-io bench-analysis bench-plan bench-serve bench-seq clean format

all: build

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

deps-bench:
	@scripts/install-deps.sh bench

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCG_WEB=ON $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

$(BUILD_ASAN)/build.ninja:
	cmake -S . -B $(BUILD_ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCG_SANITIZE=ON $(CMAKE_FLAGS)

build-asan: deps-test $(BUILD_ASAN)/build.ninja
	cmake --build $(BUILD_ASAN) -j $(JOBS) --target careergraph_tests

$(BUILD_FUZZ)/build.ninja:
	CC=clang CXX=clang++ cmake -S . -B $(BUILD_FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCG_FUZZ=ON $(CMAKE_FLAGS)

build-fuzz: deps-test $(BUILD_FUZZ)/build.ninja
	cmake --build $(BUILD_FUZZ) -j $(JOBS)

# Every test: unit, golden bad-input, round trip and schema tests (ctest); the unit tests again
# under AddressSanitizer + UndefinedBehaviorSanitizer; each fuzzer for a few seconds.
test: deps-test
	$(MAKE) build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) build-asan
	cd $(BUILD_ASAN) && ctest --output-on-failure -j $(JOBS) -L unit
	$(MAKE) build-fuzz
	cd $(BUILD_FUZZ) && ctest --output-on-failure

# Longer fuzzing: FUZZ_SECONDS per target (default 60).
fuzz: build-fuzz
	scripts/fuzz.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

# The demo: a fresh store, the seed's framework, a simulated population, a summary.
demo: build
	scripts/demo.sh $(BUILD)/careergraph

# Optional: the web UI and the HTTP API on the demo store (made by `make demo` when missing), on
# http://127.0.0.1:$(PORT)/. Writes (the UI's Import view) need the token in $(BUILD)/serve-token.
PORT ?= 8080
serve: build
	@[ -f $(BUILD)/demo.db ] || scripts/demo.sh $(BUILD)/careergraph > /dev/null
	@[ -s $(BUILD)/serve-token ] || (umask 077; head -c 24 /dev/urandom | base64 > $(BUILD)/serve-token)
	@echo "token for imports: $(BUILD)/serve-token"
	$(BUILD)/careergraph serve --db $(BUILD)/demo.db --port $(PORT) --token-file $(BUILD)/serve-token

# Benchmarks against pandas, R and networkx, side by side; results go to docs/performance.md by
# hand. `make bench` runs them all; bench-io, bench-analysis, bench-plan and bench-serve (wrk
# against `careergraph serve`) run one each.
bench-build: deps-bench
	cmake -S . -B $(BUILD_BENCH) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCG_BENCH=ON -DCG_TESTS=OFF $(CMAKE_FLAGS)
	cmake --build $(BUILD_BENCH) -j $(JOBS)

bench-io: bench-build
	bench/run.sh $(BUILD_BENCH)

bench-analysis: bench-build
	bench/run_analysis.sh $(BUILD_BENCH)

bench-plan: bench-build
	bench/run_plan.sh $(BUILD_BENCH)

bench-serve: bench-build
	bench/run_serve.sh $(BUILD_BENCH)

bench-seq: bench-build
	bench/run_seq.sh $(BUILD_BENCH)

bench: bench-io bench-analysis bench-plan bench-serve bench-seq

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ) $(BUILD_BENCH)
