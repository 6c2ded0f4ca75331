#!/usr/bin/env python3
"""Contact sheet of every page of a PDF: one PNG with the pages side by side,
numbered, to look at a whole manual at once (as the issue tracker asks of every
stress PDF). Needs poppler-utils (pdftoppm) and Pillow.

    python3 docs/tools/contact-sheet.py FILE.pdf OUT.png [--dpi 30] [--columns 10]
"""
import argparse
import glob
import os
import subprocess
import tempfile

from PIL import Image, ImageDraw


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pdf")
    parser.add_argument("out")
    parser.add_argument("--dpi", type=int, default=30)
    parser.add_argument("--columns", type=int, default=10)
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--last", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        command = ["pdftoppm", "-r", str(args.dpi), "-png", "-f", str(args.first)]
        if args.last:
            command += ["-l", str(args.last)]
        subprocess.run(command + [args.pdf, os.path.join(tmp, "p")], check=True,
                       stderr=subprocess.DEVNULL)
        pages = [Image.open(p) for p in sorted(glob.glob(os.path.join(tmp, "p-*.png")))]
    if not pages:
        raise SystemExit("no pages")
    w = max(p.width for p in pages)
    h = max(p.height for p in pages)
    cols = min(args.columns, len(pages))
    rows = (len(pages) + cols - 1) // cols
    pad, label = 6, 12
    sheet = Image.new("RGB", (cols * (w + pad) + pad, rows * (h + pad + label) + pad), "#777")
    draw = ImageDraw.Draw(sheet)
    for i, page in enumerate(pages):
        x = pad + (i % cols) * (w + pad)
        y = pad + (i // cols) * (h + pad + label)
        draw.text((x, y), str(args.first + i), fill="white")
        sheet.paste(page, (x, y + label))
    sheet.save(args.out)
    print(f"{len(pages)} pages -> {args.out}")


if __name__ == "__main__":
    main()
