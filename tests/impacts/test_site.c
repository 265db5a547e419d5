/* test_site.c - the site file: the shipped example loads with its mine file and
 * gives static-plan drivers derived from the mine's numbers; every validation error
 * names file, line and key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/site.h"
#include "soso/afile.h"
#include "impacts/fixture.h"

#include <math.h>
#include <stdlib.h>

#define EX SOSO_SOURCE_DIR "/tests/data/impacts/"

static void test_example(void **state) {
  (void)state;
  soso_site *s = NULL;
  assert_int_equal(soso_site_load(&s, EX "veliki-majdan.site.yaml"), SOSO_OK);
  const soso_mine *m = soso_site_mine(s);
  soso_site_drivers d;
  assert_int_equal(soso_site_drivers_static(&d, s), SOSO_OK);
  assert_true(d.direct_jobs == m->operating_crew);
  /* capacity is per month in the mine file: t/year = capacity x 12 */
  assert_true(fabs(d.ore_per_year_t - m->capacity * 12.0) < 1e-9);
  assert_true(fabs(d.life_years - m->reserve / (m->capacity * 12.0)) < 1e-12);
  assert_true(fabs(d.wage_eur_month - m->wage) < 1e-9); /* EUR per month already */
  double prices[SOSO_MAX_FACTORS];
  for (int i = 0; i < m->pmodel.d.n; i++) prices[i] = m->pmodel.d.f[i].s0;
  double rev = soso_mine_revenue_per_ore(m, prices) * m->capacity * 12.0;
  assert_true(fabs(d.revenue_eur_year - rev) < 1e-6 * rev);
  assert_true(fabs(d.royalties_eur_year - m->royalty * rev) < 1e-6 * rev);
  assert_true(fabs(d.care_cost_eur_year - m->care_cost * 12.0) < 1e-9);
  assert_int_equal(d.from_operations, 0);
  assert_non_null(strstr(d.basis, "static plan"));
  assert_int_equal(d.tailings, SOSO_TAILINGS_POND);
  assert_true(d.night_work);
  assert_int_equal(d.n_noise, 2);
  assert_int_equal(d.n_land_use, 3);
  assert_non_null(strstr(d.io_table, "tests/data/impacts/drina-io.csv"));
  assert_string_equal(d.io_sector, "mining");
  soso_site_free(s);
  soso_site_free(NULL);
}

static void test_errors(void **state) {
  (void)state;
  char *text = NULL;
  assert_int_equal(soso_afile_read_file(&text, NULL, EX "veliki-majdan.site.yaml"), SOSO_OK);
  /* the copy lives in the build dir: point it at the example mine file */
  const char *base = fx_replace(text, "mine: veliki-majdan.mine.yaml",
                                "mine: " EX "veliki-majdan.mine.yaml");
  char *good = malloc(strlen(base) + 1);
  strcpy(good, base);
  static const struct { const char *from, *to, *f1, *f2; } cases[] = {
      {"footprint_ha: 12", "footprint_ha: 12\nfootprint_m2: 120000", "site_bad.yaml:", "footprint_m2: unknown key"},
      {"footprint_ha: 12", "footprint_ha: -12", "footprint_ha: -12 is negative", NULL},
      {"tailings: pond", "tailings: lake", "tailings: \"lake\" is not one of", NULL},
      {"mining_method: underground", "mining_method: quarry", "mining_method: \"quarry\"", NULL},
      {"automation: low", "automation: some", "automation: \"some\"", NULL},
      {"selective: true", "selective: maybe", "selective: must be true or false", NULL},
      {"external_workers_housed: 25", "external_workers_housed: 2500", "external_workers_housed",
       "more than the mine's operating crew"},
      {"reagent_kg_per_t: 1.8", "reagent_kg_per_t: 1,8", "reagent_kg_per_t", "decimal point"},
      {"type: noise, source: \"crusher", "type: smell, source: \"crusher", "type: \"smell\"", NULL},
      {"hours_per_day: 16", "hours_per_day: 26", "hours_per_day: 26 is too large", NULL},
      {"royalty_local_share: 0.40", "royalty_local_share: 40", "royalty_local_share", "too large"},
      {"post_closure_land_use:", "post_closure_land_use: []\n  old_list:", "unknown key", NULL},
      {"  sector: mining", "  sector: mining\n  year: 2016", "year: unknown key", NULL},
      {"name: Veliki Majdan Pb-Zn mine (illustrative)\n", "", "site_bad.yaml:", "name: missing"},
      {"location: {lat: 44.19, lon: 19.37}", "location: {lat: 44.19}", "lon: missing", NULL},
      {"  modular: false", "  modular: 0.5", "modular: must be true or false", NULL},
      {"hours_per_day: 1, night: false}", "hours_per_day: 1, night: sometimes}", "night: must be true or false", NULL},
      {"  sector: mining", "  # no sector", "sector: missing", NULL},
      {"    - \"forestry and grazing", "    - \"\"\n    - \"forestry and grazing", "post_closure_land_use",
       "expected a text"},
      {"  local_taxes_eur_per_year: 60000", "  local_taxes_eur_per_year: lots", "local_taxes_eur_per_year: \"lots\"", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fx_write("site_bad.yaml", fx_replace(good, cases[i].from, cases[i].to));
    soso_site *s = NULL;
    fx_expect(soso_site_load(&s, "site_bad.yaml"), cases[i].f1, cases[i].f2);
    assert_null(s);
  }
  soso_site *s = NULL;
  fx_write("site_bad.yaml", fx_replace(good, "mine: " EX "veliki-majdan.mine.yaml", "# no mine"));
  fx_expect(soso_site_load(&s, "site_bad.yaml"), "site_bad.yaml:", "mine: missing");
  /* a mine file error comes through with the mine file's name */
  fx_write("mine_bad.yaml", "name: x\nmoney_unit: EUR\nreserve: -5\n");
  fx_write("site_bad.yaml", fx_replace(good, "mine: " EX "veliki-majdan.mine.yaml",
                                       "mine: mine_bad.yaml"));
  int rc = soso_site_load(&s, "site_bad.yaml");
  assert_true(rc < 0);
  assert_non_null(strstr(soso_error_last(), "mine_bad.yaml"));
  /* ore not in tonnes */
  fx_write("site_bad.yaml", fx_replace(good, "mine: " EX "veliki-majdan.mine.yaml",
                                       "mine: " SOSO_SOURCE_DIR
                                       "/examples/brennan-schwartz-1985/mine.yaml"));
  fx_expect(soso_site_load(&s, "site_bad.yaml"), "site_bad.yaml:", "impacts need t, kt or Mt");
  /* money not in EUR and no conversion */
  char *mine = NULL;
  assert_int_equal(soso_afile_read_file(&mine, NULL, EX "veliki-majdan.mine.yaml"), SOSO_OK);
  fx_write("mine_usd.yaml", fx_replace(mine, "money_unit: EUR", "money_unit: US$"));
  fx_write("site_bad.yaml", fx_replace(good, "mine: " EX "veliki-majdan.mine.yaml",
                                       "mine: mine_usd.yaml"));
  fx_expect(soso_site_load(&s, "site_bad.yaml"), "site_bad.yaml:", "eur_per_money_unit: missing");
  fx_write("site_ok.yaml", fx_replace(good, "mine: " EX "veliki-majdan.mine.yaml",
                                      "mine: mine_usd.yaml\neur_per_money_unit: 0.917"));
  assert_int_equal(soso_site_load(&s, "site_ok.yaml"), SOSO_OK);
  soso_site_drivers d;
  soso_site_drivers_static(&d, s);
  assert_true(fabs(d.wage_eur_month - 1150 * 0.917) < 1e-9);
  soso_site_free(s);
  s = NULL;
  /* local hire missing in both files */
  fx_write("mine_nolocal.yaml", fx_replace(mine, "  local_hire: 0.85         # assumption\n", ""));
  const char *tmp = fx_replace(good, "mine: " EX "veliki-majdan.mine.yaml",
                               "mine: mine_nolocal.yaml");
  char *nolocal = malloc(strlen(tmp) + 1); /* fx_replace's buffer is reused below */
  assert_non_null(nolocal);
  strcpy(nolocal, tmp);
  fx_write("site_bad.yaml", fx_replace(nolocal, "local_hire_share: 0.85", "# no local hire"));
  free(nolocal);
  fx_expect(soso_site_load(&s, "site_bad.yaml"), "local_hire_share: missing", NULL);
  assert_int_equal(soso_site_load(&s, "no-such-site.yaml"), SOSO_EIO);
  free(mine);
  free(good);
  free(text);
}

/* Drivers from a hand-made operations result: 24 months, open 13 of them on
 * average, active 20; the formulas of site.h by hand. */
static void test_from_ops(void **state) {
  (void)state;
  soso_site *s = NULL;
  assert_int_equal(soso_site_load(&s, EX "veliki-majdan.site.yaml"), SOSO_OK);
  double open[24], closed[24];
  for (int t = 0; t < 24; t++) {
    open[t] = t < 20 ? 0.65 : 0.0;
    closed[t] = t < 20 ? 0.35 : 0.0;
  }
  soso_ops_result r = {0};
  r.n_paths = 173;
  r.n_months = 24;
  r.seed = 9173;
  r.share_open = open;
  r.share_closed = closed;
  r.switches.mean = 1.37;
  r.open_spell.n = 211;
  r.open_spell.mean = 7.3;
  r.closed_spell.n = 97;
  r.closed_spell.q[4] = 11.0;
  r.p_layoff_12 = 0.31;
  r.royalties.mean = 517000;
  soso_site_drivers d;
  assert_int_equal(soso_site_drivers_from_ops(&d, s, &r), SOSO_OK);
  double life = 20.0 / 12.0;
  assert_true(fabs(d.life_years - life) < 1e-12);
  assert_true(fabs(d.months_open_share - 0.65) < 1e-12);
  assert_true(fabs(d.restarts_per_year - 0.5 * 1.37 / life) < 1e-12);
  assert_true(fabs(d.temp_closure_years - 11.0 / 12.0) < 1e-12);
  assert_true(fabs(d.royalties_eur_year - 517000 / life) < 1e-6); /* money unit is EUR */
  assert_true(d.layoff_probability == 0.31 && d.mean_spell_months == 7.3);
  assert_int_equal(d.from_operations, 1);
  assert_non_null(strstr(d.basis, "173 real-world price paths"));
  assert_non_null(strstr(d.basis, "seed 9173"));
  for (int t = 0; t < 24; t++) open[t] = closed[t] = 0.0;
  assert_int_equal(soso_site_drivers_from_ops(&d, s, &r), SOSO_EDATA);
  r.n_months = 0;
  assert_int_equal(soso_site_drivers_from_ops(&d, s, &r), SOSO_EUSAGE);
  soso_site_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_example), cmocka_unit_test(test_errors),
                                     cmocka_unit_test(test_from_ops)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
