#!/bin/bash
# grid_put.sh - the grid engine's American put beside QuantLib's
# FdBlackScholesVanillaEngine (Crank-Nicolson), on the 20 puts of Longstaff &
# Schwartz (2001) Table 1, at equal grid sizes tGrid = xGrid = N, errors against
# QuantLib's QdFpAmericanEngine high-precision oracle. Times are process CPU time
# (both engines single-threaded), summed over the 20 puts, mean of REPEAT runs.
# usage: bench/grid_put.sh [BUILD_DIR] [REPEAT]   (BUILD_DIR default build-bench)
set -eu
dir=${1:-build-bench}/bench
repeat=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$dir/grid_put_quantlib" --oracle > "$tmp/oracle"
printf "%5s | %10s %10s | %10s %10s %7s | %10s %10s %7s\n" N ql_maxerr ql_ms \
  pde_maxerr pde_ms ql/pde quad_maxerr quad_ms ql/quad
for n in 50 100 141 200 283 400 566 800 1131; do
  r=$repeat; [ "$n" -ge 400 ] && r=1
  "$dir/grid_put_quantlib" "$n" "$r" > "$tmp/ql.$n"
  paste "$tmp/ql.$n" "$tmp/oracle" | awk 'NF==9{e=$4-$9; if(e<0)e=-e; if(e>m)m=e} /total_ms/{t=$2}
    END{printf "max_err %.6f\ntotal_ms %s\n", m, t}' > "$tmp/qls.$n"
  "$dir/grid_put" "$tmp/oracle" "$n" "$r" pde | tail -3 > "$tmp/pde.$n"
  "$dir/grid_put" "$tmp/oracle" "$n" "$r" quadrature | tail -3 > "$tmp/quad.$n"
  get() { awk -v k="$2" '$1==k{print $2}' "$1"; }
  qe=$(get "$tmp/qls.$n" max_err); qt=$(get "$tmp/qls.$n" total_ms)
  pe=$(get "$tmp/pde.$n" max_err); pt=$(get "$tmp/pde.$n" total_ms)
  ue=$(get "$tmp/quad.$n" max_err); ut=$(get "$tmp/quad.$n" total_ms)
  echo "$n $qe $qt $pe $pt $ue $ut" >> "$tmp/all"
  awk -v n="$n" -v qe="$qe" -v qt="$qt" -v pe="$pe" -v pt="$pt" -v ue="$ue" -v ut="$ut" 'BEGIN{
    printf "%5d | %10.6f %10.2f | %10.6f %10.2f %7.1f | %10.6f %10.2f %7.1f\n",
      n, qe, qt, pe, pt, qt/pt, ue, ut, qt/ut}'
done
echo
echo "equal accuracy: smallest N of the list whose max error is within the target"
for target in 0.005 0.002 0.001; do
  awk -v t="$target" '
    { if (!qn && $2 <= t) {qn=$1; qt=$3}
      if (!pn && $4 <= t) {pn=$1; pt=$5}
      if (!un && $6 <= t) {un=$1; ut=$7} }
    END { printf "max error <= %s: QuantLib N=%s %s ms; grid PDE N=%s %s ms (%sx); grid quadrature N=%s %s ms (%sx)\n",
      t, qn?qn:"-", qn?qt:"-", pn?pn:"-", pn?pt:"-", (qn&&pn)?sprintf("%.1f",qt/pt):"-",
      un?un:"-", un?ut:"-", (qn&&un)?sprintf("%.1f",qt/ut):"-" }' "$tmp/all"
done
