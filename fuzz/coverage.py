#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make fuzz-coverage: what the harnesses reach, by clang source-based coverage.

Every harness of a coverage build (CREDSSP_COVERAGE, the replay main) runs
corpus/<harness>/, tests/regressions/ and fuzz/out/<harness>/corpus/; the
profiles are merged per harness and in total.  Printed: per file of the
hand-written code, lines, branches and functions covered, and the harnesses
that reach it; an HTML report goes to BUILD/coverage/html/.  With --check,
the goals of fuzz/coverage-goals.txt are enforced (CI runs it on the
committed corpus alone), and the lines no harness reaches are listed for
each file that misses its goal.

    coverage.py BUILD_DIR [--check] [--committed-only] [--uncovered FILE]
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESSES = ("tsrequest tscredentials spnego ntlm_negotiate ntlm_challenge ntlm_authenticate ntlm_av_pairs "
             "ntlm_acceptor nego_acceptor engine_client engine_server engine_driver ntlm_users decode x224 krb_token").split()
PROFDATA = "llvm-profdata-14"
COV = "llvm-cov-14"
# Only hand-written code counts: not asn1c's output, tests, or the harnesses.
IGNORE = r"(^|/)(generated|tests|fuzz|proofs)/|^/usr/"


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def read_goals(path):
    """fuzz/coverage-goals.txt: `total LINES% BRANCHES%`, `file PATH LINES%`,
    `exclude PATH reason...` (a whole file) and `exclude PATH:FUNCTION
    reason...` (one function's body)."""
    total, files, excluded, functions = None, {}, {}, {}
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            word, rest = line.split(None, 1)
            if word == "total":
                lines, branches = rest.split()
                total = (float(lines), float(branches))
            elif word == "file":
                name, lines = rest.split()
                files[name] = float(lines)
            elif word == "floor":
                pass  # read by the Makefile (make fuzz-coverage-check)
            elif word == "exclude":
                name, reason = rest.split(None, 1)
                if ":" in name:
                    functions.setdefault(name.split(":")[0], {})[name.split(":")[1]] = reason
                else:
                    excluded[name] = reason
            else:
                sys.exit("coverage-goals.txt: unknown line: " + line)
    return total, files, excluded, functions


def count(text):
    """llvm-cov's counts: 12, 1.23k, 4.5M."""
    text = text.strip()
    scale = {"k": 1e3, "M": 1e6, "G": 1e9}.get(text[-1:], 1)
    return float(text[:-1] if scale != 1 else text) * scale


def show(objs, data, names):
    """Per file: {line: count} for executable lines, {(line, col, side): count}
    for branch outcomes (each condition has a True and a False outcome)."""
    out = run([COV, "show", "-show-branches=count", "-instr-profile=" + data] + objs +
              [os.path.join(ROOT, n) for n in names], stdout=subprocess.PIPE, text=True).stdout
    files, cur = {}, None
    for line in out.splitlines():
        if line.startswith(ROOT + "/") and line.endswith(":"):
            cur = files.setdefault(os.path.relpath(line[:-1], ROOT), ({}, {}))
            continue
        if cur is None:
            continue
        m = re.match(r"\s*(\d+)\|\s*([0-9.]+[kMG]?)\|", line)
        if m:
            n = int(m.group(1))
            cur[0][n] = cur[0].get(n, 0) + count(m.group(2))
            continue
        m = re.search(r"Branch \((\d+):(\d+)\): \[True: ([0-9.]+[kMG]?), False: ([0-9.]+[kMG]?)\]", line)
        if m:
            key = (int(m.group(1)), int(m.group(2)))
            for side, c in (("T", m.group(3)), ("F", m.group(4))):
                cur[1][key + (side,)] = cur[1].get(key + (side,), 0) + count(c)
    return files


def function_ranges(objs, data):
    """{file: {function: (first line, last line)}} from llvm-cov export."""
    out = run([COV, "export", "-instr-profile=" + data, "-ignore-filename-regex=" + IGNORE] + objs,
              stdout=subprocess.PIPE).stdout
    ranges_ = {}
    for fn in json.loads(out)["data"][0]["functions"]:
        if not fn["regions"] or not fn["filenames"]:
            continue
        r = fn["regions"][0]
        name = fn["name"].split(":")[-1]
        ranges_.setdefault(os.path.relpath(fn["filenames"][0], ROOT), {})[name] = (r[0], r[2])
    return ranges_


def replay(build, harness, committed_only):
    binary = os.path.join(build, "fuzz_" + harness)
    if not os.path.exists(binary):
        return None
    prof = os.path.abspath(os.path.join(build, "coverage", "raw"))
    os.makedirs(prof, exist_ok=True)
    for old in os.listdir(prof):
        if old.startswith(harness + "-"):
            os.remove(os.path.join(prof, old))
    dirs = [os.path.join(ROOT, "corpus", harness), os.path.join(ROOT, "tests", "regressions")]
    found = os.path.join(ROOT, "fuzz", "out", harness, "corpus")
    if not committed_only and os.path.isdir(found):
        dirs.append(found)
    dirs = [d for d in dirs if os.path.isdir(d) and os.listdir(d)]
    env = dict(os.environ, LLVM_PROFILE_FILE=os.path.join(prof, harness + "-%p.profraw"))
    subprocess.run([binary] + dirs, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    raws = [os.path.join(prof, p) for p in os.listdir(prof) if p.startswith(harness + "-")]
    if not raws:
        return None
    data = os.path.join(build, "coverage", harness + ".profdata")
    run([PROFDATA, "merge", "-sparse", "-o", data] + raws)
    return binary, data


def export(binaries, data):
    objs = [binaries[0]] + [a for b in binaries[1:] for a in ("-object", b)]
    out = run([COV, "export", "-summary-only", "-instr-profile=" + data, "-ignore-filename-regex=" + IGNORE] + objs,
              stdout=subprocess.PIPE).stdout
    files = {}
    for f in json.loads(out)["data"][0]["files"]:
        name = os.path.relpath(f["filename"], ROOT)
        s = f["summary"]
        files[name] = {k: (s[k]["covered"], s[k]["count"]) for k in ("lines", "branches", "functions")}
    return files


def uncovered_lines(binaries, data, name):
    objs = [binaries[0]] + [a for b in binaries[1:] for a in ("-object", b)]
    out = run([COV, "show", "-instr-profile=" + data] + objs + [os.path.join(ROOT, name)],
              stdout=subprocess.PIPE, text=True).stdout
    missed = []
    for line in out.splitlines():
        m = re.match(r"\s*(\d+)\|\s*0\|", line)
        if m:
            missed.append(int(m.group(1)))
    return missed


def ranges(numbers):
    out, start, prev = [], None, None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append((start, prev))
            start = prev = n
    if start is not None:
        out.append((start, prev))
    return ", ".join(str(a) if a == b else "%d-%d" % (a, b) for a, b in out)


def pct(pair):
    covered, count = pair
    return 100.0 * covered / count if count else 100.0


def alloc_sweep(build):
    """The allocation-failure sweep over real TLS (tests/test_alloc.c) in the
    coverage build: what it reaches and no harness does is what only a real
    TLS stack or an allocation failure reaches."""
    binary = os.path.abspath(os.path.join(build, "test_alloc"))
    if not os.path.exists(binary):
        return None
    prof = os.path.abspath(os.path.join(build, "coverage", "raw"))
    for old in os.listdir(prof):
        if old.startswith("test_alloc-"):
            os.remove(os.path.join(prof, old))
    env = dict(os.environ, LLVM_PROFILE_FILE=os.path.join(prof, "test_alloc-%p.profraw"))
    subprocess.run([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=build)
    raws = [os.path.join(prof, p) for p in os.listdir(prof) if p.startswith("test_alloc-")]
    data = os.path.join(build, "coverage", "test_alloc.profdata")
    run([PROFDATA, "merge", "-sparse", "-o", data] + raws)
    return binary, data


def measure(name, fuzz, sweep, fn_ranges, fn_excluded):
    """Lines and branch outcomes of one file: covered by a harness, excluded
    (an excluded function, or reached only by the allocation-failure sweep),
    or missed."""
    lines_f, branches_f = fuzz.get(name, ({}, {}))
    lines_a, branches_a = sweep.get(name, ({}, {})) if sweep else ({}, {})
    ranges_ = [fn_ranges.get(name, {}).get(fn) for fn in fn_excluded.get(name, {})]
    ranges_ = [r for r in ranges_ if r is not None]

    def in_excluded_function(line):
        return any(a <= line <= b for a, b in ranges_)

    result = {"excluded_by_function": set(), "excluded_by_sweep": set()}
    for kind, f, a in (("lines", lines_f, lines_a), ("branches", branches_f, branches_a)):
        covered = excluded = missed = 0
        missed_lines = []
        for key in set(f) | set(a):
            line = key if kind == "lines" else key[0]
            if f.get(key, 0) > 0:
                covered += 1
            elif in_excluded_function(line):
                excluded += 1
                result["excluded_by_function"].add(line)
            elif a.get(key, 0) > 0:
                excluded += 1
                result["excluded_by_sweep"].add(line)
            else:
                missed += 1
                missed_lines.append(line)
        result[kind] = (covered, covered + missed, excluded, sorted(set(missed_lines)))
    return result


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    build, check = args[0], "--check" in args
    committed_only = "--committed-only" in args or check
    total_goal, file_goals, excluded, fn_excluded = read_goals(os.path.join(ROOT, "fuzz", "coverage-goals.txt"))
    per_harness, binaries, datas = {}, [], []
    for h in HARNESSES:
        r = replay(build, h, committed_only)
        if r is None:
            continue
        binaries.append(r[0])
        datas.append(r[1])
        per_harness[h] = export([r[0]], r[1])
    if not binaries:
        sys.exit("fuzz-coverage: no harness binaries in " + build)
    total = os.path.join(build, "coverage", "total.profdata")
    run([PROFDATA, "merge", "-sparse", "-o", total] + datas)
    # The command links nearly the whole library: its (zero) counts give the
    # executable lines of files no harness links, such as the driver.
    objs = [binaries[0]] + [a for b in binaries[1:] + [os.path.join(build, "credssp")] for a in ("-object", b)]
    html = os.path.join(build, "coverage", "html")
    run([COV, "show", "-format=html", "-output-dir=" + html, "-instr-profile=" + total,
         "-ignore-filename-regex=" + IGNORE] + objs, stdout=subprocess.DEVNULL)
    names = sorted(os.path.relpath(os.path.join(d, n), ROOT)
                   for d, _, files in os.walk(os.path.join(ROOT, "engine")) for n in files if n.endswith(".c"))
    names += ["cli/x224.c"]
    summary = export(binaries + [os.path.join(build, "credssp")], total)
    fuzz = show(objs, total, names)
    sw = alloc_sweep(build)
    sweep = show([sw[0]], sw[1], names) if sw else None
    fn_ranges = function_ranges(objs, total)

    print("%-36s %22s %22s %10s  %s" % ("file", "lines", "branch outcomes", "functions", "harnesses"))
    sums = {"lines": [0, 0], "branches": [0, 0]}
    failures, report = [], {}
    for name in names:
        reach = [h for h, hf in per_harness.items() if name in hf and hf[name]["lines"][0] > 0]
        if name in excluded:
            print("%-36s %22s %22s %10s  excluded: %s" % (name, "-", "-", "-", excluded[name]))
            continue
        m = measure(name, fuzz, sweep, fn_ranges, fn_excluded)
        report[name] = m
        (lc, lt, lx, _), (bc, bt, bx, _) = m["lines"], m["branches"]
        fn = summary.get(name, {}).get("functions", (0, 0))
        print("%-36s %6.1f%% %5d/%-5d +%-4d %6.1f%% %5d/%-5d +%-4d %4d/%-4d  %s" % (
            name, pct((lc, lt)), lc, lt, lx, pct((bc, bt)), bc, bt, bx, fn[0], fn[1],
            " ".join(reach) if reach else "-"))
        if name.startswith("engine/"):
            sums["lines"][0] += lc
            sums["lines"][1] += lt
            sums["branches"][0] += bc
            sums["branches"][1] += bt
        goal = file_goals.get(name)
        if goal is not None and pct((lc, lt)) < goal:
            failures.append((name, "lines %.1f%% < %.0f%%" % (pct((lc, lt)), goal)))
    # Every excluded region, with its reason, in one file of the report.
    with open(os.path.join(build, "coverage", "excluded.txt"), "w") as out:
        out.write("# Regions of engine/ the coverage goals do not count, and why (fuzz/coverage.py)\n")
        for name in sorted(excluded):
            out.write("%s: the whole file: %s\n" % (name, excluded[name]))
        for name, m in sorted(report.items()):
            for fn, reason in sorted(fn_excluded.get(name, {}).items()):
                r = fn_ranges.get(name, {}).get(fn)
                if r:
                    out.write("%s:%d-%d %s(): %s\n" % (name, r[0], r[1], fn, reason))
            sweep_only = sorted(m["excluded_by_sweep"])
            if sweep_only:
                out.write("%s: lines %s: reached by tests/test_alloc.c (whole exchanges over real TLS, every "
                          "allocation failing in turn, credentials freed) and by no harness\n"
                          % (name, ranges(sweep_only)))
    lines, branches = pct(sums["lines"]), pct(sums["branches"])
    print("\n(+N: excluded - reached only by the allocation-failure sweep over real TLS, tests/test_alloc.c, or in a")
    print(" function fuzz/coverage-goals.txt excludes with its reason)")
    print("engine/: lines %.1f%% (%d/%d), branch outcomes %.1f%% (%d/%d)" % (
        lines, sums["lines"][0], sums["lines"][1], branches, sums["branches"][0], sums["branches"][1]))
    print("HTML report: %s/index.html; excluded regions with reasons: %s/coverage/excluded.txt" % (html, build))
    if total_goal is not None:
        if lines < total_goal[0]:
            failures.append(("engine/", "lines %.1f%% < %.0f%%" % (lines, total_goal[0])))
        if branches < total_goal[1]:
            failures.append(("engine/", "branches %.1f%% < %.0f%%" % (branches, total_goal[1])))
    if "--uncovered" in args:
        name = args[args.index("--uncovered") + 1]
        print("%s: no harness reaches lines %s" % (name, ranges(report[name]["lines"][3])))
    floor = None
    if "--floor" in args:
        floor = tuple(float(x) for x in args[args.index("--floor") + 1].split(","))
    for name, why in failures:
        print("goal missed: %s %s" % (name, why))
        if check and name in report:
            print("  not reached: lines " + ranges(report[name]["lines"][3]))
    if floor is not None and (lines < floor[0] or branches < floor[1]):
        print("fuzz-coverage: below the floor %.1f%% lines, %.1f%% branches: the corpus lost coverage" % floor)
        sys.exit(1)
    if check and failures and floor is None:
        sys.exit(1)


if __name__ == "__main__":
    main()
