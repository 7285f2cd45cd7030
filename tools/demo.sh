#!/bin/sh
# Until the engine exists, the demo decodes the CredSSP exchange captured
# between xfreerdp 2.11 and the FreeRDP shadow server, message by message.
set -eu
bin=$1; data=$2
say() { printf '\n== %s\n' "$1"; }
say "1. client -> server: NTLM NEGOTIATE"
"$bin" decode "$data/freerdp-ok-01-client-negotiate.der"
say "2. server -> client: NTLM CHALLENGE"
"$bin" decode "$data/freerdp-ok-02-server-challenge.der"
say "3. client -> server: NTLM AUTHENTICATE and pubKeyAuth (SHA-256 binding hash, sealed)"
"$bin" decode "$data/freerdp-ok-03-client-authenticate+pubkeyauth.der"
say "4. server -> client: pubKeyAuth (server-to-client binding hash, sealed)"
"$bin" decode "$data/freerdp-ok-04-server-pubkeyauth.der"
say "5. client -> server: authInfo (TSCredentials, sealed)"
"$bin" decode "$data/freerdp-ok-05-client-authinfo.der"
say "   ... and that authInfo unsealed (from freerdp-ok.keys.json): the delegated credentials"
"$bin" decode --type tscredentials "$data/freerdp-ok-05-authinfo-plaintext.tscred.der"
say "6. what the strict DER gate says of a lenient BER variant (long-form length for a short value)"
printf '\060\201\003\002\001\006' | "$bin" decode - || true
