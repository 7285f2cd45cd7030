#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every test docs/status-codes.md names (file:function) exists.
#   check-status-tests.sh docs/status-codes.md
set -eu
missing=0
for ref in $(grep -o 'tests/[a-z_]*\.c:[a-z_]*' "$1" | sort -u); do
    file=${ref%%:*}
    fn=${ref#*:}
    if ! grep -q "^[a-z].*[ *]$fn(" "$file" 2>/dev/null; then
        echo "docs/status-codes.md names $ref, which does not exist"
        missing=1
    fi
done
exit $missing
