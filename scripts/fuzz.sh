#!/bin/sh
# fuzz.sh BUILD SECONDS [JOBS] [MERGE] - runs every libFuzzer harness of BUILD/fuzz
# for SECONDS each, JOBS at a time (default 2), starting from the committed corpus
# fuzz/corpus/NAME and the dictionary fuzz/dict/NAME.dict. Fails (exit 1) on any
# crash, leak, timeout or sanitizer report, printing the harness's log tail and the
# reproducer under $FUZZ_OUT/NAME/. With MERGE=1 (make fuzz) the inputs that add
# coverage are merged (-merge=1, minimised) back into fuzz/corpus/NAME so the
# corpora grow in the repository; CI's short run (make check) leaves them alone.
# Prints one line per harness: executions, exec/s, cov and ft (libFuzzer's edge
# coverage and features) - the figures fuzz/README.md records.
set -u
build=$1 seconds=$2 jobs=${3:-2} merge=${4:-0}
src=$(cd "$(dirname "$0")/.." && pwd)
out=${FUZZ_OUT:-$build/fuzz-out}
names="deposits_wide deposits_long prices io_table mine site community region rules"
mkdir -p "$out"
export OMP_NUM_THREADS=1 # one core per harness; the grid solver is parallel
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$src/tests/lsan.supp:print_suppressions=0

one() { # name
  n=$1 d=$out/$1
  rm -rf "$d"; mkdir -p "$d/corpus" "$d/crash"
  cp "$src/fuzz/corpus/$n/"* "$d/corpus/" 2>/dev/null
  "$build/fuzz/fuzz_$n" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
    -max_len=65536 -dict="$src/fuzz/dict/$n.dict" -artifact_prefix="$d/crash/" \
    -print_final_stats=1 "$d/corpus" >"$d/log" 2>&1
  rc=$?
  line=$(grep -E '^#[0-9]+' "$d/log" | tail -1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$d/log")
  cov=$(echo "$line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  if [ $rc -ne 0 ] || [ -n "$(ls "$d/crash")" ]; then
    echo "fuzz: $n FAILED (exit $rc); reproducer in $d/crash/:"
    grep -E "ERROR|SUMMARY|runtime error" "$d/log" | head -5
    tail -30 "$d/log"
    return 1
  fi
  echo "fuzz: $n ${seconds}s execs=${execs:-?} exec/s=${rate:-?} cov=${cov:-?} ft=${ft:-?}"
  if [ "$merge" = 1 ]; then
    mkdir -p "$d/merged"
    "$build/fuzz/fuzz_$n" -merge=1 -max_len=65536 "$d/merged" "$src/fuzz/corpus/$n" "$d/corpus" \
      >"$d/merge.log" 2>&1 && rm -rf "$src/fuzz/corpus/$n" && cp -r "$d/merged" "$src/fuzz/corpus/$n"
  fi
  return 0
}

fail=0
set -- $names
while [ $# -gt 0 ]; do
  pids=""
  i=0
  while [ $i -lt "$jobs" ] && [ $# -gt 0 ]; do
    (one "$1" > "$out/$1.result"; echo $? > "$out/$1.rc") &
    pids="$pids $!"
    shift
    i=$((i + 1))
  done
  wait $pids
done
for n in $names; do
  cat "$out/$n.result"
  [ "$(cat "$out/$n.rc")" = 0 ] || fail=1
done
exit $fail
