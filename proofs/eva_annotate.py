#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Eva split annotations of the generated decoders, kept here, never in
generated/ (asn1c writes it; BearSSL's rule: generated code is not edited).

  eva_annotate.py GENERATED OUT    copy GENERATED/*.[ch] to OUT, each
                                   annotation inserted before its anchor

A split annotation changes no value Eva computes: it keeps the states of each
value of an expression apart instead of joining them, so that what is true of
each (a pointer inside its buffer, a buffer of one exact size) is not lost in
the join.  An anchor must occur exactly once in its file: a
regenerated codec whose code moved fails here instead of silently losing an
annotation (make proofs then stops).
"""
import pathlib
import shutil
import sys

# (file, anchor, annotation), the reason beside each.
ANNOTATIONS = [
    ('constr_SEQUENCE.c', '\t\twhile(ctx->left) {',
     '/*@ split size; */ /*@ split ctx->left; */',
     # The loop that skips a SEQUENCE's trailing members reads ptr[0] and
     # ptr[1] when LEFT allows; joined, the states of different remaining
     # sizes lose that ptr + size is the end of the input (3 alarms at 9
     # unknown bytes of TSRequest).  Inputs are short: a few states.
     ),
    ('asn_codecs_prim.c', '\tst->buf = (uint8_t *)MALLOC(length + 1);',
     '/*@ split length; */',
     # A primitive's buffer is malloc'ed length + 1 bytes and written up to
     # length: with length an interval, Eva allocates one base of uncertain
     # size and cannot show st->buf[length] inside it.  One length per state.
     ),
]


def annotate(src: pathlib.Path, out: pathlib.Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for f in sorted(src.iterdir()):
        if f.suffix in ('.c', '.h'):
            shutil.copyfile(f, out / f.name)
    for name, anchor, annotation in ANNOTATIONS:
        path = out / name
        text = path.read_text()
        if text.count(anchor) != 1:
            sys.exit(f'eva_annotate: the anchor for {annotation} occurs {text.count(anchor)} times in {name}, not once')
        indent = anchor[:len(anchor) - len(anchor.lstrip('\t'))]
        path.write_text(text.replace(anchor, f'{indent}{annotation} /* proofs/eva_annotate.py */\n{anchor}'))


if __name__ == '__main__':
    annotate(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
