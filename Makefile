# The two commands a user needs (README.md): `make demo` and `make check`.
# Both install missing Debian packages first (scripts/install-deps.sh), then
# configure and build with CMake. `make check` runs every test twice: in the
# normal build and in the ASan + UBSan build.

BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
# Seconds per fuzz harness: `make fuzz` (a campaign; grows fuzz/corpus) and the
# short run in `make check` (CI: at least 30 s each, two at a time).
FUZZ_SECONDS ?= 600
FUZZ_CHECK_SECONDS ?= 30
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build build-asan build-fuzz demo check test test-asan fuzz fuzz-check memcheck bench clean

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

$(BUILD_ASAN)/CMakeCache.txt:
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOSO_SANITIZE=ON

build-asan: deps $(BUILD_ASAN)/CMakeCache.txt
	cmake --build $(BUILD_ASAN) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: build-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(BUILD_ASAN) --output-on-failure -j $(JOBS)

$(BUILD_FUZZ)/CMakeCache.txt:
	cmake -S . -B $(BUILD_FUZZ) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSOSO_FUZZ=ON -DSOSO_WERROR=OFF

build-fuzz: deps $(BUILD_FUZZ)/CMakeCache.txt
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target fuzz_all

# libFuzzer harnesses (fuzz/README.md): every one for FUZZ_SECONDS, then the new
# coverage is merged into fuzz/corpus (commit it).
fuzz: build-fuzz
	sh scripts/fuzz.sh $(BUILD_FUZZ) $(FUZZ_SECONDS) 2 1

fuzz-check: build-fuzz
	sh scripts/fuzz.sh $(BUILD_FUZZ) $(FUZZ_CHECK_SECONDS) 2 0

check: test test-asan fuzz-check

# valgrind over the unit tests (slow; not part of check).
memcheck: build
	sh scripts/memcheck.sh $(BUILD)

demo: build
	@sh scripts/demo.sh $(BUILD)/soso

bench:
	@sh scripts/install-deps.sh --bench
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSOSO_BENCH=ON
	cmake --build build-bench -j $(JOBS)
	@echo "benchmarks built in build-bench/bench; see bench/README.md"

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ) build-bench
