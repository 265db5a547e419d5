#!/bin/bash
# sweep_mpi.sh - `mpirun -n N soso sweep` gives the same results as the threaded
# run, bit for bit: the store's rows and every GeoPackage layer (and the map PNG)
# with mpirun -n 1, -n 2, -n 3 with 2 threads per rank and -n 4 (oversubscribed on
# a 2-core machine), after a clean stop under MPI resumed on another rank count,
# and after the ranks are killed with SIGKILL and the run restarted. Also: the
# work is really spread (each rank did at least one deposit, from --trace), and a
# rank-0 failure before the run (a bad scenarios file) ends every rank, no hang.
# Data: the shipped USGS VMS file (12 deposits in central Norway) plus two
# deposits that cannot be drafted, 3 scenarios, LSM with 500 paths (as
# tests/cli/sweep.sh). Registered only in builds with MPI (CMakeLists.txt).
# Needs ../shared/data: exits 77 (CTest SKIP) when it is missing.
# usage: sweep_mpi.sh SOSO_BINARY SOURCE_DIR SHARED_DIR MPIRUN
set -u
soso=$1 src=$2 shared=$3 mpirun=$4
data=$shared/data
if [ ! -f "$data/deposits/deposits_usgs_vms_europe.csv" ] ||
   [ ! -f "$data/prices/wb_pinksheet_metals_monthly.csv" ]; then
  echo "SKIP: $data is missing"
  exit 77
fi
# mpirun in CI: as root (a container), on one machine (plm isolated: no ssh),
# shared memory only (no network probing), more ranks than cores allowed, no
# binding (other jobs share the cores), no ptrace-based single copy (containers
# forbid it). Every mpirun is bounded by `timeout`.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_plm=isolated OMPI_MCA_btl=self,vader
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_mpi_yield_when_idle=1
# The ASan build (harmless otherwise): Open MPI leaks its runtime at MPI_Finalize.
# One small run on 2 ranks (the dealer, a worker, the two undraftable deposits) is
# leak-checked with Open MPI's libraries suppressed (tests/mpi/lsan-mpi.supp:
# components kept loaded and full unwinding, so each stack names its library); full
# unwinding makes every malloc slow (a valuation took minutes), so the other mpirun
# runs check memory errors and UB but not leaks.
export OMPI_MCA_mca_base_component_disable_dlclose=1
asan_leaks="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
asan_noleaks="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
lsan_mpi="suppressions=$src/tests/mpi/lsan-mpi.supp:print_suppressions=0"
limit=240
. "$(dirname "$0")/../lib/harness.sh"
. "$src/tests/lib/sweep_fixture.sh"
mkstore "$tmp/base.db" || fail "store"
for s in ref m1 m2 m3 m4 s k kref bad lk; do cp "$tmp/base.db" "$tmp/$s.db"; done
M() { local n=$1; shift
  ASAN_OPTIONS=$asan_noleaks timeout -k 5 $limit "$mpirun" --oversubscribe -n "$n" "$soso" "$@"; }
ML() { # mpirun with leak checks (see above)
  local n=$1; shift
  ASAN_OPTIONS=$asan_leaks LSAN_OPTIONS=$lsan_mpi timeout -k 5 $limit "$mpirun" --oversubscribe \
    -n "$n" "$soso" "$@"; }
MW() { local n=$1 db=$2; shift 2
  M "$n" --db "$tmp/$db.db" sweep --bbox $bbox --scenarios "$tmp/sc.yaml" "$@"; }
same() { # same NAME [REF]: dump NAME and compare with the threaded reference
  local ref=${2:-ref}
  dump "$tmp/$1.db" "$tmp/$1.gpkg" >"$tmp/$1.txt"
  cmp -s "$tmp/$ref.txt" "$tmp/$1.txt" ||
    fail "$1 differs from the threaded run: $(diff "$tmp/$ref.txt" "$tmp/$1.txt" | head -4)"
}
spread() { # spread NAME RANKS: every rank did at least one deposit (trace)
  python3 - "$tmp/$1.csv" "$2" <<'PY' || fail "$1: work not spread over $2 ranks"
import csv, sys
ranks = {int(r["rank"]) for r in csv.DictReader(open(sys.argv[1]))}
want = set(range(int(sys.argv[2])))
assert want <= ranks, (sorted(ranks), sorted(want))
PY
}

# The reference: no mpirun, 2 threads, with the map.
check ref 0 W ref --threads 2 --out "$tmp/ref.gpkg" --map "$tmp/ref.png"
dump "$tmp/ref.db" "$tmp/ref.gpkg" >"$tmp/ref.txt"
[ "$(grep -c '^sweep ' "$tmp/ref.txt")" = 36 ] || fail "reference: sweep layer rows"
[ "$(grep -c '^skipped ' "$tmp/ref.txt")" = 2 ] || fail "reference: skipped rows"

check m1 0 MW 1 m1 --out "$tmp/m1.gpkg" --trace "$tmp/m1.csv"
grep -q "(1 MPI rank)" "$tmp/err" || fail "m1 summary: $(cat "$tmp/err")"
same m1
check m2 0 MW 2 m2 --out "$tmp/m2.gpkg" --map "$tmp/m2.png" --trace "$tmp/m2.csv"
grep -q "14 deposits (0 resumed from the store), 3 scenarios, 36 results, 2 skipped; .*(2 MPI ranks)" \
  "$tmp/err" || fail "m2 summary: $(cat "$tmp/err")"
grep -q "skipped odd:1: draft: odd:1: the deposit has no ore tonnage" "$tmp/err" || fail "m2 skip reason"
same m2
spread m2 2
cmp -s "$tmp/ref.png" "$tmp/m2.png" || fail "m2 map differs from the threaded run's"
check m3 0 MW 3 m3 --threads 2 --out "$tmp/m3.gpkg" --trace "$tmp/m3.csv"
same m3
spread m3 3
check m4 0 MW 4 m4 --out "$tmp/m4.gpkg" --trace "$tmp/m4.csv"
same m4
spread m4 4

# A clean stop under MPI (3 ranks) resumed with 2 ranks.
check s1 1 MW 3 s --stop-after 4 --out "$tmp/s.gpkg"
grep -q "stopped after 4 deposits" "$tmp/err" || fail "stop message: $(cat "$tmp/err")"
[ ! -e "$tmp/s.gpkg" ] || fail "a stopped run wrote its GeoPackage"
check s2 0 MW 2 s --out "$tmp/s.gpkg"
grep -q "(4 resumed from the store)" "$tmp/err" || fail "resume count: $(cat "$tmp/err")"
same s

# SIGKILL to every rank once the first deposit is committed, then the same
# command on 4 ranks. At 500 paths a deposit takes ~0.04 s and the whole run is
# over before the poll below sees the first commit, so this run values with 8,000
# paths (~0.6 s a deposit, ~4 s for the run on 2 ranks; longer under ASan), and its
# own threaded reference (kref) is what it must equal after the resume.
sed 's/^lsm_paths: 500$/lsm_paths: 8000/' "$tmp/sc.yaml" >"$tmp/sck.yaml"
check kref 0 "$soso" --db "$tmp/kref.db" sweep --bbox $bbox --scenarios "$tmp/sck.yaml" \
  --threads 2 --out "$tmp/kref.gpkg"
dump "$tmp/kref.db" "$tmp/kref.gpkg" >"$tmp/kref.txt"
M 2 --db "$tmp/k.db" sweep --bbox $bbox --scenarios "$tmp/sck.yaml" --out "$tmp/k.gpkg" >/dev/null 2>&1 &
bg=$!
for _ in $(seq 1 1200); do
  n=$(python3 -c "import sqlite3,sys
try: print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM sweep_result').fetchone()[0])
except Exception: print(0)" "$tmp/k.db" 2>/dev/null)
  [ "${n:-0}" -gt 0 ] && break
  kill -0 "$bg" 2>/dev/null || break
  sleep 0.05
done
# The ranks are the children of mpirun, itself the child of timeout ($bg).
for p in $(pgrep -P "$bg"); do
  for r in $(pgrep -P "$p"); do kill -9 "$r" 2>/dev/null; done
done
wait "$bg" 2>/dev/null
check k 0 M 4 --db "$tmp/k.db" sweep --bbox $bbox --scenarios "$tmp/sck.yaml" --out "$tmp/k.gpkg"
resumed=$(grep -o '([0-9]* resumed' "$tmp/err" | tr -dc 0-9)
[ "${resumed:-0}" -gt 0 ] && [ "${resumed:-0}" -lt 14 ] ||
  fail "kill: expected a partial run to resume, got '$resumed' resumed: $(cat "$tmp/err")"
echo "kill -9 test: $resumed of 14 deposits resumed"
same k kref

# The leak-checked run (ASan build): the two deposits that cannot be drafted, on 2
# ranks (rank 1 receives the store copy and asks for work; which rank drafts each
# deposit depends on timing), checkpointed like any other.
check leaks 0 ML 2 --db "$tmp/lk.db" sweep --bbox 11.05,63.05,11.25,63.25 --scenarios "$tmp/sc.yaml" \
  --out "$tmp/lk.gpkg" --trace "$tmp/lk.csv"
grep -q "2 deposits (0 resumed from the store), 3 scenarios, 0 results, 2 skipped" "$tmp/err" ||
  fail "leak-checked run: $(cat "$tmp/err")"

# Rank 0 fails before the run: every rank ends (no hang), exit 1, one message.
printf 'scenarios:\n  - name: a\n    opex: -1\n' >"$tmp/bad.yaml"
check bad 1 M 3 --db "$tmp/bad.db" sweep --scenarios "$tmp/bad.yaml" --out "$tmp/bad.gpkg"
grep -q "bad.yaml:3: scenarios\[0\].opex: -1 is negative" "$tmp/err" ||
  fail "bad scenarios message under mpirun: $(cat "$tmp/err")"

finish
