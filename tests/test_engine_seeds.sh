#!/bin/sh
# The committed engine seeds still reach the end of their exchanges: two
# SEC_E_OK and one SEC_E_LOGON_DENIED per harness.  If the engine's messages
# change, `make seeds` records them again.
#   test_engine_seeds.sh BUILD_DIR CORPUS_DIR
set -u
build=$1; corpus=$2; fail=0
for side in client server; do
    out=$(FUZZ_ENGINE_REPORT=1 "$build/fuzz_engine_$side" "$corpus/engine_$side" 2>&1)
    ok=$(printf '%s\n' "$out" | grep -c "engine_$side: SEC_E_OK")
    denied=$(printf '%s\n' "$out" | grep -c "engine_$side: SEC_E_LOGON_DENIED")
    if [ "$ok" -eq 2 ] && [ "$denied" -eq 1 ]; then
        echo "ok engine_$side seeds: 2 SEC_E_OK, 1 SEC_E_LOGON_DENIED"
    else
        echo "FAIL engine_$side seeds: $ok SEC_E_OK, $denied SEC_E_LOGON_DENIED (run make seeds)"
        fail=1
    fi
done
exit $fail
