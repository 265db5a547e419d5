#!/bin/bash
# value.sh - soso value end to end: the shipped examples, JSON fields, the policy
# chart, bad files and bad options.
# usage: value.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
src=$2
. "$(dirname "$0")/../lib/harness.sh"
bs=$src/examples/brennan-schwartz-1985/mine.yaml

check help 0 "$soso" value --help
grep -q "usage: soso value" "$tmp/out" || fail "help text"

check bs-json 0 "$soso" value "$bs" --method grid --price 0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0 \
  --format json --policy-chart "$tmp/policy.png"
python3 - "$tmp/out" <<'PY' || fail "bs-json content"
import json, sys
d = json.load(open(sys.argv[1]))
pts = d["points"]
assert len(pts) == 8 and [p["price"] for p in pts] == [0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0]
for p in pts:
    assert p["value_open"] >= p["value_closed"] - 0.2 - 1e-9
    assert p["value_closed"] >= p["value_open"] - 0.2 - 1e-9
v = [p["value_open"] for p in pts]
assert all(b > a for a, b in zip(v, v[1:]))
t = d["thresholds"]
assert t["abandon_open_below"] <= t["close_below"] < t["reopen_above"]
assert t["abandon_closed_below"] < t["reopen_above"]
assert d["money_unit"] == "$ million" and d["method"] == "grid"
assert d["grid"]["decision_dates"] == 121 and d["grid"]["reserve_levels"] == 61
assert d["irr"] is None  # no capital cost: no sign change
assert abs(d["value_of_flexibility"] - (d["value_open_s0"] - d["static_value"])) < 1e-6  # 10 digits printed
assert d["value_of_flexibility"] > 0
PY
head -c 8 "$tmp/policy.png" | od -An -c | grep -q "P   N   G" || fail "policy chart is not a PNG"

check bs-table 0 "$soso" value "$bs" --price 0.5 --dx 0.0707
grep -q "critical prices" "$tmp/out" || fail "table output"

check dixit 0 "$soso" value "$src/examples/dixit-pindyck/mine.yaml" --format json --price 1 \
  --dx 0.0289 --half-width 2
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); t=d['thresholds']; \
assert 1.9 < t['reopen_above'] < 2.1 and 0.55 < t['close_below'] < 0.62 and t['abandon_open_below'] is None" \
  "$tmp/out" || fail "dixit thresholds"

# Least-squares Monte Carlo on the same mine: within 4 standard errors of the grid
# (the grid's own error, < 2e-4, is negligible beside the Monte Carlo error).
check bs-lsm 0 "$soso" value "$bs" --method lsm --price 0.5 --paths 2000 --seed 7 --format json
cp "$tmp/out" "$tmp/lsm.json"
check bs-grid-05 0 "$soso" value "$bs" --price 0.5 --format json
python3 - "$tmp/lsm.json" "$tmp/out" <<'PY' || fail "lsm vs grid"
import json, sys
l = json.load(open(sys.argv[1])); g = json.load(open(sys.argv[2]))
assert l["method"] == "lsm" and l["thresholds"] is None and l["lsm"]["paths"] == 2000
p, q = l["points"][0], g["points"][0]
assert abs(p["value_open"] - q["value_open"]) <= 4 * p["se_open"], (p, q)
assert abs(p["value_closed"] - q["value_closed"]) <= 4 * p["se_closed"], (p, q)
assert abs(p["value_static"] - q["value_static"]) < 1e-3
PY
check lsm-multi-price 2 "$soso" value "$src/tests/data/mine_valid.yaml" --method lsm --price 2000
check lsm-chart 2 "$soso" value "$bs" --method lsm --policy-chart "$tmp/x.png"
check bad-paths 2 "$soso" value "$bs" --method lsm --paths 3

# Bad input: the file's line and key, exit 1, nothing printed on stdout.
check negative 1 "$soso" value "$src/tests/data/mine_negative_cost.yaml"
grep -q "mine_negative_cost.yaml:28: costs.cash_cost: -61.3 is negative" "$tmp/err" || fail "negative message"
[ -s "$tmp/out" ] && fail "output on error"
check missing 1 "$soso" value "$src/tests/data/mine_missing_reserve.yaml"
grep -q "mine_missing_reserve.yaml:3: reserve: missing" "$tmp/err" || fail "missing message"
check no-file 1 "$soso" value "$tmp/none.yaml"
check multi-factor 2 "$soso" value "$src/tests/data/mine_valid.yaml" --method grid
grep -q "3 price factors" "$tmp/err" || fail "multi-factor message"
# Without --method the mine chooses: several price factors -> least-squares Monte Carlo.
check multi-factor-auto 0 "$soso" value "$src/tests/data/mine_valid.yaml" --paths 500 --format json
grep -q '"method": "lsm"' "$tmp/out" || fail "multi-factor mine not valued by lsm by default"
# A grid too coarse to resolve the price moves: an error, not a number.
check coarse 1 "$soso" value "$bs" --dx 0.5 --format json
grep -q "too coarse" "$tmp/err" || fail "coarse message"
[ -s "$tmp/out" ] && fail "a number printed for an unresolvable grid"
check chart-ext 2 "$soso" value "$bs" --policy-chart "$tmp/policy.bmp"
[ -e "$tmp/policy.bmp" ] && fail "half-written chart"

# Usage errors.
check no-args 2 "$soso" value
check bad-method 2 "$soso" value "$bs" --method magic
check bad-format 2 "$soso" value "$bs" --format xml
check bad-price 2 "$soso" value "$bs" --price 0.3,abc
check neg-price 2 "$soso" value "$bs" --price -1
check bad-dx 2 "$soso" value "$bs" --dx 0
check unknown-opt 2 "$soso" value "$bs" --frobnicate
check two-files 2 "$soso" value "$bs" "$bs"

finish
