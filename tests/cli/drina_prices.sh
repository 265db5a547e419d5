#!/bin/bash
# drina_prices.sh SOSO SRC SHARED - the worked example's price factors are the
# calibration, not hand-copied numbers. examples/drina states its ZINC and LEAD
# factors inline (so that every README command runs without a price store), and
# those numbers must be exactly what the project's own estimator gives on the shipped
# World Bank Pink Sheet: s0 = the latest stored price, sigma and mu from
# `soso prices calibrate --model gbm --from 1990-01` (to the latest month), and the
# region's Zn-Pb correlation from `--correlation`. Each mine file is also checked
# against its from_store twin (`from_store: {model: gbm, window: 1990-01..latest}`,
# read by `soso value`), the one reader a user switching to the store would get.
# A new month in the data, or an edited number, fails here and names the file and
# the number to write. Factors without a stored series (antimony) must be marked
# as assumptions. Exits 77 (SKIP) without ../shared/data.
set -u
soso=$1; src=$2; shared=$3
pink=$shared/data/prices/wb_pinksheet_metals_monthly.csv
if [ ! -f "$pink" ]; then
  echo "SKIP: $pink is missing (the calibration the example states is made from it)"
  exit 77
fi
ex=$src/examples/drina
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export SOSO_DB="$tmp/prices.db"
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
"$soso" -q prices import "$pink" > /dev/null || { echo "FAIL prices import"; exit 1; }
"$soso" prices calibrate --commodity ZINC,LEAD --model gbm --from 1990-01 --format json \
  > cal.json || { echo "FAIL prices calibrate"; exit 1; }
"$soso" prices calibrate --commodity ZINC,LEAD --model gbm --from 1990-01 --correlation \
  --format json > corr.json || { echo "FAIL prices calibrate --correlation"; exit 1; }
to=$(jq -r '.[0].window.to' cal.json)

# Equal to the 10 significant digits soso prints in JSON (JSON_REAL_PRECISION 10),
# which is what the files state: a relative difference up to 5e-10 is the printing's
# rounding; 1e-9 leaves room for it and nothing else.
same() { # same WHAT STATED CALIBRATED
  awk -v a="$2" -v b="$3" 'BEGIN { if (a == "" || b == "" || b == "null") exit 1;
    d = a - b; if (d < 0) d = -d; s = (b < 0 ? -b : b);
    exit !(d <= 1e-9 * (s > 1 ? s : 1)) }' ||
    fail "$1: the file states ${2:-nothing}, the calibration gives $3"
}
# The one factor of a mine file: KEY's value in its prices section.
mine_key() { awk -v k="$2:" '/^prices:/ { p = 1 } p && $1 == k { print $2; exit }' "$1"; }

checked=0
declare -A latest   # commodity -> latest stored price, as from_store reads it
for mine in "$ex"/*.mine.yaml; do
  base=$(basename "$mine")
  c=$(awk '/^prices:/ { p = 1 } p && $1 == "-" && $2 == "commodity:" { print $3; exit }' "$mine")
  [ -n "$c" ] || { fail "$base: no price factor found"; continue; }
  fit=$(jq -c --arg c "$c" '.[] | select(.commodity == $c)' cal.json)
  if [ -z "$fit" ]; then
    # no stored series: an assumption, and said so on the s0 line
    awk '/^prices:/ { p = 1 } p && $1 == "s0:"' "$mine" | grep -q '# assumption' ||
      fail "$base: $c has no stored series, so its s0 must be marked # assumption"
    continue
  fi
  checked=$((checked + 1))
  [ "$(mine_key "$mine" model)" = gbm ] || fail "$base: model is not gbm"
  same "$base $c sigma" "$(mine_key "$mine" sigma)" "$(jq '.params.sigma' <<< "$fit")"
  same "$base $c mu" "$(mine_key "$mine" mu)" "$(jq '.params.mu' <<< "$fit")"
  grep -q "latest stored price ($to)" "$mine" ||
    fail "$base: its s0 comment does not name the latest month $to"
  grep -q "window" "$mine" && grep -q "1990-01..$to" "$mine" ||
    fail "$base: its comment does not name the window 1990-01..$to"
  # the from_store twin: the same factor read from the store by soso value
  awk '/^prices:/ { p = 1 }
       p && /^    - commodity:/ { print; print "      from_store: {model: gbm, window: 1990-01..latest}"; next }
       p && ($1 == "model:" || $1 == "s0:" || $1 == "sigma:" || $1 == "mu:") { next }
       { print }' "$mine" > twin.mine.yaml
  "$soso" value twin.mine.yaml --format json > twin.json 2> twin.err ||
    { fail "$base: from_store twin: $(cat twin.err)"; continue; }
  latest[$c]=$(jq '.prices.factors[0].s0' twin.json)
  same "$base $c s0 (latest stored price)" "$(mine_key "$mine" s0)" "${latest[$c]}"
  same "$base $c sigma (from_store)" "$(mine_key "$mine" sigma)" \
    "$(jq '.prices.factors[0].params.sigma' twin.json)"
  same "$base $c mu (from_store)" "$(mine_key "$mine" mu)" \
    "$(jq '.prices.factors[0].params.mu' twin.json)"
  [ "$(jq -r '.prices.factors[0].s0_month' twin.json)" = "$to" ] ||
    fail "$base: from_store s0 month is not $to"
done
[ "$checked" -ge 4 ] || fail "only $checked Drina mine files have a stored price series (want 4)"

# The region's market restates the same factors (soso refuses one that differs from
# its mines', so this checks the mine files once more) and the Zn-Pb correlation.
region=$ex/drina.region.yaml
region_key() { # region_key COMMODITY KEY: from the flow mapping "- {name: C, ...}"
  grep -E "^ *- \{name: $1," "$region" | head -1 | tr -d '{}' | tr ',' '\n' |
    awk -v k="$2:" '$1 == k { print $2 }'
}
for c in ZINC LEAD; do
  fit=$(jq -c --arg c "$c" '.[] | select(.commodity == $c)' cal.json)
  same "region $c s0 (latest stored price)" "$(region_key $c s0)" "${latest[$c]:-}"
  same "region $c sigma" "$(region_key $c sigma)" "$(jq '.params.sigma' <<< "$fit")"
  same "region $c mu" "$(region_key $c mu)" "$(jq '.params.mu' <<< "$fit")"
  # the region's stated claim: the fitted trends are not significantly different from 0
  awk -v m="$(jq '.params.mu' <<< "$fit")" -v s="$(jq '.stderr.mu' <<< "$fit")" \
    'BEGIN { z = m / s; if (z < 0) z = -z; exit !(z < 1.96) }' ||
    fail "$c: the fitted trend is significant at 5 %; drina.region.yaml says it is not"
done
row=$(grep -E '^ *- \[1\.0, ' "$region" | head -1 | tr -d '[]-' | tr ',' ' ')
same "region Zn-Pb correlation" "$(awk '{ print $2 }' <<< "$row")" "$(jq '.correlation[0][1]' corr.json)"
grep -q "prices 1990-01 to $to" "$region" ||
  fail "drina.region.yaml: its price assumption does not name the window 1990-01 to $to"

[ $fails = 0 ] && echo "ok: $checked mine files and the region state the calibration of $to"
exit $((fails > 0))
