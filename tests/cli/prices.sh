#!/bin/bash
# prices.sh - `soso prices` end to end on the real Pink Sheet file and on every
# bad-input fixture: exit statuses, FILE:LINE errors, JSON fields, reproducible
# and thread-count-independent simulations, atomic outputs.
# usage: prices.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1 src=$2 shared=$3
pink=$shared/data/prices/wb_pinksheet_metals_monthly.csv
# Real data is needed throughout: SKIP (exit 77, CTest's SKIP_RETURN_CODE) without it.
[ -f "$pink" ] || { echo "SKIP: $pink is missing (../shared/data)"; exit 77; }
. "$(dirname "$0")/../lib/harness.sh"
db=$tmp/t.db
S() { "$soso" --db "$db" "$@"; }

for sub in "" import list calibrate simulate; do check "help $sub" 0 S prices $sub --help; done
check no-subcommand 2 S prices
check unknown-subcommand 2 S prices frobnicate
check import-no-file 2 S prices import
check import-pink 0 S prices import "$pink"
grep -q "10 series, 7900 monthly prices (Pink Sheet layout)" "$tmp/out" || fail "import summary"
check list 0 S prices list
grep -q "^ZINC  *US\$/t  *USD  *1960-01 2025-10  *790" "$tmp/out" || fail "list table"
check list-json 0 S prices list --format json
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert len(a)==10 and a[-1]["commodity"]=="ZINC" and a[-1]["unit"]=="US$/t"' "$tmp/out" || fail "list json"
check list-bad-format 2 S prices list --format xml

# Calibration JSON fields (the issue's names).
check cal-gbm 0 S prices calibrate --commodity ZINC --model gbm --from 1990-01 --to 2025-10 --format json
python3 - "$tmp/out" <<'PY' || fail "calibrate gbm json"
import json, sys
o = json.load(open(sys.argv[1]))
assert o["model"] == "gbm" and o["n"] == 429 and o["commodity"] == "ZINC" and o["unit"] == "US$/t"
assert set(o["params"]) == {"mu", "sigma"} and set(o["stderr"]) == {"mu", "sigma"}
assert o["window"] == {"from": "1990-01", "to": "2025-10"}
assert abs(o["aic"] - (4 - 2 * o["loglik"])) < 1e-6 and 0.1 < o["params"]["sigma"] < 0.4
PY
check cal-ou 0 S prices calibrate --commodity LEAD --model ou --from 1990-01 --to 2025-10 --format json
python3 - "$tmp/out" <<'PY' || fail "calibrate ou json"
import json, sys
o = json.load(open(sys.argv[1]))
assert o["model"] == "ou" and set(o["params"]) == {"kappa", "alpha", "sigma"}
assert set(o["stderr"]) == {"kappa", "alpha", "sigma"} and o["mean_reverting"] is True
assert abs(o["aic"] - (6 - 2 * o["loglik"])) < 1e-6
PY
check cal-many 0 S prices calibrate --commodity ZINC,LEAD,COPPER,SILVER --model ou --from 1990-01 --to 2025-10 --format json
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert [o["commodity"] for o in a]==["ZINC","LEAD","COPPER","SILVER"] and a[3]["mean_reverting"] is False' "$tmp/out" || fail "calibrate list json"
check cal-corr 0 S prices calibrate --commodity ZINC,LEAD,COPPER,SILVER --model gbm --from 1990-01 --to 2025-10 --correlation --format json
python3 - "$tmp/out" <<'PY' || fail "calibrate --correlation json"
import json, sys
o = json.load(open(sys.argv[1]))
c, l = o["correlation"], o["cholesky"]
assert len(o["fits"]) == 4 and o["window"] == {"from": "1990-01", "to": "2025-10"}
for i in range(4):
    assert c[i][i] == 1.0
    for j in range(4):
        # JSON carries 10 significant digits: L L' matches to ~1e-10
        assert c[i][j] == c[j][i] and abs(sum(l[i][k] * l[j][k] for k in range(4)) - c[i][j]) < 1e-9
assert c[0][1] > 0.3  # zinc and lead innovations co-move
PY
check cal-corr-silver-ou 1 S prices calibrate --commodity ZINC,SILVER --model ou --from 1990-01 --to 2025-10 --correlation
check cal-table 0 S prices calibrate --commodity COPPER --model gbm
grep -q "sigma" "$tmp/out" || fail "calibrate table"
check cal-no-commodity 2 S prices calibrate --model gbm
check cal-no-model 2 S prices calibrate --commodity ZINC
check cal-bad-model 2 S prices calibrate --commodity ZINC --model garch
check cal-bad-from 2 S prices calibrate --commodity ZINC --model gbm --from 1990-13
check cal-bad-to 2 S prices calibrate --commodity ZINC --model gbm --to yesterday
check cal-to-before-from 2 S prices calibrate --commodity ZINC --model gbm --from 2000-01 --to 1999-01
check cal-bad-format 2 S prices calibrate --commodity ZINC --model gbm --format xml
check cal-empty-name 2 S prices calibrate --commodity ZINC,,LEAD --model gbm
check cal-repeated 2 S prices calibrate --commodity ZINC,ZINC --model gbm
check cal-extra-arg 2 S prices calibrate --commodity ZINC --model gbm extra
check cal-unknown 1 S prices calibrate --commodity UNOBTAINIUM --model gbm
grep -q "UNOBTAINIUM: no such commodity" "$tmp/err" || fail "unknown commodity message"
check cal-short-window 1 S prices calibrate --commodity ZINC --model ou --from 2025-09

# Real prices: a deflator from a file (it covers 1987 only) or from the store.
check cal-deflated 0 S prices calibrate --commodity ZINC --model gbm --from 1987-01 --to 1987-12 --deflator "$src/tests/data/prices_deflator.csv" --format json
python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["real"] is True and o["unit"]=="US$/t real"' "$tmp/out" || fail "deflated json"
check cal-deflator-short 1 S prices calibrate --commodity ZINC --model gbm --from 1986-01 --to 1987-12 --deflator "$src/tests/data/prices_deflator.csv"
grep -q "does not cover" "$tmp/err" || fail "deflator cover message"
check cal-deflator-store 0 S prices calibrate --commodity ZINC --model gbm --deflator GOLD
check cal-deflator-missing 1 S prices calibrate --commodity ZINC --model gbm --deflator NO_SUCH_INDEX
# The shipped US CPI-U (date,index,inflation; BLS published no October 2025): it
# imports as one index series named after the file, and deflates, from the file or
# the store alike, any window that does not need the missing month; a window that
# does is refused naming that month.
cpi=$shared/data/prices/us_cpi_u_monthly.csv
if [ -f "$cpi" ]; then
  check cpi-import 0 S prices import "$cpi"
  grep -q "1 series, 1360 monthly prices (index layout)" "$tmp/out" || fail "cpi import: $(cat "$tmp/out")"
  check cpi-list 0 S prices list
  grep -Eq "^US_CPI_U_MONTHLY +index +1913-01 2026-05 +1360" "$tmp/out" || fail "cpi list: $(grep CPI "$tmp/out")"
  check cpi-store 0 S prices calibrate --commodity ZINC --model gbm --from 1990-01 --to 2025-09 --deflator US_CPI_U_MONTHLY --format json
  cp "$tmp/out" "$tmp/cpi_store.json"
  check cpi-file 0 S prices calibrate --commodity ZINC --model gbm --from 1990-01 --to 2025-09 --deflator "$cpi" --format json
  python3 - "$tmp/cpi_store.json" "$tmp/out" <<'PY' || fail "cpi: the stored and the file deflator differ, or the real drift is not below the nominal one"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["real"] is True and a["params"] == b["params"], (a["params"], b["params"])
# real zinc rose more slowly than nominal zinc (US inflation 1990-2025 ~2.6 %/yr)
assert 0.0 < a["params"]["mu"] < 0.04, a["params"]
PY
  check cpi-gap 1 S prices calibrate --commodity ZINC --model gbm --from 1990-01 --to 2025-10 --deflator US_CPI_U_MONTHLY
  grep -q "the deflator US_CPI_U_MONTHLY has no value for 2025-10, inside the window 1990-01..2025-10" "$tmp/err" ||
    fail "cpi gap message: $(cat "$tmp/err")"
else
  fail "$cpi is missing (../shared/data is incomplete)"
fi

# Every bad input: exit 1, FILE:LINE: message, and the store unchanged.
before=$(S prices list --format csv | md5sum)
for f in "$src"/tests/data/prices_bad_*.csv; do
  b=$(basename "$f")
  check "import $b" 1 S prices import "$f"
  grep -Eq "^soso: .*$b:[0-9]+: " "$tmp/err" || fail "$b: no FILE:LINE: in '$(cat "$tmp/err")'"
done
[ "$(S prices list --format csv | md5sum)" = "$before" ] || fail "a bad import changed the store"
check import-missing-file 1 S prices import "$tmp/nope.csv"

# Simulation: CSV shape, same seed same bits, threads do not matter.
sim() { S prices simulate --commodity ZINC,LEAD,SILVER --model gbm --paths 300 --months 24 --from 1990-01 "$@"; }
check sim 0 sim --seed 7 --out "$tmp/a.csv" --threads 1
[ "$(head -1 "$tmp/a.csv")" = "path,month,ZINC,LEAD,SILVER" ] || fail "simulate header"
[ "$(wc -l < "$tmp/a.csv")" = $((300 * 24 + 1)) ] || fail "simulate rows"
[ "$(sed -n 2p "$tmp/a.csv" | cut -d, -f1,2)" = "0,2025-11" ] || fail "simulate first month"
check sim-2threads 0 sim --seed 7 --out "$tmp/b.csv" --threads 2
cmp -s "$tmp/a.csv" "$tmp/b.csv" || fail "1 and 2 threads differ"
check sim-fewer-paths 0 sim --seed 7 --out "$tmp/c.csv" --paths 10
cmp -s <(head -241 "$tmp/a.csv") "$tmp/c.csv" || fail "path k depends on --paths"
check sim-other-seed 0 sim --seed 8 --out "$tmp/d.csv"
cmp -s "$tmp/a.csv" "$tmp/d.csv" && fail "seeds 7 and 8 give the same paths"
check sim-fan-png 0 S prices simulate --commodity ZINC,LEAD,COPPER --model ou --paths 500 --months 60 --seed 3 --from 1990-01 --out "$tmp/e.csv" --fan "$tmp/fan.png"
head -c 8 "$tmp/fan.png" | od -An -tx1 | grep -q "89 50 4e 47" || fail "fan chart is not a PNG"
check sim-no-history 0 S prices simulate --commodity LEAD --model gbm --paths 50 --months 6 --out "$tmp/nh.csv" --fan "$tmp/nh.png" --history 0
check sim-fan-svg 0 S prices simulate --commodity ZINC --model gbm --paths 100 --months 12 --out "$tmp/f.csv" --fan "$tmp/fan.svg"
grep -q "<svg" "$tmp/fan.svg" || fail "fan chart is not an SVG"
check sim-silver-ou 1 S prices simulate --commodity ZINC,SILVER --model ou --from 1990-01 --out "$tmp/g.csv"
grep -q "SILVER: kappa" "$tmp/err" || fail "silver ou message"
[ -e "$tmp/g.csv" ] && fail "failed simulate left an output"
check sim-no-out 2 S prices simulate --commodity ZINC --model gbm
check sim-bad-paths 2 S prices simulate --commodity ZINC --model gbm --out "$tmp/h.csv" --paths 0
check sim-bad-months 2 S prices simulate --commodity ZINC --model gbm --out "$tmp/h.csv" --months 5000
check sim-bad-seed 2 S prices simulate --commodity ZINC --model gbm --out "$tmp/h.csv" --seed -4
check sim-bad-threads 2 S prices simulate --commodity ZINC --model gbm --out "$tmp/h.csv" --threads x
check sim-too-big 2 S prices simulate --commodity ZINC,LEAD --model gbm --out "$tmp/h.csv" --paths 10000000 --months 1200
check sim-bad-dir 1 S prices simulate --commodity ZINC --model gbm --out "$tmp/no/such/dir.csv"
finish
