# SPDX-License-Identifier: Apache-2.0
# What the shell tests share: a scratch directory, processes started by PID
# and stopped by PID at exit, free loopback ports.  Source it after set -u;
# "$work" is the scratch directory, start background jobs with bg_track.
work=$(mktemp -d /tmp/credssp-test.XXXXXX)
pids=()
failed=0
# Stops a process we started, and only that: a PID whose process exited may
# already belong to someone else (pid_max is 32768 here and the suite starts
# thousands of processes), so it is signalled only while it is our child.
kill_ours() { # PID [SIGNAL]
    local ppid
    ppid=$(ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ')
    [ "$ppid" = "$$" ] && kill -"${2:-TERM}" "$1" 2>/dev/null
    return 0
}
cleanup() {
    for p in "${pids[@]}"; do kill_ours "$p"; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$work"
}
# Also when the test itself is interrupted or killed: leave nothing running.
trap cleanup EXIT
trap 'exit 130' INT TERM
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failed=1; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
# As wait_port, but gives up as soon as the process PID is gone.
wait_port_of() { # PORT PID
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
# Starts a service by PID and waits until it accepts connections on a free
# port ("@PORT@" in its arguments); one that does not, or that dies, has its
# log shown and is started once more on a new port.  Sets service_port and
# service_pid.   start_service LOG COMMAND ARGS...
start_service() {
    local log=$1; shift
    local attempt
    for attempt in 1 2; do
        service_port=$(free_port)
        "${@//@PORT@/$service_port}" >"$log" 2>&1 &
        service_pid=$!
        pids+=("$service_pid")
        if wait_port_of "$service_port" "$service_pid"; then return 0; fi
        echo "note: $1 did not accept connections on $service_port (attempt $attempt); its log:"
        tail -n 5 "$log" | sed 's/^/    /'
        kill_ours "$service_pid"; wait "$service_pid" 2>/dev/null
    done
    return 1
}
# Waits until the X server whose -displayfd output is FILE accepts a client
# (an X11 connection setup answered with Success), then exports DISPLAY.
x_display_ready() { # FILE
    local n
    n=$(head -n 1 "$1" 2>/dev/null)
    [[ "$n" =~ ^[0-9]+$ ]] || return 1
    /usr/bin/python3 - "$n" <<'PY' || return 1
import socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
s.connect("/tmp/.X11-unix/X" + sys.argv[1])
s.sendall(struct.pack("<cxHHHHxx", b"l", 11, 0, 0, 0))
sys.exit(0 if s.recv(1) == b"\x01" else 1)
PY
    export DISPLAY=":$n"
}
# Starts Xvfb by PID and waits for its display to accept clients; retried once.
start_xvfb() {
    local attempt
    for attempt in 1 2; do
        : >"$work/display"
        Xvfb -displayfd 3 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
        xvfb_pid=$!
        pids+=("$xvfb_pid")
        local xpid=$xvfb_pid
        for _ in $(seq 100); do x_display_ready "$work/display" && return 0; sleep 0.1; done
        echo "note: Xvfb's display did not accept clients (attempt $attempt); its log:"
        tail -n 5 "$work/xvfb.log" | sed 's/^/    /'
        kill_ours "$xpid"; wait "$xpid" 2>/dev/null
    done
    return 1
}
