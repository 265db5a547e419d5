#!/bin/bash
# concurrency.sh SOSO [ROWS] [READS] [KILLS] - issue 12's store check: while one
# import of ROWS deposits runs (imports run back to back; about 20 s each at the default 20,000 rows on the
# 2-core machine), `screen` and `prices list` run READS times each against the
# same store and must all succeed (WAL: readers never wait for the writer); then
# the import is killed with SIGKILL at a random moment KILLS times, and after each
# kill the store must hold exactly the old or exactly the new import, never a mix
# (and pass PRAGMA integrity_check). Prints the figures bench/RESULTS.md records.
# make check runs a short version (tests/cli/concurrency.sh).
set -u
soso=$1 rows=${2:-20000} reads=${3:-100} kills=${4:-20}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
db=$tmp/c.db
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

gen() { # file ore_factor
  awk -v n="$rows" -v k="$2" 'BEGIN {
    print "id,name,country,lat,lon,status,ore_mt,zn_pct,pb_pct";
    for (i = 1; i <= n; i++)
      printf "%d,Deposit %d,RS,%.5f,%.5f,deposit,%.3f,%.2f,%.2f\n", i, i,
        42 + (i % 997) / 200.0, 19 + (i % 991) / 200.0, k * (1 + i % 50) / 10.0,
        1 + i % 9, 0.5 + i % 5
  }' > "$1"
}
gen "$tmp/big.csv" 1
cp "$tmp/big.csv" "$tmp/a.csv"
gen "$tmp/b.csv" 2 # same ids, other tonnage: old and new are told apart
printf 'month,ZINC\n2020M01,2000\n2020M02,2100\n2020M03,2050\n' > "$tmp/p.csv"
"$soso" --db "$db" prices import "$tmp/p.csv" >/dev/null || fail "prices import"
"$soso" --db "$db" deposits import "$tmp/a.csv" --source big >/dev/null || fail "first import"

state() { # one line: deposits of source big, their total tonnage, integrity
  sqlite3 "$db" "SELECT count(*) || ' ' || printf('%.3f', total(ore_mt)) FROM deposit
                 WHERE id LIKE 'big:%'; PRAGMA integrity_check;" | tr '\n' ' '
}
old=$(state)

# 1. readers during imports: imports run back to back (b, a, b, ...) until the
# reads are done, so every read meets an import in progress
imports() {
  local f=b
  while [ ! -e "$tmp/stop" ]; do
    local s=$(date +%s.%N)
    "$soso" --db "$db" --quiet deposits import "$tmp/$f.csv" --source big >"$tmp/imp.out" 2>&1 ||
      { echo "import failed: $(cat "$tmp/imp.out")" >>"$tmp/imp.err"; }
    echo "$(date +%s.%N) - $s" | bc >>"$tmp/imp.times"
    f=$([ $f = a ] && echo b || echo a)
  done
  echo $f >"$tmp/last" # the file the next import would have read
}
imports &
imp=$!
sleep 2
t0=$(date +%s.%N)
ok=0 bad=0
for i in $(seq 1 "$reads"); do
  if "$soso" --db "$db" screen --max-ore-mt 1 >/dev/null 2>"$tmp/err"; then ok=$((ok + 1));
  else bad=$((bad + 1)); echo "screen: $(cat "$tmp/err")"; fi
  if "$soso" --db "$db" prices list >/dev/null 2>"$tmp/err"; then ok=$((ok + 1));
  else bad=$((bad + 1)); echo "prices list: $(cat "$tmp/err")"; fi
done
t_reads=$(echo "$(date +%s.%N) - $t0" | bc)
touch "$tmp/stop"
wait $imp
[ -s "$tmp/imp.err" ] && fail "$(cat "$tmp/imp.err")"
n_imp=$(wc -l <"$tmp/imp.times")
t_imp=$(sort -n "$tmp/imp.times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
[ "$bad" = 0 ] || fail "$bad of $((2 * reads)) reads failed"
echo "concurrency: $((2 * reads)) reads in ${t_reads}s while $n_imp imports of $rows rows ran (median ${t_imp}s each): $ok ok, $bad failed"
"$soso" --db "$db" --quiet deposits import "$tmp/b.csv" --source big >/dev/null || fail "import b"
new=$(state)
cur=b
[ "$old" != "$new" ] || fail "old and new states are the same"

# 2. kill -9 at random moments
n_old=0 n_new=0
for k in $(seq 1 "$kills"); do
  before=$(state)
  next=a; [ $cur = a ] && next=b
  "$soso" --db "$db" --quiet deposits import "$tmp/$next.csv" --source big >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v s="$RANDOM" -v t="$t_imp" 'BEGIN { srand(s); printf "%.2f", rand() * t * 1.6 }')"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  after=$(state)
  want_new=$([ $next = a ] && echo "$old" || echo "$new")
  case "$after" in
    "$before") n_old=$((n_old + 1));;
    "$want_new") n_new=$((n_new + 1)); cur=$next;;
    *) fail "kill $k: store is neither old nor new: '$after' (old '$before', new '$want_new')";;
  esac
  echo "$after" | grep -q " ok $" || fail "kill $k: integrity check: $after"
done
echo "concurrency: $kills kills: store old $n_old times, new $n_new times, mixed $((kills - n_old - n_new)) times"
ls -a "$tmp" | grep -q '\.tmp-' && fail "temporary files left behind"
[ $fails = 0 ] && echo "concurrency: all passed"
exit $((fails > 0))
