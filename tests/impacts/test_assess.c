/* test_assess.c - the assessment with the shipped rules: the properties a
 * practitioner expects (sweeps over the driving value), reasons that carry the
 * number and the rule, the closure guarantee formula, the SSM check, and the JSON
 * shape. Drivers are synthetic (no mine file) so each property isolates one input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/impacts.h"
#include "impacts/fixture.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

typedef struct fx {
  soso_rules *rules;
  soso_community *comm;
} fx;

static int setup(void **state) {
  fx *f = calloc(1, sizeof *f);
  if (!f || soso_impacts_rules_load(&f->rules, soso_impacts_rules_default_path()) ||
      soso_community_load(&f->comm, SOSO_SOURCE_DIR "/tests/data/impacts/ljubovija.community.yaml"))
    return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fx *f = *state;
  soso_community_free(f->comm);
  soso_impacts_rules_free(f->rules);
  free(f);
  return 0;
}

/* A plausible small underground mine; high-entropy values. */
static soso_site_drivers drivers(void) {
  static const char *const land[] = {"forestry"};
  soso_site_drivers d = {0};
  d.name = "test site";
  d.direct_jobs = 83;
  d.care_jobs = 9;
  d.local_hire_share = 0.77;
  d.external_workers_housed = 11;
  d.wage_eur_month = 1137;
  d.revenue_eur_year = 7.31e6;
  d.royalties_eur_year = 0.05 * 7.31e6;
  d.royalty_local_share = 0.37;
  d.local_taxes_eur_year = 41300;
  d.capex_eur = 9.7e6;
  d.closure_cost_eur = 2.13e6;
  d.closure_years = 2.5;
  d.care_cost_eur_year = 517000;
  d.reserve_t = 373000;
  d.ore_per_year_t = 47300;
  d.life_years = 373000.0 / 47300.0;
  snprintf(d.basis, sizeof d.basis, "test drivers");
  d.months_open_share = 0.83;
  d.restarts_per_year = 0.17;
  d.mean_spell_months = 31;
  d.layoff_probability = 0.43;
  d.temp_closure_years = 1.7;
  d.footprint_ha = 7.3;
  d.tailings = SOSO_TAILINGS_BACKFILL;
  d.reagent_kg_per_t = 1.13;
  d.water_m3_per_t = 0.37;
  d.trucks_per_day = 17;
  d.operating_hours_per_day = 16;
  d.n_noise = 2;
  d.n_dust = 1;
  d.underground = 1;
  d.selective = 1;
  d.modular_plant = 1;
  d.redeployable = 1;
  d.automation = 1;
  d.land_use = land;
  d.n_land_use = 1;
  return d;
}

static const soso_dimension *dim(soso_assessment **a, fx *f, const soso_site_drivers *d,
                                 const char *id) {
  soso_impacts_assessment_free(*a);
  *a = NULL;
  assert_int_equal(soso_impacts_assess(a, f->rules, d, f->comm, NULL), SOSO_OK);
  const soso_dimension *x = soso_impacts_assessment_dimension(*a, id);
  assert_non_null(x);
  return x;
}

/* Higher unemployment never makes the employment benefit less significant. */
static void test_unemployment_monotone(void **state) {
  fx *f = *state;
  soso_assessment *a = NULL;
  static const double jobs[] = {3, 17, 83, 311}, pops[] = {1730, 13500, 61300};
  double saved_u = f->comm->unemployment_rate, saved_p = f->comm->population;
  int changes = 0;
  for (size_t j = 0; j < 4; j++)
    for (size_t p = 0; p < 3; p++) {
      soso_site_drivers d = drivers();
      d.direct_jobs = jobs[j];
      f->comm->population = pops[p];
      int prev = -1, prev_after = -1;
      for (int k = 0; k <= 60; k++) {
        f->comm->unemployment_rate = 0.005 * k;
        const soso_dimension *x = dim(&a, f, &d, "employment");
        assert_true((int)x->significance >= prev);
        assert_true((int)x->significance_after >= prev_after);
        if (prev >= 0 && (int)x->significance > prev) changes++;
        prev = (int)x->significance;
        prev_after = (int)x->significance_after;
      }
    }
  assert_true(changes > 0); /* the sweep does move the rating */
  f->comm->unemployment_rate = saved_u;
  f->comm->population = saved_p;
  soso_impacts_assessment_free(a);
}

/* Nearer dwellings never make the living-environment impact less significant. */
static void test_dwellings_monotone(void **state) {
  fx *f = *state;
  soso_assessment *a = NULL;
  double saved = f->comm->nearest_dwellings_m;
  int changes = 0;
  for (int variant = 0; variant < 4; variant++) {
    soso_site_drivers d = drivers();
    d.trucks_per_day = variant & 1 ? 67 : 3;
    d.tailings = variant & 2 ? SOSO_TAILINGS_POND : SOSO_TAILINGS_BACKFILL;
    int prev = -1, prev_after = -1;
    for (double m = 7300; m >= 10; m *= 0.93) {
      f->comm->nearest_dwellings_m = m;
      const soso_dimension *x = dim(&a, f, &d, "ecology_living_environment");
      assert_true((int)x->significance >= prev);
      assert_true((int)x->significance_after >= prev_after);
      if (prev >= 0 && (int)x->significance > prev) changes++;
      prev = (int)x->significance;
      prev_after = (int)x->significance_after;
    }
  }
  assert_true(changes > 0);
  f->comm->nearest_dwellings_m = saved;
  soso_impacts_assessment_free(a);
}

/* A mining past is never rated worse on identity than no mining history. */
static void test_mining_past_identity(void **state) {
  fx *f = *state;
  soso_assessment *a = NULL;
  soso_community *c = f->comm;
  soso_mining_history saved_h = c->history;
  double saved_y = c->years_since_mining;
  static const double heritage[] = {0.37, 1.7, 4.3, 23.0}, years[] = {2, 17, 73};
  static const double external[] = {0, 11, 93, 617};
  double saved_dist[8];
  for (size_t i = 0; i < c->n_designations; i++) saved_dist[i] = c->designations[i].distance_km;
  int strictly_better = 0;
  for (size_t h = 0; h < 4; h++)
    for (size_t y = 0; y < 3; y++)
      for (size_t e = 0; e < 4; e++)
        for (int open_pit = 0; open_pit < 2; open_pit++) {
          for (size_t i = 0; i < c->n_designations; i++) c->designations[i].distance_km = heritage[h];
          soso_site_drivers d = drivers();
          d.external_workers_housed = external[e];
          d.direct_jobs = 700;
          d.underground = !open_pit;
          c->history = SOSO_MINING_NONE;
          c->years_since_mining = 0;
          const soso_dimension *x = dim(&a, f, &d, "identity_culture");
          int none = (int)x->significance, none_after = (int)x->significance_after;
          c->history = SOSO_MINING_PAST;
          c->years_since_mining = years[y];
          x = dim(&a, f, &d, "identity_culture");
          assert_true((int)x->significance <= none);
          assert_true((int)x->significance_after <= none_after);
          if ((int)x->significance < none) strictly_better++;
        }
  assert_true(strictly_better > 0);
  c->history = saved_h;
  c->years_since_mining = saved_y;
  for (size_t i = 0; i < c->n_designations; i++) c->designations[i].distance_km = saved_dist[i];
  soso_impacts_assessment_free(a);
}

/* Removing a protected area never raises the land-use significance. */
static void test_protected_area_removal(void **state) {
  fx *f = *state;
  soso_assessment *a = NULL;
  soso_community *c = f->comm;
  soso_designation *saved = c->designations;
  size_t saved_n = c->n_designations;
  static char n_name[] = "N", l_name[] = "L", h_name[] = "H";
  soso_designation all[3] = {{SOSO_DESIG_NATURA2000, n_name, 0.71},
                             {SOSO_DESIG_LANDSCAPE, l_name, 3.3},
                             {SOSO_DESIG_HERITAGE, h_name, 0.93}};
  static const double footprint[] = {0.7, 7.3, 23, 67};
  int lowered = 0;
  for (size_t fp = 0; fp < 4; fp++)
    for (unsigned mask = 1; mask < 8; mask++) {
      soso_site_drivers d = drivers();
      d.footprint_ha = footprint[fp];
      soso_designation sub[3];
      size_t n = 0;
      for (int i = 0; i < 3; i++)
        if (mask & (1u << i)) sub[n++] = all[i];
      c->designations = sub;
      c->n_designations = n;
      const soso_dimension *x = dim(&a, f, &d, "land_use");
      int with = (int)x->significance, with_after = (int)x->significance_after;
      for (size_t drop = 0; drop < n; drop++) { /* remove each one in turn */
        soso_designation less[3];
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
          if (i != drop) less[m++] = sub[i];
        c->designations = less;
        c->n_designations = m;
        x = dim(&a, f, &d, "land_use");
        assert_true((int)x->significance <= with);
        assert_true((int)x->significance_after <= with_after);
        if ((int)x->significance < with) lowered++;
        c->designations = sub;
        c->n_designations = n;
      }
    }
  assert_true(lowered > 0);
  c->designations = saved;
  c->n_designations = saved_n;
  soso_impacts_assessment_free(a);
}

static void test_reasons_and_numbers(void **state) {
  fx *f = *state;
  soso_site_drivers d = drivers();
  soso_assessment *a = NULL;
  assert_int_equal(soso_impacts_assess(&a, f->rules, &d, f->comm, NULL), SOSO_OK);
  assert_int_equal(a->n_dims, 10);
  assert_string_equal(a->dims[9].id, "uncertainty_fears_aspirations");
  /* local jobs 83 x 0.77 = 63.91; working-age 13500 x 0.63 = 8505 */
  const soso_indicator *x = soso_impacts_assessment_indicator(a, "local_jobs_per_1000_working_age");
  assert_true(fabs(x->value - 1000.0 * 83 * 0.77 / 8505.0) < 1e-9);
  const soso_dimension *e = soso_impacts_assessment_dimension(a, "employment");
  assert_int_equal(e->direction, +1);
  assert_non_null(strstr(e->magnitude_reason, "local_jobs_per_1000_working_age = 7.51"));
  assert_non_null(strstr(e->magnitude_reason, "rules.yaml:"));
  assert_non_null(strstr(e->sensitivity_reason, "unemployment_rate = 21.0 %"));
  assert_non_null(strstr(e->significance_reason, "matrix(magnitude medium, sensitivity high)"));
  assert_int_equal(e->significance, SOSO_SIG_MAJOR);
  /* every rating of every dimension has a reason */
  for (size_t i = 0; i < a->n_dims; i++) {
    const soso_dimension *dd = &a->dims[i];
    assert_true(dd->magnitude_reason[0] && dd->sensitivity_reason[0] &&
                dd->significance_reason[0] && dd->significance_after_reason[0] &&
                dd->direction_reason[0]);
    for (size_t k = 0; k < dd->n_challenges; k++) assert_true(dd->challenges[k].reason[0]);
    /* measures never make things worse */
    if (dd->direction < 0) assert_true(dd->significance_after <= dd->significance);
    else assert_true(dd->significance_after >= dd->significance);
  }
  /* SOSO insecurity shows in the tenth dimension */
  const soso_dimension *u = soso_impacts_assessment_dimension(a, "uncertainty_fears_aspirations");
  int found = 0;
  for (size_t k = 0; k < u->n_challenges; k++) found |= !strcmp(u->challenges[k].id, "sosos_insecurity");
  assert_true(found);
  /* closure guarantee = C (1 + p + c) + care x T_permit + monitoring x years, rules
   * p = 0.25, c = 0.20, T_permit = 2 (NOT the simulated 1.7 years: the guarantee must
   * not move with the seed), monitoring 40,000 EUR a year for 5 years (no pond) */
  double g = 2.13e6 * (1 + 0.25 + 0.20) + 517000 * 2.0 + 40000 * 5;
  assert_true(fabs(a->closure.guarantee_eur - g) < 1e-6);
  assert_true(a->closure.simulated_pause_years == 1.7);
  /* the liability schedule peaks at the end of operations, at the guarantee */
  assert_true(a->closure.n_schedule > 2);
  assert_true(fabs(a->closure.liability_max_eur - g) < 1e-6);
  for (size_t y = 1; y < a->closure.liability_max_year; y++)
    assert_true(a->closure.schedule_eur[y] >= a->closure.schedule_eur[y - 1]);
  assert_true(a->closure.schedule_eur[a->closure.n_schedule - 1] < g);
  /* a different simulated pause leaves the guarantee where it is */
  {
    soso_site_drivers d2 = d;
    d2.temp_closure_years = 7.6;
    soso_assessment *a2 = NULL;
    assert_int_equal(soso_impacts_assess(&a2, f->rules, &d2, f->comm, NULL), SOSO_OK);
    assert_true(a2->closure.guarantee_eur == a->closure.guarantee_eur);
    assert_non_null(strstr(a2->closure.notes, "longer than the 2.0 years"));
    soso_impacts_assessment_free(a2);
  }
  assert_true(a->closure.local_jobs_lost == 83 * 0.77);
  /* SSM check: every criterion decided, this site meets all eight */
  assert_int_equal(a->n_ssm, 8);
  assert_int_equal(a->ssm_met, 8);
  d.tailings = SOSO_TAILINGS_POND;
  d.direct_jobs = 151;
  soso_impacts_assessment_free(a);
  assert_int_equal(soso_impacts_assess(&a, f->rules, &d, f->comm, NULL), SOSO_OK);
  assert_int_equal(a->ssm_met, 6);
  assert_int_equal(a->ssm[1].met, 0);
  assert_non_null(strstr(a->ssm[1].reason, "FAILS: tailings = pond == backfill"));
  soso_impacts_assessment_free(a);
}

static void test_json_shape(void **state) {
  fx *f = *state;
  soso_site_drivers d = drivers();
  soso_assessment *a = NULL;
  assert_int_equal(soso_impacts_assess(&a, f->rules, &d, f->comm, NULL), SOSO_OK);
  soso_sink_buf buf = SOSO_SINK_BUF_INIT;
  assert_int_equal(soso_impacts_json(a, soso_sink_buffer, &buf), SOSO_OK);
  json_t *j = json_loads(buf.data, 0, NULL), *dims = json_object_get(j, "dimensions");
  assert_int_equal(json_array_size(dims), 10);
  static const char *const keys[] = {"name", "indicators", "magnitude", "direction",
                                     "sensitivity", "significance", "significance_after",
                                     "opportunities", "challenges", "measures"};
  for (size_t i = 0; i < json_array_size(dims); i++) {
    json_t *o = json_array_get(dims, i);
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) assert_non_null(json_object_get(o, keys[k]));
    assert_true(json_is_string(json_object_get(json_object_get(o, "magnitude"), "reason")));
    assert_true(json_is_string(json_object_get(json_object_get(o, "significance_after"), "reason")));
  }
  assert_non_null(json_object_get(j, "ssm_check"));
  assert_non_null(json_object_get(json_object_get(j, "closure"), "guarantee_eur"));
  json_t *io = json_object_get(json_object_get(j, "econ"), "input_output");
  assert_string_equal(json_string_value(json_object_get(io, "label")), "upper bound");
  assert_true(json_is_false(json_object_get(io, "available")));
  /* no regional table: indirect jobs are unknown, not zero */
  assert_true(json_is_null(json_object_get(json_object_get(json_object_get(j, "indicators"),
                                                           "indirect_jobs"), "value")));
  json_decref(j);
  free(buf.data);
  soso_sink_buf md = SOSO_SINK_BUF_INIT;
  assert_int_equal(soso_impacts_markdown(a, soso_sink_buffer, &md), SOSO_OK);
  assert_true(md.len > 5000);
  free(md.data);
  soso_impacts_assessment_free(a);
}

static void test_bad_drivers_and_sector(void **state) {
  fx *f = *state;
  soso_site_drivers d = drivers();
  soso_assessment *a = NULL;
  d.local_hire_share = 1.3;
  assert_int_equal(soso_impacts_assess(&a, f->rules, &d, f->comm, NULL), SOSO_EUSAGE);
  assert_null(a);
  d = drivers();
  const double Z[] = {150, 500, 200, 100}, fd[] = {350, 1700}, x[] = {1000, 2000};
  const char *const names[] = {"farming", "mining"};
  soso_io_table *t = NULL;
  assert_int_equal(soso_io_table_new(&t, 2, names, Z, fd, x), SOSO_OK);
  d.io_sector = "quarrying";
  assert_int_equal(soso_impacts_assess(&a, f->rules, &d, f->comm, t), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "quarrying"));
  d.io_sector = "mining";
  assert_int_equal(soso_impacts_assess(&a, f->rules, &d, f->comm, t), SOSO_OK);
  assert_true(a->econ.have_io);
  assert_true(fabs(a->econ.io.indirect_output - 7.31e6 * 0.83 * (1.10 / 0.7575 - 1)) < 1e-3);
  soso_impacts_assessment_free(a);
  soso_io_table_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_unemployment_monotone), cmocka_unit_test(test_dwellings_monotone),
      cmocka_unit_test(test_mining_past_identity), cmocka_unit_test(test_protected_area_removal),
      cmocka_unit_test(test_reasons_and_numbers), cmocka_unit_test(test_json_shape),
      cmocka_unit_test(test_bad_drivers_and_sector)};
  return cmocka_run_group_tests(tests, setup, teardown);
}
