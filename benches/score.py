"""Score the duplicate finder on a register with a known truth, through the `dubbelen` example.

python3 benches/score.py DIR [--min-precision P] [--min-recall R] [--min-f1 F] [--min-offered S]
                             [--binary PATH] [--hidden FILE]

DIR holds the register files (brp.xlsx or brp.csv, school.csv or school.xlsx) and truth.csv
(`bsn,onderwijsnummer`, more columns allowed): what benches/febrl.py, benches/genereer_tweede.py and
`cargo run --example genereer` write. Runs, from the repository root,
`cargo run --release --example dubbelen -- FILES` (the default threshold) and the same with
`--vanaf -5` (the review list) — after building the example, untimed — or the given binary; prints
precision, recall and F1 of the first, the share of true pairs the second lists ("offered"), and the
seconds of each run (wall clock, and the example's own import and search times). Scored by the
numbers (bsn, onderwijsnummer).

Exit status 1 when a number is under its --min-… target (for CI), 2 when a run fails.
--hidden FILE writes the true pairs the review list does not hold (bsn,onderwijsnummer,reden), for
`python3 benches/febrl.py analyse`.
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def register_files(d):
    files = [os.path.join(d, f) for f in sorted(os.listdir(d))
             if re.fullmatch(r"(brp|school)\.(xlsx|csv)", f)]
    if not files:
        sys.exit(f"score: no brp.* or school.* in {d}")
    return files


def run(command, files, extra):
    start = time.time()
    done = subprocess.run([*command, *extra, *files], cwd=ROOT, capture_output=True, text=True)
    took = time.time() - start
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.exit(2)
    pairs = [(r["bsn"].zfill(9), r["onderwijsnummer"].zfill(9), float(r["gewicht"]))
             for r in csv.DictReader(done.stdout.splitlines())]
    own = re.search(r"gelezen in ([0-9.]+) s; \d+ paren gevonden in ([0-9.]+) s", done.stderr)
    times = f"{took:.2f} s (import {own.group(1)} s, search {own.group(2)} s)" if own else f"{took:.2f} s"
    return pairs, times


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dir")
    p.add_argument("--binary", help="the dubbelen binary; default: cargo run --release --example dubbelen")
    p.add_argument("--min-precision", type=float)
    p.add_argument("--min-recall", type=float)
    p.add_argument("--min-f1", type=float)
    p.add_argument("--min-offered", type=float, help="share of true pairs that --vanaf -5 lists, 0..1")
    p.add_argument("--hidden", help="write the true pairs --vanaf -5 does not list to this CSV")
    args = p.parse_args()

    d = os.path.abspath(args.dir)
    files = register_files(d)
    truth = set()
    with open(os.path.join(d, "truth.csv")) as f:
        for r in csv.DictReader(f):
            truth.add((r["bsn"].zfill(9), r["onderwijsnummer"].zfill(9)))
    command = [os.path.abspath(args.binary)] if args.binary else \
        ["cargo", "run", "--quiet", "--release", "--example", "dubbelen", "--"]

    if not args.binary:
        # Build first, so the times below are the finder's and not the compiler's.
        start = time.time()
        subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "dubbelen"], cwd=ROOT, check=True)
        print(f"score: cargo build --release --example dubbelen: {time.time() - start:.1f} s", file=sys.stderr)
    found, t_found = run(command, files, [])
    review, t_review = run(command, files, ["--vanaf", "-5"])
    got = {(b, o) for b, o, _ in found}
    tp = len(got & truth)
    precision = tp / len(got) if got else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    listed = {(b, o) for b, o, _ in review}
    offered = len(listed & truth) / len(truth) if truth else 0.0
    hidden = sorted(truth - listed)

    name = os.path.basename(d)
    print(f"{name}: {len(truth)} true pairs, {len(got)} found, {tp} right")
    print(f"  default threshold: P {precision:.4f} R {recall:.4f} F1 {f1:.4f}   {t_found}")
    print(f"  --vanaf -5: {len(review)} pairs listed, {len(truth) - len(hidden)} of {len(truth)} true pairs "
          f"offered ({offered:.4f}), {len(hidden)} not   {t_review}")

    if args.hidden:
        bsn_elsewhere = {b for b, _ in listed}
        own_elsewhere = {o for _, o in listed}
        with open(args.hidden, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["bsn", "onderwijsnummer", "reden"])
            for b, o in hidden:
                reason = ("beide aan een ander paar" if b in bsn_elsewhere and o in own_elsewhere else
                          "bsn aan een ander paar" if b in bsn_elsewhere else
                          "onderwijsnummer aan een ander paar" if o in own_elsewhere else
                          "onder de vloer")
                w.writerow([b, o, reason])

    failed = [f"{label} {value:.4f} < {target}" for label, value, target in
              (("precision", precision, args.min_precision), ("recall", recall, args.min_recall),
               ("F1", f1, args.min_f1), ("offered", offered, args.min_offered))
              if target is not None and value < target]
    if failed:
        print("score: under target: " + "; ".join(failed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
