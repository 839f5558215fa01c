"""A second register generator, independent of `core::synth`: the finder is tuned on core::synth and
reported on these files, so its numbers are not tuned to the test.

python benches/genereer_tweede.py ROWS SEED OUT_DIR

Writes OUT_DIR/brp.xlsx (BRP-like: BSN, full names, birth date, sex, address), OUT_DIR/school.csv
(school-like: onderwijsnummer, roepnaam, `;`, dd-mm-jjjj, often without address) and
OUT_DIR/truth.csv (bsn,onderwijsnummer,brp_index,school_index) — the layout of
`cargo run --example genereer`, so benches/officer.py and benches/splink_compare.py read both.
Names from Faker (nl_NL, tr_TR, pl_PL, uk_UA in Cyrillic, transliterated here by three systems)
and a list of Moroccan/Arabic names with their spellings; its own perturbations: other
transliterations, particles, letters lost to `?` by a Windows-1252 export, typos, roepnaam only,
day/month swaps, a day/month/year off, missing or moved addresses; households with siblings and
twins (the hard non-pairs). Needs: pip install faker openpyxl.
"""
import csv
import datetime
import random
import sys

import openpyxl
from faker import Faker

rows, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
fakers = {loc: Faker(loc) for loc in ("nl_NL", "tr_TR", "pl_PL", "uk_UA")}
for i, f in enumerate(fakers.values()):
    f.seed_instance(seed * 10 + i)
nl = fakers["nl_NL"]

# ---- numbers ------------------------------------------------------------------------------------
W = [9, 8, 7, 6, 5, 4, 3, 2, -1]


def check(digits):
    return sum(int(d) * w for d, w in zip(digits, W)) % 11


BSNS = [f"{n:09d}" for n in range(999900000, 1000000000) if check(f"{n:09d}") == 0]
OWNS = []
n = 100000000
while len(OWNS) < rows:
    s = f"{n:09d}"
    if check(s) == 5:
        OWNS.append(s)
    n += 1
rng.shuffle(OWNS)

# ---- transliteration (own tables) ---------------------------------------------------------------
UA = {  # letter: (national 2010, Dutch, English/Russian-style)
    "а": ("a", "a", "a"), "б": ("b", "b", "b"), "в": ("v", "v", "v"), "г": ("h", "h", "g"),
    "ґ": ("g", "g", "g"), "д": ("d", "d", "d"), "е": ("e", "e", "e"), "є": ("ie", "je", "ye"),
    "ж": ("zh", "zj", "zh"), "з": ("z", "z", "z"), "и": ("y", "y", "i"), "і": ("i", "i", "i"),
    "ї": ("i", "ji", "yi"), "й": ("i", "j", "y"), "к": ("k", "k", "k"), "л": ("l", "l", "l"),
    "м": ("m", "m", "m"), "н": ("n", "n", "n"), "о": ("o", "o", "o"), "п": ("p", "p", "p"),
    "р": ("r", "r", "r"), "с": ("s", "s", "s"), "т": ("t", "t", "t"), "у": ("u", "oe", "u"),
    "ф": ("f", "f", "f"), "х": ("kh", "ch", "kh"), "ц": ("ts", "ts", "ts"), "ч": ("ch", "tsj", "ch"),
    "ш": ("sh", "sj", "sh"), "щ": ("shch", "sjtsj", "shch"), "ь": ("", "", ""), "ю": ("iu", "joe", "yu"),
    "я": ("ia", "ja", "ya"), "'": ("", "", ""), "’": ("", "", ""), "ё": ("e", "jo", "yo"),
    "ы": ("y", "y", "y"), "э": ("e", "e", "e"), "ъ": ("", "", ""),
}


def translit(text, system):
    out = []
    for ch in text:
        low = ch.lower()
        t = UA.get(low)
        if t is None:
            out.append(ch)
            continue
        piece = t[system]
        out.append(piece.capitalize() if ch != low else piece)
    return "".join(out).replace("-", "-")


ARABIC_FIRST_M = [["Mohamed", "Mohammed", "Muhammad", "Mohammad"], ["Ahmed", "Ahmad"], ["Omar", "Umar"],
                  ["Youssef", "Yusuf", "Youssouf", "Joesoef"], ["Mustafa", "Moustafa", "Mostafa"],
                  ["Hassan", "Hasan"], ["Hussein", "Houssein", "Husain"], ["Ibrahim", "Ebrahim"],
                  ["Abdullah", "Abdallah", "Abdellah"], ["Khalid", "Khaled", "Chalid"], ["Bilal"], ["Anas"],
                  ["Rayan", "Rayane"], ["Adam"], ["Ilias", "Ilyas"], ["Zakaria", "Zakariya"], ["Ayoub", "Ayoeb"]]
ARABIC_FIRST_F = [["Khadija", "Kadija", "Khadidja", "Khadidja"], ["Fatima", "Fatma", "Fatimah"],
                  ["Aisha", "Aicha", "Aïcha"], ["Meryem", "Maryam", "Mariam"], ["Nour", "Noor", "Nur"],
                  ["Salma"], ["Yasmina", "Jasmina"], ["Imane", "Iman"], ["Hiba"], ["Soumaya", "Sumaya"],
                  ["Amina", "Aminah"], ["Zineb", "Zaynab", "Zeinab"]]
ARABIC_LAST = [["El Amrani", "Amrani", "Elamrani", "el-Amrani"], ["Al Hassan", "al-Hassan", "Alhassan"],
               ["Ait Said", "Aït-Saïd", "Ait-Said"], ["Benali", "Ben Ali"], ["El Idrissi", "Idrissi", "Elidrissi"],
               ["Bouzid"], ["Ouali"], ["Ziani"], ["Tahiri"], ["Boukhari", "Bouchari"], ["El Khatib", "Khatib"],
               ["Abou Zaid", "Abouzaid", "Abu Zaid"], ["Haddou", "Hadou"], ["Amezian"], ["Ait Brahim", "Aït Brahim"],
               ["Chaoui", "Shaoui"], ["El Mansouri", "Mansouri", "El Mansoeri"], ["Lahlou"], ["Bakkali", "Bakali"]]

CP1252_LOST = set("ıİşŞğĞłŁśŚćĆżŻźŹńŃąĄęĘőŐűŰřŘčČěĚ")


def lost_letters(text):
    return "".join("?" if c in CP1252_LOST else c for c in text)


VOORVOEGSELS = ["van", "de", "van de", "van der", "van den", "den", "ter", "te", "het", "'t"]


def person(origin, sex):
    """(voornamen list, voorvoegsel, achternaam, variants: dict name -> alternatives)"""
    male = sex == "M"
    if origin == "nl":
        given = [nl.first_name_male() if male else nl.first_name_female() for _ in range(rng.choice([1, 1, 2, 3]))]
        vv = rng.choice(VOORVOEGSELS) if rng.random() < 0.25 else ""
        last = nl.last_name()
        for v in VOORVOEGSELS:  # Faker writes some voorvoegsels in the name
            if last.lower().startswith(v + " "):
                vv, last = v, last[len(v) + 1:]
        return given, vv, last, {}
    if origin in ("tr", "pl"):
        f = fakers["tr_TR" if origin == "tr" else "pl_PL"]
        given = [f.first_name_male() if male else f.first_name_female() for _ in range(rng.choice([1, 1, 2]))]
        return given, "", f.last_name(), {}
    if origin == "ua":
        f = fakers["uk_UA"]
        g = f.first_name_male() if male else f.first_name_female()
        last = f.last_name()
        system = rng.choice([0, 0, 1, 2])
        return [translit(g, system)], "", translit(last, system), {"ua": (g, last)}
    fam_first = rng.choice(ARABIC_FIRST_M if male else ARABIC_FIRST_F)
    fam_last = rng.choice(ARABIC_LAST)
    return [rng.choice(fam_first)], "", rng.choice(fam_last), {"ar": (fam_first, fam_last)}


def typo(word):
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.35:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind < 0.65:
        return word[:i] + word[i + 1:]
    if kind < 0.85:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiouklmnrst") + word[i + 1:]


def shift_date(d):
    r = rng.random()
    try:
        if r < 0.3 and d.day <= 12 and d.day != d.month:
            return d.replace(day=d.month, month=d.day)
        if r < 0.5:
            return d + datetime.timedelta(days=rng.choice([-1, 1]))
        if r < 0.65:
            return d.replace(month=max(1, min(12, d.month + rng.choice([-1, 1]))))
        if r < 0.85:
            return d.replace(year=d.year + rng.choice([-1, 1]))
        s = d.strftime("%d%m%Y")
        i = rng.choice([0, 1, 2, 3, 6, 7])
        s = s[:i] + str(rng.randrange(10)) + s[i + 1:]
        return datetime.datetime.strptime(s, "%d%m%Y").date()
    except ValueError:
        return d


def address():
    pc = f"{rng.randrange(1000, 9999)}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
    hn = str(rng.randrange(1, 250)) + (rng.choice(["", "", "", " A", "-2", "B"]))
    return nl.street_name(), hn, pc, nl.city()


def origin():
    r = rng.random()
    return "nl" if r < 0.66 else "tr" if r < 0.74 else "pl" if r < 0.80 else "ua" if r < 0.88 else "ar"


# ---- households: the BRP --------------------------------------------------------------------------
brp = []  # dicts
n_brp = rows // 2
while len(brp) < n_brp:
    o = origin()
    _, vv, last, var = person(o, "M")
    street, hn, pc, city = address()
    kids = rng.choice([1, 1, 2, 2, 3])
    twins = rng.random() < 0.04
    base = datetime.date(2004, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 16))
    for k in range(kids):
        sex = rng.choice("MV")
        given, _, _, gvar = person(o, sex)
        dob = base if twins and k == 1 else base + datetime.timedelta(days=rng.randrange(300, 2500) * k)
        # the child's own first-name family (or Cyrillic first name) with the household's surname
        kid_var = {k: (gvar[k][0], var[k][1]) for k in var if k in gvar}
        brp.append(dict(voornamen=given, vv=vv, last=last, dob=dob, sex=sex, street=street, hn=hn, pc=pc,
                        city=city, origin=o, var=kid_var))
brp = brp[:n_brp]
for i, r in enumerate(brp):
    r["bsn"] = BSNS[i % len(BSNS)]


def school_copy(r):
    """The same pupil as a school registers it."""
    given = list(r["voornamen"])
    first = given[0]
    last, vv = r["last"], r["vv"]
    # another spelling
    if "ar" in r["var"] and rng.random() < 0.5:
        fam_first, fam_last = r["var"]["ar"]
        if rng.random() < 0.6:
            first = rng.choice(fam_first)
        if rng.random() < 0.6:
            last = rng.choice(fam_last)
    if "ua" in r["var"] and rng.random() < 0.6:
        g, l = r["var"]["ua"]
        system = rng.choice([0, 1, 2])
        first, last = translit(g, system), translit(l, system)
    if rng.random() < 0.08:
        first = typo(first)
    if rng.random() < 0.08:
        last = typo(last)
    if rng.random() < 0.05:
        first = first[0] + "."
    # voorvoegsel in the surname field or glued
    if vv and rng.random() < 0.3:
        last, vv = (vv.capitalize() + " " + last) if rng.random() < 0.5 else (last + ", " + vv), ""
    # a Windows-1252 export loses letters
    if r["origin"] in ("tr", "pl") and rng.random() < 0.3:
        first, last = lost_letters(first), lost_letters(last)
    dob = r["dob"]
    if rng.random() < 0.12:
        dob = shift_date(dob)
    if rng.random() < 0.02:
        dob = None
    sex = r["sex"] if rng.random() > 0.02 else ("" if rng.random() < 0.5 else ("V" if r["sex"] == "M" else "M"))
    street, hn, pc, city = r["street"], r["hn"], r["pc"], r["city"]
    a = rng.random()
    if a < 0.2:
        street = hn = pc = city = ""
    elif a < 0.35:
        street, hn, pc, city = address()
    return dict(first=first, vv=vv, last=last, dob=dob, sex=sex, pc=pc, hn=hn, city=city)


school = []
truth = []
n_school = rows - n_brp
n_doubles = int(n_school * 0.6)
chosen = rng.sample(range(len(brp)), min(n_doubles, len(brp)))
for i in chosen:
    truth.append((i, len(school)))
    school.append(school_copy(brp[i]))
while len(school) < n_school:
    # not in the BRP: often a brother or sister (or twin) of a BRP child, or a namesake
    r = rng.random()
    if r < 0.5:
        sib = brp[rng.randrange(len(brp))]
        sex = rng.choice("MV")
        given, _, _, _ = person(sib["origin"], sex)
        dob = sib["dob"] if rng.random() < 0.2 else sib["dob"] + datetime.timedelta(days=rng.choice([-1, 1]) * rng.randrange(300, 2000))
        copy = school_copy(dict(sib, voornamen=given, dob=dob, sex=sex, var={}))
        school.append(copy)
    else:
        o = origin()
        sex = rng.choice("MV")
        given, vv, last, _ = person(o, sex)
        street, hn, pc, city = address()
        dob = datetime.date(2004, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 16))
        school.append(dict(first=given[0], vv=vv, last=last, dob=dob, sex=sex, pc=pc, hn=hn, city=city))
order = list(range(len(school)))
rng.shuffle(order)
position = {old: new for new, old in enumerate(order)}
school = [school[i] for i in order]
truth = [(b, position[s]) for b, s in truth]
for i, s in enumerate(school):
    s["own"] = OWNS[i]

# ---- files ------------------------------------------------------------------------------------------
import os

os.makedirs(out, exist_ok=True)
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("BRP")
ws.append(["BSN", "Achternaam", "Voorvoegsel", "Voornamen", "Geboortedatum", "Geslacht", "Straat", "Huisnummer",
           "Postcode", "Woonplaats"])
for r in brp:
    cell = openpyxl.cell.WriteOnlyCell(ws, value=datetime.datetime.combine(r["dob"], datetime.time()))
    cell.number_format = "dd-mm-yyyy"
    ws.append([r["bsn"], r["last"], r["vv"], " ".join(r["voornamen"]), cell, r["sex"], r["street"], r["hn"],
               r["pc"], r["city"]])
wb.save(f"{out}/brp.xlsx")
with open(f"{out}/school.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["Onderwijsnummer", "Achternaam", "Tussenvoegsel", "Roepnaam", "Geb.datum", "Geslacht", "Postcode",
                "Huisnummer", "Plaats"])
    for s in school:
        w.writerow([s["own"], s["last"], s["vv"], s["first"], s["dob"].strftime("%d-%m-%Y") if s["dob"] else "",
                    s["sex"], s["pc"], s["hn"], s["city"]])
with open(f"{out}/truth.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["bsn", "onderwijsnummer", "brp_index", "school_index"])
    for b, s in truth:
        w.writerow([brp[b]["bsn"], school[s]["own"], b, s])
print(f"{len(brp)} BRP rows, {len(school)} school rows, {len(truth)} true pairs → {out}")
