# What the shell tests share: a scratch directory, processes started by PID
# and stopped by PID at exit, free loopback ports.  Source it after set -u;
# "$work" is the scratch directory, start background jobs with bg_track.
work=$(mktemp -d /tmp/credssp-test.XXXXXX)
pids=()
failed=0
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
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
