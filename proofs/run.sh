#!/bin/sh
# make proofs: WP with RTE guards on every hand-written parser (100% of goals
# or failure), then Eva over the generated TSRequest decoder from the drivers
# in eva_tsrequest.c, reporting its alarms.
set -eu
cd "$(dirname "$0")/.."
out=proofs/out
mkdir -p "$out"
# Alt-Ergo is not in Debian 12: the provers are z3 and cvc4, found by why3.
why3 config detect >/dev/null 2>&1 || true

# The units under WP, each engine/<unit>.c with its ACSL contracts.
WP_UNITS=${WP_UNITS:-"der"}
status=0
for unit in $WP_UNITS; do
    start=$(date +%s)
    frama-c -cpp-extra-args="-Iengine -D_DEFAULT_SOURCE" "engine/$unit.c" \
        -wp -wp-rte -wp-prover z3,cvc4 -wp-timeout 30 -wp-par 2 \
        >"$out/wp-$unit.log" 2>&1 || { echo "frama-c failed on engine/$unit.c; see $out/wp-$unit.log"; status=1; continue; }
    /usr/bin/python3 proofs/wp_table.py "$out/wp-$unit.log" "$unit" $(( $(date +%s) - start )) || status=1
done

# Eva: the static twin of fuzz_tsrequest, on the generated decoder.
EVA_ENTRIES=${EVA_ENTRIES:-"eva_errorcode"}
for entry in $EVA_ENTRIES; do
    start=$(date +%s)
    frama-c -cpp-extra-args="-Iengine -Igenerated -D_DEFAULT_SOURCE" generated/*.c proofs/eva_tsrequest.c \
        -eva -main "$entry" -eva-no-show-progress >"$out/eva-$entry.log" 2>&1 \
        || { echo "Eva failed on $entry; see $out/eva-$entry.log"; status=1; continue; }
    alarms=$(grep -c '^\[eva:alarm\]' "$out/eva-$entry.log" || true)
    echo "Eva $entry: $alarms alarms on the generated decoder ($(( $(date +%s) - start ))s; see $out/eva-$entry.log)"
done
exit $status
