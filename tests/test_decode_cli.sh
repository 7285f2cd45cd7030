#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# credssp decode: exit statuses, the reason line, text and JSON output.
set -u
bin=$1; data=$2
pass=0; fail=0
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

"$bin" decode "$data/freerdp-ok-01-client-negotiate.der" >"$t/out" 2>"$t/err"; rc=$?
check "valid TSRequest exits 0" "[ $rc -eq 0 ]"
check "shows the version" "grep -q 'version *6' '$t/out'"
check "recognises NTLM NEGOTIATE" "grep -q 'NTLMSSP NEGOTIATE (type 1)' '$t/out'"
check "shows clientNonce" "grep -q 'clientNonce *(32 bytes)' '$t/out'"

"$bin" decode "$data/freerdp-ok-03-client-authenticate+pubkeyauth.der" >"$t/out"; rc=$?
check "AUTHENTICATE shows the user" "[ $rc -eq 0 ] && grep -q 'user *\"alice\"' '$t/out'"
check "AUTHENTICATE shows the NTLMv2 AV pairs" "grep -q 'MsvAvTargetName' '$t/out' && grep -q 'TERMSRV/127.0.0.1' '$t/out'"
check "AUTHENTICATE shows the MIC" "grep -q 'mic present *true' '$t/out'"
check "flags by name" "grep -q 'KEY_EXCH' '$t/out'"
"$bin" decode --json "$data/freerdp-ok-03-client-authenticate+pubkeyauth.der" >"$t/out"; rc=$?
check "--json NTLM fields" "/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d[\"negoTokens\"][0]; assert t[\"user\"]==\"alice\" and t[\"NtChallengeResponse\"][\"NTProofStr\"]==\"f477675bf1e7212e26cd58055583923d\"' '$t/out'"

"$bin" decode --json "$data/freerdp-ok-02-server-challenge.der" >"$t/out"; rc=$?
check "--json exits 0" "[ $rc -eq 0 ]"
check "--json is one JSON object" "/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"version\"]==6 and d[\"type\"]==\"TSRequest\"' '$t/out'"

"$bin" decode "$data/synthetic-server-errorcode-C000006D-int5.der" >"$t/out"; rc=$?
check "errorCode named" "[ $rc -eq 0 ] && grep -q '0xC000006D STATUS_LOGON_FAILURE' '$t/out'"

printf '\060\003\002\001\006\000' >"$t/trailing"
"$bin" decode "$t/trailing" >"$t/out" 2>"$t/err"; rc=$?
check "trailing byte exits 1" "[ $rc -eq 1 ]"
check "reason names offset and rule" "grep -q 'rejected at offset 5: bytes after the outermost value' '$t/err'"

printf '\060\005\240\003\002\001\001' | "$bin" decode - >"$t/out" 2>"$t/err"; rc=$?
check "stdin, version 1 exits 1" "[ $rc -eq 1 ] && grep -q 'offset 2: version below 2' '$t/err'"

"$bin" decode --type nonsense x >/dev/null 2>&1; rc=$?
check "bad --type exits 2" "[ $rc -eq 2 ]"
"$bin" decode >/dev/null 2>&1; rc=$?
check "no file exits 2" "[ $rc -eq 2 ]"
"$bin" decode --help >"$t/out"; rc=$?
check "--help exits 0" "[ $rc -eq 0 ] && grep -q usage '$t/out'"

printf '3033a003020101a12c042a3028a0020400a10c040a61006c00690063006500a2140412500061007300730077003000720064002100' \
  | /usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))' >"$t/creds"
"$bin" decode --type tscredentials "$t/creds" >"$t/out"; rc=$?
check "TSCredentials decodes" "[ $rc -eq 0 ] && grep -q '\"alice\"' '$t/out'"
check "password redacted by default" "! grep -q 'Passw0rd' '$t/out' && grep -q 'redacted, 18 bytes' '$t/out'"
"$bin" decode --type tscredentials --show-secrets "$t/creds" >"$t/out"
check "--show-secrets shows it" "grep -q 'Passw0rd!' '$t/out'"

# Kerberos per-message tokens by their headers (RFC 4121 4.2.6): a Windows
# Wrap token as pubKeyAuth, a MIC token as mechListMIC.
printf '%s' 3078a003020106a131302f302da02b0429a1273025a0030a0100a31e041c040405ffffffffff0000000000000000000000000000000000000000a33e043c050406ff0000001c0102030405060708000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b \
  | /usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))' >"$t/krb"
"$bin" decode "$t/krb" >"$t/out"; rc=$?
check "a Kerberos Wrap pubKeyAuth by its header" "[ $rc -eq 0 ] && grep -q 'pubKeyAuth *Kerberos Wrap token' '$t/out' && grep -q 'RRC *28' '$t/out' && grep -q 'SND_SEQ *0x0102030405060708' '$t/out' && grep -q 'flags *0x06 Sealed AcceptorSubkey' '$t/out'"
check "a Kerberos MIC mechListMIC by its header" "grep -q 'mechListMIC *Kerberos MIC token' '$t/out' && grep -q 'flags *0x05 SentByAcceptor AcceptorSubkey' '$t/out'"
"$bin" decode --json "$t/krb" >"$t/out"
check "--json Wrap fields" "/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); w=d[\"pubKeyAuth\"]; assert w[\"RRC\"]==28 and w[\"EC\"]==0 and len(w[\"sealed\"])==88' '$t/out'"
"$bin" decode "$data/freerdp-ok-03-client-authenticate+pubkeyauth.der" >"$t/out"
check "an NTLM pubKeyAuth stays bytes" "grep -q 'pubKeyAuth *(' '$t/out'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
