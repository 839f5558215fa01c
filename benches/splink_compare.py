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
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

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
cols = "unique_id VARCHAR, surname VARCHAR, first_name VARCHAR, dob VARCHAR, sex VARCHAR, postcode VARCHAR, huisnummer VARCHAR, plaats VARCHAR"
for name, rows in (("brp", brp), ("school", school)):
    con.execute(f"CREATE TABLE {name} ({cols})")
    con.executemany(f"INSERT INTO {name} VALUES (?,?,?,?,?,?,?,?)", rows)

start = time.time()
db_api = DuckDBAPI(connection=con)
settings = SettingsCreator(
    link_type="link_only",
    comparisons=[
        cl.NameComparison("surname"),
        cl.NameComparison("first_name"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.ExactMatch("sex"),
        cl.PostcodeComparison("postcode"),
        cl.ExactMatch("plaats"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("dob"),
        block_on("surname", "substr(dob, 1, 4)"),
        block_on("first_name", "substr(dob, 1, 4)"),
        block_on("postcode", "huisnummer"),
        block_on("surname", "first_name"),
    ],
)
linker = Linker([db_api.register("brp"), db_api.register("school")], settings)
linker.training.estimate_probability_two_random_records_match([block_on("surname", "first_name", "dob")], recall=0.7)
linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
pred = linker.inference.predict(threshold_match_probability=threshold).as_duckdbpyrelation()
rows = pred.project("unique_id_l, unique_id_r, match_probability").order("match_probability DESC").fetchall()
# One-to-one, greedy by probability, as ours.
used_l, used_r, found = set(), set(), set()
for l, r, p in rows:
    if l.startswith("s"):
        l, r = r, l
    if l in used_l or r in used_r:
        continue
    used_l.add(l)
    used_r.add(r)
    found.add((l, r))
took = time.time() - start
tp = len(found & truth)
p = tp / max(len(found), 1)
rc = tp / max(len(truth), 1)
f1 = 2 * p * rc / (p + rc) if p + rc else 0
print(f"| {len(brp) + len(school)} | {p:.4f} | {rc:.4f} | {f1:.4f} | {took:.2f} s |")
