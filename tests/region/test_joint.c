/* test_joint.c - the joint Monte Carlo of a district: the reference crowding case
 * (README section 5), one plant never runs more operations at once than a plant
 * per site, timelines and NPV by hand on fixed schedules, and reproducibility
 * (same seed, any thread count) on price-driven mines.
 */
#define _POSIX_C_SOURCE 200809L
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

static soso_region *load_text(const char *text) {
  char path[64];
  fx_write(path, text);
  soso_region *r = NULL;
  int rc = soso_region_load(&r, path);
  unlink(path);
  if (rc) fail_msg("%s", soso_error_last());
  return r;
}

static soso_region_result *run(const soso_region *r, soso_strategy s, size_t paths,
                               uint64_t seed, int threads) {
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = paths;
  o.seed = seed;
  o.n_threads = threads;
  soso_region_result *res = NULL;
  if (soso_region_run(&res, r, s, &o)) fail_msg("%s", soso_error_last());
  return res;
}

/* South starts `start` months into the horizon; North runs months 0-59, then
 * remediates for 36 months (restored at month 96). */
static soso_region_result *crowding_case(int start, const char *constraints) {
  char line[64];
  snprintf(line, sizeof line, "    start_month: %d\n", start);
  char *t1 = fx_replace(k_region_base, "    start_month: 84\n", line);
  char *t2 = constraints ? fx_replace(t1, "constraints: {radius_km: 10, max_concurrent: 1}\n",
                                      constraints)
                         : NULL;
  soso_region *r = load_text(t2 ? t2 : t1);
  free(t1);
  free(t2);
  soso_region_result *res = run(r, SOSO_STRATEGY_CONCURRENT, 8, 11, 1);
  soso_region_free(r);
  return res;
}

static void reference_crowding_case(void **state) {
  (void)state;
  /* 5 years of operation, 3 of remediation: the second mine 2 years after the
   * first ends (month 84) is crowded; 3 years (96) or more (120) is not. Fixed
   * schedules do not depend on prices: the counts are exact. */
  const int starts[] = {72, 84, 95, 96, 120};
  const double want[] = {1, 1, 1, 0, 0};
  for (size_t k = 0; k < 5; k++) {
    soso_region_result *res = crowding_case(starts[k], NULL);
    assert_true(res->crowding_events.mean == want[k]);
    assert_true(res->community[0].p_crowding == want[k]);
    /* Operations never overlap here (North ends at 60). */
    assert_true(res->community[0].p_two_or_more == 0.0);
    assert_int_equal(res->max_concurrent, 1);
    soso_region_result_free(res);
  }
  /* A stated minimum gap of 24 months replaces "remediation complete". */
  soso_region_result *res =
      crowding_case(84, "constraints: {radius_km: 10, max_concurrent: 1, min_gap_months: 24}\n");
  assert_true(res->crowding_events.mean == 0.0);
  soso_region_result_free(res);
  /* Overlapping operations: two at once near Alpha, more than K = 1. */
  res = crowding_case(30, NULL);
  assert_true(res->community[0].p_two_or_more == 1.0);
  assert_true(res->community[0].p_over_k == 1.0);
  assert_int_equal(res->max_concurrent, 2);
  assert_true(res->crowding_events.mean == 1.0);
  /* Out of the radius, the same schedule crowds nobody. */
  soso_region_result_free(res);
  res = crowding_case(30, "constraints: {radius_km: 3, max_concurrent: 1}\n");
  assert_true(res->crowding_events.mean == 0.0);
  assert_true(res->community[0].p_two_or_more == 0.0);
  soso_region_result_free(res);
}

static void timelines_and_npv_by_hand(void **state) {
  (void)state;
  soso_region_result *res = crowding_case(96, NULL);
  /* District NPV: North (months 0-59 at 91,733, capex 3,121,000 at 0, remediation
   * 1,234,567 over months 60-95) and South (months 96-155 at 84,211, capex
   * 2,877,000 at 96, no remediation cost), discounted at 7.13 %/year. */
  double npv = -3121000 - 2877000 * pow(1.0713, -96.0 / 12);
  for (int m = 0; m < 60; m++) npv += 91733 * pow(1.0713, -m / 12.0);
  for (int m = 60; m < 96; m++) npv -= 1234567.0 / 36 * pow(1.0713, -m / 12.0);
  for (int m = 96; m < 156; m++) npv += 84211 * pow(1.0713, -m / 12.0);
  /* Same sums in another order: relative 1e-12. */
  assert_true(fabs(res->npv.mean - npv) < 1e-12 * fabs(npv));
  assert_true(res->npv.sd == 0.0);
  assert_true(res->jobs_mean_t[10] == 41.0);
  assert_true(res->jobs_mean_t[100] == 37.0);
  assert_true(res->jobs_mean_t[70] == 0.0);
  /* One community takes every job (gravity weights sum to 1, local share 1), their
   * wages, and as the host of both sites their royalties and taxes. */
  assert_true(fabs(res->community[0].jobs_mean[10] - 41.0) < 1e-12);
  assert_true(fabs(res->community[0].wages_mean[10] - 41.0 * 1137) < 1e-9);
  assert_true(fabs(res->community[0].fiscal_mean[100] - 13177) < 1e-9);
  assert_true(fabs(res->fiscal_t[100] - 13177) < 1e-9 && fabs(res->wages_t[100] - 37.0 * 1093) < 1e-9);
  /* Noise at Alpha from North: 0.93 exp(-d / 1 km); in remediation 30 % of it. */
  double d = soso_geo_km(44.13, 19.31, 44.1, 19.3);
  const double *p = res->community[0].pressure_mean;
  assert_true(fabs(p[10 * SOSO_PRESSURE_N + SOSO_PRESSURE_NOISE] - 0.93 * exp(-d)) < 1e-15);
  assert_true(fabs(p[70 * SOSO_PRESSURE_N + SOSO_PRESSURE_NOISE] - 0.3 * 0.93 * exp(-d)) <
              1e-15);
  /* Months without jobs between the first start (0) and the last end of
   * operations (156): North's remediation months 60-95 have no remediation crew. */
  assert_true(res->months_no_jobs.mean == 36.0);
  assert_true(res->months_no_production.mean == 36.0);
  assert_true(fabs(res->remediation_years.mean - 6.0) < 1e-12);
  assert_true(res->backlog_t[70] == 1.0 && res->backlog_t[100] == 0.0);
  assert_true(fabs(res->land_t[70] - 8.3) < 1e-12);
  /* ha-years: North 8.3 ha for 96 months, South 6.1 ha for 96 months. */
  assert_true(fabs(res->disturbed_ha_years.mean - (8.3 * 8 + 6.1 * 8)) < 1e-9);
  soso_region_result_free(res);
}

/* The optimiser's answer is never worse than the best of the orders it was
 * compared with (the file order among them), on the same paths. */
static void check_candidates(const soso_region_result *o, const soso_region_result *s) {
  assert_true(o->n_candidates >= 1 && o->chosen < o->n_candidates);
  for (size_t k = 0; k < o->n_candidates; k++)
    assert_true(o->candidate_npv[o->chosen] >= o->candidate_npv[k]);
  /* Same paths, same order, same arithmetic: the main run's mean is the light
   * run's, bit for bit. */
  assert_true(o->npv.mean == o->candidate_npv[o->chosen]);
  assert_true(o->npv.mean >= s->npv.mean);
}

static void one_plant_never_more_concurrent(void **state) {
  (void)state;
  for (int start = 0; start <= 96; start += 24) {
    char line[64];
    snprintf(line, sizeof line, "    start_month: %d\n", start);
    char *t = fx_replace(k_region_base, "    start_month: 84\n", line);
    soso_region *r = load_text(t);
    free(t);
    soso_region_result *c = run(r, SOSO_STRATEGY_CONCURRENT, 16, 3, 1);
    soso_region_result *s = run(r, SOSO_STRATEGY_SEQUENTIAL, 16, 3, 1);
    soso_region_result *o = run(r, SOSO_STRATEGY_OPTIMISED, 16, 3, 1);
    assert_true(s->max_concurrent <= c->max_concurrent);
    assert_true(o->max_concurrent <= c->max_concurrent);
    assert_true(s->community[0].p_two_or_more <= c->community[0].p_two_or_more);
    for (size_t m = 0; m < s->n_months; m++) assert_true(s->ops_t[m] <= 1.0);
    /* The plant waits for North's remediation: South at 60 + 36. */
    assert_true(s->crowding_events.mean == 0.0);
    assert_true(s->planned_start[1] == 96.0);
    /* The model optimum is at least the file order's model value, and the order
     * run is the best simulated candidate, whose NPV the main run reproduces. */
    assert_true(o->candidate_model[0] >= s->planned_value - 1e-9 * fabs(s->planned_value));
    assert_true(o->planned_exact == 1);
    check_candidates(o, s);
    soso_region_result_free(c);
    soso_region_result_free(s);
    soso_region_result_free(o);
    soso_region_free(r);
  }
}

/* Two price-driven mines (a small copper mine shaped like reference README
 * section 2, in $ million; tests/data/region) on one market. */
static soso_region *bs_region(void) {
  char text[2048];
  snprintf(text, sizeof text,
           "name: Copper pair\ncurrency: $ million\nhorizon_years: 25\ndiscount_rate: 0.09\n"
           "communities:\n  - {name: Town, lat: 45.2, lon: 21.7, population: 8321, sensitivity: "
           "{employment: high, noise: low, dust: medium, traffic: low, water: medium, land: low}}\n"
           "sites:\n"
           "  - {name: A, lat: 45.23, lon: 21.7, footprint_ha: 9.7, remediation_months: 24, "
           "pressures: {noise: 1, dust: 1, traffic: 1, water: 1}, mine: %s}\n"
           "  - {name: B, lat: 45.17, lon: 21.73, footprint_ha: 5.3, remediation_months: 30, "
           "start_month: 18, pressures: {noise: 0.7, dust: 0.9, traffic: 0.6, water: 1.1}, "
           "mine: %s}\n"
           "strategy: {kind: optimised, relocation_months: 3, relocation_cost: 0.4, "
           "plant_cost: 2.1}\n",
           SOSO_SOURCE_DIR "/tests/data/region/copper-small.mine.yaml",
           SOSO_SOURCE_DIR "/tests/data/region/copper-small.mine.yaml");
  return load_text(text);
}

static void same_seed_same_result_any_threads(void **state) {
  (void)state;
  soso_region *r = bs_region();
  for (int s = SOSO_STRATEGY_CONCURRENT; s <= SOSO_STRATEGY_OPTIMISED; s++) {
    soso_region_result *a = run(r, (soso_strategy)s, 300, 20261126, 1);
    soso_region_result *b = run(r, (soso_strategy)s, 300, 20261126, 2);
    soso_region_result *c = run(r, (soso_strategy)s, 300, 20261126, 2);
    soso_region_result *d = run(r, (soso_strategy)s, 300, 77, 2);
    size_t n = a->n_months;
    for (const soso_region_result *x = b; x; x = x == b ? c : NULL) {
      assert_memory_equal(&a->npv, &x->npv, sizeof a->npv);
      assert_memory_equal(&a->jobs_cv, &x->jobs_cv, sizeof a->jobs_cv);
      assert_memory_equal(a->cash_t, x->cash_t, n * sizeof *a->cash_t);
      assert_memory_equal(a->jobs_q, x->jobs_q, 3 * n * sizeof *a->jobs_q);
      assert_memory_equal(a->community[0].pressure_mean, x->community[0].pressure_mean,
                          n * SOSO_PRESSURE_N * sizeof(double));
      assert_memory_equal(a->order, x->order, a->n_sites * sizeof *a->order);
    }
    if (s == SOSO_STRATEGY_OPTIMISED) {
      soso_region_result *q = run(r, SOSO_STRATEGY_SEQUENTIAL, 300, 20261126, 2);
      check_candidates(a, q);
      soso_region_result_free(q);
    }
    /* The prices matter: another seed, another NPV distribution. */
    assert_true(a->npv.mean != d->npv.mean);
    assert_true(a->npv.sd > 0);
    soso_region_result_free(a);
    soso_region_result_free(b);
    soso_region_result_free(c);
    soso_region_result_free(d);
  }
  soso_region_free(r);
}

static void bad_options(void **state) {
  (void)state;
  soso_region *r = load_text(k_region_base);
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = 0;
  soso_region_result *res = NULL;
  assert_int_equal(soso_region_run(&res, r, SOSO_STRATEGY_CONCURRENT, &o), SOSO_EUSAGE);
  o.n_paths = 4;
  assert_int_equal(soso_region_run(&res, r, (soso_strategy)9, &o), SOSO_EUSAGE);
  assert_null(res);
  soso_region_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reference_crowding_case),
      cmocka_unit_test(timelines_and_npv_by_hand),
      cmocka_unit_test(one_plant_never_more_concurrent),
      cmocka_unit_test(same_seed_same_result_any_threads),
      cmocka_unit_test(bad_options),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
