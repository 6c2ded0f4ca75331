#!/usr/bin/env python3
"""Checks that no word of a PDF lies outside its text block, except the running
header and footer in the bands just above and below it. Reads word boxes from
`pdftotext -bbox` (poppler-utils).

    python3 tests/e2e/pdf-margins.py FILE.pdf [TOP RIGHT BOTTOM LEFT]

The margins are in millimetres, norma.yaml's `pdf.margins_mm` (30 20 30 20 by
default). Exits 1, listing the first offenders, when a word is outside.
"""

import re
import subprocess
import sys

MM = 72 / 25.4
# The header (two lines on the pages of a procedure, form or guide) and the
# footer sit within this many points of the text block.
CHROME = 40
# Rounding of the word boxes.
SLACK = 0.6


def main():
    pdf = sys.argv[1]
    margins = [float(m) * MM for m in (sys.argv[2:6] if len(sys.argv) >= 6 else [30, 20, 30, 20])]
    top, right, bottom, left = margins
    html = subprocess.run(
        ["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    pattern = re.compile(
        r'<page width="([\d.]+)" height="([\d.]+)">'
        r'|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    page, words, outside = 0, 0, []
    width = height = 0.0
    for m in pattern.finditer(html):
        if m.group(1):
            page += 1
            width, height = float(m.group(1)), float(m.group(2))
            continue
        words += 1
        x0, y0, x1, y1 = map(float, m.group(3, 4, 5, 6))
        if (
            x0 < left - SLACK
            or x1 > width - right + SLACK
            or y0 < top - CHROME
            or y1 > height - bottom + CHROME
        ):
            outside.append(f"page {page}: {m.group(7)!r} at x {x0:.1f}–{x1:.1f}, y {y0:.1f}–{y1:.1f}")
    print(f"{pdf}: {page} pages, {words} words, {len(outside)} outside the text block")
    for line in outside[:20]:
        print("  " + line)
    sys.exit(1 if outside else 0)


if __name__ == "__main__":
    main()
