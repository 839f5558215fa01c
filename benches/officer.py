"""An officer who decides the pairs nearest the threshold, simulated from the truth, through the
`dubbelen` example's contract; precision, recall and F1 before and after.

python benches/officer.py DIR [N_DECISIONS] [EXAMPLE_BINARY]

DIR holds brp.xlsx, school.csv and truth.csv (`cargo run --release --example genereer` or
`python benches/genereer_tweede.py`). The binary defaults to target/release/examples/dubbelen.
Steps: the review list (`--vanaf -5`); the N pairs (default 200) whose weight is nearest the
threshold (1.0) decided J or N from truth.csv, written to DIR/besluiten.csv; the pairs again with
`--besluiten`. Scored by the numbers (bsn, onderwijsnummer) against truth.csv.
"""
import csv
import subprocess
import sys
import time

THRESHOLD = 1.0

d = sys.argv[1]
n_decisions = int(sys.argv[2]) if len(sys.argv) > 2 else 200
binary = sys.argv[3] if len(sys.argv) > 3 else "target/release/examples/dubbelen"
files = [f"{d}/brp.xlsx", f"{d}/school.csv"]

truth = set()
with open(f"{d}/truth.csv") as f:
    for r in csv.DictReader(f):
        truth.add((r["bsn"].zfill(9), r["onderwijsnummer"].zfill(9)))


def run(*args):
    start = time.time()
    out = subprocess.run([binary, *args, *files], check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(out.splitlines()))
    return [(r["bsn"], r["onderwijsnummer"], float(r["gewicht"])) for r in rows], time.time() - start


def score(pairs):
    found = {(b, o) for b, o, _ in pairs}
    tp = len(found & truth)
    p = tp / max(len(found), 1)
    r = tp / max(len(truth), 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, tp, len(found)


before, t0 = run()
review, _ = run("--vanaf", "-5")
nearest = sorted(review, key=lambda x: abs(x[2] - THRESHOLD))[:n_decisions]
with open(f"{d}/besluiten.csv", "w") as f:
    f.write("bsn,onderwijsnummer,besluit\n")
    for b, o, _ in nearest:
        f.write(f"{b},{o},{'J' if (b, o) in truth else 'N'}\n")
after, t1 = run("--besluiten", f"{d}/besluiten.csv")
decided_j = sum(1 for b, o, _ in nearest if (b, o) in truth)
print(f"truth {len(truth)}; review list {len(review)}; decided {len(nearest)} ({decided_j} J)")
for name, pairs, t in (("before", before, t0), ("after", after, t1)):
    p, r, f1, tp, found = score(pairs)
    print(f"{name}: P {p:.4f} R {r:.4f} F1 {f1:.4f} ({tp}/{found}) {t:.2f} s")
