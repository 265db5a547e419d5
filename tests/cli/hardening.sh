#!/bin/bash
# hardening.sh - issue 12 end to end: read commands on a missing store fail (exit
# 1) and create nothing; CSV output defuses spreadsheet formulas; escape sequences
# never reach the terminal; a bad --fan leaves no --out behind; a read command
# runs while an import holds the write lock; no temporary file survives SIGTERM.
# usage: hardening.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails+1)); }
db=$tmp/t.db

# 1. read commands never create a store
for cmd in "screen" "prices list" "deposits show x:1" "districts" "deposits list"; do
  # shellcheck disable=SC2086
  "$soso" --db "$tmp/none.db" $cmd >"$tmp/out" 2>"$tmp/err"; st=$?
  case "$cmd" in "deposits list") continue;; esac
  [ $st = 1 ] || fail "$cmd on a missing store: exit $st, want 1"
  grep -q "none.db: no such store" "$tmp/err" || fail "$cmd: message: $(cat "$tmp/err")"
  [ ! -e "$tmp/none.db" ] || fail "$cmd created the store"
done

# 2. formulas and escape sequences in names
printf 'id,name,country,lat,lon,ore_mt,zn_pct\n1,"=HYPERLINK(""http://x"",""y"")",RS,44.1,19.3,0.5,6\n2,A\033[31mred,RS,44.2,19.4,0.5,7\n' >"$tmp/evil.csv"
"$soso" --db "$db" deposits import "$tmp/evil.csv" >/dev/null 2>&1 || fail "import evil.csv"
"$soso" --db "$db" screen --format csv >"$tmp/s.csv" 2>&1 || fail "screen csv"
grep -q "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" "$tmp/s.csv" || fail "formula not defused: $(cat "$tmp/s.csv")"
"$soso" --db "$db" screen >"$tmp/s.txt" 2>&1 || fail "screen table"
if grep -q $'\033' "$tmp/s.txt" "$tmp/s.csv"; then fail "escape sequence reached the output"; fi
printf 'id,lat,lon,zn_pct\n1,44,19,\033[2J\n' >"$tmp/esc.csv"
"$soso" --db "$db" deposits import "$tmp/esc.csv" >/dev/null 2>"$tmp/err"
if grep -q $'\033' "$tmp/err"; then fail "escape sequence in an error message"; fi

# 3. prices simulate: a bad --fan leaves no --out
printf 'month,ZINC\n' >"$tmp/p.csv"
for y in 2000 2001 2002 2003; do for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
  echo "${y}M$m,$((2000 + RANDOM % 300))" >>"$tmp/p.csv"; done; done
"$soso" --db "$db" prices import "$tmp/p.csv" >/dev/null || fail "prices import"
"$soso" --db "$db" prices simulate --commodity ZINC --model gbm --paths 10 --months 3 \
  --out "$tmp/sim.csv" --fan "$tmp/nodir/fan.png" >/dev/null 2>&1 && fail "bad --fan succeeded"
[ ! -e "$tmp/sim.csv" ] || fail "bad --fan left --out behind"
ls -a "$tmp" | grep -q '\.tmp-' && fail "temporary file left by the failed simulate"

# 4. a read command while an import holds the write lock (WAL): sqlite3 keeps a
# write transaction open for 4 s; screen and prices list must not wait for it
if command -v sqlite3 >/dev/null; then
  (echo "BEGIN IMMEDIATE; DELETE FROM deposit_commodity;"; sleep 4; echo "ROLLBACK;") |
    sqlite3 "$db" >/dev/null 2>&1 &
  sleep 1
  t0=$(date +%s)
  "$soso" --db "$db" screen >/dev/null 2>"$tmp/err" || fail "screen during a write: $(cat "$tmp/err")"
  "$soso" --db "$db" prices list >/dev/null 2>"$tmp/err" || fail "prices list during a write: $(cat "$tmp/err")"
  [ $(( $(date +%s) - t0 )) -le 2 ] || fail "readers waited for the writer"
  wait
fi

# 5. SIGTERM during a long output removes its temporary file
"$soso" --db "$db" prices simulate --commodity ZINC --model gbm --paths 50000 --months 120 \
  --out "$tmp/big.csv" >/dev/null 2>&1 &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  ls -a "$tmp" | grep -q '^\.big\.csv\.tmp-' && break
  sleep 0.5
done
ls -a "$tmp" | grep -q '^\.big\.csv\.tmp-' || echo "note: SIGTERM came before the output was opened"
kill -TERM $pid 2>/dev/null
wait $pid 2>/dev/null
ls -a "$tmp" | grep -q '^\.big\.csv\.tmp-' && fail "temporary file left after SIGTERM"

[ $fails = 0 ] && echo "hardening: all passed"
exit $((fails > 0))
