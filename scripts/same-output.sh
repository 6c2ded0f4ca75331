#!/usr/bin/env bash
# Evidence that a refactor changed no byte of output (issue #18): builds, with
# two norma binaries, the example project (site and PDFs), its 35 signed
# bundles (one key for both), the two-version example (cambios.html, change
# bars, the switcher) and a 1,000-unit corpus with a procedures manual's worth
# of units, then compares the trees byte for byte. Prints the differing files
# and exits 1 when any differ.
#
# Usage: scripts/same-output.sh OLD_NORMA NEW_NORMA [WORK_DIR]
#   The corpus generator is target/release/examples/corpus (built if missing).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
old="$(abs "$1")"
new="$(abs "$2")"
work="${3:-$repo/target/same-output}"
corpus="$repo/target/release/examples/corpus"
[ -x "$corpus" ] || cargo build --release --example corpus --manifest-path "$repo/Cargo.toml"

rm -rf "$work" && mkdir -p "$work"
# The example project as an author has it: content and norma.yaml, no themes/
# folder. (The repository's own themes/default/ would be read as the project's
# theme and override the old binary's embedded templates.)
mkdir -p "$work/example"
cp -r "$repo/content" "$repo/norma.yaml" "$work/example/"
"$old" keygen --out "$work/keys" > /dev/null
"$corpus" "$work/corpus" 1000 20 > /dev/null

export SOURCE_DATE_EPOCH=1795000000
for side in old new; do
  norma="${!side}"
  out="$work/$side"
  mkdir -p "$out"
  # The example: site and PDFs.
  "$norma" --project "$work/example" build --out "$out/example" > /dev/null 2>&1
  # Its bundles.
  mkdir -p "$out/project"
  cp -r "$repo/content" "$repo/norma.yaml" "$out/project/"
  "$norma" --project "$out/project" package --key "$work/keys/norma-signing.key" \
    --out "$out/dist" > /dev/null 2>&1
  # Two versions of mo-dir.
  "$repo/tests/e2e/versioned.sh" "$norma" "$out/versioned" > /dev/null 2>&1
  rm -rf "$out/versioned/releases/"*/*/release.yaml.tmp
  "$norma" --project "$out/versioned" diff mo-dir > "$out/diff.txt"
  "$norma" --project "$out/versioned" diff mo-dir --format json > "$out/diff.json"
  # The 1,000-unit corpus: site and PDF.
  "$norma" --project "$work/corpus" build --out "$out/corpus" > /dev/null 2>&1
  # What check says, in both formats.
  "$norma" --project "$work/example" check --format json > "$out/check.json" || true
done

status=0
for tree in example dist versioned/public corpus diff.txt diff.json check.json; do
  if diff -rq "$work/old/$tree" "$work/new/$tree"; then
    echo "same: $tree"
  else
    status=1
  fi
done
exit $status
