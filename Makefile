# SPDX-License-Identifier: Apache-2.0
# libcredssp — a thin front door over CMake.  `make demo` and `make test` are
# the two commands of the README; each installs what is missing first.

BUILD      ?= build
BUILD_GCC  ?= build-gcc
BUILD_FUZZ ?= build-fuzz
BUILD_BENCH ?= build-bench
BENCH_ROUNDS ?= 200
FUZZ_TIME  ?= 60
JOBS       ?= 2

.PHONY: all bench build build-gcc packager-check afl-build verdicts-check oss-fuzz-check fuzz-merge fuzz-coverage fuzz-coverage-check tsan install-check demo test unit regen regen-check docs docs-check seeds fuzz fuzz-build fuzz-afl proofs clean

all: build

# The development build: clang with ASan and UBSan, as the tests run.
build:
	@sh scripts/install-deps.sh build
	@cmake -S . -B $(BUILD) -DCMAKE_C_COMPILER=clang -DCREDSSP_SANITIZE=ON -DCREDSSP_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# Our code must also build warning-free with gcc.
build-gcc:
	@sh scripts/install-deps.sh build
	@cmake -S . -B $(BUILD_GCC) -DCMAKE_C_COMPILER=gcc -DCREDSSP_WERROR=ON >/dev/null
	@cmake --build $(BUILD_GCC) -j$(JOBS)

demo: build
	@$(BUILD)/credssp demo

unit: build
	@cd $(BUILD) && ctest --output-on-failure

test:
	@sh scripts/install-deps.sh test
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory build-gcc
	@$(MAKE) --no-print-directory install-check
	@$(MAKE) --no-print-directory tsan
	@$(MAKE) --no-print-directory regen-check
	@$(MAKE) --no-print-directory docs-check
	@$(MAKE) --no-print-directory proofs

# Concurrent handshakes, handle lifetimes and one context on several
# threads, under ThreadSanitizer; a report fails the target.
tsan:
	@sh scripts/install-deps.sh build
	@cmake -S . -B build-tsan -DCMAKE_C_COMPILER=clang -DCREDSSP_TSAN=ON -DCREDSSP_WERROR=ON >/dev/null
	@cmake --build build-tsan -j$(JOBS) --target test_threads test_lifetimes
	@for t in test_threads test_lifetimes; do \
	    TSAN_OPTIONS="halt_on_error=1" build-tsan/$$t >build-tsan/$$t.log 2>&1; rc=$$?; \
	    tail -n 3 build-tsan/$$t.log; [ $$rc -eq 0 ] || { echo "tsan: $$t failed (exit $$rc)"; exit 1; }; done

# What packagers build: Release and RelWithDebInfo with gcc and clang,
# without sanitizers.  Warnings are errors here (PACKAGER_WERROR=OFF shows
# them as a packager sees them); the whole suite runs on one of the four.
PACKAGER_WERROR ?= ON
packager-check:
	@sh scripts/install-deps.sh build
	@for cc in gcc clang; do for type in Release RelWithDebInfo; do \
	    echo "packager-check: $$cc $$type"; \
	    cmake -S . -B build-pkg-$$cc-$$type -DCMAKE_C_COMPILER=$$cc -DCMAKE_BUILD_TYPE=$$type \
	          -DCREDSSP_WERROR=$(PACKAGER_WERROR) >/dev/null && \
	    cmake --build build-pkg-$$cc-$$type -j$(JOBS) >/dev/null || exit 1; done; done
	@cd build-pkg-gcc-RelWithDebInfo && ctest --output-on-failure | tail -n 3

# The installed library works through pkg-config and find_package.
install-check: build-gcc
	@sh scripts/install-check.sh $(BUILD_GCC)

regen:
	@sh scripts/regen.sh .

regen-check:
	@sh scripts/regen-check.sh

# docs/transitions.{md,dot} are rendered from the tables, docs/credssp.md
# from the command's --help; CI fails on drift.
docs: build
	@$(BUILD)/credssp table > docs/transitions.md
	@$(BUILD)/credssp table --dot > docs/transitions.dot
	@sh scripts/render-manual.sh $(BUILD)/credssp > docs/credssp.md
	@$(BUILD)/credssp table --codes > docs/status-codes.md

docs-check: build
	@$(BUILD)/credssp table | diff -u docs/transitions.md - >/dev/null && \
	  $(BUILD)/credssp table --dot | diff -u docs/transitions.dot - >/dev/null && \
	  sh scripts/render-manual.sh $(BUILD)/credssp | diff -u docs/credssp.md - >/dev/null && \
	  $(BUILD)/credssp table --codes | diff -u docs/status-codes.md - >/dev/null || \
	  { echo "docs/ differs from the tables or the --help texts: run make docs and commit"; exit 1; }
	@sh scripts/check-status-tests.sh docs/status-codes.md
	@echo "docs-check: docs/transitions.md, .dot, credssp.md and status-codes.md match the code"

# Seeds: the vectors (fuzz/make-seeds.py) and recorded engine exchanges.
seeds: build
	@python3 fuzz/make-seeds.py
	@$(BUILD)/engine_seeds corpus >/dev/null
	@echo "seeds: corpus/ rewritten"

fuzz-build:
	@sh scripts/install-deps.sh fuzz
	@cmake -S . -B $(BUILD_FUZZ) -DCMAKE_C_COMPILER=clang -DCREDSSP_FUZZ=ON -DCREDSSP_WERROR=ON >/dev/null
	@cmake --build $(BUILD_FUZZ) -j$(JOBS)

# Every harness for FUZZ_TIME seconds, FUZZ_JOBS at once (default: every
# core), a live view, then a summary table.
fuzz: fuzz-build
	@bash fuzz/run-campaign.sh $(BUILD_FUZZ) $(FUZZ_TIME)

# What the campaigns found (libFuzzer's fuzz/out/<h>/corpus and AFL++'s
# fuzz/out/afl-<h>/*/queue), minimised into corpus/ by libFuzzer -merge=1:
# only inputs that add coverage, so campaigns accumulate.
fuzz-merge: fuzz-build
	@for h in $$(ls fuzz/out | sed 's/^afl-//' | sort -u); do \
	    [ -x $(BUILD_FUZZ)/fuzz_$$h ] && [ -d corpus/$$h ] || continue; \
	    found=$$(ls -d fuzz/out/$$h/corpus fuzz/out/afl-$$h/*/queue 2>/dev/null); \
	    [ -n "$$found" ] || continue; \
	    before=$$(ls corpus/$$h | wc -l); \
	    $(BUILD_FUZZ)/fuzz_$$h -merge=1 corpus/$$h $$found >/dev/null 2>&1; \
	    echo "fuzz-merge: corpus/$$h $$before -> $$(ls corpus/$$h | wc -l) inputs"; done

# Source-based coverage of the hand-written code by every harness replaying
# corpus/, tests/regressions/ and fuzz/out/; HTML in build-cov/coverage/html.
fuzz-coverage:
	@sh scripts/install-deps.sh fuzz
	@cmake -S . -B build-cov -DCMAKE_C_COMPILER=clang -DCREDSSP_COVERAGE=ON -DCREDSSP_WERROR=ON >/dev/null
	@cmake --build build-cov -j$(JOBS) >/dev/null
	@python3 fuzz/coverage.py build-cov 2>/dev/null

# CI: the committed corpus alone meets the goals of fuzz/coverage-goals.txt
# (engine/ lines and branch outcomes, and the files named there).
fuzz-coverage-check:
	@sh scripts/install-deps.sh fuzz
	@cmake -S . -B build-cov -DCMAKE_C_COMPILER=clang -DCREDSSP_COVERAGE=ON -DCREDSSP_WERROR=ON >/dev/null
	@cmake --build build-cov -j$(JOBS) >/dev/null
	@python3 fuzz/coverage.py build-cov --check 2>/dev/null

# Every harness and the command built with afl-clang-fast.
afl-build:
	@sh scripts/install-deps.sh fuzz
	@CC=afl-clang-fast cmake -S . -B build-afl -DCREDSSP_AFL=ON -DCREDSSP_WERROR=ON >/dev/null
	@AFL_QUIET=1 cmake --build build-afl -j$(JOBS) >/dev/null

# Every build decides alike: vectors, seeds and regressions get the same
# verdict from each build's decoder, and the engine seeds reach their end in
# each build's harnesses (libFuzzer and AFL++ included).
verdicts-check: build build-gcc fuzz-build afl-build
	@sh tests/same-verdicts.sh $(BUILD) $(BUILD_GCC) $(BUILD_FUZZ) build-afl \
	    $$(ls -d build-pkg-clang-Release build-pkg-gcc-RelWithDebInfo 2>/dev/null)

# The ClusterFuzzLite/OSS-Fuzz build script, run here with OSS-Fuzz's
# variables for ASan, UBSan and coverage; each target runs its seeds.
oss-fuzz-check:
	@sh scripts/install-deps.sh fuzz
	@bash scripts/oss-fuzz-check.sh

# An AFL++ campaign on one harness for FUZZ_TIME seconds: -M/-S instances
# on every core, CMPLOG, one ASan+UBSan instance, several power schedules
# (fuzz/afl-campaign.sh).
AFL_HARNESS ?= tsrequest
fuzz-afl:
	@sh scripts/install-deps.sh fuzz
	@CC=afl-clang-fast cmake -S . -B build-afl -DCREDSSP_AFL=ON -DCREDSSP_WERROR=ON >/dev/null
	@CC=afl-clang-fast cmake -S . -B build-afl-plain -DCREDSSP_AFL=ON -DCREDSSP_AFL_SANITIZE=OFF -DCREDSSP_WERROR=ON >/dev/null
	@CC=afl-clang-fast cmake -S . -B build-afl-cmplog -DCREDSSP_AFL=ON -DCREDSSP_AFL_SANITIZE=OFF -DCREDSSP_WERROR=ON >/dev/null
	@for b in build-afl build-afl-plain; do AFL_QUIET=1 cmake --build $$b -j$(JOBS) --target fuzz_$(AFL_HARNESS) >/dev/null || exit 1; done
	@AFL_QUIET=1 AFL_LLVM_CMPLOG=1 cmake --build build-afl-cmplog -j$(JOBS) --target fuzz_$(AFL_HARNESS) >/dev/null
	@bash fuzz/afl-campaign.sh $(AFL_HARNESS) $(FUZZ_TIME)

# The benchmarks (bench/), in an optimised build without sanitizers:
# medians and ratios measured side by side in one run (issue 15).
bench:
	@sh scripts/install-deps.sh build
	@cmake -S . -B $(BUILD_BENCH) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCREDSSP_BENCH=ON >/dev/null
	@cmake --build $(BUILD_BENCH) -j$(JOBS) --target bench_handshake >/dev/null
	@$(BUILD_BENCH)/bench_handshake $(BENCH_ROUNDS)

proofs:
	@sh scripts/install-deps.sh test
	@sh proofs/run.sh

clean:
	rm -rf $(BUILD) $(BUILD_GCC) $(BUILD_FUZZ) build-afl build-afl-plain build-afl-cmplog build-tsan build-pkg-* build-cov $(BUILD_BENCH) proofs/out fuzz/out
