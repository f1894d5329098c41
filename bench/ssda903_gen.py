#!/usr/bin/env python3
"""Synthetic SSDA903 (children looked after) return generator -- stdlib only.

Writes, into OUTDIR/in/, the CSV files of one collection year:
  header.csv episodes.csv reviews.csv uasc.csv oc2.csv oc3.csv ad1.csv
  placed_for_adoption.csv previous_permanence.csv missing.csv sw_episodes.csv
and OUTDIR/postcodes.csv (pcd,oseast1m,osnrth1m,laua) -- a made-up postcode table that a
validator needs for distances / placement LA (both tools must use the same one).

The data is mostly valid by construction; --error-rate R mutates about R of the
rows with known faults, listed in OUTDIR/injected.csv (file,row,field,old,new,kind).
Deterministic for a given --seed.

With --xml, also OUTDIR/xml/return.xml: the same return in the DfE's XML
form (every field written, blank ones as empty elements, so that the peer's
way of reading XML gives back the CSV rows; the social worker episodes are
not in the XML form). Its nested rows carry the child's Header DOB, where the
CSV rows may carry an injected different one.

usage: gen.py OUTDIR --children N [--year 2026] [--la E09000027] [--seed 1]
              [--error-rate 0.01] [--authorities records.json] [--xml]
"""
import argparse
import csv
import datetime as dt
import json
import os
import random

D = dt.date
ONE = dt.timedelta(days=1)


def fmt(d):
    return "" if d is None else d.strftime("%d/%m/%Y")


def add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + n, day=28)


ETHNIC = ["WBRI"] * 12 + ["WIRI", "WOTH", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS",
                          "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BAFR",
                          "BOTH", "CHNE", "OOTH", "REFU", "NOBT"]
CIN = ["N1"] * 12 + ["N2", "N3", "N4", "N4", "N5", "N5", "N5", "N6", "N7", "N8", "N8"]
FOSTER = ["U4", "U6", "U6", "U6", "U1", "U3", "U3", "U2", "U5"]
PLACE_CHANGE = ["CARPL", "CARPL", "CARPL", "CREQB", "CREQO", "CHILD", "LAREQ", "OTHER",
                "STAND", "CLOSE", "APPRR", "ALLEG", "PLACE"]
SW_REASONS = ["MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN",
              "PCCHAN", "OTHERS"]
OFSTED_PLACES = {"K1", "K2", "K3", "R3", "S1"}


class PostcodeBook:
    """Made-up postcodes: 'home' ones in the LA, 'away' ones in other English LTLAs."""

    def __init__(self, rnd, la, ltla_to_utla):
        self.rows = []
        own = [l for l, u in ltla_to_utla.items() if u == la] or [la]
        others = [l for l, u in ltla_to_utla.items() if u != la and l.startswith("E")]
        self.home, self.away = [], []
        for i in range(3000):
            local = i < 2000
            laua = rnd.choice(own) if local else rnd.choice(others)
            area = "TW" if local else rnd.choice(["AL", "BN", "CB", "GU", "LS", "M", "NE", "OX", "RG", "SE"])
            pcd = f"{area}{1 + i % 19} {i % 9 + 1}{chr(65 + i % 26)}{chr(65 + (i // 26) % 26)}"
            if local:
                e, n = 517000 + rnd.randint(-6000, 6000), 173000 + rnd.randint(-6000, 6000)
            else:
                e, n = rnd.randint(300000, 600000), rnd.randint(100000, 500000)
            self.rows.append((pcd, e, n, laua))
            (self.home if local else self.away).append(pcd)
        # dedupe (pcd must be unique)
        seen, rows = set(), []
        for r in self.rows:
            if r[0] not in seen:
                seen.add(r[0]); rows.append(r)
        self.rows = rows
        self.home = [p for p in dict.fromkeys(self.home)]
        self.away = [p for p in dict.fromkeys(self.away)]

    def write(self, path):
        with open(path, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["pcd", "oseast1m", "osnrth1m", "laua"])
            w.writerows(self.rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--children", type=int, default=1000)
    ap.add_argument("--year", type=int, default=2026, help="collection year end (2026 = 2025/26)")
    ap.add_argument("--la", default="E09000027")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--error-rate", type=float, default=0.0)
    ap.add_argument("--xml", action="store_true", help="also write xml/return.xml")
    ap.add_argument("--authorities", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "ssda903",
                                                          "fixtures", "la_authorities_records.json"))
    a = ap.parse_args()

    rnd = random.Random(a.seed)
    start, end = D(a.year - 1, 4, 1), D(a.year, 3, 31)
    indir = os.path.join(a.outdir, "in")
    os.makedirs(indir, exist_ok=True)
    try:
        recs = json.load(open(a.authorities))
        ltla_to_utla = {r["LTLA21CD"]: r["UTLA21CD"] for r in recs}
    except OSError:
        ltla_to_utla = {a.la: a.la, "E09000026": "E09000026", "E10000030": "E10000030"}
    pcs = PostcodeBook(rnd, a.la, ltla_to_utla)
    pcs.write(os.path.join(a.outdir, "postcodes.csv"))

    T = {k: [] for k in ["header", "episodes", "reviews", "uasc", "oc2", "oc3", "ad1",
                         "placed_for_adoption", "previous_permanence", "missing", "sw_episodes"]}
    cols = {
        "header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
        "episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                     "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
        "reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
        "uasc": ["CHILD", "SEX", "DOB", "DUC"],
        "oc2": ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
                "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                "INTERVENTION_OFFERED"],
        "oc3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
        "ad1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        "placed_for_adoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
        "previous_permanence": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
        "missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
        "sw_episodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    }
    n_sw = max(5, a.children // 15)

    for k in range(a.children):
        child = str(100000 + k * 7 + rnd.randint(0, 6))
        sex = "M" if rnd.random() < 0.55 else "F"
        age_days = rnd.randint(30, 18 * 365 - 40)
        dob = end - dt.timedelta(days=age_days)
        d18 = add_years(dob, 18)
        # start of the current period of care
        earliest = max(dob + ONE, add_years(start, -6))
        poc_start = earliest + dt.timedelta(days=rnd.randint(0, max(0, (end - ONE - earliest).days)))
        if poc_start > end - ONE:
            poc_start = end - ONE
        ls = rnd.choices(["C2", "C1", "V2", "E1", "J1", "L2"], [50, 15, 25, 5, 3, 2])[0]
        if ls == "E1" and age_days > 8 * 365:
            ls = "C2"
        cin = rnd.choice(CIN)
        home = rnd.choice(pcs.home)
        leaves = rnd.random() < 0.18
        leave_date = None
        if leaves:
            lo = max(poc_start + ONE * 10, start)
            if lo < end:
                leave_date = lo + dt.timedelta(days=rnd.randint(0, (end - lo).days))
        if d18 <= end and (leave_date is None or leave_date > d18):
            leave_date = d18 if d18 > poc_start + ONE else None
            leaves = leave_date is not None
        # build chain of episodes
        eps = []
        cur = poc_start
        rne = "S"
        place = None
        while True:
            age_now = (cur - dob).days / 365.25
            if place is None or rne in ("P", "B", "T", "U"):
                if ls == "E1" and rnd.random() < 0.5:
                    newp = rnd.choice(["A5", "A6"])
                elif age_now >= 16 and rnd.random() < 0.35:
                    newp = "K3"
                elif age_now >= 10 and rnd.random() < 0.15:
                    newp = "K2"
                elif rnd.random() < 0.04 and ls in ("C1", "C2"):
                    newp = "P1"
                else:
                    newp = rnd.choice(FOSTER)
                place = newp
                if place == "P1":
                    prov = "PR0"; pl_post = home
                elif place.startswith("U"):
                    prov = rnd.choice(["PR1", "PR1", "PR4"])
                    pl_post = rnd.choice(pcs.home if prov == "PR1" else pcs.away + pcs.home)
                elif place.startswith("A"):
                    prov = "PR1"; pl_post = rnd.choice(pcs.home)
                else:
                    prov = "PR4"; pl_post = rnd.choice(pcs.away)
                urn = f"SC{rnd.randint(100000, 999999)}" if place in OFSTED_PLACES else "XXXXXXX"
            length = rnd.randint(40, 900)
            dec = cur + dt.timedelta(days=length)
            ep = {"DECOM": cur, "RNE": rne, "LS": ls, "CIN": cin, "PLACE": place, "PLACE_PROVIDER": prov,
                  "PL_POST": pl_post, "URN": urn, "DEC": None, "REC": None, "REASON_PLACE_CHANGE": None}
            eps.append(ep)
            stop = leave_date if leaves else None
            if stop is not None and dec >= stop:
                ep["DEC"] = stop
                if stop == d18:
                    ep["REC"] = rnd.choice(["E5", "E6", "E17", "E8"])
                elif ls == "E1" and place.startswith("A") and stop - poc_start > dt.timedelta(days=180):
                    ep["REC"] = rnd.choice(["E11", "E12"])
                else:
                    ep["REC"] = rnd.choice(["E4A", "E4A", "E13", "E41", "E8", "E3"])
                break
            if dec > end:
                break  # open at 31 March
            if dec >= d18:
                ep["DEC"] = d18; ep["REC"] = rnd.choice(["E5", "E6", "E17"])
                break
            ep["DEC"] = dec
            ep["REC"] = "X1"
            rne = rnd.choices(["P", "L", "T", "B", "U"], [60, 15, 10, 10, 5])[0]
            if rne in ("L", "B", "U"):
                ls = rnd.choice([x for x in ["C2", "C1", "V2"] if x != ls])
            if rne in ("P", "B", "T", "U"):
                ep["REASON_PLACE_CHANGE"] = rnd.choice(PLACE_CHANGE)
                if rne == "T" or rne == "U":
                    pass
            cur = dec
        # keep only episodes open at some point in the year
        kept = [e for e in eps if e["DEC"] is None or e["DEC"] >= start]
        if not kept:
            continue
        upn = ("UN1" if age_days < 5 * 365 and rnd.random() < 0.5 else
               rnd.choice("ABCDEFGHJKLMNPQRTUVWXYZ") + "".join(rnd.choice("0123456789") for _ in range(12)))
        mother = ""
        if sex == "F":
            mother = "0"
        T["header"].append([child, sex, fmt(dob), rnd.choice(ETHNIC), upn, mother, ""])
        is_uasc = age_days > 14 * 365 and rnd.random() < 0.25
        for e in kept:
            T["episodes"].append([child, fmt(e["DECOM"]), e["RNE"], e["LS"], e["CIN"], e["PLACE"], e["PLACE_PROVIDER"],
                                  fmt(e["DEC"]), e["REC"] or "", e["REASON_PLACE_CHANGE"] or "",
                                  "" if is_uasc else home, e["PL_POST"], e["URN"]])
        last_dec = kept[-1]["DEC"]
        in_care_end = last_dec is None
        # reviews: 20 days after start, then 3 months, then every 6 months
        r = poc_start + dt.timedelta(days=rnd.randint(14, 20))
        step = 90
        limit = last_dec or end
        while r <= limit:
            if r >= start:
                a_r = (r - dob).days / 365.25
                code = "PN0" if a_r < 4 else rnd.choices(["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"],
                                                         [40, 15, 10, 10, 10, 10, 5])[0]
                T["reviews"].append([child, fmt(dob), fmt(r), code])
            r = r + dt.timedelta(days=step + rnd.randint(-10, 0))
            step = 180
        # UASC
        if is_uasc:
            T["uasc"].append([child, sex, fmt(dob), fmt(d18)])
        # OC2: continuously looked after 12 months at 31 March
        if in_care_end and poc_start <= add_years(end, -1):
            a_e = age_days / 365.25
            sdq = str(rnd.randint(0, 40)) if 4 <= a_e < 17 and rnd.random() < 0.8 else ""
            sdq_reason = "" if sdq or not (4 <= a_e < 17) else rnd.choice(["SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"])
            yn = lambda p: "1" if rnd.random() < p else "0"
            T["oc2"].append([child, fmt(dob), sdq, sdq_reason, yn(0.05) if a_e >= 10 else "",
                             yn(0.9) if a_e < 5 else "", yn(0.9), yn(0.85), yn(0.9), yn(0.05), "", ""])
            for i in (10, 11):  # INTERVENTION_* only if substance misuse
                T["oc2"][-1][i] = yn(0.5) if T["oc2"][-1][9] == "1" else ""
        # adoption
        if kept[-1]["REC"] in ("E11", "E12"):
            dm = last_dec - dt.timedelta(days=rnd.randint(120, 300))
            T["ad1"].append([child, fmt(dob), fmt(max(dm - ONE * 100, poc_start)), fmt(max(dm, poc_start)),
                             rnd.choice(["0", "1"]), rnd.choice(["1", "2", "2"]), "", ""])
            nb = T["ad1"][-1][5]
            T["ad1"][-1][6] = rnd.choice(["M1", "F1"]) if nb == "1" else rnd.choice(["MF", "MF", "MM", "FF"])
            T["ad1"][-1][7] = "L0" if nb == "1" else ("L11" if T["ad1"][-1][6] == "MF" else "L12")
        if any(e["LS"] == "E1" for e in kept):
            dp = max(poc_start + ONE * 60, start - ONE * 200)
            T["placed_for_adoption"].append([child, fmt(dob), fmt(min(dp, end)), "", ""])
        # previous permanence for children who started in the year
        if any(e["RNE"] == "S" and e["DECOM"] >= start for e in kept):
            T["previous_permanence"].append([child, fmt(dob), "Z1", "", ""])
        # missing episodes
        if age_days > 11 * 365 and rnd.random() < 0.1:
            for _ in range(rnd.randint(1, 3)):
                s = max(start, kept[0]["DECOM"]) + dt.timedelta(days=rnd.randint(0, 300))
                if s > (last_dec or end):
                    continue
                T["missing"].append([child, fmt(dob), rnd.choice(["M", "M", "A"]), fmt(s),
                                     fmt(min(s + dt.timedelta(days=rnd.randint(0, 6)), end))])
        # social worker episodes covering the year while looked after
        sw_cur = max(start, poc_start)
        sw_end = last_dec or end
        while True:
            nxt = sw_cur + dt.timedelta(days=rnd.randint(90, 500))
            swid = f"SW{rnd.randint(1, n_sw):05d}"
            if nxt >= sw_end:
                T["sw_episodes"].append([child, fmt(dob), swid, fmt(sw_cur),
                                         "" if in_care_end else fmt(sw_end), rnd.choice(SW_REASONS)])
                break
            T["sw_episodes"].append([child, fmt(dob), swid, fmt(sw_cur), fmt(nxt),
                                     rnd.choice(SW_REASONS)])
            sw_cur = nxt

    # ---- error injection -------------------------------------------------
    injected = []
    if a.error_rate > 0:
        muts = [
            ("header", "SEX", lambda v: "X", "bad SEX code"),
            ("header", "ETHNIC", lambda v: "WXYZ", "bad ETHNIC code"),
            ("header", "UPN", lambda v: "I" + v[1:] if len(v) > 3 else "BAD", "bad UPN"),
            ("episodes", "LS", lambda v: "C9", "bad LS code"),
            ("episodes", "RNE", lambda v: "Q", "bad RNE code"),
            ("episodes", "CIN", lambda v: "N9", "bad CIN code"),
            ("episodes", "PLACE", lambda v: "Z9", "bad PLACE code"),
            ("episodes", "DECOM", lambda v: "31/02/2025", "invalid DECOM date"),
            ("episodes", "PL_POST", lambda v: "", "missing PL_POST"),
            ("reviews", "REVIEW_CODE", lambda v: "PN9", "bad REVIEW_CODE"),
            ("reviews", "REVIEW", lambda v: "", "blank REVIEW date"),
            ("missing", "MISSING", lambda v: "X", "bad MISSING code"),
        ]
        for table, field, fn, kind in muts:
            rows = T[table]
            if not rows:
                continue
            ci = cols[table].index(field)
            n = max(1, int(len(rows) * a.error_rate / len(muts) * 4))
            for ri in rnd.sample(range(len(rows)), min(n, len(rows))):
                old = rows[ri][ci]
                rows[ri][ci] = fn(old)
                injected.append([table + ".csv", ri, field, old, rows[ri][ci], kind])

    for name, rows in T.items():
        with open(os.path.join(indir, name + ".csv"), "w", newline="") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(cols[name])
            w.writerows(rows)
    if injected:
        with open(os.path.join(a.outdir, "injected.csv"), "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "row", "field", "old", "new", "kind"])
            w.writerows(injected)
    if a.xml:
        write_xml(os.path.join(a.outdir, "xml"), T, cols)
    print({k: len(v) for k, v in T.items()}, "injected:", len(injected))


def write_xml(xmldir, T, cols):
    """The return as one XML file: CHILD elements holding HEADER (the child's
    fields, UASC/OC3/AD1 fields, and nested AREVIEW, AMISSING, OC2,
    PERMANENCE, AD_PLACED) and EPISODE elements."""
    from xml.sax.saxutils import escape
    os.makedirs(xmldir, exist_ok=True)
    by_child = {}
    for name, rows in T.items():
        for row in rows:
            by_child.setdefault(row[0], {}).setdefault(name, []).append(dict(zip(cols[name], row)))

    def fields(out, row, names, rename=None):
        for c in names:
            tag = (rename or {}).get(c, c)
            v = row.get(c, "")
            out.append(f"<{tag}>{escape(v)}</{tag}>" if v else f"<{tag} />")

    nested = [("reviews", "AREVIEW"), ("missing", "AMISSING"), ("oc2", "OC2"),
              ("previous_permanence", "PERMANENCE"), ("placed_for_adoption", "AD_PLACED")]
    with open(os.path.join(xmldir, "return.xml"), "w") as fh:
        fh.write("<?xml version='1.0' encoding='utf-8'?>\n<EXPSSDA903>\n")
        for h in T["header"]:
            t = by_child.get(h[0], {})
            head = dict(zip(cols["header"], h))
            out = ["<CHILD><HEADER>"]
            fields(out, head, ["CHILD"], {"CHILD": "CHILDID"})
            fields(out, head, cols["header"][1:])
            if t.get("uasc"):
                out.append("<UASC>1</UASC>")
                fields(out, t["uasc"][0], ["DUC"])
            else:
                out.append("<UASC />")
            for name in ("oc3", "ad1"):
                if t.get(name):
                    fields(out, t[name][0], cols[name][2:])
            for name, tag in nested:
                for row in t.get(name, []):
                    out.append(f"<{tag}>")
                    fields(out, row, cols[name][2:])
                    out.append(f"</{tag}>")
            out.append("</HEADER>")
            for row in t.get("episodes", []):
                out.append("<EPISODE>")
                fields(out, row, cols["episodes"][1:], {"PLACE": "PL"})
                out.append("</EPISODE>")
            out.append("</CHILD>\n")
            fh.write("".join(out))
        fh.write("</EXPSSDA903>\n")


if __name__ == "__main__":
    main()
