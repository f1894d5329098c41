#!/usr/bin/env bash
# tests/data-protection.sh BINARY: retention and subject access on the
# command line (docs/data-protection.md), on a demo database of its own: a
# demo child's subject access copy holds every row of theirs and nothing of
# another child; `retention due` lists a child on their 75th birthday and
# not the day before. (Destruction, which is done in the browser, is tested
# in tests/test_retention.c and tests/web/retention.test.mjs.)
set -u
BIN=$1
. "$(dirname "$0")/check.sh"

expect "demo" 0 "" -- "$BIN" demo --children 60 --seed 7 --as-of 2026-11-23
D=$OVERSIGHT_DB
# A: the demo child with the most reviews; B: a child sharing no sibling
# group or escalation with A, whose name and reference must not appear.
A=$(sqlite3 "$D" "SELECT c.child_ref FROM child c ORDER BY (SELECT count(*) FROM review r WHERE r.child_id = c.id) DESC, c.id LIMIT 1")
AID=$(sqlite3 "$D" "SELECT id FROM child WHERE child_ref = '$A'")
B=$(sqlite3 "$D" "SELECT c.child_ref FROM child c WHERE c.id <> $AID
  AND coalesce(c.sibling_group_id, -1) <> coalesce((SELECT sibling_group_id FROM child WHERE id = $AID), -2)
  AND NOT EXISTS (SELECT 1 FROM escalation_child x JOIN escalation_child y ON y.escalation_id = x.escalation_id
                  WHERE x.child_id = c.id AND y.child_id = $AID) ORDER BY c.id DESC LIMIT 1")
expect "sar child" 0 "" -- "$BIN" sar child "$A" "$T/sar"
[ "$(stat -c %a "$T/sar/subject-access.html")" = 600 ] && ok || bad "the copy is readable by this account only"
expect "sar child again into the same folder refuses" 1 "" -- "$BIN" sar child "$A" "$T/sar"
# Every row of A's, per kind, is in the CSV folder.
for pair in care_notification:03-care-notifications episode:04-placements allocation:05-allocations review:06-reviews \
            recommendation:08-recommendations contact:10-contacts unreg_event:14-unregistered oversight_record:15-oversight-records; do
  table=${pair%%:*} file=${pair#*:}
  want=$(sqlite3 "$D" "SELECT count(*) FROM $table WHERE child_id = $AID")
  got=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$T/sar/csv/$file.csv")
  [ "$want" = "$got" ] && ok || bad "sar: $table has $want rows of $A, the copy $got"
done
[ "$(sqlite3 "$D" "SELECT count(*) FROM review WHERE child_id = $AID")" -gt 1 ] && ok || bad "the child chosen has reviews"
# The people invited to A's reviews, their names marked for redaction review.
want=$(sqlite3 "$D" "SELECT count(*) FROM review_attendee WHERE review_id IN (SELECT id FROM review WHERE child_id = $AID)")
got=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$T/sar/csv/07-review-attendees.csv")
[ "$want" = "$got" ] && ok || bad "sar: $want people invited to $A's reviews, the copy $got"
head -1 "$T/sar/csv/07-review-attendees.csv" | grep -q 'review for redaction' && ok || bad "attendees' names not marked for redaction review"
# Entries about A's record, and about the escalations A is in.
want=$(sqlite3 "$D" "SELECT count(*) FROM audit_log WHERE record = 'child:$A'
  OR record IN (SELECT 'escalation:' || escalation_id FROM escalation_child WHERE child_id = $AID)")
got=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$T/sar/csv/20-audit-log.csv")
# The copy's own entry is written after it was read.
[ "$got" = $((want - 1)) ] && ok || bad "sar: every audit entry about $A ($((want - 1))), the copy $got"
python3 - "$T/sar" "$(sqlite3 "$D" "SELECT given_name || ' ' || family_name FROM child WHERE id = $AID")" \
  "$B" "$(sqlite3 "$D" "SELECT given_name || ' ' || family_name FROM child WHERE child_ref = '$B'")" <<'PY' && ok || bad "sar: A's name in, nothing of B ($B)"
import csv, glob, html, sys
d, a_name, b_ref, b_name = sys.argv[1:]
page = open(d + '/subject-access.html', encoding='utf-8').read()
assert html.escape(a_name, quote=True).replace('&#x27;', '&#39;') in page, a_name
assert b_name not in page and html.escape(b_name, quote=True).replace('&#x27;', '&#39;') not in page, b_name
assert b_ref not in page, b_ref
for f in glob.glob(d + '/csv/*.csv'):
    for row in csv.reader(open(f, newline='', encoding='utf-8')):
        for cell in row:
            assert cell != b_ref and b_name not in cell, (f, cell)
PY
grep -q 'review for redaction' "$T/sar/subject-access.html" && ok || bad "third parties marked for review"
[ "$(sqlite3 "$D" "SELECT count(*) FROM audit_log WHERE action = 'sar.child' AND record = 'child:$A'")" = 1 ] && ok || bad "the copy is audited"
expect "sar for no such child" 1 "" -- "$BIN" sar child NO-SUCH "$T/sar-none"
err_has "says so" 'no child has the reference "NO-SUCH"'
ADULT=$(sqlite3 "$D" "SELECT adult_name FROM lado_case ORDER BY id LIMIT 1")
expect "sar adult" 0 "" -- "$BIN" sar adult "$ADULT" "$T/sar-adult"
[ "$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$T/sar-adult/csv/01-cases.csv")" = \
  "$(sqlite3 "$D" "SELECT count(*) FROM lado_case WHERE adult_name = '$(printf %s "$ADULT" | sed "s/'/''/g")'")" ] && ok || bad "sar adult: every case naming them"
expect "sar needs a kind" 2 "" -- "$BIN" sar person X "$T/x"
# A private fostering arrangement by its number: its row, every visit of
# its own and nothing of another arrangement's child.
PF=$(sqlite3 "$D" "SELECT a.id FROM pf_arrangement a ORDER BY (SELECT count(*) FROM pf_visit v WHERE v.arrangement_id = a.id) DESC, a.id LIMIT 1")
PFOTHER=$(sqlite3 "$D" "SELECT child_name FROM pf_arrangement WHERE id <> $PF AND child_name <> (SELECT child_name FROM pf_arrangement WHERE id = $PF) ORDER BY id LIMIT 1")
expect "sar pf" 0 "" -- "$BIN" sar pf "$PF" "$T/sar-pf"
rows() { python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$1"; }
[ "$(rows "$T/sar-pf/csv/01-arrangement.csv")" = 1 ] && ok || bad "sar pf: the one arrangement"
[ "$(rows "$T/sar-pf/csv/02-visits.csv")" = "$(sqlite3 "$D" "SELECT count(*) FROM pf_visit WHERE arrangement_id = $PF")" ] \
  && ok || bad "sar pf: every visit of the arrangement"
[ -n "$PFOTHER" ] && ! grep -qF -- "$PFOTHER" "$T/sar-pf/subject-access.html" && ok || bad "sar pf: another child ($PFOTHER) in the copy"
[ "$(sqlite3 "$D" "SELECT count(*) FROM audit_log WHERE action = 'sar.pf' AND record = 'pf:$PF'")" = 1 ] && ok || bad "sar pf audited"
expect "sar pf for nobody" 1 "" -- "$BIN" sar pf "Nobody Atall" "$T/sar-pf-none"
err_has "says nothing is held" 'nothing is held'
# A member of staff: their account, never the password hash.
STAFF=$(sqlite3 "$D" "SELECT username FROM users ORDER BY id LIMIT 1")
HASH=$(sqlite3 "$D" "SELECT password_hash FROM users WHERE username = '$STAFF'")
expect "sar staff" 0 "" -- "$BIN" sar staff "$STAFF" "$T/sar-staff"
[ "$(rows "$T/sar-staff/csv/01-account.csv")" = 1 ] && ok || bad "sar staff: their account"
[ ${#HASH} -gt 10 ] && ! grep -rqF -- "$HASH" "$T/sar-staff" && ! grep -rq password_hash "$T/sar-staff" && ok || bad "sar staff: the password hash is in the copy"
[ "$(sqlite3 "$D" "SELECT count(*) FROM audit_log WHERE action = 'sar.staff' AND record = 'user:$STAFF'")" = 1 ] && ok || bad "sar staff audited"
# retention due: A is past retention on their 75th birthday, not the day before.
DOB=$(sqlite3 "$D" "SELECT dob FROM child WHERE id = $AID")
ON=$(python3 -c 'import sys,datetime; d=datetime.date.fromisoformat(sys.argv[1]); print(d.replace(year=d.year+75) if not (d.month==2 and d.day==29) else datetime.date(d.year+75,3,1))' "$DOB")
BEFORE=$(python3 -c 'import sys,datetime; print(datetime.date.fromisoformat(sys.argv[1]) - datetime.timedelta(days=1))' "$ON")
"$BIN" retention due --as-of "$BEFORE" --format csv | grep -q "^child,$A," && bad "retention: $A listed the day before $ON" || ok
"$BIN" retention due --as-of "$ON" --format csv | grep -q "^child,$A,retention_child_care,$DOB,$ON," && ok || bad "retention: $A listed on $ON"
[ "$("$BIN" retention due --format csv | head -1)" = "type,number,rule,counts_from,due_on,description" ] && ok || bad "retention CSV header"
"$BIN" retention due | grep -q "^Audit log: " && ok || bad "retention lists the audit log's rule"
expect "retention needs due" 2 "" -- "$BIN" retention
expect "retention bad date" 2 "" -- "$BIN" retention due --as-of 2026-02-30


echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
