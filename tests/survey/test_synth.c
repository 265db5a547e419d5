#define _DEFAULT_SOURCE
/* test_synth.c - the analysis recovers the known parameters of the SYNTHETIC Drina
 * survey (src/survey/synth.c): 6 groups x 110 respondents, 10 % missing answers,
 * one reverse-coded item, design weights; plus a 4-respondent group that must be
 * suppressed everywhere.
 *
 * Truths: construct means in closed form (exact); alpha and the observed-score path
 * coefficients as large-sample population values (120,000 respondents; their Monte
 * Carlo SE is about 0.003, negligible against the intervals checked here).
 * Tolerances come from the sample size through each estimate's own interval:
 * - means: |estimate - truth| <= 3.5 SE; over the 84 checks (42 weighted, 42
 *   unweighted against the sample-composition target) a correct estimator fails one
 *   with probability about 84 x 4.7e-4 = 4 %; the seed is fixed, so this either
 *   always passes or always fails;
 * - alpha: the Feldt 95 % interval holds the truth in at least 37 of 42 groups
 *   (expected 40; P(more than 5 misses | 95 % coverage) is about 1.4 %);
 * - paths: the 95 % percentile bootstrap intervals of the 7 coefficients and the 3
 *   indirect effects hold the truth in at least 8 of 10.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "survey/survey_int.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static json_t *g_truth, *g_est;
static sv_data g_d;

static int setup(void **state) {
  (void)state;
  char dir[] = "/tmp/soso_synth_XXXXXX";
  if (!mkdtemp(dir)) return -1;
  soso_survey_synth_opts o = SOSO_SURVEY_SYNTH_OPTS_INIT;
  if (soso_survey_synth(dir, &o)) return -1;
  char path[256];
  snprintf(path, sizeof path, "%s/survey-truth.json", dir);
  g_truth = json_load_file(path, 0, NULL);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) return -1;
  if (!g_truth) return -1;
  if (sv_synth_data(&g_d, NULL, &o, 0)) return -1;
  soso_survey_analyse_opts ao = SOSO_SURVEY_ANALYSE_OPTS_INIT;
  void *j = NULL;
  if (sv_analyse_data(&j, &g_d, &ao)) return -1;
  g_est = j;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  json_decref(g_truth);
  json_decref(g_est);
  sv_data_free(&g_d);
  return 0;
}

static const json_t *est_group(const char *c, const char *w) {
  size_t i;
  json_t *g;
  json_array_foreach(json_object_get(g_est, "groups"), i, g)
    if (!strcmp(json_string_value(json_object_get(g, "community")), c) &&
        !strcmp(json_string_value(json_object_get(g, "wave")), w))
      return g;
  return NULL;
}

static void test_design(void **state) {
  (void)state;
  assert_true(g_d.n_resp >= 600);
  size_t missing = 0;
  for (size_t i = 0; i < g_d.n_resp * g_d.n_items; i++) missing += isnan(g_d.x[i]) ? 1u : 0u;
  double share = (double)missing / (double)(g_d.n_resp * g_d.n_items);
  /* 10 % MCAR over 13,944 answers: SE 0.0025, so 0.09-0.11 is 4 SE either side */
  assert_true(share > 0.09 && share < 0.11);
  assert_true(g_d.weighted);
}

static void test_means(void **state) {
  (void)state;
  size_t i, checks = 0;
  json_t *tg;
  json_array_foreach(json_object_get(g_truth, "groups"), i, tg) {
    const char *c = json_string_value(json_object_get(tg, "community"));
    const char *w = json_string_value(json_object_get(tg, "wave"));
    const json_t *eg = est_group(c, w);
    assert_non_null(eg);
    size_t gi = 0;
    for (; gi < g_d.n_groups; gi++)
      if (!strcmp(g_d.groups[gi].community, c) && !strcmp(g_d.groups[gi].wave, w)) break;
    unsigned char *sel = calloc(g_d.n_resp, 1);
    for (size_t r = 0; r < g_d.n_resp; r++) sel[r] = g_d.grp[r] == (int)gi;
    for (int k = 0; k < SOSO_CON_COUNT; k++) {
      const char *name = soso_survey_construct_name((soso_construct)k);
      const json_t *ec = json_object_get(json_object_get(eg, "constructs"), name);
      double est = json_real_value(json_object_get(ec, "mean"));
      double se = json_real_value(json_object_get(ec, "se"));
      double truth = json_real_value(json_object_get(json_object_get(tg, "mean"), name));
      if (fabs(est - truth) > 3.5 * se)
        fail_msg("%s w%s %s: weighted %.3f vs truth %.3f (SE %.3f)", c, w, name, est, truth, se);
      sv_mean u;
      sv_wmean(&u, g_d.score + (size_t)k, SOSO_CON_COUNT, NULL, g_d.n_resp, sel);
      double ut = json_real_value(
          json_object_get(json_object_get(tg, "mean_unweighted_target"), name));
      if (fabs(u.mean - ut) > 3.5 * u.se)
        fail_msg("%s w%s %s: unweighted %.3f vs target %.3f (SE %.3f)", c, w, name, u.mean, ut,
                 u.se);
      checks += 2;
    }
    free(sel);
  }
  assert_int_equal(checks, 84);
}

static void test_alpha(void **state) {
  (void)state;
  size_t hit = 0, total = 0;
  const char *key;
  json_t *ta;
  json_object_foreach(json_object_get(g_truth, "alpha"), key, ta) {
    char c[64], w[8];
    const char *slash = strchr(key, '/');
    snprintf(c, sizeof c, "%.*s", (int)(slash - key), key);
    snprintf(w, sizeof w, "%s", slash + 1);
    const json_t *eg = est_group(c, w);
    const char *con;
    json_t *tv;
    json_object_foreach(ta, con, tv) {
      const json_t *ec = json_object_get(json_object_get(eg, "constructs"), con);
      double lo = json_real_value(json_object_get(ec, "alpha_lo"));
      double hi = json_real_value(json_object_get(ec, "alpha_hi"));
      double t = json_real_value(tv);
      hit += lo <= t && t <= hi;
      total++;
    }
  }
  assert_int_equal(total, 42);
  if (hit < 37) fail_msg("Feldt intervals hold the true alpha in %zu of 42", hit);
}

static void test_paths(void **state) {
  (void)state;
  const json_t *pm = json_object_get(g_est, "path_model");
  const json_t *tp = json_object_get(g_truth, "observed_paths");
  const json_t *ci = json_object_get(pm, "ci95");
  size_t hit = 0, total = 0;
  for (int side = 0; side < 2; side++) {
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(tp, side ? "acceptance_on" : "trust_on"), key, v) {
      char k2[96];
      snprintf(k2, sizeof k2, "%s->%s", key, side ? "acceptance" : "trust");
      const json_t *iv = json_object_get(ci, k2);
      assert_non_null(iv);
      double t = json_real_value(v);
      hit += json_real_value(json_array_get(iv, 0)) <= t && t <= json_real_value(json_array_get(iv, 1));
      total++;
    }
  }
  const char *key;
  json_t *v;
  json_object_foreach(json_object_get(tp, "indirect_via_trust"), key, v) {
    const json_t *e = json_object_get(json_object_get(pm, "indirect_via_trust"), key);
    double t = json_real_value(v);
    hit += json_real_value(json_object_get(e, "lo")) <= t && t <= json_real_value(json_object_get(e, "hi"));
    total++;
  }
  assert_int_equal(total, 10);
  if (hit < 8) fail_msg("bootstrap intervals hold the true path in %zu of 10", hit);
  /* The seed is printed and determines the intervals. */
  assert_int_equal(json_integer_value(json_object_get(pm, "seed")), 42);
}

static void test_suppressed(void **state) {
  (void)state;
  const json_t *g = est_group("Gorazde", "1");
  assert_non_null(g);
  assert_true(json_is_true(json_object_get(g, "suppressed")));
  assert_null(json_object_get(g, "n"));
  assert_null(json_object_get(g, "constructs"));
  assert_null(json_object_get(g, "likert"));
  char *s = json_dumps(json_object_get(g_est, "between_communities"), 0);
  assert_null(strstr(s, "Gorazde"));
  free(s);
  s = json_dumps(json_object_get(g_est, "between_waves"), 0);
  assert_null(strstr(s, "Gorazde"));
  free(s);
}

static void test_same_seed_same_data(void **state) {
  (void)state;
  soso_survey_synth_opts o = SOSO_SURVEY_SYNTH_OPTS_INIT;
  sv_data a, b;
  assert_int_equal(sv_synth_data(&a, NULL, &o, 20), 0);
  o.seed++;
  assert_int_equal(sv_synth_data(&b, NULL, &o, 20), 0);
  size_t same = 0;
  for (size_t i = 0; i < a.n_resp * a.n_items; i++)
    same += a.x[i] == b.x[i] || (isnan(a.x[i]) && isnan(b.x[i]));
  assert_true(same < a.n_resp * a.n_items); /* another seed, other answers */
  o.seed--;
  sv_data c;
  assert_int_equal(sv_synth_data(&c, NULL, &o, 20), 0);
  for (size_t i = 0; i < a.n_resp * a.n_items; i++)
    assert_true(a.x[i] == c.x[i] || (isnan(a.x[i]) && isnan(c.x[i])));
  sv_data_free(&a);
  sv_data_free(&b);
  sv_data_free(&c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_design),     cmocka_unit_test(test_means),
      cmocka_unit_test(test_alpha),      cmocka_unit_test(test_paths),
      cmocka_unit_test(test_suppressed), cmocka_unit_test(test_same_seed_same_data),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
