#!/bin/sh
# demo.sh - the main job on data the project ships: runs the pipeline in out/demo
# and prints where its outputs are. usage: demo.sh SOSO_BINARY
set -eu
soso=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/out/demo"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
export SOSO_DB="$out/soso.db"
"$soso" --version
# deposits: the Drina worked example's table (examples/drina/deposits.csv: the
# Balkans example of examples/deposits plus nearby USGS records; positions from USGS,
# tonnages and grades partly assumed, see examples/drina/README.md), screened for the
# Drina valley worked example
"$soso" deposits import "$root/examples/drina/deposits.csv"
"$soso" screen --preset drina --out "$out/screened.csv"
# districts one mobile plant could serve (DBSCAN, 20 km, >= 2 deposits) and the map
"$soso" districts --eps-km 20 --min-deposits 2 --format json > "$out/districts.json"
for ext in png pdf; do
  "$soso" map --eps-km 20 --min-deposits 2 --out "$out/map.$ext" \
    --title "Balkans example: deposits and districts (tonnages and grades partly assumed)" \
    --source "examples/drina/deposits.csv (USGS positions; ASSUMED tonnages, grades)"
done
# from a screened deposit to a drafted mine and district (soso mine draft / region
# draft; prices from the World Bank Pink Sheet in ../shared/data when present)
pink="$root/../shared/data/prices/wb_pinksheet_metals_monthly.csv"
if [ -f "$pink" ]; then
  "$soso" prices import "$pink"
  # the calibration the worked example's zinc and lead factors state (its mine and
  # region files; examples/drina/README.md "Prices", checked by tests/cli/drina_prices.sh)
  { "$soso" prices calibrate --commodity ZINC,LEAD --model gbm --from 1990-01
    "$soso" prices calibrate --commodity ZINC,LEAD --model gbm --from 1990-01 --correlation
  } > "$out/prices-calibration.txt"
  "$soso" mine draft deposits:usgs_sedznpb/395 --out "$out/veliki-majdan.draft.mine.yaml"
  "$soso" value "$out/veliki-majdan.draft.mine.yaml" --method lsm --paths 2000 \
    > "$out/veliki-majdan-draft-value.txt"
  "$soso" region draft 2 --preset drina --eps-km 20 --min-deposits 2 --out "$out/district-2"
fi
# one mine of the worked example through the engine: value and policy, operations
# on real-world price paths, impacts on its community (examples/drina/README.md)
drina="$root/examples/drina"
"$soso" value "$drina/veliki-majdan.mine.yaml" --format json \
  --policy-chart "$out/veliki-majdan-policy.png" > "$out/veliki-majdan-value.json"
"$soso" simulate "$drina/veliki-majdan.mine.yaml" --paths 500 --seed 1 --format json \
  --fan "$out/veliki-majdan-fan.png" > "$out/veliki-majdan-simulate.json"
"$soso" impacts "$drina/veliki-majdan.site.yaml" --community "$drina/ljubovija.community.yaml" \
  --simulate 500 --seed 1 --format md --chart "$out/veliki-majdan-impacts.png" \
  --output "$out/veliki-majdan-impacts.md"
# the district: every site on one market, the three strategies, cumulative impacts
"$soso" region "$drina/drina.region.yaml" --paths 500 --seed 1 --format json \
  --output "$out/region.json"
# the report: the whole chain again through the library, as HTML and PDF
"$soso" report "$drina/drina.region.yaml" --out "$out/report" --paths 500 --seed 1
echo "demo: outputs in $out"
echo "demo: report $out/report/report.html (and report.pdf)"
