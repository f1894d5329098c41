#!/usr/bin/env bash
# tests/cli-returns.sh BINARY: the command line's annual report and SSDA903
# returns in and out, each on a database of its own. Split from
# tests/cli.sh (same helpers, same way of checking) so the two run at once:
# these load a 1,000-child return three times and build a demo.
set -u
BIN=$1
# The usual umask, under which files are readable by all unless the
# program makes them private (the export's modes are checked below).
umask 022
. "$(dirname "$0")/check.sh"

# --- report annual: the IRO annual report (SPEC §9) ----------------------------
A=$T/annual.db
"$BIN" --db "$A" demo --children 60 --seed 5 --as-of 2026-11-23 >/dev/null 2>&1 || bad "demo for annual"
"$BIN" --db "$A" report annual --from 2025-04-01 --to 2026-03-31 --format json > "$T/a.json" 2>"$T/err" && ok || bad "annual json: $(cat "$T/err")"
python3 - "$T/a.json" <<'PY' && ok || bad "annual json keys and sums"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["from"] == "2025-04-01" and r["to"] == "2026-03-31"
n = r["children_in_care_at_period_end"]
# Every breakdown of the children in care at the end adds up to them.
for k in ("age_band", "sex", "ethnicity", "asylum_seeking", "legal_status", "placement_type",
          "area", "distance", "registration", "permanence_plans"):
    assert sum(x["number"] for x in r[k]) == n, k
assert sum(sum(v for c, v in row.items() if c != "age") for row in r["age_by_duration"]) == n
assert r["children_in_care_by_month"][-1]["children"] == n
assert sum(x["held"] for x in r["reviews_by_month"]) == r["reviews_held"] == r["reviews_on_time"]["of"]
assert sum(x["number"] for x in r["participation"]) == r["reviews_held"]
assert sum(x["entered"] for x in r["entering_and_leaving_by_month"]) == r["periods_of_care_started"]
assert len(r["children_in_care_by_month"]) == 12
# The figures added for issue 20 add up the same way.
for k in ("children_in_care_by_locality", "send", "iro_visits"):
    assert sum(x["number"] for x in r[k]) == n, k
for k in ("age_band", "legal_status", "placement_type", "registration"):
    assert sum(x["previous_period"]["number"] for x in r[k]) == r["previous_period"]["children_in_care_at_period_end"], k
assert r["previous_period"]["from"] == "2024-04-01" and r["previous_period"]["to"] == "2025-03-31"
assert r["reviews_on_time"]["previous_period"]["of"] == r["previous_period"]["reviews_held"]
assert [x["children"] for x in r["white_non_british_by_month"]] == [x["children"] for x in r["children_in_care_by_month"]]
assert r["uasc_by_month"][-1]["uasc"] == r["asylum_seeking"][0]["number"]
assert sum(x["held"] for x in r["minutes_on_time_by_month"]) == r["reviews_held"]
assert sum(x["on_time"] for x in r["minutes_on_time_by_month"]) == r["minutes_on_time"]["number"]
assert sum(x["participated"] for x in r["participation_by_month"]) == r["reviews_aged_4_and_over_participated"]["number"]
assert sum(x["in_person"] + x["virtual"] + x["mode_not_recorded"] for x in r["review_modes_by_month"]) == r["reviews_held"]
assert sum(x["raised"] for x in r["escalations_by_month"]) == r["escalations_raised"]
assert r["caseload_summary"]["children_allocated"] == sum(x["children"] for x in r["caseload"] if x["iro"] != "No IRO allocated or recorded")
assert len(r["allocation_within_5_working_days"]) == 3 and len(r["iro_changes"]) == 4
PY
"$BIN" --db "$A" report annual --from 2025-04-01 --to 2026-03-31 --format csv | head -2 > "$T/a.csv"
[ "$(cat "$T/a.csv")" = $'Summary\r\nmeasure,number,previous_period\r' ] && ok || bad "annual csv starts with the summary: $(cat -A "$T/a.csv")"
"$BIN" --db "$A" report annual --format html --as-of 2026-11-23 | grep -q '<h1>Independent reviewing officers' && ok || bad "annual html, default period"
expect "annual xlsx" 0 "" -- "$BIN" --db "$A" report annual --format xlsx --out "$T/a.xlsx" --as-of 2026-11-23
[ "$(unzip -p "$T/a.xlsx" xl/workbook.xml | grep -o '<sheet name=' | wc -l)" = 35 ] && ok || bad "annual workbook has 35 sheets"
# Comparators (issue 20): all or nothing from the command line too, and the
# population a rate per 10,000 needs set on its own.
printf 'measure,year,area,value\nchildren_in_care_rate_per_10000,2026,England,67\nchildren_in_care_rate_per_10000,2026,Wales,60\n' > "$T/cmp.csv"
expect "comparators bad row" 1 "" -- "$BIN" --db "$A" comparators load "$T/cmp.csv"
err_has "comparators bad row listed" "cmp.csv line 3: area 'Wales' is not England, region, statistical neighbours or council"
printf 'measure,year,area,value\nchildren_in_care_rate_per_10000,2026,England,67\n' > "$T/cmp.csv"
expect "comparators load" 0 "Loaded cmp.csv: 1 figure added or changed, 0 unchanged." -- "$BIN" --db "$A" comparators load "$T/cmp.csv"
expect "population set" 0 "The population under 18 for the year ending 31 March 2026 is 20000." -- "$BIN" --db "$A" population set 2026 20000
expect "population not a number" 2 "" -- "$BIN" --db "$A" population set 2026 lots
"$BIN" --db "$A" report annual --from 2025-04-01 --to 2026-03-31 --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
c = r["comparators"]["children_in_care_rate_per_10000"]
assert c["england"] == {"value": 67.0, "year": 2026, "status": "loaded"}, c
assert c["region"]["status"] == "not loaded", c
n = r["children_in_care_at_period_end"]
assert abs(c["council"]["value"] - round(n * 10000 / 20000, 2)) < 0.006, (n, c)
assert r["rate_per_10000_by_month"][-1]["children"] == r["children_in_care_by_month"][-1]["children"]
' && ok || bad "annual json comparators"
expect "annual xlsx needs --out" 2 "" -- "$BIN" --db "$A" report annual --format xlsx
err_has "xlsx needs out" "--format xlsx needs --out FILE"
expect "annual from after to" 2 "" -- "$BIN" --db "$A" report annual --from 2026-03-31 --to 2025-04-01
err_has "from after to named" "--from must be on or before --to"
expect "annual from without to" 2 "" -- "$BIN" --db "$A" report annual --from 2025-04-01
err_has "both needed" "give both --from and --to"
expect "annual bad date" 2 "" -- "$BIN" --db "$A" report annual --from 2025-02-30 --to 2026-03-31
err_has "bad date named" "--from"
expect "weekly takes no --from" 2 "" -- "$BIN" --db "$A" report weekly --from 2025-04-01
err_has "weekly from refused" "weekly does not take --from or --to"
expect "json only for annual" 2 "" -- "$BIN" --db "$A" report weekly --format json
err_has "weekly json refused" "--format must be one of csv, html, xlsx"

# --- import 903 / export 903: an SSDA903 return in and out (issue 6) ------------
N=$(dirname "$0")/ssda903/fixtures/n1000
D=$T/903.db
expect "import 903 with format errors" 1 "" -- "$BIN" --db "$D" import 903 "$N/in"
err_has "bad code named by file and line" "episodes.csv line 213: PLACE 'Z9' is not a placement code"
err_has "bad date named" "episodes.csv line 184: DECOM '31/02/2025' is not a date (DD/MM/YYYY)"
err_has "blank review named" "reviews.csv line 42: REVIEW is blank: every row needs one"
err_has "nothing loaded" "Nothing was loaded: 43 problems to correct."
[ "$(sqlite3 "$D" "SELECT (SELECT count(*) FROM child) + (SELECT count(*) FROM episode) + (SELECT count(*) FROM review)")" = 0 ] && ok || bad "a failed 903 import loads nothing"
python3 "$(dirname "$0")/ssda903/restore-injected" "$N/in" "$N/injected.csv" "$T/n1000" || bad "restore the injected errors"
"$BIN" --db "$D" import 903 "$T/n1000" --progress > "$T/out" 2> "$T/err" && grep -qxF "Loaded the 2025/26 return from $T/n1000: 1000 children (1000 new), 1536 episodes (1536 new), 1863 reviews (1863 new), 63 UASC records, 2499 other rows." "$T/out" && ok || bad "import 903 clean: $(tail -2 "$T/out") $(head -c 300 "$T/err")"
grep -qF "Changes: 1000 new children, 0 children changed, 1536 new episodes," "$T/out" && ok || bad "import 903 says what it changes: $(head -3 "$T/out")"
err_has "year said" "Collection year 2025/26"
err_has "progress shown" "6961 of 6961 rows compared"
# The same return again: nothing to change, nothing written, not even an audit entry.
"$BIN" --db "$D" import 903 "$T/n1000" --year 2026 > "$T/out" 2> "$T/err" && grep -qxF "Nothing to load: no changes." "$T/out" && grep -qF "No changes: Oversight already holds everything this return says." "$T/out" && ok || bad "import 903 again: $(cat "$T/out" "$T/err" | head -5)"
[ "$(sqlite3 "$D" "SELECT (SELECT count(*) FROM child) || ' ' || (SELECT count(*) FROM episode) || ' ' || (SELECT count(*) FROM review) || ' ' || (SELECT count(*) FROM ssda903_row)")" = "1000 1536 1863 2499" ] && ok || bad "re-import adds no duplicates"
[ "$(sqlite3 "$D" "SELECT given_name || ' ' || family_name FROM child WHERE child_ref = '100006'")" = "Child 100006" ] && ok || bad "placeholder name"
# The next year's return checked against the 2025/26 one Oversight now holds:
# child 100006's date of birth changed between the years (rule 203).
cp -r "$T/n1000" "$T/n1000-next" && sed -i 's#^100006,M,05/02/2011,#100006,M,06/02/2011,#' "$T/n1000-next/header.csv"
expect "validate against the held year" 1 $'rule,table,row,child\n203,Header,0,100006' -- "$BIN" --db "$D" validate 903 "$T/n1000-next" --year 2027 --last-year-held --rules "202 203"
err_has "held year: both rules checked" "2 rules checked, 1 with failures"
expect "validate: no held year" 1 "" -- "$BIN" --db "$D" validate 903 "$T/n1000-next" --year 2028 --last-year-held --rules 202
err_has "no held year said" "Oversight holds no 2026/27 return to compare with"
expect "validate: last year twice" 2 "" -- "$BIN" --db "$D" validate 903 "$T/n1000-next" --year 2027 --last-year-held --last-year "$T/n1000"
expect "export 903" 0 "Wrote the 2025/26 return (1000 children) to $T/out903: 10 files." -- "$BIN" --db "$D" export 903 --year 2026 "$T/out903"
python3 - "$T/n1000" "$T/out903" <<'PY' && ok || bad "export 903 gives back each file's rows"
import csv, os, sys
src, out = sys.argv[1:3]
for f in sorted(os.listdir(src)):
    a = list(csv.reader(open(os.path.join(src, f), newline='')))
    want = sorted(tuple(c.strip().upper() for c in r) for r in a[1:])
    got = []
    if os.path.exists(os.path.join(out, f)):
        b = list(csv.reader(open(os.path.join(out, f), newline='')))
        got = sorted(tuple(r[b[0].index(h)] for h in a[0]) for r in b[1:])
    assert want == got, (f, len(want), len(got), set(want) ^ set(got))
PY
[ "$(head -1 "$T/out903/episodes.csv")" = $'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r' ] && ok || bad "DfE column order, CRLF"
# What export writes, import reads: into a new database and out again, the same bytes.
expect "import 903 an export" 0 "" -- "$BIN" --db "$T/903b.db" import 903 "$T/out903" --year 2026
expect "export 903 again" 0 "" -- "$BIN" --db "$T/903b.db" export 903 --year 2026 "$T/out903b"
diff -r "$T/out903" "$T/out903b" >/dev/null && ok || bad "export, import, export gives the same files"
# The return goes to the DfE, not to a spreadsheet: a value beginning with -
# is written as it is, with no quote (docs/ssda903-import.md).
sqlite3 "$T/903b.db" "UPDATE ssda903_child SET upn = '-A1' WHERE child_id = (SELECT min(child_id) FROM ssda903_child)"
"$BIN" --db "$T/903b.db" export 903 --year 2026 "$T/out903c" >/dev/null
grep -q ',-A1,' "$T/out903c/header.csv" && ! grep -q "'" "$T/out903c/header.csv" && ok || bad "export 903 writes -A1 as it is"
# Files only this account can read (issue 14, item 3): umask 022 above.
[ "$(stat -c %a "$T/out903/episodes.csv")" = 600 ] && [ "$(stat -c %a "$T/out903")" = 700 ] && ok || bad "export 903 modes $(stat -c %a "$T/out903" "$T/out903/episodes.csv")"
expect "export 903 needs a year" 2 "" -- "$BIN" --db "$D" export 903 "$T/out903"
err_has "year asked for" "--year is needed"
expect "export 903 bad year" 2 "" -- "$BIN" --db "$D" export 903 --year 26 "$T/out903"
err_has "bad year named" "--year '26' is not a year"
expect "import 903 missing folder" 1 "" -- "$BIN" --db "$D" import 903 "$T/nowhere"
err_has "folder named" "cannot open the folder"
[ "$(sqlite3 "$D" "SELECT count(*) FROM audit_log WHERE record = 'ssda903:2026'")" = 2 ] && ok || bad "the import and export audited (the unchanged re-import not)"

# --- import 903 a later extract over what Oversight holds (issue 15) ----------
# tests/ssda903/make-later: three new children, a DECOM corrected, an
# episode ended, a DOB corrected, an episode removed.
S=$T/sync.db
python3 "$(dirname "$0")/ssda903/make-later" "$T/n1000" "$T/later" || bad "make the later extract"
"$BIN" --db "$S" import 903 "$T/n1000" --year 2026 > /dev/null 2>&1 || bad "load the first extract"
# Oversight's own facts: a name typed, a placement found unregistered.
sqlite3 "$S" "UPDATE child SET given_name = 'Amira', family_name = 'O''Brien' WHERE child_ref = '100009'; UPDATE episode SET registration = 'unregistered' WHERE start_date = '2025-08-07' AND child_id = (SELECT id FROM child WHERE child_ref = '100009')"
dump() { sqlite3 "$S" "SELECT * FROM child; SELECT * FROM episode; SELECT * FROM review; SELECT * FROM ssda903_child; SELECT * FROM ssda903_row; SELECT * FROM ssda903_return_child; SELECT count(*) FROM audit_log; SELECT n FROM data_generation" | md5sum; }
before=$(dump)
expect "import 903 --dry-run" 0 "" -- "$BIN" --db "$S" import 903 "$T/later" --year 2026 --dry-run --changes "$T/changes.csv"
"$BIN" --db "$S" import 903 "$T/later" --year 2026 --dry-run > "$T/dry" 2>/dev/null
[ "$(dump)" = "$before" ] && ok || bad "a dry run writes nothing"
grep -qF "Changes: 3 new children, 1 child changed, 3 new episodes, 1 episode changed, 1 episode ended, 1 episode held but not in the return (kept), 1 new review, 0 reviews changed, 1863 reviews already held, 1 child's rows of the other files replaced." "$T/dry" && ok || bad "dry run counts: $(head -3 "$T/dry")"
grep -qxF "  100014: DOB 21/03/2018 -> 16/03/2018" "$T/dry" && ok || bad "dry run lists the DOB corrected"
grep -qxF "  100009 episode from 07/08/2025: DECOM 07/08/2025 -> 04/08/2025" "$T/dry" && ok || bad "dry run lists the DECOM corrected"
grep -qxF "  100038 episode from 31/10/2025: DEC (none) -> 20/03/2026; REC (none) -> E13" "$T/dry" && ok || bad "dry run lists the episode ended"
grep -A1 -xF "Episodes held but not in the return (kept):" "$T/dry" | grep -qxF "  100118 episode from 28/03/2026" && ok || bad "dry run lists the episode removed as a conflict"
grep -qxF "Dry run: nothing was written." "$T/dry" && ok || bad "dry run says so"
grep -qxF "episode changed,100009,episode from 07/08/2025,DECOM,07/08/2025,04/08/2025" <(tr -d '\r' < "$T/changes.csv") && ok || bad "--changes writes the CSV: $(head -3 "$T/changes.csv")"
# The load prints the same comparison, then loads it.
"$BIN" --db "$S" import 903 "$T/later" --year 2026 > "$T/load" 2>/dev/null || bad "load the later extract"
diff <(grep -v '^Dry run' "$T/dry") <(grep -v '^Loaded' "$T/load") > /dev/null && ok || bad "the load prints what the dry run did: $(diff "$T/dry" "$T/load" | head -5)"
grep -qxF "Loaded the 2025/26 return from $T/later: 1003 children (3 new), 1538 episodes (3 new), 1864 reviews (1 new), 63 UASC records, 2499 other rows." "$T/load" && ok || bad "later extract loaded: $(tail -1 "$T/load")"
[ "$(sqlite3 "$S" "SELECT given_name || ' ' || family_name || ' ' || e.start_date || ' ' || e.registration FROM child c JOIN episode e ON e.child_id = c.id WHERE child_ref = '100009'")" = "Amira O'Brien 2025-08-04 unregistered" ] && ok || bad "name and registration kept, DECOM corrected"
[ "$(sqlite3 "$S" "SELECT count(*) FROM episode e JOIN child c ON c.id = e.child_id WHERE child_ref = '100118' AND start_date = '2026-03-28'")" = 1 ] && ok || bad "the episode missing from the extract is kept"
[ "$(sqlite3 "$S" "SELECT before_value || ' > ' || after_value FROM audit_log WHERE action = 'import.child' AND record = 'child:100014'")" = "DOB 21/03/2018 > DOB 16/03/2018" ] && ok || bad "the DOB correction audited"
before=$(dump)
"$BIN" --db "$S" import 903 "$T/later" --year 2026 > "$T/load" 2>/dev/null && grep -qxF "Nothing to load: no changes." "$T/load" && ok || bad "a second load: $(cat "$T/load")"
[ "$(dump)" = "$before" ] && ok || bad "a second load writes nothing"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
