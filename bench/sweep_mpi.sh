#!/bin/bash
# sweep_mpi.sh - the Open MPI sweep benchmark of issue 16 (not a test; results go
# to bench/RESULTS.md by hand).
#
# Deposits: the long inventory (inventory_long_world.csv) and the USGS Europe
# occurrences (deposits_usgs_europe_occurrences.csv), every one of them or, with
# SAMPLE=K (default 40), a systematic 1-in-K sample of each file (the long
# inventory by deposit: all rows of every K-th record, so no deposit is cut up).
# Scenarios: bench/sweep_scenarios20.yaml (20, LSM 1,000 paths).
# Runs `mpirun -n 1` and `mpirun -n 2` (one thread per rank) on fresh copies of the
# same store, each with --trace, checks that both give the same results, then
# bench/sweep_model.py fits the 100- and 1,000-rank model from the traces and the
# full files' deposit counts.
#
# usage: bench/sweep_mpi.sh [BUILD_DIR]          (default build; built with MPI)
# env:   SAMPLE (K, default 40; 1 = the whole files), RANKS ("1 2"),
#        OUT (work folder, kept; default /tmp/soso-sweep-mpi-bench)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
soso=$build/soso
shared=${SHARED:-$root/../shared}
dep=$shared/data/deposits
k=${SAMPLE:-40}
out=${OUT:-/tmp/soso-sweep-mpi-bench}
mkdir -p "$out"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_plm=isolated OMPI_MCA_btl=self,vader
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_mpi_yield_when_idle=1

python3 - "$dep" "$out" "$k" <<'PY'
import csv, sys
dep, out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
# long inventory: keep every k-th deposit (kg_source, record_id), all its rows
with open(f"{dep}/inventory_long_world.csv", newline="") as f, \
     open(f"{out}/inventory_sample.csv", "w", newline="") as g:
    r = csv.reader(f); w = csv.writer(g); head = next(r); w.writerow(head)
    seen = {}
    for row in r:
        key = (row[0], row[2])
        if key not in seen: seen[key] = len(seen)
        if seen[key] % k == 0: w.writerow(row)
with open(f"{dep}/deposits_usgs_europe_occurrences.csv", newline="") as f, \
     open(f"{out}/occurrences_sample.csv", "w", newline="") as g:
    r = csv.reader(f); w = csv.writer(g); w.writerow(next(r))
    for i, row in enumerate(r):
        if i % k == 0: w.writerow(row)
PY

mkstore() { # mkstore DB INVENTORY OCCURRENCES
  rm -f "$1" "$1-wal" "$1-shm"
  "$soso" --db "$1" deposits import --skip-bad "$2" >/dev/null 2>&1
  "$soso" --db "$1" deposits import --skip-bad "$3" >/dev/null 2>&1
  "$soso" --db "$1" prices import "$shared/data/prices/wb_pinksheet_metals_monthly.csv" >/dev/null 2>&1
}
# The whole files' screened deposit counts (for the model).
mkstore "$out/full.db" "$dep/inventory_long_world.csv" "$dep/deposits_usgs_europe_occurrences.csv"
n_full=$("$soso" --db "$out/full.db" screen --format csv | tail -n +2 | wc -l)
sqlite3 "$out/full.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
full_bytes=$(stat -c %s "$out/full.db")
mkstore "$out/sample.db" "$out/inventory_sample.csv" "$out/occurrences_sample.csv"
n_sample=$("$soso" --db "$out/sample.db" screen --format csv | tail -n +2 | wc -l)
echo "deposits screened: whole files $n_full (store $full_bytes bytes), 1-in-$k sample $n_sample"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //');" \
     "load before: $(cut -d' ' -f1-3 /proc/loadavg); soso $("$soso" --version | head -1);" \
     "$(mpirun --version | head -1)"
for n in ${RANKS:-1 2}; do
  cp "$out/sample.db" "$out/r$n.db"
  rm -f "$out/r$n.gpkg"
  /usr/bin/time -f "%e %U %S" -o "$out/time$n" \
    mpirun -n "$n" "$soso" --db "$out/r$n.db" sweep --scenarios "$root/bench/sweep_scenarios20.yaml" \
      --out "$out/r$n.gpkg" --threads 1 --trace "$out/trace$n.csv" 2>"$out/err$n" ||
    { cat "$out/err$n"; exit 1; }
  read -r wall user sys <"$out/time$n"
  echo "ranks $n: wall $wall s, CPU user $user s sys $sys s; load after $(cut -d' ' -f1-3 /proc/loadavg)"
  grep "MPI ranks; the store copy" "$out/err$n" || true
done
# Same results on every rank count.
for n in ${RANKS:-1 2}; do
  sqlite3 "$out/r$n.db" "SELECT * FROM sweep_result ORDER BY deposit_idx, scenario_idx;" >"$out/rows$n.txt"
done
first=$(echo ${RANKS:-1 2} | cut -d' ' -f1)
for n in ${RANKS:-1 2}; do
  cmp -s "$out/rows$first.txt" "$out/rows$n.txt" && echo "ranks $n: results identical to ranks $first" ||
    { echo "ranks $n: results DIFFER from ranks $first"; exit 1; }
done
python3 "$root/bench/sweep_model.py" --n-full "$n_full" --copy-bytes "$full_bytes" --sample "$k" --scenarios 20 \
  "$out"/trace*.csv
