/* test_paths.c - correlated path simulation and the P -> Q bridge (src/market/paths.c,
 * qmodel.c).
 *
 * Monte Carlo checks use |estimate - exact| < 4 standard errors of the estimate
 * (the sample standard deviation over sqrt(N)): a correct simulator fails such a
 * check with probability about 6e-5, a wrong drift or variance by more than a few
 * SE fails it almost surely. Seeds are fixed, so each run is reproducible.
 */
#include "soso/error.h"
#include "soso/market.h"

#include <math.h>
#include <omp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* cmocka 1.1 has no assert_double_equal. */
#define assert_near(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static soso_factor gbm(const char *name, double s0, double mu, double sigma) {
  soso_factor f;
  memset(&f, 0, sizeof f);
  strcpy(f.name, name);
  f.kind = SOSO_PRICE_GBM;
  f.s0 = s0;
  f.mu = mu;
  f.sigma = sigma;
  return f;
}

static soso_factor ou(const char *name, double s0, double kappa, double alpha, double sigma) {
  soso_factor f;
  memset(&f, 0, sizeof f);
  strcpy(f.name, name);
  f.kind = SOSO_PRICE_OU;
  f.s0 = s0;
  f.kappa = kappa;
  f.alpha = alpha;
  f.sigma = sigma;
  return f;
}

/* Three factors: GBM, OU, OU, with a high-entropy correlation matrix. */
static soso_pmodel three(void) {
  soso_pmodel p;
  memset(&p, 0, sizeof p);
  p.d.n = 3;
  p.d.f[0] = gbm("COPPER", 8734.21, 0.0583, 0.2217);
  p.d.f[1] = ou("ZINC", 2611.7, 0.8173, 7.7341, 0.2561);
  p.d.f[2] = ou("SILVER", 23.917, 0.3119, 2.9134, 0.3042);
  const double c[9] = {1, 0.6372, 0.4116, 0.6372, 1, 0.3381, 0.4116, 0.3381, 1};
  memcpy(p.d.corr, c, sizeof c);
  return p;
}

/* Mean and standard error of v[k * stride] for k < n. */
static void mean_se(const double *v, size_t n, size_t stride, double *mean, double *se) {
  double s = 0, s2 = 0;
  for (size_t k = 0; k < n; k++) s += v[k * stride];
  double m = s / (double)n;
  for (size_t k = 0; k < n; k++) s2 += (v[k * stride] - m) * (v[k * stride] - m);
  *mean = m;
  *se = sqrt(s2 / (double)(n - 1) / (double)n);
}

/* Under Q a GBM's mean is s0 exp((r - delta) t); under P it is s0 exp(mu t). */
static void test_gbm_q_mean(void **state) {
  (void)state;
  soso_pmodel p;
  memset(&p, 0, sizeof p);
  p.d.n = 1;
  p.d.f[0] = gbm("ZINC", 2137.4, 0.0731, 0.2713);
  p.d.corr[0] = 1;
  const double r = 0.0412, delta = 0.0157, T = 2.0;
  soso_qmodel q;
  assert_int_equal(soso_market_qmodel_from_pmodel(&q, &p, r, &delta, NULL), 0);
  assert_near(q.d.f[0].mu, r - delta, 1e-15);
  assert_near(q.r, r, 0);
  const size_t N = 40000, steps = 24;
  double *out = malloc(N * (steps + 1) * sizeof *out);
  assert_non_null(out);
  soso_rng rng = soso_rng_make(0x5eed2137u, SOSO_STREAM_PRICES);
  double m, se;
  assert_int_equal(soso_market_qmodel_paths(&q, &rng, 0, N, steps, T / 24, out), 0);
  mean_se(out + steps, N, steps + 1, &m, &se);
  assert_true(fabs(m - 2137.4 * exp((r - delta) * T)) < 4 * se);
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, N, steps, T / 24, out), 0);
  mean_se(out + steps, N, steps + 1, &m, &se);
  assert_true(fabs(m - 2137.4 * exp(0.0731 * T)) < 4 * se);
  /* The two measures give visibly different answers here (mu - r + delta = 0.0476
   * over 2 years, ~40 SE), so the checks above cannot both pass by accident. */
  assert_true(fabs(2137.4 * exp(0.0731 * T) - 2137.4 * exp((r - delta) * T)) > 20 * se);
  free(out);
}

/* Under Q the OU level is alpha - lambda/kappa: ln S(T) has mean
 * a* + (x0 - a*) e^{-kT} and variance sigma^2 (1 - e^{-2kT}) / (2k). */
static void test_ou_q_moments(void **state) {
  (void)state;
  soso_pmodel p;
  memset(&p, 0, sizeof p);
  p.d.n = 1;
  const double k = 0.9137, alpha = 7.6219, sigma = 0.2489, s0 = 3152.0, lambda = 0.1379;
  p.d.f[0] = ou("ZINC", s0, k, alpha, sigma);
  p.d.corr[0] = 1;
  soso_qmodel q;
  assert_int_equal(soso_market_qmodel_from_pmodel(&q, &p, 0.035, NULL, &lambda), 0);
  double astar = alpha - lambda / k;
  assert_near(q.d.f[0].alpha, astar, 1e-15);
  const size_t N = 40000, steps = 36;
  const double dt = 1.0 / 12, T = 3.0;
  double *out = malloc(N * (steps + 1) * sizeof *out), *lx = malloc(N * sizeof *lx);
  assert_non_null(out);
  assert_non_null(lx);
  soso_rng rng = soso_rng_make(914723u, SOSO_STREAM_PRICES);
  assert_int_equal(soso_market_qmodel_paths(&q, &rng, 0, N, steps, dt, out), 0);
  for (size_t i = 0; i < N; i++) lx[i] = log(out[i * (steps + 1) + steps]);
  double m, se;
  mean_se(lx, N, 1, &m, &se);
  double em = astar + (log(s0) - astar) * exp(-k * T);
  assert_true(fabs(m - em) < 4 * se);
  /* Sample variance: its SE is about var * sqrt(2/(N-1)) for a normal sample. */
  double v = se * se * (double)N, ev = sigma * sigma * -expm1(-2 * k * T) / (2 * k);
  assert_true(fabs(v - ev) < 4 * ev * sqrt(2.0 / (double)(N - 1)));
  free(out);
  free(lx);
}

/* One-step log increments have the exact covariance of the header comment:
 * corr(e_i, e_j) = rho sigma_i sigma_j I(k_i + k_j) / sqrt(var_i var_j). */
static void test_correlation(void **state) {
  (void)state;
  soso_pmodel p = three();
  const size_t N = 50000;
  const double dt = 0.75; /* a long step makes the OU correction visible */
  double *out = malloc(N * 2 * 3 * sizeof *out);
  assert_non_null(out);
  soso_rng rng = soso_rng_make(77031u, SOSO_STREAM_PRICES);
  int rc0 = soso_market_pmodel_paths(&p, &rng, 0, N, 1, dt, out);
  if (rc0) print_error("%s\n", soso_error_last());
  assert_int_equal(rc0, 0);
  double k[3] = {0, p.d.f[1].kappa, p.d.f[2].kappa};
  for (int i = 0; i < 3; i++)
    for (int j = i + 1; j < 3; j++) {
      double si = 0, sj = 0, sii = 0, sjj = 0, sij = 0;
      for (size_t q = 0; q < N; q++) {
        double a = log(out[q * 6 + 3 + (size_t)i]), b = log(out[q * 6 + 3 + (size_t)j]);
        si += a; sj += b; sii += a * a; sjj += b * b; sij += a * b;
      }
      double n = (double)N, ci = sii / n - si * si / n / n, cj = sjj / n - sj * sj / n / n;
      double rho_hat = (sij / n - si * sj / n / n) / sqrt(ci * cj);
      double I = (k[i] + k[j]) > 0 ? -expm1(-(k[i] + k[j]) * dt) / (k[i] + k[j]) : dt;
      double Ii = k[i] > 0 ? -expm1(-2 * k[i] * dt) / (2 * k[i]) : dt;
      double Ij = k[j] > 0 ? -expm1(-2 * k[j] * dt) / (2 * k[j]) : dt;
      double rho = p.d.corr[i * 3 + j] * I / sqrt(Ii * Ij);
      /* SE of a sample correlation: (1 - rho^2) / sqrt(N). */
      assert_true(fabs(rho_hat - rho) < 4 * (1 - rho * rho) / sqrt(n));
    }
  free(out);
}

/* Bit-for-bit the same with 1 and 2 threads, for any offset and step count. */
static void test_threads_identical(void **state) {
  (void)state;
  soso_pmodel p = three();
  soso_qmodel q;
  const double lambda[3] = {0, 0.071, -0.043}, delta[3] = {0.012, 0, 0};
  assert_int_equal(soso_market_qmodel_from_pmodel(&q, &p, 0.031, delta, lambda), 0);
  const size_t N = 1003, steps = 60, row = (steps + 1) * 3;
  double *a = malloc(N * row * sizeof *a), *b = malloc(N * row * sizeof *b);
  assert_non_null(a);
  assert_non_null(b);
  soso_rng rng = soso_rng_make(20251126u, SOSO_STREAM_PRICES);
  omp_set_num_threads(1);
  assert_int_equal(soso_market_pmodel_paths_mt(&p, &rng, 0, N, steps, 1.0 / 12, a, 0), 0);
  omp_set_num_threads(2);
  assert_int_equal(soso_market_pmodel_paths_mt(&p, &rng, 0, N, steps, 1.0 / 12, b, 0), 0);
  assert_memory_equal(a, b, N * row * sizeof *a);
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, N, steps, 1.0 / 12, b), 0);
  assert_memory_equal(a, b, N * row * sizeof *a);
  assert_int_equal(soso_market_qmodel_paths_mt(&q, &rng, 0, N, steps, 1.0 / 12, a, 2), 0);
  assert_int_equal(soso_market_qmodel_paths(&q, &rng, 0, N, steps, 1.0 / 12, b), 0);
  assert_memory_equal(a, b, N * row * sizeof *a);
  /* Paths 517.. drawn alone are the same as inside the whole block. */
  assert_int_equal(soso_market_qmodel_paths(&q, &rng, 517, 9, steps, 1.0 / 12, b), 0);
  assert_memory_equal(a + 517 * row, b, 9 * row * sizeof *a);
  /* The first 12 steps do not depend on how many steps follow. */
  assert_int_equal(soso_market_qmodel_paths(&q, &rng, 0, 5, 12, 1.0 / 12, b), 0);
  for (size_t k = 0; k < 5; k++) assert_memory_equal(a + k * row, b + k * 13 * 3, 13 * 3 * sizeof *a);
  /* Another seed, other paths. */
  soso_rng other = soso_rng_make(20251127u, SOSO_STREAM_PRICES);
  assert_int_equal(soso_market_qmodel_paths(&q, &other, 0, 1, steps, 1.0 / 12, b), 0);
  assert_true(memcmp(a, b, row * sizeof *a) != 0);
  omp_set_num_threads(omp_get_num_procs());
  free(a);
  free(b);
}

static void test_errors(void **state) {
  (void)state;
  soso_rng rng = soso_rng_make(1, SOSO_STREAM_PRICES);
  double out[3 * 3 * 2];
  soso_pmodel p = three();
  soso_qmodel q;
  assert_int_equal(soso_market_pmodel_paths(NULL, &rng, 0, 1, 1, 0.1, out), SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel_paths(&p, NULL, 0, 1, 1, 0.1, out), SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.1, NULL), SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.0, out), SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, NAN, out), SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, SIZE_MAX / 4, 0.1, out), SOSO_EUSAGE);
  p.d.n = 0;
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.1, out), SOSO_EUSAGE);
  p = three();
  p.d.f[1].kind = (soso_price_kind)7;
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.1, out), SOSO_EUSAGE);
  p = three();
  p.d.f[1].kappa = 0;
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.1, out), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "ZINC"));
  p = three();
  p.d.f[2].s0 = -1.5;
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.1, out), SOSO_EDATA);
  p = three();
  p.d.f[0].sigma = -0.2;
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.1, out), SOSO_EDATA);
  p = three();
  p.d.corr[1] = 0.5; /* not symmetric */
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.1, out), SOSO_EDATA);
  p = three();
  p.d.corr[4] = 0.98; /* diagonal */
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.1, out), SOSO_EDATA);
  p = three();
  /* |rho| <= 1 each, but not positive definite. */
  const double bad[9] = {1, 0.95, -0.95, 0.95, 1, 0.95, -0.95, 0.95, 1};
  memcpy(p.d.corr, bad, sizeof bad);
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, 1, 0.1, out), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "positive definite"));
  assert_int_equal(soso_market_qmodel_from_pmodel(&q, &p, 0.03, NULL, NULL), SOSO_EDATA);
  p = three();
  assert_int_equal(soso_market_qmodel_from_pmodel(&q, &p, NAN, NULL, NULL), SOSO_EUSAGE);
  const double dnan[3] = {0, NAN, 0};
  assert_int_equal(soso_market_qmodel_from_pmodel(&q, &p, 0.03, dnan, NULL), SOSO_EUSAGE);
  assert_int_equal(soso_market_qmodel_from_pmodel(NULL, &p, 0.03, NULL, NULL), SOSO_EUSAGE);
  /* Zero paths is a valid no-op, and a zero-volatility factor is deterministic. */
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 0, 10, 0.1, NULL), 0);
  p.d.f[0].sigma = 0;
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 2, 2, 0.5, out), 0);
  assert_near(out[3], 8734.21 * exp(0.0583 * 0.5), 1e-9);
  assert_near(out[6 + 9], 8734.21 * exp(0.0583 * 1.0), 1e-9);
}

/* The public Cholesky: L L' reproduces the matrix to rounding (entries <= 1, so
 * a few ulps: 1e-15), L is lower triangular; bad matrices are refused, not aborted. */
static void test_cholesky(void **state) {
  (void)state;
  soso_pmodel p = three();
  double l[9];
  assert_int_equal(soso_market_cholesky(l, p.d.corr, 3), 0);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      double s = 0;
      for (int k = 0; k < 3; k++) s += l[i * 3 + k] * l[j * 3 + k];
      assert_near(s, p.d.corr[i * 3 + j], 1e-15);
      if (j > i) assert_true(l[i * 3 + j] == 0.0);
    }
  const double bad[9] = {1, 0.95, -0.95, 0.95, 1, 0.95, -0.95, 0.95, 1};
  assert_int_equal(soso_market_cholesky(l, bad, 3), SOSO_EDATA);
  const double asym[4] = {1, 0.3, 0.2, 1};
  assert_int_equal(soso_market_cholesky(l, asym, 2), SOSO_EDATA);
  assert_int_equal(soso_market_cholesky(l, bad, 0), SOSO_EUSAGE);
  assert_int_equal(soso_market_cholesky(NULL, bad, 3), SOSO_EUSAGE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gbm_q_mean),      cmocka_unit_test(test_ou_q_moments),
      cmocka_unit_test(test_correlation),     cmocka_unit_test(test_threads_identical),
      cmocka_unit_test(test_errors),          cmocka_unit_test(test_cholesky),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
