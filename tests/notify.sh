#!/usr/bin/env bash
# tests/notify.sh BINARY: email through GOV.UK Notify (docs/mail.md)
# against tests/notify_sink.py, a local server that checks the JWT (its
# signature with Python's hmac, its iat), the path and the JSON of
# Notify's "Send an email": the demo's digests go to the right people with
# the right template and personalisation, once, and not again on a second
# run; a set-password link with the account template; a kind of email
# without a template waits; a 400 marks the message
# failed with Notify's reason, a 429 or 500 is tried again, and a key
# Notify does not know (a bad signature) is refused.
set -u
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
T=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
export OVERSIGHT_DB=$T/notify.db
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
q() { sqlite3 "$OVERSIGHT_DB" "$1"; }
# A field of every request the server accepted, one line each, sorted.
field() { python3 - "$T/sink" "$1" <<'PY'
import glob, json, sys
for f in sorted(glob.glob(sys.argv[1] + '/[0-9]*.json')):
    j = json.load(open(f))
    v = j
    for k in sys.argv[2].split('.'):
        v = v.get(k, '') if isinstance(v, dict) else ''
    print(v)
PY
}
nsent() { ls "$T/sink" | grep -c '^[0-9].*\.json$'; }

ISS=26785a09-ab16-4eb0-8407-a37497a57506
SECRET=3d844edf-8d35-48ac-975b-e847b4f122b0
TDIGEST=f33517ff-2a88-4f6e-b855-c550268ce08a
TTEST=0b6c7a3e-56d4-4a4b-9a43-c0d0e93e1d2f

"$BIN" demo --children 120 --seed 3 --as-of 2026-11-23 >"$T/demo.out" 2>&1 || { echo "demo failed"; cat "$T/demo.out"; exit 1; }
"$BIN" settings set mail.base_url https://oversight.council.example >/dev/null || bad "set mail.base_url"
mkdir "$T/sink"
python3 "$HERE/notify_sink.py" "$T/sink" "$ISS" "$SECRET" 2>"$T/sink.err" &
pids+=($!)
for _ in $(seq 100); do [ -f "$T/sink/port" ] && break; sleep 0.1; done
[ -f "$T/sink/port" ] || { echo "the Notify stand-in did not start: $(cat "$T/sink.err")"; exit 1; }
PORT=$(cat "$T/sink/port")

# ---- Settings: the key is checked, and never shown or audited in full ----
"$BIN" settings set mail.transport notify >/dev/null || bad "set mail.transport notify"
"$BIN" mail send >"$T/nokey.out" 2>&1 && bad "mail send without a key succeeded" || ok
grep -q 'notify.api_key is not set' "$T/nokey.out" && ok || bad "no key: $(cat "$T/nokey.out")"
"$BIN" settings set notify.api_key "not-a-key-$SECRET" >"$T/k0.out" 2>&1 && bad "a malformed key accepted" || ok
grep -q "$SECRET" "$T/k0.out" && bad "a refused key repeated: $(cat "$T/k0.out")" || ok
"$BIN" settings set notify.api_key "oversight_test-$ISS-$SECRET" >"$T/k1.out" 2>&1 || bad "set notify.api_key: $(cat "$T/k1.out")"
grep -qx "notify.api_key is now oversight_test-$ISS-\*\*\*\*" "$T/k1.out" && ok || bad "the key shown: $(cat "$T/k1.out")"
"$BIN" settings list >"$T/list.out"
grep -q "oversight_test-$ISS-\*\*\*\*" "$T/list.out" && ok || bad "settings list: $(grep notify "$T/list.out")"
grep -q "$SECRET" "$T/list.out" && bad "settings list shows the secret" || ok
[ "$(q "SELECT count(*) FROM audit_log WHERE coalesce(after_value, '') || coalesce(before_value, '') LIKE '%$SECRET%'")" = 0 ] \
  && ok || bad "the secret in the audit log"
"$BIN" settings set notify.base_url "http://notify.example" >/dev/null 2>&1 && bad "http:// to another machine accepted" || ok
"$BIN" settings set notify.base_url "http://127.0.0.1:$PORT" >/dev/null || bad "set notify.base_url"

# ---- mail test: through Notify with the test template ----
"$BIN" mail test someone@example.org >"$T/t0.out" 2>&1 && bad "mail test without a template succeeded" || ok
grep -q 'set notify.template.test' "$T/t0.out" && ok || bad "no template: $(cat "$T/t0.out")"
"$BIN" settings set notify.template.test $TTEST >/dev/null
"$BIN" mail test someone@example.org >"$T/t1.out" 2>&1 || bad "mail test: $(cat "$T/t1.out")"
grep -Eq 'the server said "201 notification [0-9a-f-]{36}"' "$T/t1.out" && ok || bad "mail test reply: $(cat "$T/t1.out")"
[ "$(field template_id)" = "$TTEST" ] && [ "$(field email_address)" = someone@example.org ] \
  && [ "$(field personalisation.subject)" = "Oversight: test email" ] && ok || bad "test request: $(cat "$T/sink/"*.json)"
rm -f "$T/sink/"*.json

# ---- The digests: queued, waiting for a template, then sent once ----
DAY=2026-11-24
"$BIN" mail digest --dry-run --as-of $DAY >"$T/dry-all.out" 2>&1 || bad "dry run: $(cat "$T/dry-all.out")"
# This test is the digests' (the other daily emails are tests/mail.sh's):
# the dry run's digests only, and the others taken out of the outbox.
python3 - "$T/dry-all.out" >"$T/dry.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
for block in re.split(r'(?m)^(?=To: )', text):
    if block.startswith('To: ') and 'Your Oversight digest for' in block:
        sys.stdout.write(block)
PY
n=$(grep -c '^To: ' "$T/dry.out")
[ "$n" -ge 3 ] && ok || bad "only $n digests on the demo"
"$BIN" mail digest --as-of $DAY >"$T/q.out" 2>&1
grep -q "^$n digests queued" "$T/q.out" && ok || bad "queued: $(cat "$T/q.out")"
q "DELETE FROM outbox WHERE kind <> 'digest'"
# No template for digests yet: tried, kept, and the reason says what to set.
"$BIN" mail send >"$T/s0.out" 2>&1
grep -q "^0 sent, $n to try again, 0 failed" "$T/s0.out" && ok || bad "without a template: $(cat "$T/s0.out")"
[ "$(q "SELECT count(*) FROM outbox WHERE status = 'queued' AND last_error LIKE '%set notify.template.digest%'")" = "$n" ] \
  && ok || bad "the reason: $(q "SELECT DISTINCT last_error FROM outbox")"
[ "$(nsent)" = 0 ] && ok || bad "sent without a template"
"$BIN" settings set notify.template.digest $TDIGEST >/dev/null
q "UPDATE outbox SET next_attempt_at = created_at WHERE status = 'queued'"
"$BIN" mail send >"$T/s1.out" 2>&1 || bad "mail send: $(cat "$T/s1.out")"
grep -q "^$n sent, 0 to try again, 0 failed" "$T/s1.out" && ok || bad "sent: $(cat "$T/s1.out")"
[ "$(nsent)" = "$n" ] && ok || bad "$(nsent) requests, not $n: $(cat "$T/sink/"rejected-* 2>/dev/null)"
ls "$T/sink" | grep -q '^rejected-' && bad "requests refused: $(cat "$T/sink/"rejected-*)" || ok
# Recipients, templates, personalisation and references.
field email_address | sort >"$T/got-to"
grep '^To: ' "$T/dry.out" | sed 's/^To: //' | sort >"$T/want-to"
cmp -s "$T/got-to" "$T/want-to" && ok || bad "recipients differ: $(diff "$T/want-to" "$T/got-to")"
[ "$(field template_id | sort -u)" = "$TDIGEST" ] && ok || bad "templates: $(field template_id | sort -u)"
field personalisation.subject | sed 's/^/Subject: /' | sort >"$T/got-subj"
grep '^Subject: ' "$T/dry.out" | sort >"$T/want-subj"
cmp -s "$T/got-subj" "$T/want-subj" && ok || bad "subjects differ: $(diff "$T/want-subj" "$T/got-subj")"
[ "$(field personalisation.body | grep -c '^Your Oversight digest for Tuesday 24 November 2026\.$')" = "$n" ] \
  && ok || bad "bodies: $(field personalisation.body | head -3)"
python3 - "$T/sink" <<'PY' && ok || bad "a body differs from the outbox's"
import glob, json, sys
# The personalisation is the message as queued: subject and body only.
for f in glob.glob(sys.argv[1] + '/[0-9]*.json'):
    p = json.load(open(f))['personalisation']
    assert set(p) == {'subject', 'body'}, p
    assert 'Overdue: ' in p['body'] and 'https://oversight.council.example/children/' in p['body'], p['body']
PY
field reference | sort >"$T/got-ref"
q "SELECT idempotency_key FROM outbox WHERE kind = 'digest'" | sort >"$T/want-ref"
cmp -s "$T/got-ref" "$T/want-ref" && ok || bad "references differ: $(diff "$T/want-ref" "$T/got-ref")"
grep -qv "^digest:iro:[0-9]*:$DAY\$" "$T/got-ref" && bad "a reference not a digest's key" || ok
# No child's name in any request (as tests/mail.sh, months and days aside).
q "SELECT given_name FROM child UNION SELECT family_name FROM child" \
  | grep -Ev '^(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday)$' \
  >"$T/names"
if cat "$T/sink/"*.json | grep -wFf "$T/names" >"$T/leaks"; then bad "a child's name sent: $(head -c 300 "$T/leaks")"; else ok; fi
[ "$(q "SELECT count(*) FROM outbox WHERE status = 'sent' AND server_reply GLOB '201 notification ????????-????-????-????-????????????'")" = "$n" ] \
  && ok || bad "replies: $(q "SELECT DISTINCT server_reply FROM outbox")"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'mail.sent' AND after_value LIKE '%201 notification%'")" = "$n" ] \
  && ok || bad "sends not audited"
"$BIN" mail digest --as-of $DAY >/dev/null
q "DELETE FROM outbox WHERE kind <> 'digest' AND status = 'queued'"
"$BIN" mail send >"$T/s2.out" 2>&1
grep -q '^0 sent, 0 to try again, 0 failed' "$T/s2.out" && ok || bad "second send: $(cat "$T/s2.out")"
[ "$(nsent)" = "$n" ] && ok || bad "a second send delivered again"

# ---- An account email: the set-password link, with its own template ----
TACCOUNT=5e2f0c1d-7a6b-4c3d-9e8f-a1b2c3d4e5f6
"$BIN" settings set notify.template.account $TACCOUNT >/dev/null
rm -f "$T/sink/"*.json
"$BIN" user add notified --role board --email notified@example.org --link </dev/null >"$T/u.out" 2>&1 || bad "user add: $(cat "$T/u.out")"
tok=$(sed -n 's/.*token=\([0-9a-f]\{64\}\).*/\1/p' "$T/u.out" | head -1)
"$BIN" mail send >"$T/a.out" 2>&1
grep -q '^1 sent, 0 to try again, 0 failed' "$T/a.out" && ok || bad "account email: $(cat "$T/a.out")"
[ "$(field template_id)" = "$TACCOUNT" ] && [ "$(field email_address)" = notified@example.org ] \
  && [ "$(field personalisation.subject)" = "Oversight: set your password" ] && ok || bad "account request: $(cat "$T/sink/"*.json)"
field personalisation.body | grep -qx "https://oversight.council.example/password/set?token=$tok" && ok || bad "no link: $(field personalisation.body)"
field reference | grep -Eqx 'account:link:user:[0-9]+:[0-9a-f]{16}' && ok || bad "reference: $(field reference)"
field reference | grep -q "$tok" && bad "the token in the reference" || ok
[ "$(q "SELECT body FROM outbox WHERE kind = 'account'")" = "" ] && ok || bad "the link kept after sending"

# ---- Notify's refusals ----
# 429 and 500: tried again later.
for code in 429 500; do
  echo $code >"$T/sink/answer"
  "$BIN" mail test someone@example.org >"$T/c$code.out" 2>&1 && bad "mail test with a $code succeeded" || ok
done
grep -q "429 RateLimitError: Exceeded rate limit" "$T/c429.out" && ok || bad "429: $(cat "$T/c429.out")"
"$BIN" mail digest --as-of 2026-11-25 >/dev/null
q "DELETE FROM outbox WHERE kind <> 'digest' AND status = 'queued'"
m=$(q "SELECT count(*) FROM outbox WHERE status = 'queued'")
[ "$m" -ge 1 ] && ok || bad "nothing queued for the 25th"
"$BIN" mail send >"$T/r1.out" 2>&1
grep -q "^0 sent, $m to try again, 0 failed" "$T/r1.out" && ok || bad "a 500 not retried: $(cat "$T/r1.out")"
[ "$(q "SELECT count(*) FROM outbox WHERE status = 'queued' AND last_error = '500 Exception: Internal server error'")" = "$m" ] \
  && ok || bad "500 reason: $(q "SELECT DISTINCT last_error FROM outbox WHERE status = 'queued'")"
# 400: failed at once, with Notify's reason, on the outbox page's column.
echo 400 >"$T/sink/answer"
q "UPDATE outbox SET next_attempt_at = created_at WHERE status = 'queued'"
"$BIN" mail send >"$T/r2.out" 2>&1
grep -q "^0 sent, 0 to try again, $m failed" "$T/r2.out" && ok || bad "a 400 not permanent: $(cat "$T/r2.out")"
[ "$(q "SELECT count(*) FROM outbox WHERE status = 'failed' AND attempts = 2 AND last_error = '400 BadRequestError: Can''t send to this recipient using a team-only API key'")" = "$m" ] \
  && ok || bad "400 reason: $(q "SELECT status, attempts, last_error FROM outbox WHERE idempotency_key LIKE '%2026-11-25'")"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'mail.failed' AND after_value LIKE '%400 BadRequestError%'")" = "$m" ] \
  && ok || bad "failures not audited"
rm -f "$T/sink/answer"
# A key Notify does not know: the server checks the signature and refuses.
"$BIN" settings set notify.api_key "oversight_test-$ISS-00000000-0000-4000-8000-000000000000" >/dev/null
"$BIN" mail test someone@example.org >"$T/bad.out" 2>&1 && bad "a wrong secret accepted" || ok
grep -q '403 AuthError: Invalid token: signature' "$T/bad.out" && ok || bad "wrong secret: $(cat "$T/bad.out")"

echo "notify: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
