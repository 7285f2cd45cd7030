#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make proofs: WP with RTE guards and strict arithmetic on every hand-written
# unit under proof (100% of goals or failure), the transition tables against
# their model (every mutant caught or failure), Eva over the generated
# decoders and the parsers' twins (0 alarms or failure), then docs/proofs.md
# rendered from what was measured (CI fails when it differs).
set -eu
cd "$(dirname "$0")/.."
out=proofs/out
mkdir -p "$out"
# Alt-Ergo is not in Debian 12: the provers are z3 and cvc4, found by why3.
why3 config detect >/dev/null 2>&1 || true

# The units under WP, each <path>.c with its ACSL contracts: the DER gate,
# the NTLM parsers and writer, the TLS record framing, the table lookup and
# step, and the RDP X.224 negotiation parser of the command line.
WP_UNITS=${WP_UNITS:-"engine/codec/der engine/codec/ntlm_msg engine/codec/record engine/machine/machine cli/x224"}
# The layers' folders (docs/DEVELOPMENT.md) and the command's.
INCLUDES="-Iengine/base -Iengine/codec -Iengine/platform -Iengine/auth -Iengine/machine -Icli"
# The arithmetic checks ANSSI's x509-parser proves under: an unsigned
# operation that wraps, and a conversion that loses bits, are errors too.
STRICT="-warn-unsigned-overflow -warn-unsigned-downcast -warn-signed-downcast"
echo "$WP_UNITS" >"$out/wp-units.txt"
status=0
for unit in $WP_UNITS; do
    start=$(date +%s)
    name=$(basename "$unit")
    # shellcheck disable=SC2086
    frama-c -cpp-extra-args="$INCLUDES -D_DEFAULT_SOURCE" "$unit.c" $STRICT \
        -wp -wp-rte -wp-prover z3,cvc4 -wp-timeout 30 -wp-par 2 \
        >"$out/wp-$name.log" 2>&1 || { echo "frama-c failed on $unit.c; see $out/wp-$name.log"; status=1; continue; }
    echo $(( $(date +%s) - start )) >"$out/wp-$name.seconds"
    /usr/bin/python3 proofs/wp_table.py "$out/wp-$name.log" "$unit" "$(cat "$out/wp-$name.seconds")" || status=1
done

# The transition tables against the model of [MS-CSSP] 3.1.5, every mutant
# of their rows caught (proofs/model/; also ctest table_model).
start=$(date +%s)
if cc -std=c11 -O1 -Iinclude -Iengine/base -Iengine/machine -Iproofs/model proofs/model/check.c proofs/model/mutants.c \
    proofs/model/model.c engine/machine/machine.c engine/machine/transitions.c engine/machine/act_contract.c \
    -o "$out/table_model" && "$out/table_model" >"$out/table_model.log" 2>&1; then
    echo "table model: agrees, every mutant caught ($(( $(date +%s) - start ))s)"
else
    echo "table model: FAILED ($out/table_model.log)"
    status=1
fi
sed 's/^/    /' "$out/table_model.log"

# Eva: the generated decoders (eva_decoders.c) on every captured message,
# on every captured message with unknown contents, and on every input of
# unknown bytes up to EVA_UNKNOWN_LEN (9); the parsers' twins (eva_parsers.c).
# Two at a time: the machine has two cores.
/usr/bin/python3 proofs/eva_vectors.py "$out/eva_vectors.h"
EVA_ENTRIES=${EVA_ENTRIES:-"eva_tsrequest_captured eva_tsrequest_shapes eva_tsrequest_unknown
    eva_tscredentials_captured eva_tscredentials_shapes eva_tscredentials_unknown
    eva_spnego_captured eva_spnego_shapes eva_spnego_unknown eva_record_scan eva_x224"}
echo $EVA_ENTRIES >"$out/eva-entries.txt"
# shellcheck disable=SC2086
printf '%s\n' $EVA_ENTRIES | xargs -P 2 -n 1 sh proofs/eva_one.sh || status=1
for entry in $EVA_ENTRIES; do
    log="$out/eva-$entry.log"
    # An alarm is "[eva:alarm] file:line: Warning: text", the text on that
    # line or the next; an ACSL contract Eva cannot settle ("got status
    # unknown") is WP's to prove, not a run-time error.
    alarms=$(awk '/^\[eva:alarm\]/ { if ($0 ~ /Warning: *$/) { getline t } else { t = $0 }
                                     if (t !~ /got status unknown/) n++ } END { print n + 0 }' "$log")
    reached=$(sed -n 's/^ *In these functions, \(.*\)$/\1/p' "$log")
    if ! grep -q 'In these functions' "$log"; then
        echo "Eva $entry: did not finish; see $log"
        status=1
    elif [ "$alarms" -ne 0 ]; then
        echo "Eva $entry: $alarms alarms ($log):"
        grep -A1 '^\[eva:alarm\]' "$log" | grep -v '^--' | sed 's/^/    /' | head -n 20
        status=1
    else
        echo "Eva $entry: 0 alarms; $reached ($(cat "$out/eva-$entry.seconds")s)"
    fi
done

# What was measured, as docs/proofs.md: CI fails when it differs.
/usr/bin/python3 proofs/render.py "$out" "$out/proofs.md"
if ! /usr/bin/python3 proofs/render.py --same "$out/proofs.md" docs/proofs.md; then
    if [ "${CI:-}" = true ]; then
        echo "docs/proofs.md differs from what make proofs measured ($out/proofs.md):"
        diff docs/proofs.md "$out/proofs.md" | head -n 40 || true
        status=1
    else
        cp "$out/proofs.md" docs/proofs.md
        echo "docs/proofs.md updated from this run: review and commit it"
    fi
fi
exit $status
