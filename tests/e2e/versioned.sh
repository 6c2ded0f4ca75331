#!/usr/bin/env bash
# Builds a copy of the example project with two versions of mo-dir, the way an
# author makes them: `norma release mo-dir` freezes 3.1, then function 2 is
# reworded, a function is inserted as number 4 (renumbering the ones after it)
# and the version raised to 3.2, in force from 2026-11-01. The build is dated
# 2026-11-18, so 3.2 is in force and 3.1 superseded. Used by .ci/run to check
# cambios.html, the superseded banner and the version switcher in Chromium
# (tests/e2e/run.sh DIR/public SHOTS --versions) and to look at the change bars.
#
# Usage: tests/e2e/versioned.sh NORMA DIR
set -euo pipefail
norma="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
dir="$2"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

rm -rf "$dir" && mkdir -p "$dir"
cp -r "$repo/content" "$repo/norma.yaml" "$dir/"
cd "$dir"
"$norma" release mo-dir
python3 - <<'PY'
def edit(path, pairs):
    text = open(path, encoding="utf-8").read()
    for old, new in pairs:
        assert old in text, f"{path}: no {old!r}"
        text = text.replace(old, new, 1)
    open(path, "w", encoding="utf-8").write(text)

edit("content/mo-dir/manual.yaml", [
    ('version: "3.1"', 'version: "3.2"'),
    ("authorized: 2025-03-14", "authorized: 2026-10-01"),
    ("effective: 2025-04-01", "effective: 2026-11-01"),
    ('supersedes: "3.0"', 'supersedes: "3.1"'),
    ("changes:\n", 'changes:\n  - version: "3.2"\n    date: 2026-10-01\n    summary: Se actualizan funciones.\n'),
])
edit("content/mo-dir/units/7.3.1.1.yaml", [
    ("en el diseño de los\n    sistemas", "en el diseño y la actualización de los\n    sistemas"),
    ("  - >-\n    Concertar, en el ámbito de su competencia, con las Entidades Receptoras,",
     "  - >-\n    Vigilar que los sistemas de registro de la recaudación cumplan con los"
     " criterios de seguridad de la información.\n  - >-\n    Concertar, en el ámbito de"
     " su competencia, con las Entidades Receptoras,"),
])
PY
SOURCE_DATE_EPOCH=1795000000 "$norma" build
