#!/bin/bash
# drina_stages.sh SOSO SRC SHARED - the README's per-stage commands on the worked
# example (examples/drina) give the report's numbers: every site's value, static
# NPV, mean employment and closure guarantee, and the district NPV of the plan, read
# from the report's numbers.json, equal `soso value`, `soso simulate`, `soso impacts`
# and `soso region` run on the same files with the same paths and seed. They are one
# model: the same mine file gives the same policy and the same paths in every stage.
set -u
soso=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ex=$src/examples/drina
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
cd "$tmp" || exit 1
export SOSO_DB="$tmp/none.db"   # no store: the example's factors are stated in its files
paths=40; seed=3
"$soso" report "$ex/drina.region.yaml" --out "$tmp/rep" --paths $paths --seed $seed \
  --no-deposits > /dev/null 2> "$tmp/err" || { cat "$tmp/err"; echo "FAIL report"; exit 1; }
nums=$tmp/rep/numbers.json
[ -s "$nums" ] || { echo "FAIL no numbers.json"; exit 1; }
n=$(jq '.sites | length' "$nums")
[ "$n" -ge 3 ] || fail "only $n sites assessed in the report"
# Equal to the 10 significant digits the stage commands print (JSON_REAL_PRECISION 10).
same() { # same WHAT A B
  awk -v a="$2" -v b="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; s = (a < 0 ? -a : a);
    exit !(d <= 1e-9 * (s > 1 ? s : 1)) }' || fail "$1: report $3, stage command $2"
}
for i in $(seq 0 $((n - 1))); do
  site=$(jq -r ".sites[$i].site_file" "$nums"); mine=$(jq -r ".sites[$i].mine_file" "$nums")
  comm=$(jq -r ".sites[$i].community_file" "$nums"); name=$(jq -r ".sites[$i].name" "$nums")
  "$soso" value "$ex/$mine" --format json > v.json || fail "$name: soso value"
  same "$name value" "$(jq '.value_open_s0' v.json)" "$(jq ".sites[$i].value_open_s0" "$nums")"
  same "$name static NPV" "$(jq '.static_npv' v.json)" "$(jq ".sites[$i].static_npv" "$nums")"
  "$soso" simulate "$ex/$mine" --paths $paths --seed $seed --format json > s.json ||
    fail "$name: soso simulate"
  same "$name jobs" "$(jq '.employment.mean_monthly.mean' s.json)" \
    "$(jq ".sites[$i].employment_mean" "$nums")"
  "$soso" impacts "$ex/$site" --community "$ex/$comm" --simulate $paths --seed $seed \
    --format json > i.json || fail "$name: soso impacts"
  same "$name guarantee" "$(jq '.closure.guarantee_eur' i.json)" \
    "$(jq ".sites[$i].guarantee_eur" "$nums")"
done
"$soso" region "$ex/drina.region.yaml" --paths $paths --seed $seed --format json > r.json ||
  fail "soso region"
strategy=$(jq -r '.region.strategy' "$nums")
same "district NPV ($strategy)" \
  "$(jq ".strategies[] | select(.strategy == \"$strategy\") | .npv.mean" r.json)" \
  "$(jq '.region.npv_mean' "$nums")"
[ $fails = 0 ] && echo "ok: $n sites and the district agree with the report"
exit $((fails > 0))
