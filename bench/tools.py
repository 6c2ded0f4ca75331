"""What the benchmark scripts share: the release binaries they time."""

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_binaries():
    """Builds norma and the corpus generator in release mode; returns their
    paths (norma, corpus). CARGO_TARGET_DIR is honoured; with
    NORMA_BENCH_BUILT=1 the binaries already built are used as they are."""
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    if not os.environ.get("NORMA_BENCH_BUILT"):
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "--bin", "norma", "--example", "corpus"],
            cwd=ROOT,
            check=True,
        )
    return (
        os.path.join(target, "release/norma"),
        os.path.join(target, "release/examples/corpus"),
    )
