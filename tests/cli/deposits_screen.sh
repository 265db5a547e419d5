#!/bin/bash
# deposits_screen.sh - `soso screen` end to end: filters, presets, the JSON shape,
# GeoJSON that OGR (and so QGIS) opens, CSV, --out, usage errors, SOSO_DATA_DIR.
# usage: deposits_screen.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1 src=$2 shared=$3
dep=$shared/data/deposits
# Real data is needed throughout: SKIP (exit 77, CTest's SKIP_RETURN_CODE) without it.
[ -d "$dep" ] || { echo "SKIP: $dep is missing (../shared/data)"; exit 77; }
. "$(dirname "$0")/../lib/harness.sh"
export SOSO_DB=$tmp/t.db
unset SOSO_DATA_DIR
has() { grep -qF -- "$3" "$2" || { fail "$1: no \"$3\""; sed 's/^/  | /' "$2" | head -5; }; }
rows() { "$soso" screen --format csv "$@" | tail -n +2 | wc -l; }

"$soso" -q deposits import "$dep/deposits_usgs_vms_europe.csv" >/dev/null || fail "import vms"
"$soso" -q deposits import "$src/examples/deposits/balkans_sample.csv" >/dev/null || fail "import sample"

check help 0 "$soso" screen --help
has help "$tmp/out" "--min-grade C=V"
check list-help 0 "$soso" deposits list --help
[ "$(rows)" = 284 ] || fail "all: $(rows) rows, want 275 + 9"
# filters on the sample file (see examples/deposits/README.md)
[ "$(rows --country BA)" = 4 ] || fail "country BA: $(rows --country BA)"
[ "$(rows --country 'Bosnia and Herzegovina,RS')" = 9 ] || fail "country names"
[ "$(rows --commodity sb)" = 1 ] || fail "commodity sb: $(rows --commodity sb)"
[ "$(rows --crm 2011 --bbox 18,43,23,45)" = 1 ] || fail "crm 2011 in the Balkans (Gorazde, Sb)"
[ "$(rows --status mine --bbox 18,43,23,45)" = 3 ] || fail "status mine"
[ "$(rows --status past_mine,prospect --bbox 18,43,23,45)" = 3 ] || fail "status list"
[ "$(rows --min-grade pb=4 --bbox 18,43,23,45)" = 3 ] || fail "min-grade pb=4"
[ "$(rows --min-grade zn=3,pb=4 --bbox 18,43,23,45)" = 2 ] || fail "min-grade zn=3,pb=4"
[ "$(rows --min-grade ag=50 --max-ore-mt 1 --bbox 18,43,23,45)" = 1 ] || fail "ag and tonnage (Rudnik)"
# 12 VMS deposits of the USGS table have 100 Mt or more (counted with python csv)
[ "$(rows --min-ore-mt 100)" = 12 ] || fail "min-ore-mt 100: $(rows --min-ore-mt 100)"
# the same filters through deposits list
[ "$("$soso" deposits list --format csv --country RS | tail -n +2 | wc -l)" = 5 ] || fail "deposits list"

# Figure 1 preset, and an option refining it
n1=$(rows --preset figure1)
n2=$(rows --preset figure1 --max-ore-mt 1)
[ "$n1" -gt 20 ] && [ "$n2" -lt "$n1" ] && [ "$n2" -gt 0 ] || fail "figure1: $n1, refined $n2"
[ "$(rows --max-ore-mt 1 --preset figure1)" = "$n2" ] || fail "preset then options, whatever the order"

# JSON shape
check json 0 "$soso" screen --country BA --format json
python3 - "$tmp/out" <<'EOF' || fail "json shape"
import json, sys
a = json.load(open(sys.argv[1]))
assert isinstance(a, list) and len(a) == 4
for d in a:
    for k in ("id", "name", "country", "lat", "lon", "ore_mt", "grades", "crm"):
        assert k in d, k
    assert d["country"] == "BA" and isinstance(d["crm"], list)
    for code, g in d["grades"].items():
        assert code == code.lower() and set(g) >= {"value", "unit"}
v = [d for d in a if d["name"] == "Veovaca"][0]
assert v["grades"]["zn"] == {"value": 4.6, "unit": "%", "contained_t": 73600.0}, v["grades"]["zn"]
assert v["grades"]["ag"]["unit"] == "g/t" and v["crm"] == [2023, 2024]  # Cu: 2023 list, 2024 strategic
g = [d for d in a if d["name"] == "Gorazde"][0]
assert g["crm"] == [2011, 2014, 2017, 2020, 2023]  # antimony
EOF

# GeoJSON: written whole to --out, opened by OGR, lon/lat order
check geojson 0 "$soso" screen --preset figure1 --out "$tmp/fig1.geojson"
if command -v ogrinfo >/dev/null; then
  ogrinfo -ro -al -so "$tmp/fig1.geojson" > "$tmp/info" 2>&1 || fail "ogrinfo cannot open the GeoJSON"
  has geojson "$tmp/info" "Feature Count: $n1"
  has geojson "$tmp/info" "Geometry: Point"
  has geojson "$tmp/info" "zn_pct: Real"
fi
python3 - "$tmp/fig1.geojson" <<'EOF' || fail "geojson content"
import json, sys
fc = json.load(open(sys.argv[1]))
assert fc["type"] == "FeatureCollection"
for f in fc["features"]:
    lon, lat = f["geometry"]["coordinates"]
    assert -25 <= lon <= 45 and 34 <= lat <= 72   # Europe, lon first (RFC 7946)
    assert f["properties"]["zn_pct"] >= 3 and f["properties"]["ore_mt"] <= 5
EOF
check csv-out 0 "$soso" screen --country RS --out "$tmp/rs.csv"
has csv-out "$tmp/rs.csv" "id,name,country,lat,lon,status"
check table 0 "$soso" screen --country RS
has table "$tmp/out" "5 deposits"

# usage errors: exit 2, nothing written
check bad-grade 2 "$soso" screen --min-grade zn
has bad-grade "$tmp/err" "--min-grade: \"zn\" is not CODE=VALUE"
check bad-commodity 2 "$soso" screen --commodity kryptonite
check bad-bbox 2 "$soso" screen --bbox 1,2,3
check bad-crm 2 "$soso" screen --crm 2019
check bad-status 2 "$soso" screen --status dormant
check bad-number 2 "$soso" screen --max-ore-mt 2,5
check bad-format 2 "$soso" screen --format xml
check bad-preset 2 "$soso" screen --preset nosuch
check bad-eq 2 "$soso" screen --min-eq sb=2
check bad-arg 2 "$soso" screen stray
check bad-out 1 "$soso" screen --out "$tmp/no/such/dir/x.csv"
[ -e "$tmp/no/such/dir/x.csv" ] && fail "bad-out wrote a file"
# the data directory can be moved with SOSO_DATA_DIR
check datadir 1 env SOSO_DATA_DIR="$tmp/nodata" "$soso" screen
# the one data-folder lookup names what it tried (src/core/datadir.c)
has datadir "$tmp/err" "SOSO_DATA_DIR=$tmp/nodata: no such folder"
check presets 0 "$soso" deposits presets
has presets "$tmp/out" "figure1"

finish
