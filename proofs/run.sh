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
# the NTLM parsers and writer, UTF-16 and UTF-8, the TLS record framing, the
# table lookup and step, the RDP X.224 negotiation parser of the command
# line, and the Kerberos per-message token headers.  proofs/wp_one.sh runs one.
WP_UNITS=${WP_UNITS:-"engine/codec/ntlm_msg engine/codec/unicode engine/codec/der engine/machine/machine cli/x224 engine/codec/record engine/codec/sam_line engine/codec/krb_token"}
echo "$WP_UNITS" >"$out/wp-units.txt"
status=0

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
# unknown bytes up to EVA_UNKNOWN_LEN (eva_one.sh); the parsers' twins
# (eva_parsers.c, eva_users.c).
/usr/bin/python3 proofs/eva_vectors.py "$out/eva_vectors.h"
EVA_ENTRIES=${EVA_ENTRIES:-"eva_spnego_unknown eva_tscredentials_unknown eva_tsrequest_unknown eva_credentials_inner_unknown
    eva_tsrequest_shapes eva_tscredentials_shapes eva_spnego_shapes eva_tsrequest_captured
    eva_tscredentials_captured eva_spnego_captured eva_x224 eva_record_scan eva_ntlm
    eva_user_line eva_user_entry eva_user_walk eva_krb_token"}
echo $EVA_ENTRIES >"$out/eva-entries.txt"

# WP and Eva as one pool of jobs, two at a time (the machine has two cores;
# WP's own simplifier runs on one), the two lists interleaved so that the
# longest jobs of each start first.
rm -f "$out"/wp-*.table # a unit whose job did not finish must not show an old table
printf 'proofs/wp_one.sh %s\n' $WP_UNITS >"$out/jobs-wp.txt"
printf 'proofs/eva_one.sh %s\n' $EVA_ENTRIES >"$out/jobs-eva.txt"
paste -d '\n' "$out/jobs-wp.txt" "$out/jobs-eva.txt" | grep . | xargs -P 2 -L 1 sh >"$out/jobs.log" 2>&1 || status=1
cat "$out/jobs.log"
for unit in $WP_UNITS; do
    cat "$out/wp-$(basename "$unit").table" 2>/dev/null || { echo "WP $unit: no result"; status=1; }
done
for entry in $EVA_ENTRIES; do
    log="$out/eva-$entry.log"
    # An alarm is "[eva:alarm] file:line: Warning: text", the text on that
    # line or the next.  Eva goes on as if a property it cannot settle ("got
    # status unknown": a callee's requires, an ensures, a loop invariant)
    # held, so one is left to WP only where WP proves it: at a site inside a
    # unit WP proves in full (the run fails otherwise); anywhere else it
    # counts as an alarm.
    alarms=$(awk -v units=" $WP_UNITS " '/^\[eva:alarm\]/ {
                 site = $2; sub(/:[0-9]+:$/, "", site); sub(/\.[ch]$/, "", site)
                 if ($0 ~ /Warning: *$/) { getline t } else { t = $0 }
                 if (t !~ /got status unknown/ || index(units, " " site " ") == 0) n++ }
             END { print n + 0 }' "$log")
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
if ! /usr/bin/python3 proofs/render.py --same "$out/proofs.md" docs/proofs.md >"$out/proofs.diff"; then
    if [ "${CI:-}" = true ]; then
        echo "docs/proofs.md differs from what make proofs measured ($out/proofs.md), times aside:"
        cat "$out/proofs.diff"
        status=1
    else
        cp "$out/proofs.md" docs/proofs.md
        echo "docs/proofs.md updated from this run: review and commit it"
    fi
fi
exit $status
