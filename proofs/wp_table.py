#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Reads a Frama-C WP log (run with -wp-rte) and prints goals proved per
function; exits 1 unless every goal is proved.  usage: wp_table.py LOG UNIT SECONDS"""
import re
import sys


def main():
    log, unit, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
    text = open(log, encoding='utf-8', errors='replace').read()
    goals = {}
    for m in re.finditer(r'^\[wp\] (?:\[([^\]]+)\] )?Goal typed_(\S+)(?: : (\S+))?', text, re.M):
        bracket, name, status = m.group(1), m.group(2), m.group(3)
        goals[name] = 'Valid' if status == 'Valid' and bracket != 'Failed' else (status or bracket or '?')
    # Functions: the goal names start with the function's name.
    funcs = sorted({m.group(1) for m in re.finditer(r'annotating function (\S+)', text)}, key=len, reverse=True)
    table = {}
    for name, status in goals.items():
        fn = next((f for f in funcs if name.startswith(f + '_')), '(other)')
        t = table.setdefault(fn, [0, 0])
        t[0] += 1
        t[1] += status == 'Valid'
    total = re.search(r'Proved goals:\s+(\d+) / (\d+)', text)
    if total is None:
        print(f'{unit}: WP did not report its goals; see {log}')
        sys.exit(1)
    proved, scheduled = int(total.group(1)), int(total.group(2))
    width = max([len(f) for f in table] + [8])
    print(f'WP + RTE on {unit}.c ({seconds}s)')
    print(f'  {"function":<{width}}  goals  proved')
    for fn in sorted(table):
        g, p = table[fn]
        print(f'  {fn:<{width}}  {g:5d}  {p:6d}{"" if g == p else "  <-- unproved"}')
    print(f'  {"total":<{width}}  {scheduled:5d}  {proved:6d}  ({100 * proved // max(scheduled, 1)}%)')
    if proved != scheduled:
        for name, status in sorted(goals.items()):
            if status != 'Valid':
                print(f'  unproved: {name}: {status}')
        sys.exit(1)


if __name__ == '__main__':
    main()
