#!/bin/bash
# rename-headers.sh - renames public headers and symbols so that every header in
# include/soso/ is named after the one prefix family it exports (issue 10, item 5;
# tests/core/header_prefix.sh states the rule and checks it).
#
# Idempotent and re-runnable: it works on what it finds, not on line numbers, so it
# can be run again on a tree that has new code written against the old names (after
# merging a branch). Run from anywhere inside the work tree, on a clean tree:
#     scripts/rename-headers.sh && nice cmake --build build && ctest -R header_prefix
# What it does:
#   1. git mv of headers that held one foreign family: report.h -> doc.h,
#      report_run.h -> report.h, econ.h -> io.h, fileio.h -> afile.h,
#      datadir.h -> data.h, operations.h -> ops.h (the include guard follows);
#   2. the one declaration in the wrong header that has a header of its own family,
#      soso_data_dir_builtin, moves from deposits.h to data.h (and .c files that call
#      it include soso/data.h);
#   3. functions of another family in a mixed header get the header's family put in
#      front (soso_grid_solve in valuation.h -> soso_valuation_grid_solve), with a
#      few names chosen by hand (RENAMES below); a few internal helpers that leaked
#      into the exports become soso__ (hidden by src/soso.map);
#   4. every mention - #include lines, paths, comments, symbols - is rewritten with
#      word boundaries in every tracked or new text file (src tests bench fuzz
#      examples include README man CMake ...), this script excepted.
# It never touches build/ or ignored files. It prints what it changed; `git diff`
# shows the rest.
set -euo pipefail

top=$(git rev-parse --show-toplevel)
cd "$top"
inc=include/soso
self=scripts/rename-headers.sh
[ -f "$inc/soso.h" ] || { echo "rename-headers: no $inc/soso.h here" >&2; exit 1; }

# old new: functions renamed, and the types (with their _INIT) that go with
# renamed functions. The new names are unused before the
# script runs (checked below), so a second run finds nothing to do.
RENAMES='
soso_palette soso_chart_palette
soso_quantiles_select_float soso_summary_quantiles_select_float
soso_canvas_new soso_chart_canvas_new
soso_canvas_save soso_chart_canvas_save
soso_canvas_free soso_chart_canvas_free
soso_cronbach_alpha soso_community_cronbach_alpha
soso_mining_history_name soso_community_mining_history_name
soso_gov_capacity_name soso_community_gov_capacity_name
soso_designation_kind_name soso_community_designation_kind_name
soso_slo_level_name soso_community_slo_level_name
soso_status_name soso_deposits_status_name
soso_status_parse soso_deposits_status_parse
soso_commodity_code soso_deposits_commodity_code
soso_commodity_name soso_deposits_commodity_name
soso_commodity_is_precious soso_deposits_commodity_is_precious
soso_unit_parse soso_deposits_unit_parse
soso_tonnage_unit_parse soso_deposits_tonnage_unit_parse
soso_country_code soso_deposits_country_code
soso_country_name soso_deposits_country_name
soso_borders_load soso_deposits_borders_load
soso_borders_free soso_deposits_borders_free
soso_borders_country soso_deposits_borders_country
soso_crm_year soso_deposits_crm_year
soso_crm_index soso_deposits_crm_index
soso_crm_load soso_deposits_crm_load
soso_crm_free soso_deposits_crm_free
soso_crm_mask soso_deposits_crm_mask
soso_import_report_clear soso_deposits_import_report_clear
soso_screen_explain soso_deposits_screen_explain
soso_screen_opts_init soso_deposits_screen_opts_init
soso_screen_opts_set soso_deposits_screen_opts_set
soso_screen_preset_apply soso_deposits_screen_preset_apply
soso_screen_presets soso_deposits_screen_presets
soso_strv_free soso_deposits_strv_free
soso_screen_run soso_deposits_screen_run
soso_mine_draft soso_draft_mine
soso_region_draft soso_draft_region
soso_region_draft_opts soso_draft_region_opts
SOSO_REGION_DRAFT_OPTS_INIT SOSO_DRAFT_REGION_OPTS_INIT
soso_market_origin_uses_store soso_factor_origins_uses_store
soso_market_origin_json soso_factor_origins_json
soso_market_origin soso_factor_origins
soso_path_ext soso_afile_path_ext
soso_read_file soso_afile_read_file
soso_level_name soso_impacts_level_name
soso_significance_name soso_impacts_significance_name
soso_rules_default_path soso_impacts_rules_default_path
soso_rules_load soso_impacts_rules_load
soso_rules_free soso_impacts_rules_free
soso_rules_significance soso_impacts_rules_significance
soso_rules_is_significant soso_impacts_rules_is_significant
soso_rules_matrix_origin soso_impacts_rules_matrix_origin
soso_rules_slo_min_share soso_impacts_rules_slo_min_share
soso_assessment_free soso_impacts_assessment_free
soso_assessment_indicator soso_impacts_assessment_indicator
soso_assessment_dimension soso_impacts_assessment_dimension
soso_basis_laguerre soso_lsm_basis_laguerre
soso_poly_basis_init soso_lsm_poly_basis_init
soso_poly_basis_eval soso_lsm_poly_basis_eval
soso_poly_basis soso_lsm_poly_basis
soso_qmodel_from_pmodel soso_market_qmodel_from_pmodel
soso_pmodel_paths soso_market_pmodel_paths
soso_qmodel_paths soso_market_qmodel_paths
soso_pmodel_paths_mt soso_market_pmodel_paths_mt
soso_qmodel_paths_mt soso_market_qmodel_paths_mt
soso_month_parse soso_market_month_parse
soso_month_format soso_market_month_format
soso_prices_import soso_market_prices_import
soso_prices_list soso_market_prices_list
soso_prices_load soso_market_prices_load
soso_prices_read_series soso_market_prices_read_series
soso_prices_deflate soso_market_prices_deflate
soso_price_series_free soso_market_price_series_clear
soso_fit_gbm soso_market_fit_gbm
soso_fit_ou soso_market_fit_ou
soso_fit_model soso_market_fit_model
soso_fit_residuals soso_market_fit_residuals
soso_prices_list_json soso_market_prices_list_json
soso_fits_json soso_market_fits_json
soso_pressure_name soso_region_pressure_name
soso_strategy_name soso_region_strategy_name
soso_seq_evaluate soso_region_seq_evaluate
soso_seq_solve_exact soso_region_seq_solve_exact
soso_seq_solve_heuristic soso_region_seq_solve_heuristic
soso_seq_solve_brute soso_region_seq_solve_brute
soso_vec_name soso_region_vec_name
soso_cumrules_default_path soso_region_cumrules_default_path
soso_cumrules_load soso_region_cumrules_load
soso_cumrules_free soso_region_cumrules_free
soso_seq_problem_free soso_region_seq_problem_free
soso_tailings_name soso_site_tailings_name
soso_spelling_british soso_suggest_spelling_british
soso_quantile_select soso_summary_quantile_select
soso_construct_name soso_survey_construct_name
soso_construct_find soso_survey_construct_find
soso_mode_name soso_valuation_mode_name
soso_switching_init soso_valuation_switching_init
soso_switching_reserve soso_valuation_switching_reserve
soso_switching_next_level soso_valuation_switching_next_level
soso_switching_reward soso_valuation_switching_reward
soso_switching_terminal soso_valuation_switching_terminal
soso_policy_decide soso_valuation_policy_decide
soso_policy_step soso_valuation_policy_step
soso_policy_method soso_valuation_policy_method
soso_policy_free soso_valuation_policy_free
soso_grid_solve soso_valuation_grid_solve
soso_grid_free soso_valuation_grid_free
soso_grid_value soso_valuation_grid_value
soso_grid_thresholds soso_valuation_grid_thresholds
soso_grid_thresholds_at soso_valuation_grid_thresholds_at
soso_grid_get_info soso_valuation_grid_get_info
soso_grid_policy soso_valuation_grid_policy
soso_grid_chart soso_valuation_grid_chart
soso_american_put soso_valuation_american_put
soso_static_plan soso_valuation_static_plan
soso_static_value_q soso_valuation_static_value_q
soso_dixit_solve soso_valuation_dixit_solve
soso_json_emit soso__json_emit
soso_sink_render soso__sink_render
soso_contained_t soso__contained_t
soso_library_name soso__library_name
'
# old new: headers holding one family that is not their name (report.h is handled
# apart: it becomes doc.h and report_run.h takes its name).
HEADERS='
econ io
fileio afile
datadir data
operations ops
'

# Text files of the tree: tracked or new (not ignored), this script excepted.
text_files() {
  git ls-files -z --cached --others --exclude-standard |
    grep -zv -e "^$self\$" -e '^data/' |
    xargs -0 -r grep -lIZ -E "$1" 2>/dev/null || true
}
changed=0
edit() { # sed-script files...: edit in place, report files that changed
  local script=$1 f
  shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$f.rh~"
    sed -i -E -f "$script" "$f"
    if cmp -s "$f" "$f.rh~"; then :; else echo "  edited $f"; changed=$((changed + 1)); fi
    rm -f "$f.rh~"
  done
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The new names were checked to be unused before the first run (a name taken by
# new code would merge two functions into one; the link would then fail).
printf '%s\n' "$RENAMES" | awk 'NF == 2' > "$tmp/map"

# 1. Header moves.
move() { # old new
  local old=$1 new=$2 OLD NEW
  [ -f "$inc/$old.h" ] || return 0
  if [ -f "$inc/$new.h" ]; then
    echo "rename-headers: both $inc/$old.h and $inc/$new.h exist: move what $old.h" \
         "gained into $new.h by hand, git rm $old.h, and run again" >&2
    exit 1
  fi
  git mv "$inc/$old.h" "$inc/$new.h"
  OLD=${old^^}
  NEW=${new^^}
  # The include guard here; the name in its first line with every other mention.
  sed -i -E "s/\\bSOSO_${OLD}_H\\b/SOSO_${NEW}_H/g" "$inc/$new.h"
  echo "moved $inc/$old.h -> $inc/$new.h"
}
first_report=0
if [ -f "$inc/report_run.h" ]; then
  first_report=1
  move report doc
  move report_run report
fi
while read -r old new; do
  [ -n "$old" ] && move "$old" "$new"
done < <(printf '%s\n' "$HEADERS")

# 2. soso_data_dir_builtin: from deposits.h (with the comment above it) to data.h.
decl='const char *soso_data_dir_builtin(void);'
if grep -qF "$decl" "$inc/deposits.h"; then
  block=$(perl -0777 -ne 'print $1 if m{((?:/\*(?:(?!\*/).)*\*/\n)?const char \*soso_data_dir_builtin\(void\);\n)}s' \
          "$inc/deposits.h")
  perl -0777 -i -pe 's{\n?(?:/\*(?:(?!\*/).)*\*/\n)?const char \*soso_data_dir_builtin\(void\);\n}{}s' \
    "$inc/deposits.h"
  if ! grep -qF "$decl" "$inc/data.h"; then
    BLOCK="$block" perl -0777 -i -pe \
      's{\n(#ifdef __cplusplus\n\}\n#endif\n#endif\s*)$}{\n$ENV{BLOCK}\n\n$1}s' "$inc/data.h"
  fi
  grep -qF "$decl" "$inc/data.h" || { echo "rename-headers: could not move $decl" >&2; exit 1; }
  echo "moved soso_data_dir_builtin: $inc/deposits.h -> $inc/data.h"
fi
for f in $(git ls-files --cached --others --exclude-standard -- '*.c' | grep -v '^data/'); do
  grep -qw soso_data_dir_builtin "$f" || continue
  grep -qE '^#include "soso/(data|datadir|soso)\.h"' "$f" && continue
  perl -0777 -i -pe 's{^(#include "soso/)}{#include "soso/data.h"\n$1}m' "$f"
  echo "  $f: #include \"soso/data.h\""
done

# 3 and 4. Rewrites. Header names: a word boundary before (not after a letter,
# digit, '_' or '.') and after.
: > "$tmp/hdr.sed"
while read -r old new; do
  [ -n "$old" ] && printf 's#(^|[^A-Za-z0-9_.])%s\\.h\\b#\\1%s.h#g\n' "$old" "$new" >> "$tmp/hdr.sed"
done < <(printf '%s\n' "$HEADERS")
awk '{printf "s/\\b%s\\b/%s/g\n", $1, $2}' "$tmp/map" > "$tmp/sym.sed"
cat "$tmp/hdr.sed" "$tmp/sym.sed" > "$tmp/all.sed"
pat=$( (printf '%s\n' "$HEADERS" | awk 'NF == 2 {print $1 "\\.h"}'; awk '{print "\\b" $1 "\\b"}' "$tmp/map") |
       paste -sd'|')
echo "rewriting names and includes"
mapfile -d '' files < <(text_files "$pat")
[ ${#files[@]} -eq 0 ] || edit "$tmp/all.sed" "${files[@]}"

# report.h meant the document model until report_run.h took its name. A file is
# written against the old names when it mentions report_run.h, or, on the run that
# moves the headers, whenever it mentions report.h; and (later runs) when it
# includes soso/report.h for soso_doc_* alone.
cat > "$tmp/rep.sed" <<'EOF'
s#(^|[^A-Za-z0-9_.])report\.h\b#\1doc.h#g
s#(^|[^A-Za-z0-9_.])report_run\.h\b#\1report.h#g
EOF
if [ "$first_report" = 1 ]; then
  mapfile -d '' files < <(text_files '(^|[^A-Za-z0-9_.])report(_run)?\.h\b')
else
  mapfile -d '' files < <(text_files '(^|[^A-Za-z0-9_.])report_run\.h\b')
fi
[ ${#files[@]} -eq 0 ] || edit "$tmp/rep.sed" "${files[@]}"
if [ "$first_report" = 0 ]; then
  printf '%s\0' "${files[@]}" > "$tmp/rep.files"
  echo 's#^(\#[[:space:]]*include[[:space:]]+"soso/)report\.h"#\1doc.h"#' > "$tmp/inc.sed"
  mapfile -d '' files < <(text_files '^#[[:space:]]*include[[:space:]]+"soso/report\.h"')
  for f in "${files[@]}"; do
    grep -qzxF -- "$f" "$tmp/rep.files" && continue
    grep -qE '^#[[:space:]]*include[[:space:]]+"soso/doc\.h"' "$f" && continue
    if grep -qE '\bsoso_doc_' "$f" && ! grep -qE '\b(soso_report_|SOSO_REPORT_)' "$f"; then
      edit "$tmp/inc.sed" "$f"
    fi
  done
fi

# What is left of the old names (should be nothing).
left=$(awk '{print $1}' "$tmp/map" | git grep -nwF -f - -- . ":!$self" ':!data' 2>/dev/null || true)
for old in $(printf '%s\n' "$HEADERS" | awk 'NF == 2 {print $1}') report_run; do
  [ -f "$inc/$old.h" ] && left="$left
$inc/$old.h still exists"
  left="$left
$(git grep -nE "(^|[^A-Za-z0-9_.])$old\\.h\\b" -- . ":!$self" ':!data' 2>/dev/null || true)"
done
left=$(printf '%s\n' "$left" | grep . || true)
if [ -n "$left" ]; then
  echo "rename-headers: old names left (new code the maps do not cover?):" >&2
  printf '%s\n' "$left" | head -20 >&2
  exit 1
fi
echo "rename-headers: done ($changed file edits); build, then ctest -R 'header_prefix|exports'"
