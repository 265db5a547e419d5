#!/bin/sh
# text_size.sh SOSO SRCDIR - chart text prints at 7 pt or more (issue 11).
#
# The widest chart of the report, the policy map (880 pt), is saved as PDF and its
# words measured with pdftotext -bbox. A word box is the font's ascent + descent,
# 1.164 em for DejaVu Sans (0.928 + 0.236, its hhea metrics), so box / 1.164 is the
# font size. Rotated words (the y-axis titles) give boxes as long as the word, so the
# smallest size is taken among box heights that at least three words share (every
# tick label of one axis has the same box). The report prints a chart at most
# 483 pt wide (A4 text width), so the printed size is size * 483 / page width.
# Also: the money axis of the value panel is in million EUR, not raw EUR.
# Then the impacts Figure-2 chart (soso impacts --chart, src/impacts/render_chart.c),
# which the report prints at most 483 pt wide and at most 678 pt tall (pdf.c: page
# bottom 768 less the 56 pt margin, a two-line caption of about 22 pt and 12 pt of
# space), so its printed size is size * min(483 / width, 678 / height); every word
# is counted there (it has no rotated text).
set -eu
soso=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$soso" value "$src/examples/drina/veliki-majdan.mine.yaml" --policy-chart "$tmp/p.pdf" >/dev/null
width=$(pdfinfo "$tmp/p.pdf" | awk '/^Page size/ {print $3}')
pdftotext -bbox "$tmp/p.pdf" "$tmp/p.html"
min=$(grep "<word" "$tmp/p.html" | awk -F'"' '{printf "%.2f\n", $8 - $4}' | sort | uniq -c |
      awk '$1 >= 3 {print $2}' | sort -n | head -1)
printed=$(awk -v h="$min" -v w="$width" 'BEGIN {printf "%.2f", h / 1.164 * 483 / w}')
echo "page $width pt wide; smallest text box $min pt; printed size $printed pt"
fail=0
awk -v p="$printed" 'BEGIN {exit !(p >= 7.0)}' || { echo "FAIL: chart text prints at $printed pt (< 7)"; fail=1; }
# The value axis: "(million EUR)" in its title, and no tick label of 5+ digits.
pdftotext "$tmp/p.pdf" - | grep -q "(million EUR)" || { echo "FAIL: no axis in million EUR"; fail=1; }
if grep "<word" "$tmp/p.html" | grep -Eq ">[0-9]{5,}<"; then
  echo "FAIL: a tick label with five or more digits:"; grep -E ">[0-9]{5,}<" "$tmp/p.html" | head -3
  fail=1
fi
# The Figure-2 chart of the report's site pages.
"$soso" impacts "$src/examples/drina/sase.site.yaml" \
  --community "$src/examples/drina/srebrenica.community.yaml" --chart "$tmp/f2.pdf" >/dev/null
size=$(pdfinfo "$tmp/f2.pdf" | awk '/^Page size/ {print $3, $5}')
pdftotext -bbox "$tmp/f2.pdf" "$tmp/f2.html"
nw=$(grep -c "<word" "$tmp/f2.html")
[ "$nw" -ge 100 ] || { echo "FAIL: Figure-2 chart has $nw words of text (want >= 100)"; fail=1; }
min2=$(grep "<word" "$tmp/f2.html" | awk -F'"' '{printf "%.2f\n", $8 - $4}' | sort -n | head -1)
printed2=$(echo "$size" | awk -v h="$min2" '{s = 483 / $1; if (678 / $2 < s) s = 678 / $2;
  printf "%.2f", h / 1.164 * s}')
echo "Figure 2: page $size pt; smallest text box $min2 pt; printed size $printed2 pt"
awk -v p="$printed2" 'BEGIN {exit !(p >= 7.0)}' ||
  { echo "FAIL: Figure-2 chart text prints at $printed2 pt (< 7)"; fail=1; }
exit $fail
