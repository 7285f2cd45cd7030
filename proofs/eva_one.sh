#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs one Eva entry of make proofs: proofs/out/eva-ENTRY.log and its time in
# proofs/out/eva-ENTRY.seconds.  Entries eva_record_scan, eva_x224,
# eva_krb_token and eva_ntlm are the parsers' twins (eva_parsers.c),
# eva_user_* the user file's (eva_users.c); every other one drives the
# generated decoders (eva_decoders.c, with the bodies of eva_stubs.c).
#   eva_one.sh ENTRY
set -eu
cd "$(dirname "$0")/.."
entry=$1
out=proofs/out
INCLUDES="-Iengine/base -Iengine/codec -Icli"
# The lengths of fully unknown input each family reaches with 0 alarms in
# the time make proofs has (docs/proofs.md says what is beyond them).
case "$entry" in
    eva_spnego_unknown|eva_credentials_inner_unknown) unknown=5 ;;
    *) unknown=9 ;;
esac
start=$(date +%s)
case "$entry" in
    eva_krb_token)
        # Each length on its own (the driver unrolls its loop); the octagon
        # domain relates the rotation's index to its bound (r + i < len),
        # which intervals lose when the count is unknown.
        frama-c -cpp-extra-args="$INCLUDES -D_DEFAULT_SOURCE" engine/codec/krb_token.c proofs/eva_parsers.c \
            -eva -main "$entry" -eva-slevel 100 -eva-split-return full -eva-domains octagon \
            -eva-octagon-through-calls -eva-no-show-progress -eva-msg-key=-final-states \
            >"$out/eva-$entry.log" 2>&1 ;;
    eva_record_scan|eva_x224)
        # Each length on its own (slevel), return states kept apart.
        frama-c -cpp-extra-args="$INCLUDES -D_DEFAULT_SOURCE" engine/codec/record.c cli/x224.c proofs/eva_parsers.c \
            -eva -main "$entry" -eva-slevel 1000 -eva-split-return full -eva-no-show-progress \
            -eva-msg-key=-final-states >"$out/eva-$entry.log" 2>&1 ;;
    eva_user_walk|eva_user_line|eva_user_entry)
        # The user file's twin (eva_users.c): its drivers unroll their own
        # loops over lengths, so each length stays exact; the OpenSSL header
        # ntlm.c includes is proofs/include's, the wipe's body the driver's.
        frama-c -cpp-extra-args="-Iproofs/include $INCLUDES -Iengine/auth -D_DEFAULT_SOURCE" engine/codec/sam_line.c \
            engine/codec/unicode.c engine/auth/ntlm.c proofs/eva_users.c \
            -eva -main "$entry" -eva-slevel 100 -eva-split-return full -eva-no-show-progress \
            -eva-msg-key=-final-states >"$out/eva-$entry.log" 2>&1 ;;
    eva_ntlm)
        # One state for every length (eva_parsers.c); the octagon domain
        # relates the AV walk's position to the length (pos + 4 <= len), which
        # intervals alone lose, and follows it through the calls.
        frama-c -cpp-extra-args="$INCLUDES -D_DEFAULT_SOURCE" engine/codec/ntlm_msg.c proofs/eva_parsers.c \
            -eva -main "$entry" -eva-slevel 100 -eva-split-return full -eva-domains octagon \
            -eva-octagon-through-calls -eva-no-show-progress -eva-msg-key=-final-states \
            >"$out/eva-$entry.log" 2>&1 ;;
    *)
        # ASN_DEBUG as the build defines it (CMakeLists.txt: a macro whose
        # arguments are never evaluated).  asn1c's decoders recurse through
        # function pointers (SEQUENCE > SET OF > SEQUENCE): the unrolling.
        # The return states of the member decoders kept apart
        # (split-return): joined, a failed member's state and a decoded
        # one's make the next tag read look out of bounds.  Each allocation
        # site a fresh base per call (alloc-builtin fresh): with one base,
        # two reallocs of OCTET STRING buffers look like one escaping
        # address.
        # The decoders as generated, with the split annotations of
        # eva_annotate.py inserted in a copy of their own.
        src="$out/eva-src-$entry"
        /usr/bin/python3 proofs/eva_annotate.py generated "$src"
        frama-c -cpp-extra-args="$INCLUDES -I$src -I$out -D_DEFAULT_SOURCE -DEVA_UNKNOWN_LEN=$unknown '-DASN_DEBUG(...)=((void)0)'" \
            "$src"/*.c proofs/eva_decoders.c proofs/eva_stubs.c \
            -eva -main "$entry" -eva-slevel 2000 -eva-unroll-recursive-calls 12 -eva-split-return full \
            -eva-alloc-builtin fresh -eva-no-show-progress -eva-msg-key=-final-states \
            >"$out/eva-$entry.log" 2>&1 ;;
esac
echo $(( $(date +%s) - start )) >"$out/eva-$entry.seconds"
