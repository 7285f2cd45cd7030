#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every build decides alike: the captured vectors (tests/data/*.der), every
# seed (corpus/) and every regression input (tests/regressions/) get the
# same verdict and the same output from `credssp decode --type T` for each of
# the three codec types, in every build given (Release, sanitizers, gcc,
# libFuzzer, AFL++ ...); and the engine seeds reach their recorded end in
# each build's harness binaries.  A build whose instrumentation changed what
# the parsers accept (the libFuzzer build once refused real TSRequests: a
# stack budget counted in bytes) fails here.
#   same-verdicts.sh BUILD_DIR...
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/credssp-verdicts.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0
# Vectors and regressions as each of the three types; each codec seed as the
# type of its harness.
inputs=$(ls "$root"/tests/data/*.der "$root"/tests/regressions/* 2>/dev/null)
seeds=$(ls "$root"/corpus/tsrequest/* "$root"/corpus/tscredentials/* "$root"/corpus/spnego/* 2>/dev/null)
count=$(printf '%s\n%s\n' "$inputs" "$seeds" | wc -l)
first=""
for build in "$@"; do
    [ -x "$build/credssp" ] || { echo "FAIL $build/credssp is not built"; fail=1; continue; }
    out="$work/$(echo "$build" | tr '/' '_').txt"
    {
        for f in $inputs; do
            for t in tsrequest tscredentials spnego; do
                v=$("$build/credssp" decode --type "$t" "$f" 2>&1; echo "exit=$?")
                echo "${f#"$root"/} $t ${v##*exit=} $(printf '%s' "$v" | sha256sum | cut -c1-16)"
            done
        done
        for f in $seeds; do
            t=$(basename "$(dirname "$f")")
            v=$("$build/credssp" decode --type "$t" "$f" 2>&1; echo "exit=$?")
            echo "${f#"$root"/} $t ${v##*exit=} $(printf '%s' "$v" | sha256sum | cut -c1-16)"
        done
    } >"$out"
    if [ -z "$first" ]; then
        first=$out; first_build=$build
    elif ! diff -u "$first" "$out" >"$work/diff"; then
        echo "FAIL $build decides otherwise than $first_build:"; head -n 20 "$work/diff"; fail=1
    fi
    if [ -x "$build/fuzz_engine_client" ]; then
        sh "$root/tests/test_engine_seeds.sh" "$build" "$root/corpus" || fail=1
    fi
done
accepted=$(grep -c ' [a-z]* 0 ' "$first" 2>/dev/null || echo 0)
[ $fail -eq 0 ] && echo "same-verdicts: $count inputs, $accepted verdicts of acceptance, identical in $# builds: $*"
exit $fail
