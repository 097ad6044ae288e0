#!/usr/bin/env bash
# Rebuilds each .wasm here and in ../components from its .wat with `jco parse` (jco 1.35.0 of guests/node_modules).
set -euo pipefail
cd "$(dirname "$0")"
JCO=${JCO:-../../../../../guests/node_modules/.bin/jco}
[ -x "$JCO" ] || { echo "jco not found: run npm ci in guests/" >&2; exit 1; }
for f in *.wat ../components/*.wat; do "$JCO" parse "$f" -o "${f%.wat}.wasm"; done
