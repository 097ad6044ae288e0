#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")"
command -v wat2wasm >/dev/null || { echo "wat2wasm not found: apt-get install wabt" >&2; exit 1; }
for f in *.wat; do wat2wasm "$f" -o "${f%.wat}.wasm"; done
