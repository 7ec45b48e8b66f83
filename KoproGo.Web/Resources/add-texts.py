#!/usr/bin/env python3
"""Adds texts to the four resource files.

Usage: add-texts.py FILE...   Each FILE holds blocks separated by a blank line, four lines per block:
the English text (the key, also the neutral value), then French, Dutch and German. Existing keys are kept;
resource names ignore case, so a key differing from an existing one only by case is refused.
"""
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

here = Path(__file__).parent
blocks = []
for name in sys.argv[1:]:
    for block in Path(name).read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.strip().split("\n")
        if len(lines) != 4:
            sys.exit(f"{name}: a block needs four lines, not {len(lines)}:\n{block}")
        blocks.append(lines)

for index, suffix in enumerate(["", ".fr", ".nl", ".de"]):
    path = here / f"SharedResource{suffix}.resx"
    text = path.read_text(encoding="utf-8")
    known = {k.lower(): k for k in re.findall(r'<data name="([^"]*)"', text)}
    added = []
    for lines in blocks:
        key = escape(lines[0], {'"': "&quot;"})
        if key == known.get(key.lower()):
            continue
        if key.lower() in known:
            sys.exit(f"{path.name}: '{lines[0]}' differs from '{known[key.lower()]}' only by case; reuse that one")
        known[key.lower()] = key
        added.append(f'  <data name="{key}" xml:space="preserve"><value>{escape(lines[index])}</value></data>\n')
    text = text.replace("</root>", "".join(added) + "</root>")
    path.write_text(text, encoding="utf-8")
    print(f"{path.name}: {len(added)} added")
