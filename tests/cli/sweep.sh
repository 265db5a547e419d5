#!/bin/bash
# sweep.sh - `soso sweep` end to end on the shipped USGS VMS file (12 deposits in
# central Norway, 3 scenarios, LSM with 500 paths): results in the store and the
# GeoPackage are identical with 1 and 2 threads, after a clean stop part-way
# (--stop-after) and after kill -9 with a restart; deposits that cannot be drafted
# are listed with the reason; scenario file errors are FILE:LINE; the map is drawn.
# Needs ../shared/data: exits 77 (CTest SKIP) when it is missing.
# usage: sweep.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1 src=$2 shared=$3
data=$shared/data
if [ ! -f "$data/deposits/deposits_usgs_vms_europe.csv" ] ||
   [ ! -f "$data/prices/wb_pinksheet_metals_monthly.csv" ]; then
  echo "SKIP: $data is missing"
  exit 77
fi
. "$(dirname "$0")/../lib/harness.sh"
. "$src/tests/lib/sweep_fixture.sh"
for s in a b c d; do mkstore "$tmp/$s.db" || fail "store $s"; done

check help 0 "$soso" sweep --help
check no-scen 2 "$soso" --db "$tmp/a.db" sweep --out "$tmp/x.gpkg"
check no-out 2 "$soso" --db "$tmp/a.db" sweep --scenarios "$tmp/sc.yaml"
check bad-ext 2 "$soso" --db "$tmp/a.db" sweep --scenarios "$tmp/sc.yaml" --out "$tmp/x.csv"
check no-store 1 "$soso" --db "$tmp/none.db" sweep --scenarios "$tmp/sc.yaml" --out "$tmp/x.gpkg"
printf 'scenarios:\n  - name: a\n    price: 0,8\n' >"$tmp/bad.yaml"
check bad-comma 1 "$soso" --db "$tmp/a.db" sweep --scenarios "$tmp/bad.yaml" --out "$tmp/x.gpkg"
grep -q "bad.yaml:3: scenarios\[0\].price: \"0,8\" is not a number (use a decimal point" "$tmp/err" ||
  fail "comma message: $(cat "$tmp/err")"
printf 'scenarios:\n  - name: a\n  - name: a\n    opex: -1\n' >"$tmp/bad2.yaml"
check bad-opex 1 "$soso" --db "$tmp/a.db" sweep --scenarios "$tmp/bad2.yaml" --out "$tmp/x.gpkg"
grep -q "bad2.yaml:4: scenarios\[1\].opex: -1 is negative" "$tmp/err" || fail "opex message: $(cat "$tmp/err")"
[ ! -e "$tmp/x.gpkg" ] || fail "a failed sweep left a GeoPackage"

# a: clean run, one thread, with the map.
check run-a 0 W a --threads 1 --out "$tmp/a.gpkg" --map "$tmp/a.png"
grep -q "14 deposits (0 resumed from the store), 3 scenarios, 36 results, 2 skipped" "$tmp/err" ||
  fail "summary: $(cat "$tmp/err")"
grep -q "skipped odd:1: draft: odd:1: the deposit has no ore tonnage" "$tmp/err" || fail "skip reason 1"
grep -q "skipped odd:2: .*no commodity has both a grade and a stored price series" "$tmp/err" ||
  fail "skip reason 2"
[ -s "$tmp/a.png" ] || fail "no map"
dump "$tmp/a.db" "$tmp/a.gpkg" >"$tmp/a.txt"
[ "$(grep -c '^sweep ' "$tmp/a.txt")" = 36 ] || fail "sweep layer rows"
[ "$(grep -c '^viability ' "$tmp/a.txt")" = 12 ] || fail "viability layer rows"
[ "$(grep -c '^skipped ' "$tmp/a.txt")" = 2 ] || fail "skipped layer rows"
python3 - "$tmp/a.db" <<'PY' || fail "result plausibility"
import sqlite3, sys
s = sqlite3.connect(sys.argv[1])
rows = s.execute("SELECT deposit, scenario, method, flexible_npv, value_open, capital, series"
                 " FROM sweep_result").fetchall()
assert len(rows) == 36
assert {r[2] for r in rows} == {"grid", "lsm"}, {r[2] for r in rows}
assert all(r[6] and "..20" in r[6] for r in rows), rows[0]
by = {(r[0], r[1]): r for r in rows}
for (d, sc), r in by.items():
    assert abs(r[3] - (r[4] - r[5])) <= 1e-6 * max(1, abs(r[4])), r
    if sc == "lean":  # capex x 0.75
        assert abs(r[5] - 0.75 * by[(d, "base")][5]) <= 1e-6 * r[5], (r, by[(d, "base")])
    if sc == "low":   # lower prices never raise the value
        assert r[4] <= by[(d, "base")][4] + 1e-6 * abs(by[(d, "base")][4]) + 1e-3, (r, by[(d, "base")])
PY

# b: two threads -> identical.
check run-b 0 W b --threads 2 --out "$tmp/b.gpkg"
dump "$tmp/b.db" "$tmp/b.gpkg" >"$tmp/b.txt"
cmp -s "$tmp/a.txt" "$tmp/b.txt" || fail "2 threads differ from 1: $(diff "$tmp/a.txt" "$tmp/b.txt" | head -4)"

# c: stopped after 5 deposits, then the same command resumes -> identical.
check run-c1 1 W c --threads 2 --out "$tmp/c.gpkg" --stop-after 5
grep -q "stopped after 5 deposits" "$tmp/err" || fail "stop message: $(cat "$tmp/err")"
check run-c2 0 W c --threads 2 --out "$tmp/c.gpkg"
grep -q "(5 resumed from the store)" "$tmp/err" || fail "resume count: $(cat "$tmp/err")"
dump "$tmp/c.db" "$tmp/c.gpkg" >"$tmp/c.txt"
cmp -s "$tmp/a.txt" "$tmp/c.txt" || fail "resumed run differs: $(diff "$tmp/a.txt" "$tmp/c.txt" | head -4)"

# d: kill -9 once the first deposit is committed, rerun -> identical.
W d --threads 1 --out "$tmp/d.gpkg" >/dev/null 2>&1 &
bg=$!
for _ in $(seq 1 600); do
  n=$(python3 -c "import sqlite3,sys
try: print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM sweep_result').fetchone()[0])
except Exception: print(0)" "$tmp/d.db" 2>/dev/null)
  [ "${n:-0}" -gt 0 ] && break
  kill -0 "$bg" 2>/dev/null || break
  sleep 0.05
done
kill -9 "$bg" 2>/dev/null
wait "$bg" 2>/dev/null
check run-d 0 W d --threads 2 --out "$tmp/d.gpkg"
dump "$tmp/d.db" "$tmp/d.gpkg" >"$tmp/d.txt"
cmp -s "$tmp/a.txt" "$tmp/d.txt" || fail "killed and restarted run differs: $(diff "$tmp/a.txt" "$tmp/d.txt" | head -4)"
echo "kill -9 test: $(grep -o '([0-9]* resumed' "$tmp/err")"

finish
