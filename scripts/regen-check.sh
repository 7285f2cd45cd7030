#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fails when generated/ differs from what `make regen` makes of spec/ and patches/.
set -eu
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cp -r spec patches scripts "$t"/
sh "$t"/scripts/regen.sh "$t"
if diff -r -x README.md "$t"/generated generated >"$t"/diff; then
    echo "regen-check: generated/ is exactly what make regen makes ($(ls generated | wc -l) files)"
else
    echo "regen-check: generated/ drifts from spec/ + patches/:" >&2
    head -50 "$t"/diff >&2
    exit 1
fi
