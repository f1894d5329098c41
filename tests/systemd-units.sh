#!/usr/bin/env bash
# tests/systemd-units.sh: the systemd units in packaging/ stay sandboxed.
# systemd-analyze rates how much of the machine a service could reach if
# it were taken over, from 0 (nothing) to 10; each unit must stay at 2.0 or
# lower ("OK"). Skipped (exit 77, which meson reports as skipped) where
# systemd-analyze is missing, as in a container without systemd.
set -u
SRC=${1:-$(dirname "$0")/..}
THRESHOLD=2.0
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "skipped: systemd-analyze is not installed (apt-get install systemd)"
  exit 77
fi
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
for unit in oversight.service oversight-backup.service oversight-mail.service oversight-digest.service; do
  f=$SRC/packaging/$unit
  out=$(cd "$SRC/packaging" && systemd-analyze security --offline=true "$unit" 2>&1)
  level=$(echo "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  if [ -z "$level" ]; then
    bad "$unit: no rating from systemd-analyze: $out"
    continue
  fi
  if awk -v l="$level" -v t="$THRESHOLD" 'BEGIN { exit !(l <= t) }'; then
    ok
    echo "$unit: exposure $level (at most $THRESHOLD)"
  else
    bad "$unit: exposure $level, above $THRESHOLD:"
    echo "$out" | grep '✗'
  fi
  # What the ratings cannot see: the account, the database's place, restarts.
  grep -qx 'User=oversight' "$f" && ok || bad "$unit runs as the oversight account"
  grep -qx 'StateDirectory=oversight' "$f" && ok || bad "$unit: StateDirectory=oversight"
  grep -q -- '--db /var/lib/oversight/oversight.db' "$f" && ok || bad "$unit uses /var/lib/oversight/oversight.db"
done
# No unknown or misplaced settings (systemd ignores those with a warning,
# so a misspelt protection would silently be none). verify insists that
# the program exists: a copy of each unit runs /bin/true instead.
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
for f in "$SRC"/packaging/oversight*.service "$SRC"/packaging/oversight*.timer; do
  sed 's|/usr/local/bin/oversight|/bin/true|' "$f" > "$D/$(basename "$f")"
done
out=$(cd "$D" && systemd-analyze verify ./*.service ./*.timer 2>&1)
[ -z "$out" ] && ok || bad "systemd-analyze verify: $out"
grep -qx 'Restart=on-failure' "$SRC/packaging/oversight.service" && ok || bad "the service restarts on failure"
grep -q '^ExecStart=.* backup /var/backups/oversight$' "$SRC/packaging/oversight-backup.service" && ok || bad "the backup writes into /var/backups/oversight"
grep -qx 'OnCalendar=\*-\*-\* 02:30:00' "$SRC/packaging/oversight-backup.timer" && ok || bad "the backup runs nightly"
grep -q '^ExecStart=.* mail send$' "$SRC/packaging/oversight-mail.service" && ok || bad "the mail unit sends the outbox"
grep -qx 'OnCalendar=\*:0/5' "$SRC/packaging/oversight-mail.timer" && ok || bad "the outbox is sent every five minutes"
grep -q '^ExecStart=.* mail digest$' "$SRC/packaging/oversight-digest.service" && ok || bad "the digest unit queues the day's emails"
grep -qx 'OnCalendar=Mon..Fri 07:30:00' "$SRC/packaging/oversight-digest.timer" && ok || bad "the digests are queued at 07:30 on weekdays"
grep -q '^d /var/backups/oversight 0700 oversight oversight ' "$SRC/packaging/oversight.tmpfiles" && ok || bad "the backup folder is private"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
