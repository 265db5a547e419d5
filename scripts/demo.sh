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
# deposits: the Balkans example (USGS positions; tonnages and grades partly assumed,
# see examples/deposits/README.md), screened for the Drina valley worked example
"$soso" deposits import "$root/examples/deposits/balkans_sample.csv"
"$soso" screen --preset drina --out "$out/screened.csv"
# districts one mobile plant could serve (DBSCAN, 20 km, >= 2 deposits) and the map
"$soso" districts --eps-km 20 --min-deposits 2 --format json > "$out/districts.json"
for ext in png pdf; do
  "$soso" map --eps-km 20 --min-deposits 2 --out "$out/map.$ext" \
    --title "Balkans example: deposits and districts (tonnages and grades partly assumed)" \
    --source "examples/deposits/balkans_sample.csv (USGS positions; ASSUMED tonnages, grades)"
done
echo "demo: outputs in $out"
