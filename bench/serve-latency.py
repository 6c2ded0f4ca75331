#!/usr/bin/env python3
"""How long a saved edit takes to show in the page `norma serve` serves.

For the example project (content/) and for a generated 1,000-unit,
20,000-function corpus (examples/corpus.rs): starts `norma serve --port 0` on a
scratch copy, opens its event stream, then, round after round, rewords the first
function of a unit file (a new word each time), and times from the write to the
moment a GET of that unit's page returns the new wording (the event stream says
when to ask). Then, round after round, the unit renamed (a new word in its
`name:`), timed the same way: the name shows on other pages too (the
navigation, the pager, the contents), so it makes more pages again. The unit
renamed is one of the deepest, as most units are; a top-level unit's name is
in the navigation of every page of its manual, which all change. Then a
broken save (a tab and an unclosed quote) timed until the event stream
reports the problem, and its fix. Prints
the medians and every run, the serve process's peak memory, and the peer on the
same machine and project: a whole `norma build --no-pdf`, the work a rebuild of
everything would do. Goals (issue #23): at most 150 ms on 1,000 units and at
most 300 ms on 10,000 units, for the edit, the rename and the broken save.

Usage: python3 bench/serve-latency.py [ROUNDS] [--10k]   (default 15 rounds;
--10k adds the 10,000-unit, 200,000-function corpus)
"""

import glob
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from tools import ROOT, release_binaries


class Served:
    def __init__(self, norma, project):
        self.proc = subprocess.Popen(
            [norma, "--project", project, "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        for line in self.proc.stdout:
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if match:
                self.port = int(match.group(1))
                break
        else:
            raise SystemExit("norma serve did not start")
        self.events = socket.create_connection(("127.0.0.1", self.port))
        self.events.sendall(f"GET /__norma/events HTTP/1.1\r\nHost: localhost:{self.port}\r\n\r\n".encode())
        self.events.settimeout(60)
        self.buffer = b""
        self.next_event()

    def next_event(self):
        while True:
            while b"\n\n" in self.buffer:
                block, self.buffer = self.buffer.split(b"\n\n", 1)
                for line in block.split(b"\n"):
                    if line.startswith(b"data: "):
                        return json.loads(line[6:])
            chunk = self.events.recv(65536)
            if not chunk:
                raise SystemExit("the event stream closed")
            self.buffer += chunk

    def get(self, path):
        with socket.create_connection(("127.0.0.1", self.port)) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost:{self.port}\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(1 << 20):
                data += chunk
        return data.decode("utf-8", "replace")

    def peak_mb(self):
        """The serve process's peak resident memory so far (Linux)."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def stop(self):
        self.events.close()
        self.proc.kill()
        self.proc.wait()


def first_unit(project, deepest=False):
    """A unit file and its page path: the last by file name (a top-level
    unit in the corpus), or with `deepest` the last of the deepest units
    (a leaf, as most units are)."""
    manual_yaml = sorted(glob.glob(os.path.join(project, "content", "*", "manual.yaml")))
    for manual in manual_yaml:
        folder = os.path.dirname(manual)
        units = sorted(glob.glob(os.path.join(folder, "units", "*.yaml")))
        if not units:
            continue
        version = re.search(r'^version:\s*"?([^"\n]+)"?', open(manual, encoding="utf-8").read(), re.M).group(1)
        if deepest:
            units.sort(key=lambda u: os.path.basename(u).count("."))
        text = open(units[-1], encoding="utf-8").read()
        code = re.search(r'^code:\s*"?([^"\n]+)"?', text, re.M).group(1).strip()
        return units[-1], f"/{os.path.basename(folder)}/{version}/{code}.html"
    raise SystemExit(f"no unit in {project}")


def reword(path, word):
    """Puts `word` at the start of the first function's text."""
    text = open(path, encoding="utf-8").read()
    text, n = re.subn(r"(\nfunctions:\n  - (?:>-\n    |text: >-\n      |text: )?)(?:Zqedit\d+ )?",
                      lambda m: m.group(1) + word + " ", text, count=1)
    if n != 1:
        raise SystemExit(f"no function to reword in {path}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def rename(path, word):
    """Puts `word` at the start of the unit's name."""
    text = open(path, encoding="utf-8").read()
    text, n = re.subn(r"(\nname: \"?)(?:Zqname\d+ )?", lambda m: m.group(1) + word + " ", text, count=1)
    if n != 1:
        raise SystemExit(f"no name to change in {path}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def shown(served, page, change, word, rounds, warm=0):
    """Times `change(word_n)` → `page` served with it, per round after `warm`."""
    times = []
    for n in range(rounds + warm):
        text = f"{word}{n}"
        start = time.perf_counter()
        change(text)
        while True:
            event = served.next_event()
            if event.get("problems"):
                raise SystemExit(f"the edit broke the project: {event['problems']['text']}")
            if page.lstrip("/") in event.get("changed", []):
                break
        body = served.get(page)
        elapsed = time.perf_counter() - start
        if text not in body:
            raise SystemExit(f"{page} does not show {text} after the event")
        if n >= warm:
            times.append(elapsed)
        time.sleep(0.15)
    return times


def latency(norma, project, rounds):
    """Edit → served page, rename → served page, and broken save → problem
    reported, in seconds per round; and the serve process's peak memory
    (MB)."""
    unit, page = first_unit(project)
    served = Served(norma, project)
    broken = []
    try:
        # The first round warms the caches.
        times = shown(served, page, lambda w: reword(unit, w), "Zqedit", rounds, warm=1)
        leaf, leaf_page = first_unit(project, deepest=True)
        renames = shown(served, leaf_page, lambda w: rename(leaf, w), "Zqname", max(3, rounds // 2))
        good = open(unit, encoding="utf-8").read()
        for n in range(max(3, rounds // 2)):
            start = time.perf_counter()
            with open(unit, "w", encoding="utf-8") as f:
                f.write(good + '\n\tname: "sin cerrar\n')
            while not served.next_event().get("problems"):
                pass
            broken.append(time.perf_counter() - start)
            with open(unit, "w", encoding="utf-8") as f:
                f.write(good)
            while served.next_event().get("problems"):
                pass
            time.sleep(0.15)
        peak = served.peak_mb()
    finally:
        served.stop()
    return times, renames, broken, peak


def full_build(norma, project, rounds):
    out = os.path.join(project, "..", "out-full")
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([norma, "--project", project, "build", "--no-pdf", "--out", out],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def report(name, goal, edits, renames, broken, peak, builds):
    e, r, x, b = (statistics.median(t) for t in (edits, renames, broken, builds))
    verdict = lambda t: "met" if goal is None or t <= goal else "NOT met"
    goal_text = "" if goal is None else f" (goal <= {goal * 1000:.0f} ms: {{}})"
    print(f"{name}: edit → served page: median {e * 1000:6.0f} ms{goal_text.format(verdict(e))}  "
          f"runs: {', '.join(f'{t * 1000:.0f}' for t in edits)}")
    print(f"{' ' * len(name)}  unit renamed → served page: median {r * 1000:6.0f} ms{goal_text.format(verdict(r))}  "
          f"runs: {', '.join(f'{t * 1000:.0f}' for t in renames)}")
    print(f"{' ' * len(name)}  broken save → error shown: median {x * 1000:6.0f} ms{goal_text.format(verdict(x))}  "
          f"runs: {', '.join(f'{t * 1000:.0f}' for t in broken)}")
    print(f"{' ' * len(name)}  serve peak memory: {peak:.0f} MB")
    print(f"{' ' * len(name)}  peer, whole norma build --no-pdf: median {b * 1000:6.0f} ms; "
          f"serve/build = {e / b:.2f}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(args[0]) if args else 15
    norma, corpus = release_binaries()
    with tempfile.TemporaryDirectory() as tmp:
        example = os.path.join(tmp, "example")
        os.makedirs(example)
        shutil.copy(os.path.join(ROOT, "norma.yaml"), example)
        shutil.copytree(os.path.join(ROOT, "content"), os.path.join(example, "content"))
        projects = [("example", example, None)]
        sizes = [(1000, 0.150)] + ([(10000, 0.300)] if "--10k" in sys.argv else [])
        for units, goal in sizes:
            big = os.path.join(tmp, f"corpus{units}")
            subprocess.run([corpus, big, str(units), "20"], check=True, stdout=subprocess.DEVNULL)
            projects.append((f"{units:,} units", big, goal))
        for name, project, goal in projects:
            edits, renames, broken, peak = latency(norma, project, rounds)
            builds = full_build(norma, project, max(5, rounds // 3))
            report(name, goal, edits, renames, broken, peak, builds)


if __name__ == "__main__":
    main()
