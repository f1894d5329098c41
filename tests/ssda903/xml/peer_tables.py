#!/usr/bin/env python3
"""The tables the peer validator makes from an SSDA903 XML file, as CSV files.

A second, independent reading of the XML (Python's ElementTree, as the peer
uses) that follows the peer's rules for turning the XML into tables; see
docs/ssda903-xml.md. test_ssda903_reader loads the XML with Oversight's
reader and these CSV files with its CSV reader and wants the same tables,
row for row. Regenerate after changing a fixture:

usage: peer_tables.py FILE.xml OUTDIR
"""
import csv
import os
import sys
import xml.etree.ElementTree as ET

COLUMNS = {
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
}
NESTED = {"AREVIEW": "reviews", "AMISSING": "missing", "OC2": "oc2", "PERMANENCE": "previous_permanence",
          "AD_PLACED": "placed_for_adoption"}
RENAME = {"CHILDID": "CHILD", "PL": "PLACE"}


def leaves(elem):
    """Tag -> text of every leaf at or below elem; the last of a tag wins."""
    return {RENAME.get(e.tag, e.tag): e.text for e in elem.iter() if len(e) == 0}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows = {name: [] for name in COLUMNS}

    def add(name, values):
        rows[name].append(["" if values.get(c) is None else values[c] for c in COLUMNS[name]])

    for child in ET.parse(sys.argv[1]).getroot():
        base = leaves(child)
        add("header", base)
        for marker, name in (("UASC", "uasc"), ("IN_TOUCH", "oc3"), ("DATE_INT", "ad1")):
            if base.get(marker) is not None:
                add(name, base)
        for part in child:
            if part.tag == "EPISODE":
                add("episodes", {**base, **leaves(part)})
            elif part.tag == "HEADER":
                for sub in part:
                    if sub.tag in NESTED:
                        add(NESTED[sub.tag], {**base, **leaves(sub)})
    os.makedirs(sys.argv[2], exist_ok=True)
    for name, cols in COLUMNS.items():
        with open(os.path.join(sys.argv[2], name + ".csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(cols)
            w.writerows(rows[name])


if __name__ == "__main__":
    main()
