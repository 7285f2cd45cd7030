#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs WP on one unit of make proofs: proofs/out/wp-NAME.log, its time in
# proofs/out/wp-NAME.seconds, and the per-function table (wp_table.py) in
# proofs/out/wp-NAME.table (run.sh prints it); fails unless every goal is
# proved.
#   wp_one.sh UNIT        (UNIT is a path without .c, as in run.sh)
set -eu
cd "$(dirname "$0")/.."
unit=$1
name=$(basename "$unit")
out=proofs/out
# The layers' folders (docs/DEVELOPMENT.md) and the command's.
INCLUDES="-Iengine/base -Iengine/codec -Iengine/platform -Iengine/auth -Iengine/machine -Icli"
# The arithmetic checks ANSSI's x509-parser proves under: an unsigned
# operation that wraps, and a conversion that loses bits, are errors too.
STRICT="-warn-unsigned-overflow -warn-unsigned-downcast -warn-signed-downcast"
start=$(date +%s)
# shellcheck disable=SC2086
frama-c -cpp-extra-args="$INCLUDES -D_DEFAULT_SOURCE" "$unit.c" $STRICT \
    -wp -wp-rte -wp-prover z3,cvc4 -wp-timeout 60 -wp-par 2 \
    >"$out/wp-$name.log" 2>&1 || { echo "frama-c failed on $unit.c; see $out/wp-$name.log"; exit 1; }
echo $(( $(date +%s) - start )) >"$out/wp-$name.seconds"
/usr/bin/python3 proofs/wp_table.py "$out/wp-$name.log" "$unit" "$(cat "$out/wp-$name.seconds")" >"$out/wp-$name.table"
