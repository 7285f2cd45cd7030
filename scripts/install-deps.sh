#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs what a make target needs from Debian 12, when it is missing.
# As root it runs apt-get; otherwise it prints the exact apt-get line and stops.
#   install-deps.sh build|test|fuzz
set -eu
need=${1:-build}
pkgs="make cmake gcc clang libclang-rt-14-dev asn1c libssl-dev libkrb5-dev pkg-config python3 patch"
case "$need" in
    build) ;;
    # The interop peers: FreeRDP 2.11 (client, shadow server, winpr-hash) under
    # Xvfb, impacket, nmap, tshark; an MIT KDC and its tools (tests/kdc.sh
    # runs one from a scratch configuration, never the system's; faketime
    # sets its clock ahead for the clock-skew test).
    test) pkgs="$pkgs frama-c-base why3 z3 cvc4 gss-ntlmssp python3-gssapi freerdp2-x11 freerdp2-shadow-x11
                winpr-utils xvfb python3-impacket nmap tshark krb5-kdc krb5-admin-server krb5-user
                faketime" ;;
    fuzz) pkgs="$pkgs libfuzzer-14-dev afl++ llvm-14 zip unzip" ;;
    *) echo "install-deps: unknown set '$need'" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture: no, without asking.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -q >/dev/null
apt-get install -y -q $missing >/dev/null
