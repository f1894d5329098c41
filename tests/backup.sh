#!/usr/bin/env bash
# tests/backup.sh BINARY: `oversight backup` and `oversight restore` as a
# council's IT team meets them (docs/operations.md): backups taken while
# people write, refused names, private files, and restores refused while
# the service runs or when the backup is damaged, the current database
# then left exactly as it was.
set -u
BIN=$1
export LC_ALL=C
# The usual umask: the backup must be private because the program makes
# it so, not because the test asked.
umask 022
T=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
export OVERSIGHT_DB=$T/live.db
DB=$OVERSIGHT_DB
pass=0 fail=0

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect NAME WANT_EXIT -- CMD...: stdout in $T/out, stderr in $T/err
expect() {
  local name=$1 code=$2; shift 3
  local rc
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  if [ "$rc" != "$code" ]; then bad "$name: exit $rc, want $code ($(head -c 400 "$T/err"))"; return 1; fi
  ok
}
out_has() { if grep -qF -- "$2" "$T/out"; then ok; else bad "$1: stdout lacks [$2]: $(cat "$T/out")"; fi; }
err_has() { if grep -qF -- "$2" "$T/err"; then ok; else bad "$1: stderr lacks [$2]: $(cat "$T/err")"; fi; }
q() { sqlite3 "$1" "$2"; }
# No half-made file is ever left behind: partial backups, restore copies.
no_leftovers() {
  local left
  left=$(find "$T" -name '*.partial-*' -o -name '*.restore-*')
  [ -z "$left" ] && ok || bad "$1: temporary files left: $left"
}
# 1234567 -> 1,234,567, as the summary writes counts.
commas() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

"$BIN" demo --children 30 --seed 4 --as-of 2026-11-23 >/dev/null 2>&1 || { echo "demo failed"; exit 1; }

# --- help -----------------------------------------------------------------------
"$BIN" help | grep -q '^  backup FILE|FOLDER \[--force\]$' && ok || bad "help lists backup"
"$BIN" help | grep -q '^  restore FILE$' && ok || bad "help lists restore"
expect "backup needs a file" 2 -- "$BIN" backup
err_has "backup usage" "usage: oversight backup"
expect "restore needs a file" 2 -- "$BIN" restore

# --- backup while serve runs and others write -----------------------------------
# The server runs throughout, checkpointing the -wal as it does. Another
# program writes two closure days per transaction, as fast as it can: a
# copy of one moment holds an even number of them. Meanwhile the command
# line adds closure days too, each with its audit entry chained to the last.
port=$(free_port)
"$BIN" serve --listen "127.0.0.1:$port" --threads 1 >"$T/serve.out" 2>"$T/serve.err" &
spid=$!
pids+=($spid)
for _ in $(seq 150); do grep -q "is running" "$T/serve.out" && break; sleep 0.1; done
grep -q "is running" "$T/serve.out" && ok || bad "serve started: $(cat "$T/serve.out" "$T/serve.err")"
touch "$T/writing"
python3 - "$DB" "$T/writing" <<'PY' &
import datetime, os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
day, n = datetime.date(2100, 1, 1), 0
while os.path.exists(sys.argv[2]) and n < 20000:
    c.execute('BEGIN IMMEDIATE')
    for _ in range(2):
        c.execute("INSERT INTO closure_day(day, name) VALUES(?, 'writer')", (day.isoformat(),))
        day += datetime.timedelta(days=1)
    c.execute('COMMIT')
    n += 1
PY
pids+=($!)
(
  i=0
  while [ -e "$T/writing" ] && [ $i -lt 60 ]; do
    "$BIN" calendar closure add "$(date -d "2190-01-01 + $i days" +%F)" "cli writer $i" >/dev/null 2>&1
    i=$((i + 1))
  done
) &
pids+=($!)
for _ in $(seq 100); do
  [ "$(q "$DB" "SELECT count(*) FROM closure_day WHERE name='writer'" 2>/dev/null)" -gt 0 ] 2>/dev/null && break
  sleep 0.1
done
for k in 1 2 3; do
  expect "backup $k while others write" 0 -- "$BIN" backup "$T/busy-$k.db"
  out_has "backup $k says it was checked" "and checked the copy: no problems found"
  [ "$(stat -c %a "$T/busy-$k.db")" = 600 ] && ok || bad "backup $k mode $(stat -c %a "$T/busy-$k.db")"
  sleep 0.5
done
rm -f "$T/writing"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
[ "$code" = 200 ] && ok || bad "serve answers after the backups: $code"
kill "$spid"
wait "${pids[@]}"
pids=()
for k in 1 2 3; do
  n=$(q "$T/busy-$k.db" "SELECT count(*) FROM closure_day WHERE name='writer'")
  [ $((n % 2)) = 0 ] && ok || bad "backup $k holds half a transaction: $n writer rows"
  expect "backup $k passes check" 0 -- "$BIN" --db "$T/busy-$k.db" check
done
n1=$(q "$T/busy-1.db" "SELECT count(*) FROM closure_day WHERE name='writer'")
n3=$(q "$T/busy-3.db" "SELECT count(*) FROM closure_day WHERE name='writer'")
nl=$(q "$DB" "SELECT count(*) FROM closure_day WHERE name='writer'")
[ "$n1" -gt 0 ] && [ "$n3" -gt "$n1" ] && [ "$nl" -gt "$n3" ] && ok || bad "the backups were taken while the writer wrote: $n1, $n3, then $nl"
[ "$(q "$T/busy-3.db" "SELECT count(*) FROM audit_log WHERE action LIKE 'closure%'")" -gt 0 ] && ok || bad "the command line's audited writes reached the copy"
[ ! -e "$T/busy-3.db-wal" ] && [ ! -e "$T/busy-3.db-shm" ] && ok || bad "a backup is one file, with no -wal or -shm beside it"

# --- what it says -----------------------------------------------------------------
expect "backup of the quiet database" 0 -- "$BIN" backup "$T/good.db"
children=$(q "$DB" "SELECT count(*) FROM child")
reviews=$(q "$DB" "SELECT count(*) FROM review")
users=$(q "$DB" "SELECT count(*) FROM users")
audits=$(q "$DB" "SELECT count(*) FROM audit_log")
out_has "names both files" "Backed up $DB to $T/good.db"
out_has "children" "  children:          $children"
out_has "reviews" "  reviews:           $(commas "$reviews")"
out_has "users" "  users:             $users"
out_has "audit entries" "  audit log entries: $(commas "$audits"), the chain intact"
out_has "size" "  size:              "
out_has "last entry when" "  last audit entry:  $(date +%A) $(date +%-d) $(date '+%B %Y') at "
last=$(q "$DB" "SELECT actor || ': ' || action || ' ' || record FROM audit_log ORDER BY id DESC LIMIT 1")
out_has "last entry who and what" "by $last"
[ "$(stat -c %s "$T/good.db")" -gt 0 ] && grep -qF "($(commas "$(stat -c %s "$T/good.db")") bytes)" "$T/out" && ok || bad "size in bytes: $(cat "$T/out")"

# --- names that are taken -----------------------------------------------------------
before=$(md5sum < "$T/good.db")
expect "backup refuses an existing file" 1 -- "$BIN" backup "$T/good.db"
err_has "says why and how" "$T/good.db already exists, so nothing was written: choose another name, or add --force"
[ "$(md5sum < "$T/good.db")" = "$before" ] && ok || bad "the existing file was changed"
expect "backup refuses the database itself" 1 -- "$BIN" backup --force "$DB"
err_has "names it" "is the database itself"
"$BIN" calendar closure add 2199-12-01 "after the good backup" >/dev/null
expect "backup --force replaces" 0 -- "$BIN" backup --force "$T/good.db"
[ "$(q "$T/good.db" "SELECT count(*) FROM closure_day WHERE day='2199-12-01'")" = 1 ] && ok || bad "--force wrote a new copy"
[ "$(stat -c %a "$T/good.db")" = 600 ] && ok || bad "replaced backup mode $(stat -c %a "$T/good.db")"
mkdir "$T/nightly"
expect "backup into a folder" 0 -- "$BIN" backup "$T/nightly"
f=$(ls "$T/nightly")
[[ "$f" =~ ^oversight-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}\.db$ ]] && ok || bad "dated name in the folder: [$f]"
expect "backup of no database" 1 -- "$BIN" --db "$T/none.db" backup "$T/none-copy.db"
[ ! -e "$T/none.db" ] && [ ! -e "$T/none-copy.db" ] && ok || bad "no database made, no copy written"
no_leftovers "backups"

# --- a copy that fails its check is removed ------------------------------------------
# An audit entry changed behind the triggers' back: the file copies whole,
# but the chain is broken, so the copy is no backup.
cp "$DB" "$T/tampered.db"
q "$T/tampered.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='someone else' WHERE id=3"
expect "backup of a tampered log fails" 1 -- "$BIN" --db "$T/tampered.db" backup "$T/tampered-copy.db"
err_has "the check names the entry" "audit log: entry 3 was changed"
err_has "says the copy was removed" "the copy failed its check (above) and was removed: $T/tampered-copy.db was not written"
[ ! -e "$T/tampered-copy.db" ] && ok || bad "the bad copy was kept"
no_leftovers "a failed backup"

# --- restore is refused while the database is open -----------------------------------
"$BIN" serve --listen "127.0.0.1:$port" --threads 1 >"$T/serve.out" 2>"$T/serve.err" &
spid=$!
pids+=($spid)
for _ in $(seq 150); do grep -q "is running" "$T/serve.out" && break; sleep 0.1; done
grep -q "is running" "$T/serve.out" && ok || bad "serve started: $(cat "$T/serve.out" "$T/serve.err")"
n_before=$(q "$DB" "SELECT count(*) FROM closure_day")
expect "restore refused while serve runs" 1 -- "$BIN" restore "$T/busy-1.db"
err_has "says it is open" "$DB is open in another program; stop it first (for the service: systemctl stop oversight)"
err_has "says nothing changed" "Nothing was changed"
[ "$(q "$DB" "SELECT count(*) FROM closure_day")" = "$n_before" ] && ok || bad "the database was changed under serve"
ls "$T" | grep -q before-restore && bad "a file was put aside while refused" || ok
kill "$spid"; wait "$spid"
pids=()
# Not only Oversight: any program with the file open, such as the sqlite3
# shell or a script, idle between statements.
python3 - "$DB" "$T/holding" "$T/release" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute('SELECT count(*) FROM child').fetchall()
open(sys.argv[2], 'w').close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.05)
PY
hpid=$!
pids+=($hpid)
for _ in $(seq 100); do [ -e "$T/holding" ] && break; sleep 0.05; done
expect "restore refused while a script has it open" 1 -- "$BIN" restore "$T/busy-1.db"
err_has "says it is open" "is open in another program"
touch "$T/release"; wait "$hpid"
pids=()
no_leftovers "refused restores"

# --- restore of a good backup -------------------------------------------------------
# A commit that is only in the -wal, as a server stopped by a crash leaves
# it: the database put aside must keep it. (Counted before: the sqlite3
# shell, closing last, would move the -wal into the database.)
n_live=$(q "$DB" "SELECT count(*) FROM closure_day")
python3 - "$DB" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('PRAGMA wal_autocheckpoint=0')
c.execute("INSERT INTO closure_day(day, name) VALUES('2199-12-24', 'only in the wal')")
os._exit(0)
PY
[ -s "$DB-wal" ] && ok || bad "the test left a commit in the -wal"
backup_sum=$(md5sum < "$T/busy-1.db")
n_backup=$(q "$T/busy-1.db" "SELECT count(*) FROM closure_day")
[ -s "$DB-wal" ] && ok || bad "the commit is still only in the -wal"
expect "restore a good backup" 0 -- "$BIN" restore "$T/busy-1.db"
out_has "says so" "Restored $T/busy-1.db as $DB, after checking it: no problems found."
out_has "says what it holds" "  audit log entries: "
aside=$(ls "$T" | grep -E '^live\.db\.before-restore-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}$')
[ -n "$aside" ] && ok || bad "the replaced database is kept as live.db.before-restore-TIME: $(ls "$T")"
out_has "names where the old one is" "The database it replaced is kept as $T/$aside, with $T/$aside-wal: keep the two together."
[ "$(q "$DB" "SELECT count(*) FROM closure_day")" = "$n_backup" ] && ok || bad "the restored database holds the backup's rows"
[ "$(q "$T/$aside" "SELECT count(*) FROM closure_day")" = $((n_live + 1)) ] && ok || bad "the kept database has every commit, the -wal's too"
[ "$(q "$T/$aside" "SELECT count(*) FROM closure_day WHERE name='only in the wal'")" = 1 ] && ok || bad "the -wal went with its database"
[ "$(q "$DB" "SELECT count(*) FROM closure_day WHERE name='only in the wal'")" = 0 ] && ok || bad "the old -wal was not read into the restored file"
[ "$(md5sum < "$T/busy-1.db")" = "$backup_sum" ] && ok || bad "the backup file itself was changed"
[ "$(stat -c %a "$DB")" = 600 ] && ok || bad "restored database mode $(stat -c %a "$DB")"
expect "check the restored database" 0 -- "$BIN" check
out_has "check passes" "no problems found"
no_leftovers "a restore"

# --- restore of damaged backups leaves the database as it was -------------------------
"$BIN" calendar closure add 2199-12-31 "before the damaged restores" >/dev/null
"$BIN" backup "$T/to-damage.db" >/dev/null
live_sum() { md5sum < "$DB"; ls "$T" | grep -c before-restore; }
sum=$(live_sum)
head -c 100000 "$T/to-damage.db" > "$T/truncated.db"
expect "restore of a truncated backup refused" 1 -- "$BIN" restore "$T/truncated.db"
err_has "says not restored" "$T/truncated.db was not restored, as it failed its check (above); $DB is as it was"
[ "$(live_sum)" = "$sum" ] && ok || bad "a truncated backup changed the database"
# Every leaf page of the review table overwritten: the schema reads, the data does not.
cp "$T/to-damage.db" "$T/overwritten.db"
python3 - "$T/overwritten.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
size = c.execute('PRAGMA page_size').fetchone()[0]
pages = [r[0] for r in c.execute("SELECT pageno FROM dbstat WHERE name='review' AND pagetype='leaf'")]
c.close()
with open(sys.argv[1], 'r+b') as f:
    for p in pages:
        f.seek((p - 1) * size)
        f.write(b'\x5a' * size)
PY
expect "restore of an overwritten backup refused" 1 -- "$BIN" restore "$T/overwritten.db"
err_has "lists what is wrong" "integrity:"
err_has "says not restored" "$T/overwritten.db was not restored"
[ "$(live_sum)" = "$sum" ] && ok || bad "an overwritten backup changed the database"
echo "not a database" > "$T/junk.db"
expect "restore of a file that is no database refused" 1 -- "$BIN" restore "$T/junk.db"
err_has "says why" "$T/junk.db cannot be opened as an Oversight database: file is not a database"
[ "$(live_sum)" = "$sum" ] && ok || bad "junk changed the database"
expect "restore of a tampered log refused" 1 -- "$BIN" restore "$T/tampered.db"
err_has "names the entry" "audit log: entry 3 was changed"
[ "$(live_sum)" = "$sum" ] && ok || bad "a tampered backup changed the database"
expect "restore of no file" 1 -- "$BIN" restore "$T/missing.db"
expect "restore of the database itself" 1 -- "$BIN" restore "$DB"
[ "$(live_sum)" = "$sum" ] && ok || bad "refusals changed the database"
no_leftovers "refused restores"

# --- restore onto a new machine: no database there yet --------------------------------
expect "restore into a folder that is not there" 1 -- "$BIN" --db "$T/fresh/o.db" restore "$T/good.db"
err_has "says where" "cannot create a file in $T/fresh"
mkdir "$T/fresh"
expect "restore into an empty folder" 0 -- "$BIN" --db "$T/fresh/o.db" restore "$T/good.db"
[ "$(q "$T/fresh/o.db" "SELECT count(*) FROM closure_day WHERE day='2199-12-01'")" = 1 ] && ok || bad "the fresh database is the backup"
ls "$T/fresh" | grep -q before-restore && bad "nothing to keep aside, yet something was" || ok
expect "and it checks" 0 -- "$BIN" --db "$T/fresh/o.db" check

# --- an upgrade: a database at an older schema is backed up before migrating ----------
# The old database is made as an older Oversight made it: every migration
# but the last, from src/sql/, each with its schema_version row.
SRC=$(cd "$(dirname "$0")/.." && pwd)
old_db() {
  local files=("$SRC"/src/sql/0*.sql) i
  sqlite3 "$1" "PRAGMA journal_mode=WAL" >/dev/null
  for ((i = 0; i < ${#files[@]} - 1; i++)); do
    sqlite3 "$1" <"${files[$i]}" || bad "cannot apply ${files[$i]}"
    sqlite3 "$1" "INSERT INTO schema_version(version, applied_at) VALUES($((i + 1)), '2026-01-01 00:00:00')"
  done
  sqlite3 "$1" "INSERT INTO closure_day(day, name) VALUES('2199-12-02', 'before the upgrade')"
}
newest=$(ls "$SRC"/src/sql/0*.sql | wc -l)
oldv=$((newest - 1))
mkdir "$T/up"
old_db "$T/up/o.db"
[ "$(q "$T/up/o.db" "SELECT max(version) FROM schema_version")" = "$oldv" ] && ok || bad "the old database is at $oldv"
expect "migrate an old database" 0 -- "$BIN" --db "$T/up/o.db" migrate
out_has "migrated" "is at schema version $newest."
kept=$(ls "$T/up" | grep "^o.db.before-upgrade-v$oldv-[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]-[0-9]\{6\}\$")
[ "$(echo "$kept" | grep -c .)" = 1 ] && ok || bad "one backup before the upgrade: $(ls "$T/up")"
err_has "says where the backup is" "Before upgrading it, backed it up to $T/up/$kept (checked)"
err_has "says from and to" "has schema version $oldv and this Oversight uses $newest"
[ "$(q "$T/up/$kept" "SELECT max(version) FROM schema_version")" = "$oldv" ] && ok || bad "the backup is not migrated"
[ "$(q "$T/up/$kept" "SELECT name FROM closure_day WHERE day='2199-12-02'")" = "before the upgrade" ] && ok \
  || bad "the backup holds the old data"
[ "$(q "$T/up/$kept" "PRAGMA integrity_check")" = ok ] && ok || bad "the backup's integrity"
[ "$(stat -c %a "$T/up/$kept")" = 600 ] && ok || bad "the backup is private: $(stat -c %a "$T/up/$kept")"
[ "$(q "$T/up/o.db" "SELECT max(version) FROM schema_version")" = "$newest" ] && ok || bad "the database is migrated"
expect "migrate again" 0 -- "$BIN" --db "$T/up/o.db" migrate
[ "$(ls "$T/up" | grep -c before-upgrade)" = 1 ] && ok || bad "no backup when there is nothing to upgrade: $(ls "$T/up")"
grep -q before-upgrade "$T/err" && bad "migrate of a current database talks of a backup" || ok
expect "a new database needs no backup" 0 -- "$BIN" --db "$T/up/new.db" migrate
ls "$T/up" | grep -q "^new.db.before-upgrade" && bad "a new database was backed up" || ok
# serve does the same, before it starts serving.
mkdir "$T/up2"
old_db "$T/up2/o.db"
port=$(free_port)
"$BIN" --db "$T/up2/o.db" serve --listen "127.0.0.1:$port" --threads 1 >"$T/serve.out" 2>"$T/serve.err" &
pids+=($!)
for _ in $(seq 150); do grep -q "is running" "$T/serve.out" && break; sleep 0.1; done
grep -q "is running" "$T/serve.out" && ok || bad "serve on an old database started: $(cat "$T/serve.out" "$T/serve.err")"
kept=$(ls "$T/up2" | grep "^o.db.before-upgrade-v$oldv-")
[ -n "$kept" ] && ok || bad "serve backed up before upgrading: $(ls "$T/up2")"
grep -qF "oversight serve: $T/up2/o.db has schema version $oldv and this Oversight uses $newest. Before upgrading it, backed it up to $T/up2/$kept" "$T/serve.err" \
  && ok || bad "serve says where: $(cat "$T/serve.err")"
[ "$(q "$T/up2/$kept" "SELECT max(version) FROM schema_version")" = "$oldv" ] && ok || bad "serve's backup is not migrated"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null; unset 'pids[-1]'
no_leftovers "upgrades"
# No room for the backup: the schema is left as it was.
mkdir "$T/up3"
old_db "$T/up3/o.db"
chmod 500 "$T/up3"
if [ "$(id -u)" != 0 ]; then
  expect "no backup, no upgrade" 1 -- "$BIN" --db "$T/up3/o.db" migrate
  err_has "says why" "the schema was not upgraded"
  chmod 700 "$T/up3"
  [ "$(q "$T/up3/o.db" "SELECT max(version) FROM schema_version")" = "$oldv" ] && ok || bad "not migrated without a backup"
fi
chmod 700 "$T/up3"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
