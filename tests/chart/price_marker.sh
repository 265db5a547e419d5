#!/bin/sh
# price_marker.sh SOSO SRCDIR - today's price is marked on the price charts, from the
# numbers (issue 11, item 5).
#
# The policy chart of the report (soso value --policy-chart, the chart each site page
# of the report shows) and the fan chart of soso simulate are saved as PDF for the
# Sase mine file as shipped (its s0, 2650 US$/t when written) and for a copy whose s0
# is 17 % higher. For each:
# - the label "today's price: S0 US$/t" is printed once on each panel of the policy
#   chart and on the price panel of the fan chart, with that file's s0, and the other
#   s0 is printed nowhere;
# - on the policy map (left panel) the marker sits at s0 on the price axis: its height,
#   read back through the axis tick labels (pdftotext -bbox), gives s0 within 4 %.
#   The label is drawn level with the marker: the middle of its capitals is the
#   marker's height, and the middle of its word box (ascent 0.928 em, descent 0.236
#   em, DejaVu Sans) is 0.019 em (0.3 pt) away from it - as for the tick labels, so
##   the box middles are compared directly. 4 % of 2650 is 106 US$/t, about 8 pt on
#   this axis: far above the rounding of those offsets (under 1 pt) and far below
#   the 17 % between the two files, so a marker left at the other price fails.
set -eu
soso=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mine=$src/examples/drina/sase.mine.yaml
a=$(awk '$1 == "s0:" {print $2; exit}' "$mine")
# whole numbers under 10000 print without grouping in English (soso_i18n_number)
case $a in *[!0-9]*|'') echo "FAIL: s0 of $mine is not a whole number: '$a'"; exit 1;; esac
[ "$a" -ge 100 ] && [ "$a" -lt 8000 ] || { echo "FAIL: s0 $a of $mine out of this test's range"; exit 1; }
b=$((a * 117 / 100))
sed "s/s0: $a\([^0-9]\)/s0: $b\1/" "$mine" >"$tmp/higher.mine.yaml"
grep -q "s0: $b" "$tmp/higher.mine.yaml" || { echo "FAIL: could not write s0 $b"; exit 1; }
fail=0

check() { # check FILE S0 OTHER
  yaml=$1 s0=$2 other=$3
  "$soso" value "$yaml" --policy-chart "$tmp/p.pdf" >/dev/null
  "$soso" simulate "$yaml" --paths 40 --fan "$tmp/f.pdf" >/dev/null
  pdftotext -bbox "$tmp/p.pdf" "$tmp/p.html"
  pdftotext "$tmp/p.pdf" "$tmp/p.txt"
  pdftotext "$tmp/f.pdf" "$tmp/f.txt"
  n=$(grep -c "today's price: $s0 US\$/t" "$tmp/p.txt" || true)
  [ "$n" -eq 2 ] || { echo "FAIL: s0 $s0: $n labels 'today's price: $s0 US\$/t' on the policy chart (want 2)"; fail=1; }
  grep -q "today's price: $s0 US\$/t" "$tmp/f.txt" ||
    { echo "FAIL: s0 $s0: no label 'today's price: $s0 US\$/t' on the fan chart"; fail=1; }
  if grep -q "$other" "$tmp/p.txt" "$tmp/f.txt"; then
    echo "FAIL: s0 $s0: the other file's price $other is printed"; fail=1
  fi
  width=$(pdfinfo "$tmp/p.pdf" | awk '/^Page size/ {print $3}')
  # words: xMin yMin xMax yMax text, one per line
  grep "<word" "$tmp/p.html" | sed 's/.*xMin="\([^"]*\)" yMin="\([^"]*\)" xMax="\([^"]*\)" yMax="\([^"]*\)">\(.*\)<\/word>/\1 \2 \3 \4 \5/' >"$tmp/w"
  est=$(awk -v w="$width" -v s0="$s0" '
    # y tick labels of the left panel: numbers at the far left of the page
    $3 < 0.1 * w && $5 ~ /^[0-9]+$/ { n++; tv[n] = $5; ty[n] = ($2 + $4) / 2 }
    # the first label (left panel): the word after "price:"
    prev == "price:" && !got { got = 1; my = ($2 + $4) / 2 }
    { prev = $5 }
    END {
      if (n < 2 || !got) { print "none"; exit }
      # linear axis through the lowest and highest tick
      lo = 1; hi = 1
      for (i = 1; i <= n; i++) { if (tv[i] < tv[lo]) lo = i; if (tv[i] > tv[hi]) hi = i }
      printf "%.0f\n", tv[lo] + (my - ty[lo]) * (tv[hi] - tv[lo]) / (ty[hi] - ty[lo])
    }' "$tmp/w")
  echo "s0 $s0: marker on the policy map read back at $est US\$/t"
  if [ "$est" = none ]; then
    echo "FAIL: s0 $s0: no axis ticks or no marker label found"; fail=1
  else
    awk -v e="$est" -v s="$s0" 'BEGIN {d = e - s; if (d < 0) d = -d; exit !(d <= 0.04 * s)}' ||
      { echo "FAIL: s0 $s0: marker at $est, not within 4 % of $s0"; fail=1; }
  fi
}

check "$mine" "$a" "$b"
check "$tmp/higher.mine.yaml" "$b" "$a"
exit $fail
