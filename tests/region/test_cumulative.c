/* test_cumulative.c - cumulative significance (IFC six steps): minor impacts that add
 * up are reported as such, separated sites are not, temporal crowding raises the
 * magnitude, the impacts matrix is the one applied; the cumulative rules file's
 * validation errors.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "region/region_fixture.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/impacts.h"
#include "soso/region.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static soso_region_result *assessed(int south_start, soso_region **rout) {
  char line[64];
  snprintf(line, sizeof line, "    start_month: %d\n", south_start);
  char *text = fx_replace(k_region_base, "    start_month: 84\n", line);
  char path[64];
  fx_write(path, text);
  free(text);
  soso_region *r = NULL;
  if (soso_region_load(&r, path)) fail_msg("%s", soso_error_last());
  unlink(path);
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = 8;
  soso_region_result *res = NULL;
  if (soso_region_run(&res, r, SOSO_STRATEGY_CONCURRENT, &o)) fail_msg("%s", soso_error_last());
  soso_rules *rules = NULL;
  soso_cumrules *cr = NULL;
  if (soso_impacts_rules_load(&rules, SOSO_SOURCE_DIR "/data/impacts/rules.yaml") ||
      soso_region_cumrules_load(&cr, SOSO_SOURCE_DIR "/data/region/cumulative.yaml"))
    fail_msg("%s", soso_error_last());
  if (soso_region_cumulative(res, r, rules, cr)) fail_msg("%s", soso_error_last());
  soso_region_cumrules_free(cr);
  soso_impacts_rules_free(rules);
  *rout = r;
  return res;
}

static void minor_impacts_that_add_up(void **state) {
  (void)state;
  soso_region *r = NULL;
  /* Overlapping operations (South from month 30 while North runs to 60): dust at
   * Alpha from each alone 0.71 exp(-3.43/2) = 0.128 and 0.66 exp(-3.36/2) = 0.123,
   * in the low band (>= 0.05) -> minor with medium sensitivity; together 0.25 in the
   * medium band, raised one level by certain temporal crowding -> high -> major. */
  soso_region_result *res = assessed(30, &r);
  const soso_cumulative *dust = &res->community[0].vec[SOSO_VEC_DUST];
  double dn = soso_region_distance_km(r, 0, 0), ds = soso_region_distance_km(r, 1, 0);
  double want = 0.71 * exp(-dn / 2.0) + 0.66 * exp(-ds / 2.0);
  assert_true(fabs(dust->indicator - want) < 1e-12);
  assert_true(fabs(dust->max_single - 0.71 * exp(-dn / 2.0)) < 1e-12);
  assert_int_equal(dust->magnitude_single, SOSO_LEVEL_LOW);
  assert_int_equal(dust->significance_single, SOSO_SIG_MINOR);
  assert_int_equal(dust->magnitude, SOSO_LEVEL_HIGH);
  assert_int_equal(dust->significance, SOSO_SIG_MAJOR);
  assert_true(dust->adds_up);
  assert_non_null(strstr(dust->reason, "temporal crowding"));
  assert_non_null(strstr(dust->reason, "the impacts add up"));
  assert_true(dust->measure[0] != '\0');
  /* Employment is a benefit: 41 + 37 jobs for 12,437 x 0.65 working-age residents
   * = 9.65 per 1000 (medium band), high sensitivity -> major. */
  const soso_cumulative *emp = &res->community[0].vec[SOSO_VEC_EMPLOYMENT];
  assert_true(emp->positive);
  assert_true(fabs(emp->indicator - 78.0 / (12437 * 0.65 / 1000)) < 1e-9);
  assert_int_equal(emp->significance, SOSO_SIG_MAJOR);
  soso_region_result_free(res);
  soso_region_free(r);

  /* Separated by the full remediation (South at 96): the combined peak is one
   * site's, nothing adds up and no crowding raises it. */
  res = assessed(96, &r);
  dust = &res->community[0].vec[SOSO_VEC_DUST];
  assert_true(fabs(dust->indicator - dust->max_single) < 1e-12);
  assert_int_equal(dust->significance, dust->significance_single);
  assert_false(dust->adds_up);
  assert_null(strstr(dust->reason, "temporal crowding"));
  for (int v = 0; v < SOSO_VEC_N; v++) assert_false(res->community[0].vec[v].adds_up);
  soso_region_result_free(res);
  soso_region_free(r);
}

static void expect_rules_error(const char *old, const char *new_text, const char *want) {
  char *base = NULL;
  size_t len = 0;
  if (soso_afile_read_file(&base, &len, SOSO_SOURCE_DIR "/data/region/cumulative.yaml"))
    fail_msg("%s", soso_error_last());
  char *text = fx_replace(base, old, new_text);
  free(base);
  char path[64];
  fx_write(path, text);
  free(text);
  soso_cumrules *cr = NULL;
  int rc = soso_region_cumrules_load(&cr, path);
  char full[200];
  snprintf(full, sizeof full, "%s:%s", path, want);
  if (rc != SOSO_EDATA || !strstr(soso_error_last(), full))
    fail_msg("rc %d \"%s\", wanted \"%s\"", rc, soso_error_last(), full);
  assert_null(cr);
  unlink(path);
}

static void rules_file_errors(void **state) {
  (void)state;
  expect_rules_error("bands: {low: 1, medium: 5, high: 20}", "bands: {low: 1, medium: 50, high: 20}",
                     "21: bands: must satisfy low <= medium <= high");
  expect_rules_error("  noise:\n", "  nois:\n", "23: nois: unknown key in components");
  expect_rules_error("  probability: 0.5\n", "  probability: 1.5\n",
                     "44: probability: 1.5 is too large");
  expect_rules_error("version: 1\n", "version: 2\n", "17: version: 2 is too large");
  expect_rules_error("bands: {low: 1, medium: 5, high: 20}", "bands: {low: 1, medium: 5}",
                     "21: high: missing (required)");
  soso_cumrules *cr = NULL;
  assert_int_equal(soso_region_cumrules_load(&cr, "/nonexistent/cumulative.yaml"), SOSO_EIO);
  /* The result must belong to the region. */
  assert_int_equal(soso_region_cumulative(NULL, NULL, NULL, NULL), SOSO_EUSAGE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(minor_impacts_that_add_up),
      cmocka_unit_test(rules_file_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
