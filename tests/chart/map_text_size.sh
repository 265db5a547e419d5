#!/bin/sh
# map_text_size.sh SOSO SRCDIR - the deposits map's text prints at 7 pt or more
# (issue 11), as the district map's does: both are drawn by the one map module
# (src/map), laid out 600 pt wide with no text under 9 pt.
#
# `soso map` of the Balkans example (names, district labels, legend, scale bar,
# country names, source lines) is saved as PDF at its default size (800 pt wide)
# and every word measured with pdftotext -bbox. A word box is the font's ascent +
# descent, 1.164 em for DejaVu Sans (0.928 + 0.236, its hhea metrics), so box /
# 1.164 is the font size; no map text is rotated, so the smallest box of all is
# taken. The report prints a figure at most 483 pt wide (A4 text width), so the
# printed size is size * 483 / page width. Before the one map module the names
# printed at 4.2 pt.
set -eu
soso=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOSO_DB="$tmp/t.db"
"$soso" --quiet deposits import "$src/examples/deposits/balkans_sample.csv" >/dev/null
"$soso" map --eps-km 20 --min-deposits 2 --out "$tmp/m.pdf"
width=$(pdfinfo "$tmp/m.pdf" | awk '/^Page size/ {print $3}')
pdftotext -bbox "$tmp/m.pdf" "$tmp/m.html"
words=$(grep -c "<word" "$tmp/m.html")
min=$(grep "<word" "$tmp/m.html" | awk -F'"' '{printf "%.2f\n", $8 - $4}' | sort -n | head -1)
printed=$(awk -v h="$min" -v w="$width" 'BEGIN {printf "%.2f", h / 1.164 * 483 / w}')
echo "deposits map: page $width pt wide, $words words; smallest text box $min pt; printed size $printed pt"
fail=0
# The map must have its words (names, legend, source), else there is nothing measured.
[ "$words" -ge 40 ] || { echo "FAIL: only $words words on the map"; fail=1; }
for w in Veovaca D1 Zinc DBSCAN km Natural; do
  grep -q ">$w" "$tmp/m.html" || { echo "FAIL: \"$w\" not on the map"; fail=1; }
done
awk -v p="$printed" 'BEGIN {exit !(p >= 7.0)}' || { echo "FAIL: map text prints at $printed pt (< 7)"; fail=1; }
exit $fail
