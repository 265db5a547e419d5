/* test_draft.c - the rules of thumb behind `soso mine draft` (src/deposits/draft.c)
 * against their published forms, and a drafted file that the mine loader accepts.
 *
 * Published numbers: Taylor (1977): life = 0.2 T^0.25 years; at 350 days a year
 * this is a daily capacity of T^0.75 / 70 = 0.01429 T^0.75, which the reference
 * (../shared/reference/README.md section 7) rounds to "about 0.014 T^0.75".
 * Long (2009): capacity elasticity 0.56 for underground mines other than block
 * caves. CPI-U annual averages (BLS): 1989 124.0, 2024 313.689. The cost model's
 * coefficients are the project's assumptions (IC 9298's were not available), so
 * only their form, scale economies and escalation are tested, plus the two
 * anchor figures its comment promises.
 */
#define _GNU_SOURCE /* mkdtemp */
#include "soso/deposits.h"
#include "soso/draft.h"
#include "soso/error.h"
#include "soso/market.h"
#include "soso/mine.h"
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

static void taylor(void **state) {
  (void)state;
  /* 1 Mt: life 0.2 x 31.62 = 6.325 years (exact to rounding of the power). */
  assert_true(fabs(soso_draft_taylor_life(1e6) - 6.32456) < 1e-5);
  for (double t = 1e5; t <= 1e9; t *= 10) {
    double tpd = soso_draft_taylor_tpd(t);
    /* Exactly T^0.75 / 70 ... */
    assert_true(fabs(tpd / pow(t, 0.75) - 1.0 / 70.0) < 1e-12);
    /* ... which the published "0.014 T^0.75" rounds to two figures (2.1 %). */
    assert_true(fabs(tpd / (0.014 * pow(t, 0.75)) - 1.0) < 0.021);
    /* Days of operation: reserve / capacity = 350 x life. */
    assert_true(fabs(t / tpd - 350.0 * soso_draft_taylor_life(t)) < 1e-6 * t / tpd);
  }
}

static void long_underground(void **state) {
  (void)state;
  /* Elasticity 0.56: doubling the tonnage multiplies capacity by 2^0.56. */
  for (double t = 2.5e5; t < 1e9; t *= 7.3)
    assert_true(fabs(soso_draft_long_ug_tpd(2 * t) / soso_draft_long_ug_tpd(t) -
                     pow(2.0, 0.56)) < 1e-12);
  /* The assumed intercept: Long's line meets Taylor's at 1 Mt. */
  assert_true(fabs(soso_draft_long_ug_tpd(1e6) - soso_draft_taylor_tpd(1e6)) < 1e-9);
  /* Below 1 Mt the less elastic line gives the larger capacity, above it the
   * smaller: what an elasticity below Taylor's 0.75 means. */
  assert_true(soso_draft_long_ug_tpd(2e5) > soso_draft_taylor_tpd(2e5));
  assert_true(soso_draft_long_ug_tpd(2e7) < soso_draft_taylor_tpd(2e7));
}

static void cost_model(void **state) {
  (void)state;
  assert_true(fabs(SOSO_DRAFT_ESCALATION - 313.689 / 124.0) < 1e-15);
  soso_draft_costs a, b;
  assert_int_equal(soso_draft_costs_at(&a, 500.0), 0);
  assert_int_equal(soso_draft_costs_at(&b, 5000.0), 0);
  /* Scale economies of the power laws: per-tonne costs fall as x^-0.2 (mine) and
   * x^-0.3 (mill); capital rises as x^0.7. */
  assert_true(fabs(b.mine_opex_t / a.mine_opex_t - pow(10.0, -0.2)) < 1e-12);
  assert_true(fabs(b.mill_opex_t / a.mill_opex_t - pow(10.0, -0.3)) < 1e-12);
  assert_true(fabs(b.mine_capex / a.mine_capex - pow(10.0, 0.7)) < 1e-12);
  /* The anchors stated in draft.c: about US$ 110/t to run and US$ 28 million to
   * build at 500 t/day, 2024 dollars (within 10 %: they are round figures). */
  double opex = a.mine_opex_t + a.mill_opex_t, capex = a.mine_capex + a.mill_capex;
  assert_true(fabs(opex / 110.0 - 1.0) < 0.10);
  assert_true(fabs(capex / 28e6 - 1.0) < 0.10);
  assert_int_equal(soso_draft_costs_at(&a, 0.0), SOSO_EUSAGE);
  assert_int_equal(soso_draft_costs_at(&a, NAN), SOSO_EUSAGE);
}

/* A deposit imported from a small CSV and a price series: the draft loads as a
 * mine with the deposit's reserve and grades and a from_store factor. */
static void drafted_file_loads(void **state) {
  (void)state;
  char dir[64] = "/tmp/soso_draft_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char db[128], dep[128], pr[128], mine[128];
  snprintf(db, sizeof db, "%s/t.db", dir);
  snprintf(dep, sizeof dep, "%s/deps.csv", dir);
  snprintf(pr, sizeof pr, "%s/prices.csv", dir);
  snprintf(mine, sizeof mine, "%s/d.mine.yaml", dir);
  FILE *f = fopen(dep, "w");
  assert_non_null(f);
  fprintf(f, "id,name,country,lat,lon,status,ore_mt,zn_pct,pb_pct,w_pct\n"
             "7,Test Hill,RS,44.13,19.41,deposit,2.385,6.1,2.3,0.4\n"
             "8,No Tonnage,RS,44.2,19.5,deposit,,5,,\n");
  fclose(f);
  f = fopen(pr, "w");
  assert_non_null(f);
  fprintf(f, "date,commodity,price,unit\n");
  for (int m = 0; m < 60; m++)
    fprintf(f, "%d-%02d,ZINC,%.2f,US$/t\n", 2020 + m / 12, m % 12 + 1,
            2500.0 * exp(0.1 * sin(m * 0.7) + 0.002 * m));
  fclose(f);
  soso_store *st = NULL;
  assert_int_equal(soso_store_open(&st, db), 0);
  soso_import_report rep;
  memset(&rep, 0, sizeof rep);
  if (soso_deposits_import(&rep, st, dep, NULL)) fail_msg("%s", soso_error_last());
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(soso_market_prices_import(st, pr, NULL), 0);
  char *text = NULL;
  soso_draft_info info;
  soso_draft_opts o = SOSO_DRAFT_OPTS_INIT;
  o.window = "first..latest";
  if (soso_draft_mine(&text, &info, st, "deps:7", &o)) fail_msg("%s", soso_error_last());
  assert_non_null(strstr(text, "# Left out (not valued): pb 2.3 % (no price series in the store);"
                               " w 0.4 % (no price series in the store)"));
  assert_non_null(strstr(text, "reserve: 2385000"));
  f = fopen(mine, "w");
  fputs(text, f);
  fclose(f);
  free(text);
  soso_mine *m = NULL;
  if (soso_mine_load_ex(&m, mine, st)) fail_msg("%s", soso_error_last());
  assert_true(m->reserve == 2385000.0);
  assert_int_equal(m->n_commodities, 1);
  assert_true(fabs(m->commodity[0].grade - 0.061) < 1e-12);
  assert_int_equal(m->origin.f[0].from_store, 1);
  double tpd = soso_draft_long_ug_tpd(2385000.0);
  assert_true(fabs(m->capacity - tpd * 350 / 12) < 0.5); /* written rounded to 1 t */
  assert_true(fabs(info.life_years - 2385000.0 / (350 * tpd)) < 1e-9);
  soso_mine_free(m);
  /* Errors: no tonnage, unknown id. */
  assert_int_equal(soso_draft_mine(&text, NULL, st, "deps:8", NULL), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "no ore tonnage"));
  assert_int_equal(soso_draft_mine(&text, NULL, st, "deps:99", NULL), SOSO_ENOTFOUND);
  assert_null(text);
  soso_store_free(st);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(taylor),
      cmocka_unit_test(long_underground),
      cmocka_unit_test(cost_model),
      cmocka_unit_test(drafted_file_loads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
