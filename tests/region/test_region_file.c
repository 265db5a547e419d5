#define _POSIX_C_SOURCE 200809L
/* test_region_file.c - the region file: what loads, and every documented error,
 * each with its file, line and key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "region/region_fixture.h"
#include "soso/error.h"
#include "soso/geo.h"
#include "soso/region.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void loads_fixture(void **state) {
  (void)state;
  char path[64];
  fx_write(path, k_region_base);
  soso_region *r = NULL;
  int rc = soso_region_load(&r, path);
  if (rc) fail_msg("%s", soso_error_last());
  assert_int_equal(soso_region_n_sites(r), 2);
  assert_int_equal(soso_region_n_communities(r), 1);
  assert_int_equal(soso_region_n_months(r), 240);
  assert_int_equal(soso_region_strategy(r), SOSO_STRATEGY_CONCURRENT);
  assert_string_equal(soso_region_site_name(r, 1), "South");
  /* North is 0.03 deg of latitude (and 0.01 deg of longitude) from Alpha: on the
   * WGS84 ellipsoid at 44 N one degree of latitude is 111.1 km and one of
   * longitude 80.1 km, so ~ sqrt(3.334^2 + 0.801^2) = 3.43 km; 0.01 km covers the
   * flat-earth approximation used for this check. */
  assert_true(fabs(soso_region_distance_km(r, 0, 0) - 3.43) < 0.01);
  assert_true(fabs(soso_geo_km(44.1, 19.3, 45.1, 19.3) - 111.14) < 0.05);
  assert_true(isnan(soso_region_distance_km(r, 5, 0)));
  soso_region_free(r);
  unlink(path);
}

/* Loads base with old replaced by new; expects failure with code and a message
 * containing want (file:line: key:). */
static void expect_error(const char *old, const char *new_text, int code, const char *want) {
  char *text = fx_replace(k_region_base, old, new_text);
  char path[64];
  fx_write(path, text);
  free(text);
  soso_region *r = NULL;
  int rc = soso_region_load(&r, path);
  char full[160];
  snprintf(full, sizeof full, "%s:%s", path, want);
  if (rc != code || !strstr(soso_error_last(), full))
    fail_msg("replacing \"%s\": rc %d, message \"%s\", wanted \"%s\"", old, rc,
             soso_error_last(), full);
  assert_null(r);
  unlink(path);
}

static void errors_name_file_line_key(void **state) {
  (void)state;
  expect_error("name: Test district\n", "", SOSO_EDATA, "1: name: missing (required)");
  expect_error("currency: EUR\n", "currency: EUR\ncolour: red\n", SOSO_EDATA,
               "3: colour: unknown key in region");
  expect_error("discount_rate: 0.0713", "discount_rate: 0,07", SOSO_EDATA,
               "5: discount_rate: \"0,07\" is not a number");
  expect_error("horizon_years: 20", "horizon_years: 20.01", SOSO_EDATA,
               "4: horizon_years: must be whole months");
  expect_error("    lat: 44.13\n", "    lat: 94.13\n", SOSO_EDATA, "17: lat: 94.13 is too large");
  expect_error("  - name: South\n", "  - name: North\n", SOSO_EDATA,
               "24: name: site \"North\" given twice");
  expect_error("water: high, land: medium}", "water: high}", SOSO_EDATA,
               "14: land: sensitivity is missing");
  expect_error("traffic: low,", "traffic: lowish,", SOSO_EDATA,
               "14: traffic: \"lowish\" is not one of");
  expect_error("traffic: low,", "traffic: low, light: low,", SOSO_EDATA,
               "14: light: unknown valued component");
  expect_error("    pressures: {noise: 0.93, dust: 0.71, traffic: 0.57, water: 0.43}\n",
               "    pressures: {noise: 0.93, dust: 0.71, traffic: 0.57}\n", SOSO_EDATA,
               "22: water: pressure is missing");
  expect_error("    schedule: {operating_months: 60, jobs: 41,",
               "    mine: none.yaml\n    schedule: {operating_months: 60, jobs: 41,", SOSO_EDATA,
               "16: mine: give exactly one of mine");
  expect_error("operating_months: 60, jobs: 41", "operating_months: 60.5, jobs: 41", SOSO_EDATA,
               "23: operating_months: 60.5 must be a whole number");
  expect_error("    start_month: 84\n", "    start_month: 240\n", SOSO_EDATA,
               "29: start_month: 240 is too large");
  expect_error("kind: concurrent", "kind: parallel", SOSO_EDATA,
               "32: kind: \"parallel\" is not concurrent, sequential or optimised");
  expect_error("kind: concurrent,", "kind: sequential, order: [North, East],", SOSO_EDATA,
               "32: order: no site named \"East\"");
  expect_error("kind: concurrent,", "kind: sequential, order: [North, North],", SOSO_EDATA,
               "32: order: \"North\" listed twice");
  expect_error("kind: concurrent,", "kind: sequential, order: [North],", SOSO_EDATA,
               "32: order: must list each of the 2 sites once");
  expect_error("max_concurrent: 1", "max_concurrent: 0", SOSO_EDATA,
               "33: max_concurrent: 0 is too small");
  expect_error("model: gbm", "model: heston", SOSO_EDATA, "8: market.commodities[0].model: \"heston\" is not gbm or ou");
  expect_error("sigma: 0.2437}\n",
               "sigma: 0.2437}\n    - {name: LEAD, s0: 2011, sigma: 0.21}\n"
               "  correlation: [[1, 1.2], [1.2, 1]]\n",
               SOSO_EDATA, "10: market.correlation: 1.2 is too large");
  expect_error("sigma: 0.2437}\n",
               "sigma: 0.2437}\n    - {name: LEAD, s0: 2011, sigma: 0.21}\n"
               "  correlation: [[1, 0.5], [-0.5, 1]]\n",
               SOSO_EDATA, "10: market.correlation: not symmetric");
  expect_error("communities:\n", "communities: []\nxcommunities:\n", SOSO_EDATA,
               "10: xcommunities: unknown key in region");
  expect_error("sites:\n", "sites: []\nxsites:\n", SOSO_EDATA, "16: xsites: unknown key");
  expect_error("    population: 12437\n", "    population: [1]\n", SOSO_EDATA,
               "13: population: must be a number");
  expect_error("name: Test district\n", "name: [Test\n", SOSO_EDATA, "2: ");
}

static void missing_and_empty_files(void **state) {
  (void)state;
  soso_region *r = NULL;
  assert_int_equal(soso_region_load(&r, "/nonexistent/region.yaml"), SOSO_EIO);
  assert_non_null(strstr(soso_error_last(), "/nonexistent/region.yaml: cannot open"));
  char path[64];
  fx_write(path, "");
  assert_int_equal(soso_region_load(&r, path), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), ":1: yaml: the file is empty"));
  unlink(path);
  assert_null(r);
}

static void mine_file_must_exist(void **state) {
  (void)state;
  char *t0 = fx_replace(k_region_base, "    remediation_cost: 1234567\n", "");
  char *text = fx_replace(t0,
                          "    schedule: {operating_months: 60, jobs: 41, wage_month: 1137, "
                          "fiscal_month: 15311, cash_month: 91733, capex: 3121000}\n",
                          "    mine: no-such-mine.yaml\n");
  free(t0);
  char path[64];
  fx_write(path, text);
  free(text);
  soso_region *r = NULL;
  assert_int_not_equal(soso_region_load(&r, path), 0);
  assert_non_null(strstr(soso_error_last(), "no-such-mine.yaml"));
  assert_null(r);
  unlink(path);
}

/* Mine sites: the mine file must exist, share the region's currency, be priced by
 * the region's market, and bring its own closure cost. */
static void mine_site_errors(void **state) {
  (void)state;
  const char *sched = "    schedule: {operating_months: 60, jobs: 41, wage_month: 1137, "
                      "fiscal_month: 15311, cash_month: 91733, capex: 3121000}\n";
  const char *mine = "    mine: " SOSO_SOURCE_DIR "/tests/data/region/copper-small.mine.yaml\n";
  struct {
    const char *old, *new_text, *want;
  } cases[] = {
      {"currency: EUR", "currency: EUR", "22: mine: money unit \"$ million\""},
      {"currency: EUR", "currency: $ million", "22: mine: commodity COPPER"},
      {"name: ZINC,", "name: COPPER,", "21: remediation_cost: a mine site's closure cost"},
  };
  for (size_t k = 0; k < 3; k++) {
    /* Cases 0 and 1 drop the schedule's remediation cost; case 2 keeps it. */
    char *t0 = k < 2 ? fx_replace(k_region_base, "    remediation_cost: 1234567\n", "")
                     : fx_replace(k_region_base, "currency: EUR", "currency: $ million");
    char *t1 = fx_replace(t0, sched, mine);
    char *t2 = fx_replace(t1, cases[k].old, cases[k].new_text);
    char path[64];
    fx_write(path, t2);
    free(t0);
    free(t1);
    free(t2);
    soso_region *r = NULL;
    int rc = soso_region_load(&r, path);
    char full[200];
    snprintf(full, sizeof full, "%s:%s", path, cases[k].want);
    if (rc != SOSO_EDATA || !strstr(soso_error_last(), full))
      fail_msg("case %zu: rc %d, \"%s\", wanted \"%s\"", k, rc, soso_error_last(), full);
    assert_null(r);
    unlink(path);
  }
}

/* A site may come from an impacts site file (name, location, footprint, local
 * hire, mine); a two-factor mine is refused (grid policies take one factor). */
static void site_file_reused(void **state) {
  (void)state;
  const char *north = "  - name: North\n    lat: 44.13\n    lon: 19.31\n    footprint_ha: 8.3\n";
  const char *site = "  - site: " SOSO_SOURCE_DIR "/tests/data/impacts/veliki-majdan.site.yaml\n";
  char *text = fx_replace(k_region_base, north, site);
  char path[64];
  fx_write(path, text);
  free(text);
  soso_region *r = NULL;
  if (soso_region_load(&r, path)) fail_msg("%s", soso_error_last());
  unlink(path);
  assert_string_equal(soso_region_site_name(r, 0), "Veliki Majdan Pb-Zn mine (illustrative)");
  double lon, lat;
  soso_region_site_lonlat(r, 0, &lon, &lat);
  assert_true(lat == 44.19 && lon == 19.37);
  soso_region_free(r);
  /* Without a schedule the site file's mine is used: LEAD and ZINC, two factors,
   * so a least-squares Monte Carlo policy; both must be in the region's market. */
  char *t1 = fx_replace(k_region_base, north, site);
  char *t2 = fx_replace(t1, "    schedule: {operating_months: 60, jobs: 41, wage_month: 1137, "
                            "fiscal_month: 15311, cash_month: 91733, capex: 3121000}\n", "");
  char *t3 = fx_replace(t2, "    remediation_cost: 1234567\n", "");
  fx_write(path, t3);
  assert_int_equal(soso_region_load(&r, path), SOSO_EDATA);
  char want[128];
  snprintf(want, sizeof want, "%s:16: mine: commodity LEAD", path);
  if (!strstr(soso_error_last(), want)) fail_msg("\"%s\", wanted \"%s\"", soso_error_last(), want);
  assert_null(r);
  unlink(path);
  free(t1);
  free(t2);
  free(t3);
  /* A two-factor mine in the region's market loads and runs (small test mine). */
  char *t5 = fx_replace(k_region_base, "    remediation_cost: 1234567\n", "");
  char *t6 = fx_replace(t5, "    schedule: {operating_months: 60, jobs: 41, wage_month: 1137, "
                            "fiscal_month: 15311, cash_month: 91733, capex: 3121000}\n",
                        "    mine: " SOSO_SOURCE_DIR "/tests/data/region/pbzn-small.mine.yaml\n");
  /* The region must restate the mine's factors exactly (mu 0, as in the mine). */
  char *t6b = fx_replace(t6, "mu: 0.0121", "mu: 0");
  char *t7 = fx_replace(t6b, "sigma: 0.2437}\n", "sigma: 0.2437}\n    - {name: LEAD, s0: 2011, sigma: 0.21}\n"
                        "  correlation: [[1, 0.71], [0.71, 1]]\n");
  fx_write(path, t7);
  free(t5);
  free(t6);
  free(t6b);
  free(t7);
  if (soso_region_load(&r, path)) fail_msg("%s", soso_error_last());
  unlink(path);
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = 64;
  soso_region_result *res = NULL;
  if (soso_region_run(&res, r, SOSO_STRATEGY_CONCURRENT, &o)) fail_msg("%s", soso_error_last());
  /* North (the Pb-Zn mine: 87 workers while open) and South (37) never overlap. */
  assert_true(res->jobs_peak.q[4] > 0 && res->jobs_peak.q[4] <= 87.0);
  soso_region_result_free(res);
  soso_region_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(loads_fixture),
      cmocka_unit_test(errors_name_file_line_key),
      cmocka_unit_test(missing_and_empty_files),
      cmocka_unit_test(mine_file_must_exist),
      cmocka_unit_test(mine_site_errors),
      cmocka_unit_test(site_file_reused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
