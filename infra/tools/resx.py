#!/usr/bin/env python3
"""Writes src/Portal/Resources/SharedResource(.en).resx from strings*.tsv (key<TAB>ja<TAB>en).

The TSV files are the one place translators edit (strings.tsv for the shell, strings.<area>.tsv per feature):
a missing English or Japanese text, or a key defined twice, fails here, not at run time.
Usage: python3 infra/tools/resx.py
"""
import csv, os, sys
from xml.sax.saxutils import escape

root = os.path.join(os.path.dirname(__file__), "..", "..", "src", "Portal", "Resources")
rows = []
for name in sorted(n for n in os.listdir(root) if n.startswith("strings") and n.endswith(".tsv")):
    with open(os.path.join(root, name), encoding="utf-8") as f:
        for n, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != 3 or not all(c.strip() for c in row):
                sys.exit(f"{name}:{n}: need key, ja, en: {row}")
            rows.append(row)
keys = [r[0] for r in rows]
dupes = {k for k in keys if keys.count(k) > 1}
if dupes:
    sys.exit(f"duplicate keys: {sorted(dupes)}")

head = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""
for suffix, col in (("", 1), (".en", 2)):
    with open(os.path.join(root, f"SharedResource{suffix}.resx"), "w", encoding="utf-8") as out:
        out.write(head)
        for r in rows:
            out.write(f'  <data name="{escape(r[0], {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(r[col])}</value></data>\n')
        out.write("</root>\n")
print(f"{len(rows)} strings written")
