"""Splink 5 (DuckDB) on a register from benches/febrl.py, scored against its truth.csv — the peer's
numbers beside benches/score.py's.

python3 benches/splink_febrl.py DIR [--fields same|all] [--threshold 0.9]

--fields same (default): the register files as Koppelhulp imports them (DIR/brp.xlsx, DIR/school.csv),
  only the fields our finder compares: surname, first given name, birth date, and the address as our
  finder's levels (postcode and huisnummer / postcode / woonplaats / anders). Birth dates that are
  not dates are left empty, as the importer does. No sex (FEBRL has none). Otherwise the comparisons
  and blocking of benches/splink_compare.py.
--fields all: every FEBRL field of the same records (DIR/febrl.csv, raw): given name, surname, date
  of birth, street number, street, address_2, suburb, postcode, state and soc_sec_id.

Like benches/splink_compare.py: u by random sampling, EM on two blockings, pairs at match probability
≥ threshold assigned one-to-one, greedily by probability. Prints P / R / F1 and the seconds
(excluding reading the files). Needs: pip install splink openpyxl (splink 5.x).
"""
import argparse
import csv
import datetime
import time

import logging

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on

from splink_common import load_tables, one_to_one, predict, score


def norm(s):
    return (str(s) if s is not None else "").strip().lower() or None


def iso(text):
    """dd-mm-jjjj text or a date → yyyy-mm-dd, None where it is no date (the importer leaves it empty)."""
    if isinstance(text, (datetime.date, datetime.datetime)):
        return text.strftime("%Y-%m-%d")
    t = (text or "").strip()
    try:
        return datetime.datetime.strptime(t, "%d-%m-%Y").strftime("%Y-%m-%d")
    except ValueError:
        return None


def same_fields(d):
    import openpyxl

    rows = {}
    wb = openpyxl.load_workbook(f"{d}/brp.xlsx", read_only=True)
    it = wb.active.iter_rows(values_only=True)
    head = [h for h in next(it)]
    for row in it:
        r = dict(zip(head, row))
        rows[str(r["BSN"]).zfill(9)] = (norm(r["Achternaam"]), norm((r["Voornamen"] or "").split(" ")[0]),
                                        iso(r["Geboortedatum"]), norm(r["Postcode"]), norm(r["Huisnummer"]),
                                        norm(r["Woonplaats"]))
    with open(f"{d}/school.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            rows[r["Onderwijsnummer"].zfill(9)] = (norm(r["Achternaam"]), norm(r["Roepnaam"].split(" ")[0]),
                                                   iso(r["Geb.datum"]), norm(r["Postcode"]), norm(r["Huisnummer"]),
                                                   norm(r["Plaats"]))
    cols = ["surname", "first_name", "dob", "postcode", "huisnummer", "plaats"]
    comparisons = [
        cl.NameComparison("surname"),
        cl.NameComparison("first_name"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        # Our address levels: postcode and huisnummer / postcode / woonplaats / anders.
        cl.CustomComparison(
            output_column_name="adres",
            comparison_levels=[
                cll.And(cll.NullLevel("postcode"), cll.NullLevel("plaats")),
                cll.And(cll.ExactMatchLevel("postcode"), cll.ExactMatchLevel("huisnummer")),
                cll.ExactMatchLevel("postcode"),
                cll.ExactMatchLevel("plaats"),
                cll.ElseLevel(),
            ],
        ),
    ]
    blocking = [
        block_on("dob"),
        block_on("surname", "substr(dob, 1, 4)"),
        block_on("first_name", "substr(dob, 1, 4)"),
        block_on("postcode", "huisnummer"),
        block_on("surname", "first_name"),
    ]
    training = [block_on("dob"), block_on("surname")]
    return rows, cols, comparisons, blocking, training, block_on("surname", "first_name", "dob")


def all_fields(d):
    rows = {}
    with open(f"{d}/febrl.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows[r["nummer"]] = tuple(norm(r[c]) for c in (
                "given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state",
                "date_of_birth", "soc_sec_id"))
    cols = ["given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state",
            "dob", "soc_sec_id"]
    comparisons = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y%m%d"),
        cl.ExactMatch("street_number"),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("address_2", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        cl.ExactMatch("state"),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
    ]
    blocking = [
        block_on("dob"),
        block_on("soc_sec_id"),
        block_on("surname", "substr(dob, 1, 4)"),
        block_on("given_name", "substr(dob, 1, 4)"),
        block_on("postcode", "street_number"),
        block_on("surname", "given_name"),
    ]
    training = [block_on("dob"), block_on("surname")]
    return rows, cols, comparisons, blocking, training, block_on("surname", "given_name", "dob")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dir")
    p.add_argument("--fields", choices=["same", "all"], default="same")
    p.add_argument("--threshold", type=float, default=0.9)
    args = p.parse_args()
    d = args.dir
    logging.getLogger("splink").setLevel(logging.ERROR)

    truth = set()
    with open(f"{d}/truth.csv") as f:
        for r in csv.DictReader(f):
            truth.add((r["bsn"].zfill(9), r["onderwijsnummer"].zfill(9)))
    rows, cols, comparisons, blocking, training, prior_rule = (same_fields if args.fields == "same" else all_fields)(d)
    # BSNs pass the 11-check with sum 0, onderwijsnummers with 5: the number says the side.
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    is_bsn = {n: sum(int(c) * w for c, w in zip(n, weights)) % 11 == 0 for n in rows}

    con = duckdb.connect()
    load_tables(con, cols, [(name, [(n, *v) for n, v in rows.items() if is_bsn[n] == side])
                            for name, side in (("brp", True), ("school", False))])

    start = time.time()
    found_rows = predict(con, comparisons, blocking, prior_rule, training, args.threshold)
    found = one_to_one(found_rows, is_bsn.__getitem__)
    took = time.time() - start
    tp, precision, recall, f1 = score(found, truth)
    print(f"splink {args.fields} fields: {len(rows)} records, {len(truth)} true pairs, {len(found)} found, {tp} right: "
          f"P {precision:.4f} R {recall:.4f} F1 {f1:.4f}   {took:.2f} s")


if __name__ == "__main__":
    main()
