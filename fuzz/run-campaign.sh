#!/bin/sh
# make fuzz: every libFuzzer harness for FUZZ_TIME seconds, a progress line
# while it runs, then a summary table.  New inputs go to fuzz/out/<harness>/
# (corpus/ keeps the seeds); a crash is minimised into tests/regressions/,
# where every harness replays it from then on.
#   run-campaign.sh BUILD_DIR SECONDS [HARNESS...]
set -u
build=$1; seconds=$2; shift 2
harnesses=${*:-"tsrequest tscredentials spnego ntlm_negotiate ntlm_challenge ntlm_authenticate ntlm_av_pairs ntlm_acceptor nego_acceptor engine_client engine_server x224"}
out=fuzz/out
mkdir -p "$out"
summary="$out/summary.txt"
printf '%-14s %10s %8s %9s %7s %8s\n' harness execs exec/s features corpus crashes >"$summary"
failed=0
for h in $harnesses; do
    bin="$build/fuzz_$h"
    work="$out/$h"
    # Artifacts of earlier runs were minimised into tests/regressions already.
    rm -rf "$work/artifacts"
    mkdir -p "$work/corpus" "$work/artifacts"
    log="$work/fuzz.log"
    "$bin" -max_total_time="$seconds" -dict=fuzz/credssp.dict -max_len=4096 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
        "$work/corpus" "corpus/$h" "tests/regressions" >"$log" 2>&1 &
    pid=$!
    # The progress line: rewritten in place on a terminal, one a tick in a log.
    if [ -t 1 ]; then cr='\r'; nl=''; else cr=''; nl='\n'; fi
    while kill -0 "$pid" 2>/dev/null; do
        sleep 5
        last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | cut -c1-90)
        printf "${cr}  fuzz_%-14s %s${nl}" "$h" "$last"
    done
    wait "$pid"; rc=$?
    printf '\n'
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    ft=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(ls "$work/corpus" | wc -l)
    crashes=$(ls "$work/artifacts" | wc -l)
    printf '%-14s %10s %8s %9s %7s %8s\n' "$h" "${execs:-?}" "${rate:-?}" "${ft:-?}" "$corp" "$crashes" >>"$summary"
    if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
        failed=1
        for a in "$work"/artifacts/*; do
            [ -f "$a" ] || continue
            dest="tests/regressions/$h-$(basename "$a")"
            "$bin" -minimize_crash=1 -runs=20000 -exact_artifact_path="$dest" "$a" >/dev/null 2>&1 || true
            [ -f "$dest" ] || cp "$a" "$dest"
            echo "  finding: $a minimised into $dest (fix it; the replay test now fails until then)"
        done
        tail -n 30 "$log"
    fi
done
echo
cat "$summary"
exit $failed
