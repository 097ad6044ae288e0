#!/usr/bin/env bash
# Builds the JavaScript (StarlingMonkey) test guests:
#   fixtures/js-0.2.10.wasm  wasi:http/proxy@0.2.10, componentize-js 0.22 (jco's default)
#   fixtures/js-0.2.3.wasm   wasi:http/proxy@0.2.3,  componentize-js 0.19.3 (jco's fallback for < 0.2.10)
# from app.js. Intermediates (generated WIT trees, versioned sources) go to build/js/.
# Needs node and the npm packages of guests/package.json (run `npm ci` in guests/).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
guests="$(dirname "$here")"
build="$guests/build/js"
fixtures="$guests/fixtures"
jco="$guests/node_modules/.bin/jco"

command -v node >/dev/null || { echo "js/build.sh: node is missing (Debian package: nodejs)" >&2; exit 1; }
[ -x "$jco" ] || { echo "js/build.sh: $jco is missing: run 'npm ci' in $guests (npm package @bytecodealliance/jco, see package.json)" >&2; exit 1; }
[ -d "$guests/node_modules/@bytecodealliance/componentize-js" ] || {
  echo "js/build.sh: npm package @bytecodealliance/componentize-js is missing: run 'npm ci' in $guests" >&2; exit 1; }

mkdir -p "$build" "$fixtures"

build_one() {
  local version=$1 out=$2
  local wit="$build/wit-$version" src="$build/app-$version.js"
  node "$here/make-wit.mjs" "$version" "$wit" wasi-http
  sed "s/@0\.2\.10'/@$version'/g" "$here/app.js" >"$src"
  echo "js/build.sh: componentize $src for wasi:http/proxy@$version"
  # run from build/ so that the paths recorded in the component do not name this machine's folders
  (cd "$build" && "$jco" componentize "app-$version.js" --wit "wit-$version" \
      --world-name "wasi:http/proxy@$version" -o "$build/js-$version.wasm")
  cp "$build/js-$version.wasm" "$fixtures/$out"
  echo "js/build.sh: wrote fixtures/$out ($(wc -c <"$fixtures/$out") bytes)"
}

# one after the other: a build takes about 0.8 GB
build_one 0.2.10 js-0.2.10.wasm
build_one 0.2.3 js-0.2.3.wasm
