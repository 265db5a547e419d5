#!/bin/bash
# report_atomic.sh - `soso report` writes its folder all or nothing
# (src/report/report_out.h): a failed report exits non-zero with one line and
# leaves no trace; a report killed with SIGKILL half-way leaves the previous
# report whole, and the next report removes the dead run's staging folder.
# (Every allocation/write/file/SQLite failure site: tests/core/test_faults_report.c.)
# usage: report_atomic.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
src=$2
region="$src/tests/data/fault_report/one_site.region.yaml"
fails=0
fail() { echo "FAIL $*"; fails=$((fails+1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export SOSO_DB="$tmp/soso.db"
"$soso" --quiet deposits import "$src/examples/drina/deposits.csv" > /dev/null || fail "import"
listing() { (cd "$1" && find . -type f -exec cksum {} + | sort); }

# A folder that cannot be made (a file is in the way): one line, exit 1, nothing new.
echo keep > "$tmp/afile"
"$soso" --quiet report "$region" --out "$tmp/afile" --paths 2 > /dev/null 2> "$tmp/err"
st=$?
[ "$st" = 0 ] && fail "report into a file: exit 0"
[ "$(wc -l < "$tmp/err")" = 1 ] || fail "report into a file: not one line: $(cat "$tmp/err")"
grep -q "afile" "$tmp/err" || fail "report into a file: the error does not name it: $(cat "$tmp/err")"
[ "$(cat "$tmp/afile")" = keep ] || fail "report into a file: the file changed"
[ "$(ls -A "$tmp" | grep -c tmp)" = 0 ] || fail "report into a file: a temporary was left: $(ls -A "$tmp")"

# The previous report, then runs killed at several moments: the folder is always
# the previous report, whole; the staging folder of the dead run is removed by the
# next report.
"$soso" --quiet report "$region" --out "$tmp/rep" --paths 2 > /dev/null 2> "$tmp/err" ||
  fail "report: $(cat "$tmp/err")"
echo mine > "$tmp/rep/notes.txt"
before=$(listing "$tmp/rep")
killed=0
for delay in 0.5 1 2 3; do
  "$soso" --quiet report "$region" --out "$tmp/rep" --paths 2 --seed 9 > /dev/null 2>&1 &
  pid=$!
  sleep $delay
  if kill -9 $pid 2> /dev/null; then
    killed=$((killed+1))
    wait $pid 2> /dev/null
    now=$(listing "$tmp/rep" | grep -v '/\.soso-report\.tmp-')
    [ "$now" = "$before" ] || fail "killed after ${delay}s: the previous report changed"
  else
    wait $pid
  fi
done
[ "$killed" -gt 0 ] || echo "note: no run was still going when killed (fast machine)"
stale=$(find "$tmp/rep" -maxdepth 1 -name '.soso-report.tmp-*' | wc -l)
"$soso" --quiet report "$region" --out "$tmp/rep" --paths 2 --seed 9 > /dev/null 2> "$tmp/err" ||
  fail "report after kills: $(cat "$tmp/err")"
left=$(find "$tmp/rep" -name '*.tmp*')
[ -z "$left" ] || fail "temporaries left after the next report: $left"
[ "$(cat "$tmp/rep/notes.txt")" = mine ] || fail "a file the report does not write was touched"
[ -s "$tmp/rep/report.pdf" ] && [ -s "$tmp/rep/figures/strategies.png" ] ||
  fail "the next report is not whole"

if [ $fails -gt 0 ]; then echo "$fails failures"; exit 1; fi
echo "report_atomic: ok ($killed runs killed, $stale staging folders left by them, removed)"
