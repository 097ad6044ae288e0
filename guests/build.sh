#!/usr/bin/env bash
# Rebuilds every test fixture in fixtures/ by running each language folder's build.sh
# (c/, js/, rust/, wat/, ... whichever exist), one after the other. Each script checks its own
# toolchain and says which package to install when one is missing. Intermediates go to build/
# (git-ignored). Fixture toolchain versions: fixtures/VERSIONS.md.
#   ./build.sh            every language
#   ./build.sh c rust     only those folders
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -gt 0 ]; then
  scripts=()
  for lang in "$@"; do
    [ -f "$here/$lang/build.sh" ] || { echo "build.sh: no $lang/build.sh" >&2; exit 1; }
    scripts+=("$here/$lang/build.sh")
  done
else
  shopt -s nullglob
  scripts=("$here"/*/build.sh)
fi
[ ${#scripts[@]} -gt 0 ] || { echo "build.sh: no */build.sh found in $here" >&2; exit 1; }

failed=()
for script in "${scripts[@]}"; do
  lang="$(basename "$(dirname "$script")")"
  echo "== build.sh: $lang"
  if ! bash "$script"; then
    echo "build.sh: $lang/build.sh failed" >&2
    failed+=("$lang")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "build.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "build.sh: all fixtures rebuilt: ${scripts[*]#$here/}"
