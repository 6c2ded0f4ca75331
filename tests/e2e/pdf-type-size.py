#!/usr/bin/env python3
"""No text in a PDF under 6 pt: reads every word's box with `pdftotext -bbox`
(poppler-utils) and fails, naming the page and the words, when a word is set
smaller. A word's box is its font's ascent plus descent tall: 1.362 em for Noto
Sans, norma's face, so the size is the box's height / 1.362.

    python3 tests/e2e/pdf-type-size.py [--min 6] FILE.pdf ...
"""
import argparse
import re
import subprocess
import sys

EM_HEIGHT = 1.362  # Noto Sans: (ascender 1069 + descender 293) / 1000
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def small_words(pdf, minimum):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        for m in WORD.finditer(page):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            size = (y1 - y0) / EM_HEIGHT
            # A rotated word's box is as tall as the word is long: skip those
            # (norma rotates only the BORRADOR mark, set at 64 pt).
            if size < minimum - 0.05 and (x1 - x0) > 0:
                yield number, size, m.group(5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--min", type=float, default=6.0)
    parser.add_argument("pdfs", nargs="+")
    args = parser.parse_args()
    failed = False
    for pdf in args.pdfs:
        found = list(small_words(pdf, args.min))
        if found:
            failed = True
            pages = sorted({p for p, _, _ in found})
            smallest = min(s for _, s, _ in found)
            print(f"{pdf}: {len(found)} palabras bajo {args.min} pt (la menor, {smallest:.2f} pt) "
                  f"en las páginas {', '.join(map(str, pages[:20]))}{' …' if len(pages) > 20 else ''}")
            for page, size, word in found[:8]:
                print(f"  página {page}: {size:.2f} pt «{word}»")
        else:
            print(f"{pdf}: ningún texto bajo {args.min} pt")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
