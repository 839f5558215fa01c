"""What benches/splink_compare.py and benches/splink_febrl.py share: the two registers as DuckDB
tables, Splink's training and prediction, the one-to-one assignment and the score.

Not a script: both import it (Python puts the script's folder, benches/, on the path).
"""
from splink import DuckDBAPI, Linker, SettingsCreator


def load_tables(con, cols, sides):
    """One VARCHAR table per side, `unique_id` first then `cols`: sides is ((name, rows), …)."""
    decl = ", ".join(["unique_id VARCHAR", *(f"{c} VARCHAR" for c in cols)])
    marks = ",".join("?" * (len(cols) + 1))
    for name, rows in sides:
        con.execute(f"CREATE TABLE {name} ({decl})")
        con.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)


def predict(con, comparisons, blocking, prior_rule, training, threshold):
    """Link table brp to table school: the prior from `prior_rule` (recall 0.7), u by random
    sampling, EM on each rule of `training`; the pairs at match probability ≥ threshold as
    (id_l, id_r, probability), most probable first."""
    db_api = DuckDBAPI(connection=con)
    settings = SettingsCreator(link_type="link_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking)
    linker = Linker([db_api.register("brp"), db_api.register("school")], settings)
    linker.training.estimate_probability_two_random_records_match([prior_rule], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in training:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pred = linker.inference.predict(threshold_match_probability=threshold).as_duckdbpyrelation()
    return pred.project("unique_id_l, unique_id_r, match_probability").order("match_probability DESC").fetchall()


def one_to_one(rows, is_brp):
    """One-to-one, greedy by probability, as ours: the pairs (brp id, school id)."""
    used_l, used_r, found = set(), set(), set()
    for l, r, _ in rows:
        if not is_brp(l):
            l, r = r, l
        if l in used_l or r in used_r:
            continue
        used_l.add(l)
        used_r.add(r)
        found.add((l, r))
    return found


def score(found, truth):
    """(right, precision, recall, F1) of the pairs found against the true pairs."""
    tp = len(found & truth)
    precision = tp / max(len(found), 1)
    recall = tp / max(len(truth), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return tp, precision, recall, f1
