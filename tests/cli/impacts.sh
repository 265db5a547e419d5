#!/bin/bash
# impacts.sh - `soso impacts` and `soso econ` end to end on the shipped example.
# usage: impacts.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
src=$2
ex=$(cd "$src/tests/data/impacts" && pwd)
. "$(dirname "$0")/../lib/harness.sh"
site=$ex/veliki-majdan.site.yaml
comm=$ex/ljubovija.community.yaml

check help 0 "$soso" impacts --help
grep -q -- "--community" "$tmp/out" || { echo "FAIL help text"; fails=$((fails+1)); }
check econ-help 0 "$soso" econ --help
check no-community 2 "$soso" impacts "$site"
check bad-format 2 "$soso" impacts "$site" --community "$comm" --format xml
check bad-chart-ext 2 "$soso" impacts "$site" --community "$comm" --chart out.gif
check two-sites 2 "$soso" impacts "$site" "$site" --community "$comm"
check missing-site 1 "$soso" impacts "$tmp/nope.yaml" --community "$comm"

# JSON: ten dimensions, each with the issue's fields and reasons.
check json 0 "$soso" impacts "$site" --community "$comm" --format json --chart "$tmp/fig.png"
python3 - "$tmp/out" <<'PY' || { echo "FAIL json shape"; fails=$((fails+1)); }
import json, sys
j = json.load(open(sys.argv[1]))
d = j["dimensions"]
assert len(d) == 10, len(d)
for x in d:
    for k in ("name", "indicators", "magnitude", "direction", "sensitivity", "significance",
              "significance_after", "opportunities", "challenges", "measures"):
        assert k in x, k
    for k in ("magnitude", "sensitivity", "significance", "significance_after", "direction"):
        assert x[k]["reason"], (x["name"], k)
assert j["ssm_check"]["of"] == 8
assert j["closure"]["guarantee_eur"] > j["closure"]["closure_cost_eur"] > 0
assert j["econ"]["input_output"]["label"] == "upper bound"
assert j["econ"]["input_output"]["indirect_jobs"] > 0
assert "static plan" in j["basis"]
PY
[ -s "$tmp/fig.png" ] || { echo "FAIL chart not written"; fails=$((fails+1)); }
head -c 8 "$tmp/fig.png" | od -An -c | grep -q "P   N   G" || { echo "FAIL chart is not a PNG"; fails=$((fails+1)); }

# Markdown, to a file written atomically.
check md 0 "$soso" impacts "$site" --community "$comm" --format md --output "$tmp/a.md" --chart "$tmp/fig.svg"
grep -q "^## Closure from day one" "$tmp/a.md" || { echo "FAIL md closure section"; fails=$((fails+1)); }
grep -q "^### 10. Uncertainty, fears and aspirations" "$tmp/a.md" || { echo "FAIL md tenth dimension"; fails=$((fails+1)); }
grep -q "<svg" "$tmp/fig.svg" || { echo "FAIL svg chart"; fails=$((fails+1)); }

# A malformed community file: one line, file:line: key, exit 1, nothing written.
sed 's/^unemployment_rate: 0.21 /unemployment_rate: 2.1 /' "$comm" > "$tmp/bad.yaml"
check bad-community 1 "$soso" impacts "$site" --community "$tmp/bad.yaml" --output "$tmp/b.md" --chart "$tmp/b.png"
grep -q "bad.yaml:[0-9]*: unemployment_rate:" "$tmp/err" || { echo "FAIL bad community message: $(cat "$tmp/err")"; fails=$((fails+1)); }
[ ! -e "$tmp/b.md" ] && [ ! -e "$tmp/b.png" ] || { echo "FAIL output written on error"; fails=$((fails+1)); }
# A malformed rules file.
sed 's/^version: 1/version: one/' "$src/data/impacts/rules.yaml" > "$tmp/rules.yaml"
check bad-rules 1 "$soso" impacts "$site" --community "$comm" --rules "$tmp/rules.yaml"
grep -q "rules.yaml:[0-9]*: version:" "$tmp/err" || { echo "FAIL bad rules message"; fails=$((fails+1)); }

# Drivers from the SOSO operations simulation, on a shortened copy of the example
# mine (4-year horizon) to keep the test fast; the same seed gives the same answer.
sed -e 's/^reserve: 400000 .*/reserve: 120000/' -e 's/^  horizon_years: 15 .*/  horizon_years: 4/' \
  "$ex/veliki-majdan.mine.yaml" > "$tmp/mine.yaml"
sed -e "s|mine: veliki-majdan.mine.yaml|mine: $tmp/mine.yaml|" -e "s|table: drina-io.csv|table: $ex/drina-io.csv|" \
  "$site" > "$tmp/site.yaml"
check simulate 0 "$soso" impacts "$tmp/site.yaml" --community "$comm" --format json --simulate 200 --seed 7
cp "$tmp/out" "$tmp/sim1.json"
grep -q '"basis": "operations simulation (SOSO engine): 200 real-world price paths over 48 months, seed 7' "$tmp/sim1.json" \
  || { echo "FAIL simulate basis"; fails=$((fails+1)); }
check simulate-again 0 "$soso" impacts "$tmp/site.yaml" --community "$comm" --format json --simulate 200 --seed 7
cmp -s "$tmp/out" "$tmp/sim1.json" || { echo "FAIL simulate not reproducible"; fails=$((fails+1)); }
check simulate-bad 2 "$soso" impacts "$site" --community "$comm" --simulate 1
check simulate-years 2 "$soso" impacts "$site" --community "$comm" --simulate 100 --years -3

# econ multipliers: the reference two-sector case (reference README section 4).
printf 'sector,a,b,final_demand,total_output\na,150,500,350,1000\nb,200,100,1700,2000\n' > "$tmp/io.csv"
check econ-json 0 "$soso" econ multipliers "$tmp/io.csv" --format json
python3 - "$tmp/out" <<'PY' || { echo "FAIL econ reference case"; fails=$((fails+1)); }
import json, sys
j = json.load(open(sys.argv[1]))
L = j["leontief_inverse"]; det = 0.7575
want = [[0.95/det, 0.25/det], [0.2/det, 0.85/det]]
assert all(abs(L[i][k] - want[i][k]) < 1e-9 for i in range(2) for k in range(2))
assert abs(j["x_check"][0] - 1000) < 1e-6 and abs(j["x_check"][1] - 2000) < 1e-6
assert abs(j["output_multipliers"]["type1"][0] - 1.15/det) < 1e-9
assert "upper bound" in j["label"]
A = j["technical_coefficients"]  # flows over the column's total output
assert all(abs(A[i][k] - [[0.15, 0.25], [0.2, 0.05]][i][k]) < 1e-12 for i in range(2) for k in range(2))
assert all(k == k.lower() for k in j), "JSON keys are snake_case"
PY
check econ-table 0 "$soso" econ multipliers "$ex/drina-io.csv"
check econ-no-sub 2 "$soso" econ
check econ-bad-sub 2 "$soso" econ leontief "$tmp/io.csv"
check econ-bad-format 2 "$soso" econ multipliers "$tmp/io.csv" --format xml
printf 'sector,a,final_demand,total_output\na,x,1,2\n' > "$tmp/bad.csv"
check econ-bad-table 1 "$soso" econ multipliers "$tmp/bad.csv"
grep -q "bad.csv:2: a: \"x\" is not a number" "$tmp/err" || { echo "FAIL econ message"; fails=$((fails+1)); }

finish
