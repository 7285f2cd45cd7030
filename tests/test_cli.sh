#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# credssp connect and serve as a person uses them: exit codes, options, and a
# server that drops misbehaving clients (slowloris, garbage, half-open,
# oversized) without hurting a good one, and stops cleanly on SIGTERM.
#   test_cli.sh CREDSSP_BINARY [SEED_LOOP_BINARY]
set -u
credssp=$(readlink -f "$1")
seed_loop=${2:-}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
check() { # EXPECTED-EXIT DESCRIPTION COMMAND...
    local want=$1 what=$2; shift 2
    out=$("$@" 2>&1); rc=$?
    if [ "$rc" -eq "$want" ]; then echo "ok   $what (exit $rc)"; else echo "FAIL $what: exit $rc, want $want: $out"; failed=1; fi
}
serve() { # PORT LOG ARGS...
    local port=$1 log=$2; shift 2
    "$credssp" serve --listen 127.0.0.1:"$port" --users "$work/sam" "$@" >"$log" 2>&1 &
    pids+=($!)
    wait_port "$port"
}

printf 'alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n' >"$work/sam"
printf 'Passw0rd!\n' >"$work/pw"

p=$(free_port); serve "$p" "$work/a.log"
check 0 "connect, password from a file" "$credssp" connect --user alice --password-file "$work/pw" 127.0.0.1:"$p"
check 0 "connect, password from the environment" env PW='Passw0rd!' "$credssp" connect --user alice --password-env PW 127.0.0.1:"$p"
check 0 "connect --spnego" "$credssp" connect --user alice --password 'Passw0rd!' --spnego 127.0.0.1:"$p"
check 0 "connect --no-delegate" "$credssp" connect --user alice --password 'Passw0rd!' --no-delegate 127.0.0.1:"$p"
check 0 "connect --nt-hash" "$credssp" connect --user alice --nt-hash fc525c9683e8fe067095ba2ddc971889 127.0.0.1:"$p"
check 1 "connect, wrong password: logon denied" "$credssp" connect --user alice --password nope 127.0.0.1:"$p"
check 1 "connect, unknown user: logon denied" "$credssp" connect --user mallory --password 'Passw0rd!' 127.0.0.1:"$p"
check 6 "connect --raw to an X.224 server: the server resets, a network error" "$credssp" connect --raw --timeout 2 --user alice --password x 127.0.0.1:"$p"
grep -q 'delegated=alice password=<redacted>' "$work/a.log" && echo "ok   serve logs the delegated user, password redacted" \
    || { echo "FAIL serve log: $(cat "$work/a.log")"; failed=1; }
grep -q 'delegated=(empty: restricted admin)' "$work/a.log" && echo "ok   serve logs restricted admin" \
    || { echo "FAIL serve log, restricted admin"; failed=1; }
grep -q 'framing=spnego' "$work/a.log" && echo "ok   serve logs the SPNEGO framing" || { echo "FAIL framing"; failed=1; }

p4=$(free_port); serve "$p4" "$work/v4.log" --max-version 4
check 4 "connect to a version 4 server: refused by policy (minimum 5)" "$credssp" connect --user alice --password 'Passw0rd!' 127.0.0.1:"$p4"
check 0 "connect --min-version 2 to a version 4 server" "$credssp" connect --user alice --password 'Passw0rd!' --min-version 2 127.0.0.1:"$p4"

pr=$(free_port); serve "$pr" "$work/raw.log" --raw --show-secrets
check 0 "connect --raw to serve --raw" "$credssp" connect --raw --user alice --password 'Passw0rd!' 127.0.0.1:"$pr"
grep -q 'password=Passw0rd!' "$work/raw.log" && echo "ok   serve --show-secrets logs the password" \
    || { echo "FAIL --show-secrets"; failed=1; }
if [ -n "$seed_loop" ]; then
    check 0 "the README's seed loop (examples/seed_loop.c) against serve --raw" "$seed_loop" 127.0.0.1 "$pr" alice 'Passw0rd!'
    check 1 "... with a wrong password" "$seed_loop" 127.0.0.1 "$pr" alice nope
fi

closed=$(free_port)
check 6 "connect to a closed port: network error" "$credssp" connect --user alice --password x 127.0.0.1:"$closed"
# A listener that never answers.
/usr/bin/python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(); c,_=s.accept(); time.sleep(30)' "$closed" &
pids+=($!)
wait_port "$closed"
start=$(date +%s)
check 6 "connect --timeout 1 to a silent server: timeout" "$credssp" connect --timeout 1 --user alice --password x 127.0.0.1:"$closed"
[ $(( $(date +%s) - start )) -le 3 ] && echo "ok   ... within the timeout" || { echo "FAIL the timeout took too long"; failed=1; }
out=$("$credssp" connect --json --user alice --password nope 127.0.0.1:"$p")
grep -q '"outcome":"logon denied","exit":1,"status":"SEC_E_LOGON_DENIED"' <<<"$out" && echo "ok   connect --json" \
    || { echo "FAIL --json: $out"; failed=1; }
out=$("$credssp" connect --trace --user alice --password 'Passw0rd!' 127.0.0.1:"$p")
grep -q 'NTLMSSP AUTHENTICATE' <<<"$out" && grep -q '\[C_WAIT_PUBKEY\] TSRequest{pubKeyAuth}' <<<"$out" &&
    ! grep -q 'Passw0rd' <<<"$out" && echo "ok   connect --trace shows messages and transitions, no password" \
    || { echo "FAIL --trace"; failed=1; }
check 2 "connect without a user" "$credssp" connect --password x 127.0.0.1
check 2 "connect with two password sources" "$credssp" connect --user a --password x --nt-hash 00 127.0.0.1
check 2 "connect with a bad port" "$credssp" connect --user a --password x 127.0.0.1:99999
check 2 "serve without --users" "$credssp" serve
check 1 "serve with a missing user file" "$credssp" serve --listen 127.0.0.1:0 --users /nonexistent
check 2 "connect to port 0" "$credssp" connect --user a --password x 127.0.0.1:0
check 2 "connect with an unknown option given last" "$credssp" connect --user a --password x 127.0.0.1 --bogus
grep -q 'unknown option --bogus' <<<"$out" && echo "ok   ... says unknown option" || { echo "FAIL: $out"; failed=1; }
check 2 "serve with an unknown option given last" "$credssp" serve --users "$work/sam" --bogus
grep -q 'unknown option --bogus' <<<"$out" && echo "ok   ... says unknown option" || { echo "FAIL: $out"; failed=1; }
check 2 "connect with a value missing" "$credssp" connect 127.0.0.1 --user
grep -q -- '--user needs a value' <<<"$out" && echo "ok   ... says it needs a value" || { echo "FAIL: $out"; failed=1; }
check 0 "connect --help" "$credssp" connect --help
check 0 "serve --help" "$credssp" serve --help

# ---- log lines never interleave: one client at a time, traced, while
# others are refused at the same moment
pl=$(free_port); serve "$pl" "$work/l.log" --max-clients 1 --trace
for k in 1 2 3 4; do
    ( for _ in 1 2 3 4 5 6; do "$credssp" connect --user alice --password 'Passw0rd!' 127.0.0.1:"$pl" >/dev/null 2>&1; done ) &
    pids+=($!)
done
for k in 1 2 3 4; do wait "${pids[-$k]}" 2>/dev/null; done
sleep 0.3
lines=$(grep -c . "$work/l.log"); refused=$(grep -c 'result=refused' "$work/l.log")
bad=$(grep -v -E '^(listening on |  \[[A-Z_]+\] |client=[0-9.:]+ (version=[0-9] .* result=SEC_[A-Z_]+ duration=[0-9]+ms( delegated=[^ ]+ password=<redacted>)?( stage=[a-z0-9]+ why=".*")?$|result=refused why="1 clients already"$))' "$work/l.log" | head -3)
[ -z "$bad" ] && [ "$refused" -ge 1 ] && echo "ok   serve log: $lines whole lines ($refused refused) from 24 concurrent clients, none interleaved" \
    || { echo "FAIL serve log lines interleave or are malformed ($refused refused): $bad"; failed=1; }

# ---- a server under misbehaving clients, with a good one among them
ps=$(free_port); serve "$ps" "$work/s.log" --timeout 3
spid=${pids[-1]}
/usr/bin/python3 - "$ps" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
def conn():
    s = socket.create_connection(("127.0.0.1", port)); return s
slow = [conn() for _ in range(5)]              # slowloris: a byte now and then
for s in slow: s.send(b"\x03")
garbage = conn(); garbage.send(b"GET / HTTP/1.1\r\n\r\n" * 10)
half = conn(); half.shutdown(socket.SHUT_WR)   # half-open
big = conn()
try:
    big.send(b"\x03\x00\x00\x13\x0e\xe0\x00\x00\x00\x00\x00\x01\x00\x08\x00\x02\x00\x00\x00")  # CR, HYBRID
    big.recv(64)
    for _ in range(200): big.send(b"\x17\x03\x03\x40\x00" + b"A" * 16384)                # oversized
except OSError:
    pass
time.sleep(1.0)
for s in slow: 
    try: s.send(b"\x00")
    except OSError: pass
time.sleep(5)
PY
pids+=($!)
sleep 0.5
check 0 "a good client while others misbehave" "$credssp" connect --user alice --password 'Passw0rd!' 127.0.0.1:"$ps"
sleep 4
dropped=$(grep -c 'result=SEC_E' "$work/s.log")
grep -q 'user=alice result=SEC_E_OK' "$work/s.log" && [ "$dropped" -ge 9 ] &&
    echo "ok   serve dropped the slowloris, garbage, half-open and oversized clients ($dropped lines) and served the good one" \
    || { echo "FAIL serve under misbehaving clients: $(cat "$work/s.log")"; failed=1; }
kill -TERM "$spid"
for _ in $(seq 50); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$spid" 2>/dev/null; then echo "FAIL serve did not stop on SIGTERM"; failed=1
else wait "$spid"; rc=$?; [ $rc -eq 0 ] && grep -q '^stopped' "$work/s.log" && echo "ok   serve stops cleanly on SIGTERM" \
    || { echo "FAIL serve exit $rc on SIGTERM"; failed=1; }; fi
exit $failed
