#!/usr/bin/env bash
# The publishing pipeline, as CI runs it (docs/ci.md) and as anyone can run it
# on their own machine: check (GitHub annotations), build the site and the
# PDFs, package one signed bundle per office, verify every bundle, and copy
# public/ and dist/ to where they are published.
#
# Usage: scripts/publish.sh [PROJECT] [DEST]
#   PROJECT  the norma project (the folder with norma.yaml; default: .)
#   DEST     where public/ and dist/ are copied (DEST/site and DEST/dist);
#            nothing is copied without it
# Environment:
#   NORMA_SIGNING_KEY  the private key's file (required: bundles are signed)
#   NORMA              the norma binary (default: target/release/norma of this
#                      repository, built with cargo if missing, else norma on PATH)
# Exit: 0 when everything was built, packaged and verified; the failing
# step's exit code otherwise (1 for content errors or a bundle that fails).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="${1:-.}"
dest="${2:-}"

if [ -z "${NORMA:-}" ]; then
  if [ -f "$repo/Cargo.toml" ] && grep -q '^name = "norma"' "$repo/Cargo.toml"; then
    [ -x "$repo/target/release/norma" ] || cargo build --release --manifest-path "$repo/Cargo.toml"
    NORMA="$repo/target/release/norma"
  else
    NORMA="$(command -v norma)"
  fi
fi
if [ -z "${NORMA_SIGNING_KEY:-}" ]; then
  echo "publish: NORMA_SIGNING_KEY must name the private signing key's file (norma keygen makes one)" >&2
  exit 2
fi

step() { printf '\n==> %s\n' "$*"; }

step "norma check --format github"
"$NORMA" --project "$project" check --format github

step "norma build"
"$NORMA" --project "$project" build

step "norma package"
"$NORMA" --project "$project" package

step "norma verify (every bundle)"
# The project's published key when it keeps one, else the signing key's own.
public_key="$project/norma-signing.pub"
[ -f "$public_key" ] || public_key="$project/dist/norma-signing.pub"
"$NORMA" verify "$project/dist" --key "$public_key"

if [ -n "$dest" ]; then
  step "publish to $dest"
  mkdir -p "$dest"
  rm -rf "$dest/site.new" "$dest/dist.new"
  cp -R "$project/public" "$dest/site.new"
  cp -R "$project/dist" "$dest/dist.new"
  rm -rf "$dest/site" "$dest/dist"
  mv "$dest/site.new" "$dest/site"
  mv "$dest/dist.new" "$dest/dist"
  echo "publish: site in $dest/site, bundles in $dest/dist"
fi
