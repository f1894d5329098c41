#!/usr/bin/env bash
# tests/observability.sh BINARY: what `oversight serve` tells the IT team
# about itself (docs/operations.md): the access log on stderr names the
# route's pattern, never the child's reference in the address, and
# /metrics counts requests for the addresses and the token allowed it,
# and for nobody else.
set -u
BIN=$1
export LC_ALL=C
T=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
export OVERSIGHT_DB=$T/live.db
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

"$BIN" demo --children 5 --seed 3 >"$T/demo.out" 2>&1 || { echo "demo failed"; cat "$T/demo.out"; exit 1; }
pw=$(awk '$1 == "qa" { print $2 }' "$T/demo.out")
ref=$(sqlite3 "$OVERSIGHT_DB" "SELECT child_ref FROM child ORDER BY id LIMIT 1")
qa_id=$(sqlite3 "$OVERSIGHT_DB" "SELECT id FROM users WHERE username = 'qa'")
[ -n "$pw" ] && [ -n "$ref" ] && [ -n "$qa_id" ] || { echo "no qa user or child in the demo"; exit 1; }

# start_serve ARGS...: a server on a free port ($port), stderr in $T/serve.err
start_serve() {
  port=$(free_port)
  "$BIN" serve --listen "127.0.0.1:$port" --threads 2 "$@" >"$T/serve.out" 2>"$T/serve.err" &
  pids+=($!)
  for _ in $(seq 150); do grep -q "is running" "$T/serve.out" && break; sleep 0.1; done
  grep -q "is running" "$T/serve.out" && ok || bad "serve $* started: $(cat "$T/serve.out" "$T/serve.err")"
}
stop_serve() {
  kill "${pids[-1]}"
  wait "${pids[-1]}" 2>/dev/null
  unset 'pids[-1]'
}
url() { echo "http://127.0.0.1:$port$1"; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# metric NAME_AND_LABELS: its value in $T/metrics, or "none"
metric() { awk -v k="$1" '$1 == k { print $2; f = 1 } END { if (!f) print "none" }' "$T/metrics"; }
child_count='oversight_http_requests_total{method="GET",route="/children/{}",status="200"}'

# --- the access log ---------------------------------------------------------------
start_serve
[ "$(code -c "$T/jar" -d "username=qa&password=$pw" "$(url /login)")" = 303 ] && ok || bad "qa signs in"
[ "$(code -b "$T/jar" "$(url "/children/$ref")")" = 200 ] && ok || bad "qa sees child $ref"
[ "$(code "$(url "/no/such/page/$ref")")" = 404 ] && ok || bad "a page that is not there is 404"
sleep 0.2
line=$(grep '^oversight access: ' "$T/serve.err" | grep ' route=/children/{} ')
[ "$(echo "$line" | grep -c .)" = 1 ] && ok || bad "one access line for the child page: $(cat "$T/serve.err")"
echo "$line" | grep -qE "^oversight access: time=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z method=GET route=/children/\{\} status=200 ms=[0-9]+\.[0-9] user=$qa_id\$" \
  && ok || bad "the access line's fields: $line"
grep -q '^oversight access: .* method=POST route=/login status=303 .* user=-$' "$T/serve.err" && ok \
  || bad "the sign-in is logged, with no user yet: $(cat "$T/serve.err")"
grep -q '^oversight access: .* route=(no route) status=404 ' "$T/serve.err" && ok \
  || bad "a request matching no route is logged as (no route): $(cat "$T/serve.err")"
grep -qF "$ref" "$T/serve.err" && bad "the child's reference is in the log: $(grep -F "$ref" "$T/serve.err")" || ok

# --- /metrics from an allowed address (127.0.0.1, the default) ---------------------
curl -s -D "$T/headers" -o "$T/metrics" "$(url /metrics)"
grep -q '^HTTP/1.1 200' "$T/headers" && ok || bad "/metrics from 127.0.0.1: $(head -1 "$T/headers")"
grep -qi '^Content-Type: text/plain; version=0.0.4' "$T/headers" && ok || bad "/metrics content type: $(cat "$T/headers")"
for m in oversight_http_requests_total oversight_http_request_duration_seconds oversight_db_write_lock_waits_total \
         oversight_db_write_lock_wait_seconds_total oversight_sessions_active oversight_database_size_bytes \
         oversight_audit_log_entries; do
  grep -q "^# TYPE $m " "$T/metrics" && ok || bad "/metrics lacks $m"
done
[ "$(metric "$child_count")" = 1 ] && ok || bad "one child page counted: $(grep requests_total "$T/metrics")"
[ "$(metric 'oversight_http_request_duration_seconds_count{method="GET",route="/children/{}"}')" = 1 ] && ok \
  || bad "its time in the histogram"
[ "$(metric 'oversight_http_request_duration_seconds_bucket{method="GET",route="/children/{}",le="+Inf"}')" = 1 ] && ok \
  || bad "its +Inf bucket"
[ "$(metric oversight_sessions_active)" = 1 ] && ok || bad "one session: $(metric oversight_sessions_active)"
size=$(metric oversight_database_size_bytes)
want=$(( $(sqlite3 "$OVERSIGHT_DB" "PRAGMA page_count") * $(sqlite3 "$OVERSIGHT_DB" "PRAGMA page_size") ))
[ "$size" = "$want" ] && ok || bad "database size $size, want $want"
audit1=$(metric oversight_audit_log_entries)
[ "$audit1" = "$(sqlite3 "$OVERSIGHT_DB" "SELECT count(*) FROM audit_log")" ] && ok || bad "audit entries $audit1"
grep -qF "$ref" "$T/metrics" && bad "the child's reference is in /metrics" || ok

# The counts go up with the requests.
code -b "$T/jar" "$(url "/children/$ref")" >/dev/null
code -b "$T/jar" "$(url "/children/$ref")" >/dev/null
curl -s -o "$T/metrics" "$(url /metrics)"
[ "$(metric "$child_count")" = 3 ] && ok || bad "three child pages counted: $(metric "$child_count")"
[ "$(metric 'oversight_http_requests_total{method="GET",route="/metrics",status="200"}')" = 1 ] && ok \
  || bad "the first scrape counted"
audit2=$(metric oversight_audit_log_entries)
[ "$audit2" -gt "$audit1" ] && ok || bad "each view is audited, so entries grow: $audit1 then $audit2"

# Through a proxy the address is the proxy's: not allowed without the token.
[ "$(code -H 'X-Forwarded-For: 203.0.113.9' "$(url /metrics)")" = 404 ] && ok || bad "/metrics via a proxy"
[ "$(code -H 'Forwarded: for=203.0.113.9' "$(url /metrics)")" = 404 ] && ok || bad "/metrics via a proxy (Forwarded)"
[ "$(code -X POST "$(url /metrics)")" = 405 ] && ok || bad "POST /metrics"
stop_serve

# --- /metrics from elsewhere: the token, and --quiet-access-log --------------------
printf 'a-long-enough-token-0123456789\n' >"$T/token"
chmod 600 "$T/token"
start_serve --metrics-from 192.0.2.1,192.0.2.2 --metrics-token-file "$T/token" --quiet-access-log
[ "$(code "$(url /metrics)")" = 404 ] && ok || bad "/metrics from 127.0.0.1, not in --metrics-from"
[ "$(code -H 'Authorization: Bearer wrong-token-0123456789' "$(url /metrics)")" = 403 ] && ok \
  || bad "/metrics with a wrong token"
[ "$(curl -s -o "$T/metrics" -w '%{http_code}' -H 'Authorization: Bearer a-long-enough-token-0123456789' "$(url /metrics)")" = 200 ] && ok \
  || bad "/metrics with the token"
grep -q '^oversight_http_requests_total{method="GET",route="/metrics",status="404"} 1$' "$T/metrics" && ok \
  || bad "the refusals are counted: $(grep requests_total "$T/metrics")"
[ "$(code -H 'X-Forwarded-For: 203.0.113.9' -H 'Authorization: Bearer a-long-enough-token-0123456789' "$(url /metrics)")" = 200 ] \
  && ok || bad "/metrics with the token through a proxy"
code "$(url /healthz)" >/dev/null
sleep 0.2
grep -q '^oversight access:' "$T/serve.err" && bad "--quiet-access-log still logs: $(cat "$T/serve.err")" || ok
stop_serve

# A token file that is missing or too short stops serve before it starts.
"$BIN" serve --listen "127.0.0.1:$(free_port)" --metrics-token-file "$T/none" >/dev/null 2>"$T/err" \
  && bad "serve with a missing token file started" || ok
grep -q 'cannot read the metrics token file' "$T/err" && ok || bad "missing token file message: $(cat "$T/err")"
echo short >"$T/short"
"$BIN" serve --listen "127.0.0.1:$(free_port)" --metrics-token-file "$T/short" >/dev/null 2>"$T/err" \
  && bad "serve with a short token started" || ok
grep -q 'at least 16 characters' "$T/err" && ok || bad "short token message: $(cat "$T/err")"

echo "observability: $pass passed, $fail failed"
[ "$fail" = 0 ]
