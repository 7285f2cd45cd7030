#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make proofs: WP with RTE guards and strict arithmetic on every hand-written
# parser (100% of goals or failure), the transition tables against their
# model, then Eva over the generated decoders (0 alarms or failure).
set -eu
cd "$(dirname "$0")/.."
out=proofs/out
mkdir -p "$out"
# Alt-Ergo is not in Debian 12: the provers are z3 and cvc4, found by why3.
why3 config detect >/dev/null 2>&1 || true

# The units under WP, each <path>.c with its ACSL contracts: the DER gate,
# the NTLM parsers, the TLS record framing, the table lookup and step, and
# the RDP X.224 negotiation parser of the command line.
WP_UNITS=${WP_UNITS:-"engine/codec/der engine/codec/ntlm_msg engine/codec/record engine/machine/machine cli/x224"}
# The layers' folders (docs/DEVELOPMENT.md) and the command's.
INCLUDES="-Iengine/base -Iengine/codec -Iengine/platform -Iengine/auth -Iengine/machine -Icli"
# The arithmetic checks ANSSI's x509-parser proves under: an unsigned
# operation that wraps, and a conversion that loses bits, are errors too.
STRICT="-warn-unsigned-overflow -warn-unsigned-downcast -warn-signed-downcast"
status=0
for unit in $WP_UNITS; do
    start=$(date +%s)
    name=$(basename "$unit")
    frama-c -cpp-extra-args="$INCLUDES -D_DEFAULT_SOURCE" "$unit.c" $STRICT \
        -wp -wp-rte -wp-prover z3,cvc4 -wp-timeout 30 -wp-par 2 \
        >"$out/wp-$name.log" 2>&1 || { echo "frama-c failed on $unit.c; see $out/wp-$name.log"; status=1; continue; }
    /usr/bin/python3 proofs/wp_table.py "$out/wp-$name.log" "$unit" $(( $(date +%s) - start )) || status=1
done

# The transition tables against the model of [MS-CSSP] 3.1.5, every mutant
# of their rows caught (proofs/model/; also ctest table_model).
start=$(date +%s)
cc -std=c11 -O1 -Iinclude -Iengine/base -Iengine/machine -Iproofs/model proofs/model/check.c proofs/model/mutants.c \
    proofs/model/model.c engine/machine/machine.c engine/machine/transitions.c engine/machine/act_contract.c \
    -o "$out/table_model" && rc=0 || rc=1
if [ $rc -eq 0 ]; then "$out/table_model" >"$out/table_model.log" 2>&1 || rc=1; else : >"$out/table_model.log"; fi
sed 's/^/    /' "$out/table_model.log"
echo "table model: $([ $rc -eq 0 ] && echo agrees, every mutant caught || echo FAILED) ($(( $(date +%s) - start ))s, $out/table_model.log)"
[ $rc -eq 0 ] || status=1

# Eva: the static twin of fuzz_tsrequest, on the generated decoder.  asn1c's
# decoders recurse through function pointers (SEQUENCE > SET OF > SEQUENCE),
# hence the unrolling; the slevel keeps a concrete input concrete.  Eva's
# alarms are reported, not failed on: they are the measure of how far the
# static analysis of generated code gets (README, "What the proofs do not cover").
EVA_ENTRIES=${EVA_ENTRIES:-"eva_errorcode"}
EVA_OPTS=${EVA_OPTS:-"-eva-slevel 2000 -eva-unroll-recursive-calls 12"}
for entry in $EVA_ENTRIES; do
    start=$(date +%s)
    log="$out/eva-$entry.log"
    # shellcheck disable=SC2086
    frama-c -cpp-extra-args="$INCLUDES -Igenerated -D_DEFAULT_SOURCE" generated/*.c proofs/eva_tsrequest.c \
        -eva -main "$entry" $EVA_OPTS -eva-no-show-progress -eva-msg-key=-final-states -eva-print-callstacks \
        >"$log" 2>&1 || { echo "Eva failed on $entry; see $log"; status=1; continue; }
    alarms=$(grep -c '^\[eva:alarm\]' "$log" || true)
    coverage=$(sed -n 's/^ *In these functions, \(.*\)$/\1/p' "$log")
    echo "Eva $entry: $alarms alarms on the generated decoder; $coverage ($(( $(date +%s) - start ))s, $log)"
    grep -A1 '^\[eva:alarm\]' "$log" | grep -v '^--' | sed 's/^/    /' | head -n 20
done

# Eva twins of the parser harnesses that allocate nothing (record framing,
# X.224): every length up to 48 of unknown bytes, each length on its own
# (slevel) and return states kept apart (split-return).  Run-time-error
# alarms fail; ACSL contracts Eva cannot settle ("unknown") are WP's, above.
for entry in eva_record_scan eva_x224; do
    start=$(date +%s)
    log="$out/eva-$entry.log"
    frama-c -cpp-extra-args="$INCLUDES -D_DEFAULT_SOURCE" engine/codec/record.c cli/x224.c proofs/eva_parsers.c \
        -eva -main "$entry" -eva-slevel 1000 -eva-split-return full -eva-no-show-progress \
        -eva-msg-key=-final-states >"$log" 2>&1 || { echo "Eva failed on $entry; see $log"; status=1; continue; }
    # An alarm is "[eva:alarm] file:line: Warning: text", the text on that
    # line or the next one.
    rte=$(awk '/^\[eva:alarm\]/ { if ($0 ~ /Warning: *$/) { getline t } else { t = $0 }
                                   if (t !~ /got status unknown/) n++ } END { print n + 0 }' "$log")
    echo "Eva $entry: $rte run-time-error alarms ($(( $(date +%s) - start ))s, $log)"
    [ "$rte" -eq 0 ] || { grep -A1 '^\[eva:alarm\]' "$log" | sed 's/^/    /' | head -n 20; status=1; }
done
exit $status
