/* test_lsm.c - the least-squares Monte Carlo engine: Longstaff & Schwartz (2001)
 * Table 1, thread-count invariance, the regression bases and the error paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/error.h"
#include "soso/lsm.h"
#include "valuation/lsq_int.h"

#include <math.h>
#include <string.h>

/* cmocka 1.1 has only a float comparison: compare doubles here. */
#define assert_double_equal(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

/* A subset of Table 1 (S, sigma, T, paper LSM) spanning in/at/out of the money,
 * both volatilities and both maturities. */
static const double k_cases[][4] = {{36, 0.2, 1, 4.472}, {40, 0.4, 1, 5.308},
                                    {44, 0.2, 1, 1.118}, {38, 0.4, 2, 7.669},
                                    {42, 0.2, 2, 2.206}};

static soso_lsm_option put(const double *c) {
  soso_lsm_option o = {SOSO_LSM_PUT, c[0], 40.0, 0.06, 0.0, c[1], c[2]};
  return o;
}

/* 20,000 paths (10,000 antithetic pairs) instead of the paper's 100,000 keep the
 * test fast; the standard error grows by sqrt(5) to ~0.013-0.025. Tolerance: the
 * reference notes' rule for a Bermudan LSM price against the paper's LSM column,
 * 3 standard errors of this run + 0.005 (the paper's own Monte Carlo error and
 * rounding to 3 decimals). */
static void check_table(int two_pass, uint64_t seed) {
  soso_lsm *w = NULL;
  assert_int_equal(soso_lsm_new(&w, 20000, 100), 0);
  soso_lsm_opts o = SOSO_LSM_OPTS_INIT;
  o.n_paths = 20000;
  o.two_pass = two_pass;
  o.seed = seed;
  o.n_threads = 1; /* ctest runs tests side by side: no OpenMP barrier spinning */
  for (size_t c = 0; c < sizeof k_cases / sizeof k_cases[0]; c++) {
    soso_lsm_option opt = put(k_cases[c]);
    soso_lsm_result r;
    assert_int_equal(soso_lsm_price(w, &opt, &o, &r), 0);
    assert_true(r.se > 0.004 && r.se < 0.04);
    assert_int_equal(r.n_dates, (size_t)(50 * k_cases[c][2]));
    assert_int_equal(r.exercise_now, 0);
    double tol = 3.0 * r.se + 0.005;
    if (fabs(r.value - k_cases[c][3]) > tol)
      fail_msg("S=%g sigma=%g T=%g: %.4f (se %.4f) vs paper %.3f", k_cases[c][0],
               k_cases[c][1], k_cases[c][2], r.value, r.se, k_cases[c][3]);
  }
  soso_lsm_free(w);
}

/* The pricing pass of two_pass without antithetic pairs (the streamed pass's other
 * branch): the paper's rule (3 se + 0.005) on two cases with 20,000 independent
 * paths, and bit-identical values with 1 and 2 threads. */
static void test_two_pass_plain(void **state) {
  (void)state;
  soso_lsm *w = NULL;
  assert_int_equal(soso_lsm_new(&w, 20000, 100), 0);
  soso_lsm_opts o = SOSO_LSM_OPTS_INIT;
  o.n_paths = 20000;
  o.two_pass = 1;
  o.antithetic = 0;
  o.seed = 2385;
  for (size_t c = 0; c < 4; c += 3) {
    soso_lsm_option opt = put(k_cases[c]);
    soso_lsm_result r1, r2;
    o.n_threads = 1;
    assert_int_equal(soso_lsm_price(w, &opt, &o, &r1), 0);
    o.n_threads = 2;
    assert_int_equal(soso_lsm_price(w, &opt, &o, &r2), 0);
    assert_true(r1.value == r2.value && r1.se == r2.se);
    if (fabs(r1.value - k_cases[c][3]) > 3.0 * r1.se + 0.005)
      fail_msg("S=%g: %.4f (se %.4f) vs paper %.3f", k_cases[c][0], r1.value, r1.se,
               k_cases[c][3]);
  }
  soso_lsm_free(w);
}

static void test_table1_one_pass(void **state) {
  (void)state;
  check_table(0, 0x5eed2001u);
}

static void test_table1_two_pass(void **state) {
  (void)state;
  check_table(1, 0x7a3c91u);
}

/* Bit-for-bit equal results with 1 and 2 threads, and an odd path count that
 * leaves a partial last block. */
static void test_threads_invariant(void **state) {
  (void)state;
  soso_lsm *w = NULL;
  assert_int_equal(soso_lsm_new(&w, 9000, 60), 0);
  soso_lsm_option opt = put(k_cases[1]);
  for (int two = 0; two < 2; two++) {
    soso_lsm_opts o = SOSO_LSM_OPTS_INIT;
    o.n_paths = 8998; /* 17 full blocks and a partial one */
    o.two_pass = two;
    o.seed = 918273;
    soso_lsm_result a, b;
    o.n_threads = 1;
    assert_int_equal(soso_lsm_price(w, &opt, &o, &a), 0);
    o.n_threads = 2;
    assert_int_equal(soso_lsm_price(w, &opt, &o, &b), 0);
    assert_memory_equal(&a.value, &b.value, sizeof a.value);
    assert_memory_equal(&a.se, &b.se, sizeof a.se);
    o.seed = 918274; /* a different seed gives a different estimate */
    assert_int_equal(soso_lsm_price(w, &opt, &o, &b), 0);
    assert_true(a.value != b.value);
  }
  soso_lsm_free(w);
}

/* A deep in-the-money put is exercised at once: value = intrinsic, se 0; a call
 * without dividends is never exercised early, so LSM gives the European price
 * (Black-Scholes 7.1559 for S=K=40, r=0.06, sigma=0.3, T=1; tolerance 3 se). */
static void test_exercise_now_and_call(void **state) {
  (void)state;
  soso_lsm *w = NULL;
  assert_int_equal(soso_lsm_new(&w, 20000, 50), 0);
  soso_lsm_opts o = SOSO_LSM_OPTS_INIT;
  o.n_paths = 20000;
  o.n_threads = 1;
  soso_lsm_option deep = {SOSO_LSM_PUT, 12.5, 40.0, 0.06, 0.0, 0.2, 1.0};
  soso_lsm_result r;
  assert_int_equal(soso_lsm_price(w, &deep, &o, &r), 0);
  assert_int_equal(r.exercise_now, 1);
  assert_true(r.value == 27.5 && r.se == 0.0);
  soso_lsm_option call = {SOSO_LSM_CALL, 40.0, 40.0, 0.06, 0.0, 0.3, 1.0};
  assert_int_equal(soso_lsm_price(w, &call, &o, &r), 0);
  double d1 = (log(1.0) + (0.06 + 0.045)) / 0.3, d2 = d1 - 0.3;
  double bs = 40.0 * 0.5 * erfc(-d1 / sqrt(2.0)) - 40.0 * exp(-0.06) * 0.5 * erfc(-d2 / sqrt(2.0));
  assert_true(fabs(r.value - bs) < 3.0 * r.se);
  soso_lsm_free(w);
}

static void test_bad_input(void **state) {
  (void)state;
  soso_lsm *w = NULL;
  assert_int_equal(soso_lsm_new(&w, 0, 10), SOSO_EUSAGE);
  assert_null(w);
  assert_int_equal(soso_lsm_new(&w, 1000, 50), 0);
  soso_lsm_opts o = SOSO_LSM_OPTS_INIT;
  o.n_paths = 1000;
  soso_lsm_result r;
  soso_lsm_option opt = put(k_cases[0]);
  opt.sigma = -0.2;
  assert_int_equal(soso_lsm_price(w, &opt, &o, &r), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "volatility"));
  opt = put(k_cases[0]);
  opt.maturity = 2.0; /* 100 dates > 50 */
  assert_int_equal(soso_lsm_price(w, &opt, &o, &r), SOSO_EUSAGE);
  opt.maturity = 1.0;
  o.n_paths = 999; /* odd with antithetics */
  assert_int_equal(soso_lsm_price(w, &opt, &o, &r), SOSO_EUSAGE);
  o.n_paths = 2000; /* more than the workspace */
  assert_int_equal(soso_lsm_price(w, &opt, &o, &r), SOSO_EUSAGE);
  o.n_paths = 1000;
  o.n_laguerre = 7;
  assert_int_equal(soso_lsm_price(w, &opt, &o, &r), SOSO_EUSAGE);
  o.n_laguerre = 3;
  /* A call 1e5 times in the money: exp(-x/2) underflows to 0 on every path, a
   * basis function vanishes, and the regression is singular. */
  soso_lsm_option far = {SOSO_LSM_CALL, 1e5, 1.0, 0.06, 0.0, 0.2, 1.0};
  assert_int_equal(soso_lsm_price(w, &far, &o, &r), SOSO_ENUMERIC);
  assert_non_null(strstr(soso_error_last(), "regression singular"));
  soso_lsm_free(w);
  soso_lsm_free(NULL);
}

static void test_bases(void **state) {
  (void)state;
  double out[8];
  double x = 0.7315;
  assert_int_equal(soso_lsm_basis_laguerre(x, 4, out), 5);
  double wgt = exp(-x / 2);
  assert_double_equal(out[0], 1.0, 0);
  assert_double_equal(out[1], wgt, 1e-15);
  assert_double_equal(out[2], wgt * (1 - x), 1e-15);
  assert_double_equal(out[3], wgt * (1 - 2 * x + x * x / 2), 1e-15);
  assert_double_equal(out[4], wgt * (1 - 3 * x + 1.5 * x * x - x * x * x / 6), 1e-15);
  soso_lsm_poly_basis b;
  assert_int_equal(soso_lsm_poly_basis_init(&b, 2, 3), 0);
  assert_int_equal(b.n, 10); /* 1, a, b, a^2, ab, b^2, a^3, a^2b, ab^2, b^3 */
  double v[2] = {1.37, -0.59}, t[16];
  soso_lsm_poly_basis_eval(&b, v, t);
  double want[10] = {1, 1.37, -0.59, 1.37 * 1.37, 1.37 * -0.59, 0.59 * 0.59,
                     1.37 * 1.37 * 1.37, 1.37 * 1.37 * -0.59, 1.37 * 0.59 * 0.59,
                     -0.59 * 0.59 * 0.59};
  for (int i = 0; i < 10; i++) assert_double_equal(t[i], want[i], 1e-14);
  assert_int_equal(soso_lsm_poly_basis_init(&b, 3, 2), 0);
  assert_int_equal(b.n, 10);
  assert_int_equal(soso_lsm_poly_basis_init(&b, 8, 4), SOSO_EUSAGE); /* 495 terms */
  assert_int_equal(soso_lsm_poly_basis_init(&b, 0, 2), SOSO_EUSAGE);
}

/* The least-squares core: an exact fit, a rank-deficient system solved in the
 * minimum-norm sense, and a vanishing column reported as singular. */
static void test_lsq(void **state) {
  (void)state;
  lsq w;
  assert_int_equal(lsq_init(&w, 3), 0);
  /* y = 0.3 - 1.7 x + 2.9 x^2 on 7 points */
  double xtx[9] = {0}, xty[3] = {0};
  for (int i = 0; i < 7; i++) {
    double x = -1.1 + 0.37 * i, f[3] = {1, x, x * x}, y = 0.3 - 1.7 * x + 2.9 * x * x;
    for (int a = 0; a < 3; a++) {
      for (int c = 0; c < 3; c++) xtx[a * 3 + c] += f[a] * f[c];
      xty[a] += f[a] * y;
    }
  }
  size_t rank = 0;
  assert_int_equal(lsq_solve(&w, xtx, 3, xty, 1, 3, &rank), 0);
  assert_int_equal(rank, 3);
  assert_double_equal(xty[0], 0.3, 1e-10);
  assert_double_equal(xty[1], -1.7, 1e-10);
  assert_double_equal(xty[2], 2.9, 1e-10);
  /* Columns 2 and 3 identical: rank 2; the fitted values are still exact. */
  double a2[9] = {0}, b2[3] = {0};
  for (int i = 0; i < 5; i++) {
    double x = 0.25 * i, f[3] = {1, x, x}, y = 1.5 + 0.8 * x;
    for (int a = 0; a < 3; a++) {
      for (int c = 0; c < 3; c++) a2[a * 3 + c] += f[a] * f[c];
      b2[a] += f[a] * y;
    }
  }
  assert_int_equal(lsq_solve(&w, a2, 3, b2, 1, 1, &rank), 0);
  assert_int_equal(rank, 2);
  assert_double_equal(b2[0], 1.5, 1e-10);
  assert_double_equal(b2[1] + b2[2], 0.8, 1e-10);
  assert_double_equal(b2[1], b2[2], 1e-10); /* minimum norm splits evenly */
  double b3[3] = {0};
  for (int i = 0; i < 5; i++) { /* same design, asking for full rank */
    double x = 0.25 * i;
    b3[0] += 1.5 + 0.8 * x;
    b3[1] += x * (1.5 + 0.8 * x);
    b3[2] = b3[1];
  }
  assert_int_equal(lsq_solve(&w, a2, 3, b3, 1, 3, &rank), SOSO_ENUMERIC);
  double zero[9] = {4, 0, 0, 0, 0, 0, 0, 0, 1};
  double b4[3] = {1, 0, 1};
  assert_int_equal(lsq_solve(&w, zero, 3, b4, 1, 1, &rank), SOSO_ENUMERIC);
  assert_int_equal(lsq_solve(&w, zero, 2, b4, 1, 1, &rank), SOSO_EUSAGE);
  lsq_free(&w);
  lsq_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table1_one_pass), cmocka_unit_test(test_table1_two_pass),
      cmocka_unit_test(test_two_pass_plain),
      cmocka_unit_test(test_threads_invariant), cmocka_unit_test(test_exercise_now_and_call),
      cmocka_unit_test(test_bad_input), cmocka_unit_test(test_bases),
      cmocka_unit_test(test_lsq)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
