#!/bin/sh
# make_dicts.sh - writes fuzz/dict/NAME.dict: the keywords each parser knows, taken
# from its source (quoted key lists) and from the seed corpus (YAML keys, CSV
# headers), in libFuzzer's dictionary syntax. Run again when a parser learns keys.
set -eu
cd "$(dirname "$0")"
q() { # quoted words of length 2..40 from files
  grep -ohE '"[A-Za-z_$%/][A-Za-z0-9_ $%/.-]{1,39}"' "$@" 2>/dev/null | sort -u
}
yaml_keys() { grep -ohE '^[ -]*[a-z_][a-z0-9_]*:' "$@" | sed -E 's/^[ -]*//' | sort -u | sed 's/.*/"&"/'; }
for n in mine site community region rules; do
  case $n in
    mine) src="../src/valuation/mine*.c ../src/market/*.c";;
    site) src="../src/impacts/site*.c ../src/impacts/yaml.c";;
    community) src="../src/impacts/community.c ../src/impacts/yaml.c";;
    region) src="../src/region/region_*.c ../src/region/cumrules.c";;
    rules) src="../src/impacts/rules.c";;
  esac
  { yaml_keys corpus/$n/*; q $src; printf '"\\x0a  "\n"- "\n": "\n"{"\n"}"\n"["\n"]"\n"# assumption"\n"&a"\n"*a"\n"!!str"\n"1e308"\n"-0"\n".nan"\n'; } \
    | awk 'length($0) < 60' | sort -u > dict/$n.dict
done
{ head -qn1 corpus/deposits_wide/* | tr ',;' '\n\n' | sed 's/.*/"&"/';
  q ../src/deposits/import_row.c ../src/deposits/commodity.c;
  printf '"_pct"\n"_gt"\n"_gpt"\n"_ppm"\n"_kgt"\n"\\x22"\n","\n";"\n"\\x0d\\x0a"\n"\\xef\\xbb\\xbf"\n"12,5"\n"1e308"\n"NaN"\n'; } | sort -u > dict/deposits_wide.dict
{ head -qn1 corpus/deposits_long/* | tr ',' '\n' | sed 's/.*/"&"/';
  q ../src/deposits/commodity.c ../src/deposits/import_row.c;
  printf '"\\x22"\n","\n"\\x0d\\x0a"\n"million tonnes"\n"percent"\n"grams per tonne"\n"1e308"\n'; } | sort -u > dict/deposits_long.dict
{ q ../src/market/price_parse.c ../src/market/month.c;
  printf '"month"\n"date"\n"commodity"\n"price"\n"unit"\n"currency"\n"2020M01"\n"2020-01"\n".."\n"\\x22"\n","\n"\\x0d\\x0a"\n"1e9"\n'; } | sort -u > dict/prices.dict
{ q ../src/impacts/io_table.c; printf '"sector"\n"households"\n"employment"\n"final_demand"\n"total_output"\n"# "\n","\n"\\x22"\n'; } | sort -u > dict/io_table.dict
wc -l dict/*.dict
