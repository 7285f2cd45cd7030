#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Remakes DIR/generated from DIR/spec and DIR/patches, exactly as committed:
# asn1c 0.9.28 run from inside generated/ with the spec paths spelled
# ../spec/*.asn1 (asn1c records them in every file), then our patches.
set -eu
dir=${1:-.}
cd "$dir"
command -v asn1c >/dev/null || { echo "regen: asn1c is missing (apt-get install asn1c)" >&2; exit 1; }
asn1c -v 2>&1 | grep -q 'v0.9.28' || { echo "regen: asn1c 0.9.28 is required (Debian 12)" >&2; exit 1; }
mkdir -p generated
rm -f generated/*.c generated/*.h generated/Makefile.am.sample
log=$(mktemp)
if ! (cd generated && asn1c -fcompound-names -fno-include-deps -fincludes-quoted \
        ../spec/credssp.asn1 ../spec/spnego.asn1) >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; exit 1
fi
rm -f "$log"
# converter-sample.c has a main(); the sample makefile is not ours.
rm -f generated/converter-sample.c generated/Makefile.am.sample
for p in patches/*.patch; do
    patch -s --no-backup-if-mismatch -d generated -p1 <"$p"
done
