#!/usr/bin/env python3
"""What a screen reader reads in a tagged PDF, from its tags alone, in order.

    python3 docs/tools/read-tags.py FILE.pdf [--all]

Prints each structure element that carries meaning, indented by depth: a
heading with its level, a list item as its label and its text, a table row
cell by cell (head cells in brackets), a figure as its description, a link
with its description; paragraphs as their text. Artifacts (running header,
footer, page numbers, the draft mark, rules) are not in the tags and so not
here. Without --all, long runs of paragraphs are cut to their first words.

Reads the file with outloud's model (pip install outloud), the checker
.ci/run uses.
"""

import sys

from outloud.model import Document


def text_of(doc, el):
    """The element's marked content, in order: a word broken at a line's end
    (a soft hyphen) joined, pieces that start with a space or punctuation
    run on, other pieces (the next line) after a space."""
    out = ""
    for n in [el] + list(el.descendants()):
        for r in n.mcrefs:
            if r.page is None:
                continue
            t = doc.content(r.page).mcid_text.get((r.stream, r.mcid))
            if not t:
                continue
            if out.endswith("\u00ad"):
                out = out[:-1] + t
            elif not out or out[-1].isspace() or t[0].isspace() or t[0] in ".,;:)»”?!":
                out += t
            else:
                out += " " + t
    return " ".join(out.split())


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__)
        sys.exit(2)
    whole = "--all" in sys.argv
    doc = Document(args[0])

    def show(el, depth):
        kind = el.type
        pad = "  " * depth
        if kind in ("Document", "Part", "Sect", "Div", "L", "Table", "TBody", "THead", "TOC"):
            if kind in ("L", "Table", "TOC"):
                print(f"{pad}[{kind}]")
            for c in el.logical_children:
                show(c, depth + (kind != "Document"))
            return
        if el.is_heading:
            print(f"{pad}{kind}: {text_of(doc, el)}")
        elif kind == "LI" or kind == "TOCI":
            parts = [text_of(doc, c) for c in el.logical_children]
            print(f"{pad}• {' | '.join(p for p in parts if p)}")
        elif kind == "TR":
            cells = []
            for c in el.logical_children:
                t = text_of(doc, c)
                cells.append(f"[{t}]" if c.type == "TH" else t)
            print(f"{pad}row: {' | '.join(cells)}")
        elif kind == "Figure":
            print(f"{pad}Figure: {el.alt or '(no description)'}")
        elif kind == "Link":
            print(f"{pad}Link ({el.alt or ''}): {text_of(doc, el)}")
        else:
            t = text_of(doc, el)
            if not whole and len(t) > 160:
                t = t[:160] + " …"
            print(f"{pad}{kind}: {t}")

    root = [e for e in doc.elements if e.parent is None]
    for e in root:
        show(e, 0)


if __name__ == "__main__":
    main()
