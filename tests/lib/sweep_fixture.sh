# sweep_fixture.sh - the sweep tests' shared fixture, sourced by tests/cli/sweep.sh
# and tests/mpi/sweep_mpi.sh (one definition, so the threaded and the MPI tests run
# the same deposits and scenarios). Needs $soso, $data (../shared/data) and $tmp.
# Defines: bbox (12 deposits of the USGS VMS file in Norway); $tmp/sc.yaml (3
# scenarios, LSM 500); $tmp/odd.csv (two made-up deposits that cannot be drafted,
# for the skip path); mkstore DB (a store with the VMS deposits, the two odd ones
# and the Pink Sheet prices); W DBNAME ARGS... (soso sweep on $tmp/DBNAME.db); dump
# STORE GPKG (the store's results and the GeoPackage's layers, as text).
# shellcheck shell=bash
bbox=10,62,12,64.5
cat >"$tmp/sc.yaml" <<'YAML'
lsm_paths: 500
scenarios:
  - name: base
  - name: low
    price: {all: 0.8, COPPER: 0.9}
  - name: lean
    opex: 0.85
    capex: 0.75
    royalty: 0.02
YAML
printf 'record_id,name,country,lat,lon,status,ore_mt,zn_pct,w_pct\n1,Notonnage,Norway,63.1,11.1,deposit,,5,\n2,Onlytungsten,Norway,63.2,11.2,deposit,0.5,,0.4\n' >"$tmp/odd.csv"
mkstore() {
  "$soso" --db "$1" deposits import "$data/deposits/deposits_usgs_vms_europe.csv" >/dev/null 2>&1 &&
  "$soso" --db "$1" deposits import "$tmp/odd.csv" >/dev/null 2>&1 &&
  "$soso" --db "$1" prices import "$data/prices/wb_pinksheet_metals_monthly.csv" >/dev/null 2>&1
}
W() { local db=$1; shift; "$soso" --db "$tmp/$db.db" sweep --bbox $bbox --scenarios "$tmp/sc.yaml" "$@"; }
dump() {
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
s = sqlite3.connect(sys.argv[1])
for r in s.execute("SELECT * FROM sweep_result ORDER BY run, deposit_idx, scenario_idx"): print(repr(r))
for r in s.execute("SELECT * FROM sweep_skipped ORDER BY run, deposit_idx"): print(repr(r))
g = sqlite3.connect(sys.argv[2])
for t in ("sweep", "viability", "skipped"):
    for r in g.execute(f'SELECT * FROM "{t}" ORDER BY fid'): print(t, repr(r))
PY
}
