#!/usr/bin/env python3
"""Times `norma package` on the example project (35 offices: 35 signed zips,
each with its pages rendered for its office, the PDFs printed once per office
kind, audience filtering, manifests and signatures) against a peer on the
same machine in the same run: `norma build` once, then the built site zipped
35 times with Python's zipfile (deflate, zlib in C), which is what a shell
script without norma's filtering and signing would do.

Rounds alternate between the two so that machine noise hits both alike; the
medians and their ratio are printed. Usage: python3 bench/package.py [ROUNDS]
[--10k]; with --10k, also packages the 10,000-unit corpus for 6 offices of two
kinds once and reports the time, the peak memory and the bundles' sizes (issue
#23: no goal).
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

from tools import ROOT, normateca, release_binaries, run_measured


def main():
    numbers = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(numbers[0]) if numbers else 7
    norma, corpus = release_binaries()
    work = tempfile.mkdtemp(prefix="norma-bench-package-")
    try:
        project = os.path.join(work, "p")
        os.makedirs(project)
        shutil.copy(os.path.join(ROOT, "norma.yaml"), project)
        shutil.copytree(os.path.join(ROOT, "content"), os.path.join(project, "content"))
        keys = os.path.join(work, "keys")
        subprocess.run([norma, "keygen", "--out", keys], check=True, capture_output=True)
        key = os.path.join(keys, "norma-signing.key")
        offices = [
            line.split(":", 1)[1].strip()
            for line in open(os.path.join(project, "content/offices.yaml"), encoding="utf-8")
            if line.startswith("- id:")
        ]
        env = dict(os.environ, SOURCE_DATE_EPOCH="1764547200")

        def package():
            subprocess.run(
                [norma, "--project", project, "package", "--key", key, "--out", os.path.join(work, "dist")],
                check=True, capture_output=True, env=env,
            )

        def build_and_zip():
            site = os.path.join(work, "public")
            subprocess.run(
                [norma, "--project", project, "build", "--out", site],
                check=True, capture_output=True, env=env,
            )
            out = os.path.join(work, "zips")
            os.makedirs(out, exist_ok=True)
            files = []
            for folder, _, names in os.walk(site):
                for name in sorted(names):
                    files.append(os.path.join(folder, name))
            files.sort()
            for office in offices:
                with zipfile.ZipFile(os.path.join(out, office + ".zip"), "w", zipfile.ZIP_DEFLATED) as z:
                    for f in files:
                        z.write(f, office + "/" + os.path.relpath(f, site))

        times = {"norma package": [], "build + 35 zips": []}
        package()
        build_and_zip()  # warm both
        for _ in range(rounds):
            for name, run in (("norma package", package), ("build + 35 zips", build_and_zip)):
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)
        ours = statistics.median(times["norma package"])
        peer = statistics.median(times["build + 35 zips"])
        size = sum(os.path.getsize(os.path.join(work, "dist", f)) for f in os.listdir(os.path.join(work, "dist")))
        print(f"{len(offices)} offices, {rounds} rounds, dist/ {size / 1e6:.1f} MB")
        for name, values in times.items():
            print(f"  {name:<18} median {statistics.median(values) * 1000:7.0f} ms  (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})")
        print(f"  ratio norma package / (build + 35 zips): {ours / peer:.2f}")
        if "--10k" in sys.argv:
            big = normateca(corpus, os.path.join(work, "normateca"), offices=6)
            dist = os.path.join(work, "dist-normateca")
            took, peak = run_measured(
                [norma, "--project", big, "package", "--key", key, "--out", dist], env=env
            )
            zips = sorted(f for f in os.listdir(dist) if f.endswith(".zip"))
            sizes = ", ".join(f"{f} {os.path.getsize(os.path.join(dist, f)) / 1e6:.0f} MB" for f in zips)
            print("the 10,000-unit, 200,000-function corpus, 6 offices of two kinds (one run; no goal)")
            print(f"  norma package: {took:.1f} s, peak memory {peak:.0f} MB; {sizes}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
