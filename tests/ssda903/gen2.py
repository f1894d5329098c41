#!/usr/bin/env python3
"""A two-year SSDA903 fixture: this year's return and last year's, with the
same children, for the rules that compare the two (issue 21).

This year's return is the synthetic generator's (shared/ssda903/gen.py,
run by this script with the given seed). Last year's is derived from it, so
the children agree: each child in care before 1 April of this year gets a
Header row and its episode open at that date (the one this year carries
on), sometimes an earlier closed episode, its UASC, PlacedAdoption and
Missing rows dated before this year, and a few care leavers are added to
both years' OC3. Then a known disagreement is made for about one child in
eight (listed in OUTDIR/last/injected.csv: child,what), so each rule has
both passing and failing children. Deterministic for a given --seed.

usage: gen2.py OUTDIR --gen PATH/gen.py [--children 250] [--seed 21]
Writes OUTDIR/this/ (in/*.csv and postcodes.csv) and OUTDIR/last/in/*.csv.
"""
import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def write(path, cols, rows, keep_ends=False):
    # keep_ends: rewriting one of gen.py's files keeps its line ends (CRLF
    # in some), so that the fixture changes only where the data does.
    crlf = keep_ends and os.path.exists(path) and open(path, "rb").read(4096).find(b"\r\n") >= 0
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n" if crlf else "\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([r.get(c, "") for c in cols])


def date(z):
    try:
        return dt.datetime.strptime(z, "%d/%m/%Y").date()
    except ValueError:
        return None


def fmt(d):
    return d.strftime("%d/%m/%Y")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--gen", help="shared/ssda903/gen.py")
    ap.add_argument("--from", dest="frm", help="this year's return already made (DIR/in/*.csv, DIR/postcodes.csv): "
                    "only last year's is written, to OUTDIR/last (bench/validate903)")
    ap.add_argument("--children", type=int, default=250)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--authorities", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures",
                                                          "la_authorities_records.json"))
    a = ap.parse_args()
    this, last = os.path.join(a.outdir, "this"), os.path.join(a.outdir, "last")
    if a.frm:
        this = a.frm
    elif a.gen:
        subprocess.run([sys.executable, a.gen, this, "--children", str(a.children), "--year", "2026", "--seed",
                        str(a.seed), "--authorities", a.authorities], check=True, stdout=subprocess.DEVNULL)
    else:
        ap.error("give --gen PATH/gen.py, or --from DIR")
    os.makedirs(os.path.join(last, "in"), exist_ok=True)
    rnd = random.Random(a.seed)
    start = dt.date(2025, 4, 1)
    src = os.path.join(this, "in")
    hcols, header = read(os.path.join(src, "header.csv"))
    ecols, eps = read(os.path.join(src, "episodes.csv"))
    ucols, uasc = read(os.path.join(src, "uasc.csv"))
    pcols, placed = read(os.path.join(src, "placed_for_adoption.csv"))
    mcols, missing = read(os.path.join(src, "missing.csv"))
    ocols, oc3 = read(os.path.join(src, "oc3.csv"))
    _, pcs = read(os.path.join(this, "postcodes.csv"))
    postcodes = [p["pcd"] for p in pcs]

    # Last year's episodes: each child's episode open on 1 April, still
    # open at the end of last year, sometimes after an earlier one.
    first = {}
    for e in eps:
        d = date(e["DECOM"])
        if d and d < start and (e["CHILD"] not in first or d < date(first[e["CHILD"]]["DECOM"])):
            first[e["CHILD"]] = e
    leps = []
    for child, e in first.items():
        d = date(e["DECOM"])
        if rnd.random() < 0.4 and d > dt.date(2023, 6, 1):
            prev = dict(e, DECOM=fmt(d - dt.timedelta(days=rnd.randint(30, 300))), DEC=e["DECOM"], REC="X1",
                        REASON_PLACE_CHANGE="CARPL" if e["RNE"] in ("P", "B", "T", "U") else "")
            prev["RNE"] = "S"
            leps.append(prev)
        leps.append(dict(e, DEC="", REC="", REASON_PLACE_CHANGE=""))
    lheader = [dict(h) for h in header if h["CHILD"] in first]
    luasc = [dict(u) for u in uasc if u["CHILD"] in first]
    lplaced = [dict(p) for p in placed if date(p["DATE_PLACED"]) and date(p["DATE_PLACED"]) < start]
    lmissing = []
    for m in missing:
        d, e = date(m["MIS_START"]), date(m["MIS_END"])
        if d and d < start:
            lmissing.append(dict(m, MIS_END="" if not e or e >= start else m["MIS_END"]))
    # Care leavers: a few children who left care last year, in both years'
    # OC3, one reported as having died last year.
    loc3 = []
    for i in range(6):
        child = f"9{a.seed:02d}{i:03d}"
        dob = fmt(dt.date(2006, 1 + i, 10))
        row = dict(CHILD=child, DOB=dob, IN_TOUCH="YES", ACTIV="F1", ACCOM="B1")
        oc3.append(dict(row))
        loc3.append(dict(row))
        if i < 4:
            lheader.append(dict(CHILD=child, SEX="M", DOB=dob, ETHNIC="WBRI", UPN="UN1", MOTHER="", MC_DOB=""))
            leps.append(dict(CHILD=child, DECOM="01/06/2023", RNE="S", LS="C2", CIN="N1", PLACE="U1",
                             PLACE_PROVIDER="PR1", DEC="" if i == 1 else "10/01/2025", REC="" if i == 1 else "E8",
                             HOME_POST=postcodes[0], PL_POST=postcodes[1], URN="XXXXXXX"))
    loc3[2]["IN_TOUCH"] = "DIED"
    loc3[3]["IN_TOUCH"] = "DIED"
    oc3[-3]["IN_TOUCH"] = "DIED"   # died both years: passes 348

    injected = []
    # The child's details.
    by_child = {h["CHILD"]: h for h in lheader}
    kids = sorted(first)
    rnd.shuffle(kids)
    changes = [
        ("SEX", lambda h: "M" if h["SEX"] == "F" else "F"),
        ("DOB", lambda h: fmt(date(h["DOB"]) - dt.timedelta(days=1)) if date(h["DOB"]) else h["DOB"]),
        ("ETHNIC", lambda h: "WIRI" if h["ETHNIC"] != "WIRI" else "WBRI"),
        ("UPN", lambda h: "UN1" if h["UPN"][:2] != "UN" else "A123456789012"),
        ("UPN", lambda h: "Z999999999999"),
        ("MOTHER", lambda h: "1"),
        ("MC_DOB", lambda h: "01/01/2024"),
    ]
    k = 0
    for col, f in changes:
        for _ in range(3):
            h = by_child[kids[k]]
            k += 1
            injected.append((h["CHILD"], f"Header {col} {h[col]!r} -> {f(h)!r}"))
            h[col] = f(h)
    # A mother this year whose first child was born before the year.
    for h in header:
        if h["CHILD"] in by_child and h["SEX"] == "F" and h["MOTHER"] != "1" and k < len(kids):
            h["MOTHER"], h["MC_DOB"] = "1", "01/02/2025"
            by_child[h["CHILD"]]["MOTHER"] = "0"
            injected.append((h["CHILD"], "this year: MOTHER 1, MC_DOB 01/02/2025; last year MOTHER 0"))
            break
    # Last year's open episode against this year's first.
    open_last = {e["CHILD"]: e for e in leps if e["DEC"] == "" and e["CHILD"] in first}
    ekids = sorted(open_last)
    rnd.shuffle(ekids)
    ep_changes = [("RNE", "L"), ("LS", "V2"), ("CIN", "N8"), ("PLACE", "K2"), ("PLACE_PROVIDER", "PR5"),
                  ("URN", "SC999999"), ("PL_POST", None), ("DECOM", None), ("DEC", "15/03/2025"), ("drop", None)]
    k = 0
    for col, v in ep_changes:
        for _ in range(3):
            if k >= len(ekids):
                break
            e = open_last[ekids[k]]
            k += 1
            if col == "PL_POST":
                v = rnd.choice(postcodes)
            if col == "DECOM":
                v = fmt(date(e["DECOM"]) - dt.timedelta(days=2))
            if col == "drop":
                leps = [x for x in leps if x["CHILD"] != e["CHILD"]]
                lheader = [x for x in lheader if x["CHILD"] != e["CHILD"]]
                injected.append((e["CHILD"], "not in last year's return"))
                continue
            injected.append((e["CHILD"], f"last year's open episode {col} {e[col]!r} -> {v!r}"))
            e[col] = v
    # UASC: one child UASC only last year, one only this year.
    if luasc:
        u = luasc[0]
        uasc[:] = [x for x in uasc if x["CHILD"] != u["CHILD"]]
        injected.append((u["CHILD"], "UASC last year only"))
    if len(luasc) > 1:
        u = luasc[1]
        luasc = [x for x in luasc if x["CHILD"] != u["CHILD"]]
        injected.append((u["CHILD"], "UASC this year only"))
    # PlacedAdoption: a date changed, a decision ceased last year.
    for i, p in enumerate(lplaced[:2]):
        if i == 0:
            p["DATE_PLACED"] = fmt(date(p["DATE_PLACED"]) - dt.timedelta(days=5))
            injected.append((p["CHILD"], "last year's DATE_PLACED 5 days earlier"))
        else:
            p["DATE_PLACED_CEASED"], p["REASON_PLACED_CEASED"] = p["DATE_PLACED"], "E1"
            injected.append((p["CHILD"], "last year's decision ceased"))
    # Missing: a period open at the end of last year is this year's first
    # (the same start), and for one child it is not (a day earlier).
    seen = []
    for m in sorted(missing, key=lambda m: (m["CHILD"], date(m["MIS_START"]) or dt.date(2099, 1, 1))):
        if m["CHILD"] in seen or m["CHILD"] not in first or len(seen) == 3:
            continue
        seen.append(m["CHILD"])
        lm = dict(m, MIS_END="")
        if len(seen) == 1:
            lm["MIS_START"] = fmt(date(m["MIS_START"]) - dt.timedelta(days=1))
            injected.append((m["CHILD"], "last year's open missing period started a day earlier"))
        lmissing.append(lm)

    # UASC rules 205A-205C. 205A: a child in this year's UASC file but not
    # its Header (so not UASC now), UASC last year without ceasing then.
    # 205C: the same child in neither year's Header, with last year's date
    # UASC ceased. 205B: a child UASC both years whose date UASC ceased
    # last year is not the 18th birthday.
    for i, what in enumerate(("205A", "205C")):
        child = f"8{a.seed:02d}{i:03d}"
        dob = dt.date(2009, 3 + i, 12)
        duc = fmt(dob.replace(year=dob.year + 18))
        uasc.append(dict(CHILD=child, SEX="M", DOB=fmt(dob), DUC=""))
        luasc.append(dict(CHILD=child, SEX="M", DOB=fmt(dob), DUC=duc))
        if what == "205A":
            lheader.append(dict(CHILD=child, SEX="M", DOB=fmt(dob), ETHNIC="WBRI", UPN="UN1", MOTHER="", MC_DOB=""))
        injected.append((child, f"UASC file this year, not its Header: {what}"))
    both = [u for u in luasc if u["CHILD"] in {x["CHILD"] for x in uasc} and date(u["DUC"]) and u["CHILD"] in by_child]
    if both:
        u = both[0]
        u["DUC"] = fmt(date(u["DUC"]) - dt.timedelta(days=1))
        injected.append((u["CHILD"], "last year's DUC a day before the 18th birthday (205B)"))
    # PlacedAdoption 559, 561, 584, each child's row put first in this
    # year's file (the peer's 584 reports rows of its merged table as rows
    # of the file, so they must be the same rows there).
    pa_kids = []
    for i, what in enumerate(("561", "584", "559")):
        child = f"7{a.seed:02d}{i:03d}"
        dob = fmt(dt.date(2023, 2 + i, 5))
        when = fmt(dt.date(2025, 2, 1 + i))
        now = dict(CHILD=child, DOB=dob, DATE_PLACED="" if what == "584" else when, DATE_PLACED_CEASED="",
                   REASON_PLACED_CEASED="")
        pa_kids.append(now)
        if what != "559":
            lplaced.append(dict(CHILD=child, DOB=dob, DATE_PLACED=when, DATE_PLACED_CEASED="01/03/2025",
                                REASON_PLACED_CEASED="E1"))
        injected.append((child, f"PlacedAdoption: {what}"))
    placed[:0] = pa_kids
    # 1001: care leavers in this year's Header, with episodes over both
    # years: (DOB, [(year, DECOM, DEC, LS, REC)]); the first and fourth
    # pass, the others fail.
    cases = [
        ("01/06/2008", [("last", "01/06/2023", "10/01/2025", "C2", "E8")], "enough care, all last year"),
        ("01/06/2008", [("last", "01/01/2025", "20/01/2025", "C2", "E8")], "19 days of care since 14"),
        ("01/06/2009", [("last", "01/01/2024", "", "C2", ""), ("this", "01/01/2024", "01/06/2025", "C2", "E8")],
         "care ends on the 16th birthday"),
        ("01/06/2009", [("last", "01/01/2024", "", "C2", ""), ("this", "01/01/2024", "02/06/2025", "C2", "E8")],
         "care a day past the 16th birthday"),
        ("01/06/2008", [("this", "01/01/2024", "01/06/2025", "C2", "E11")], "adopted"),
        ("01/01/2005", [("last", "01/01/2021", "01/06/2024", "C2", "E8")], "20 by 31 March"),
        ("01/06/2008", [("this", "01/01/2024", "01/06/2025", "V3", "E8")], "short breaks only"),
    ]
    for i, (dob, episodes, what) in enumerate(cases):
        child = f"6{a.seed:02d}{i:03d}"
        h = dict(CHILD=child, SEX="F", DOB=dob, ETHNIC="WBRI", UPN="UN1", MOTHER="0", MC_DOB="")
        header.append(dict(h))
        oc3.append(dict(CHILD=child, DOB=dob, IN_TOUCH="YES", ACTIV="F1", ACCOM="B1"))
        for year, decom, dec, ls, rec in episodes:
            e = dict(CHILD=child, DECOM=decom, RNE="S", LS=ls, CIN="N1", PLACE="U1", PLACE_PROVIDER="PR1", DEC=dec,
                     REC=rec, HOME_POST=postcodes[0], PL_POST=postcodes[1], URN="XXXXXXX")
            if year == "last":
                leps.append(e)
                if not any(x["CHILD"] == child for x in lheader):
                    lheader.append(dict(h))
            else:
                eps.append(e)
        injected.append((child, f"1001 care leaver: {what}"))

    write(os.path.join(src, "header.csv"), hcols, header)
    write(os.path.join(src, "episodes.csv"), ecols, eps, keep_ends=True)
    write(os.path.join(src, "placed_for_adoption.csv"), pcols, placed, keep_ends=True)
    write(os.path.join(src, "uasc.csv"), ucols, uasc)
    write(os.path.join(src, "oc3.csv"), ocols, oc3)
    L = os.path.join(last, "in")
    write(os.path.join(L, "header.csv"), hcols, lheader)
    write(os.path.join(L, "episodes.csv"), ecols, leps)
    write(os.path.join(L, "uasc.csv"), ucols, luasc)
    write(os.path.join(L, "placed_for_adoption.csv"), pcols, lplaced)
    write(os.path.join(L, "missing.csv"), mcols, lmissing)
    write(os.path.join(L, "oc3.csv"), ocols, loc3)
    write(os.path.join(last, "injected.csv"), ["child", "what"], [dict(child=c, what=w) for c, w in injected])
    print(f"this year: {len(header)} children; last year: {len(lheader)} children, {len(injected)} disagreements")


if __name__ == "__main__":
    main()
