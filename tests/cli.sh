#!/usr/bin/env bash
# tests/cli.sh BINARY: the command line as a user meets it. Each check
# runs the real binary and compares what it prints and how it exits.
set -u
BIN=$1
# The usual umask, under which files are readable by all unless the
# program makes them private (checked near the end).
umask 022
. "$(dirname "$0")/check.sh"

# --- calendar: SPEC §1 at its edges -----------------------------------------
expect "20 working days over Christmas" 0 2025-12-31 -- "$BIN" calendar add 2025-12-01 20 working-days
expect "1 working day from Christmas Eve" 0 2026-12-29 -- "$BIN" calendar add 2026-12-24 1 working-days
expect "Easter" 0 2026-04-07 -- "$BIN" calendar add 2026-04-02 1 working-days
expect "month end clamp" 0 2026-02-28 -- "$BIN" calendar add 2025-08-31 6 months
expect "leap day" 0 2024-02-29 -- "$BIN" calendar add 2023-08-31 6 months
expect "weeks" 0 2026-01-15 -- "$BIN" calendar add 2026-01-01 2 weeks
expect "days" 0 2026-03-01 -- "$BIN" calendar add 2026-02-27 2 days
expect "bad date exits 2" 2 "" -- "$BIN" calendar add 2025-02-31 1 days
err_has "bad date names DATE" 'DATE "2025-02-31"'
err_has "bad date prints usage" "usage: oversight calendar"
[ "$(wc -l < "$T/err")" -eq 2 ] && ok || bad "usage error is one line plus usage"
expect "bad unit exits 2" 2 "" -- "$BIN" calendar add 2025-02-01 1 fortnights
err_has "bad unit names UNIT" 'UNIT "fortnights"'
expect "bad N exits 2" 2 "" -- "$BIN" calendar add 2025-02-01 x days
err_has "bad N names N" 'N "x"'
printf '2025-12-01 20 working-days\nnonsense\n2025-02-30 1 days\n2021-08-31 6 months\n' > "$T/in"
out=$("$BIN" calendar < "$T/in"); rc=$?
want=$'2025-12-31\nerror: expected DATE N UNIT, got 1 field\nerror: DATE "2025-02-30" is not a date as YYYY-MM-DD\n2022-02-28'
[ "$out" = "$want" ] && ok || bad "calendar stdin batch: got [$out]"
[ "$rc" = 1 ] && ok || bad "calendar batch with bad lines exits 1, got $rc"
printf '2026-01-02 5 working-days\n' | "$BIN" calendar > "$T/out"; rc=$?
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = 2026-01-09 ] && ok || bad "clean batch exits 0"
n=$("$BIN" calendar holidays 2022 | wc -l)
[ "$n" = 10 ] && ok || bad "2022 has 10 bank holidays, got $n"
"$BIN" calendar holidays 2022 | grep -q '^2022-09-19  State Funeral' && ok || bad "state funeral listed"
expect "holidays bad year" 2 "" -- "$BIN" calendar holidays 20x2
[ ! -e "$OVERSIGHT_DB" ] && ok || bad "calendar must not create a database"

# --- help and usage ---------------------------------------------------------
expect "help" 0 "" -- "$BIN" help
expect "help due" 0 "" -- "$BIN" help due
expect "due --help" 0 "" -- "$BIN" due --help
expect "unknown command" 2 "" -- "$BIN" frobnicate
err_has "unknown command named" 'unknown command "frobnicate"'
expect "no command" 2 "" -- "$BIN"

# --- validate 903: the DfE rules on a small return ------------------------
V=$T/903; mkdir -p "$V"
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n700001,M,15/06/2012,WBRI,A123456789012,,\n' > "$V/header.csv"
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n700001,01/05/2025,S,C2,N1,U4,PR1,,,,TW1 3AA,TW2 5BB,SC123456\r\n' > "$V/episodes.csv"
printf '\xef\xbb\xbfREVIEW_CODE,REVIEW,DOB,CHILD\n"pn1","10/10/2025",15/06/2012,700001\n' > "$V/reviews.csv"
printf 'pcd,oseast1m,osnrth1m,laua\nTW1 3AA,516000,173000,E09000027\nTW2 5BB,514000,172000,E09000027\n' > "$T/pc.csv"
expect "903 clean return" 0 "rule,table,row,child" -- "$BIN" validate 903 "$V" --year 2026 --la E09000027 --postcodes "$T/pc.csv"
err_has "903 says what was not checked" "Not checked, as the return has no UASC file: 104 205A 205B 205C 205D 303"
err_has "903 last year's rules" "Not checked: needs last year's return (--last-year FOLDER): 202 203 204 207 208"
err_has "903 total" "1 children: 126 rules checked, 0 with failures"
expect "903 without postcodes" 0 "rule,table,row,child" -- "$BIN" validate 903 "$V" --year 2026
err_has "903 postcode rules not checked" "Not checked, as they need the distance or area of each placement (--postcodes FILE): 164 169 179 392a 392c 406 411 420 454 1015"
err_has "903 provider rules not checked" "Not checked: needs the provider lists (--providers FILE): 219 221 224 227 228 229 1008"
# Ofsted's lists as one CSV: the URN is a PR1 home in the council, but not
# one offering placement U4 (221 reads only homes' postcodes).
printf 'URN,PLACE_CODES,PROVIDER_CODES,REG_END,POSTCODE,LA\nSC123456,K2,PR1,,TW1 3AA,E09000027\n' > "$T/prov.csv"
expect "903 with providers" 1 $'rule,table,row,child\n219,Episodes,0,700001' -- "$BIN" validate 903 "$V" --year 2026 --la E09000027 --providers "$T/prov.csv" --rules "219 221 224 227 228 229 1008"
err_has "903 providers checked" "7 rules checked, 1 with failures"
printf 'URN,PLACE_CODES\n' > "$T/prov-bad.csv"
expect "903 bad providers" 1 "" -- "$BIN" validate 903 "$V" --year 2026 --providers "$T/prov-bad.csv"
err_has "903 bad providers named" "prov-bad.csv line 1: there is no PROVIDER_CODES column"
"$BIN" validate 903 --list | grep -q '^1008,Episodes,with --providers,' && ok || bad "1008 listed as running with --providers"
printf 'pcd,oseast1m,osnrth1m,laua\n' > "$T/pc-empty.csv"
expect "903 empty postcode table" 1 $'rule,table,row,child\n169,Episodes,0,700001\n179,Episodes,0,700001\n392c,Episodes,0,700001' -- "$BIN" validate 903 "$V" --year 2026 --postcodes "$T/pc-empty.csv"
err_has "903 rule summary" "392c        1  Postcode(s) provided are invalid."
sed -i 's/^700001,M,/700001,X,/' "$V/header.csv"
expect "903 only some rules" 1 $'rule,table,row,child\n101,Header,0,700001' -- "$BIN" validate 903 "$V" --year 2026 --rules "101 102"
err_has "903 two rules checked" "2 rules checked, 1 with failures"
expect "903 --errors" 1 "" -- "$BIN" validate 903 "$V" --year 2026 --rules 101 --errors "$T/e.csv"
[ "$(cat "$T/e.csv")" = $'rule,table,row,child\n101,Header,0,700001' ] && ok || bad "903 --errors file: $(cat "$T/e.csv")"
expect "903 --list" 0 "" -- "$BIN" validate 903 --list
[ "$("$BIN" validate 903 --list | wc -l)" = 312 ] && ok || bad "903 lists 311 rules"
[ "$("$BIN" validate 903 --list --year 2026 | wc -l)" = 312 ] && ok || bad "903 lists 2025/26's 311 rules for 2026"
[ "$("$BIN" validate 903 --list --year 2027 | wc -l)" = 323 ] && ok || bad "903 lists 2026/27's 322 rules for 2027"
"$BIN" validate 903 --list --year 2026 | grep -q '^70[0-9],' && bad "DoLO rules listed for 2025/26" || ok
"$BIN" validate 903 --list --year 2027 | grep -q '^709,Episodes;DoLo,yes,' && ok || bad "709 listed for 2026/27"
expect "903 --list bad year" 2 "" -- "$BIN" validate 903 --list --year 27
# The same return under each year's rules: a DoLO that ends before it
# starts is 702's failure from 2026/27, and no rule of 2025/26's.
Y=$T/903years; mkdir -p "$Y"
printf 'CHILD,DOB,DOLO_START,DOLO_END\n700001,15/06/2012,02/05/2025,01/05/2025\n' > "$Y/dolo.csv"
expect "903 2025/26 has no 702" 0 $'rule,table,row,child' -- "$BIN" validate 903 "$Y" --year 2026 --rules 702
err_has "903 no 702 in 2025/26 said" "No rule 702 in the 2025/26 rules."
expect "903 2026/27 checks 702" 1 $'rule,table,row,child\n702,DoLo,0,700001' -- "$BIN" validate 903 "$Y" --year 2027 --rules 702
"$BIN" validate 903 --list | grep -q '^503D,Episodes,with --last-year,' && ok || bad "503D listed as running with --last-year"
"$BIN" validate 903 --list | grep -q '^452,Episodes,with --last-year and --postcodes,' && ok || bad "452 listed as needing both"
# Last year's return: the child's sex changed, and its episode carries on.
L=$T/903-last; mkdir -p "$L"
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n700001,F,15/06/2012,WBRI,A123456789012,,\n' > "$L/header.csv"
expect "903 with last year" 1 $'rule,table,row,child\n202,Header,0,700001' -- "$BIN" validate 903 "$V" --year 2026 --last-year "$L" --rules "202 203 502"
err_has "903 last year's missing file" "Not checked, as last year's return has no Episodes file: 502"
expect "903 last year unreadable" 1 "" -- "$BIN" validate 903 "$V" --year 2026 --last-year "$T/nowhere"
err_has "903 last year named" "last year's return cannot be read"
expect "903 needs --year" 2 "" -- "$BIN" validate 903 "$V"
err_has "903 --year named" "--year is needed"
expect "903 bad year" 2 "" -- "$BIN" validate 903 "$V" --year 26
err_has "903 bad year named" "--year '26' is not a year"
expect "903 bad la" 2 "" -- "$BIN" validate 903 "$V" --year 2026 --la Richmond
err_has "903 bad la named" "--la 'Richmond'"
expect "validate what" 2 "" -- "$BIN" validate 904 "$V" --year 2026
expect "903 no folder" 1 "" -- "$BIN" validate 903 "$T/nowhere" --year 2026
err_has "903 no folder named" "nowhere: cannot open the folder"
printf '\xff\xfeC\x00H\x00' > "$V/utf16.csv"
expect "903 utf-16 refused" 1 "" -- "$BIN" validate 903 "$V" --year 2026
err_has "903 utf-16 message" "utf16.csv: the file is UTF-16"
err_has "903 nothing checked" "the return cannot be read, so nothing was checked"
rm "$V/utf16.csv"
printf 'CHILD,DOB,REVIEW\n700001,15/06/2012,10/10/2025\n' > "$V/reviews.csv"
expect "903 missing column" 1 "" -- "$BIN" validate 903 "$V" --year 2026
err_has "903 missing column named" "reviews.csv line 1: the columns do not match any file of the return; closest is the Reviews file, which needs column REVIEW_CODE"
printf 'CHILD,DOB,REVIEW,REVIEW_CODE,NOTES\n700001,15/06/2012,10/10/2025,PN1,x\n' > "$V/reviews.csv"
expect "903 unknown column" 1 "" -- "$BIN" validate 903 "$V" --year 2026
err_has "903 unknown column named" "unknown column NOTES"
printf 'CHILD,DOB,REVIEW,REVIEW_CODE\n700001,15/06/2012,10/10/2025,PN1,,\n700001,"15/06/2012,10/10/2025,PN1\n' > "$V/reviews.csv"
expect "903 unclosed quote" 1 "" -- "$BIN" validate 903 "$V" --year 2026
err_has "903 unclosed quote line" "reviews.csv line 4: a quoted value opened on line 3 is never closed"
# The XML form (docs/ssda903-xml.md): the same child, read from one file.
X=$T/903x; mkdir -p "$X"
printf '<?xml version="1.0"?>\n<EXPSSDA903>\n<CHILD><HEADER><CHILDID>700001</CHILDID><SEX>X</SEX><DOB>15/06/2012</DOB></HEADER>\n<EPISODE><DECOM>01/05/2025</DECOM><PL>U4</PL></EPISODE></CHILD>\n</EXPSSDA903>\n' > "$X/return.xml"
expect "903 xml" 1 $'rule,table,row,child\n101,Header,0,700001' -- "$BIN" validate 903 "$X" --year 2026 --rules "101 102"
cp "$V/header.csv" "$X/"
expect "903 xml and csv" 1 "" -- "$BIN" validate 903 "$X" --year 2026
err_has "903 xml and csv named" "return.xml: the XML holds the whole return, but a Header file was given too (header.csv)"
rm "$X/header.csv"
printf '<EXPSSDA903>\n<CHILD><HEADER><CHILDID>1</CHILDID>\n</CHILD>\n</EXPSSDA903>\n' > "$X/return.xml"
expect "903 bad xml" 1 "" -- "$BIN" validate 903 "$X" --year 2026
err_has "903 bad xml line" "return.xml line 3: the XML is not well formed"
# A large XML (read from disk as it is parsed) fails the same rules at the
# same rows as the same return in CSV, but 105: its UASC is blank there,
# and the social worker rules: the XML form has no social worker episodes.
X2=$T/903xml2; mkdir -p "$X2"; cp "$(dirname "$0")/ssda903/xml/n1000.xml" "$X2/"
PC=$(dirname "$0")/ssda903/fixtures/n1000/postcodes.csv
"$BIN" validate 903 "$X2" --year 2026 --la E09000027 --postcodes "$PC" 2>/dev/null | grep -v '^105,\|^SW' > "$T/x.csv"
"$BIN" validate 903 "$(dirname "$0")/ssda903/fixtures/n1000/in" --year 2026 --la E09000027 --postcodes "$PC" 2>/dev/null | grep -v '^105,\|^SW' > "$T/c.csv"
[ "$(wc -l < "$T/x.csv")" -gt 100 ] && cmp -s "$T/x.csv" "$T/c.csv" && ok || bad "903 large xml from disk: $(diff "$T/x.csv" "$T/c.csv" | head -3)"
expect "unknown option" 2 "" -- "$BIN" due --colour red
err_has "unknown option named" "unknown option --colour"
expect "bad status" 2 "" -- "$BIN" due --status late
err_has "bad status named" '--status must be one of all, due-soon, overdue, due-today'
expect "bad as-of" 2 "" -- "$BIN" due --as-of 31/03/2026
err_has "bad as-of named" "--as-of must be a date"
expect "--db without file" 2 "" -- "$BIN" --db

# --- rules ------------------------------------------------------------------
"$BIN" rules --format csv > "$T/rules.csv" && ok || bad "rules csv"
[ "$(head -1 "$T/rules.csv")" = "name,description,counts_from,amount,unit" ] && ok || bad "rules csv header"
grep -q '^review_first,First review,start of the period of care,20,working-days$' "$T/rules.csv" && ok || bad "review_first row"
for r in lado_decision pf_initial_visit reg44_sent escalation_total unreg_iro_visit; do
  grep -q "^$r," "$T/rules.csv" && ok || bad "rule $r for a later module is shipped"
done
expect "rules set" 0 "" -- "$BIN" rules set review_first 15 working-days
expect "rule changed" 0 "2025-12-22" -- sh -c "'$BIN' rules --format csv | grep '^review_first,' | cut -d, -f4 | xargs -I{} '$BIN' calendar add 2025-12-01 {} working-days"
[ "$(sqlite3 "$OVERSIGHT_DB" "SELECT before_value || ' -> ' || after_value FROM audit_log WHERE action='rule.set'")" = "20 working-days -> 15 working-days" ] && ok || bad "rule change audited"
expect "rules set unknown" 1 "" -- "$BIN" rules set no_such_rule 3 days
err_has "unknown rule named" 'no_such_rule'
expect "rules set wrong kind" 1 "" -- "$BIN" rules set review_first 3 children
expect "rules set bad amount" 2 "" -- "$BIN" rules set review_first -3 days
"$BIN" rules set review_first 20 working-days >/dev/null
expect "rules contacts" 0 "A pre-review contact is now met by a contact with the child, the carer. The change is in the audit log." \
  -- "$BIN" rules contacts pre-review-contact child,carer
[ "$(sqlite3 "$OVERSIGHT_DB" "SELECT before_value || ' -> ' || after_value FROM audit_log WHERE action='contact_counts.set'")" = "child -> child,carer" ] && ok || bad "contacts change audited"
"$BIN" rules | grep -q '^pre-review-contact *contacts with the child, the carer$' && ok || bad "rules lists which contacts count"
expect "rules contacts unknown with" 2 "" -- "$BIN" rules contacts pre-review-contact child,aunt
err_has "unknown with named" 'WITH "aunt"'
expect "rules contacts unknown item" 2 "" -- "$BIN" rules contacts review child
err_has "unknown item named" 'ITEM "review"'
"$BIN" rules contacts pre-review-contact child >/dev/null

# --- closure days -----------------------------------------------------------
expect "closure add" 0 "" -- "$BIN" calendar closure add 2026-12-29 "Council closure"
expect "closure moves working days" 0 2026-12-30 -- "$BIN" calendar add 2026-12-24 1 working-days
expect "closure twice refused" 1 "" -- "$BIN" calendar closure add 2026-12-29 "Again"
err_has "closure twice says so" "already a closure day"

# --- demo, due, child -------------------------------------------------------
expect "demo" 0 "" -- "$BIN" demo --children 120 --seed 7 --as-of 2026-11-23
expect "demo refuses a second fill" 1 "" -- "$BIN" demo --children 5
err_has "demo refusal explains" "already holds"
"$BIN" due --as-of 2026-11-23 --format csv > "$T/due.csv"; rc=$?
[ "$rc" = 0 ] && ok || bad "due csv exit $rc"
[ "$(head -1 "$T/due.csv")" = "child_id,child_name,iro,item,due_date,status" ] && ok || bad "due csv header"
awk -F, 'NR>1 && $NF !~ /^(ok|due-soon|due-today|overdue)$/ {exit 1}' "$T/due.csv" && ok || bad "due statuses"
# An item on its due date is due today, never due soon (issue 17).
awk -F, 'NR>1 && (($5 == "2026-11-23") != ($NF == "due-today")) {exit 1}' "$T/due.csv" && ok || bad "due today is its own state"
"$BIN" due --as-of 2026-11-23 --status due-today --format csv | awk -F, 'NR>1 && ($5 != "2026-11-23" || $NF != "due-today") {exit 1}' && ok || bad "--status due-today filters"
"$BIN" due --as-of 2026-11-23 --status overdue --format csv | awk -F, 'NR>1 && $NF != "overdue" {exit 1}' && ok || bad "--status overdue filters"
"$BIN" due --as-of 2026-11-23 --status overdue --format csv | awk -F, 'NR>1 && $5 >= "2026-11-23" {exit 1}' && ok || bad "overdue items are due before today"
"$BIN" due --as-of 2026-11-23 --status due-soon --format csv | awk -F, 'NR>1 && ($5 <= "2026-11-23" || $NF != "due-soon") {exit 1}' && ok || bad "due-soon items"
repeat=$("$BIN" due --as-of 2026-11-23 --format csv | md5sum)
[ "$repeat" = "$(md5sum < "$T/due.csv")" ] && ok || bad "due is deterministic"
iro=$(sqlite3 "$OVERSIGHT_DB" "SELECT name FROM iro ORDER BY id LIMIT 1")
"$BIN" due --as-of 2026-11-23 --iro "$iro" --format csv | awk -F, -v i="$iro" 'NR>1 && $3 != i {exit 1}' && ok || bad "--iro by name filters"
expect "--iro unknown" 1 "" -- "$BIN" due --iro "Nobody Atall"
child=$(sqlite3 "$OVERSIGHT_DB" "SELECT child_ref FROM child c WHERE EXISTS (SELECT 1 FROM review r WHERE r.child_id=c.id) LIMIT 1")
before=$(sqlite3 "$OVERSIGHT_DB" "SELECT count(*) FROM audit_log WHERE action='child.view'")
"$BIN" child "$child" --as-of 2026-11-23 > "$T/child.txt" && ok || bad "child view"
grep -q '^Reviews$' "$T/child.txt" && grep -q '^Deadlines as of 23 November 2026$' "$T/child.txt" && ok || bad "child timeline sections"
after=$(sqlite3 "$OVERSIGHT_DB" "SELECT count(*) FROM audit_log WHERE action='child.view' AND record='child:$child'")
[ "$after" = $((before + 1)) ] && ok || bad "child view audited once ($before -> $after)"
expect "child unknown" 1 "" -- "$BIN" child NOPE123
expect "iros" 0 "" -- "$BIN" iros --as-of 2026-11-23

# --- children's homes (SPEC §8): the demo's homes, the QPAG report, CSV ------
"$BIN" homes --as-of 2026-11-23 > "$T/homes.txt" && ok || bad "homes"
grep -q '^Larkspur House (demo) (URN SC900001)$' "$T/homes.txt" && ok || bad "homes lists the demo homes"
grep -q ' items\? overdue on 23 November 2026\.$' "$T/homes.txt" && ok || bad "homes ends with the overdue count"
"$BIN" homes --as-of 2026-11-23 --status overdue | awk '/^    / && $1 != "overdue" && $1 != "nothing" {exit 1}' && ok || bad "homes --status overdue"
"$BIN" report qpag --month 2026-10 --as-of 2026-11-23 > "$T/qpag.json" && ok || bad "report qpag (JSON)"
python3 - "$T/qpag.json" <<'PY' && ok || bad "qpag JSON: month, tables, columns and rows"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["report"] == "qpag" and d["month"] == "2026-10" and d["as_of"] == "2026-10-31", d
assert list(d["tables"]) == ["homes", "thematic_reviews", "reg44_visits", "kpis", "overdue_qpag_actions", "overdue_items",
                             "weekly_returns", "occupancy", "staffing", "complaints_compliments",
                             "surveys", "survey_questions", "survey_history", "dip_samples_and_audits", "audit_actions"]
# Issue 20: the demo's weekly returns (weeks ending in October by home), occupancy and complaints by kind.
assert all(r["week_beginning"] <= "2026-10-25" and r["week_beginning"] >= "2026-09-28" for r in d["tables"]["weekly_returns"]["rows"])
assert len(d["tables"]["occupancy"]["rows"]) == 4
assert all(r["from"].startswith("A ") or r["from"] == "Someone else" for r in d["tables"]["complaints_compliments"]["rows"])
for t in d["tables"].values():
    names = [c["name"] for c in t["columns"]]
    assert all(list(r) == names for r in t["rows"]), t["title"]
assert len(d["tables"]["homes"]["rows"]) == 4
assert any(r["home"] == "Larkspur House (demo)" for r in d["tables"]["homes"]["rows"])
PY
"$BIN" report qpag --month 2026-10 --as-of 2026-11-23 --format csv | head -1 | grep -q "Every home's status" && ok || bad "qpag CSV"
expect "qpag xlsx" 0 "" -- "$BIN" report qpag --month 2026-10 --as-of 2026-11-23 --format xlsx --out "$T/qpag.xlsx"
[ "$(head -c 2 "$T/qpag.xlsx")" = PK ] && ok || bad "qpag xlsx is a workbook"
expect "qpag needs --month" 2 "" -- "$BIN" report qpag
err_has "qpag --month message" "qpag needs --month YYYY-MM"
expect "qpag future month" 2 "" -- "$BIN" report qpag --month 2026-12 --as-of 2026-11-23
expect "qpag bad format" 2 "" -- "$BIN" report qpag --month 2026-10 --format pdf
err_has "qpag formats listed" "json, csv, xlsx, html"
expect "qpag xlsx needs --out" 2 "" -- "$BIN" report qpag --month 2026-10 --format xlsx
# Recording the homes' monitoring (issue 20): errors name the option; the
# week's Monday is kept, a week sent again corrects it; all audited.
expect "home-return" 0 "" -- "$BIN" home-return SC900003 --week 2026-11-18 --returned 2026-11-23 --safeguarding 2 --lado 0 --complaints 1 --as-of 2026-11-23
[ "$(sqlite3 "$OVERSIGHT_DB" "SELECT safeguarding || ',' || returned_on FROM home_weekly_return w JOIN home h ON h.id = w.home_id WHERE h.urn = 'SC900003' AND week_of = '2026-11-16'")" = "2,2026-11-23" ] && ok || bad "home-return saved on the week's Monday"
expect "home-return again" 0 "" -- "$BIN" home-return SC900003 --week 2026-11-16 --returned 2026-11-23 --safeguarding 3 --lado 0 --complaints 1 --as-of 2026-11-23
[ "$(sqlite3 "$OVERSIGHT_DB" "SELECT count(*) FROM audit_log WHERE action = 'weekly-return.update' AND before_value LIKE '%safeguarding 2,%'")" -ge 1 ] && ok || bad "home-return correction audited"
expect "home-return bad count" 1 "" -- "$BIN" home-return SC900003 --week 2026-11-16 --returned 2026-11-23 --safeguarding many --lado 0 --complaints 0 --as-of 2026-11-23
err_has "home-return names the option" "--safeguarding: Enter the number of safeguarding concerns as a whole number from 0 to 999"
expect "home-return unknown home" 1 "" -- "$BIN" home-return SC000000 --week 2026-11-16 --returned 2026-11-23 --safeguarding 0 --lado 0 --complaints 0
expect "home-month" 0 "" -- "$BIN" home-month SC900003 --month 2026-10 --places-used 2 --posts 11 --filled 10 --leavers 0 --as-of 2026-11-23
expect "home-month too many places" 1 "" -- "$BIN" home-month SC900003 --month 2026-10 --places-used 4 --as-of 2026-11-23
err_has "home-month places message" "--places-used: The places used must be 3 or fewer: the home is registered for 3 places"
expect "home-feedback" 0 "" -- "$BIN" home-feedback SC900003 --kind complaint --received 2026-11-20 --from family --about food --as-of 2026-11-23
expect "home-feedback compliment with outcome" 1 "" -- "$BIN" home-feedback SC900003 --kind compliment --received 2026-11-20 --from family --about food --outcome upheld --outcome-on 2026-11-21 --as-of 2026-11-23
err_has "home-feedback outcome message" "--outcome: Only a complaint has an outcome"
"$BIN" export homes "$T/homes.csv" && ok || bad "export homes"
head -1 "$T/homes.csv" | grep -q '^urn,name,registered_manager,manager_vacant_since,responsible_individual,places,age_from,age_to,registered_on,statement_of_purpose' && ok || bad "export homes header"
[ "$(grep -c '^SC9' "$T/homes.csv")" = 4 ] && ok || bad "export homes: four demo homes"
expect "import homes round trip" 0 "" -- "$BIN" import homes "$T/homes.csv"
printf 'urn,name\r\nSC1,X\r\n' > "$T/badhomes.csv"
expect "import homes missing columns" 1 "" -- "$BIN" import homes "$T/badhomes.csv"
err_has "missing column named" "the column registered_manager is missing"

# --- the homes' QA evidence (issue 20): surveys, dip samples into the QPAG tracker --
"$BIN" home-qa surveys SC900003 --as-of 2026-11-23 > "$T/surveys.txt" && ok || bad "home-qa surveys"
grep -q "^  Young people's survey: 23 September 2026, 3 of 3 responded, average [0-9.]* (before: 23 March 2026, " "$T/surveys.txt" \
  && ok || bad "home-qa surveys: the latest beside the one before: $(cat "$T/surveys.txt")"
hid=$(sqlite3 "$OVERSIGHT_DB" "SELECT id FROM home WHERE urn='SC900002'")
views=$(sqlite3 "$OVERSIGHT_DB" "SELECT count(*) FROM audit_log WHERE action='home.view' AND record='home:$hid'")
expect "home-qa survey" 0 "" -- "$BIN" home-qa survey SC900002 --kind young-people --on 2026-11-20 \
  --asked "The four young people living in the home" --number 4 --focus "Feeling safe"
sid=$(sqlite3 "$OVERSIGHT_DB" "SELECT max(id) FROM survey_round")
expect "home-qa response" 0 "" -- "$BIN" home-qa response "$sid" --scores 5,4,,3,4,5 --comment "Staff are kind"
[ "$(sqlite3 "$OVERSIGHT_DB" "SELECT count(*) FROM survey_answer a JOIN survey_response r ON r.id = a.response_id WHERE r.round_id=$sid")" = 5 ] \
  && ok || bad "home-qa response: five answers, the blank one left out"
expect "home-qa response bad score" 2 "" -- "$BIN" home-qa response "$sid" --scores 5,9
err_has "home-qa response score named" "answer 2 must be 1 to 5"
expect "home-qa survey mistakes" 1 "" -- "$BIN" home-qa survey SC900002 --kind staff --on 2026-11-20
err_has "home-qa survey kind" "survey_kind: Select which survey it was"
err_has "home-qa survey asked" "survey_asked: Enter who was asked"
expect "home-qa unknown home" 1 "" -- "$BIN" home-qa survey SC000000 --kind young-people --on 2026-11-20
"$BIN" home-qa surveys SC900002 --as-of 2026-11-23 > "$T/surveys2.txt" && ok || bad "home-qa surveys (2)"
grep -q "^  Young people's survey: 20 November 2026, 1 of 4 responded, average 4.20; next due 20 May 2027, ok$" "$T/surveys2.txt" \
  && ok || bad "home-qa surveys: 21 over 5 is 4.20: $(cat "$T/surveys2.txt")"
grep -q "^  Professionals' survey: none yet; next due .*, overdue$" "$T/surveys2.txt" && ok || bad "home-qa surveys: none yet is overdue"
[ "$(sqlite3 "$OVERSIGHT_DB" "SELECT count(*) FROM audit_log WHERE action='home.view' AND record='home:$hid'")" = $((views + 1)) ] \
  && ok || bad "home-qa surveys: the view is audited"
"$BIN" home-qa surveys SC900002 --as-of 2026-11-23 --format csv | sed -n 2p | grep -q '^home,survey,held_on,number_asked,responses,average_score' \
  && ok || bad "home-qa surveys --format csv"
expect "home-qa audit" 0 "" -- "$BIN" home-qa audit SC900004 --kind dip-sample --on 2026-11-22 --by "Service manager" \
  --focus "Handover records" --findings "Handovers were recorded on every shift."
aid=$(sqlite3 "$OVERSIGHT_DB" "SELECT max(id) FROM home_audit")
expect "home-qa action" 0 "" -- "$BIN" home-qa action "$aid" --action "Check handover logs weekly" --owner "Deputy manager" --due 2026-12-15
xid=$(sqlite3 "$OVERSIGHT_DB" "SELECT max(id) FROM home_audit_action")
expect "home-qa to-qpag" 0 "" -- "$BIN" home-qa to-qpag "$xid" --meeting 2026-11-23
[ "$(sqlite3 "$OVERSIGHT_DB" "SELECT q.home_id = (SELECT id FROM home WHERE urn='SC900004') AND q.due_on = '2026-12-15'
  FROM home_audit_action x JOIN qpag_action q ON q.id = x.qpag_action_id WHERE x.id=$xid")" = 1 ] \
  && ok || bad "home-qa to-qpag: linked to a QPAG action about the home, due the same day"
expect "home-qa to-qpag twice" 1 "" -- "$BIN" home-qa to-qpag "$xid" --meeting 2026-11-23
err_has "home-qa to-qpag once" "already in the QPAG action tracker"
expect "home-qa action on a monthly audit" 1 "" -- "$BIN" home-qa action 1 --action X --owner Y --due 2026-12-15
"$BIN" report qpag --month 2026-11 --as-of 2026-11-23 > "$T/qpag11.json" && ok || bad "report qpag November"
python3 - "$T/qpag11.json" <<'PY' && ok || bad "qpag JSON: the dip sample with its action in the tracker; surveys"
import json, sys
t = json.load(open(sys.argv[1]))["tables"]
rows = [r for r in t["dip_samples_and_audits"]["rows"] if r["focus"] == "Handover records"]
assert len(rows) == 1 and rows[0]["actions"] == 1 and rows[0]["actions_in_qpag_tracker"] == 1, rows
assert any(r["action"] == "Check handover logs weekly" and r["qpag_meeting_on"] == "2026-11-23" for r in t["audit_actions"]["rows"])
s = [r for r in t["surveys"]["rows"] if r["home"] == "Beacon View (demo)"]
assert len(s) == 1 and s[0]["average_score"] == 4.2 and s[0]["change"] == "first survey", s
PY

# --- recording a review moves the next date ---------------------------------
"$BIN" --db "$T/r.db" migrate >/dev/null
sqlite3 "$T/r.db" "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex) VALUES(1, 'C1', 'Zoë', 'O''Brien', '2014-02-03', 'F');
  INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement) VALUES(1, '2025-12-01', 'S', 'C2', 'N1', 'U4');
  INSERT INTO iro(id, name) VALUES(1, 'Sam Patel');"
"$BIN" --db "$T/r.db" due --as-of 2026-01-02 --format csv | grep -q '^C1,Zoë O.Brien,,review,2025-12-31,overdue$' && ok || bad "first review overdue"
expect "review with PN0 for a 11-year-old" 1 "" -- "$BIN" --db "$T/r.db" review add C1 --held 2026-01-02 --participation PN0 --mode virtual --as-of 2026-01-02
err_has "PN0 message" "PN0 is only for a child under 4 on the review date"
expect "review saved" 0 "" -- "$BIN" --db "$T/r.db" review add C1 --held 2026-01-02 --participation PN1 --mode virtual --as-of 2026-01-02
"$BIN" --db "$T/r.db" due --as-of 2026-01-02 --format csv | grep -q '^C1,Zoë O.Brien,,review,2026-04-02,ok$' && ok || bad "next review moved to 2 April"
# The web form's meeting fields, on the command line too (issue 20).
cp "$T/r.db" "$T/rm.db"
sqlite3 "$T/rm.db" "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex) VALUES(2, 'C2', 'Amir', 'Khan', '2017-06-01', 'M');
  INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement) VALUES(2, '2025-12-01', 'S', 'C2', 'N1', 'U4');"
expect "review add with the meeting" 0 "" -- "$BIN" --db "$T/rm.db" review add C1 --held 2026-03-02 --participation PN1 \
  --mode in-person --child-chaired yes --saw-child yes --advocate no --views-form yes --views-how spoke-to-iro \
  --location "Her school" --attendee child:attended --attendee "social-worker:attended:Kim O'Neil" \
  --attendee=carer:sent-views --permanence-plan yes --permanence-type long-term-fostering --plan-view "Meets her needs" \
  --advocacy yes --independent-visitor no --independence no --as-of 2026-03-02
[ "$(sqlite3 -separator '|' "$T/rm.db" "SELECT mode, child_chaired, iro_saw_child, advocate, views_form, views_how, location, permanence_type, plan_view, advocacy_discussed, independent_visitor_discussed, independence_discussed FROM review WHERE held_on = '2026-03-02'")" = "in-person|1|1|0|1|spoke-to-iro|Her school|long-term-fostering|Meets her needs|1|0|0" ] && ok || bad "review meeting options saved: $(sqlite3 "$T/rm.db" "SELECT * FROM review WHERE held_on = '2026-03-02'")"
[ "$(sqlite3 -separator '|' "$T/rm.db" "SELECT group_concat(role || ':' || took_part || ':' || name, ';') FROM (SELECT a.* FROM review_attendee a JOIN review r ON r.id = a.review_id WHERE r.held_on = '2026-03-02' ORDER BY position)")" = "child:attended:;social-worker:attended:Kim O'Neil;carer:sent-views:" ] && ok || bad "attendees saved in order"
[ "$(sqlite3 "$T/rm.db" "SELECT count(*) FROM audit_log WHERE action = 'review.meeting' AND after_value LIKE '%Her school%'")" = 1 ] && ok || bad "the meeting is audited"
# Each mistake names its option; nothing is saved.
expect "review --child-chaired for an 8-year-old" 1 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --child-chaired yes --as-of 2026-01-05
err_has "chairing refused, naming the option" "--child-chaired: "
[ "$(sqlite3 "$T/rm.db" "SELECT count(*) FROM review WHERE child_id = 2")" = 0 ] && ok || bad "a refused review is not saved"
expect "review --mode other" 2 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode phone
err_has "mode named" "--mode must be in-person or virtual"
expect "review --saw-child maybe" 2 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --saw-child maybe
err_has "saw-child named" "--saw-child must be yes or no"
expect "review --views-how unknown" 2 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --views-how letter
err_has "views-how choices" "--views-how must be spoke-to-iro, at-meeting, form, advocate, someone-else, other-way or not-given"
expect "review --attendee without took part" 2 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --attendee carer
err_has "attendee named" "--attendee 1 must be ROLE:TOOK_PART"
# A role or took-part longer than any code is refused whole, never cut to a code.
expect "review --attendee role too long" 2 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --attendee "carer$(printf 'x%.0s' $(seq 1 40)):attended"
err_has "long role named" "--attendee 1 must be ROLE:TOOK_PART"
expect "review --attendee took part too long" 2 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --attendee "carer:attended$(printf 'x%.0s' $(seq 1 40))"
err_has "long took part named" "--attendee 1 must be ROLE:TOOK_PART"
expect "review --permanence-type unknown" 2 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --permanence-type kinship
err_has "permanence-type choices" "--permanence-type must be return-home"
expect "review --permanence-other without other" 1 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --permanence-type adoption --permanence-other Kinship --as-of 2026-01-05
err_has "permanence-other named" "--permanence-other: "
expect "review --location too long" 1 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --location "$(printf 'x%.0s' $(seq 1 300))" --as-of 2026-01-05
err_has "location named" "--location: Where the review was held must be"
expect "review --attendee name too long" 1 "" -- "$BIN" --db "$T/rm.db" review add C2 --held 2026-01-05 --participation PN1 --mode virtual --attendee "carer:attended:$(printf 'x%.0s' $(seq 1 300))" --as-of 2026-01-05
err_has "attendee 1 named" "--attendee 1: The name of person 1 invited"
[ "$(sqlite3 "$T/rm.db" "SELECT count(*) FROM review WHERE child_id = 2")" = 0 ] && ok || bad "no refused review saved"
expect "allocate" 0 "" -- "$BIN" --db "$T/r.db" allocate C1 "Sam Patel" --date 2026-01-02
expect "reallocate needs reason" 1 "" -- "$BIN" --db "$T/r.db" allocate C1 1 --date 2026-01-03
err_has "reason asked for" "reason"

# --- cover: one IRO covering for another (SPEC §11) -------------------------
sqlite3 "$T/r.db" "INSERT INTO iro(id, name) VALUES(2, 'Ali Khan')"
expect "cover add" 0 "Cover 1: Ali Khan covers Sam Patel from 1 December 2026 to 12 December 2026." -- \
  "$BIN" --db "$T/r.db" cover add --iro "Ali Khan" --for 1 --from 2026-12-01 --to 2026-12-12 --reason "Annual leave" --as-of 2026-11-20
expect "cover of oneself" 1 "" -- "$BIN" --db "$T/r.db" cover add --iro 1 --for 1 --from 2026-12-01 --to 2026-12-12 --as-of 2026-11-20
err_has "oneself refused" "an IRO cannot cover for themself"
expect "cover needs dates" 2 "" -- "$BIN" --db "$T/r.db" cover add --iro 2 --for 1 --from 2026-12-01
"$BIN" --db "$T/r.db" cover list --as-of 2026-11-20 | grep -q '^1 .*Ali Khan .*Sam Patel .*2026-12-01 2026-12-12 Annual leave$' && ok || bad "cover listed"
expect "cover end" 0 "Cover 1 now ends on 5 December 2026." -- "$BIN" --db "$T/r.db" cover end 1 --last 2026-12-05
expect "cover end withdraws" 0 "Cover 1 is withdrawn: Ali Khan will not cover Sam Patel." -- "$BIN" --db "$T/r.db" cover end 1 --last 2026-11-30
[ "$("$BIN" --db "$T/r.db" cover list --as-of 2026-11-20 | wc -l)" = 1 ] && ok || bad "withdrawn cover not listed as current"
[ "$(sqlite3 "$T/r.db" "SELECT group_concat(action, ' ') FROM audit_log WHERE record = 'iro_cover:1'")" = "cover.add cover.end cover.withdraw" ] && ok || bad "cover changes audited"

# --- private fostering: report, export and import ---------------------------
"$BIN" report private-fostering --as-of 2026-11-23 > "$T/pf.json" && ok || bad "pf report json"
grep -q '"from": "2025-04-01"' "$T/pf.json" && grep -q '"to": "2026-03-31"' "$T/pf.json" && ok || bad "pf report defaults to the last financial year"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert set(d["tables"]) == {"summary","timeliness","sources","reasons","teams","arrangement_reasons","children","reg8_by_child"}' "$T/pf.json" && ok || bad "pf report is valid JSON with every table"
# The year before beside this one, and the new tables' columns (issue 20).
grep -q '"previous_from": "2024-04-01"' "$T/pf.json" && grep -q '"previous_to": "2025-03-31"' "$T/pf.json" && ok || bad "pf report names the previous period"
python3 - "$T/pf.json" <<'PY' && ok || bad "pf report's new columns"
import json, sys
d = json.load(open(sys.argv[1]))["tables"]
assert all("previous_period_number" in r for r in d["summary"]["rows"])
assert all("previous_period_percent_on_time" in r for r in d["timeliness"]["rows"])
assert all(set(r) == {"team", "managed_by", "children_at_end", "notifications", "initial_visits_due", "initial_visits_on_time",
                      "assessments_due", "assessments_on_time", "reg8_visits_due", "reg8_visits_on_time",
                      "reg8_percent_on_time", "visiting_pattern"} for r in d["teams"]["rows"])
for r in d["reg8_by_child"]["rows"]:
    assert r["on_time_of_due"] == "%d of %d" % (r["reg8_visits_on_time"], r["reg8_visits_due"]), r
    assert not r["child"].startswith("Child ") or r["child"][6:].isdigit()
assert all(set(r) == {"reason", "children", "percent", "code"} for r in d["arrangement_reasons"]["rows"])
PY
expect "pf report csv" 0 "" -- "$BIN" report private-fostering --from 2026-04-01 --to 2026-11-23 --as-of 2026-11-23 --format csv
expect "pf report xlsx needs --out" 2 "" -- "$BIN" report private-fostering --format xlsx
expect "pf report bad --to" 2 "" -- "$BIN" report private-fostering --from 2026-04-01 --to 2026-02-30
err_has "bad --to named" '--to must be a date'
expect "pf report to before from" 2 "" -- "$BIN" report private-fostering --from 2026-04-01 --to 2026-03-01
expect "pf report xlsx" 0 "" -- "$BIN" report private-fostering --format xlsx --out "$T/pf.xlsx"
[ "$(head -c 2 "$T/pf.xlsx")" = "PK" ] && ok || bad "pf xlsx is a zip"
"$BIN" private-fostering due --as-of 2026-11-23 | grep -q 'initial-visit' && ok || bad "pf due lists initial visits"
expect "pf export" 0 "" -- "$BIN" export private-fostering "$T/pf.csv"
head -1 "$T/pf.csv" | grep -q '^pf_ref,record,on_date,child_name' && ok || bad "pf export header"
"$BIN" --db "$T/pf2.db" migrate >/dev/null
expect "pf import" 0 "" -- "$BIN" --db "$T/pf2.db" import private-fostering "$T/pf.csv"
"$BIN" --db "$T/pf2.db" export private-fostering "$T/pf2.csv" && cmp -s "$T/pf.csv" "$T/pf2.csv" && ok || bad "pf export, import, export is the same file"
expect "pf import again refused" 1 "" -- "$BIN" --db "$T/pf2.db" import private-fostering "$T/pf.csv"
err_has "pf import again says why" "already in the database"
# Why the child is privately fostered, sex and ethnicity (issue 20): the
# code list, a change that keeps what is not given, refusals naming the
# option, each change audited.
"$BIN" private-fostering reasons | grep -q $'^overseas-student\tOverseas student staying with a host family$' && ok || bad "pf reasons listed"
[ "$(sqlite3 "$T/pf2.db" "SELECT reason || ' ' || child_sex || ' ' || child_ethnicity FROM pf_arrangement WHERE id = 1")" = "family-breakdown F WBRI" ] && ok || bad "pf export and import carry why, sex and ethnicity"
expect "pf details" 0 "Arrangement 1: why privately fostered: Child protection concerns; sex: Not known; ethnicity: Black African." -- "$BIN" --db "$T/pf2.db" private-fostering details 1 --reason child-protection --sex U --ethnicity BAFR
expect "pf details keeps what is not given" 0 "Arrangement 1: why privately fostered: A parent's ill health; sex: Not known; ethnicity: Black African." -- "$BIN" --db "$T/pf2.db" private-fostering details 1 --reason parent-ill-health
expect "pf details bad values" 1 "" -- "$BIN" --db "$T/pf2.db" private-fostering details 1 --reason homesick --sex X --ethnicity WHITE
err_has "bad reason names the option" "--reason: Select why the child is privately fostered from the list"
err_has "bad reason points to the codes" "oversight private-fostering reasons"
err_has "bad sex names the option" "--sex: Select the child's sex"
err_has "bad ethnicity names the option" "--ethnicity: Select the child's ethnicity"
expect "pf details no such arrangement" 1 "" -- "$BIN" --db "$T/pf2.db" private-fostering details 999 --sex F
expect "pf details needs an option" 2 "" -- "$BIN" --db "$T/pf2.db" private-fostering details 1
[ "$(sqlite3 "$T/pf2.db" "SELECT reason || ' ' || child_sex || ' ' || child_ethnicity FROM pf_arrangement WHERE id = 1")" = "parent-ill-health U BAFR" ] && ok || bad "pf details saved"
[ "$(sqlite3 "$T/pf2.db" "SELECT count(*) FROM audit_log WHERE record = 'pf:1' AND action = 'pf.details'")" = 2 ] && ok || bad "pf details audited once a change"
expect "export unknown kind" 2 "" -- "$BIN" export nothing
err_has "export kinds listed" "private-fostering"
# --- the Designated Officer: report, export and import (SPEC §6) -------------------
L=$T/l.db
"$BIN" --db "$L" migrate >/dev/null
cat > "$T/lado.csv" <<'CSV'
case_ref,received_on,received_time,referrer,referrer_agency,adult_name,adult_role,employer,sector,children,allegation,decision,decided_on,advice,harm_category,allegation_type,police,initial_meeting_on,initial_meeting_late_reason,threshold_met_at_meeting,post_allegation_meetings,outcome,outcome_on,actions,closed_on
1,2025-12-24,16:40,Jo,School,Sam O'Neill,Teacher,School,education,A (9),Grabbed an arm,referral,2025-12-29,,physical,physical-contact,no,2026-01-06,,,2026-02-03,substantiated,2026-02-03,dbs;disciplinary,2026-02-10
2,2026-01-05,09:00,Al,Club,Chris,Coach,Club,sport,B (12),Shouted,concern,2026-01-07,Supervision,,,,,,,,,,,2026-01-07
CSV
expect "import lado" 0 "" -- "$BIN" --db "$L" import lado "$T/lado.csv"
expect "import lado again refused" 1 "" -- "$BIN" --db "$L" import lado "$T/lado.csv"
err_has "already there" "row 2: case 1 is already in the database"
"$BIN" --db "$L" export lado > "$T/lado-out.csv"
# The tracker above is from before the strategy meeting and cross-border
# columns: it imports, and the export gives it back with them, empty.
cmp -s <(sed -e '1s/$/,strategy_meetings,cross_border_adult,cross_border_child,other_authority/' -e '2,$s/$/,,,,/' "$T/lado.csv") \
  <(tr -d '\r' < "$T/lado-out.csv") && ok || bad "export lado gives back the imported tracker: $(cat "$T/lado-out.csv")"
"$BIN" --db "$L" report lado --from 2025-10-01 --to 2026-03-31 --as-of 2026-06-30 > "$T/kpi.json"
grep -q '"decisions_on_time": {"timescale": "1 working day", "total": 2, "on_time": 1, "percent": 50' "$T/kpi.json" && ok || bad "KPI JSON: $(head -c 600 "$T/kpi.json")"
grep -q '"post_allegation_meetings_on_time": {"timescale": "28 days", "total": 1, "on_time": 1, "percent": 100' "$T/kpi.json" && ok || bad "PAM KPI"
"$BIN" --db "$L" report lado --from 2025-10-01 --to 2026-03-31 --format csv | head -1 | grep -q '^Key performance indicators' && ok || bad "KPI CSV"
expect "report lado xlsx" 0 "" -- "$BIN" --db "$L" report lado --from 2025-10-01 --to 2026-03-31 --format xlsx --out "$T/kpi.xlsx"
[ "$(head -c 2 "$T/kpi.xlsx")" = PK ] && ok || bad "xlsx written"
expect "report lado needs dates" 2 "" -- "$BIN" --db "$L" report lado --from 2025-10-01
err_has "says --to" "--to DATE"
expect "report lado bad format" 2 "" -- "$BIN" --db "$L" report lado --from 2025-10-01 --to 2026-03-31 --format pdf
[ "$(sqlite3 "$L" "SELECT count(*) FROM audit_log WHERE action = 'lado.view.export'")" = 2 ] && ok || bad "export audited per case"
# The Designated Officer's other records (issue 20): dip samples, training,
# strategy meetings and cross-border, each counted in the report.
expect "lado dip-sample add" 0 "Dip sample 1 recorded." -- "$BIN" --db "$L" lado dip-sample add --on 2026-03-31 --cases 8 --findings "Dates right in 7"
expect "lado dip-sample of no files" 1 "" -- "$BIN" --db "$L" lado dip-sample add --on 2026-03-31 --cases 0 --findings x
err_has "says how many" "must be 1 or more"
expect "lado dip-sample correct" 0 "Dip sample 1 corrected." -- "$BIN" --db "$L" lado dip-sample correct 1 --cases 9
[ "$(sqlite3 "$L" "SELECT count(*) FROM audit_log WHERE record = 'lado-dip:1' AND action = 'lado.dip.correct' AND before_value LIKE '%; 8 case files%' AND after_value LIKE '%; 9 case files sampled; findings: Dates right in 7'")" = 1 ] && ok || bad "dip correction audited before and after"
"$BIN" --db "$L" lado dip-sample list | grep -q "^1	2026-03-31	9 case files	Dates right in 7$" && ok || bad "dip-sample list"
expect "lado dip-sample correct unknown" 1 "" -- "$BIN" --db "$L" lado dip-sample correct 7 --cases 2
expect "lado training add (a briefing on Christmas Eve)" 0 "Training 1 recorded." -- "$BIN" --db "$L" lado training add --on 2025-12-24 --kind briefing --audience "Foster carers" --people 12
expect "lado training bad kind" 1 "" -- "$BIN" --db "$L" lado training add --on 2025-12-24 --kind workshop --audience x --people 1
expect "lado training needs options" 2 "" -- "$BIN" --db "$L" lado training add --on 2025-12-24
expect "lado strategy-meeting on a closed case" 1 "" -- "$BIN" --db "$L" lado strategy-meeting 1 --on 2026-01-02
err_has "closed" "cannot be changed"
sqlite3 "$L" "INSERT INTO lado_case(id, received_on, received_time, recorded_at, recorded_by, referrer, referrer_agency, adult_name, adult_role, employer, sector, children, allegation, decision_due) VALUES (3, '2026-03-30', '10:00', '2026-03-30T10:00:00Z', 'lado', 'Jo', 'School', 'Pat', 'Teacher', 'School', 'education', 'C (8)', 'Pushed', '2026-03-31')"
expect "lado strategy-meeting" 0 "Strategy meeting on 31 March 2026 recorded on case 3." -- "$BIN" --db "$L" lado strategy-meeting 3 --on 2026-03-31
expect "lado cross-border needs the authority" 1 "" -- "$BIN" --db "$L" lado cross-border 3 --adult yes --child no
err_has "names the field" "other_authority"
expect "lado cross-border yes or no" 2 "" -- "$BIN" --db "$L" lado cross-border 3 --adult maybe --child no
expect "lado cross-border" 0 "Cross-border details saved on case 3." -- "$BIN" --db "$L" lado cross-border 3 --adult yes --child no --authority Somerset
"$BIN" --db "$L" export lado | tr -d '\r' | grep -q '^3,2026-03-30,.*,2026-03-31,yes,no,Somerset$' && ok || bad "export lado has the strategy meeting and cross-border: $("$BIN" --db "$L" export lado)"
# ... and another database takes them back from it.
"$BIN" --db "$L" export lado > "$T/lado-out2.csv"
"$BIN" --db "$T/l2.db" migrate >/dev/null
expect "import lado with strategy meetings and cross-border" 0 "" -- "$BIN" --db "$T/l2.db" import lado "$T/lado-out2.csv"
[ "$(sqlite3 "$T/l2.db" "SELECT (SELECT count(*) FROM lado_strategy_meeting WHERE case_id = 3 AND held_on = '2026-03-31') || ' ' || other_authority FROM lado_case WHERE id = 3")" = "1 Somerset" ] && ok || bad "strategy meeting and cross-border imported"
"$BIN" --db "$L" report lado --from 2025-04-01 --to 2026-03-31 --as-of 2026-06-30 > "$T/kpi2.json"
for k in '"strategy_meetings": 1,' '"cross_border_contacts": 1,' '"dip_samples": 1,' '"case_files_sampled": 9,' '"briefings": 1,' '"people_briefed": 12,' '"training_sessions": 0,' '{"year": "2022/23", "from": "2022-04-01", "to": "2023-03-31", "contacts": 0' '"council_denominator": "Every referral in the period", "council_total": 1'; do
  grep -qF "$k" "$T/kpi2.json" && ok || bad "KPI JSON has $k: $(head -c 2000 "$T/kpi2.json")"
done
"$BIN" --db "$L" report lado --from 2025-04-01 --to 2026-03-31 --format csv | grep -q '^Activity over four financial years' && ok || bad "KPI CSV has the four years"

# --- IROs and localities from an empty database (issue 15) --------------------
F=$T/fresh.db
expect "fresh migrate" 0 "" -- "$BIN" --db "$F" migrate
expect "iro add on a fresh database" 0 "Added Sam Patel (id 1): capacity 48 children, Active." -- "$BIN" --db "$F" iro add "Sam Patel" --fte 0.8
out=$(echo 'a long password here' | "$BIN" --db "$F" user add sam --role iro --iro "Sam Patel" 2>&1); rc=$?
[ "$rc" = 0 ] && ok || bad "user add --iro the new IRO: exit $rc: $out"
"$BIN" --db "$F" iros | grep -qE '^1 +Sam Patel +0\.80 +0 +48 ok$' && ok || bad "iros shows capacity 48: $("$BIN" --db "$F" iros)"
expect "locality add" 0 "Added the locality North." -- "$BIN" --db "$F" locality add North
expect "locality add again, other capitals" 1 "" -- "$BIN" --db "$F" locality add "NORTH"
err_has "duplicate locality explained" "There is already a locality called North"
expect "locality add South" 0 "" -- "$BIN" --db "$F" locality add South
expect "locality rename" 0 "Renamed the locality South to South West." -- "$BIN" --db "$F" locality rename South "South West"
out=$("$BIN" --db "$F" locality list)
[ "$out" = "$(printf '%-30s 0 IROs, 0 children\n%-30s 0 IROs, 0 children' North 'South West')" ] && ok || bad "locality list: [$out]"
expect "iro edit" 0 "Changed Sam Patel (id 1): capacity 55 children, Active." -- "$BIN" --db "$F" iro edit "Sam Patel" --fte 1 --other-duties 5 --email sam@example.org --locality North --locality "south west"
[ "$(sqlite3 "$F" "SELECT after_value FROM audit_log WHERE action='iro.change'")" = "email: (none) -> sam@example.org; fte: 0.8 -> 1; other duties: 0 -> 5; localities: (none) -> North, South West" ] && ok || bad "iro edit audited field by field: $(sqlite3 "$F" "SELECT after_value FROM audit_log WHERE action='iro.change'")"
expect "iro edit bad fte" 1 "" -- "$BIN" --db "$F" iro edit 1 --fte 2
err_has "fte range in words" "fte '2' must be more than 0 and at most 1.5"
expect "iro edit unknown locality" 1 "" -- "$BIN" --db "$F" iro edit 1 --locality Nowhere
expect "iro edit nobody" 1 "" -- "$BIN" --db "$F" iro edit "Nobody" --fte 1
expect "iro add needs --fte" 2 "" -- "$BIN" --db "$F" iro add "Kim Lee"
expect "iro edit left date" 0 "Changed Sam Patel (id 1): capacity 55 children, Left on 3 December 2025." -- "$BIN" --db "$F" iro edit 1 --left 2025-12-03
"$BIN" --db "$F" iros | grep -q "(Left on 3 December 2025)" && ok || bad "iros says when an IRO left"
expect "iro edit bad date" 2 "" -- "$BIN" --db "$F" iro edit 1 --left 2025-02-30
# export, then import into another database: the same file comes back out.
expect "export iros" 0 "" -- "$BIN" --db "$F" export iros "$T/iros.csv"
[ "$(cat "$T/iros.csv")" = "$(printf 'name,email,fte,other_duties,localities,start_date,left_date\r\nSam Patel,sam@example.org,1,5,North;South West,,2025-12-03\r')" ] && ok || bad "export iros: [$(cat "$T/iros.csv")]"
G=$T/fresh2.db
"$BIN" --db "$G" locality add North >/dev/null && "$BIN" --db "$G" locality add "South West" >/dev/null
expect "import iros" 0 "Imported iros.csv: 1 IRO added, 0 changed, 0 unchanged." -- "$BIN" --db "$G" import iros "$T/iros.csv"
expect "import iros again" 0 "Imported iros.csv: 0 IROs added, 0 changed, 1 unchanged." -- "$BIN" --db "$G" import iros "$T/iros.csv"
"$BIN" --db "$G" export iros "$T/iros2.csv" && cmp -s "$T/iros.csv" "$T/iros2.csv" && ok || bad "import then export gives the same file"
printf 'name,fte\nKim Lee,1\nJo Bloggs,2\n' > "$T/bad-iros.csv"
expect "import iros with a bad last row" 1 "" -- "$BIN" --db "$G" import iros "$T/bad-iros.csv"
err_has "bad row named" "bad-iros.csv line 3: fte '2' must be more than 0 and at most 1.5"
[ "$(sqlite3 "$G" "SELECT count(*) FROM iro")" = 1 ] && ok || bad "a bad import loads nothing"

# --- schema versions ----------------------------------------------------------
sqlite3 "$T/r.db" "INSERT INTO schema_version(version, applied_at) VALUES(999, 'future')"
expect "newer database refused" 1 "" -- "$BIN" --db "$T/r.db" due
err_has "refusal explains" "newer Oversight"

# (The annual report and the SSDA903 imports and exports are in
# tests/cli-returns.sh, a meson test of its own that runs beside this one.)

# --- another program writing, a damaged file (issue 14 items 1 and 2) --------
# A command waits for an import in another window instead of dying after 5 s.
L=$T/lock.db
"$BIN" --db "$L" demo --children 20 --seed 3 --as-of 2026-11-23 >/dev/null 2>&1
ref=$(sqlite3 "$L" "SELECT child_ref FROM child ORDER BY id LIMIT 1")
reviews=$(sqlite3 "$L" "SELECT count(*) FROM review")
python3 - "$L" "$T/locked" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('BEGIN IMMEDIATE')
open(sys.argv[2], 'w').close()
time.sleep(7)
c.execute('COMMIT')
PY
holder=$!
for _ in $(seq 100); do [ -e "$T/locked" ] && break; sleep 0.1; done
expect "review add waits for the lock" 0 "" -- "$BIN" --db "$L" review add "$ref" --held 2026-11-20 --participation PN1 --mode virtual --as-of 2026-11-23
err_has "says why it waits" "waiting for another program to finish writing"
wait "$holder"
[ "$(sqlite3 "$L" "SELECT count(*) FROM review")" = $((reviews + 1)) ] && ok || bad "the review was saved after the wait"
expect "check a whole database" 0 "" -- "$BIN" --db "$L" check
# Damage the episodes' pages: commands fail rather than print short lists.
python3 - "$L" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
size = c.execute('PRAGMA page_size').fetchone()[0]
pages = [r[0] for r in c.execute("SELECT pageno FROM dbstat WHERE name='episode' AND pagetype='leaf'")]
c.close()
with open(sys.argv[1], 'r+b') as f:
    for p in pages[1:]:
        f.seek((p - 1) * size)
        f.write(b'\x5a' * size)
PY
# check covers the audit chain too: an entry changed behind the triggers' back.
"$BIN" --db "$T/chk.db" demo --children 10 --seed 3 --as-of 2026-11-23 >/dev/null 2>&1
sqlite3 "$T/chk.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else' WHERE id = 3" 2>/dev/null
out=$("$BIN" --db "$T/chk.db" check 2>"$T/err"); rc=$?
[ "$rc" = 1 ] && ok || bad "check on a changed audit entry exits 1, got $rc"
echo "$out" | grep -q "entry 3" && ok || bad "check names the changed audit entry: $out"
expect "check a damaged database" 1 "" -- "$BIN" --db "$L" check
err_has "check says restore" "restore it from a backup"
expect "due on a damaged database fails" 1 "" -- "$BIN" --db "$L" due --as-of 2026-11-23
# The children are read before anything is printed: it says so, and lists nothing.
err_has "due says it cannot read the children" "cannot read the children's records, so nothing is listed"
# --- the audit log's chain (issue 14, item 9) ---------------------------------
# Tampering as someone holding the file would: the sqlite3 shell, triggers dropped.
n=$(sqlite3 "$OVERSIGHT_DB" "SELECT count(*) FROM audit_log")
[ "$n" -gt 5 ] && ok || bad "the demo database has audit entries ($n)"
out=$("$BIN" audit verify 2>"$T/err"); rc=$?
[ "$rc" = 0 ] && [ "$(echo "$out" | head -1)" = "audit log intact: $n entries" ] && ok || bad "audit verify on the demo: exit $rc [$out] $(cat "$T/err")"
echo "$out" | grep -qE '^last entry [0-9]+, hash [0-9a-f]{64}$' && ok || bad "audit verify prints the last hash: [$out]"
n_triggers() { sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name IN ('audit_log_no_update','audit_log_no_delete')"; }
cp "$OVERSIGHT_DB" "$T/tamper.db"
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='x' WHERE id=5"
[ "$(n_triggers "$T/tamper.db")" = 1 ] && ok || bad "trigger dropped for the test"
out=$("$BIN" --db "$T/tamper.db" audit verify 2>"$T/err"); rc=$?
[ "$rc" = 1 ] && ok || bad "audit verify on a changed entry exits 1, got $rc"
case "$out" in "audit log broken: entry 5 was changed"*"(the 4 entries before it are intact)") ok ;; *) bad "audit verify names entry 5: [$out]" ;; esac
err_has "a dropped trigger is reported" "the audit log's protection was missing and has been restored (audit_log_no_update)"
[ "$(n_triggers "$T/tamper.db")" = 2 ] && ok || bad "trigger restored at open"
sqlite3 "$T/tamper.db" "UPDATE audit_log SET actor='y' WHERE id=6" 2>/dev/null && bad "update allowed after restore" || ok
[ "$(sqlite3 "$T/tamper.db" "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")" = audit.protection-restored ] && ok || bad "restoring is audited"
# Any command puts them back, not only audit verify; a row deleted is named.
cp "$OVERSIGHT_DB" "$T/tamper2.db"
sqlite3 "$T/tamper2.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id=7"
expect "rules on a tampered database" 0 "" -- "$BIN" --db "$T/tamper2.db" rules
err_has "rules says the trigger was restored" "has been restored (audit_log_no_delete)"
[ "$(n_triggers "$T/tamper2.db")" = 2 ] && ok || bad "trigger restored by another command"
out=$("$BIN" --db "$T/tamper2.db" audit verify 2>"$T/err"); rc=$?
[ "$rc" = 1 ] && [ "$out" = "audit log broken: entry 7 is missing: 6 is followed by 8 (the 6 entries before it are intact)" ] && ok || bad "deleted entry named: exit $rc [$out]"
[ ! -s "$T/err" ] && ok || bad "restored once, not at every open: $(cat "$T/err")"
echo "not a database" > "$T/junk.db"
expect "audit verify unreadable" 2 "" -- "$BIN" --db "$T/junk.db" audit verify
expect "audit what" 2 "" -- "$BIN" audit check

# --- files only this account can read (issue 14, item 3) ----------------------
# (umask 022 at the top: left to itself, group and others could read.)
"$BIN" --db "$T/private.db" migrate >/dev/null && [ "$(stat -c %a "$T/private.db")" = 600 ] && ok || bad "new database mode $(stat -c %a "$T/private.db")"
"$BIN" export escalations "$T/esc-private.csv" && [ "$(stat -c %a "$T/esc-private.csv")" = 600 ] && ok || bad "export mode $(stat -c %a "$T/esc-private.csv")"
"$BIN" report weekly --as-of 2026-11-23 --out "$T/weekly-private.csv" && [ "$(stat -c %a "$T/weekly-private.csv")" = 600 ] && ok || bad "report --out mode $(stat -c %a "$T/weekly-private.csv")"
# serve warns about a database others can read, and only then.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
serve_err() {
  "$BIN" --db "$1" serve --listen "127.0.0.1:$port" --threads 1 > "$T/serve.out" 2> "$T/serve.err" &
  local pid=$! i
  for i in $(seq 100); do grep -q "is running" "$T/serve.out" && break; sleep 0.1; done
  stat -c %a "$1-wal" "$1-shm" 2>&1 | tr '\n' ' ' > "$T/serve.walmode"
  kill "$pid"; wait "$pid"
  cat "$T/serve.err"
}
cp "$T/private.db" "$T/shared.db"; chmod 644 "$T/shared.db"
serve_err "$T/shared.db" | grep -qxF "oversight serve: warning: $T/shared.db can be read by other accounts on this machine (mode 0644); run chmod 600 $T/shared.db" && ok || bad "serve warns on a 644 database: $(cat "$T/serve.err")"
serve_err "$T/private.db" | grep -q warning && bad "serve warns on a 600 database: $(cat "$T/serve.err")" || ok
[ "$(cat "$T/serve.walmode")" = "600 600 " ] && ok || bad "-wal and -shm modes while serving: $(cat "$T/serve.walmode")"
grep -q "is running" "$T/serve.out" && ok || bad "serve started: $(cat "$T/serve.out" "$T/serve.err")"
# --- CSV injection (issue 14): a text cell a spreadsheet would run is written
# with a ' in front, and the imports take it off, so files go round exactly.
F=$T/f.db
"$BIN" --db "$F" migrate >/dev/null
kid="INSERT INTO child(id, child_ref, given_name, family_name, dob, sex) VALUES(1, 'C1', 'Zoë', 'O''Brien', '2014-02-03', 'F');
  INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement) VALUES(1, '2025-12-01', 'S', 'C2', 'N1', 'U4');"
sqlite3 "$F" "$kid"
expect "escalation with a formula as its concern" 0 "" -- "$BIN" --db "$F" escalation raise --children C1 --category permanence \
  --topic placement --concern '=HYPERLINK("http://x","y")' --outcome-wanted "'=typed with a quote" \
  --responder '@team' --raised-by '-3' --on 2026-01-05
"$BIN" --db "$F" export escalations "$T/esc-f.csv" && ok || bad "export escalations"
grep -qF ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"," "$T/esc-f.csv" && ok || bad "concern exported as '=HYPERLINK: $(sed -n 2p "$T/esc-f.csv")"
grep -qF ",''=typed with a quote," "$T/esc-f.csv" && ok || bad "a typed '= gets a second quote"
grep -qF ",'@team," "$T/esc-f.csv" && grep -qF "2026-01-05,'-3," "$T/esc-f.csv" && ok || bad "@ and - cells quoted"
grep -q '^1,2026-01-05,' "$T/esc-f.csv" && ok || bad "the escalation number is a number, written as it is"
"$BIN" --db "$T/f2.db" migrate >/dev/null
sqlite3 "$T/f2.db" "$kid"
expect "import escalations an export" 0 "" -- "$BIN" --db "$T/f2.db" import escalations "$T/esc-f.csv"
[ "$(sqlite3 "$T/f2.db" "SELECT concern || '|' || outcome_wanted FROM escalation")" = "=HYPERLINK(\"http://x\",\"y\")|'=typed with a quote" ] && ok || bad "import takes the quote off: $(sqlite3 "$T/f2.db" "SELECT concern, outcome_wanted FROM escalation")"
"$BIN" --db "$T/f2.db" export escalations "$T/esc-f2.csv" && cmp -s "$T/esc-f.csv" "$T/esc-f2.csv" && ok || bad "escalations export, import, export is the same file"
"$BIN" --db "$F" escalation list --format csv | grep -qF "'@team" && ok || bad "escalation list csv quotes the responder"
# A hand-made LADO tracker with a formula: read as typed, exported quoted.
sed 's/Grabbed an arm/=1+2/; s/,Shouted,/,"=HYPERLINK(""http:\/\/x"",""y"")",/' "$T/lado.csv" > "$T/lado-f.csv"
"$BIN" --db "$T/lf.db" migrate >/dev/null
"$BIN" --db "$T/lf2.db" migrate >/dev/null
expect "import lado with formulas" 0 "" -- "$BIN" --db "$T/lf.db" import lado "$T/lado-f.csv"
"$BIN" --db "$T/lf.db" export lado "$T/lado-f1.csv"
grep -qF ",'=1+2," "$T/lado-f1.csv" && grep -qF ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"," "$T/lado-f1.csv" && ok || bad "lado export quotes formulas: $(cat "$T/lado-f1.csv")"
expect "import lado an export" 0 "" -- "$BIN" --db "$T/lf2.db" import lado "$T/lado-f1.csv"
"$BIN" --db "$T/lf2.db" export lado "$T/lado-f2.csv" && cmp -s "$T/lado-f1.csv" "$T/lado-f2.csv" && ok || bad "lado export, import, export is the same file"
# Oversight records have their own reader: a note corrected to a formula
# comes back from its export unchanged.
sqlite3 "$OVERSIGHT_DB" ".backup '$T/or.db'"
"$BIN" --db "$T/or.db" export oversight-records "$T/or.csv" && ok || bad "export oversight-records"
python3 - "$T/or.csv" "$T/or-f.csv" <<'PY' && ok || bad "oversight records to edit"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert len(rows) > 1
rows[1][rows[0].index('note_a')] = '=HYPERLINK("http://x","y")'
csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8')).writerows(rows)
PY
expect "import oversight-records with a formula note" 0 "" -- "$BIN" --db "$T/or.db" import oversight-records "$T/or-f.csv"
"$BIN" --db "$T/or.db" export oversight-records "$T/or1.csv"
grep -qF "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" "$T/or1.csv" && ok || bad "oversight records export quotes the note"
out=$("$BIN" --db "$T/or.db" import oversight-records "$T/or1.csv")
case "$out" in *" 0 corrected"*) ok ;; *) bad "importing the export changes nothing: $out" ;; esac
"$BIN" --db "$T/or.db" export oversight-records "$T/or2.csv" && cmp -s "$T/or1.csv" "$T/or2.csv" && ok || bad "oversight records export, import, export is the same file"
# --- user unlock: lifts sign-in locks from every network (issue 14 item 8) ---
U=$T/users.db
echo 'a long password for the cli test' | "$BIN" --db "$U" user add lockme --role board >/dev/null
sqlite3 "$U" "INSERT INTO login_lock(user_id, network, failed_count, last_failed_at, locked_until)
  SELECT id, n, 5, '2026-01-01T00:00:00Z', '2999-01-01T00:00:00Z' FROM users, (SELECT '192.0.2.9' AS n UNION SELECT '2001:db8::/64')
  WHERE username = 'lockme'"
expect "user unlock" 0 "Unlocked lockme (it was locked for 2 networks)." -- "$BIN" --db "$U" user unlock lockme
[ "$(sqlite3 "$U" "SELECT count(*) FROM login_lock")" = 0 ] && ok || bad "unlock removes the locks"
[ "$(sqlite3 "$U" "SELECT count(*) FROM audit_log WHERE action = 'user.unlock' AND record = 'user:lockme'
  AND before_value = 'locked for 2 networks: 192.0.2.9, 2001:db8::/64'")" = 1 ] && ok || bad "unlock audited"
expect "user unlock, not locked" 0 "lockme was not locked." -- "$BIN" --db "$U" user unlock lockme
expect "user unlock, no such user" 1 "" -- "$BIN" --db "$U" user unlock nobody-here
err_has "unknown user named" "There is no user called nobody-here"
expect "user unlock needs a name" 2 "" -- "$BIN" --db "$U" user unlock

# --- users as a system of record (issue 15): no password typed for anyone ---
out=$("$BIN" --db "$U" user add qa1 --role qa-manager --name "Quinn O'Brien" --email quinn@council.gov.uk --temporary)
pw=$(printf '%s\n' "$out" | sed -n 's/^Temporary password for qa1: //p')
[[ "$pw" =~ ^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$ ]] && ok || bad "user add --temporary prints a readable password: [$out]"
[ "$(sqlite3 "$U" "SELECT must_change_password || ' ' || email FROM users WHERE username = 'qa1'")" = "1 quinn@council.gov.uk" ] \
  && ok || bad "user add --temporary: must change, email kept"
[ "$(sqlite3 "$U" "SELECT count(*) FROM users WHERE password_hash LIKE '%$pw%'") $(sqlite3 "$U" "SELECT count(*) FROM audit_log WHERE after_value LIKE '%$pw%'")" = "0 0" ] \
  && ok || bad "the temporary password is stored nowhere as it is"
out=$("$BIN" --db "$U" user add lee1 --role lado --link)
tok=$(printf '%s\n' "$out" | sed -n 's|^One-time link for lee1: /password/set?token=||p')
[[ "$tok" =~ ^[0-9a-f]{64}$ ]] && ok || bad "user add --link prints a link with a 256-bit token: [$out]"
[ "$(sqlite3 "$U" "SELECT count(*) FROM password_token t JOIN users u ON u.id = t.user_id WHERE u.username = 'lee1' AND t.token_hash <> '$tok'
  AND julianday(t.expires_at) - julianday(t.created_at) BETWEEN 2.999 AND 3.001")" = 1 ] && ok || bad "the link: hash only, 72 hours"
expect "user add: both ways" 2 "" -- "$BIN" --db "$U" user add x1 --role board --temporary --link
expect "user add: bad email" 1 "" -- "$BIN" --db "$U" user add x2 --role board --email "not an email" --temporary
err_has "bad email named" "Email must be an address"
echo 'a long password for the cli test' | "$BIN" --db "$U" user add typed1 --role board --email t@council.gov.uk >/dev/null \
  && ok || bad "user add with the password on standard input still works"
# The issue's own words: an IRO added, then their user, with nothing typed.
S=$T/sam.db
expect "iro add on a fresh database" 0 "Added Sam Patel (id 1): capacity 48 children, Active." -- "$BIN" --db "$S" iro add "Sam Patel" --fte 0.8
out=$("$BIN" --db "$S" user add sam --role iro --iro "Sam Patel" </dev/null)
[[ "$out" == "Added sam (IRO)."*"Temporary password for sam: "* ]] && ok || bad "user add with no password gives a temporary one: [$out]"
[ "$(sqlite3 "$S" "SELECT must_change_password || ' ' || (iro_id IS NOT NULL) FROM users WHERE username = 'sam'")" = "1 1" ] \
  && ok || bad "sam must change the temporary password and is linked to the IRO"
out=$(echo "" | "$BIN" --db "$S" user add sam2 --role board)
[[ "$out" == *"Temporary password for sam2: "* ]] && ok || bad "an empty line gives a temporary password too: [$out]"
expect "user edit" 0 "Saved qa1." -- "$BIN" --db "$U" user edit qa1 --name "Quinn Obi" --email "" --role board
[ "$(sqlite3 "$U" "SELECT display_name || '|' || coalesce(email, '') || '|' || role FROM users WHERE username = 'qa1'")" = "Quinn Obi||board" ] \
  && ok || bad "user edit changes name, email and role"
[ "$(sqlite3 "$U" "SELECT before_value || ' -> ' || after_value FROM audit_log WHERE action = 'user.details' AND record = 'user:qa1'")" = \
  "name Quinn O'Brien, email quinn@council.gov.uk -> name Quinn Obi, email none" ] && ok || bad "user edit audited before and after"
expect "user edit: nothing to change" 1 "" -- "$BIN" --db "$U" user edit qa1
# Email digests: each person's to turn off (issue 18), audited, and only
# with edit; on and off are the only values.
expect "user edit --digests off" 0 "Saved qa1." -- "$BIN" --db "$U" user edit qa1 --digests off
[ "$(sqlite3 "$U" "SELECT email_digests FROM users WHERE username = 'qa1'")" = 0 ] && ok || bad "digests not turned off"
[ "$(sqlite3 "$U" "SELECT before_value || ' -> ' || after_value FROM audit_log WHERE action = 'user.digests' AND record = 'user:qa1'")" = \
  "email digests on -> email digests off" ] && ok || bad "--digests not audited"
expect "user edit --digests maybe" 2 "" -- "$BIN" --db "$U" user edit qa1 --digests maybe
err_has "user edit --digests maybe" "--digests must be on or off"
expect "user add --digests" 2 "" -- "$BIN" --db "$U" user add qa9 --role board --digests off
expect "user edit --digests on" 0 "Saved qa1." -- "$BIN" --db "$U" user edit qa1 --digests on
[ "$(sqlite3 "$U" "SELECT email_digests FROM users WHERE username = 'qa1'")" = 1 ] && ok || bad "digests not turned on again"
old=$(sqlite3 "$U" "SELECT password_hash FROM users WHERE username = 'typed1'")
sqlite3 "$U" "INSERT INTO session(id_hash, user_id, csrf, created_at, last_seen_at) SELECT 'h', id, 'c', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM users WHERE username = 'typed1'"
out=$("$BIN" --db "$U" user reset typed1)
[[ "$out" == *"Temporary password for typed1: "* ]] && ok || bad "user reset gives a temporary password: [$out]"
[ "$(sqlite3 "$U" "SELECT password_hash <> '$old' AND must_change_password = 1 FROM users WHERE username = 'typed1'") $(sqlite3 "$U" "SELECT count(*) FROM session")" = "1 0" ] \
  && ok || bad "user reset replaces the password and ends the sessions"
out=$("$BIN" --db "$U" user reset typed1 --link)
[[ "$out" == *"One-time link for typed1: /password/set?token="* ]] && ok || bad "user reset --link: [$out]"
out=$("$BIN" --db "$U" user list)
[[ "$out" == *"t@council.gov.uk"*"last signed in: Never"* ]] && ok || bad "user list shows email and last sign-in: [$out]"
printf 'username,display_name,email,role,iro\nnew.one,New One,new@council.gov.uk,board,\nqa1,Quinn Obi,q@council.gov.uk,board,\nbad1,Bad,,boss,\n' > "$T/users.csv"
expect "import users: a bad row loads nothing" 1 "" -- "$BIN" --db "$U" import users "$T/users.csv"
err_has "bad role named by line" "users.csv line 4: role 'boss' is not a role: choose admin"
[ "$(sqlite3 "$U" "SELECT count(*) FROM users WHERE username = 'new.one'")" = 0 ] && ok || bad "import users is all or nothing"
head -3 "$T/users.csv" > "$T/users2.csv"
out=$("$BIN" --db "$U" import users "$T/users2.csv")
[[ "$out" == *"new.one temporary password "*"1 added, 1 changed, 0 unchanged."* ]] && ok || bad "import users adds and updates: [$out]"
expect "import users again changes nothing" 0 "0 added, 0 changed, 2 unchanged." -- "$BIN" --db "$U" import users "$T/users2.csv"
[ "$(sqlite3 "$U" "SELECT count(*) FROM users WHERE username = 'qa1'")" = 1 ] && ok || bad "import users does not duplicate"
expect "export users" 0 "" -- "$BIN" --db "$U" export users "$T/out.csv"
head -1 "$T/out.csv" | grep -q '^username,display_name,email,role,iro,status,last_signed_in' && ok || bad "export users header"
grep -q 'argon2\|token' "$T/out.csv" && bad "export users holds no secrets" || ok
expect "an export imports as it is" 0 "" -- "$BIN" --db "$U" import users "$T/out.csv"
# OVERSIGHT_SQL_PROFILE shows each statement's SQL, never the values bound
# to it (people's details, tokens, password hashes).
echo 'a long enough password' | OVERSIGHT_SQL_PROFILE=1 "$BIN" --db "$T/prof.db" user add profiled-user --role board >/dev/null 2>"$T/err"
grep -q '^sql ' "$T/err" && ok || bad "the profile prints statements"
grep -q 'profiled-user' "$T/err" && bad "the profile printed a bound value: $(grep profiled-user "$T/err" | head -2)" || ok

# --- children's own records (issue 15) -----------------------------------------
C=$T/children.db
expect "migrate a fresh database" 0 "" -- "$BIN" --db "$C" migrate
sqlite3 "$C" "INSERT INTO locality(name) VALUES('North'), ('South')"
expect "child add" 0 "Added Ava O'Brien (ID K-1 x), born 2015-03-27." -- "$BIN" --db "$C" child add "K-1 x" --given Ava --family "O'Brien" --dob 2015-03-27 --sex F --ethnicity WBRI --uasc no --sen support --locality North
expect "child add a duplicate" 1 "" -- "$BIN" --db "$C" child add "K-1 x" --given Ava --family Smith --dob 2015-03-27
err_has "duplicate named" "child_ref 'K-1 x' is already a child's ID"
expect "child add needs names" 2 "" -- "$BIN" --db "$C" child add K2 --given Bo
expect "child add a bad date and locality" 1 "" -- "$BIN" --db "$C" child add K2 --given Bo --family Li --dob 2010-02-29 --locality Nowhere
err_has "dob named" "dob '2010-02-29' is not a real date"
err_has "locality named" "locality 'Nowhere' is not a locality"
expect "child edit" 0 "Corrected 2 details of K-1 x (each in the audit log)." -- "$BIN" --db "$C" child edit "K-1 x" --family Smyth --locality South
expect "child edit again changes nothing" 0 "Nothing changed: K-1 x's details were already so." -- "$BIN" --db "$C" child edit "K-1 x" --family Smyth
[ "$(sqlite3 "$C" "SELECT before_value || ' -> ' || after_value FROM audit_log WHERE action='child.correct' ORDER BY id")" = $'family_name: O\'Brien -> family_name: Smyth\nlocality: North -> locality: South' ] && ok || bad "child edit audited field by field"
expect "child edit an unknown child" 1 "" -- "$BIN" --db "$C" child edit NOPE --family X
expect "the timeline still works" 0 "" -- "$BIN" --db "$C" child "K-1 x"
expect "child add K2" 0 "" -- "$BIN" --db "$C" child add K2 --given Bo --family Li --dob 2012-06-01
expect "siblings link" 0 "Linked K-1 x and K2 as siblings." -- "$BIN" --db "$C" siblings link "K-1 x" K2
[ "$(sqlite3 "$C" "SELECT count(DISTINCT sibling_group_id) || ' ' || count(*) FROM child WHERE sibling_group_id IS NOT NULL")" = "1 2" ] && ok || bad "siblings in one group"
expect "siblings unlink" 0 "" -- "$BIN" --db "$C" siblings unlink K2
expect "notification add" 0 "" -- "$BIN" --db "$C" notification add K2 --on 2026-01-05
expect "notification in the future" 1 "" -- "$BIN" --db "$C" notification add K2 --on "$(date -d tomorrow +%F)"
# Export, load names over 903-style placeholders, and import back.
expect "export children" 0 "" -- "$BIN" --db "$C" export children "$T/children.csv"
[ "$(head -1 "$T/children.csv" | tr -d '\r')" = "child_ref,given_name,family_name,dob,sex,ethnicity,uasc,disability,sen,locality" ] && ok || bad "children.csv header"
expect "import children unchanged" 0 "Loaded children.csv: 0 children added, 0 corrected, 2 unchanged." -- "$BIN" --db "$C" import children "$T/children.csv"
sqlite3 "$C" "INSERT INTO child(child_ref, given_name, family_name, dob, sex) VALUES('100006', 'Child', '100006', '2013-04-05', 'M')"
printf 'child_ref,given_name,family_name,dob,sex,ethnicity,uasc,disability,sen,locality\r\n100006,Aoife,Ng,2013-04-05,M,,no,,,North\r\nK3,Cy,Li,2019-01-01,U,,,,,\r\n' > "$T/names.csv"
expect "import names" 0 "Loaded names.csv: 1 child added, 1 corrected, 0 unchanged." -- "$BIN" --db "$C" import children "$T/names.csv"
[ "$(sqlite3 "$C" "SELECT given_name || ' ' || family_name FROM child WHERE child_ref='100006'")" = "Aoife Ng" ] && ok || bad "names loaded over the placeholder"
printf 'child_ref,given_name,family_name,dob,sex,ethnicity,uasc,disability,sen,locality\nK4,Di,Li,2019-01-01,F,,,,,\nK5,Ed,Li,31/02/2010,F,WXYZ,,,,\n' > "$T/bad.csv"
n=$(sqlite3 "$C" "SELECT count(*) FROM child")
expect "import children with a bad row" 1 "" -- "$BIN" --db "$C" import children "$T/bad.csv"
err_has "bad row named with line and field" "bad.csv line 3: dob '31/02/2010' is not a real date; ethnicity 'WXYZ' is not a DfE ethnicity code"
err_has "nothing loaded" "Nothing was loaded"
[ "$(sqlite3 "$C" "SELECT count(*) FROM child")" = "$n" ] && ok || bad "a bad row loads nothing"

# --- placements: episodes, registration, postcodes (issue 15) --------------
P=$T/pl.db
"$BIN" --db "$P" migrate >/dev/null
sqlite3 "$P" "INSERT INTO child(child_ref, given_name, family_name, dob, sex) VALUES ('PL1', 'Sam', 'O''Brien', '2012-05-10', 'M')"
expect "episode add" 0 "" -- "$BIN" --db "$P" episode add PL1 --start 2025-01-06 --rne S --legal C2 --cin N1 --placement U4 --provider PR1 --postcode "TW3 1AA" --home-postcode "TW1 3AA"
expect "episode add: S while looked after" 1 "" -- "$BIN" --db "$P" episode add PL1 --start 2025-03-03 --rne S --legal C2 --cin N1 --placement K2
err_has "names --rne" "episode: --rne: "
expect "episode add: bad codes" 1 "" -- "$BIN" --db "$P" episode add PL1 --start 2025-03-03 --rne P --legal C9 --cin N1 --placement Q1 --postcode nowhere --registration maybe
err_has "names --legal" "episode: --legal: Select the legal status"
err_has "names --placement" "episode: --placement: Select the placement type"
err_has "names --postcode" "episode: --postcode: Enter the placement postcode as a full UK postcode"
err_has "names --registration" "episode: --registration: "
expect "episode add: before the open one" 1 "" -- "$BIN" --db "$P" episode add PL1 --start 2024-12-01 --rne P --legal C2 --cin N1 --placement K2
err_has "names --start" "episode: --start: The start date must be after the start of the child's latest episode"
expect "episode add: missing option" 2 "" -- "$BIN" --db "$P" episode add PL1 --start 2025-03-03
expect "episode add ends the open one" 0 "" -- "$BIN" --db "$P" episode add PL1 --start 2025-03-03 --rne P --legal C2 --cin N1 --placement K2 --provider PR4 --postcode "KT1 1AA" --registration unregulated
[ "$(sqlite3 "$P" "SELECT end_date || ' ' || end_reason FROM episode WHERE start_date='2025-01-06'")" = "2025-03-03 X1" ] && ok || bad "the open episode ended on the new one's start, X1"
[ "$(sqlite3 "$P" "SELECT registration FROM episode WHERE start_date='2025-03-03'")" = "supported" ] && ok || bad "unregulated stored"
ep=$(sqlite3 "$P" "SELECT id FROM episode WHERE start_date='2025-03-03'")
expect "episode mark" 0 "Episode $ep of PL1 is now unregistered." -- "$BIN" --db "$P" episode mark PL1
out=$("$BIN" --db "$P" due --status all --as-of 2025-03-04 --format csv)
case "$out" in *"PL1,"*"unreg-qa-notified"*) ok ;; *) bad "marked unregistered: unreg-qa-notified due: $out" ;; esac
case "$out" in *"unreg-visit"*"2025-03-17"*) ok ;; *) bad "marked unregistered: visit due 2 weeks later: $out" ;; esac
expect "episode unmark" 0 "Episode $ep of PL1 is now registered." -- "$BIN" --db "$P" episode unmark PL1
expect "episode edit" 0 "Episode $ep of PL1: 2 fields corrected." -- "$BIN" --db "$P" episode edit PL1 "$ep" --urn SC123456 --registration not-applicable
[ "$(sqlite3 "$P" "SELECT before_value || ' -> ' || after_value FROM audit_log WHERE action='episode.correct' AND after_value LIKE '%URN%'")" = "episode $ep URN: (blank) -> episode $ep URN: SC123456" ] && ok || bad "correction audited before and after"
expect "episode edit: end before start" 1 "" -- "$BIN" --db "$P" episode edit PL1 "$ep" --end 2025-01-01 --end-reason E13
err_has "names --end" "episode: --end: The end date must be on or after the start date"
expect "episode edit: no such episode" 1 "" -- "$BIN" --db "$P" episode edit PL1 999
expect "episode end: X1 refused" 1 "" -- "$BIN" --db "$P" episode end PL1 --on 2025-06-30 --reason X1
err_has "names --reason" "episode: --reason: "
expect "episode end" 0 "" -- "$BIN" --db "$P" episode end PL1 --on 2025-06-30 --reason E13
expect "episode end: nothing open" 1 "" -- "$BIN" --db "$P" episode end PL1 --on 2025-07-30 --reason E13
err_has "names --on" "episode: --on: The child is not looked after now"
# Postcodes: the simple form, then the ONS directory's columns.
printf 'postcode,easting,northing,la\nTW1 3AA,516000,173000,E09000027\nTW3 1AA,513000,177000,E09000018\nKT1 1AA,546000,213000,E09000021\n' > "$T/pc.csv"
expect "postcodes load (simple)" 0 "3 postcodes loaded. Of 2 episodes, 2 have a distance from home and 2 an area." -- "$BIN" --db "$P" postcodes load "$T/pc.csv" --la E09000027
# By hand: 3 km by 4 km is 5 km, 3.1 miles; 30 by 40 km is 50 km, 31.1 miles.
[ "$(sqlite3 "$P" "SELECT group_concat(distance_miles || ':' || in_area, ' ') FROM (SELECT * FROM episode ORDER BY start_date)")" = "3.1:0 31.1:0" ] && ok || bad "distances and areas from the simple table"
printf 'pcd,pcd2,laua,oseast1m,osnrth1m\nTW1 3AA,TW1  3AA,E09000027,516000,173000\nKT1 1AA,KT1  1AA,E09000021,546000,213000\n' > "$T/ons.csv"
expect "postcodes load (ONS)" 0 "" -- "$BIN" --db "$P" postcodes load "$T/ons.csv" --la E09000021
[ "$(sqlite3 "$P" "SELECT group_concat(coalesce(distance_miles, '-') || ':' || coalesce(in_area, '-'), ' ') FROM (SELECT * FROM episode ORDER BY start_date)")" = "-:- 31.1:1" ] && ok || bad "recomputed for every episode from the ONS table"
printf 'code,x\nTW1 3AA,1\n' > "$T/bad.csv"
expect "postcodes load: wrong columns" 1 "" -- "$BIN" --db "$P" postcodes load "$T/bad.csv"
err_has "names the column" "there is no pcd column"
expect "check after placements" 0 "" -- "$BIN" --db "$P" check

# --- review recommendations tracked to done (issue 16) -------------------------
RC=$T/rec.db
"$BIN" --db "$RC" migrate >/dev/null
sqlite3 "$RC" "INSERT INTO child(id, child_ref, given_name, family_name, dob, sex) VALUES(1, 'C1', 'Zoë', 'O''Brien', '2014-02-03', 'F');
  INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement) VALUES(1, '2025-12-01', 'S', 'C2', 'N1', 'U4');
  INSERT INTO iro(id, name) VALUES(1, 'Sam Patel');
  INSERT INTO allocation(child_id, iro_id, start_date, reason) VALUES(1, 1, '2025-12-02', 'new to care');"
expect "owner without a role" 2 "" -- "$BIN" --db "$RC" review add C1 --held 2026-01-02 --participation PN1 --mode virtual --as-of 2026-01-02 --recommendation "See the dentist" --owner "dentist:Dr Who" --due 2026-02-02
err_has "names the roles" "social-worker, team-manager, carer"
expect "--due before any --recommendation" 2 "" -- "$BIN" --db "$RC" review add C1 --held 2026-01-02 --participation PN1 --mode virtual --due 2026-02-02
long=$(printf 'x%.0s' $(seq 1 1001))
expect "too long: refused, not cut" 1 "" -- "$BIN" --db "$RC" review add C1 --held 2026-01-02 --participation PN1 --mode virtual --as-of 2026-01-02 --recommendation "$long" --owner carer:Jo --due 2026-02-02
err_has "says the maximum" "1000 characters or fewer"
[ "$(sqlite3 "$RC" "SELECT count(*) FROM review")" = 0 ] && ok || bad "a refused recommendation saves no review either"
expect "review with three recommendations" 0 "" -- "$BIN" --db "$RC" review add C1 --held 2026-01-02 --participation PN1 --mode virtual --as-of 2026-01-02 \
  --recommendation "Book a dental check-up" --owner "carer:Jo O'Neill" --due 2026-01-30 \
  --recommendation "Refer to CAMHS, with the child's agreement" --owner social-worker:Lee --due 2026-02-27 \
  --recommendation "Update the PEP" --owner education:"Virtual School" --due 2026-03-31
expect "CSV as of the first due date" 0 "child_id,review_held,recommendation,owner,due_date,status
C1,2026-01-02,Book a dental check-up,carer:Jo O'Neill,2026-01-30,open
C1,2026-01-02,\"Refer to CAMHS, with the child's agreement\",social-worker:Lee,2026-02-27,open
C1,2026-01-02,Update the PEP,education:Virtual School,2026-03-31,open" -- "$BIN" --db "$RC" recommendations --as-of 2026-01-30 --format csv
expect "overdue the day after" 0 "child_id,review_held,recommendation,owner,due_date,status
C1,2026-01-02,Book a dental check-up,carer:Jo O'Neill,2026-01-30,overdue" -- "$BIN" --db "$RC" recommendations --as-of 2026-01-31 --status overdue --format csv
"$BIN" --db "$RC" due --as-of 2026-01-31 --format csv | grep -q '^C1,Zoë O.Brien,Sam Patel,recommendation,2026-01-30,overdue$' && ok || bad "an overdue recommendation is a deadline of the IRO"
expect "unknown IRO exits 1" 1 "" -- "$BIN" --db "$RC" recommendations --iro 2 --as-of 2026-01-31
err_has "unknown IRO" "no IRO"
expect "--iro" 0 "" -- "$BIN" --db "$RC" recommendations --iro "Sam Patel" --as-of 2026-01-31 --status open
expect "bad status" 2 "" -- "$BIN" --db "$RC" recommendations --status late
[ "$(sqlite3 "$RC" "SELECT count(*) FROM audit_log WHERE action='recommendation.add' AND record='child:C1'")" = 3 ] && ok || bad "each recommendation audited"
# The demo has some of each: done, open and overdue.
for st in done open overdue; do
  n=$("$BIN" --db "$OVERSIGHT_DB" recommendations --status $st --as-of 2026-11-23 --format csv | tail -n +2 | wc -l)
  [ "$n" -gt 0 ] && ok || bad "demo has $st recommendations"
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
