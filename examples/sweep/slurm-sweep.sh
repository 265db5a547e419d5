#!/bin/bash
# slurm-sweep.sh - an EU-wide `soso sweep` on a Slurm cluster with Open MPI
# (README.md, "soso sweep on a cluster"). An EXAMPLE: the partition, module names,
# sizes and paths below are assumptions to adapt to your cluster.
#
# Before submitting (once, on a login node):
#   1. Build soso with MPI against the cluster's Open MPI (the one `mpirun` below
#      comes from):   module load openmpi   # or: spack load openmpi
#                     cmake -S soso -B build -DSOSO_MPI=ON && cmake --build build -j8
#      The binary must be the same on every node, and all nodes must be the same
#      kind of machine (ranks exchange results as raw bytes).
#   2. Make the store with the deposits and prices (rank 0 alone reads and writes
#      it; the other ranks get a copy in memory over MPI, so only rank 0's node
#      needs the file - but put it on the shared file system to resume from any
#      node):
#        build/soso --db $WORK/eu.db deposits import inventory_long_world.csv
#        build/soso --db $WORK/eu.db prices import wb_pinksheet_metals_monthly.csv
#   3. Submit:        sbatch examples/sweep/slurm-sweep.sh
#      Watch:         squeue -u $USER ; tail -f sweep-<jobid>.err
#
# Resuming: every deposit is checkpointed in the store as soon as rank 0 has its
# results. If the job hits its time limit or a node fails, submit the same script
# again (same store, same scenarios file, same filters): the sweep continues where
# it stopped, on any number of nodes, and the results are identical to an
# uninterrupted run. `--dependency=afternotok:<jobid>` chains the resubmission.
#
# Sizing: one rank per core (--threads 1, the default under MPI). Rank 0 also
# works; each deposit is dealt to whichever rank is free (deposits differ in cost
# by orders of magnitude). bench/RESULTS.md ("soso sweep under Open MPI") models
# 100 and 1,000 ranks: with ~4,000 deposits x 20 scenarios, a few hundred ranks
# already finish in about the time of the most expensive deposit.
#
#SBATCH --job-name=soso-sweep
#SBATCH --nodes=4                 # assumption: 4 nodes ...
#SBATCH --ntasks-per-node=32      # ... of 32 cores: 128 ranks
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=2G          # a rank holds the store copy + one mine's LSM paths
#SBATCH --time=02:00:00
#SBATCH --partition=compute       # assumption: your cluster's partition name
#SBATCH --output=sweep-%j.out
#SBATCH --error=sweep-%j.err
set -eu

SOSO=${SOSO:-$HOME/soso/build/soso}                 # assumption: where you built soso
STORE=${STORE:-$WORK/eu.db}                         # the store of step 2
SCENARIOS=${SCENARIOS:-$HOME/soso/examples/sweep/scenarios.yaml}
OUT=${OUT:-$WORK/eu-sweep}
mkdir -p "$OUT"

module load openmpi 2>/dev/null || true   # the Open MPI soso was built against

# One thread per rank (no oversubscription); Open MPI reads Slurm's allocation,
# so mpirun needs no -n or host file. With PMIx, `srun --mpi=pmix "$SOSO" ...`
# works the same way.
export OMP_NUM_THREADS=1
mpirun --bind-to core "$SOSO" --db "$STORE" --quiet sweep \
  --bbox -25,34,45,72 \
  --scenarios "$SCENARIOS" \
  --out "$OUT/sweep.gpkg" --map "$OUT/viability.png" \
  --trace "$OUT/trace-$SLURM_JOB_ID.csv"

# Outputs (written by rank 0 at the end): sweep.gpkg (layers sweep, viability,
# skipped; opens in QGIS), viability.png (EPSG:3035), the store's sweep_result
# table, and the trace (which rank did each deposit, seconds).
echo "soso sweep: done; outputs in $OUT"
