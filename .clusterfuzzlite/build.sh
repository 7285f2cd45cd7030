#!/bin/bash -eu
# SPDX-License-Identifier: Apache-2.0
# The fuzz targets for ClusterFuzzLite and OSS-Fuzz, built as their
# documentation asks: with $CC and $CFLAGS (the sanitizer's flags), linked
# with $LIB_FUZZING_ENGINE, written to $OUT with <target>_seed_corpus.zip,
# <target>.dict and <target>.options.  `make oss-fuzz-check` runs this very
# script on Debian with the variables OSS-Fuzz sets.
#   Inputs: CC CFLAGS LIB_FUZZING_ENGINE SRC OUT WORK SANITIZER
src=$SRC/libcredssp
build=$WORK/libcredssp-build
jobs=$(nproc)

# OpenSSL 3, when the image does not have it (the OSS-Fuzz base image's
# Ubuntu ships 1.1): built once, uninstrumented, as a static library.
openssl_args=()
if [ -d "$SRC/openssl" ] && ! pkg-config --atleast-version=3 openssl 2>/dev/null; then
    if [ ! -f "$WORK/openssl/lib/libcrypto.a" ] && [ ! -f "$WORK/openssl/lib64/libcrypto.a" ]; then
        (cd "$SRC/openssl" && CFLAGS= ./config no-shared no-tests --prefix="$WORK/openssl" --libdir=lib \
            && make -j"$jobs" build_libs && make install_dev)
    fi
    openssl_args=(-DOPENSSL_ROOT_DIR="$WORK/openssl" -DOPENSSL_USE_STATIC_LIBS=TRUE)
fi

harnesses="tsrequest tscredentials spnego ntlm_negotiate ntlm_challenge ntlm_authenticate ntlm_av_pairs
           ntlm_acceptor nego_acceptor engine_client engine_server engine_driver ntlm_users decode x224 krb_token"
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_BUILD_TYPE=Release \
    -DCREDSSP_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" "${openssl_args[@]}" >/dev/null
targets=()
for h in $harnesses; do targets+=("fuzz_$h"); done
cmake --build "$build" -j"$jobs" --target "${targets[@]}"

for h in $harnesses; do
    t=fuzz_$h
    cp "$build/$t" "$OUT/$t"
    # Seeds: the committed corpus of the target and every regression input.
    rm -f "$OUT/${t}_seed_corpus.zip"
    (cd "$src" && zip -q -j "$OUT/${t}_seed_corpus.zip" corpus/"$h"/* tests/regressions/*)
    cp "$src/fuzz/credssp.dict" "$OUT/$t.dict"
    printf '[libfuzzer]\nmax_len = 4096\ndict = %s.dict\ntimeout = 10\n' "$t" >"$OUT/$t.options"
done
echo "build.sh: ${#targets[@]} targets in $OUT (SANITIZER=${SANITIZER:-none})"
