#!/bin/bash
# simulate.sh - `soso simulate` end to end on the shipped mine files: options,
# exit statuses, JSON fields, reproducibility (same seed; 1 vs 2 threads), fan charts.
# usage: simulate.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
src=$2
. "$(dirname "$0")/../lib/harness.sh"
bs=$src/examples/brennan-schwartz-1985/mine.yaml
vm=$src/tests/data/impacts/veliki-majdan.mine.yaml
check help 0 "$soso" simulate --help
grep -q -- "--paths" "$tmp/out" || fail "help lists --paths"
check no-file 2 "$soso" simulate
check negative-paths 2 "$soso" simulate "$bs" --paths -5
grep -q -- "--paths" "$tmp/err" || fail "negative paths message names the option"
check zero-years 2 "$soso" simulate "$bs" --years 0
grep -q -- "--years" "$tmp/err" || fail "zero years message names the option"
check bad-format 2 "$soso" simulate "$bs" --format xml
check bad-method 2 "$soso" simulate "$bs" --method tree
check bad-seed 2 "$soso" simulate "$bs" --seed -1
check unknown-option 2 "$soso" simulate "$bs" --frobnicate
check missing-file 1 "$soso" simulate "$tmp/nonexistent.yaml"
printf 'name: broken\nreserve: -3\n' >"$tmp/bad.yaml"
check bad-mine 1 "$soso" simulate "$tmp/bad.yaml"
grep -q "bad.yaml:" "$tmp/err" || fail "bad mine file error names the file"

# One factor (grid policy): JSON fields, the seed, reproducibility, thread invariance.
run_bs() { "$soso" simulate "$bs" --paths 300 --years 20 --seed 8117 --format json "$@"; }
run_bs --threads 1 >"$tmp/a.json" 2>"$tmp/err" || fail "bs json: $(cat "$tmp/err")"
run_bs --threads 1 >"$tmp/b.json" 2>/dev/null
run_bs --threads 2 >"$tmp/c.json" 2>/dev/null
cmp -s "$tmp/a.json" "$tmp/b.json" || fail "same seed gives different output"
cmp -s "$tmp/a.json" "$tmp/c.json" || fail "1 and 2 threads give different output"
run_bs --seed 8118 >"$tmp/d.json" 2>/dev/null
cmp -s "$tmp/a.json" "$tmp/d.json" && fail "a different seed gives the same output"
python3 - "$tmp/a.json" <<'PY' || fail "bs json content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["seed"] == 8117 and d["paths"] == 300 and d["months"] == 240, d["seed"]
assert d["policy"] == "grid"
for k in ["months_open", "switches", "open_spell_months", "closed_spell_months",
          "years_to_end", "wages", "royalties", "taxes", "cash_flow", "npv"]:
    s = d[k]
    assert s["q05"] <= s["q25"] <= s["q50"] <= s["q75"] <= s["q95"], k
for k in ["mean_monthly", "operating_crew", "care_crew"]:
    assert "mean" in d["employment"][k]
assert 0 <= d["p_layoff_12_months"] <= 1
e = d["end"]; assert abs(e["exhausted"] + e["abandoned"] + e["running"] - 1) < 1e-9
b = d["bands"]
assert len(b["price"]["COPPER"]) == 240 and len(b["share_open"]) == 240
assert len(b["employment"]) == 240 and len(b["employment_mean"]) == 240
assert d["months_open"]["q95"] <= 180   # 15 years of reserve
PY
check table 0 "$soso" simulate "$bs" --paths 50 --years 5 --seed 3
grep -q "seed 3" "$tmp/out" || fail "table prints the seed"

# Two factors (LSM policy) with a workforce, and fan charts.
"$soso" simulate "$vm" --paths 200 --years 6 --lsm-paths 1500 --seed 12 --format json \
  --fan "$tmp/fan.png" >"$tmp/vm.json" 2>"$tmp/err" || fail "vm json: $(cat "$tmp/err")"
python3 - "$tmp/vm.json" <<'PY' || fail "vm json content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["policy"] == "lsm" and d["lsm"]["paths"] == 1500 and d["seed"] == 12
assert set(d["bands"]["price"]) == {"LEAD", "ZINC"}
assert d["employment"]["mean_monthly"]["q95"] <= 300
PY
head -c 8 "$tmp/fan.png" | od -An -c | grep -q "P   N   G" || fail "fan chart is not a PNG"
"$soso" simulate "$bs" --paths 50 --years 5 --fan "$tmp/fan.svg" >/dev/null 2>&1 || fail "svg fan"
grep -q "<svg" "$tmp/fan.svg" || fail "fan chart is not an SVG"
finish
