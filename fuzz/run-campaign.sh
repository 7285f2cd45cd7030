#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# make fuzz: every libFuzzer harness for FUZZ_TIME seconds, as many at once
# as there are cores (FUZZ_JOBS), with a live view of each (execs, exec/s,
# edge coverage, features, corpus, crashes, time left) and a summary table.
# New inputs go to fuzz/out/<harness>/corpus/ (corpus/ keeps the seeds;
# `make fuzz-merge` adds what is new there to corpus/).  A crash is
# deduplicated by its stack, minimised into tests/regressions/ with a
# one-line reproducer, where every harness replays it from then on.
#   run-campaign.sh BUILD_DIR SECONDS [HARNESS...]
set -u
build=$1; seconds=$2; shift 2
all="tsrequest tscredentials spnego ntlm_negotiate ntlm_challenge ntlm_authenticate ntlm_av_pairs ntlm_acceptor
     nego_acceptor engine_client engine_server engine_driver ntlm_users decode x224 krb_token"
harnesses=${*:-$all}
jobs=${FUZZ_JOBS:-$(nproc)}
out=fuzz/out
mkdir -p "$out"
summary="$out/summary.txt"

# The last status line of a libFuzzer log: "#N ... cov: C ft: F corp: K/... exec/s: E".
field() { sed -n "s|.* $2: \([0-9]*\).*|\1|p" <<<"$1"; }
status_of() { # HARNESS -> "execs exec/s cov ft corpus crashes"
    local h=$1 log="$out/$1/fuzz.log" last
    last=$(grep -E '^#[0-9]+' "$log" 2>/dev/null | tail -n 1)
    local execs; execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
    local corp; corp=$(ls "$out/$h/corpus" 2>/dev/null | wc -l)
    local crashes; crashes=$(ls "$out/$h/artifacts" 2>/dev/null | wc -l)
    echo "${execs:-0} $(field "$last" exec/s) $(field "$last" cov) $(field "$last" ft) $corp $crashes"
}

start_one() { # HARNESS
    local h=$1 work="$out/$1"
    rm -rf "$work/artifacts"
    mkdir -p "$work/corpus" "$work/artifacts"
    local dict=fuzz/credssp.dict
    "$build/fuzz_$h" -max_total_time="$seconds" -dict="$dict" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
        "$work/corpus" "corpus/$h" tests/regressions >"$work/fuzz.log" 2>&1 &
    pid[$h]=$!
    started[$h]=$(date +%s)
}

declare -A pid started rc
queue=($harnesses)
running=0
view() {
    local now; now=$(date +%s)
    [ -t 1 ] && printf '\033[H\033[J'
    printf '%-16s %-8s %10s %8s %6s %7s %7s %7s %5s\n' harness state execs exec/s cov features corpus crashes left
    for h in $harnesses; do
        local state=queued left="-"
        if [ -n "${rc[$h]:-}" ]; then state=done
        elif [ -n "${pid[$h]:-}" ]; then state=running; left=$((seconds - (now - started[$h])))s; fi
        read -r e r c f k x <<<"$(status_of "$h")"
        [ "$state" = queued ] && e=- r=- c=- f=- k=- x=-
        printf '%-16s %-8s %10s %8s %6s %7s %7s %7s %5s\n' "$h" "$state" "$e" "${r:--}" "${c:--}" "${f:--}" "$k" "$x" "$left"
    done
}
while [ ${#queue[@]} -gt 0 ] || [ "$running" -gt 0 ]; do
    while [ ${#queue[@]} -gt 0 ] && [ "$running" -lt "$jobs" ]; do
        start_one "${queue[0]}"; queue=("${queue[@]:1}"); running=$((running + 1))
    done
    sleep 5
    for h in "${!pid[@]}"; do
        if [ -z "${rc[$h]:-}" ] && ! kill -0 "${pid[$h]}" 2>/dev/null; then
            wait "${pid[$h]}"; rc[$h]=$?; running=$((running - 1))
        fi
    done
    # On a terminal the view redraws; in a log (CI) it is printed every 30 s.
    if [ -t 1 ] || [ $(( $(date +%s) % 30 )) -lt 5 ]; then view; fi
done

# Findings: deduplicated by the top frames of their stack, minimised.
failed=0
printf '%-16s %10s %8s %6s %9s %7s %8s\n' harness execs exec/s cov features corpus crashes >"$summary"
for h in $harnesses; do
    log="$out/$h/fuzz.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    read -r _ _ c f k x <<<"$(status_of "$h")"
    printf '%-16s %10s %8s %6s %9s %7s %8s\n' "$h" "${execs:-?}" "${rate:-?}" "${c:-?}" "${f:-?}" "$k" "$x" >>"$summary"
    if [ "${rc[$h]}" -ne 0 ] || [ "$x" -ne 0 ]; then
        failed=1
        declare -A seen=()
        for a in "$out/$h"/artifacts/*; do
            [ -f "$a" ] || continue
            stack=$("$build/fuzz_$h" "$a" 2>&1 | grep -E '^ +#[0-9]+ ' | head -n 4 | sed 's/0x[0-9a-f]*//g; s/ in / /' | md5sum | cut -c1-8)
            if [ -n "${seen[$stack]:-}" ]; then echo "  finding $a: the same stack as ${seen[$stack]}"; continue; fi
            seen[$stack]=$a
            dest="tests/regressions/$h-$stack"
            "$build/fuzz_$h" -minimize_crash=1 -runs=20000 -exact_artifact_path="$dest" "$a" >/dev/null 2>&1 || true
            [ -f "$dest" ] || cp "$a" "$dest"
            echo "  finding: $dest (stack $stack), reproduce with: $build/fuzz_$h $dest"
        done
        unset seen
        tail -n 30 "$log"
    fi
done
echo
cat "$summary"
exit $failed
