/* test_stats.c - the survey statistics against independent computations on small
 * hand-made data: weighted mean and its SE (closed forms), Cronbach's alpha (the
 * covariance-matrix form, written out here), item-total correlations and
 * alpha-if-deleted, the Feldt interval's definition, least squares (one predictor:
 * slope = cov / var), Hedges' g; the id hash against a SHA-256 computed by Python's
 * hashlib; redaction of names, e-mails and phone numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "survey/survey_int.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* 7 respondents x 3 items, high-entropy enough that no term cancels. */
static const double k_x[7][3] = {{4, 5, 4}, {2, 3, 2}, {3, 3, 4}, {5, 4, 5},
                                 {1, 2, 2}, {4, 4, 3}, {3, 2, 3}};

/* Sample covariance of columns a, b of k_x restricted to columns in use. */
static double cov(int a, int b) {
  double ma = 0, mb = 0, s = 0;
  for (int i = 0; i < 7; i++) {
    ma += k_x[i][a] / 7.0;
    mb += k_x[i][b] / 7.0;
  }
  for (int i = 0; i < 7; i++) s += (k_x[i][a] - ma) * (k_x[i][b] - mb);
  return s / 6.0;
}

/* alpha = k/(k-1) (1 - trace(C) / sum(C)) over the columns in use. */
static double alpha_cov(const int *use, int k) {
  double tr = 0, sum = 0;
  for (int a = 0; a < k; a++)
    for (int b = 0; b < k; b++) {
      double c = cov(use[a], use[b]);
      sum += c;
      if (a == b) tr += c;
    }
  return (double)k / (k - 1) * (1 - tr / sum);
}

static void test_alpha(void **state) {
  (void)state;
  sv_alpha a;
  size_t cols[3] = {0, 1, 2};
  sv_alpha_compute(&a, &k_x[0][0], 3, cols, 3, 7, NULL);
  int all[3] = {0, 1, 2};
  /* Tolerance 1e-12: two exact formulas in double precision on small integers. */
  assert_true(fabs(a.alpha - alpha_cov(all, 3)) < 1e-12);
  assert_int_equal(a.n, 7);
  /* Feldt: (1 - alpha) / (1 - alpha_hat) ~ F(n-1, (n-1)(k-1)). */
  double f_hi = gsl_cdf_fdist_Pinv(0.975, 6, 12), f_lo = gsl_cdf_fdist_Pinv(0.025, 6, 12);
  assert_true(fabs(a.lo - (1 - (1 - a.alpha) * f_hi)) < 1e-12);
  assert_true(fabs(a.hi - (1 - (1 - a.alpha) * f_lo)) < 1e-12);
  assert_true(a.lo < a.alpha && a.alpha < a.hi);
  for (int j = 0; j < 3; j++) {
    int rest[2], q = 0;
    for (int l = 0; l < 3; l++)
      if (l != j) rest[q++] = l;
    assert_true(fabs(a.if_deleted[j] - alpha_cov(rest, 2)) < 1e-12);
    /* corrected item-total r = cov(x_j, rest) / sqrt(var x_j var rest) */
    double c = cov(j, rest[0]) + cov(j, rest[1]);
    double vr = cov(rest[0], rest[0]) + cov(rest[1], rest[1]) + 2 * cov(rest[0], rest[1]);
    assert_true(fabs(a.item_total[j] - c / sqrt(cov(j, j) * vr)) < 1e-12);
  }
}

static void test_alpha_complete_cases(void **state) {
  (void)state;
  double x[8][3];
  memcpy(x, k_x, sizeof k_x);
  x[7][0] = 5;
  x[7][1] = NAN; /* incomplete: must be left out */
  x[7][2] = 1;
  sv_alpha a, b;
  size_t cols[3] = {0, 1, 2};
  sv_alpha_compute(&a, &x[0][0], 3, cols, 3, 8, NULL);
  sv_alpha_compute(&b, &k_x[0][0], 3, cols, 3, 7, NULL);
  assert_int_equal(a.n, 7);
  assert_true(a.alpha == b.alpha);
}

static void test_wmean(void **state) {
  (void)state;
  const double x[5] = {2.385, 3.1, 4.7, 1.2, 3.3}, w[5] = {1.5, 0.5, 2.0, 1.0, 0.8};
  sv_mean m;
  sv_wmean(&m, x, 1, w, 5, NULL);
  double sw = 0, swx = 0;
  for (int i = 0; i < 5; i++) {
    sw += w[i];
    swx += w[i] * x[i];
  }
  double mean = swx / sw, ss = 0;
  for (int i = 0; i < 5; i++) ss += w[i] * w[i] * (x[i] - mean) * (x[i] - mean);
  double se = sqrt(5.0 / 4.0 * ss / (sw * sw));
  assert_true(fabs(m.mean - mean) < 1e-12);
  assert_true(fabs(m.se - se) < 1e-12);
  /* t(0.975, 4) = 2.776445105 (tables) */
  assert_true(fabs(m.hi - m.mean - 2.776445105 * se) < 1e-8);
  /* equal weights: SE = s / sqrt(n) */
  sv_mean u;
  sv_wmean(&u, x, 1, NULL, 5, NULL);
  double mu = 0, s2 = 0;
  for (int i = 0; i < 5; i++) mu += x[i] / 5;
  for (int i = 0; i < 5; i++) s2 += (x[i] - mu) * (x[i] - mu) / 4;
  assert_true(fabs(u.se - sqrt(s2 / 5)) < 1e-12);
  assert_true(fabs(u.sd - sqrt(s2)) < 1e-12);
}

static void test_ols(void **state) {
  (void)state;
  const double X[6] = {1.3, 2.9, 3.1, 4.8, 5.2, 7.7}, y[6] = {2.1, 3.9, 3.3, 6.2, 5.8, 9.4};
  double beta[2];
  size_t used;
  assert_int_equal(sv_ols(beta, &used, y, X, 1, NULL, 6), 0);
  double mx = 0, my = 0, sxy = 0, sxx = 0;
  for (int i = 0; i < 6; i++) {
    mx += X[i] / 6;
    my += y[i] / 6;
  }
  for (int i = 0; i < 6; i++) {
    sxy += (X[i] - mx) * (y[i] - my);
    sxx += (X[i] - mx) * (X[i] - mx);
  }
  /* Tolerance 1e-10: QR/SVD least squares vs the closed form, well conditioned. */
  assert_true(fabs(beta[1] - sxy / sxx) < 1e-10);
  assert_true(fabs(beta[0] - (my - sxy / sxx * mx)) < 1e-10);
  assert_int_equal(used, 6);
}

static void test_hedges(void **state) {
  (void)state;
  sv_mean a = {0}, b = {0};
  a.mean = 2.9;
  a.sd = 0.8;
  a.n = 40;
  a.se = 0.8 / sqrt(40);
  b.mean = 3.3;
  b.sd = 1.1;
  b.n = 60;
  b.se = 1.1 / sqrt(60);
  double g, lo, hi, p;
  sv_hedges(&g, &lo, &hi, &p, &a, &b);
  double sp = sqrt((39 * 0.64 + 59 * 1.21) / 98);
  double J = 1 - 3.0 / (4 * 100 - 9);
  assert_true(fabs(g - J * 0.4 / sp) < 1e-12);
  assert_true(lo < g && g < hi);
  assert_true(p > 0 && p < 0.05); /* t = 2.12 with ~ 98 df */
}

static void test_hash(void **state) {
  (void)state;
  char h[65];
  sv_hash_id(h, "0123456789abcdef", "uuid-42");
  /* python3: hashlib.sha256(b"0123456789abcdef:uuid-42").hexdigest() */
  assert_string_equal(h, "d8bb45f2319c3e2713ff64f6519ce0d2937ec55b7c77cda4302dd1434935c449");
  char s1[33], s2[33];
  assert_int_equal(sv_new_salt(s1), 0);
  assert_int_equal(sv_new_salt(s2), 0);
  assert_int_equal(strlen(s1), 32);
  assert_string_not_equal(s1, s2);
}

static void test_redact(void **state) {
  (void)state;
  const char *names[] = {"Amra Begic"};
  char *r = sv_redact("Ana Petrovic says the river was clean; call +387 61 123 456 or "
                      "write to ana.p@example.org. Amra agrees, Olovo needs jobs.",
                      names, 1);
  assert_non_null(r);
  assert_null(strstr(r, "Petrovic"));
  assert_null(strstr(r, "123 456"));
  assert_null(strstr(r, "example.org"));
  assert_null(strstr(r, "Amra"));
  assert_non_null(strstr(r, "[name] says the river was clean"));
  assert_non_null(strstr(r, "[phone]"));
  assert_non_null(strstr(r, "[e-mail]"));
  assert_non_null(strstr(r, "Olovo needs jobs")); /* a single capitalised place stays */
  free(r);
  r = sv_redact("Šarić Đorđe was here. Price 12 KM.", NULL, 0);
  assert_non_null(r);
  assert_null(strstr(r, "Šarić"));
  assert_non_null(strstr(r, "12 KM")); /* short numbers are not phones */
  free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_alpha),     cmocka_unit_test(test_alpha_complete_cases),
      cmocka_unit_test(test_wmean),     cmocka_unit_test(test_ols),
      cmocka_unit_test(test_hedges),    cmocka_unit_test(test_hash),
      cmocka_unit_test(test_redact),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
