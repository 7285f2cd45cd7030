#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Kerberos through MIT's GSSAPI (tests/test_krb_gss.c) against the scratch
# KDC of tests/kdc.sh: alice with a password, TERMSRV/localhost in the
# service keytab, TERMSRV/elsewhere known to the KDC but not in it; then the
# KDC stopped.
#   test_krb_gss.sh TEST_BINARY
set -u
bin=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kdc.sh"
kdc_start CREDSSP.TEST || { echo "FAIL the scratch KDC starts"; exit 1; }
kdc_addprinc alice 'Passw0rd!' &&
    kdc_addservice TERMSRV/localhost "$kdc_dir/termsrv.keytab" &&
    kdc_addservice TERMSRV/elsewhere "$kdc_dir/elsewhere.keytab" || { echo "FAIL principals"; exit 1; }
"$bin" ok "$kdc_dir/termsrv.keytab" || failed=1
"$bin" fails "$kdc_dir/termsrv.keytab" || failed=1
echo 'Passw0rd!' | kinit -c "FILE:$kdc_dir/alice.ccache" alice >/dev/null || failed=1
"$bin" ccache "$kdc_dir/termsrv.keytab" "FILE:$kdc_dir/alice.ccache" || failed=1
# Clock skew: the KDC an hour ahead (libfaketime preloaded into it alone:
# under ASan the test itself cannot take the preload), and MIT's correction
# from the KDC's clock (kdc_timesync) off, as a Windows client has none.
kdc_stop
kdc_run LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 FAKETIME=+1h || failed=1
printf '[libdefaults]\n    kdc_timesync = 0\n' >"$kdc_dir/skew.conf"
KRB5_CONFIG="$kdc_dir/skew.conf:$KRB5_CONFIG" "$bin" skew "$kdc_dir/termsrv.keytab" || failed=1
kdc_stop
"$bin" no-kdc "$kdc_dir/termsrv.keytab" || failed=1
exit $failed
