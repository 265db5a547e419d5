#!/bin/bash
# ls2001.sh - soso's least-squares Monte Carlo (bench/ls2001) beside QuantLib 1.29's
# MCAmericanEngine (bench/ls2001_quantlib) on the 20 American puts of Longstaff &
# Schwartz (2001) Table 1, same paths (100,000 = 50,000 + 50,000 antithetic per
# pass), 50 steps a year, constant + 3 Laguerre terms; soso with 1 and 2 threads,
# one pass (the paper's estimator) and two passes (QuantLib's: calibration paths,
# then as many independent pricing paths).
# usage: bench/ls2001.sh [BUILD_DIR [OUT_DIR]]   (BUILD_DIR default build-bench: make bench)
#        SAMPLES=10000 bench/ls2001.sh ...       (pairs per pass: 10,000 = 20,000 paths;
#                                                 default 50,000 = the paper's 100,000)
#        THREADS=1 bench/ls2001.sh ...           (soso thread counts; default "1 2")
# Accuracy: RMS over the 20 cases against the paper's FD column and against
# QuantLib's QdFpAmericanEngine (high precision), printed by ls2001_quantlib.
set -eu
build=${1:-build-bench}
out=${2:-$(mktemp -d)}
b=$build/bench
mkdir -p "$out"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
samples=${SAMPLES:-50000}
"$b/ls2001_quantlib" "$samples" 42 >"$out/quantlib.txt"
threads=${THREADS:-1 2}
for t in $threads; do
  "$b/ls2001" --paths $((2 * samples)) --threads $t --seed 42 >"$out/soso_t${t}_one.txt" || true
  "$b/ls2001" --paths $((2 * samples)) --threads $t --seed 42 --two-pass >"$out/soso_t${t}_two.txt" || true
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== QuantLib MCAmericanEngine (two passes of 100,000 paths) =="
cat "$out/quantlib.txt"
runs=""
for t in $threads; do runs="$runs soso_t${t}_one soso_t${t}_two"; done
for f in $runs; do
  echo
  echo "== $f =="
  cat "$out/$f.txt"
done
# Accuracy against the paper's FD column (American; the reference notes: within
# ~0.01): RMS over the 20 cases. Speed: QuantLib's total over soso's, by wall time and
# by process CPU time (all threads); on a loaded machine the CPU ratio is the stable
# one, and the wall-time ratio of 2 threads shows the scaling only when 2 cores are free.
echo
echo "== summary =="
ql_ms=$(awk '/^total_ms/ {print $2}' "$out/quantlib.txt")
ql_cpu=$(awk '/^total_ms/ {print $4}' "$out/quantlib.txt")
fd=$(awk 'NR>2 && NF==10 {print $6}' "$out/soso_t1_one.txt" | tr '\n' ' ')
qd=$(awk 'NR>1 && NF==8 {print $8}' "$out/quantlib.txt" | tr '\n' ' ')
awk -v fd="$fd" -v qd="$qd" -v ms="$ql_ms" -v cpu="$ql_cpu" 'NR>1 && NF==8 {split(fd, F, " "); i++; d=$4-F[i]; s+=d*d; e=$4-$8; q+=e*e; se+=$5}
  END {printf "%-12s rms_vs_FD %.4f rms_vs_QdFp %.4f mean_se %.4f wall_ms %9.1f cpu_ms %9.1f\n", "quantlib", sqrt(s/i), sqrt(q/i), se/i, ms, cpu}' \
  "$out/quantlib.txt"
for f in $runs; do
  awk -v qd="$qd" -v qm="$ql_ms" -v qc="$ql_cpu" -v name="$f" 'NR>2 && NF==10 {split(qd, Q, " "); n++; d=$4-$6; s+=d*d; e=$4-Q[n]; q+=e*e; se+=$5}
    /^total_ms/ {ms=$2; cpu=$4; ok=$6}
    END {printf "%-12s rms_vs_FD %.4f rms_vs_QdFp %.4f mean_se %.4f wall_ms %9.1f cpu_ms %9.1f wall_ratio %6.1f cpu_ratio %6.1f paper_LSM_rule %s\n",
         name, sqrt(s/n), sqrt(q/n), se/n, ms, cpu, qm/ms, qc/cpu, ok}' "$out/$f.txt"
done
echo "outputs in $out"
