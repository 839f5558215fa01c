"""Splink 5 (DuckDB) on the files from `cargo run --example genereer`, scored against truth.csv.

python benches/splink_compare.py DIR [threshold_probability]
Needs: pip install splink openpyxl. Prints rows, precision, recall, F1 and seconds (excluding file reading).
"""
import csv
import sys
import time

import duckdb
import openpyxl
import splink.comparison_library as cl
from splink import block_on

from splink_common import load_tables, one_to_one, predict, score

d = sys.argv[1]
threshold = float(sys.argv[2]) if len(sys.argv) > 2 else 0.9


def norm(s):
    return (s or "").strip().lower() or None


brp = []
wb = openpyxl.load_workbook(f"{d}/brp.xlsx", read_only=True)
for i, row in enumerate(wb.active.iter_rows(min_row=2, values_only=True)):
    bsn, ach, vv, vn, dob, sex, straat, hn, pc, plaats = row
    brp.append((f"b{i}", norm(f"{vv or ''} {ach or ''}"), norm((vn or "").split(" ")[0]),
                dob.strftime("%Y-%m-%d") if dob else None, norm(sex), norm(pc), norm(hn), norm(plaats)))
school = []
with open(f"{d}/school.csv", encoding="utf-8") as f:
    for i, r in enumerate(csv.DictReader(f, delimiter=";")):
        dd = r["Geb.datum"]
        dob = f"{dd[6:10]}-{dd[3:5]}-{dd[0:2]}" if dd else None
        school.append((f"s{i}", norm(f"{r['Tussenvoegsel']} {r['Achternaam']}"), norm(r["Roepnaam"].split(" ")[0]),
                       dob, norm(r["Geslacht"]), norm(r["Postcode"]), norm(r["Huisnummer"]), norm(r["Plaats"])))
truth = set()
with open(f"{d}/truth.csv") as f:
    for r in csv.DictReader(f):
        truth.add((f"b{r['brp_index']}", f"s{r['school_index']}"))

con = duckdb.connect()
cols = ["surname", "first_name", "dob", "sex", "postcode", "huisnummer", "plaats"]
load_tables(con, cols, (("brp", brp), ("school", school)))

start = time.time()
rows = predict(
    con,
    comparisons=[
        cl.NameComparison("surname"),
        cl.NameComparison("first_name"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.ExactMatch("sex"),
        cl.PostcodeComparison("postcode"),
        cl.ExactMatch("plaats"),
    ],
    blocking=[
        block_on("dob"),
        block_on("surname", "substr(dob, 1, 4)"),
        block_on("first_name", "substr(dob, 1, 4)"),
        block_on("postcode", "huisnummer"),
        block_on("surname", "first_name"),
    ],
    prior_rule=block_on("surname", "first_name", "dob"),
    training=[block_on("dob"), block_on("surname")],
    threshold=threshold,
)
found = one_to_one(rows, lambda n: not n.startswith("s"))
took = time.time() - start
tp, p, rc, f1 = score(found, truth)
print(f"| {len(brp) + len(school)} | {p:.4f} | {rc:.4f} | {f1:.4f} | {took:.2f} s |")
