#!/bin/sh
# csv_compare.sh OLD NEW - runs two soso binaries on every CSV input the tests and
# examples use (deposit, price and IO table files) and diffs what they print and
# what they store. Used to check that moving the three CSV readers onto
# src/core/csv.c changed no output byte (issue 10, item 4).
set -u
old=$1 new=$2
src=$(cd "$(dirname "$0")/.." && pwd)
shared=${SOSO_SHARED_DIR:-$src/../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ndiff=0 n=0
dump() { # store -> text without the import timestamps
  sqlite3 "$1" "SELECT * FROM deposit ORDER BY id; SELECT * FROM deposit_commodity ORDER BY 1,2;
    SELECT commodity,unit,currency,batch FROM price_series ORDER BY 1;
    SELECT * FROM price_observation ORDER BY 1,2;" 2>&1
}
run() { # name args...
  name=$1; shift
  for v in old new; do
    eval bin=\$$v
    rm -f "$tmp/$v.db"*
    (cd "$tmp" && "$bin" --db "$tmp/$v.db" "$@" >"$tmp/$v.out" 2>"$tmp/$v.err"; echo "exit $?" >>"$tmp/$v.out")
    sed -i "s#$tmp/##g" "$tmp/$v.out" "$tmp/$v.err"
    [ -f "$tmp/$v.db" ] && dump "$tmp/$v.db" >>"$tmp/$v.out"
  done
  n=$((n + 1))
  if ! cmp -s "$tmp/old.out" "$tmp/new.out" || ! cmp -s "$tmp/old.err" "$tmp/new.err"; then
    ndiff=$((ndiff + 1)); echo "DIFF: $name"
    diff "$tmp/old.err" "$tmp/new.err" | head -5; diff "$tmp/old.out" "$tmp/new.out" | head -5
  fi
}
for f in "$shared"/data/deposits/*.csv "$src"/examples/*/deposits.csv "$src"/examples/deposits/*.csv; do
  [ -f "$f" ] || continue
  run "deposits import $f" deposits import "$f"
  run "deposits import --skip-bad $f" deposits import --skip-bad "$f"
done
for f in "$src"/tests/data/prices_*.csv "$shared"/data/prices/*.csv; do
  [ -f "$f" ] || continue
  run "prices import $f" prices import "$f"
done
for f in $(find "$src/examples" "$src/tests" -name '*io*.csv'); do
  run "econ $f" econ multipliers "$f"
done
# hand-made edge cases: CRLF, BOM, blank lines, quotes, semicolons, short rows
mk() { printf "$2" >"$tmp/$1"; }
mk crlf.csv 'id,name,lat,lon,zn_pct\r\n1,A,44,19,5\r\n2,"B, c",45,20,6\r\n'
mk bom.csv '\357\273\277id,name,lat,lon\n1,A,44,19\n'
mk semi.csv 'id;name;lat;lon\n1;A;44;19\n'
mk short.csv 'id,name,lat,lon,zn_pct\n1,A,44,19\n'
mk long.csv 'id,name,lat,lon,zn_pct\n1,A,44,19,5,7,8\n'
mk quote.csv 'id,name,lat,lon\n1,"A ""x""",44,19\n'
mk badq.csv 'id,name,lat,lon\n1,"A"x,44,19\n'
mk spaces.csv ' id , name , lat , lon \n 1 , A , 44 , 19 \n'
mk p_q.csv 'month,ZINC\n2020-01,"100"\n2020-02, 101 \n'
mk p_uq.csv 'month,ZINC\n2020-01,"100\n'
mk p_tq.csv 'month,ZINC\n2020-01,"100"x\n'
mk p_blank.csv '\n\nmonth,ZINC\n\n2020-01,100\n\n2020-02,101\n'
mk io_c.csv '# note\nsector,a,final_demand,total_output\n a , 1 , 9 , 10 \n'
for f in crlf bom semi short long quote badq spaces; do run "deposits $f" deposits import "$tmp/$f.csv"; done
for f in p_q p_uq p_tq p_blank; do run "prices $f" prices import "$tmp/$f.csv"; done
run "io comment" econ multipliers "$tmp/io_c.csv"
echo "csv_compare: $n runs, $ndiff differ"
