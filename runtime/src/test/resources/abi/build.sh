#!/usr/bin/env bash
# Rebuilds each .wasm here from its .wat with `jco parse` (jco 1.35.0 of guests/node_modules), then
# validates each component with `jco wit` (which decodes and validates it). flags33.wat is invalid
# on purpose (33 flags) and flags33-core.wat is a core module: they are only parsed.
set -euo pipefail
cd "$(dirname "$0")"
JCO=${JCO:-../../../../../guests/node_modules/.bin/jco}
[ -x "$JCO" ] || { echo "jco not found: run npm ci in guests/" >&2; exit 1; }
for f in *.wat; do
  "$JCO" parse "$f" -o "${f%.wat}.wasm"
  case "$f" in
    flags33.wat|flags33-core.wat) ;;
    *) "$JCO" wit "${f%.wat}.wasm" > /dev/null || { echo "$f does not validate" >&2; exit 1; } ;;
  esac
done
