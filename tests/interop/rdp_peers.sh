#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Interoperability with independent peers from Debian 12, all on 127.0.0.1:
#   our client  -> FreeRDP 2.11 shadow server (freerdp-shadow-cli under Xvfb)
#   xfreerdp    -> our server
#   impacket rdp_check -> our server (it only knows port 3389)
#   nmap rdp-ntlm-info -> our server
#   tshark with our key log decodes our traffic as CredSSP/NTLMSSP
# Every peer is started by PID and stopped by PID; nothing is left running.
#   rdp_peers.sh CREDSSP_BINARY
set -u
credssp=$(readlink -f "$1")
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
need() { command -v "$1" >/dev/null || { echo "FAIL $1 is not installed (make test installs it)"; exit 1; }; }
for t in freerdp-shadow-cli xfreerdp winpr-hash Xvfb nmap tshark; do need "$t"; done
rdp_check=/usr/share/doc/python3-impacket/examples/rdp_check.py
[ -f "$rdp_check" ] || { echo "FAIL $rdp_check is missing (python3-impacket)"; exit 1; }

# ---- an X display for the FreeRDP programs
start_xvfb || { echo "FAIL Xvfb's display did not accept clients"; exit 1; }

# ---- accounts: alice (no domain) and CONTOSO\bob
winpr-hash -u alice -p 'Passw0rd!' -f sam >"$work/sam"
winpr-hash -u bob -p 'S3cret-bob' -d CONTOSO -f sam >>"$work/sam"

# ---- 1. our client -> FreeRDP shadow server
# The display must still answer (a shadow server cannot start without it).
x_display_ready "$work/display" || start_xvfb || fail "Xvfb's display stopped answering"
if ! start_service "$work/shadow.log" freerdp-shadow-cli /bind-address:127.0.0.1 /port:@PORT@ /sec:nla \
        /sam-file:"$work/sam"; then
    fail "freerdp-shadow-cli did not listen, twice"
else
    port=$service_port
    out=$("$credssp" connect --user alice --password 'Passw0rd!' --trace 127.0.0.1:"$port" 2>&1); rc=$?
    if [ $rc -eq 0 ] && grep -q 'client_verify_pubkey, .*client_send_credentials -> \[DONE\] SEC_E_OK' <<<"$out"; then
        ok "our client -> FreeRDP shadow: authenticated, the server's pubKeyAuth verified"
    else fail "our client -> FreeRDP shadow, right password: exit $rc"; tail -5 <<<"$out"; fi
    out=$("$credssp" connect --user alice --password 'wrong' 127.0.0.1:"$port" 2>&1); rc=$?
    if [ $rc -eq 1 ] && grep -q 'closed the connection after our AUTHENTICATE' <<<"$out"; then
        ok "our client -> FreeRDP shadow: wrong password is logon denied (exit 1), reported as such"
    else fail "our client -> FreeRDP shadow, wrong password: exit $rc: $out"; fi
    out=$("$credssp" connect --user bob --domain CONTOSO --password 'S3cret-bob' 127.0.0.1:"$port" 2>&1); rc=$?
    [ $rc -eq 0 ] && ok "our client -> FreeRDP shadow: domain user CONTOSO\\bob" \
        || fail "our client -> FreeRDP shadow, domain user: exit $rc: $out"
    out=$("$credssp" connect --user alice --nt-hash fc525c9683e8fe067095ba2ddc971889 127.0.0.1:"$port" 2>&1); rc=$?
    [ $rc -eq 0 ] && ok "our client -> FreeRDP shadow: pass-the-hash (restricted admin)" \
        || fail "our client -> FreeRDP shadow, pass-the-hash: exit $rc: $out"
    out=$("$credssp" connect --user alice --password 'Passw0rd!' --json 127.0.0.1:"$port" 2>&1); rc=$?
    grep -q '"outcome":"authenticated".*"version":6' <<<"$out" && ok "our client -> FreeRDP shadow: --json summary" \
        || fail "our client -> FreeRDP shadow, --json: $out"
fi

# ---- our server, for the clients below (impacket only knows port 3389)
start_server() { # PORT LOG
    "$credssp" serve --listen 127.0.0.1:"$1" --users "$work/sam" >"$2" 2>&1 &
    pids+=($!)
    wait_port "$1"
}
sport=$(free_port)
if ! start_server "$sport" "$work/serve.log"; then
    fail "credssp serve did not listen on $sport"
else
    # ---- 2. xfreerdp -> our server
    xf() { timeout 30 xfreerdp /v:127.0.0.1:"$sport" /u:alice /p:"$1" /auth-only /cert:ignore \
        /log-filters:com.freerdp.core.nla:DEBUG,com.freerdp.core.connection:DEBUG >"$work/xf.log" 2>&1; }
    xf 'Passw0rd!'
    if grep -q 'CONNECTION_STATE_NLA --> CONNECTION_STATE_MCS_CONNECT' "$work/xf.log" &&
        grep -q 'user=alice result=SEC_E_OK.*delegated=alice' "$work/serve.log"; then
        ok "xfreerdp -> our server: xfreerdp verified our pubKeyAuth and delegated alice"
    else fail "xfreerdp -> our server, right password"; tail -3 "$work/xf.log" "$work/serve.log"; fi
    xf 'wrong'; rc=$?
    if [ $rc -eq 134 ] && grep -q 'ERRCONNECT_LOGON_FAILURE' "$work/xf.log" &&
        grep -q 'result=SEC_E_LOGON_DENIED' "$work/serve.log"; then
        ok "xfreerdp -> our server: wrong password, our errorCode gives ERRCONNECT_LOGON_FAILURE (exit 134)"
    else fail "xfreerdp -> our server, wrong password: exit $rc"; tail -3 "$work/xf.log"; fi

    # ---- 4. nmap rdp-ntlm-info -> our server
    timeout 60 nmap -Pn -n -p "$sport" --script +rdp-ntlm-info 127.0.0.1 >"$work/nmap.log" 2>&1
    if grep -q 'Target_Name: LIBCREDSSP' "$work/nmap.log" && grep -q 'DNS_Computer_Name: libcredssp.test' "$work/nmap.log" &&
        grep -q 'version=96' "$work/serve.log"; then
        ok "nmap rdp-ntlm-info -> our server: version 96 answered with a CHALLENGE nmap prints"
    else fail "nmap rdp-ntlm-info"; cat "$work/nmap.log"; fi

    # ---- 5. tshark decodes our traffic with our key log
    tshark -i lo -f "tcp port $sport" -w "$work/cap.pcapng" >"$work/tshark.log" 2>&1 &
    tpid=$!
    pids+=($tpid)
    for _ in $(seq 150); do grep -q 'Capturing on' "$work/tshark.log" && break; sleep 0.1; done
    sleep 0.5
    "$credssp" connect --user alice --password 'Passw0rd!' --keylog "$work/keylog" 127.0.0.1:"$sport" >/dev/null 2>&1
    sleep 2
    kill_ours "$tpid" INT; wait "$tpid" 2>/dev/null
    fields=$(tshark -r "$work/cap.pcapng" -o tls.keylog_file:"$work/keylog" -d tcp.port=="$sport",tls -Y credssp \
        -T fields -e credssp.version -e ntlmssp.messagetype -e ntlmssp.auth.username 2>/dev/null | tr '\t\n' ' |')
    if grep -q '6 0x00000001' <<<"$fields" && grep -q '6 0x00000002' <<<"$fields" && grep -q '6 0x00000003 alice' <<<"$fields"; then
        ok "tshark decodes our traffic as CredSSP/NTLMSSP with our key log: $fields"
    else fail "tshark: $fields"; fi
fi

# ---- 3. impacket rdp_check -> our server on 3389
if (exec 3<>/dev/tcp/127.0.0.1/3389) 2>/dev/null; then
    fail "port 3389 is taken; impacket's rdp_check only connects there"
elif ! start_server 3389 "$work/serve3389.log"; then
    fail "credssp serve could not listen on 3389 (impacket's only port)"
else
    out=$(timeout 30 /usr/bin/python3 "$rdp_check" 'alice:Passw0rd!@127.0.0.1' 2>&1)
    if grep -q 'Access Granted' <<<"$out" && grep -q 'version=2 framing=ntlm user=alice result=SEC_E_OK' "$work/serve3389.log"; then
        ok "impacket rdp_check -> our server: version 2, NTLM without MIC, public-key echo: Access Granted"
    else fail "impacket rdp_check, right password: $out"; cat "$work/serve3389.log"; fi
    out=$(timeout 30 /usr/bin/python3 "$rdp_check" 'alice:wrong@127.0.0.1' 2>&1)
    if ! grep -q 'Access Granted' <<<"$out" && grep -q 'version=2 framing=ntlm user=alice result=SEC_E_LOGON_DENIED' "$work/serve3389.log"; then
        ok "impacket rdp_check -> our server: wrong password denied"
    else fail "impacket rdp_check, wrong password: $out"; fi
fi
exit $failed
