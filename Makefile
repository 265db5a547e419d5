# The two commands a user needs (README.md): `make demo` and `make check`.
# Both install missing Debian packages first (scripts/install-deps.sh), then
# configure and build with CMake. `make check` runs every test twice: in the
# normal build and in the ASan + UBSan build.
#
# Each stage prints one line; its full output goes to out/logs/<stage>.log
# (scripts/stage.sh). `make V=1 ...` shows everything as it happens.
#
# make install [PREFIX=/usr/local] [DESTDIR=...]: the soso command, libsoso.a with
# its headers and soso.pc, the data folder (PREFIX/share/soso, found at run time),
# man pages and bash completion. make uninstall removes what install wrote.

BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
# Seconds per fuzz harness: `make fuzz` (a campaign; grows fuzz/corpus) and the
# short run in `make check` (CI: at least 30 s each, two at a time).
FUZZ_SECONDS ?= 600
FUZZ_CHECK_SECONDS ?= 30
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
LOGS       ?= out/logs
PREFIX     ?= /usr/local
# SOSO_MPI=ON: `make check` always builds the Open MPI sweep and runs its mpirun
# tests (install-deps.sh installs Open MPI); plain cmake builds it only when found.
CMAKE_FLAGS = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOSO_MPI=ON

STAGE = V=$(V) sh scripts/stage.sh $(LOGS)

.PHONY: all deps build build-soso build-asan demo check test test-asan memcheck bench \
        install uninstall clean update-po build-fuzz fuzz fuzz-check fault

all: build

deps:
	@$(STAGE) deps "packages (install-deps.sh)" sh scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	@$(STAGE) configure "configure ($(BUILD))" cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	@$(STAGE) build "build (library, soso, tests)" cmake --build $(BUILD) -j $(JOBS)

# Only what the demo runs: the library and the soso command.
build-soso: deps $(BUILD)/CMakeCache.txt
	@$(STAGE) build-soso "build soso" cmake --build $(BUILD) -j $(JOBS) --target soso_cli

$(BUILD_ASAN)/CMakeCache.txt:
	@$(STAGE) configure-asan "configure ($(BUILD_ASAN), ASan+UBSan)" \
	  cmake -S . -B $(BUILD_ASAN) $(CMAKE_FLAGS) -DSOSO_SANITIZE=ON

build-asan: deps $(BUILD_ASAN)/CMakeCache.txt
	@$(STAGE) build-asan "build (ASan+UBSan)" cmake --build $(BUILD_ASAN) -j $(JOBS)

CTEST_RESULTS = tests passed|tests failed|Not Run|\*\*\*Skipped|\*\*\*Failed|Failed  |Timeout

test: build
	@SHOW='$(CTEST_RESULTS)' $(STAGE) test "test" \
	  ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: build-asan
	@SHOW='$(CTEST_RESULTS)' ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(STAGE) test-asan "test (ASan+UBSan)" \
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
	@echo "check: all passed; logs in $(LOGS)/"

# The report's full fault sweep (tests/core/test_faults_report.c): every call site
# of a report of the worked example, two return addresses deep, failed at its
# first and its last call (make check sweeps the one-site report, first calls).
# FAULT_BUILD=build-asan runs it under ASan + LeakSanitizer (after make build-asan).
# The worked example at depth 2 has 682 sites: up to 1,364 report runs (hours).
FAULT_BUILD ?= $(BUILD)
FAULT_ENV ?= SOSO_FAULT_REGION=$(CURDIR)/examples/drina/drina.region.yaml SOSO_FAULT_PATHS=4 \
  SOSO_FAULT_DEPTH=2 SOSO_FAULT_LATE=1 SOSO_FAULT_JOBS=2 SOSO_FAULT_PROGRESS=50
fault:
	cmake --build $(FAULT_BUILD) -j $(JOBS) --target core_test_faults_report
	@mkdir -p $(LOGS)
	@(cd $(FAULT_BUILD) && $(FAULT_ENV) ASAN_OPTIONS=detect_leaks=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 ./core_test_faults_report; \
	  echo $$? > $(CURDIR)/$(LOGS)/fault.rc) 2>&1 | tee $(LOGS)/fault.log
	@grep '^faults: report:' $(LOGS)/fault.log; exit $$(cat $(LOGS)/fault.rc)

# valgrind over the unit tests (slow; not part of check).
memcheck: build
	sh scripts/memcheck.sh $(BUILD)

demo: build-soso
	@SHOW='^demo: ' $(STAGE) demo "demo (examples/drina, 500 paths)" \
	  sh scripts/demo.sh $(BUILD)/soso

install: deps
	@$(STAGE) install-configure "configure (prefix $(PREFIX))" \
	  cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	@$(STAGE) install-build "build soso, libsoso, man pages" \
	  cmake --build $(BUILD) -j $(JOBS) --target soso_cli soso man
	@DESTDIR=$(DESTDIR) $(STAGE) install "install into $(DESTDIR)$(PREFIX)" \
	  cmake --install $(BUILD)
	@# CMake's manifest leaves DESTDIR out: keep the real paths for uninstall
	@sed 's|^|$(DESTDIR)|' $(BUILD)/install_manifest.txt > $(BUILD)/soso_installed.txt
	@echo "install: $(DESTDIR)$(PREFIX)/bin/soso (files: $(BUILD)/soso_installed.txt)"

# Removes what the last `make install` from this build wrote (its own list, with
# DESTDIR), and the soso folders it leaves empty.
uninstall:
	@test -f $(BUILD)/soso_installed.txt || { echo "uninstall: nothing installed from $(BUILD)"; exit 1; }
	@n=0; while IFS= read -r f || [ -n "$$f" ]; do \
	  if [ -e "$$f" ] || [ -L "$$f" ]; then rm -f "$$f" && n=$$((n + 1)); fi; \
	done < $(BUILD)/soso_installed.txt; \
	for d in $$(grep -o '.*/\(share\|include\)/soso/' $(BUILD)/soso_installed.txt | sort -u); do \
	  [ -d "$$d" ] && find "$$d" -depth -type d -empty -delete; \
	done; \
	echo "uninstall: removed $$n files"
	@rm -f $(BUILD)/soso_installed.txt

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
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ) build-bench
