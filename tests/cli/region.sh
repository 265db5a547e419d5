#!/bin/bash
# region.sh - `soso region` end to end on the shipped district example: usage
# errors, data errors leave nothing behind, JSON fields, markdown, charts.
# usage: region.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
src=$2
. "$(dirname "$0")/../lib/harness.sh"
ex="$src/tests/data/region-district/district.region.yaml"
check help 0 "$soso" region --help
grep -q "usage: soso region" "$tmp/out" || { echo "FAIL help text"; fails=$((fails+1)); }
check no-file 2 "$soso" region
check two-files 2 "$soso" region "$ex" "$ex"
check bad-format 2 "$soso" region "$ex" --format xml
check bad-paths 2 "$soso" region "$ex" --paths 0
check bad-paths-text 2 "$soso" region "$ex" --paths ten
check bad-strategy 2 "$soso" region "$ex" --strategy parallel
check bad-option 2 "$soso" region "$ex" --frobnicate
check missing-file 1 "$soso" region "$tmp/none.yaml"
grep -q "none.yaml: cannot open" "$tmp/err" || { echo "FAIL missing-file message"; fails=$((fails+1)); }
# A data error names file:line: key and leaves no output file behind.
sed 's/^discount_rate: 0.08 /discount_rate: 0,08 /' "$ex" >"$tmp/bad.region.yaml"
cp "$src"/tests/data/region-district/*.mine.yaml "$tmp/"
sed -i "s|file: ../impacts/ljubovija.community.yaml|file: $src/tests/data/impacts/ljubovija.community.yaml|" "$tmp/bad.region.yaml"
check bad-region 1 "$soso" region "$tmp/bad.region.yaml" --output "$tmp/bad.json"
grep -q "bad.region.yaml:12: discount_rate: \"0,08\" is not a number" "$tmp/err" || { echo "FAIL bad-region message: $(cat "$tmp/err")"; fails=$((fails+1)); }
[ ! -e "$tmp/bad.json" ] || { echo "FAIL bad-region left an output"; fails=$((fails+1)); }
# The example, all three strategies, JSON.
check json 0 "$soso" --quiet region "$ex" --paths 100 --seed 7 --format json --output "$tmp/r.json" --charts "$tmp/charts"
python3 - "$tmp/r.json" <<'PY' || fails=$((fails+1))
import json, sys
d = json.load(open(sys.argv[1]))
assert d["paths"] == 100 and d["seed"] == 7, "paths/seed"
assert [s["strategy"] for s in d["strategies"]] == ["concurrent", "sequential", "optimised"]
c = {s["strategy"]: s for s in d["comparison"]}
assert c["sequential"]["max_concurrent"] <= c["concurrent"]["max_concurrent"]
opt = d["strategies"][2]
assert opt["planned_exact"] is True and opt["heuristic_gap"] >= -1e-12
cands = opt["candidates"]
chosen = [x for x in cands if x["chosen"]]
assert len(chosen) == 1 and all(chosen[0]["simulated_npv_mean"] >= x["simulated_npv_mean"] for x in cands)
assert c["optimised"]["npv_mean"] >= c["sequential"]["npv_mean"], "optimised below the file order"
for s in d["strategies"]:
    assert len(s["timeline"]["jobs_mean"]) == d["horizon_months"]
    for cm in s["communities"]:
        assert [v["vec"] for v in cm["cumulative"]] == ["employment", "noise", "dust", "traffic", "water", "land"]
        for v in cm["cumulative"]:
            assert v["significance"] in ("negligible", "minor", "moderate", "major") and v["reason"]
names = [cm["name"] for cm in d["communities"]]
for s in d["sites"]:  # one distance per community, in the communities' order
    assert [x["community"] for x in s["distances"]] == names
    assert all(0 <= x["distance_km"] < 2000 for x in s["distances"])
print("json ok")
PY
for f in strategies employment-optimised pressures-concurrent map-sequential; do
  [ -s "$tmp/charts/$f.png" ] || { echo "FAIL chart $f"; fails=$((fails+1)); }
done
# Same seed, same JSON whatever the threads (small test district: quick grids).
pair="$src/tests/data/region/pair.region.yaml"
check pair-2 0 "$soso" --quiet region "$pair" --paths 300 --seed 11 --format json --output "$tmp/p2.json" --threads 2
check pair-1 0 "$soso" --quiet region "$pair" --paths 300 --seed 11 --format json --output "$tmp/p1.json" --threads 1
cmp -s "$tmp/p1.json" "$tmp/p2.json" || { echo "FAIL same seed, 1 vs 2 threads: different JSON"; fails=$((fails+1)); }
check pair-seed 0 "$soso" --quiet region "$pair" --paths 300 --seed 12 --format json --output "$tmp/p3.json"
cmp -s "$tmp/p1.json" "$tmp/p3.json" && { echo "FAIL another seed gave the same JSON"; fails=$((fails+1)); }
check md 0 "$soso" --quiet region "$pair" --paths 100 --strategy optimised --format md
grep -q "## Strategies side by side" "$tmp/out" || { echo "FAIL md heading"; fails=$((fails+1)); }
grep -q "| optimised |" "$tmp/out" || { echo "FAIL md optimised row"; fails=$((fails+1)); }
finish
