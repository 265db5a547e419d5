#!/bin/bash
# deposits_import.sh - `soso deposits import|list|show` end to end on the real files:
# counts, all-or-nothing, --skip-bad, re-import, --map, OGR formats, error statuses.
# usage: deposits_import.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1 src=$2 shared=$3
dep=$shared/data/deposits
# Real data is needed throughout: SKIP (exit 77, CTest's SKIP_RETURN_CODE) without it.
[ -d "$dep" ] || { echo "SKIP: $dep is missing (../shared/data)"; exit 77; }
. "$(dirname "$0")/../lib/harness.sh"
export SOSO_DB=$tmp/t.db
has() { # has NAME FILE TEXT: FILE contains TEXT literally
  grep -qF -- "$3" "$2" || { fail "$1: no \"$3\" in $(basename "$2")"; sed 's/^/  | /' "$2" | head -5; }
}
ndeposits() { "$soso" deposits list --format csv "$@" | tail -n +2 | wc -l; }

check help 0 "$soso" deposits --help
has help "$tmp/out" "soso deposits import FILE"
check import-help 0 "$soso" deposits import --help
check no-sub 2 "$soso" deposits
check bad-sub 2 "$soso" deposits frobnicate
check import-no-file 2 "$soso" deposits import
check import-missing 1 "$soso" deposits import "$tmp/nonexistent.csv"
has import-missing "$tmp/err" "nonexistent.csv: cannot open: No such file or directory"

# USGS VMS Europe imports as it is
check vms 0 "$soso" deposits import "$dep/deposits_usgs_vms_europe.csv"
has vms "$tmp/out" "275 rows (wide layout), 275 new, 0 updated, 0 bad"
[ "$(ndeposits)" = 275 ] || fail "vms: $(ndeposits) deposits stored, want 275"
check vms-again 0 "$soso" deposits import "$dep/deposits_usgs_vms_europe.csv"
has vms-again "$tmp/out" "275 rows (wide layout), 0 new, 275 updated"
[ "$(ndeposits)" = 275 ] || fail "vms-again: duplicated deposits"

# GSC Sn-W: bad rows stop the file, --skip-bad stores the rest and lists them
check gsc 1 "$soso" deposits import "$dep/deposits_gsc_sn_w_europe.csv"
has gsc "$tmp/err" "deposits_gsc_sn_w_europe.csv:6: sn_pct: grade 227 % is over 100 %"
has gsc "$tmp/err" "nothing stored"
[ "$(ndeposits)" = 275 ] || fail "gsc: rows of a failed file were stored"
check gsc-skip 0 "$soso" --verbose deposits import --skip-bad "$dep/deposits_gsc_sn_w_europe.csv"
has gsc-skip "$tmp/out" "57 rows (wide layout), 52 new, 0 updated, 5 bad, 6 flagged"
[ "$(grep -c 'deposits_gsc_sn_w_europe.csv:[0-9]*: ' "$tmp/err")" -ge 11 ] || fail "gsc-skip: bad and flagged rows not all listed"
has gsc-skip "$tmp/err" "deposits_gsc_sn_w_europe.csv:37: w: grade 100 % for 2 commodities"
has gsc-skip "$tmp/err" "warning: $dep/deposits_gsc_sn_w_europe.csv:2: sn grade 100 %: the ore figure 0.15 Mt is contained sn metal"
check show 0 "$soso" deposits show deposits_gsc_sn_w_europe:397
python3 - "$tmp/out" <<'EOF' || fail "show: Beauvoir JSON"
import json, sys
d = json.load(open(sys.argv[1]))[0]
assert d["name"] == "Beauvoir" and d["country"] == "FR" and d["ore_mt"] is None
assert d["grades"]["sn"]["contained_t"] == 150000.0 and d["grades"]["sn"]["value"] is None
EOF
check show-missing 1 "$soso" deposits show nosuch:1

# USGS occurrences: commodity names, countries that cannot be normalised reported
check occ 0 "$soso" deposits import "$dep/deposits_usgs_europe_occurrences.csv"
has occ "$tmp/out" "2882 rows (commodities layout), 2882 new"
has occ "$tmp/out" "countries not normalised to ISO 3166-1: \"Serbia and Montenegro\""

# the long MinMod inventory
check long 1 "$soso" deposits import "$dep/inventory_long_world.csv"
check long-skip 0 "$soso" --quiet deposits import --skip-bad "$dep/inventory_long_world.csv"
has long-skip "$tmp/out" "5771 rows (long layout), 1257 new, 0 updated, 26 bad"
[ "$(wc -l < "$tmp/err")" = 26 ] || fail "long-skip: $(wc -l < "$tmp/err") bad rows listed, want 26"
has long-skip "$tmp/err" "inventory_long_world.csv:5522: ore_unit: \"cubic metres\" is not a tonnage unit"

# a decimal comma: FILE:LINE: key: reason, exit 1, nothing stored
printf 'id,name,lat,lon,ore_mt,zn_pct\nq1,Good,44.1,19.3,0.5,6.25\nq2,Comma,44.2,19.4,0.5,"12,5"\n' > "$tmp/comma.csv"
check comma 1 "$soso" deposits import "$tmp/comma.csv"
has comma "$tmp/err" "$tmp/comma.csv:3: zn_pct: \"12,5\" is not a number (use a decimal point)"
check comma-none 1 "$soso" deposits show comma:q1
check comma-skip 0 "$soso" deposits import --skip-bad "$tmp/comma.csv"
check comma-one 0 "$soso" deposits show comma:q1

# --map and other vector formats: a GeoPackage in ETRS89-LAEA without lat/lon columns
check map-unknown 2 "$soso" deposits import --map nosuch=id "$src/examples/deposits/balkans_sample.csv"
has map-unknown "$tmp/err" "--map: no column \"nosuch\""
check map-syntax 2 "$soso" deposits import --map record_id "$src/examples/deposits/balkans_sample.csv"
if command -v ogr2ogr >/dev/null; then
  ogr2ogr -f GPKG "$tmp/b.gpkg" "$src/examples/deposits/balkans_sample.csv" -nln sites \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -s_srs EPSG:4326 -t_srs EPSG:3035 \
    -sql "SELECT record_id AS site_code, name AS site, country, ore_mt AS tonnage_mt, zn_pct AS zinc FROM balkans_sample" \
    || fail "ogr2ogr"
  # without an id column the feature id is the record id
  check gpkg-fid 0 "$soso" deposits import --source bfid "$tmp/b.gpkg"
  has gpkg-fid "$tmp/out" "9 rows (wide layout), 9 new"
  check gpkg-fid-show 0 "$soso" deposits show bfid:1
  check gpkg 0 "$soso" deposits import --map site_code=id,site=name --map zinc=zn_pct "$tmp/b.gpkg"
  has gpkg "$tmp/out" "9 rows (wide layout), 9 new"
  check gpkg-show 0 "$soso" deposits show b:usgs_sedznpb/393
  python3 - "$tmp/out" <<'EOF' || fail "gpkg: Rudnik position after EPSG:3035 round trip"
import json, sys
d = json.load(open(sys.argv[1]))[0]
# 1e-7 degrees (~1 cm): PROJ's LAEA forward/inverse round trip is far more exact
assert d["name"] == "Rudnik" and abs(d["lat"] - 44.1325) < 1e-7 and abs(d["lon"] - 20.49556) < 1e-7, d
assert d["grades"]["zn"]["value"] == 2.3 and d["ore_mt"] == 0.4
EOF
fi

finish
