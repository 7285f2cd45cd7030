#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# make oss-fuzz-check: the ClusterFuzzLite/OSS-Fuzz build script
# (.clusterfuzzlite/build.sh) run here, without Docker, with the variables
# OSS-Fuzz sets, for each sanitizer OSS-Fuzz builds C projects with (address,
# undefined, coverage); then every target runs over its seed corpus and the
# artefacts are checked: the binary, <target>_seed_corpus.zip, .dict and
# .options in $OUT.
#   oss-fuzz-check.sh [SANITIZER...]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/credssp-ossfuzz.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
sanitizers=${*:-address undefined coverage}
fail=0
# The flags OSS-Fuzz's base-builder gives C builds (infra/base-images/base-clang).
common="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
declare -A flags=(
    [address]="$common -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
    [undefined]="$common -fsanitize=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr -fno-sanitize-recover=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr -fsanitize=fuzzer-no-link"
    [coverage]="$common -fprofile-instr-generate -fcoverage-mapping -pthread -Wl,--no-as-needed -Wl,-ldl -Wl,-lm -Wno-unused-command-line-argument -fsanitize=fuzzer-no-link"
)
mkdir -p "$scratch/src"
ln -s "$root" "$scratch/src/libcredssp"
for san in $sanitizers; do
    out="$scratch/out-$san" work="$scratch/work-$san"
    mkdir -p "$out" "$work"
    echo "oss-fuzz-check: SANITIZER=$san"
    if ! env CC=clang CXX=clang++ CFLAGS="${flags[$san]}" LIB_FUZZING_ENGINE=-fsanitize=fuzzer SANITIZER="$san" \
            FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64 SRC="$scratch/src" OUT="$out" WORK="$work" \
            bash "$root/.clusterfuzzlite/build.sh" >"$work/build.log" 2>&1; then
        echo "FAIL build.sh with SANITIZER=$san:"; tail -n 20 "$work/build.log"; fail=1; continue
    fi
    n=0
    for t in "$out"/fuzz_*; do
        case "$t" in *.zip|*.dict|*.options) continue ;; esac
        name=$(basename "$t")
        for a in "$t" "$out/${name}_seed_corpus.zip" "$out/$name.dict" "$out/$name.options"; do
            [ -s "$a" ] || { echo "FAIL $a is missing or empty"; fail=1; }
        done
        seeds="$work/seeds-$name"
        mkdir -p "$seeds"
        unzip -q -o "$out/${name}_seed_corpus.zip" -d "$seeds"
        # As OSS-Fuzz's check_build does: the target runs its seeds without a crash.
        if ! (cd "$work" && LLVM_PROFILE_FILE="$work/$name.profraw" "$t" -runs=0 "$seeds" >"$work/$name.log" 2>&1); then
            echo "FAIL $name crashed on its seed corpus ($san):"; tail -n 15 "$work/$name.log"; fail=1
        fi
        n=$((n + 1))
    done
    [ "$n" -gt 0 ] || { echo "FAIL no target in \$OUT"; fail=1; }
    echo "oss-fuzz-check: $san: $n targets built, each with seed corpus, dictionary and options, and each ran its seeds"
done
exit $fail
