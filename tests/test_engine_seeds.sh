#!/bin/sh
# The committed engine seeds reach the end recorded in their names
# (...-wrong-password: SEC_E_LOGON_DENIED, the others SEC_E_OK) in the
# harness binaries of a build: the replay build, the libFuzzer build, the
# AFL++ build.  Each seed runs alone; the harness prints where it ended
# (FUZZ_ENGINE_REPORT=1).  If the engine's messages change, `make seeds`
# records them again.
#   test_engine_seeds.sh BUILD_DIR CORPUS_DIR
set -u
build=$1; corpus=$2; fail=0
for side in client server driver; do
    [ -x "$build/fuzz_engine_$side" ] || continue
    n=0
    for seed in "$corpus/engine_$side"/*; do
        # The recorded exchanges have names; what fuzz-merge added (named by
        # content hash) ends wherever it ends.
        case "$(basename "$seed")" in *[!0-9a-f]*) ;; *) continue ;; esac
        case "$seed" in *wrong-password*) want=SEC_E_LOGON_DENIED ;; *) want=SEC_E_OK ;; esac
        got=$(FUZZ_ENGINE_REPORT=1 "$build/fuzz_engine_$side" "$seed" 2>&1 | grep "^engine_$side: " | tail -n 1)
        got=${got#engine_$side: }
        if [ "$got" = "$want" ]; then
            n=$((n + 1))
        else
            echo "FAIL $build/fuzz_engine_$side $seed ends in ${got:-nothing}, recorded $want (run make seeds)"
            fail=1
        fi
    done
    echo "engine_$side: $n seeds reach their recorded end in $build"
done
exit $fail
