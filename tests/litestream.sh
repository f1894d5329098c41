#!/usr/bin/env bash
# tests/litestream.sh BINARY LITESTREAM: Oversight replicated by Litestream
# (docs/operations.md, "Running under Litestream"). Litestream copies the
# database's -wal to a replica as it grows; this runs it against a live
# server and the command line both writing, kills both without warning,
# restores the replica to a new file and checks that every write
# committed before Litestream's last sync is in it, that the file passes
# `oversight check` (integrity, foreign keys, the audit log's chain), and
# that Litestream never had to start its copy over, which it does when
# something checkpoints the -wal behind its back (TRUNCATE or RESTART).
# Skipped (77) without the Litestream binary (npm ci in tests/web).
set -u
BIN=$1
LS=${2:-}
export LC_ALL=C
if [ -z "$LS" ] || [ ! -x "$LS" ]; then
  echo "SKIP: no Litestream binary at ${LS:-(none given)}: run npm ci in tests/web"
  exit 77
fi
for p in sqlite3 curl python3; do
  command -v "$p" >/dev/null || { echo "SKIP: $p is not installed"; exit 77; }
done
T=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
export OVERSIGHT_DB=$T/live.db
DB=$OVERSIGHT_DB
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SYNC=1   # seconds: Litestream's sync-interval, the window of possible loss

# Nothing in the program checkpoints in a mode that resets the -wal under
# a reader (Litestream holds one open the whole time).
strings "$BIN" | grep -iE 'wal_checkpoint *\( *(truncate|restart|full)' && bad "the binary checkpoints with TRUNCATE, RESTART or FULL" || ok

"$BIN" demo --children 8 --seed 5 >"$T/demo.out" 2>&1 || { echo "demo failed"; cat "$T/demo.out"; exit 1; }
pw=$(awk '$1 == "qa" { print $2 }' "$T/demo.out")
mapfile -t refs < <(sqlite3 "$DB" "SELECT child_ref FROM child ORDER BY id")

cat >"$T/litestream.yml" <<EOF
dbs:
  - path: $DB
    replicas:
      - type: file
        path: $T/replica
        sync-interval: ${SYNC}s
EOF
"$LS" replicate -config "$T/litestream.yml" >"$T/litestream.log" 2>&1 &
lspid=$!
pids+=($lspid)
for _ in $(seq 100); do grep -q "wal segment written" "$T/litestream.log" && break; sleep 0.1; done
grep -q "wal segment written" "$T/litestream.log" && ok || bad "litestream started: $(cat "$T/litestream.log")"

port=$(free_port)
"$BIN" serve --listen "127.0.0.1:$port" --threads 2 --quiet-access-log >"$T/serve.out" 2>"$T/serve.err" &
spid=$!
pids+=($spid)
for _ in $(seq 150); do grep -q "is running" "$T/serve.out" && break; sleep 0.1; done
grep -q "is running" "$T/serve.out" && ok || bad "serve started: $(cat "$T/serve.out" "$T/serve.err")"

# Writes from both sides: closure days from the command line, and the
# server's own (a sign-in, and an audit entry for each child page viewed),
# while its checkpointer runs.
[ "$(curl -s -o /dev/null -w '%{http_code}' -c "$T/jar" -d "username=qa&password=$pw" "http://127.0.0.1:$port/login")" = 303 ] \
  && ok || bad "qa signs in"
for i in $(seq 1 12); do
  day=$(printf '2199-03-%02d' "$i")
  "$BIN" calendar closure add "$day" "Replicated closure $i" >/dev/null || bad "closure $day not added"
  ref=${refs[$((i % ${#refs[@]}))]}
  [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" "http://127.0.0.1:$port/children/$ref")" = 200 ] \
    || bad "child page $ref"
done
# What is committed now, read as any reader would.
want_days=$(sqlite3 "$DB" "SELECT day || ' ' || name FROM closure_day WHERE day LIKE '2199-03-%' ORDER BY day")
want_audit=$(sqlite3 "$DB" "SELECT count(*) || ' ' || max(id) || ' ' || (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log")
[ "$(echo "$want_days" | grep -c .)" = 12 ] && ok || bad "12 closure days written: $want_days"

# Past the sync interval (and Litestream's one-second look at the -wal),
# then both die without a chance to tidy up.
sleep $((SYNC * 3 + 1))
kill -9 "$spid" "$lspid"
wait "$spid" "$lspid" 2>/dev/null
pids=()

gens=$("$LS" generations -config "$T/litestream.yml" "$DB" 2>&1)
[ "$(echo "$gens" | tail -n +2 | grep -c .)" = 1 ] && ok \
  || bad "one generation: Litestream never had to start again: $gens $(grep -i generation "$T/litestream.log")"
grep -qi 'level=ERROR' "$T/litestream.log" && bad "litestream errors: $(grep -i 'level=ERROR' "$T/litestream.log")" || ok

"$LS" restore -config "$T/litestream.yml" -o "$T/restored.db" "$DB" >"$T/restore.log" 2>&1 && ok \
  || bad "litestream restore: $(cat "$T/restore.log")"
got_days=$(sqlite3 "$T/restored.db" "SELECT day || ' ' || name FROM closure_day WHERE day LIKE '2199-03-%' ORDER BY day")
[ "$got_days" = "$want_days" ] && ok || bad "every closure day in the restored file: $got_days"
got_audit=$(sqlite3 "$T/restored.db" "SELECT count(*) || ' ' || max(id) || ' ' || (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log")
[ "$got_audit" = "$want_audit" ] && ok || bad "the audit log up to its last entry: got $got_audit, want $want_audit"
"$BIN" --db "$T/restored.db" check >"$T/check.out" 2>&1 && ok || bad "check of the restored file: $(cat "$T/check.out")"
grep -q "no problems found" "$T/check.out" && ok || bad "check says: $(cat "$T/check.out")"
# The killed server's own file is whole too.
"$BIN" --db "$DB" check >"$T/check.out" 2>&1 && ok || bad "check of the live file after kill -9: $(cat "$T/check.out")"
# The documented way back: `oversight restore` of the file Litestream
# restored, which checks it and keeps the database it replaces aside.
"$BIN" restore "$T/restored.db" >"$T/restore.out" 2>&1 && ok || bad "oversight restore of it: $(cat "$T/restore.out")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM closure_day WHERE day LIKE '2199-03-%'")" = 12 ] && ok \
  || bad "the restored database is in place"
port=$(free_port)
"$BIN" --db "$DB" serve --listen "127.0.0.1:$port" --threads 1 --quiet-access-log >"$T/serve.out" 2>"$T/serve.err" &
pids+=($!)
for _ in $(seq 150); do grep -q "is running" "$T/serve.out" && break; sleep 0.1; done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] && ok \
  || bad "the restored file serves: $(cat "$T/serve.err")"

echo "litestream: $pass passed, $fail failed"
[ "$fail" = 0 ]
