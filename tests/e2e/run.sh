#!/usr/bin/env bash
# End-to-end browser check of a built norma site: search, axe-core, keyboard,
# screenshots (see site.mjs). Needs Node >= 18 and a Chromium at /usr/bin/chromium
# (or CHROMIUM=/path); installs its two npm packages (playwright-core, axe-core,
# exact versions from package-lock.json) the first time, then needs no network.
#
# Usage: tests/e2e/run.sh [SITE] [SHOTS] [--versions] [--also-site DIR]...
#   SITE   the built site folder           (default: <repo>/public)
#   SHOTS  where the PNG screenshots go    (default: <repo>/target/e2e-shots)
# Relative paths are taken from the directory the script is run from.
#
# Without --versions, when target/release/norma and the corpus example are
# built, the stress project (examples/corpus.rs --stress: 172 reports, 8
# levels, a 60-step procedure, a 100-item checklist) is generated and built
# into target/e2e-stress, and its every page is checked too for sideways
# scrolling (site.mjs, f). NORMA_E2E_STRESS=0 leaves it out.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

absolute() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

SITE="$(absolute "${1:-$repo/public}")"
SHOTS="$(absolute "${2:-$repo/target/e2e-shots}")"

if [ ! -f "$SITE/index.html" ]; then
  echo "e2e: no index.html in $SITE: build the site first (norma build) or pass its folder" >&2
  exit 1
fi

extra=()
norma="$repo/target/release/norma"
corpus="$repo/target/release/examples/corpus"
case " ${*:3} " in *" --versions "*) stress=0 ;; *) stress="${NORMA_E2E_STRESS:-1}" ;; esac
if [ "$stress" != 0 ] && [ -x "$norma" ] && [ -x "$corpus" ]; then
  project="$repo/target/e2e-stress"
  rm -rf "$project"
  "$corpus" --stress "$project" > /dev/null
  "$norma" --project "$project" build --no-pdf > /dev/null
  extra=(--also-site "$project/public")
fi

cd "$here"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
exec node site.mjs "$SITE" "$SHOTS" "${@:3}" "${extra[@]}"
