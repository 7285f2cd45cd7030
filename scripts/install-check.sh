#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make install-check: install the library into a scratch prefix and build
# examples/first_token.c against it three ways: pkg-config (shared), pkg-config
# --static (static), and CMake's find_package.  Each must run and print the
# ClientHello it made.
#   install-check.sh BUILD_DIR
set -eu
build=$1
prefix=$(mktemp -d /tmp/credssp-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig"
libdir=$(pkg-config --variable=libdir libcredssp)
cc -o "$prefix/shared" examples/first_token.c $(pkg-config --cflags --libs libcredssp)
LD_LIBRARY_PATH="$libdir" "$prefix/shared"
cc -o "$prefix/static" examples/first_token.c $(pkg-config --cflags libcredssp) "$libdir/libcredssp.a" \
    $(pkg-config --static --libs-only-l libcredssp | sed 's/-lcredssp//')
"$prefix/static"
cmake -S examples -B "$prefix/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/cmake-build" >/dev/null
LD_LIBRARY_PATH="$libdir" "$prefix/cmake-build/first_token"
# Only the public API leaves the shared library.
hidden=$(nm -D --defined-only "$libdir/libcredssp.so" | awk '{print $3}' | grep -v '^credssp_' || true)
if [ -n "$hidden" ]; then
    echo "install-check: symbols without the credssp_ prefix are exported: $hidden"
    exit 1
fi
echo "install-check: pkg-config (shared, static) and find_package(libcredssp) build and run; exports are credssp_* only"
