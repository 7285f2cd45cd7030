#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The house rules of engine/ that a compiler cannot see (docs/DEVELOPMENT.md).

The build enforces the include direction already: each layer's object
library has only its own folder and those below on its include path.  This
check states the rest and fails on the first drift:

  1. every include of a project header names a header of this layer or one
     below (the same rule, checked here for headers, which CMake compiles
     only through the .c files that include them);
  2. the generated decoder is reached only through codec/asn1.h;
  3. codec/ links no OpenSSL and no threads; the public SSPI types
     (<credssp/...>) belong to machine/ and api/;
  4. no circle between units (a unit is NAME.c with NAME.h);
  5. every unit has its own header (sspi.c, calls.c and driver.c implement the public
     <credssp/...> headers);
  6. every CREDSSP_REASON_* of the public header has its row in
     machine/reasons.c (its name and meaning), and no other;
  7. no hand-written file (engine/, cli/, tests/, fuzz/, proofs/, examples/, bench/)
     holds more than 400 lines of code, comments and ACSL aside.

Prints the unit graph's size and the largest files; exit 1 on a violation.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYERS = ["base", "codec", "platform", "auth", "machine", "api"]
PUBLIC_IMPLEMENTATIONS = {"sspi", "calls", "driver"}
MAX_CODE_LINES = 400
CODE_DIRS = ["engine", "cli", "tests", "fuzz", "proofs", "examples", "bench"]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def code_lines(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return sum(1 for line in text.split("\n") if line.strip())


def main():
    errors = []
    where = {}  # header name -> layer
    files = {}  # path -> (layer, text)
    for layer in LAYERS:
        d = os.path.join(ROOT, "engine", layer)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                path = os.path.join("engine", layer, name)
                with open(os.path.join(ROOT, path)) as f:
                    files[path] = (layer, f.read())
                if name.endswith(".h"):
                    if name in where:
                        errors.append("%s: a header of this name is in engine/%s/ too" % (path, where[name]))
                    where[name] = layer
    stray = [n for n in os.listdir(os.path.join(ROOT, "engine")) if n.endswith((".c", ".h"))]
    for n in stray:
        errors.append("engine/%s: every unit lives in a layer's folder" % n)
    generated = set(os.listdir(os.path.join(ROOT, "generated")))

    edges = {}
    for path, (layer, text) in files.items():
        unit = os.path.splitext(os.path.basename(path))[0]
        rank = LAYERS.index(layer)
        for kind, inc in INCLUDE.findall(text):
            if kind == "<":
                top = inc.split("/")[0]
                if layer == "codec" and top in ("openssl", "pthread.h"):
                    errors.append("%s: codec/ is pure functions over bytes: no <%s>" % (path, inc))
                if top == "credssp" and layer not in ("machine", "api"):
                    errors.append("%s: <%s> is the public API, known from machine/ up" % (path, inc))
                continue
            if inc in where:
                if LAYERS.index(where[inc]) > rank:
                    errors.append("%s: includes %s of %s/, a layer above %s/" % (path, inc, where[inc], layer))
                dep = os.path.splitext(inc)[0]
                if dep != unit:
                    edges.setdefault(unit, set()).add(dep)
            elif inc in generated:
                if path != "engine/codec/asn1.h":
                    errors.append("%s: the generated decoder is reached through codec/asn1.h, not %s" % (path, inc))
            else:
                errors.append("%s: includes %s, which is no header of engine/" % (path, inc))

    units = {os.path.splitext(os.path.basename(p))[0]: p for p in files}
    for path in files:
        if path.endswith(".c"):
            unit = os.path.splitext(os.path.basename(path))[0]
            if unit + ".h" not in where and unit not in PUBLIC_IMPLEMENTATIONS:
                errors.append("%s: a unit has its own header (%s.h)" % (path, unit))

    # Circles: a depth-first walk over the unit graph.
    state, stack = {}, []

    def visit(u):
        state[u] = 1
        stack.append(u)
        for v in sorted(edges.get(u, ())):
            if state.get(v) == 1:
                errors.append("circle: " + " -> ".join(stack[stack.index(v):] + [v]))
            elif v not in state:
                visit(v)
        stack.pop()
        state[u] = 2

    for u in sorted(units):
        if u not in state:
            visit(u)

    with open(os.path.join(ROOT, "include", "credssp", "credssp.h")) as f:
        public = set(re.findall(r"^\s*(CREDSSP_REASON_[A-Z_]+) = \d+", f.read(), re.M))
    with open(os.path.join(ROOT, "engine", "machine", "reasons.c")) as f:
        rows = set(re.findall(r'^\s*\{ (CREDSSP_REASON_[A-Z_]+), "\1", "', f.read(), re.M))
    for r in sorted(public - rows):
        errors.append("engine/machine/reasons.c: no row for %s" % r)
    for r in sorted(rows - public):
        errors.append("engine/machine/reasons.c: %s is no reason of include/credssp/credssp.h" % r)

    sizes = []
    for top in CODE_DIRS:
        for d, dirs, names in os.walk(os.path.join(ROOT, top)):
            # What make proofs writes (proofs/out/, ignored by git) is not hand-written.
            dirs[:] = [x for x in dirs if x != "out"]
            for name in names:
                if name.endswith((".c", ".h")):
                    p = os.path.join(d, name)
                    with open(p, errors="replace") as f:
                        n = code_lines(f.read())
                    sizes.append((n, os.path.relpath(p, ROOT)))
    for n, p in sizes:
        if n > MAX_CODE_LINES:
            errors.append("%s: %d lines of code, more than %d" % (p, n, MAX_CODE_LINES))

    n_edges = sum(len(v) for v in edges.values())
    largest = ", ".join("%s %d" % (p, n) for n, p in sorted(sizes, reverse=True)[:3])
    print("check-layers: %d units in %d layers, %d include edges, no circle%s; largest: %s" % (
        len(units), len([l for l in LAYERS if os.path.isdir(os.path.join(ROOT, "engine", l))]), n_edges,
        "" if not any(e.startswith("circle") for e in errors) else " (but see below)", largest))
    for e in errors:
        print("check-layers: " + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
