#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The negative control of a forgery oracle: a harness built with every
# comparison of proofs succeeding (fuzz/broken_verify.c) must abort on its
# seeds, or the oracle could not catch what it claims.
#   negative-oracle.sh BROKEN_HARNESS SEED_DIR
"$1" "$2" >/dev/null 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "ok   $(basename "$1"): the forgery oracle fired (exit $rc) once every verification was stubbed out"
    exit 0
fi
echo "FAIL $(basename "$1"): every verification stubbed out, yet no seed made the oracle fire"
exit 1
