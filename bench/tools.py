"""What the benchmark scripts share: the release binaries they time."""

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_binaries():
    """Builds norma and the corpus generator in release mode; returns their
    paths (norma, corpus)."""
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "norma", "--example", "corpus"],
        cwd=ROOT,
        check=True,
    )
    return (
        os.path.join(ROOT, "target/release/norma"),
        os.path.join(ROOT, "target/release/examples/corpus"),
    )
