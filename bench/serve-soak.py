#!/usr/bin/env python3
"""`norma serve` through a thousand saves in a row (issue #24).

On a scratch copy of the example project, starts `norma serve --port 0` and
saves, one after the other, waiting for the server to say it rebuilt each
time: rewordings of a unit (seven in ten), a broken save (an unknown field)
and its fix, and a unit file added or removed. Every hundred saves it reads
the server's resident memory (VmRSS) and its open files (/proc/PID/fd). At the
end it saves one last wording and fetches the page.

Passes when the last edit is served, the open files at the end are no more
than at the first reading, and the resident memory has not grown over the
run. Readings every 50 saves; prints every hundredth. The
allocator moves the resident size by several megabytes from one reading to
the next (34 to 48 MB over a run), so one reading against another judged
noise as often as a leak: memory counts as grown only when both (a) the
least-squares line through every reading from save 100 on rises by more than
15 % of the warm-up's median (saves 100 to 400, by when every kind of save
has come many times) over those saves, and (b) the median of the last seven
readings is more than 5 % above that median. A leak moves both; one high
reading moves neither. Tried on simulated readings with ±5 MB of noise
around 40 MB: a flat run fails about 1 time in 250; a leak of 12 kB per save
is caught 24 times in 25.

The server's stdout is read only up to its first line, as before: a server
that blocked writing to a full pipe stopped rebuilding after about 700 saves
(fixed: serve's terminal lines no longer hold up the rebuilds).

Usage: python3 bench/serve-soak.py [SAVES]   (default 1000)
Linux only (it reads /proc). Exit 1 when a goal is missed.
"""

import importlib.util
import os
import re
import shutil
import sys
import tempfile
import time

from tools import ROOT, release_binaries

spec = importlib.util.spec_from_file_location(
    "serve_latency", os.path.join(os.path.dirname(os.path.abspath(__file__)), "serve-latency.py")
)
latency = importlib.util.module_from_spec(spec)
spec.loader.exec_module(latency)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_files(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def next_event(served, until, what):
    """The stream's next data event, by `until` (the server's keep-alive
    comments do not count)."""
    import json
    while True:
        while b"\n\n" in served.buffer:
            block, served.buffer = served.buffer.split(b"\n\n", 1)
            for line in block.split(b"\n"):
                if line.startswith(b"data: "):
                    return json.loads(line[6:])
        left = until - time.monotonic()
        if left <= 0:
            raise SystemExit(f"FAIL: {what}: no rebuild reported in 30 s")
        served.events.settimeout(left)
        try:
            chunk = served.events.recv(65536)
        except TimeoutError:
            raise SystemExit(f"FAIL: {what}: no rebuild reported in 30 s")
        if not chunk:
            raise SystemExit("FAIL: the event stream closed")
        served.buffer += chunk


def wait_for_build(served, broken, what):
    """The next event of a build (not the search index's alone): with
    problems when `broken`, without otherwise. A save the server does not
    answer within 30 s fails the run, naming it."""
    until = time.monotonic() + 30
    while True:
        if time.monotonic() > until:
            raise SystemExit(f"FAIL: {what}: no rebuild reported in 30 s")
        event = next_event(served, until, what)
        changed = event.get("changed") or []
        if event.get("problems"):
            if broken:
                return event
            raise SystemExit(f"a good save was reported broken: {event['problems']['text']}")
        if broken:
            continue
        if changed and all(p.startswith("static/search/") for p in changed):
            continue
        return event


def median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def memory_grew(readings):
    """Whether the readings `(save, rss_kb, files)` show growth
    (see the module's doc), and a line saying what was measured."""
    warm = [r[1] for r in readings if 100 <= r[0] <= 400] or [readings[0][1]]
    base = median(warm)
    end = median([r[1] for r in readings[-7:]])
    points = [(r[0], r[1]) for r in readings if r[0] >= 100] or [(r[0], r[1]) for r in readings]
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0
    rise = slope * (points[-1][0] - points[0][0])
    grown = rise > base * 0.15 and end > base * 1.05
    summary = (f"warm-up median {base / 1024:.1f} MB (saves 100–400), last seven readings' median "
               f"{end / 1024:.1f} MB ({(end / base - 1) * 100:+.1f} %), fitted trend "
               f"{rise / 1024:+.1f} MB over saves {points[0][0]}–{points[-1][0]} ({rise / base * 100:+.1f} %)")
    return grown, summary


def main():
    saves = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    norma, _ = release_binaries()
    work = tempfile.mkdtemp(prefix="norma-soak-")
    project = os.path.join(work, "project")
    os.makedirs(project)
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(project, "content"))
    shutil.copy(os.path.join(ROOT, "norma.yaml"), project)
    unit, page = latency.first_unit(project)
    units = os.path.dirname(unit)
    extra = os.path.join(units, "7.3.1.2.yaml")
    model = open(os.path.join(units, "7.3.1.1.yaml"), encoding="utf-8").read()
    served = latency.Served(norma, project)
    pid = served.proc.pid
    readings = []
    started = time.perf_counter()
    try:
        for n in range(1, saves + 1):
            kind = n % 10
            if kind == 7:
                # A broken save: an unknown field.
                text = open(unit, encoding="utf-8").read()
                with open(unit, "w", encoding="utf-8") as f:
                    f.write(text.replace("\nname:", "\nresponsable: X\nname:", 1))
                wait_for_build(served, broken=True, what=f"save {n} (broken)")
            elif kind == 8:
                # Its fix.
                text = open(unit, encoding="utf-8").read()
                with open(unit, "w", encoding="utf-8") as f:
                    f.write(text.replace("\nresponsable: X\n", "\n", 1))
                latency.reword(unit, f"Zqedit{n}")
                wait_for_build(served, broken=False, what=f"save {n} (the fix)")
            elif kind == 9:
                # A unit added, or removed again.
                if os.path.exists(extra):
                    os.remove(extra)
                else:
                    with open(extra, "w", encoding="utf-8") as f:
                        f.write(re.sub(r"^code: .*$", "code: 7.3.1.2", model, count=1, flags=re.M))
                wait_for_build(served, broken=False, what=f"save {n} (a unit added or removed)")
            else:
                latency.reword(unit, f"Zqedit{n}")
                wait_for_build(served, broken=False, what=f"save {n} (a rewording)")
            if n % 50 == 0:
                readings.append((n, rss_kb(pid), open_files(pid)))
                if n % 100 == 0:
                    print(f"save {n:>5}: {readings[-1][1] / 1024:7.1f} MB resident, {readings[-1][2]} open files, "
                          f"{time.perf_counter() - started:6.1f} s", flush=True)
        latency.reword(unit, "Zqfinal")
        wait_for_build(served, broken=False, what="the last save")
        body = served.get(page)
        last_served = "Zqfinal" in body
    finally:
        served.stop()
        shutil.rmtree(work, ignore_errors=True)

    failed = False
    if not last_served:
        print(f"FAIL: {page} does not show the last edit")
        failed = True
    else:
        print(f"the last edit is served ({page})")
    if readings:
        grown, summary = memory_grew(readings)
        files_first, files_end = readings[0][2], readings[-1][2]
        if files_end > files_first:
            print(f"FAIL: open files grew from {files_first} to {files_end}")
            failed = True
        if grown:
            print(f"FAIL: resident memory grew: {summary}")
            failed = True
        print(f"memory: {summary}; open files {files_first} → {files_end}")
    print("goals met" if not failed else "GOAL MISSED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
