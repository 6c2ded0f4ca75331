#!/usr/bin/env python3
"""The search index at the scale of a whole institution (issue #21).

Generates a 10,000-unit, 200,000-function corpus (examples/corpus.rs), builds
its site without PDFs, and reports the index: how many files, their total
size, the largest (the goal: none over 2 MB) and the median; then opens the
site from file:// in headless Chromium (tests/e2e/search.mjs, set "corpus" of
tests/e2e/relevance.json) and times the first answer after the page loads,
with the bytes of index files it loaded (goal: under 1 s). The peer, on the
same machine and run: the index of the same site written as one file, as it
was before the index was split (the sum of the shards), which a browser
loads whole before the first answer.

Usage: python3 bench/search-scale.py [UNITS]   (default 10000)
Exit 1 when a goal is missed.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from tools import ROOT, release_binaries

LIMIT = 2 * 1024 * 1024


def main():
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    norma, corpus = release_binaries()
    work = tempfile.mkdtemp(prefix="norma-search-")
    try:
        project = os.path.join(work, "corpus")
        subprocess.run([corpus, project, str(units), "20"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            [norma, "--project", project, "build", "--no-pdf"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        folder = os.path.join(project, "public", "static", "search")
        sizes = {name: os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder)}
        largest = max(sizes, key=sizes.get)
        total = sum(sizes.values())
        print(f"{units} units: {len(sizes)} index files, {total / 1e6:.1f} MB in all")
        for kind, label in (("w", "vocabulary"), ("p", "postings"), ("d", "results")):
            part = [s for n, s in sizes.items() if n.startswith(kind)]
            print(
                f"  {label}: {len(part)} files, {sum(part) / 1e6:.1f} MB, "
                f"median {statistics.median(part) / 1024:.0f} kB, largest {max(part) / 1024:.0f} kB"
            )
        print(f"  index.js: {sizes['index.js'] / 1024:.0f} kB")
        print(f"largest file: {largest}, {sizes[largest] / 1024:.0f} kB (limit {LIMIT // 1024} kB)")
        print(f"peer: one whole index of {total / 1e6:.1f} MB loaded before the first answer")
        failed = sizes[largest] > LIMIT
        e2e = os.path.join(ROOT, "tests", "e2e")
        if not os.path.isdir(os.path.join(e2e, "node_modules")):
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=e2e, check=True)
        run = subprocess.run(
            ["node", "search.mjs", os.path.join(project, "public"), "corpus", "--max-first-ms", "1000"],
            cwd=e2e,
        )
        failed = failed or run.returncode != 0
        print("goals met" if not failed else "GOAL MISSED")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
