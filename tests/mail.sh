#!/usr/bin/env bash
# tests/mail.sh BINARY: email from the outbox (docs/mail.md) through a
# real SMTP server (Debian's python3-aiosmtpd, tests/smtp_sink.py): the
# digest and the other daily emails (notices.c) on the demo, counts and
# record numbers and no child's, adult's or carer's name; an escalation's
# responder emailed when it is raised; delivered once, and not again by a
# second run; a user's set-password link, its only content, and gone from
# the database once sent; retried and failed
# against a server that is not there; and a sender killed with -9 in the
# middle of a batch loses nothing when run again. Skipped (77) without
# aiosmtpd.
set -u
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C
PY=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import aiosmtpd' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "SKIP: python3-aiosmtpd is not installed (scripts/install-deps test)"; exit 77; }
T=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
export OVERSIGHT_DB=$T/mail.db
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
q() { sqlite3 "$OVERSIGHT_DB" "$1"; }
# "recipient|subject" for each message a dry run printed.
pairs() { awk '/^To: /{to=substr($0,5)} /^Subject: /{print to "|" substr($0,10)}' "$1"; }

"$BIN" demo --children 120 --seed 3 --as-of 2026-11-23 >"$T/demo.out" 2>&1 || { echo "demo failed"; cat "$T/demo.out"; exit 1; }
"$BIN" settings set mail.base_url https://oversight.council.example >/dev/null || bad "set mail.base_url"
# Each locality's managers and the leadership list, for the weekly list,
# the monthly report and overdue escalations.
"$BIN" settings set mail.locality_managers \
  "$(q "SELECT group_concat(name || '=managers.' || id || '@council.example', '; ') FROM locality")" >/dev/null \
  || bad "set mail.locality_managers"
"$BIN" settings set mail.leadership "leaders@council.example, dcs@council.example" >/dev/null || bad "set mail.leadership"

# ---- The digest, dry run: one per IRO with something due, no names ----
DAY=2026-11-24
"$BIN" mail digest --dry-run --as-of $DAY >"$T/dry.out" 2>&1 || bad "mail digest --dry-run: $(cat "$T/dry.out")"
n=$(sed -n 's/^\([0-9]*\) digests for .*/\1/p' "$T/dry.out")
m=$(sed -n 's/^\([0-9]*\) other emails for .*/\1/p' "$T/dry.out")
[ "${n:-0}" -ge 3 ] && ok || bad "only $n digests on the demo"
[ "$(grep -c '^To: ' "$T/dry.out")" -eq $((n + m)) ] && ok || bad "$(grep -c '^To: ' "$T/dry.out") messages printed, not $n + $m"
pairs "$T/dry.out" | grep -E '\|Oversight: [0-9]+ overdue, ' >"$T/digests"
[ "$(wc -l <"$T/digests")" -eq "$n" ] && ok || bad "$(wc -l <"$T/digests") digest subjects, not $n"
[ "$(cut -d'|' -f1 "$T/digests" | sort -u | wc -l)" -eq "$n" ] && ok || bad "an IRO got two digests"
# The other daily emails of the demo's Tuesday: escalations overdue to the
# IRO and the managers of the next stage, and the LADO, private fostering
# and homes reminders to the demo's users of those roles.
pairs "$T/dry.out" >"$T/dry.out.pairs"
grep -Eq '^managers\.[0-9]+@council\.example\|Oversight: escalation [0-9]+ is overdue at ' "$T/dry.out.pairs" && ok || bad "no overdue escalation to a locality's managers"
grep -Eq '^leaders@council\.example\|Oversight: escalation [0-9]+ is overdue at stage [3-6]|^leaders@council\.example\|Oversight: escalation [0-9]+ is overdue at the Cafcass' "$T/dry.out.pairs" \
  && ok || bad "no overdue escalation from stage 3 to the leadership"
grep -q '^lado@council\.example|Oversight: LADO: ' "$T/dry.out.pairs" && ok || bad "nothing to the Designated Officer"
grep -q '^pf@council\.example|Oversight: private fostering visits: ' "$T/dry.out.pairs" && ok || bad "nothing to the private fostering worker"
grep -q '^homes@council\.example|Oversight: homes: ' "$T/dry.out.pairs" && ok || bad "nothing to the residential manager"
grep -q "^$m other emails for 24 November 2026 (dry run: nothing queued)" "$T/dry.out" && ok || bad "dry run summary: $(tail -1 "$T/dry.out")"
[ "$(grep -c '^Overdue: [0-9]' "$T/dry.out")" -eq "$n" ] && [ "$(grep -c '^Due today: [0-9]' "$T/dry.out")" -eq "$n" ] \
  && ok || bad "a digest without its counts"
grep -q '^- [0-9A-Za-z]*: .* https://oversight.council.example/children/' "$T/dry.out" && ok || bad "no links to children"
grep -q "^$n digests for 24 November 2026 (dry run: nothing queued)" "$T/dry.out" && ok || bad "dry run summary: $(tail -1 "$T/dry.out")"
[ "$(q "SELECT count(*) FROM outbox")" = 0 ] && ok || bad "a dry run queued something"
# Each active IRO with an overdue item that day has a digest, at their address.
for id in $(q "SELECT id FROM iro WHERE active = 1 AND email <> ''"); do
  if "$BIN" due --iro "$id" --status overdue --as-of $DAY | grep -q '^20'; then
    grep -qx "To: $(q "SELECT email FROM iro WHERE id = $id")" "$T/dry.out" && ok || bad "IRO $id has overdue items and no digest"
  fi
done
# Data minimisation: no child's name, given or family, nor a LADO adult's,
# a privately fostered child's or their carer's, word by word, anywhere.
# Month and day names are left out of the scan: the digest's dates hold
# them, and a demo child may be called May or June.
q "SELECT given_name FROM child UNION SELECT family_name FROM child UNION SELECT adult_name FROM lado_case
   UNION SELECT child_name FROM pf_arrangement UNION SELECT carer_name FROM pf_arrangement" \
  | tr " -" '\n\n' | awk 'length($0) > 2' | sort -u \
  | grep -Ev '^(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday)$' \
  >"$T/names"
[ "$(wc -l <"$T/names")" -gt 50 ] && ok || bad "too few names to scan"
if grep -wFf "$T/names" "$T/dry.out" >"$T/leaks"; then bad "a name in an email: $(head -3 "$T/leaks")"; else ok; fi
# No digests or other daily emails at the weekend or on a bank holiday.
for d in 2026-11-28 2026-12-25; do
  "$BIN" mail digest --dry-run --as-of $d >"$T/off.out"
  grep -q '^0 digests' "$T/off.out" && grep -q '^0 other emails' "$T/off.out" && ok || bad "emails on $d"
done
# The weekly escalation list on Monday to each locality's managers, and
# the monthly exceptions report on the first working day of December to
# the leadership list, with links to their pages and no names.
"$BIN" mail digest --dry-run --as-of 2026-11-30 >"$T/monday.out"
pairs "$T/monday.out" | grep -Ec '^managers\.[0-9]+@council\.example\|Oversight: weekly escalations for ' >"$T/nweekly"
[ "$(cat "$T/nweekly")" -eq "$(q "SELECT count(*) FROM locality")" ] && ok || bad "$(cat "$T/nweekly") weekly lists"
grep -q '^The whole list: https://oversight.council.example/escalations/weekly$' "$T/monday.out" && ok || bad "no link to the weekly list"
"$BIN" mail digest --dry-run --as-of 2026-12-01 >"$T/month.out"
pairs "$T/month.out" | grep -q '^dcs@council.example|Oversight: exceptions report for November 2026: ' && ok || bad "no monthly report"
grep -q '^The report: https://oversight.council.example/reports/exceptions?month=2026-11$' "$T/month.out" && ok || bad "no link to the report"
pairs "$T/monday.out" | grep -q 'exceptions report' && bad "the monthly report on a Monday" || ok
if cat "$T/monday.out" "$T/month.out" | grep -wFf "$T/names" >"$T/leaks"; then bad "a name in an email: $(head -3 "$T/leaks")"; else ok; fi

# ---- Queue, deliver, and deliver nothing twice ----
mkdir "$T/sink"
"$PY" "$HERE/smtp_sink.py" "$T/sink" 2>"$T/sink.err" &
pids+=($!)
for _ in $(seq 100); do [ -f "$T/sink/port" ] && break; sleep 0.1; done
[ -f "$T/sink/port" ] || { echo "the SMTP server did not start: $(cat "$T/sink.err")"; exit 1; }
PORT=$(cat "$T/sink/port")
"$BIN" mail send >"$T/off.out" 2>&1 && bad "mail send with mail.transport none succeeded" || ok
"$BIN" settings set mail.transport smtp >/dev/null
"$BIN" settings set mail.smtp_url "smtp://127.0.0.1:$PORT" >/dev/null
"$BIN" settings set mail.from oversight@council.example >/dev/null
# An smtp:// server must offer STARTTLS unless told it is a local relay.
"$BIN" mail test someone@example.org >"$T/tls.out" 2>&1 && bad "sent without STARTTLS" || ok
"$BIN" settings set mail.smtp_tls none >/dev/null
"$BIN" settings set mail.smtp_url "smtp://user:s3cret@127.0.0.1:$PORT" >"$T/set.out"
grep -q 'smtp://user:\*\*\*\*@127' "$T/set.out" && ok || bad "the password shown: $(cat "$T/set.out")"
[ "$(q "SELECT count(*) FROM audit_log WHERE after_value LIKE '%s3cret%'")" = 0 ] && ok || bad "the password in the audit log"
"$BIN" settings set mail.smtp_url "smtp://127.0.0.1:$PORT" >/dev/null
"$BIN" mail test someone@example.org >"$T/test.out" 2>&1 && ok || bad "mail test: $(cat "$T/test.out")"
grep -q 'the server said "250 2.0.0 Ok: queued as SINK0001"' "$T/test.out" && ok || bad "mail test reply: $(cat "$T/test.out")"
rm -f "$T/sink/"*.eml

"$BIN" mail digest --as-of $DAY >"$T/q1.out" 2>&1 || bad "mail digest: $(cat "$T/q1.out")"
grep -q "^$n digests queued for 24 November 2026 (0 already queued)" "$T/q1.out" && ok || bad "queued: $(cat "$T/q1.out")"
grep -q "^$m other emails queued for 24 November 2026 (0 already queued)" "$T/q1.out" && ok || bad "queued: $(cat "$T/q1.out")"
"$BIN" mail digest --as-of $DAY >"$T/q2.out" 2>&1
grep -q "^0 digests queued for 24 November 2026 ($n already queued)" "$T/q2.out" && ok || bad "queued twice: $(cat "$T/q2.out")"
grep -q "^0 other emails queued for 24 November 2026 ($m already queued)" "$T/q2.out" && ok || bad "queued twice: $(cat "$T/q2.out")"
nm=$((n + m))
"$BIN" mail send >"$T/s1.out" 2>&1 || bad "mail send: $(cat "$T/s1.out")"
grep -q "^$nm sent, 0 to try again, 0 failed" "$T/s1.out" && ok || bad "sent: $(cat "$T/s1.out")"
[ "$(ls "$T/sink/"*.eml | wc -l)" -eq "$nm" ] && ok || bad "$(ls "$T/sink/"*.eml | wc -l) delivered, not $nm"
# Recipients, subjects and bodies as the dry run printed them.
grep -h '^X-Envelope-To: ' "$T/sink/"*.eml | tr -d '\r' | sed 's/^X-Envelope-To: //' | sort >"$T/got-to"
grep '^To: ' "$T/dry.out" | sed 's/^To: //' | sort >"$T/want-to"
cmp -s "$T/got-to" "$T/want-to" && ok || bad "recipients differ: $(diff "$T/want-to" "$T/got-to")"
grep -h '^Subject: ' "$T/sink/"*.eml | tr -d '\r' | sort >"$T/got-subj"
grep '^Subject: ' "$T/dry.out" | sort >"$T/want-subj"
cmp -s "$T/got-subj" "$T/want-subj" && ok || bad "subjects differ: $(diff "$T/want-subj" "$T/got-subj")"
[ "$(grep -l '^Overdue: [0-9]' "$T/sink/"*.eml | wc -l)" -eq "$n" ] && ok || bad "bodies without counts"
if cat "$T/sink/"*.eml | grep -wFf "$T/names" >"$T/leaks"; then bad "a name sent: $(head -3 "$T/leaks")"; else ok; fi
[ "$(q "SELECT count(*) FROM outbox WHERE status = 'sent' AND server_reply LIKE '250 2.0.0 Ok: queued as SINK%' AND sent_at IS NOT NULL")" = "$nm" ] \
  && ok || bad "outbox rows not marked sent with the reply"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'mail.sent'")" = "$nm" ] && ok || bad "sends not audited"
"$BIN" mail send >"$T/s2.out" 2>&1
grep -q '^0 sent, 0 to try again, 0 failed' "$T/s2.out" && ok || bad "second send: $(cat "$T/s2.out")"
[ "$(ls "$T/sink/"*.eml | wc -l)" -eq "$nm" ] && ok || bad "a second send delivered again"

# ---- An escalation raised: its responder is told, through the server ----
rm -f "$T/sink/"*.eml
ref=$(q "SELECT child_ref FROM child WHERE id IN (SELECT child_id FROM allocation) ORDER BY id LIMIT 1")
"$BIN" escalation raise --children "$ref" --category permanence --topic placement --concern "No plan" \
  --outcome-wanted "A plan" --responder "Team manager" --responder-email responder@council.example >"$T/raise.out" 2>&1 \
  || bad "escalation raise: $(cat "$T/raise.out")"
esc=$(q "SELECT max(id) FROM escalation")
[ "$(q "SELECT count(*) FROM outbox WHERE kind = 'escalation' AND status = 'queued'")" = 1 ] && ok || bad "the raise queued no email"
"$BIN" escalation raise --children "$ref" --category permanence --topic placement --concern "No plan" \
  --outcome-wanted "A plan" --responder "Team manager" --responder-email "not an address" >"$T/bad.out" 2>&1 \
  && bad "a bad responder email accepted" || ok
grep -q 'responder_email: Enter an email address in the correct format' "$T/bad.out" && ok || bad "bad email: $(cat "$T/bad.out")"
"$BIN" mail send >"$T/s3.out" 2>&1
grep -q '^1 sent, 0 to try again, 0 failed' "$T/s3.out" && ok || bad "escalation send: $(cat "$T/s3.out")"
eml=$(ls "$T/sink/"*.eml | head -1)
grep -qx 'X-Envelope-To: responder@council.example' <(tr -d '\r' <"$eml") && ok || bad "escalation sent to $(head -1 "$eml")"
grep -qx "Subject: Oversight: escalation $esc needs your response at the informal stage" <(tr -d '\r' <"$eml") \
  && ok || bad "escalation subject: $(grep '^Subject' "$eml")"
grep -q "https://oversight.council.example/escalations/$esc" "$eml" && ok || bad "no link to the escalation"
if grep -wFf "$T/names" "$eml" >"$T/leaks"; then bad "a name in the escalation email: $(head -3 "$T/leaks")"; else ok; fi
grep -q 'No plan' "$eml" && bad "the concern in the email" || ok

# ---- Account emails: a set-password link goes to its person, once ----
rm -f "$T/sink/"*.eml
"$BIN" user add newperson --role board --name "Newton Person" --email new.person@example.org --link </dev/null >"$T/u1.out" 2>&1 \
  || bad "user add --link: $(cat "$T/u1.out")"
grep -q '^The one-time link has been emailed to new.person@example.org' "$T/u1.out" && ok || bad "not said emailed: $(cat "$T/u1.out")"
tok=$(sed -n 's/.*token=\([0-9a-f]\{64\}\).*/\1/p' "$T/u1.out" | head -1)
[ ${#tok} -eq 64 ] && ok || bad "no link printed: $(cat "$T/u1.out")"
# A temporary password is never emailed; a user without an email gets nothing.
"$BIN" user reset newperson </dev/null >"$T/u2.out" 2>&1 || bad "user reset: $(cat "$T/u2.out")"
grep -q 'emailed' "$T/u2.out" && bad "a temporary password said emailed" || ok
"$BIN" user add noaddress --role board --link </dev/null >/dev/null 2>&1 || bad "user add without an email"
[ "$(q "SELECT count(*) FROM outbox WHERE kind = 'account'")" = 1 ] && ok || bad "account emails: $(q "SELECT recipient, subject FROM outbox WHERE kind = 'account'")"
"$BIN" mail send >"$T/a1.out" 2>&1 || bad "mail send: $(cat "$T/a1.out")"
grep -q '^1 sent, 0 to try again, 0 failed' "$T/a1.out" && ok || bad "account email: $(cat "$T/a1.out")"
eml=$(ls "$T/sink/"*.eml | head -1)
grep -q '^X-Envelope-To: new.person@example.org' "$eml" && ok || bad "to: $(head -1 "$eml")"
grep -q '^Subject: Oversight: set your password' "$eml" && ok || bad "subject: $(grep Subject "$eml")"
grep -q "^https://oversight.council.example/password/set?token=$tok" "$eml" && ok || bad "no link: $(cat "$eml")"
grep -Eqi 'newperson|Newton' "$eml" && bad "a name in the account email" || ok
# Sent, the link is gone from the database: the row keeps what happened.
[ "$(q "SELECT count(*) FROM outbox WHERE kind = 'account' AND status = 'sent' AND body = ''")" = 1 ] && ok || bad "the link kept after sending"
"$BIN" mail send >"$T/a2.out" 2>&1
grep -q '^0 sent' "$T/a2.out" && ok || bad "sent again: $(cat "$T/a2.out")"
# An import with links emails each new person who has an address.
printf 'username,display_name,email,role,iro\nimported.one,Imported One,imported.one@example.org,board,\nimported.two,Imported Two,,board,\n' >"$T/users.csv"
"$BIN" import users --link "$T/users.csv" >"$T/imp.out" 2>&1 || bad "import users --link: $(cat "$T/imp.out")"
grep -q '^imported.one one-time link .* (emailed to them too)$' "$T/imp.out" && ok || bad "import not emailed: $(cat "$T/imp.out")"
grep -q '^imported.two one-time link .*emailed' "$T/imp.out" && bad "emailed to someone without an address" || ok
[ "$(q "SELECT count(*) FROM outbox WHERE kind = 'account' AND recipient = 'imported.one@example.org' AND status = 'queued'")" = 1 ] \
  && ok || bad "the import's email not queued"
"$BIN" mail send >/dev/null 2>&1

# ---- A server that is not there: tried again later, then failed ----
"$BIN" settings set mail.smtp_url "smtp://127.0.0.1:1" >/dev/null
"$BIN" mail digest --as-of 2026-11-25 >/dev/null
m=$(q "SELECT count(*) FROM outbox WHERE status = 'queued'")
"$BIN" mail send >"$T/f1.out" 2>&1
grep -q "^0 sent, $m to try again, 0 failed" "$T/f1.out" && ok || bad "first failure: $(cat "$T/f1.out")"
# Not due again until the back-off has passed.
"$BIN" mail send >"$T/f2.out" 2>&1
grep -q '^0 sent, 0 to try again, 0 failed' "$T/f2.out" && ok || bad "retried before the back-off: $(cat "$T/f2.out")"
[ "$(q "SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts = 1 AND last_error <> '' AND next_attempt_at > created_at")" = "$m" ] \
  && ok || bad "failures not recorded"
"$BIN" rules set mail_retry_after 0 minutes >/dev/null
"$BIN" rules set mail_attempts 2 count >/dev/null
# The back-off set at the first attempt still stands: let its time pass.
q "UPDATE outbox SET next_attempt_at = created_at WHERE status = 'queued'"
"$BIN" mail send >"$T/f3.out" 2>&1
grep -q "^0 sent, 0 to try again, $m failed" "$T/f3.out" && ok || bad "given up: $(cat "$T/f3.out")"
[ "$(q "SELECT count(*) FROM outbox WHERE status = 'failed' AND attempts = 2")" = "$m" ] && ok || bad "not marked failed"

# ---- kill -9 in the middle of a batch: nothing lost ----
"$BIN" rules set mail_attempts 6 count >/dev/null
"$BIN" settings set mail.smtp_url "smtp://127.0.0.1:$PORT" >/dev/null
rm -f "$T/sink/"*.eml
before_id=$(q "SELECT max(id) FROM outbox")
"$BIN" mail digest --as-of 2026-11-26 >/dev/null
k=$(q "SELECT count(*) FROM outbox WHERE status = 'queued'")
echo 1 >"$T/sink/delay"
"$BIN" mail send >"$T/k1.out" 2>&1 &
sender=$!
for _ in $(seq 100); do [ "$(ls "$T/sink/" | grep -c '\.eml$')" -ge 2 ] && break; sleep 0.1; done
kill -9 $sender
wait $sender 2>/dev/null
before=$(ls "$T/sink/" | grep -c '\.eml$')
[ "$before" -ge 2 ] && [ "$before" -lt "$k" ] && ok || bad "the kill did not land mid-batch ($before of $k)"
rm -f "$T/sink/delay"
"$BIN" mail send >"$T/k2.out" 2>&1 || bad "send after the kill: $(cat "$T/k2.out")"
[ "$(q "SELECT count(*) FROM outbox WHERE id > $before_id AND status = 'sent'")" = "$k" ] \
  && ok || bad "not every message sent after the kill: $(q "SELECT status, count(*) FROM outbox GROUP BY status")"
grep -h '^Message-ID: ' "$T/sink/"*.eml | tr -d '\r' | sort >"$T/mids"
# Every message arrived; the only repeat allowed is the one the server had
# taken when the sender died (the at-least-once window), under its own
# Message-ID.
[ "$(sort -u "$T/mids" | wc -l)" -eq "$k" ] && ok || bad "$(sort -u "$T/mids" | wc -l) distinct messages arrived, not $k"
total=$(wc -l <"$T/mids")
[ "$total" -le $((k + 1)) ] && ok || bad "$total deliveries of $k messages"
[ "$(uniq -d "$T/mids" | wc -l)" -le 1 ] && ok || bad "more than one message repeated"
echo "kill -9 mid-batch: $k messages, $total deliveries ($((total - k)) repeated in the at-least-once window)"

echo "mail: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
