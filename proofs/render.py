#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Renders docs/proofs.md from what make proofs measured: the WP logs (goals by
kind, provers, time, the functions without an ensures), the table model's
log, the Eva logs (alarms, statements reached), and the hand-written part
proofs/assumptions.md (what each unit relies on and what is not covered).

  render.py OUT_DIR OUT.md            render
  render.py --same A.md B.md          exit 1 unless A and B agree, times and winning provers aside
                                      (and print how they differ)
"""
import difflib
import os
import re
import sys

KINDS = ['ensures', 'assigns', 'loop invariant', 'loop variant', 'callee requires', 'assertion', 'RTE', 'other']


def kind_of(goal):
    """The kind of a WP goal, from the name WP gives it (typed_<function>_<what>)."""
    if '_assert_rte_' in goal:
        return 'RTE'
    if '_loop_invariant' in goal:
        return 'loop invariant'
    if '_loop_variant' in goal:
        return 'loop variant'
    if '_loop_assigns' in goal or '_assigns' in goal:
        return 'assigns'
    if re.search(r'_call_\w+_requires', goal):
        return 'callee requires'
    if '_ensures' in goal or '_complete_' in goal or '_disjoint_' in goal:
        return 'ensures'
    if re.search(r'_assert(_\d+)?$', goal):
        return 'assertion'
    return 'other'


def wp_unit(log):
    text = open(log, encoding='utf-8', errors='replace').read()
    goals = {}
    for m in re.finditer(r'^\[wp\] (?:\[([^\]]+)\] )?Goal typed_(\S+)(?: : (\S+))?', text, re.M):
        bracket, name, status = m.group(1), m.group(2), m.group(3)
        goals[name] = status == 'Valid' and bracket != 'Failed'
    funcs = sorted({m.group(1) for m in re.finditer(r'annotating function (\S+)', text)}, key=len, reverse=True)
    by_kind = {k: [0, 0] for k in KINDS}
    with_ensures = set()
    for name, ok in goals.items():
        k = kind_of(name)
        by_kind[k][0] += 1
        by_kind[k][1] += ok
        fn = next((f for f in funcs if name.startswith(f + '_')), None)
        if k == 'ensures' and fn:
            with_ensures.add(fn)
    # The provers that took part; which one proves a goal first varies
    # from run to run (they race), so their shares are not rendered.
    provers = []
    for m in re.finditer(r'^  (Qed|Z3 [\d.]+|CVC4 [\d.]+|Alt-Ergo [\d.]+):\s+(\d+)', text, re.M):
        if int(m.group(2)) > 0:
            provers.append(m.group(1))
    total = re.search(r'Proved goals:\s+(\d+) / (\d+)', text)
    proved, scheduled = (int(total.group(1)), int(total.group(2))) if total else (0, len(goals))
    return {
        'by_kind': by_kind, 'proved': proved, 'goals': scheduled, 'provers': ', '.join(provers),
        'functions': sorted(funcs), 'no_ensures': sorted(set(funcs) - with_ensures),
    }


def eva_entry(log, units):
    text = open(log, encoding='utf-8', errors='replace').read()
    # Run-time-error alarms, counted as run.sh counts them: a property Eva
    # cannot settle is WP's only at a site inside a unit WP proves.
    alarms = 0
    for m in re.finditer(r'^\[eva:alarm\] (\S+?):\d+:[^\n]*\n([^\n]*)', text, re.M):
        site = re.sub(r'\.[ch]$', '', m.group(1))
        if 'got status unknown' not in m.group(0) or site not in units:
            alarms += 1
    reached = re.search(r'In these functions, (\d+) statements reached \(out of (\d+)\)', text)
    return alarms, (f'{reached.group(1)} of {reached.group(2)}' if reached else 'did not finish')


def seconds(out, name):
    try:
        return open(os.path.join(out, name + '.seconds')).read().strip() + ' s'
    except OSError:
        return '-'


def render(out, dest):
    units = open(os.path.join(out, 'wp-units.txt')).read().split()
    entries = open(os.path.join(out, 'eva-entries.txt')).read().split()
    lines = ['# What the proofs prove', '',
             'Rendered by `make proofs` (proofs/render.py) from the provers\' logs and',
             '`proofs/assumptions.md`; CI fails when this file differs from what it measured',
             '(the times aside).  Frama-C 25 (Debian `frama-c-base`), WP with `-wp-rte` and the',
             'strict arithmetic checks (`-warn-unsigned-overflow -warn-unsigned-downcast',
             '-warn-signed-downcast`), provers z3 and cvc4 through why3.', '',
             '## WP: goals by kind', '',
             '| unit | goals | proved | ' + ' | '.join(KINDS) + ' | provers | time |',
             '|---|---|---|' + '---|' * len(KINDS) + '---|---|']
    total = [0, 0]
    kinds_total = {k: 0 for k in KINDS}
    details = []
    for unit in units:
        name = os.path.basename(unit)
        u = wp_unit(os.path.join(out, f'wp-{name}.log'))
        total[0] += u['goals']
        total[1] += u['proved']
        for k in KINDS:
            kinds_total[k] += u['by_kind'][k][0]
        cells = [str(u['by_kind'][k][0]) for k in KINDS]
        lines.append(f'| `{unit}.c` | {u["goals"]} | {u["proved"]} | ' + ' | '.join(cells) +
                     f' | {u["provers"]} | {seconds(out, "wp-" + name)} |')
        no = ', '.join(f'`{f}`' for f in u['no_ensures']) or 'none'
        details.append(f'- `{unit}.c`: {len(u["functions"])} functions; without an `ensures` goal: {no}.')
    lines.append(f'| all | {total[0]} | {total[1]} | ' + ' | '.join(str(kinds_total[k]) for k in KINDS) + ' | | |')
    lines += ['', '"callee requires" are the obligations a function owes the functions it calls,',
              'proved at each call site; "RTE" the run-time-error guards (memory access, overflow,',
              'conversion, division).  A function "without an ensures goal" has a contract that',
              'says what it may read and write, not what its result means.', ''] + details
    lines += ['', '## The transition tables against the model of [MS-CSSP]', '']
    lines += ['    ' + l for l in open(os.path.join(out, 'table_model.log')).read().splitlines()]
    lines += ['', '## Eva over the generated decoders and the parsers', '',
              '| entry | run-time-error alarms | statements reached | time |', '|---|---|---|---|']
    for e in entries:
        alarms, reached = eva_entry(os.path.join(out, f'eva-{e}.log'), units)
        lines.append(f'| `{e}` | {alarms} | {reached} | {seconds(out, "eva-" + e)} |')
    lines += ['', open('proofs/assumptions.md').read().rstrip()]
    open(dest, 'w').write('\n'.join(lines) + '\n')


def without_times(path):
    if not os.path.exists(path):
        return None
    # The times, and which provers won the races (z3 and cvc4 run side by
    # side on each goal; the first to answer wins), vary from run to run.
    text = re.sub(r'\| (\d+ s|-) \|', '| |', open(path).read())
    return re.sub(r'\| Qed[^|]* \|', '| |', text)


def main():
    if sys.argv[1] == '--same':
        a, b = without_times(sys.argv[2]), without_times(sys.argv[3])
        if a == b:
            sys.exit(0)
        # What differs beyond the times: the lines a reviewer must look at.
        if a is not None and b is not None:
            diff = difflib.unified_diff(b.splitlines(), a.splitlines(), sys.argv[3], sys.argv[2], lineterm='')
            print('\n'.join(list(diff)[:60]))
        sys.exit(1)
    render(sys.argv[1], sys.argv[2])


if __name__ == '__main__':
    main()
