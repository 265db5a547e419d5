#!/bin/bash
# report_demo.sh - the demo chain end to end on the shipped worked example
# (examples/drina) in a temporary folder, with few price paths so it stays fast:
# import, screen, districts, map, value, simulate, impacts, region, report; then the
# report's sections (headings in the HTML), its figures (inline images, PNG files),
# the PDF's page count, and the errors of `soso report`.
# usage: report_demo.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
src=$2
drina="$src/examples/drina"
. "$(dirname "$0")/../lib/harness.sh"
cd "$tmp" || exit 1
export SOSO_DB="$tmp/soso.db"
paths=40

# The chain, as scripts/demo.sh runs it.
check import 0 "$soso" deposits import "$drina/deposits.csv"
check screen 0 "$soso" screen --preset drina --out "$tmp/screened.csv"
check districts 0 "$soso" districts --eps-km 20 --min-deposits 2 --format json --out "$tmp/d.json"
check map 0 "$soso" map --eps-km 20 --min-deposits 2 --out "$tmp/map.png"
check value 0 "$soso" value "$drina/veliki-majdan.mine.yaml" --format json
check simulate 0 "$soso" simulate "$drina/veliki-majdan.mine.yaml" --paths $paths --format json
check impacts 0 "$soso" impacts "$drina/veliki-majdan.site.yaml" \
  --community "$drina/ljubovija.community.yaml" --simulate $paths --format json
check region 0 "$soso" region "$drina/drina.region.yaml" --paths $paths --format json
"$soso" --quiet report "$drina/drina.region.yaml" --out "$tmp/rep" --paths $paths --seed 7 \
  > "$tmp/path.txt" 2> "$tmp/report.err" || fail "report: exit $? ($(head -c 300 "$tmp/report.err"))"
[ -s "$tmp/report.err" ] && fail "report --quiet wrote to stderr: $(head -c 200 "$tmp/report.err")"
grep -qx "$tmp/rep/report.html" "$tmp/path.txt" || fail "report did not print the HTML path"

html="$tmp/rep/report.html"
pdf="$tmp/rep/report.pdf"
[ -s "$html" ] || fail "no report.html"
[ -s "$pdf" ] || fail "no report.pdf"

# Sections, in reading order: page 1 (the summary), a page per community, a page per
# reader, the map, then the appendices.
prev=0
for h in "Summary" "What would happen" "Who gains" "What could go wrong" \
         "What is promised at closure" "Ljubovija" "Srebrenica" "Olovo" "Gorazde" \
         "Gornji Milanovac" "For the investor" "For the permitting officer" "For the consultant" \
         "Survey evidence" "Where the deposits and mines are" "Appendix A. Each site in detail" \
         "How each closure guarantee is sized" \
         "Site: Veliki Majdan" "Site: Sase" "Site: Olovo" "Site: Gorazde" "Site: Rudnik" \
         "Appendix B. The district in detail" "Crowding: several mines near one community" \
         "Cumulative impacts" "Strategies compared" "Known deposits around the mines" \
         "Appendix C. Methods and sources" "Data sources and licences" \
         "Appendix D. Assumptions" "Appendix E. Glossary"; do
  line=$(grep -n -m1 ">$h</h[23]>" "$html" | cut -d: -f1)
  if [ -z "$line" ]; then fail "heading missing: $h"; continue; fi
  [ "$line" -ge "$prev" ] || fail "heading out of order: $h"
  prev=$line
done
# The table of contents follows the summary (soso_doc_contents): after the first
# summary heading and before the first community page.
nav=$(grep -n -m1 '<nav>' "$html" | cut -d: -f1)
sum=$(grep -n -m1 '>Summary</h2>' "$html" | cut -d: -f1)
lj=$(grep -n -m1 '>Ljubovija</h2>' "$html" | cut -d: -f1)
[ -n "$nav" ] && [ -n "$sum" ] && [ -n "$lj" ] && [ "$nav" -gt "$sum" ] && [ "$nav" -lt "$lj" ] ||
  fail "contents not between the summary and the community pages"
# The false cumulative claim of issue 11 never comes back: no "concern" anywhere.
grep -q 'could be a real concern\|could be a serious concern' "$html" && fail "vague concern sentence"
# No path of the machine that made it.
grep -qF "$drina" "$html" && fail "the HTML prints an absolute path of the machine"
grep -qF "$tmp" "$html" && fail "the HTML prints the output folder's absolute path"
# Figures: region map, deposits map, 3 per site, district timeline, community jobs,
# pressures, strategies = 21, all inline (no network), all also written as PNG.
imgs=$(grep -o '<img ' "$html" | wc -l)
[ "$imgs" = 21 ] || fail "inline images: $imgs, want 21"
grep -q 'src="http' "$html" && fail "the HTML refers to the network"
inl=$(grep -o 'src="data:image/png;base64,' "$html" | wc -l)
[ "$inl" = "$imgs" ] || fail "images not inline: $inl of $imgs"
pngs=$(ls "$tmp/rep/figures"/*.png 2>/dev/null | wc -l)
[ "$pngs" = 21 ] || fail "PNG files: $pngs, want 21"
# figure names from the site's place in the region file, not only its name (issue 12:
# Cyrillic names all became "site", and "Sase" and "Sase!" shared charts)
pol=$(ls "$tmp/rep/figures" | grep -cE '^site[1-5]-[a-z0-9-]+-policy\.png$')
[ "$pol" = 5 ] || fail "per-site figure names: $pol site<N>-*-policy.png files, want 5"
grep -q 'name="viewport"' "$html" || fail "no viewport meta (phone reading)"

# The PDF: A4 pages, same content (the summary and the methods are there).
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
if [ -z "$pages" ] || [ "$pages" -lt 20 ] || [ "$pages" -gt 90 ]; then
  fail "PDF pages: '$pages', want 20..90"
fi
pdfinfo "$pdf" | grep -q 'Page size: *595' || fail "PDF is not A4"
txt=$(pdftotext "$pdf" - 2>/dev/null)
for h in "Summary" "For the investor" "For the permitting officer" \
         "Appendix C. Methods and sources" "Appendix E. Glossary"; do
  grep -qF "$h" <<< "$txt" || fail "PDF lacks: $h"
done

# Reproducibility facts and labelled assumptions.
grep -q 'random seed: 7' "$html" || fail "seed not printed"
grep -q "$paths price scenarios\|Price scenarios: $paths" "$html" || fail "path count not printed"
n=$(grep -o '\.yaml:[0-9]*</td>\|\.csv:[0-9]*</td>' "$html" | wc -l)
[ "$n" -ge 100 ] || fail "assumptions listed: $n, want >= 100"
csvn=$(($(wc -l < "$tmp/rep/assumptions.csv") - 1))
[ "$csvn" = "$n" ] || fail "assumptions.csv has $csvn rows, the report $n"
grep -q 'miningwatch.news' "$html" || fail "sources not cited"
grep -q 'US public domain' "$html" || fail "licences not given"

# JSON form of the summary line.
# (stderr is not a terminal here, so no progress even without --quiet)
"$soso" report "$drina/drina.region.yaml" --out "$tmp/rep2" --paths 8 --no-deposits \
  --format json > "$tmp/r.json" 2> "$tmp/r.err" || fail "report --format json: exit $?"
[ -s "$tmp/r.err" ] && fail "progress or chatter on a non-terminal stderr: $(head -c 200 "$tmp/r.err")"
python3 - "$tmp/r.json" <<'EOF' || fail "report JSON fields"
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, dict)
for k in ("html", "pdf", "figures_dir", "n_figures", "n_sites", "n_sites_assessed", "n_assumptions", "paths", "seed"):
    assert k in d, k
assert d["n_figures"] == 20 and d["n_sites"] == 5 and d["n_sites_assessed"] == 5
assert isinstance(d["seed"], int) and d["paths"] == 8
assert d["figures_dir"].endswith("/figures")
EOF

# On a terminal (script(1) gives one) progress shows, and --quiet silences it.
if command -v script >/dev/null 2>&1; then
  script -qec "\"$soso\" report \"$drina/drina.region.yaml\" --out \"$tmp/rep3\" --paths 4 --no-deposits" \
    /dev/null > "$tmp/tty.out" 2>&1
  grep -q 'report  *100%' "$tmp/tty.out" || fail "no progress on a terminal"
  script -qec "\"$soso\" --quiet report \"$drina/drina.region.yaml\" --out \"$tmp/rep3\" --paths 4 --no-deposits" \
    /dev/null > "$tmp/tty.out" 2>&1
  grep -q '%' "$tmp/tty.out" && fail "progress on a terminal despite --quiet"
fi

# Errors: usage (2), bad input (1) and nothing half-written.
check help 0 "$soso" report --help
check no-out 2 "$soso" report "$drina/drina.region.yaml"
check no-region 2 "$soso" report --out "$tmp/x"
check bad-paths 2 "$soso" report "$drina/drina.region.yaml" --out "$tmp/x" --paths 1
check bad-seed 2 "$soso" report "$drina/drina.region.yaml" --out "$tmp/x" --seed -3
check bad-format 2 "$soso" report "$drina/drina.region.yaml" --out "$tmp/x" --format xml
check bad-option 2 "$soso" report "$drina/drina.region.yaml" --out "$tmp/x" --frob
check missing-region 1 "$soso" report "$tmp/nope.region.yaml" --out "$tmp/x"
grep -q 'nope.region.yaml' "$tmp/err" || fail "missing region: message does not name the file"
[ -e "$tmp/x/report.html" ] && fail "report.html written after a failure"
printf 'name: broken\ncurrency: EUR\nstart_year: [\n' > "$tmp/broken.region.yaml"
check broken-region 1 "$soso" report "$tmp/broken.region.yaml" --out "$tmp/y"
grep -q 'broken.region.yaml:' "$tmp/err" || fail "broken region: no FILE:LINE in the message"
[ -e "$tmp/y/report.html" ] && fail "report.html written for a broken region"

# A store whose deposits all lie outside the box around the mines: no districts, no
# crash (it used to dereference the missing district set).
printf 'record_id,name,country,lat,lon,status,ore_mt,zn_pct\nF1,Far,PT,37.61,-7.97,deposit,23.5,5.15\n' \
  > "$tmp/far.csv"
SOSO_DB="$tmp/far.db" "$soso" --quiet deposits import "$tmp/far.csv" >/dev/null || fail "far import"
check far-deposits 0 env SOSO_DB="$tmp/far.db" "$soso" --quiet report "$drina/drina.region.yaml" \
  --out "$tmp/far" --paths $paths --no-deposits
check far-deposits-box 0 env SOSO_DB="$tmp/far.db" "$soso" --quiet report \
  "$drina/drina.region.yaml" --out "$tmp/far2" --paths $paths
grep -q "0 known deposits lie within the box" "$tmp/far2/report.html" \
  || fail "far deposits: the report does not say that no deposit lies in the box"

finish
