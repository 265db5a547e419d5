/* test_community.c - the community file: a valid file loads whole; Cronbach's alpha
 * against a hand computation; every validation error names file, line and key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/community.h"
#include "impacts/fixture.h"

#include <math.h>

static const char *k_good =
    "name: Testville\n"                                   /* 1 */
    "location: {lat: 44.19, lon: 19.37}\n"                /* 2 */
    "population: 13750\n"                                 /* 3 */
    "working_age_share: 0.637\n"                          /* 4 */
    "unemployment_rate: 0.213\n"                          /* 5 */
    "average_wage:\n"                                     /* 6 */
    "  amount: 61937\n"                                   /* 7 */
    "  currency: RSD\n"                                   /* 8 */
    "  per: month\n"                                      /* 9 */
    "  eur_per_unit: 0.00853\n"                           /* 10 */
    "vacant_dwellings: 87\n"                              /* 11 */
    "mining_history: {status: past, years_since: 17}\n"   /* 12 */
    "designations:\n"                                     /* 13 */
    "  - {type: cultural_heritage, name: Old works, distance_km: 1.43}\n"   /* 14 */
    "  - {type: natura2000, name: River, distance_km: 7.9}\n"               /* 15 */
    "tourism_job_share: 0.047\n"                          /* 16 */
    "env_agriculture_job_share: 0.139\n"                  /* 17 */
    "government_capacity: low\n"                          /* 18 */
    "nearest_dwellings_m: 613\n"                          /* 19 */
    "survey:\n"                                           /* 20 */
    "  scale_max: 5\n"                                    /* 21 */
    "  items: [a, b, c]\n"                                /* 22 */
    "  responses:\n"                                      /* 23 */
    "    - [1, 2, 3]\n"                                   /* 24 */
    "    - [2, 3, 4]\n"                                   /* 25 */
    "    - [3, 3, 5]\n"                                   /* 26 */
    "    - [4, 5, 5]\n";                                  /* 27 */

static void test_load(void **state) {
  (void)state;
  fx_write("comm_good.yaml", k_good);
  soso_community *c = NULL;
  assert_int_equal(soso_community_load(&c, "comm_good.yaml"), SOSO_OK);
  assert_string_equal(c->name, "Testville");
  assert_true(c->population == 13750 && c->unemployment_rate == 0.213);
  assert_string_equal(c->currency, "RSD");
  assert_true(c->eur_per_unit == 0.00853);
  assert_int_equal(c->history, SOSO_MINING_PAST);
  assert_true(c->years_since_mining == 17);
  assert_int_equal(c->n_designations, 2);
  assert_int_equal(c->designations[1].kind, SOSO_DESIG_NATURA2000);
  assert_int_equal(c->gov_capacity, SOSO_GOV_LOW);
  assert_true(c->survey.present && c->survey.n_items == 3 && c->survey.n_resp == 4);
  /* Hand computation: item variances 5/3, 19/12, 11/12 (sum 25/6), total-score
   * variance 34/3, alpha = 3/2 (1 - (25/6)/(34/3)) = 129/136. */
  assert_true(fabs(c->survey.alpha - 129.0 / 136.0) < 1e-14);
  assert_true(fabs(c->survey.mean_score - 40.0 / 12.0) < 1e-14);
  assert_false(c->survey.level_stated);
  soso_community_free(c);
  soso_community_free(NULL);
}

static void test_alpha_edges(void **state) {
  (void)state;
  const double one[] = {3, 3, 3, 3};
  assert_true(isnan(soso_community_cronbach_alpha(one, 2, 2))); /* no variance */
  assert_true(isnan(soso_community_cronbach_alpha(one, 4, 1))); /* one item */
  assert_string_equal(soso_community_slo_level_name(SOSO_SLO_IDENTIFICATION),
                      "psychological_identification");
  assert_string_equal(soso_community_mining_history_name(SOSO_MINING_ONGOING), "ongoing");
}

static void test_errors(void **state) {
  (void)state;
  static const struct { const char *from, *to, *f1, *f2; } cases[] = {
      {"name: Testville\n", "name: Testville\ncolour: red\n", "comm_bad.yaml:2: colour",
       "unknown key"},
      {"population: 13750\n", "", "comm_bad.yaml:1: population", "missing"},
      {"unemployment_rate: 0.213", "unemployment_rate: 21.3", "comm_bad.yaml:5: unemployment_rate",
       "is too large (must be <= 1)"},
      {"unemployment_rate: 0.213", "unemployment_rate: 0,213", "comm_bad.yaml:5: unemployment_rate",
       "decimal point"},
      {"lat: 44.19", "lat: 144.19", "comm_bad.yaml:2: lat", NULL},
      {"  currency: RSD", "  currency: dinar", "comm_bad.yaml:8: currency", "ISO 4217"},
      {"  eur_per_unit: 0.00853\n", "", "comm_bad.yaml:7: eur_per_unit", "missing"},
      {"  per: month", "  per: week", "comm_bad.yaml:9: per", "not one of"},
      {"status: past, years_since: 17", "status: none, years_since: 17",
       "comm_bad.yaml:12: years_since", "only meaningful"},
      {"status: past, years_since: 17", "status: past", "comm_bad.yaml:12: years_since",
       "missing"},
      {"status: past", "status: former", "comm_bad.yaml:12: status", "none, past, ongoing"},
      {"type: natura2000", "type: park", "comm_bad.yaml:15: type", "natura2000"},
      {"distance_km: 7.9", "distance_km: -7.9", "comm_bad.yaml:15: distance_km", NULL},
      {"name: River, ", "", "comm_bad.yaml:15: name", "missing"},
      {"env_agriculture_job_share: 0.139", "env_agriculture_job_share: 0.97",
       "comm_bad.yaml:17: env_agriculture_job_share", "more than 1"},
      {"government_capacity: low", "government_capacity: weak",
       "comm_bad.yaml:18: government_capacity", "low, medium, high"},
      {"nearest_dwellings_m: 613", "nearest_dwellings_m: [613]", "comm_bad.yaml:19: nearest_dwellings_m",
       "must be a number"},
      {"    - [4, 5, 5]", "    - [4, 5]", "comm_bad.yaml:27: responses", "3 answers"},
      {"    - [4, 5, 5]", "    - [4, 5, 6]", "comm_bad.yaml:27: responses", "too large"},
      {"    - [4, 5, 5]", "    - [4, 5, 4.5]", "comm_bad.yaml:27: responses", "whole Likert"},
      {"  items: [a, b, c]", "  items: [a]", "comm_bad.yaml:22: items", "at least 2"},
      {"  scale_max: 5", "  scale_max: 5\n  acceptance_level: liking",
       "comm_bad.yaml:22: acceptance_level", "withdrawal"},
      {"designations:\n  - {type: cultural_heritage, name: Old works, distance_km: 1.43}\n"
       "  - {type: natura2000, name: River, distance_km: 7.9}\n",
       "designations: none\n", "comm_bad.yaml:13: designations", "a list"},
      {"average_wage:\n  amount: 61937\n  currency: RSD\n  per: month\n  eur_per_unit: 0.00853\n",
       "average_wage: 600\n", "comm_bad.yaml:6: average_wage", "mapping"},
      {"location: {lat: 44.19, lon: 19.37}", "location: {lat: 44.19, lon: [19.37}",
       "comm_bad.yaml:2: yaml", NULL},
      {"location: {lat: 44.19, lon: 19.37}", "location: Ljubovija", "comm_bad.yaml:2: location",
       "mapping"},
      {"  scale_max: 5", "  scale_max: 4.5", "comm_bad.yaml:21: scale_max", "whole number"},
      {"  items: [a, b, c]", "  items: [a, \"\", c]", "comm_bad.yaml:22: items", "label"},
      {"    - [1, 2, 3]", "    - 1", "comm_bad.yaml:24: responses", "3 answers"},
      {"  - {type: natura2000, name: River, distance_km: 7.9}", "  - River",
       "comm_bad.yaml:15: designations", "mapping"},
      {"mining_history: {status: past, years_since: 17}", "mining_history: {status: past, years_since: 17, when: 1990}",
       "comm_bad.yaml:12: when", "unknown key"},
      {"  scale_max: 5", "  scale_max: 5\n  source: \"\"", "comm_bad.yaml:22: source", "non-empty"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fx_write("comm_bad.yaml", fx_replace(k_good, cases[i].from, cases[i].to));
    soso_community *c = NULL;
    fx_expect(soso_community_load(&c, "comm_bad.yaml"), cases[i].f1, cases[i].f2);
    assert_null(c);
  }
  fx_write("comm_bad.yaml", "");
  soso_community *c = NULL;
  fx_expect(soso_community_load(&c, "comm_bad.yaml"), "comm_bad.yaml:1: yaml", "empty");
  fx_write("comm_bad.yaml", "- a\n- b\n");
  fx_expect(soso_community_load(&c, "comm_bad.yaml"), "comm_bad.yaml:1: community", "mapping");
  assert_int_equal(soso_community_load(&c, "no-such-community.yaml"), SOSO_EIO);
}

static void test_example_file(void **state) {
  (void)state;
  soso_community *c = NULL;
  assert_int_equal(
      soso_community_load(&c, SOSO_SOURCE_DIR "/tests/data/impacts/ljubovija.community.yaml"),
      SOSO_OK);
  assert_true(c->survey.present && c->survey.alpha > 0.7);
  soso_community_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_load), cmocka_unit_test(test_alpha_edges),
                                     cmocka_unit_test(test_errors),
                                     cmocka_unit_test(test_example_file)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
