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


def run_measured(cmd, env=None):
    """Runs cmd (output discarded); returns (seconds, peak resident MB), the
    peak from the kernel's accounting of the finished process."""
    import time

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode(errors='replace')[-2000:]}")
    return took, usage.ru_maxrss / 1024


def normateca(corpus, folder, offices=0):
    """The 10,000-unit, 200,000-function corpus in `folder`, with `offices`
    offices of two kinds in offices.yaml when asked (for norma package)."""
    subprocess.run([corpus, folder, "10000", "20"], check=True, stdout=subprocess.DEVNULL)
    if offices:
        with open(os.path.join(folder, "content", "offices.yaml"), "w", encoding="utf-8") as f:
            for n in range(offices):
                kind = "estatal" if n % 2 == 0 else "regional"
                f.write(f"- id: o{n:02}\n  name: Oficina {n}\n  kind: {kind}\n")
    return folder
