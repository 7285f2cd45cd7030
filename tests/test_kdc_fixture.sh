#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The scratch KDC the Kerberos tests will stand on (tests/kdc.sh), checked
# with MIT's own tools before any code of ours relies on it: a user logs on
# with its password, a service ticket for TERMSRV/localhost is issued and
# decrypts with the keytab exported for it, and the failures the Kerberos
# leg must report each have their cause here (a wrong password, an unknown
# principal, no KDC).  Nothing of the system's krb5 configuration is used.
#   test_kdc_fixture.sh
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kdc.sh"

realm=CREDSSP.TEST
if ! kdc_start "$realm"; then
    fail "the scratch KDC starts"
    exit 1
fi
ok "krb5kdc (pid $kdc_pid) on 127.0.0.1:$kdc_port, config in $kdc_dir"
[ "$KRB5_CONFIG" = "$kdc_dir/krb5.conf" ] && ok "KRB5_CONFIG is the scratch file" || fail "KRB5_CONFIG is $KRB5_CONFIG"

kdc_addprinc alice 'Passw0rd!' || fail "addprinc alice"
kdc_addservice TERMSRV/localhost "$kdc_dir/termsrv.keytab" || fail "addprinc and ktadd TERMSRV/localhost"

if echo 'Passw0rd!' | kinit alice >"$work/kinit.out" 2>&1; then
    ok "kinit alice with her password"
else
    fail "kinit alice: $(cat "$work/kinit.out")"
fi
klist 2>/dev/null | grep -q "krbtgt/$realm@$realm" && ok "a TGT for alice in the scratch cache" || fail "no TGT in $KRB5CCNAME"
if kvno TERMSRV/localhost >"$work/kvno.out" 2>&1; then
    ok "a service ticket for TERMSRV/localhost"
else
    fail "kvno TERMSRV/localhost: $(cat "$work/kvno.out")"
fi
# The ticket decrypts with the exported key: the keytab is what a server needs.
if kvno -k "$kdc_dir/termsrv.keytab" TERMSRV/localhost >"$work/kvno-k.out" 2>&1 &&
    grep -q "keytab entry valid" "$work/kvno-k.out"; then
    ok "the ticket verifies with the keytab"
else
    fail "kvno -k: $(cat "$work/kvno-k.out")"
fi

# The causes of the statuses the Kerberos leg will return.
kdestroy 2>/dev/null
echo 'wrong' | kinit alice >"$work/wrong.out" 2>&1 && fail "kinit with a wrong password succeeded" ||
    { grep -qi "password incorrect\|preauthentication failed" "$work/wrong.out" &&
          ok "a wrong password: $(tail -n 1 "$work/wrong.out")" || fail "wrong password: $(cat "$work/wrong.out")"; }
echo 'x' | kinit nobody >"$work/unknown.out" 2>&1 && fail "kinit of an unknown principal succeeded" ||
    { grep -qi "not found in Kerberos database" "$work/unknown.out" &&
          ok "an unknown principal: $(tail -n 1 "$work/unknown.out")" || fail "unknown: $(cat "$work/unknown.out")"; }
kdc_stop
echo 'Passw0rd!' | timeout 30 kinit alice >"$work/nokdc.out" 2>&1 && fail "kinit without a KDC succeeded" ||
    { grep -qi "cannot contact any KDC" "$work/nokdc.out" &&
          ok "no KDC: $(tail -n 1 "$work/nokdc.out")" || fail "no KDC: $(cat "$work/nokdc.out")"; }
kill -0 "$kdc_pid" 2>/dev/null && fail "the KDC still runs after kdc_stop" || ok "the KDC stopped by its PID"
exit $failed
