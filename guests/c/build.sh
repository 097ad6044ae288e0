#!/usr/bin/env bash
# Builds the C test guests (see c/README.md):
#   fixtures/c-freestanding.wasm  freestanding/guest.c, clang 19 --target=wasm32-unknown-unknown
#                                 -nostdlib, no adapter: `jco embed` + `jco new`
#   fixtures/c-libc.wasm          libc/guest.c, clang 19 --target=wasm32-wasi with Debian's
#                                 wasi-libc as a reactor, then `jco new --wasi-reactor` (jco's
#                                 preview1 reactor adapter)
# Each WIT folder given to `jco embed` is built in build/c/NAME/wit: the guest's world.wit (its
# root package, one world) next to the WASI 0.2.0 packages of c/wit/deps.
# Intermediates go to build/c/. CLANG and WASM_LD override the tools (default clang-19, wasm-ld-19).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
guests="$(dirname "$here")"
build="$guests/build/c"
fixtures="$guests/fixtures"
jco="$guests/node_modules/.bin/jco"
clang="${CLANG:-clang-19}"
wasm_ld="${WASM_LD:-wasm-ld-19}"
sysroot=/usr

die() { echo "c/build.sh: $*" >&2; exit 1; }
command -v "$clang" >/dev/null || die "$clang is missing: install the Debian package clang-19"
command -v "$wasm_ld" >/dev/null || die "$wasm_ld is missing: install the Debian package lld-19"
[ -f "$sysroot/lib/wasm32-wasi/libc.a" ] && [ -f "$sysroot/include/wasm32-wasi/stdio.h" ] \
  || die "wasi-libc is missing ($sysroot/lib/wasm32-wasi/libc.a): install the Debian package wasi-libc"
builtins="$("$clang" --target=wasm32-wasi -print-libgcc-file-name)"
[ -f "$builtins" ] || die "$builtins is missing: install the Debian package libclang-rt-19-dev-wasm32"
command -v node >/dev/null || die "node is missing (Debian package: nodejs)"
[ -x "$jco" ] || die "$jco is missing: run 'npm ci' in $guests (npm package @bytecodealliance/jco)"
adapter="$guests/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.reactor.wasm"
[ -f "$adapter" ] || die "$adapter is missing: run 'npm ci' in $guests"
validate=true
command -v wasm-validate >/dev/null && validate=wasm-validate \
  || echo "c/build.sh: wasm-validate not found (Debian package wabt): core modules not validated" >&2

mkdir -p "$build/bin" "$fixtures"
# clang runs the linker as "wasm-ld", which Debian installs only as wasm-ld-19: -B finds this link
ln -sf "$(command -v "$wasm_ld")" "$build/bin/wasm-ld"
echo "c/build.sh: $("$clang" --version | head -1)"

# wit NAME: build/c/NAME/wit = c/NAME/world.wit + c/wit/deps
wit() {
  rm -rf "$build/$1/wit"
  mkdir -p "$build/$1/wit"
  cp "$here/$1/world.wit" "$build/$1/wit/world.wit"
  cp -r "$here/wit/deps" "$build/$1/wit/deps"
}

# -ffile-prefix-map keeps this machine's folders out of the binaries
cflags=(-O2 -Wall -Wextra -Werror -Wno-unused-parameter -mbulk-memory "-ffile-prefix-map=$guests=guests")

# --- freestanding: no libc, no adapter ---------------------------------------------------------
out="$build/freestanding"
mkdir -p "$out"
"$clang" --target=wasm32-unknown-unknown -nostdlib -ffreestanding "${cflags[@]}" \
  -B "$build/bin" \
  -Wl,--no-entry -Wl,--stack-first -Wl,-z,stack-size=65536 -Wl,--strip-debug \
  "$here/freestanding/guest.c" -o "$out/core.wasm"
"$validate" "$out/core.wasm"
wit freestanding
"$jco" embed --wit "$out/wit" "$out/core.wasm" -o "$out/embedded.wasm"
"$jco" new "$out/embedded.wasm" -o "$out/c-freestanding.wasm"
cp "$out/c-freestanding.wasm" "$fixtures/c-freestanding.wasm"
echo "c/build.sh: wrote fixtures/c-freestanding.wasm ($(wc -c <"$fixtures/c-freestanding.wasm") bytes)"

# --- libc: wasi-libc reactor + the preview1 reactor adapter ----------------------------------
out="$build/libc"
mkdir -p "$out"
"$clang" --target=wasm32-wasi "--sysroot=$sysroot" -mexec-model=reactor "${cflags[@]}" \
  -B "$build/bin" -Wl,-z,stack-size=65536 -Wl,--strip-debug \
  "$here/libc/guest.c" -o "$out/core.wasm"
"$validate" "$out/core.wasm"
wit libc
"$jco" embed --wit "$out/wit" "$out/core.wasm" -o "$out/embedded.wasm"
"$jco" new "$out/embedded.wasm" --wasi-reactor -o "$out/c-libc.wasm"
cp "$out/c-libc.wasm" "$fixtures/c-libc.wasm"
echo "c/build.sh: wrote fixtures/c-libc.wasm ($(wc -c <"$fixtures/c-libc.wasm") bytes)"
