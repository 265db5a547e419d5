#!/bin/bash
# sweep.sh - `soso sweep` throughput: the USGS VMS Europe file (and, with
# FILE=inventory_long_world.csv or deposits_usgs_europe_occurrences.csv, the larger
# files) under the 14 scenarios of examples/sweep/scenarios.yaml, with 1 and 2
# threads; prints wall and CPU time per deposit-scenario from the store's row
# count. Each run uses a fresh store (no resume). Results go to bench/RESULTS.md by
# hand. The Open MPI runs and the rank model: bench/sweep_mpi.sh.
#
# usage: bench/sweep.sh [BUILD_DIR]   (default build)
# env:   FILE (deposit file under ../shared/data/deposits, default
#        deposits_usgs_vms_europe.csv), FILTERS (screen filters, default none),
#        PATHS (lsm_paths, default the file's 2000), THREADS ("1 2")
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
soso=$build/soso
shared=${SHARED:-$root/../shared}
file=${FILE:-deposits_usgs_vms_europe.csv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sc=$root/examples/sweep/scenarios.yaml
if [ -n "${PATHS:-}" ]; then
  sed "s/^lsm_paths: .*/lsm_paths: $PATHS/" "$sc" >"$work/sc.yaml"
  sc=$work/sc.yaml
fi
echo "cpus: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); soso: $("$soso" --version)"
for t in ${THREADS:-1 2}; do
  db=$work/t$t.db
  "$soso" --db "$db" deposits import --skip-bad "$shared/data/deposits/$file" >/dev/null 2>&1
  "$soso" --db "$db" prices import "$shared/data/prices/wb_pinksheet_metals_monthly.csv" >/dev/null 2>&1
  /usr/bin/time -f "%e %U" -o "$work/time" \
    "$soso" --db "$db" --quiet sweep ${FILTERS:-} --scenarios "$sc" --out "$work/o$t.gpkg" \
    --threads "$t" 2>"$work/err" || { cat "$work/err"; exit 1; }
  rows=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM sweep_result').fetchone()[0])" "$db")
  read -r wall user <"$work/time"
  python3 -c "import sys; w,u,n=map(float,sys.argv[1:]); print(f'threads $t: {int(n)} deposit-scenarios, {w:.1f} s wall, {u:.1f} s CPU, {1000*w/n:.1f} ms wall and {1000*u/n:.1f} ms CPU each')" "$wall" "$user" "$rows"
done
