# The two commands a user needs (README.md): `make demo` and `make check`.
# Both install missing Debian packages first (scripts/install-deps.sh), then
# configure and build with CMake. `make check` runs every test twice: in the
# normal build and in the ASan + UBSan build.

BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build build-asan demo check test test-asan memcheck bench clean update-po

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

check: test test-asan

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

# Languages: the message template from the sources and the catalogs merged with it
# (po/README.md); then translate the new entries in po/bs.po, hr.po and sr.po.
update-po:
	@sh po/update.sh

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) build-bench
