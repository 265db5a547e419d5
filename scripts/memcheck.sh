#!/bin/sh
# memcheck.sh - every cmocka test program under valgrind (make memcheck).
# Fails on any invalid access and on definite leaks; "possibly lost" blocks of
# libgomp's thread pool and fontconfig's cache are not ours and are not counted.
# usage: memcheck.sh BUILD_DIR [PATTERN]
set -u
build=${1:-build}
pattern=${2:-}
supp=$(cd "$(dirname "$0")/../tests" && pwd)/valgrind.supp
cd "$build" || exit 2
fails=0
n=0
for t in $(ctest -N | awk '/Test +#/ {print $3}' | grep -v '^cli/' | grep -- "$pattern"); do
  exe=$(echo "$t" | tr / _)
  [ -x "./$exe" ] || continue
  n=$((n + 1))
  if OMP_NUM_THREADS=2 valgrind -q --error-exitcode=99 --leak-check=full \
      --suppressions="$supp" \
      --errors-for-leak-kinds=definite --show-leak-kinds=definite "./$exe" \
      > "memcheck-$exe.log" 2>&1; then
    echo "memcheck: $t clean"
  else
    echo "memcheck: $t FAILED (see $build/memcheck-$exe.log)"
    fails=$((fails + 1))
  fi
done
echo "memcheck: $((n - fails)) passed, $fails failed"
[ "$fails" = 0 ]
