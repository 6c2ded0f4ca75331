#!/usr/bin/env bash
# Audits norma's dependencies (issue #24) with cargo-deny and deny.toml:
# known vulnerabilities, unsound, unmaintained and yanked crates against the
# RustSec advisory database; licences; duplicate versions; sources.
#
# Offline by default: the database is the snapshot in ../shared/advisory-db
# (relative to the repository root) or $NORMA_ADVISORY_DB. cargo-deny reads a
# database only from a git checkout, so the snapshot is copied into
# target/advisory-dbs/ as one commit dated as the snapshot. Without a
# database the advisories are skipped with a loud warning and the other
# checks still run. With --fresh, cargo-deny fetches the newest database from
# GitHub instead (where the network allows).
#
#   scripts/audit.sh [--fresh]
#
# Needs cargo-deny (CARGO_DENY=path, or on PATH); .ci/run installs it.
set -euo pipefail
cd "$(dirname "$0")/.."

deny="${CARGO_DENY:-cargo-deny}"
fresh=false
[ "${1:-}" = "--fresh" ] && fresh=true

fail() {
  cat >&2 <<EOF

AUDIT FAILED: $1
What to do:
  - a vulnerability, unsound or unmaintained crate, or a yanked version:
    update it (cargo update -p CRATE, or a newer version in Cargo.toml); if no
    fixed version exists and norma is not affected, add its RUSTSEC id to
    [advisories] ignore in deny.toml with the reason.
  - a licence not allowed: replace the crate, or add the licence to
    [licenses] allow in deny.toml once it is known to be acceptable.
  - a duplicate version: align the versions (cargo update, cargo tree -d),
    or add the older one to [bans] skip in deny.toml with the reason.
  - a source: dependencies come from crates.io only.
EOF
  exit 1
}

# The checks that need no database.
"$deny" --locked --color never check licenses bans sources || fail "licences, duplicate versions or sources"

if $fresh; then
  "$deny" --locked --color never check advisories || fail "advisories (fresh database)"
  exit 0
fi

db=""
# ../shared/advisory-db beside the repository; a clone made elsewhere (a CI
# work folder) looks in the folders above it as well.
candidates=("${NORMA_ADVISORY_DB:-}" ../shared/advisory-db)
up="$(cd .. && pwd)"
while [ "$up" != "/" ]; do
  up="$(dirname "$up")"
  candidates+=("$up/shared/advisory-db")
done
for candidate in "${candidates[@]}"; do
  if [ -n "$candidate" ] && [ -d "$candidate/crates" ]; then
    db="$candidate"
    break
  fi
done
if [ -z "$db" ]; then
  cat >&2 <<'EOF'

################################################################################
WARNING: no RustSec advisory database found (NORMA_ADVISORY_DB, or
shared/advisory-db beside the repository or a folder above it): the dependencies were NOT checked for known
vulnerabilities. Licences, duplicates and sources were checked.
Run scripts/audit.sh --fresh where the network allows.
################################################################################
EOF
  exit 0
fi

# The snapshot's date: from SNAPSHOT ("... 2026-08-21: ..."), else the newest
# file.
date=$(grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}' "$db/SNAPSHOT" 2> /dev/null | head -1 || true)
[ -n "$date" ] || date=$(date -u -r "$db/crates" +%F)
age=$(( ($(date -u +%s) - $(date -u -d "$date" +%s)) / 86400 ))
echo "advisory database: $db, snapshot of $date ($age days old)"
if [ "$age" -gt 90 ]; then
  cat >&2 <<EOF
WARNING: the advisory snapshot is $age days old: advisories published since
$date are not known to this audit. Refresh $db, or run scripts/audit.sh
--fresh where the network allows.
EOF
fi

# cargo-deny 0.20 reads the database for its default URL from
# <db-path>/advisory-db-3157b0e258782691, a git checkout.
root="$PWD/target/advisory-dbs"
copy="$root/advisory-db-3157b0e258782691"
stamp="$db/SNAPSHOT"
[ -f "$stamp" ] || stamp="$db/crates"
if [ ! -f "$copy/.norma-source" ] || [ "$(cat "$copy/.norma-source")" != "$(realpath "$db") $(sha256sum < "$stamp")" ]; then
  rm -rf "$copy"
  mkdir -p "$copy"
  cp -r "$db/." "$copy/"
  chmod -R u+w "$copy"
  (
    cd "$copy"
    git init -q -b main
    git add -A
    GIT_AUTHOR_DATE="${date}T00:00:00Z" GIT_COMMITTER_DATE="${date}T00:00:00Z" \
      git -c user.name=norma -c user.email=norma@localhost commit -q -m "RustSec advisory-db snapshot of $date"
    # cargo-deny dates the database by FETCH_HEAD: the snapshot's day.
    : > .git/FETCH_HEAD
    touch -d "${date}T00:00:00Z" .git/FETCH_HEAD
  )
  echo "$(realpath "$db") $(sha256sum < "$stamp")" > "$copy/.norma-source"
fi

NORMA_DENY_DB="$root" "$deny" --offline --locked --color never check advisories \
  || fail "advisories (RustSec snapshot of $date)"
echo "audit: no advisory, licence, duplicate or source finding"
