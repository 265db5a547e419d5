#!/bin/bash
# mine_draft.sh - `soso mine draft` and from_store end to end on the shipped data:
# one deposit each from the USGS VMS, GSC Sn-W and long inventory files is drafted
# into a mine file that `soso value` accepts (grid for one factor, LSM for
# several), with a capacity, life and value in a plausible range; the value JSON's
# `prices` object equals `soso prices calibrate` on the same window; errors
# (unknown deposit, no store, a file needing the store without one) are one line.
# Needs ../shared/data: exits 77 (CTest SKIP) when it is missing.
# usage: mine_draft.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1 src=$2 shared=$3
data=$shared/data
if [ ! -f "$data/deposits/deposits_usgs_vms_europe.csv" ] ||
   [ ! -f "$data/prices/wb_pinksheet_metals_monthly.csv" ]; then
  echo "SKIP: $data is missing"
  exit 77
fi
. "$(dirname "$0")/../lib/harness.sh"
db=$tmp/t.db
S() { "$soso" --db "$db" "$@"; }

check help 0 S mine draft --help
check no-sub 2 S mine
check no-id 2 S mine draft
check bad-rule 2 S mine draft x --rule magic
check no-store 1 S mine draft deposits_usgs_vms_europe:1039
grep -q "no such store" "$tmp/err" || fail "no-store message"

check import-vms 0 S deposits import "$data/deposits/deposits_usgs_vms_europe.csv"
check import-gsc 0 S deposits import --skip-bad "$data/deposits/deposits_gsc_sn_w_europe.csv"
check import-long 0 S deposits import --skip-bad "$data/deposits/inventory_long_world.csv"
check draft-no-prices 1 S mine draft deposits_gsc_sn_w_europe:386
grep -q "no commodity has both a grade and a stored price series" "$tmp/err" || fail "no-prices message"
check import-prices 0 S prices import "$data/prices/wb_pinksheet_metals_monthly.csv"
check unknown 1 S mine draft deposits_usgs_vms_europe:0
grep -q "no such deposit" "$tmp/err" || fail "unknown message"

# The three drafts. Krupka (CZ, GSC Sn-W): Sn 0.23 %, W left out (no series): one
# factor, grid. Udden (SE, USGS VMS): Zn-Cu-Pb-Au-Ag, five factors, LSM.
# Tverrfjellet (NO, long inventory): Cu-Pb-Zn, three factors, LSM.
check draft-krupka 0 S mine draft deposits_gsc_sn_w_europe:386 --out "$tmp/krupka.mine.yaml"
grep -q "Krupka, reserve 6700000 t, 1311 t/day, life 14.6 years, 1 price factor" "$tmp/err" ||
  fail "krupka summary: $(cat "$tmp/err")"
grep -q "^# Left out (not valued): w 0.15 % (no price series in the store)" "$tmp/krupka.mine.yaml" ||
  fail "krupka left-out comment"
check draft-udden 0 S mine draft deposits_usgs_vms_europe:1039 --out "$tmp/udden.mine.yaml"
grep -q "Udden, reserve 8000000 t, .* 5 price factors" "$tmp/err" || fail "udden summary"
check draft-tverr 0 S mine draft inventory_long_world:umn/mrdata_vms/1037 --out "$tmp/tverr.mine.yaml"
grep -q "Tverrfjellet, reserve 19000000 t, .* 3 price factors" "$tmp/err" || fail "tverr summary"
# Every number line not from the deposit says where it came from.
for f in krupka udden tverr; do
  n=$(grep -E '^ *[a-z_]+: [0-9.]+ ' "$tmp/$f.mine.yaml" | grep -vc '# \(assumption\|deposit\)')
  [ "$n" = 0 ] || fail "$f: $n numbers without '# assumption' or '# deposit'"
done
# stdout without --out, the same text
check draft-stdout 0 S mine draft deposits_gsc_sn_w_europe:386
cmp -s "$tmp/out" "$tmp/krupka.mine.yaml" || fail "stdout draft differs from --out"

# soso value accepts them; prices object = prices calibrate on the same window.
check value-krupka 0 S value "$tmp/krupka.mine.yaml" --format json
cp "$tmp/out" "$tmp/krupka.json"
check cal-tin 0 S prices calibrate --commodity TIN --model gbm --from 1990-01 --format json
python3 - "$tmp/krupka.json" "$tmp/out" <<'PY' || fail "krupka value json / calibrate"
import json, sys
v = json.load(open(sys.argv[1])); c = json.load(open(sys.argv[2]))
p = v["prices"]["factors"][0]
assert p["source"] == "store" and p["series"] == "TIN", p
assert p["window"] == c["window"], (p["window"], c["window"])
for k in ("mu", "sigma"):
    assert p["params"][k] == c["params"][k], (k, p["params"][k], c["params"][k])
    assert p["stderr"][k] == c["stderr"][k]
assert p["s0"] == 36011.9 and p["s0_month"] == "2025-10"
# Plausible: life of a 6.7 Mt mine 10-20 years; a 0.23 % Sn ore without its
# tungsten does not pay (negative static NPV), and the option to wait is worth
# more than the static plan.
assert 10 < v["life_years"] <= 20, v["life_years"]
assert v["static_npv"] < 0 and v["value_open_s0"] > v["static_value"]
PY
check value-udden 0 S value "$tmp/udden.mine.yaml" --method lsm --paths 2000 --format json
python3 - "$tmp/out" <<'PY' || fail "udden value json"
import json, sys
v = json.load(open(sys.argv[1]))
assert [f["commodity"] for f in v["prices"]["factors"]] == ["ZINC", "COPPER", "LEAD", "GOLD", "SILVER"]
assert v["prices"]["correlation_source"] == "store"
# Zn 4.5 % with Au 0.8 g/t and Ag 40 g/t at 2025 prices: a rich ore, positive
# flexible NPV, life 10-20 years.
assert v["flexible_npv"] > 0 and 10 < v["life_years"] <= 20, (v["flexible_npv"], v["life_years"])
PY
check value-tverr 0 S value "$tmp/tverr.mine.yaml" --method lsm --paths 2000 --format json
python3 - "$tmp/out" <<'PY' || fail "tverr value json"
import json, sys
v = json.load(open(sys.argv[1]))
assert len(v["prices"]["factors"]) == 3
assert v["value_open_s0"] > 0 and 15 < v["life_years"] <= 30, (v["value_open_s0"], v["life_years"])
PY
check simulate-krupka 0 S simulate "$tmp/krupka.mine.yaml" --paths 50 --seed 3 --format json
grep -q '"prices"' "$tmp/out" || fail "simulate json has no prices object"

# A file that needs the store, run without one: one line naming file, line, key.
check value-no-store 1 "$soso" --db "$tmp/none.db" value "$tmp/krupka.mine.yaml"
grep -q "krupka.mine.yaml:[0-9]*: prices.factors\[0\].from_store: needs the price store" "$tmp/err" ||
  fail "value without store: $(cat "$tmp/err")"
[ ! -e "$tmp/none.db" ] || fail "value created an empty store"

# soso region draft: the Drina example's district 2 (Sase, Veliki Majdan) from
# examples/drina/deposits.csv, with the shipped places layer and the NUTS 2 panel.
db2=$tmp/d.db
R() { "$soso" --db "$db2" "$@"; }
check r-help 0 R region draft --help
check r-no-store 1 R region draft 2 --preset drina
check r-import 0 R deposits import "$src/examples/drina/deposits.csv"
check r-prices 0 R prices import "$data/prices/wb_pinksheet_metals_monthly.csv"
check r-bad-id 2 R region draft zero
check r-no-district 1 R region draft 9 --preset drina --eps-km 20 --min-deposits 2 --out "$tmp/d9"
grep -q "no district 9" "$tmp/err" || fail "no-district message"
SOSO_NUTS2_PANEL=$data/regions/eurostat_nuts2_panel_2007_2018.csv \
  check r-draft 0 R region draft 2 --preset drina --eps-km 20 --min-deposits 2 --out "$tmp/d2"
reg=$tmp/d2/region.yaml
[ -f "$reg" ] || fail "no region.yaml"
grep -q 'name: "Ljubovija" .*GeoNames, RS' "$reg" || fail "Ljubovija (RS) not a community"
grep -q 'unemployed: [0-9]* .*assumption: RS mean of its 4 NUTS 2 regions, 2018' "$reg" ||
  fail "RS baseline"
grep -q '# unemployed: not in the Eurostat NUTS 2 panel for BA' "$reg" || fail "BA baseline note"
[ "$(grep -c 'mine: ".*\.mine\.yaml"' "$reg")" = 2 ] || fail "two mine sites"
check r-run 0 R region "$reg" --paths 40 --format json
python3 - "$tmp/out" <<'PY' || fail "region json prices"
import json, sys
o = json.load(open(sys.argv[1]))
p = o["prices"]
assert [f["commodity"] for f in p["factors"]] == ["ZINC", "LEAD", "SILVER"], p["factors"]
assert p["correlation_source"] == "store" and all(f["source"] == "store" for f in p["factors"])
assert len(o["sites"]) == 2
PY

finish
