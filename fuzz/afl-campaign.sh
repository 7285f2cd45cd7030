#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# make fuzz-afl: a real AFL++ campaign on one harness: one -M instance and
# -S instances up to the number of cores, the main one with a CMPLOG binary
# (-c), the last secondary on the ASan+UBSan build (-m none), each with its
# own power schedule, all with the same dictionary; afl-whatsup's summary at
# the end; crashes deduplicated by stack, minimised with afl-tmin into
# tests/regressions/ with a one-line reproducer.
#   afl-campaign.sh HARNESS SECONDS   (builds: build-afl-plain, build-afl-cmplog, build-afl)
set -u
h=$1; seconds=$2
cores=${FUZZ_JOBS:-$(nproc)}
out=fuzz/out/afl-$h
mkdir -p "$out"
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_QUIET=1
plain=build-afl-plain/fuzz_$h cmplog=build-afl-cmplog/fuzz_$h asan=build-afl/fuzz_$h
schedules=(explore fast coe rare exploit seek lin quad)
pids=()
common=(-V "$seconds" -i "corpus/$h" -o "$out" -x fuzz/credssp.dict -t 10000)
afl-fuzz "${common[@]}" -M main -p explore -c "$cmplog" -- "$plain" >"$out/main.log" 2>&1 &
pids+=($!)
for ((i = 1; i < cores; i++)); do
    bin=$plain; extra=()
    if [ "$i" -eq $((cores - 1)) ]; then bin=$asan; extra=(-m none); fi
    afl-fuzz "${common[@]}" -S "s$i" -p "${schedules[$((i % ${#schedules[@]}))]}" "${extra[@]}" -- "$bin" \
        >"$out/s$i.log" 2>&1 &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
# The instances stopped themselves (-V): -d counts them too.
TERM=dumb afl-whatsup -s -d "$out" 2>/dev/null
# Findings, reproduced on the ASan build and minimised.
failed=0
declare -A seen=()
for c in "$out"/*/crashes/id:*; do
    [ -f "$c" ] || continue
    failed=1
    stack=$("$asan" <"$c" 2>&1 | grep -E '^ +#[0-9]+ ' | head -n 4 | sed 's/0x[0-9a-f]*//g; s/ in / /' | md5sum | cut -c1-8)
    [ -n "${seen[$stack]:-}" ] && continue
    seen[$stack]=$c
    dest=tests/regressions/afl-$h-$stack
    afl-tmin -i "$c" -o "$dest" -m none -- "$asan" >/dev/null 2>&1 || cp "$c" "$dest"
    echo "finding: $dest (stack $stack), reproduce with: build/fuzz_$h $dest"
done
exit $failed
