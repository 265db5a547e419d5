#!/bin/bash
# districts.sh - screening + districts on 10^6 synthetic deposits and on the real
# inventory, soso beside scikit-learn's DBSCAN (metric="haversine",
# algorithm="ball_tree", Debian python3-sklearn) on the same points and eps, with a
# check that both give the same districts. Results go to bench/RESULTS.md by hand.
#
# usage: bench/districts.sh [BUILD_DIR]   (default build-bench; built with
#        cmake -S . -B BUILD_DIR -DCMAKE_BUILD_TYPE=Release -DSOSO_BENCH=ON)
# env:   N (synthetic deposits, default 1000000), WORK (scratch folder, default a
#        temporary one; a store of N synthetic deposits there is reused), SHARED
#        (the shared/ folder, default ../shared), ONLY=real (skip the synthetic run)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build-bench}" && pwd)
soso=$build/soso
drv=$build/bench/districts_bench
py=/usr/bin/python3 # Debian's, which has python3-sklearn (not a pyenv shim)
peer=$root/bench/districts_peer.py
N=${N:-1000000}
shared=${SHARED:-$root/../shared}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
[ -x "$soso" ] && [ -x "$drv" ] || { echo "build first: $build/soso, $build/bench/districts_bench"; exit 2; }

echo "== machine"
echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "memory: $(free -g | awk '/Mem:/{print $2}') GiB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "soso: $("$soso" --version); peer: $("$py" -c 'import sklearn; print("scikit-learn", sklearn.__version__)')"

t() { /usr/bin/time -f "%e s wall, %U s user, %M KiB max RSS" "$@"; }

if [ "${ONLY:-}" != real ]; then
echo "== synthetic: $N deposits (clustered over Europe, bench/districts_bench.c gen)"
if [ -f "$work/syn.db" ] && [ "$(cat "$work/syn.n" 2>/dev/null)" = "$N" ]; then
  echo "-- reusing $work/syn.db"
else
  "$drv" gen "$N" 2385 "$work/syn.csv"
  rm -f "$work/syn.db"
  echo "-- import (setup, not compared)"
  t "$soso" --db "$work/syn.db" --quiet deposits import "$work/syn.csv"
  echo "$N" > "$work/syn.n"
fi
for threads in 1 2; do
  echo "-- soso, screen commodity=zn max-ore-mt=5 then DBSCAN eps 5 km, min 5 ($threads threads)"
  OMP_NUM_THREADS=$threads "$drv" run "$work/syn.db" 5 5 "$work/syn_pts.csv" "$work/syn_lab.txt" \
    commodity=zn max-ore-mt=5
done
for threads in 1 2; do
  echo "-- peer, same points ($threads jobs)"
  "$py" "$peer" "$work/syn_pts.csv" 5 5 "$work/syn_lab.txt" "$threads"
done
echo "-- the whole command: soso districts (store open, screen, DBSCAN, JSON out)"
t "$soso" --db "$work/syn.db" --quiet districts --commodity zn --max-ore-mt 5 --eps-km 5 \
  --min-deposits 5 --format json > "$work/syn_districts.json"
fi

inv="$shared/data/deposits/inventory_long_world.csv"
if [ -f "$inv" ]; then
  echo "== real: $inv (USGS/GSC via MinMod, public domain / OGL-Canada)"
  rm -f "$work/inv.db"
  "$soso" --db "$work/inv.db" --quiet deposits import --skip-bad "$inv" >/dev/null 2>&1 || true
  for spec in "25 2" "50 3"; do
    set -- $spec
    echo "-- soso, all deposits worldwide, DBSCAN eps $1 km, min $2"
    "$drv" run "$work/inv.db" "$1" "$2" "$work/inv_pts.csv" "$work/inv_lab.txt"
    "$py" "$peer" "$work/inv_pts.csv" "$1" "$2" "$work/inv_lab.txt" 1
  done
  echo "-- soso, Europe zinc (commodity=zn bbox=-25,34,45,72), eps 30 km, min 2"
  "$drv" run "$work/inv.db" 30 2 "$work/inv_pts.csv" "$work/inv_lab.txt" commodity=zn \
    bbox=-25,34,45,72
  "$py" "$peer" "$work/inv_pts.csv" 30 2 "$work/inv_lab.txt" 1
fi
echo "scratch files in $work"
