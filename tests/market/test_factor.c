/* test_factor.c - the one price-factor reader (src/market/factor_yaml.c):
 * from_store calibration equals the `soso prices calibrate` estimator on the same
 * window, s0 is the latest stored price, the correlation of several from_store
 * factors is the store's innovation correlation, and every documented error
 * (no store, a stated parameter beside from_store, a bad window, a region that
 * restates a mine's factor with other numbers) names its file, line and key.
 *
 * The store is filled from a synthetic long-layout file written here: two GBM
 * series (ZINC, LEAD) of 240 months, 2001-01..2020-12, with correlated shocks from
 * a fixed linear congruential generator, so the test needs no shared data.
 */
#define _GNU_SOURCE /* mkdtemp */
#include "soso/error.h"
#include "soso/market.h"
#include "soso/mine.h"
#include "soso/region.h"
#include "soso/store.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char g_dir[64];
static char g_db[128];

static double unif(unsigned long long *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(unsigned long long *s) {
  double u = unif(s), v = unif(s);
  return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static soso_store *open_store(void) {
  soso_store *st = NULL;
  if (soso_store_open(&st, g_db)) fail_msg("%s", soso_error_last());
  return st;
}

static int setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "/tmp/soso_factor_XXXXXX");
  if (!mkdtemp(g_dir)) return -1;
  snprintf(g_db, sizeof g_db, "%s/t.db", g_dir);
  char path[160];
  snprintf(path, sizeof path, "%s/prices.csv", g_dir);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "date,commodity,price,unit\n");
  unsigned long long s = 2385;
  double z = log(2137.5), l = log(1583.25);
  for (int m = 0; m < 240; m++) {
    double e1 = gauss(&s), e2 = 0.63 * e1 + sqrt(1 - 0.63 * 0.63) * gauss(&s);
    z += (0.031 - 0.5 * 0.27 * 0.27) / 12 + 0.27 * sqrt(1.0 / 12) * e1;
    l += (0.017 - 0.5 * 0.22 * 0.22) / 12 + 0.22 * sqrt(1.0 / 12) * e2;
    fprintf(f, "%d-%02d,ZINC,%.4f,US$/t\n%d-%02d,LEAD,%.4f,US$/t\n", 2001 + m / 12, m % 12 + 1,
            exp(z), 2001 + m / 12, m % 12 + 1, exp(l));
  }
  fclose(f);
  soso_store *st = open_store();
  int rc = soso_market_prices_import(st, path, NULL);
  soso_store_free(st);
  return rc;
}

static int teardown(void **state) {
  (void)state;
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
  return system(cmd) == 0 ? 0 : -1;
}

/* A mine file whose prices section is `prices` (commodities ZINC, and LEAD when
 * two is set). */
static void mine_file(const char *path, const char *prices, int two) {
  char text[4096];
  snprintf(text, sizeof text,
           "name: Test\nmoney_unit: US$\nreserve: 500000\ncapacity: 5000\n"
           "commodities:\n  - {name: ZINC, grade: 0.06, recovery: 0.85, payable: 0.85}\n%s"
           "costs: {cash_cost: 60, capital_cost: 2.0e7, open_cost: 1e6, close_cost: 5e5, "
           "care_cost: 1e5, closure_cost: 2e6, closure_years: 2, inflation: 0.02}\n"
           "fiscal: {royalty: 0.04, income_tax: 0.2}\nrates: {risk_free: 0.03, discount: 0.08}\n"
           "workforce: {operating_crew: 40, care_crew: 4}\n%s"
           "decisions: {horizon_years: 5, step_years: 0.5}\n",
           two ? "  - {name: LEAD, grade: 0.02, recovery: 0.85, payable: 0.95}\n" : "", prices);
  write_file(path, text);
}

static void from_store_equals_calibrate(void **state) {
  (void)state;
  char path[160];
  snprintf(path, sizeof path, "%s/one.mine.yaml", g_dir);
  mine_file(path,
            "prices:\n  factors:\n    - commodity: ZINC\n"
            "      from_store: {model: gbm, window: 2003-04..2017-09}\n"
            "      convenience_yield: 0.02\n",
            0);
  soso_store *st = open_store();
  soso_mine *m = NULL;
  if (soso_mine_load_ex(&m, path, st)) fail_msg("%s", soso_error_last());
  /* What `soso prices calibrate --commodity ZINC --model gbm --from 2003-04 --to
   * 2017-09` computes: the same two calls, so the numbers are identical. */
  int from = 0, to = 0;
  assert_int_equal(soso_market_month_parse(&from, "2003-04"), 0);
  assert_int_equal(soso_market_month_parse(&to, "2017-09"), 0);
  soso_price_series s = {0};
  soso_fit fit;
  assert_int_equal(soso_market_prices_load(&s, st, "ZINC", from, to), 0);
  assert_int_equal(soso_market_fit_model(&fit, SOSO_PRICE_GBM, s.price, s.n, 1.0 / 12.0), 0);
  const soso_factor *f = &m->pmodel.d.f[0];
  assert_true(f->mu == fit.mu && f->sigma == fit.sigma);
  assert_true(m->origin.f[0].fit.se_sigma == fit.se_sigma);
  assert_int_equal(m->origin.f[0].first, from);
  assert_int_equal(m->origin.f[0].last, to);
  assert_int_equal(m->origin.f[0].from_store, 1);
  assert_true(m->delta[0] == 0.02);
  soso_market_price_series_clear(&s);
  /* s0 is the latest stored price (2020-12), not the window's last (2017-09). */
  assert_int_equal(soso_market_prices_load(&s, st, "ZINC", -1, -1), 0);
  assert_true(f->s0 == s.price[s.n - 1]);
  assert_int_equal(m->origin.f[0].s0_month, s.first + (int)s.n - 1);
  assert_string_equal(f->unit, "US$/t");
  soso_market_price_series_clear(&s);
  /* The provenance renders as JSON naming series, window and estimates. */
  char *js = NULL;
  assert_int_equal(soso_factor_origins_json(&js, &m->origin, &m->pmodel.d), 0);
  assert_non_null(strstr(js, "\"window\":{\"from\":\"2003-04\",\"to\":\"2017-09\"}"));
  assert_non_null(strstr(js, "\"source\":\"store\""));
  free(js);
  soso_mine_free(m);
  /* A stated s0 is kept. */
  mine_file(path,
            "prices:\n  factors:\n    - commodity: ZINC\n      s0: 2851.5\n"
            "      from_store: {model: ou, window: first..latest}\n      lambda: 0\n",
            0);
  if (soso_mine_load_ex(&m, path, st)) fail_msg("%s", soso_error_last());
  assert_true(m->pmodel.d.f[0].s0 == 2851.5);
  assert_int_equal(m->pmodel.d.f[0].kind, SOSO_PRICE_OU);
  assert_true(m->pmodel.d.f[0].kappa == m->origin.f[0].fit.kappa);
  soso_mine_free(m);
  soso_store_free(st);
}

static void correlation_from_store(void **state) {
  (void)state;
  char path[160];
  snprintf(path, sizeof path, "%s/two.mine.yaml", g_dir);
  mine_file(path,
            "prices:\n  factors:\n"
            "    - {commodity: ZINC, from_store: {model: gbm, window: 2002-01..latest}, "
            "convenience_yield: 0.02}\n"
            "    - {commodity: LEAD, from_store: {model: gbm, window: 2005-06..2019-12}, "
            "convenience_yield: 0.01}\n",
            1);
  soso_store *st = open_store();
  soso_mine *m = NULL;
  if (soso_mine_load_ex(&m, path, st)) fail_msg("%s", soso_error_last());
  /* The estimator of `prices calibrate --correlation` over the common window. */
  const char *names[2] = {"ZINC", "LEAD"};
  soso_pmodel pm;
  int win[2];
  int a = 0, b = 0;
  soso_market_month_parse(&a, "2005-06");
  soso_market_month_parse(&b, "2019-12");
  assert_int_equal(soso_market_pmodel_ex(&pm, NULL, win, st, names, 2, SOSO_PRICE_GBM, a, b,
                                         NULL), 0);
  assert_true(m->pmodel.d.corr[1] == pm.d.corr[1] && m->pmodel.d.corr[2] == pm.d.corr[2]);
  assert_int_equal(m->origin.corr_estimated, 1);
  assert_int_equal(m->origin.corr_first, a);
  assert_int_equal(m->origin.corr_last, b);
  /* The synthetic shocks have correlation 0.63; 178 months give a standard error
   * of about (1 - 0.63^2)/sqrt(178) = 0.045, so 4 standard errors is 0.18. */
  assert_true(fabs(m->pmodel.d.corr[1] - 0.63) < 0.18);
  soso_mine_free(m);
  soso_store_free(st);
}

static void expect(const char *path, soso_store *st, const char *want) {
  soso_mine *m = NULL;
  int rc = soso_mine_load_ex(&m, path, st);
  assert_null(m);
  assert_int_equal(rc, SOSO_EDATA);
  if (!strstr(soso_error_last(), want))
    fail_msg("got \"%s\", want \"%s\"", soso_error_last(), want);
}

static void errors(void **state) {
  (void)state;
  char path[160];
  snprintf(path, sizeof path, "%s/bad.mine.yaml", g_dir);
  soso_store *st = open_store();
  const char *fs = "prices:\n  factors:\n    - commodity: ZINC\n"
                   "      from_store: {model: gbm}\n      convenience_yield: 0.02\n";
  mine_file(path, fs, 0);
  expect(path, NULL, ":14: prices.factors[0].from_store: needs the price store");
  expect(path, NULL, "--db");
  mine_file(path,
            "prices:\n  factors:\n    - commodity: ZINC\n      sigma: 0.3\n"
            "      from_store: {model: gbm}\n      convenience_yield: 0.02\n",
            0);
  expect(path, st, ":14: prices.factors[0].sigma: is estimated from the store");
  mine_file(path,
            "prices:\n  factors:\n    - commodity: ZINC\n"
            "      from_store: {model: gbm, window: 2019-01..2003-01}\n"
            "      convenience_yield: 0.02\n",
            0);
  expect(path, st, ":14: prices.factors[0].from_store.window: \"2019-01..2003-01\" is not");
  mine_file(path,
            "prices:\n  factors:\n    - commodity: ZINC\n"
            "      from_store: {commodity: COBALT, model: gbm}\n"
            "      convenience_yield: 0.02\n",
            0);
  expect(path, st, ":14: prices.factors[0].from_store: ");
  expect(path, st, "COBALT");
  mine_file(path,
            "prices:\n  factors:\n    - commodity: ZINC\n      unit: US$/lb\n"
            "      from_store: {model: gbm}\n      convenience_yield: 0.02\n",
            0);
  expect(path, st, ":14: prices.factors[0].unit: \"US$/lb\" is not the unit of the stored ZINC "
                   "series (\"US$/t\")");
  /* Two factors, one stated: the correlation must be given. */
  mine_file(path,
            "prices:\n  factors:\n"
            "    - {commodity: ZINC, from_store: {model: gbm}, convenience_yield: 0.02}\n"
            "    - {commodity: LEAD, model: gbm, s0: 2000, sigma: 0.2, mu: 0, "
            "convenience_yield: 0.01}\n",
            1);
  expect(path, st, "prices.correlation: missing (required for 2 factors unless every factor");
  soso_store_free(st);
}

/* A region that restates a mine's factor with other numbers: one error naming the
 * region file and line and the mine file and line. Without a market section the
 * mines' factors are the market. */
static void region_restates_factor(void **state) {
  (void)state;
  char mine[160], region[160], text[2048];
  snprintf(mine, sizeof mine, "%s/zn.mine.yaml", g_dir);
  snprintf(region, sizeof region, "%s/r.region.yaml", g_dir);
  mine_file(mine,
            "prices:\n  factors:\n    - commodity: ZINC\n"
            "      from_store: {model: gbm, window: 2001-01..latest}\n"
            "      convenience_yield: 0.02\n",
            0);
  const char *rest =
      "communities:\n  - {name: Town, lat: 44.2, lon: 19.3, population: 4000, sensitivity: "
      "{employment: high, noise: low, dust: low, traffic: low, water: low, land: low}}\n"
      "sites:\n  - {name: A, lat: 44.21, lon: 19.31, footprint_ha: 5, remediation_months: 12, "
      "pressures: {noise: 1, dust: 1, traffic: 1, water: 1}, mine: zn.mine.yaml}\n";
  snprintf(text, sizeof text,
           "name: R\ncurrency: US$\nmarket:\n  commodities:\n"
           "    - {commodity: ZINC, model: gbm, s0: 2650, mu: 0, sigma: 0.26}\n%s",
           rest);
  write_file(region, text);
  soso_store *st = open_store();
  soso_region *r = NULL;
  assert_int_equal(soso_region_load_ex(&r, region, st), SOSO_EDATA);
  assert_null(r);
  char want[400];
  snprintf(want, sizeof want, "%s:5: price factor: ZINC is stated with other parameters than at "
                              "%s:13", region, mine);
  if (!strstr(soso_error_last(), want))
    fail_msg("got \"%s\", want \"%s\"", soso_error_last(), want);
  /* No market section: the mine's calibrated factor is the market. */
  snprintf(text, sizeof text, "name: R\ncurrency: US$\n%s", rest);
  write_file(region, text);
  if (soso_region_load_ex(&r, region, st)) fail_msg("%s", soso_error_last());
  assert_non_null(r);
  soso_region_free(r);
  /* Without the store the mine's from_store factor cannot be priced. */
  assert_int_equal(soso_region_load_ex(&r, region, NULL), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "needs the price store"));
  /* A stated correlation must agree with the mine's (its policy is solved with it). */
  mine_file(mine,
            "prices:\n  factors:\n"
            "    - {commodity: ZINC, model: gbm, s0: 2650, mu: 0, sigma: 0.26, "
            "convenience_yield: 0.02}\n"
            "    - {commodity: LEAD, model: gbm, s0: 2000, mu: 0, sigma: 0.24, "
            "convenience_yield: 0.01}\n"
            "  correlation: [[1, 0.4], [0.4, 1]]\n",
            1);
  snprintf(text, sizeof text,
           "name: R\ncurrency: US$\nmarket:\n  commodities:\n"
           "    - {commodity: ZINC, model: gbm, s0: 2650, mu: 0, sigma: 0.26}\n"
           "    - {commodity: LEAD, model: gbm, s0: 2000, mu: 0, sigma: 0.24}\n"
           "  correlation: [[1, 0.6], [0.6, 1]]\n%s",
           rest);
  write_file(region, text);
  assert_int_equal(soso_region_load_ex(&r, region, st), SOSO_EDATA);
  snprintf(want, sizeof want, "%s:7: market.correlation: LEAD-ZINC correlation 0.6 differs from "
                              "0.4 in %s", region, mine);
  if (!strstr(soso_error_last(), want))
    fail_msg("got \"%s\", want \"%s\"", soso_error_last(), want);
  /* The same numbers load. */
  snprintf(text, sizeof text,
           "name: R\ncurrency: US$\nmarket:\n  commodities:\n"
           "    - {commodity: ZINC, model: gbm, s0: 2650, mu: 0, sigma: 0.26}\n"
           "    - {commodity: LEAD, model: gbm, s0: 2000, mu: 0, sigma: 0.24}\n"
           "  correlation: [[1, 0.4], [0.4, 1]]\n%s",
           rest);
  write_file(region, text);
  if (soso_region_load_ex(&r, region, st)) fail_msg("%s", soso_error_last());
  soso_region_free(r);
  soso_store_free(st);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(from_store_equals_calibrate),
      cmocka_unit_test(correlation_from_store),
      cmocka_unit_test(errors),
      cmocka_unit_test(region_restates_factor),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
