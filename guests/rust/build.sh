#!/usr/bin/env bash
# Builds fixtures/rust.wasm: src/lib.rs compiled by Debian's rustc 1.63 for wasm32-wasi as a
# reactor (crate-type cdylib, crt1-reactor.o for _initialize), no crates; then `jco embed` with
# wit/world.wit (+ WASI 0.2.0 packages derived from jco's WIT) and `jco new --wasi-reactor`,
# which wraps it with the preview1 reactor adapter that ships in jco.
# Intermediates go to build/rust/.
#
# RUSTC overrides the compiler (default /usr/bin/rustc, never the rustup one on PATH); its
# sysroot must hold lib/rustlib/wasm32-wasi (Debian: libstd-rust-dev-wasm32).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
guests="$(dirname "$here")"
build="$guests/build/rust"
fixtures="$guests/fixtures"
jco="$guests/node_modules/.bin/jco"
rustc="${RUSTC:-/usr/bin/rustc}"

[ -x "$rustc" ] || { echo "rust/build.sh: $rustc is missing: install the Debian package rustc (1.63)" >&2; exit 1; }
sysroot="$("$rustc" --print sysroot)"
crt="$sysroot/lib/rustlib/wasm32-wasi/lib/self-contained/crt1-reactor.o"
[ -f "$crt" ] || { echo "rust/build.sh: $sysroot/lib/rustlib/wasm32-wasi is missing: install the Debian package libstd-rust-dev-wasm32" >&2; exit 1; }
command -v node >/dev/null || { echo "rust/build.sh: node is missing (Debian package: nodejs)" >&2; exit 1; }
[ -x "$jco" ] || { echo "rust/build.sh: $jco is missing: run 'npm ci' in $guests (npm package @bytecodealliance/jco)" >&2; exit 1; }

mkdir -p "$build" "$fixtures"

echo "rust/build.sh: $("$rustc" --version) --target wasm32-wasi"
# --remap-path-prefix keeps this machine's folders out of the panic messages in the binary
"$rustc" --edition 2021 --crate-type cdylib --crate-name wasmlet_rust_guest --target wasm32-wasi \
  -O -C strip=debuginfo -C "link-arg=$crt" --remap-path-prefix "$guests=guests" \
  "$here/src/lib.rs" -o "$build/core.wasm"

# the root package (one world) next to the WASI packages it uses
node "$guests/js/make-wit.mjs" 0.2.0 "$build/wit"
cp "$here/wit/world.wit" "$build/wit/world.wit"

"$jco" embed --wit "$build/wit" "$build/core.wasm" -o "$build/embedded.wasm"
"$jco" new "$build/embedded.wasm" --wasi-reactor -o "$build/rust.wasm"
cp "$build/rust.wasm" "$fixtures/rust.wasm"
echo "rust/build.sh: wrote fixtures/rust.wasm ($(wc -c <"$fixtures/rust.wasm") bytes)"
