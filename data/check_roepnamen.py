"""Check data/roepnamen.csv: python3 data/check_roepnamen.py [FILE]

The header `roepnaam,officiele_naam`; then rows of two fields, each a single name in lower case
letters (a–z, or a letter with diacritics; no spaces, digits or punctuation); no empty field, no row
twice, no row with the same name on both sides, no pair in both directions; rows sorted (so a diff
shows what changed). Prints the counts; exit status 1 with the reasons when the file breaks a rule.
"""
import csv
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "data/roepnamen.csv"
problems = []
with open(path, encoding="utf-8", newline="") as f:
    text = f.read()
if text.startswith("\ufeff"):
    problems.append("the file starts with a byte order mark")
if "\r" in text:
    problems.append("the file has CR line ends")
rows = list(csv.reader(text.splitlines()))
if not rows or rows[0] != ["roepnaam", "officiele_naam"]:
    problems.append(f"the header is {rows[0] if rows else 'missing'}, not roepnaam,officiele_naam")
seen = set()
pairs = []
for n, row in enumerate(rows[1:], start=2):
    if len(row) != 2:
        problems.append(f"line {n}: {len(row)} fields, not 2")
        continue
    for name in row:
        if not name:
            problems.append(f"line {n}: an empty field")
        elif not all(c.isalpha() and c == c.lower() for c in name):
            problems.append(f"line {n}: {name!r} is not one lower case name")
    pair = tuple(row)
    if pair in seen:
        problems.append(f"line {n}: {pair} twice")
    if pair[0] == pair[1]:
        problems.append(f"line {n}: the same name on both sides")
    seen.add(pair)
    pairs.append(pair)
for a, b in seen:
    if (b, a) in seen and a < b:
        problems.append(f"{a},{b} in both directions")
if pairs != sorted(pairs):
    problems.append("the rows are not sorted")
if problems:
    print(f"{path}:", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
short = {a for a, _ in pairs}
ambiguous = sum(1 for s in short if sum(1 for a, _ in pairs if a == s) > 1)
print(f"{path}: {len(pairs)} rows, {len(short)} roepnamen ({ambiguous} short for more than one name), "
      f"{len({b for _, b in pairs})} official names")
