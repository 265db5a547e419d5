/* test_rules.c - the rules file: the shipped file holds reference README section 5's
 * matrix exactly; every validation error names file, line and key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/impacts.h"
#include "soso/afile.h"
#include "impacts/fixture.h"

#include <stdlib.h>

static void test_shipped_matrix(void **state) {
  (void)state;
  soso_rules *r = NULL;
  assert_int_equal(soso_impacts_rules_load(&r, soso_impacts_rules_default_path()), SOSO_OK);
  /* Reference README section 5, rows magnitude high..negligible, columns
   * sensitivity high..negligible. */
  static const soso_significance want[4][4] = {
      {SOSO_SIG_MAJOR, SOSO_SIG_MAJOR, SOSO_SIG_MODERATE, SOSO_SIG_MINOR},
      {SOSO_SIG_MAJOR, SOSO_SIG_MODERATE, SOSO_SIG_MINOR, SOSO_SIG_NEGLIGIBLE},
      {SOSO_SIG_MODERATE, SOSO_SIG_MINOR, SOSO_SIG_MINOR, SOSO_SIG_NEGLIGIBLE},
      {SOSO_SIG_MINOR, SOSO_SIG_NEGLIGIBLE, SOSO_SIG_NEGLIGIBLE, SOSO_SIG_NEGLIGIBLE}};
  for (int m = 0; m < 4; m++)
    for (int s = 0; s < 4; s++)
      assert_int_equal(soso_impacts_rules_significance(r, (soso_level)(3 - m), (soso_level)(3 - s)),
                       want[m][s]);
  assert_true(soso_impacts_rules_is_significant(r, SOSO_SIG_MAJOR));
  assert_true(soso_impacts_rules_is_significant(r, SOSO_SIG_MODERATE));
  assert_false(soso_impacts_rules_is_significant(r, SOSO_SIG_MINOR));
  assert_false(soso_impacts_rules_is_significant(r, SOSO_SIG_NEGLIGIBLE));
  assert_non_null(strstr(soso_impacts_rules_matrix_origin(r), "rules.yaml:"));
  soso_impacts_rules_free(r);
  soso_impacts_rules_free(NULL);
}

/* Each case edits the shipped file; the message must name the line of the edit. */
static void test_errors(void **state) {
  (void)state;
  char *text = NULL;
  assert_int_equal(soso_afile_read_file(&text, NULL, soso_impacts_rules_default_path()), SOSO_OK);
  static const struct { const char *from, *to, *f1, *f2; } cases[] = {
      {"    high:       [major, major, moderate, minor]",
       "    high:       [major, major, moderate]", "rules_bad.yaml:", "high: need 4"},
      {"    low:        [moderate, minor, minor, negligible]",
       "    low:        [moderate, minor, serious, negligible]", "low: \"serious\"", NULL},
      {"  columns: [high, medium, low, negligible]", "  columns: [high, high, low, negligible]",
       "columns: \"high\" is not a new level", NULL},
      {"  third_party_premium: 0.25", "  third_party_premium: lots",
       "third_party_premium: \"lots\" is not a number", NULL},
      {"{indicator: local_jobs_per_1000_working_age, comparison: \">=\", threshold: 20, result: high}",
       "{indicator: local_jobs_per_thousand, comparison: \">=\", threshold: 20, result: high}",
       "indicator: unknown indicator \"local_jobs_per_thousand\"", NULL},
      {"{indicator: unemployment_rate, comparison: \">=\", threshold: 0.15, result: high}",
       "{indicator: unemployment_rate, comparison: \"=>\", threshold: 0.15, result: high}",
       "comparison: \"=>\" is not one of", NULL},
      {"{indicator: unemployment_rate, comparison: \">=\", threshold: 0.15, result: high}",
       "{indicator: unemployment_rate, comparison: \">=\", threshold: 0.15, result: huge}",
       "result: \"huge\"", NULL},
      {"{indicator: tailings, comparison: \"==\", threshold: pond, result: medium}",
       "{indicator: tailings, comparison: \"==\", threshold: lake, result: medium}",
       "threshold: \"lake\" is not one of: backfill, dry_stack, pond", NULL},
      {"{indicator: unemployment_rate, comparison: \">=\", threshold: 0.15, result: high}",
       "{indicator: unemployment_rate, comparison: \">=\", threshold: 0.15, result: high, colour: red}",
       "colour: unknown key", NULL},
      {"reason: \"{local_hire_share} of the {direct_jobs}", "reason: \"{local_hire} of the {direct_jobs}",
       "reason: unknown indicator {local_hire}", NULL},
      {"hierarchy: enhance\n        policy: true\n        text: \"Local hiring",
       "hierarchy: compensate\n        policy: true\n        text: \"Local hiring",
       "hierarchy: \"compensate\"", "avoid, minimise"},
      {"        steps: 1\n        when:\n          - {indicator: local_hire_share",
       "        steps: 1.5\n        when:\n          - {indicator: local_hire_share",
       "steps: must be a whole number", NULL},
      {"      - id: skills_training", "      - id: significant_employment",
       "id: \"significant_employment\" given twice", NULL},
      {"    direction: positive", "    direction: good", "direction: \"good\"", NULL},
      {"    - {min_share: 0.50, level: approval}", "    - {min_share: 0.90, level: approval}",
       "levels: min_share must rise", NULL},
      {"version: 1", "version: 2", "version: 2 is too large", NULL},
      {"  - id: housing\n", "  - id: employment\n", "dimension \"employment\" given twice", NULL},
      {"    magnitude:\n      default: negligible\n      rules:\n        - {indicator: local_jobs_per_1000",
       "    magnitude:\n      rules:\n        - {indicator: local_jobs_per_1000", "default: missing", NULL},
      {"    indicators: [direct_jobs, local_hire_share,", "    indicators: [direct_jobs, local_hires,",
       "indicators: unknown indicator \"local_hires\"", NULL},
      {"    negligible: [minor, negligible, negligible, negligible]\n", "", "negligible: missing", NULL},
      {"  significant: [major, moderate]", "  significant: [major, big]",
       "significant: \"big\" is not a significance", NULL},
      {"  contingency: 0.20 ", "  contingence: 0.20 ", "contingence: unknown key", NULL},
      {"    all:\n      - {indicator: footprint_ha", "    none:\n      - {indicator: footprint_ha",
       "none: unknown key", NULL},
      {"reason: \"{local_hire_share} of the {direct_jobs}", "reason: \"{local_hire_share of the {direct_jobs}",
       "reason: unknown indicator {local_hire_share of the {direct_jobs}", NULL},
      {"{direct_jobs} are planned", "{direct_jobs are planned", "reason: unclosed {", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fx_write("rules_bad.yaml", fx_replace(text, cases[i].from, cases[i].to));
    soso_rules *r = NULL;
    fx_expect(soso_impacts_rules_load(&r, "rules_bad.yaml"), cases[i].f1, cases[i].f2);
    assert_null(r);
    /* the message carries a line number: "rules_bad.yaml:<digits>: " */
    const char *m = soso_error_last();
    assert_true(strncmp(m, "rules_bad.yaml:", 15) == 0 && m[15] >= '1' && m[15] <= '9');
  }
  free(text);
  soso_rules *r = NULL;
  fx_write("rules_bad.yaml", "version: 1\nsignificance: [a]\n");
  fx_expect(soso_impacts_rules_load(&r, "rules_bad.yaml"), "rules_bad.yaml:2: significance", "mapping");
  assert_int_equal(soso_impacts_rules_load(&r, "no-such-rules.yaml"), SOSO_EIO);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_shipped_matrix),
                                     cmocka_unit_test(test_errors)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
