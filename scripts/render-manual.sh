#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# docs/credssp.md: the manual of the credssp command, from each
# subcommand's --help, so it cannot drift (make docs; make docs-check).
#   render-manual.sh CREDSSP_BINARY
set -eu
bin=$1
echo "# credssp(1)"
echo
echo "Rendered by \`make docs\` from \`credssp COMMAND --help\`; CI fails when this file differs."
echo
echo '```'
"$bin" --help
echo '```'
for c in demo connect serve decode table; do
    echo
    echo "## credssp $c"
    echo
    echo '```'
    "$bin" "$c" --help
    echo '```'
done
