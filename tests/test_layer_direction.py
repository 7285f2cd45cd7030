#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The include direction is the build's (CMakeLists.txt): each layer compiles
with only its own folder and those below on its include path.  With the
flags the build really uses (compile_commands.json), this compiles for each
layer one file that includes a header of the layer itself (it must compile)
and one that includes a header of the layer above (it must not).  Fails when
a layer's include path grows upward.

  test_layer_direction.py BUILD_DIR
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile

LAYERS = ["base", "codec", "platform", "auth", "machine", "api"]
# One header of each layer, and one unit whose compile flags are the layer's.
HEADER = {"base": "failure.h", "codec": "der.h", "platform": "entropy.h", "auth": "ntlm_crypto.h", "machine": "machine.h",
          "api": "handles.h"}
UNIT = {"base": "base/failure.c", "codec": "codec/der.c", "platform": "platform/cert.c", "auth": "auth/ntlm.c",
        "machine": "machine/machine.c", "api": "api/handles.c"}


def layer_flags(commands, layer):
    for c in commands:
        if c["file"].endswith("/engine/" + UNIT[layer]):
            args = c.get("arguments") or shlex.split(c["command"])
            keep, i = [args[0]], 1
            while i < len(args):
                a = args[i]
                if a in ("-isystem", "-I"):
                    keep += [a, args[i + 1]]
                    i += 2
                    continue
                if a.startswith(("-I", "-D", "-std=")):
                    keep.append(a)
                i += 1
            return keep
    sys.exit("no compile command for engine/%s in compile_commands.json" % UNIT[layer])


def compiles(flags, header, tmp):
    path = os.path.join(tmp, "probe.c")
    with open(path, "w") as f:
        f.write('#include "%s"\nint layer_probe(void);\nint layer_probe(void) { return 0; }\n' % header)
    r = subprocess.run(flags + ["-fsyntax-only", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


def main():
    with open(os.path.join(sys.argv[1], "compile_commands.json")) as f:
        commands = json.load(f)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, layer in enumerate(LAYERS):
            flags = layer_flags(commands, layer)
            if compiles(flags, HEADER[layer], tmp):
                print("ok   %s/ compiles its own %s" % (layer, HEADER[layer]))
            else:
                print("FAIL %s/ cannot compile its own %s" % (layer, HEADER[layer]))
                failed = 1
            for above in LAYERS[i + 1:]:
                if compiles(flags, HEADER[above], tmp):
                    print("FAIL %s/ can include %s of %s/, a layer above" % (layer, HEADER[above], above))
                    failed = 1
                else:
                    print("ok   %s/ cannot include %s of %s/" % (layer, HEADER[above], above))
    return failed


if __name__ == "__main__":
    sys.exit(main())
