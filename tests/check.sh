# tests/check.sh: sourced by the command-line tests (cli.sh, cli-returns.sh,
# data-protection.sh) for one way of checking. Gives $T (a directory removed
# on exit), OVERSIGHT_DB in it, the pass and fail counts, and:
#   ok / bad TEXT                 count a check (bad prints FAIL: TEXT)
#   expect NAME CODE STDOUT -- CMD...
#                                 run CMD; its exit must be CODE and, unless
#                                 STDOUT is "", its output STDOUT; stderr in $T/err
#   err_has NAME TEXT             the last expect's stderr contains TEXT
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export OVERSIGHT_DB=$T/o.db
pass=0 fail=0

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() {
  local name=$1 code=$2 want=$3; shift 4
  local out rc
  out=$("$@" 2>"$T/err"); rc=$?
  if [ "$rc" != "$code" ]; then bad "$name: exit $rc, want $code ($(head -c 300 "$T/err"))"; return; fi
  if [ -n "$want" ] && [ "$out" != "$want" ]; then bad "$name: got [$out] want [$want]"; return; fi
  ok
}
err_has() { if grep -qF -- "$2" "$T/err"; then ok; else bad "$1: stderr lacks [$2]: $(cat "$T/err")"; fi; }
