#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The recorded engine seeds reach the end corpus/engine-seeds.txt names for
# them (SEC_E_OK, SEC_E_LOGON_DENIED, a policy refusal ...) in the harness
# binaries of a build: the replay build, the libFuzzer build, the AFL++
# build.  Each seed runs alone; the harness prints where it ended
# (FUZZ_ENGINE_REPORT=1).  What fuzz-merge added to corpus/ is not listed
# and ends wherever it ends.  If the engine's messages change, `make seeds`
# records them again.
#   test_engine_seeds.sh BUILD_DIR CORPUS_DIR
set -u
build=$1; corpus=$2; fail=0
manifest=$corpus/engine-seeds.txt
[ -f "$manifest" ] || { echo "FAIL $manifest is missing (make seeds)"; exit 1; }
for side in client server driver; do
    [ -x "$build/fuzz_engine_$side" ] || continue
    n=0
    while read -r harness name want; do
        [ "$harness" = "engine_$side" ] || continue
        seed=$corpus/engine_$side/$name
        got=$(FUZZ_ENGINE_REPORT=1 "$build/fuzz_engine_$side" "$seed" 2>&1 | grep "^engine_$side: " | tail -n 1)
        got=${got#engine_$side: }
        if [ "$got" = "$want" ]; then
            n=$((n + 1))
        else
            echo "FAIL $build/fuzz_engine_$side $seed ends in ${got:-nothing}, recorded $want (run make seeds)"
            fail=1
        fi
    done <"$manifest"
    [ "$n" -gt 0 ] || { echo "FAIL no engine_$side seed in $manifest"; fail=1; }
    echo "engine_$side: $n seeds reach their recorded end in $build"
done
exit $fail
