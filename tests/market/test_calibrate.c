/* test_calibrate.c - exact-discretisation MLE of GBM and log-OU
 * (src/market/calibrate_gbm.c, calibrate_ou.c) and the multi-commodity model
 * (market_model.c).
 *
 * Three kinds of evidence:
 *  - recovery: 2,000 years of synthetic monthly prices drawn with the library's
 *    exact simulator; every estimate must lie within 4 of its own standard errors
 *    of the truth (a correct estimator fails one such check with probability
 *    ~6e-5; a biased one, or a wrong standard error, fails it);
 *  - the standard errors: compared with the inverse of a numerically
 *    differentiated Hessian of a log-likelihood written out here independently;
 *  - the real Pink Sheet series (Zn, Pb, Cu, Ag, 1990-01..2025-10), read from the
 *    CSV directly and fitted independently: plain mean/variance of log returns
 *    (GBM) and gsl_fit_linear of the AR(1) (OU).
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/error.h"
#include "soso/market.h"
#include "soso/store.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "shared_data.h"

#define PINK SOSO_SHARED_DIR "/data/prices/wb_pinksheet_metals_monthly.csv"
static const double DT = 1.0 / 12.0;

/* One synthetic series of n monthly prices from the library's exact simulator. */
static double *synthetic(soso_factor f, size_t n, uint64_t seed) {
  soso_pmodel p;
  memset(&p, 0, sizeof p);
  p.d.n = 1;
  p.d.f[0] = f;
  p.d.corr[0] = 1.0;
  double *x = malloc(n * sizeof *x);
  assert_non_null(x);
  soso_rng rng = soso_rng_make(seed, 1001);
  assert_int_equal(soso_market_pmodel_paths(&p, &rng, 0, 1, n - 1, DT, x), 0);
  return x;
}

static void test_recover_gbm(void **state) {
  (void)state;
  soso_factor f = {.kind = SOSO_PRICE_GBM, .s0 = 2311.7, .mu = 0.0637, .sigma = 0.2291};
  const size_t n = 24001;
  double *x = synthetic(f, n, 0x9b1d3u);
  soso_fit fit;
  assert_int_equal(soso_market_fit_gbm(&fit, x, n, DT), 0);
  assert_int_equal(fit.n, n - 1);
  assert_true(fabs(fit.mu - f.mu) < 4 * fit.se_mu);
  assert_true(fabs(fit.sigma - f.sigma) < 4 * fit.se_sigma);
  /* The standard errors are of the size theory says: sigma/sqrt(T) for mu. */
  assert_true(fabs(fit.se_mu / (f.sigma / sqrt(2000.0)) - 1.0) < 0.05);
  assert_true(fabs(fit.aic - (4.0 - 2.0 * fit.loglik)) < 1e-9);
  free(x);
}

static void test_recover_ou(void **state) {
  (void)state;
  soso_factor f = {.kind = SOSO_PRICE_OU, .s0 = 2904.3, .kappa = 0.8731, .alpha = 7.6142,
                   .sigma = 0.2437};
  const size_t n = 24001;
  double *x = synthetic(f, n, 0x51e7au);
  soso_fit fit;
  assert_int_equal(soso_market_fit_ou(&fit, x, n, DT), 0);
  assert_true(fabs(fit.kappa - f.kappa) < 4 * fit.se_kappa);
  assert_true(fabs(fit.alpha - f.alpha) < 4 * fit.se_alpha);
  assert_true(fabs(fit.sigma - f.sigma) < 4 * fit.se_sigma);
  assert_true(fabs(fit.aic - (6.0 - 2.0 * fit.loglik)) < 1e-9);
  /* Standardised residuals: mean 0, variance 1 (exactly, at the MLE: least squares
   * residuals with an intercept sum to zero and RSS/n = v). */
  double *e = malloc((n - 1) * sizeof *e);
  assert_non_null(e);
  assert_int_equal(soso_market_fit_residuals(e, &fit, x, n), 0);
  double m = gsl_stats_mean(e, 1, n - 1);
  double v = gsl_stats_variance_with_fixed_mean(e, 1, n - 1, 0.0);
  assert_true(fabs(m) < 1e-9);
  assert_true(fabs(v - 1.0) < 1e-9);
  free(e);
  free(x);
}

/* Exact transition log-likelihoods, written out independently of the library. */
static double ll_gbm(const double *x, size_t n, const double th[2]) {
  double mu = th[0], s = th[1], l = 0;
  for (size_t i = 0; i + 1 < n; i++) {
    double r = log(x[i + 1] / x[i]) - (mu - 0.5 * s * s) * DT, var = s * s * DT;
    l += -0.5 * log(2 * M_PI * var) - r * r / (2 * var);
  }
  return l;
}

static double ll_ou(const double *x, size_t n, const double th[3]) {
  double k = th[0], a = th[1], s = th[2], b = exp(-k * DT);
  double var = s * s * (1 - b * b) / (2 * k), l = 0;
  for (size_t i = 0; i + 1 < n; i++) {
    double e = log(x[i + 1]) - a - b * (log(x[i]) - a);
    l += -0.5 * log(2 * M_PI * var) - e * e / (2 * var);
  }
  return l;
}

/* Standard errors from the inverse of the central-difference Hessian of ll. */
static void numeric_se(double (*ll)(const double *, size_t, const double *), const double *x,
                       size_t n, const double *th, int k, double *se) {
  double h[3], H[9], t[3];
  for (int i = 0; i < k; i++) h[i] = 1e-4 * fabs(th[i]);
  for (int i = 0; i < k; i++)
    for (int j = 0; j < k; j++) {
      double f[4];
      for (int q = 0; q < 4; q++) {
        memcpy(t, th, (size_t)k * sizeof *t);
        t[i] += (q & 1 ? -1 : 1) * h[i];
        t[j] += (q & 2 ? -1 : 1) * h[j];
        f[q] = ll(x, n, t);
      }
      H[i * k + j] = -(f[0] - f[1] - f[2] + f[3]) / (4 * h[i] * h[j]);
    }
  gsl_matrix_view m = gsl_matrix_view_array(H, (size_t)k, (size_t)k);
  gsl_matrix *inv = gsl_matrix_alloc((size_t)k, (size_t)k);
  gsl_permutation *p = gsl_permutation_alloc((size_t)k);
  int sg;
  gsl_linalg_LU_decomp(&m.matrix, p, &sg);
  gsl_linalg_LU_invert(&m.matrix, p, inv);
  for (int i = 0; i < k; i++) se[i] = sqrt(gsl_matrix_get(inv, (size_t)i, (size_t)i));
  gsl_matrix_free(inv);
  gsl_permutation_free(p);
}

/* The analytic (delta-method) standard errors equal those of the observed
 * information in the model's own parameters: the Hessian of a reparametrised
 * likelihood at its maximum is J' H J. Central differences with h = 1e-4 |theta|
 * are accurate to O(h^2) ~ 1e-8 relative plus rounding ~ eps |ll| / h^2 ~ 1e-6 of
 * the Hessian; 1e-4 relative leaves room for both. Also: the library's loglik
 * is the likelihood at its estimates. */
static void test_stderr_vs_hessian(void **state) {
  (void)state;
  soso_factor f = {.kind = SOSO_PRICE_OU, .s0 = 1873.9, .kappa = 1.3127, .alpha = 7.4518,
                   .sigma = 0.2763};
  const size_t n = 721;
  double *x = synthetic(f, n, 0xfeedu);
  soso_fit fit;
  double se[3];
  assert_int_equal(soso_market_fit_ou(&fit, x, n, DT), 0);
  const double th[3] = {fit.kappa, fit.alpha, fit.sigma};
  assert_true(fabs(ll_ou(x, n, th) - fit.loglik) < 1e-9 * fabs(fit.loglik));
  numeric_se(ll_ou, x, n, th, 3, se);
  assert_true(fabs(se[0] / fit.se_kappa - 1) < 1e-4);
  assert_true(fabs(se[1] / fit.se_alpha - 1) < 1e-4);
  assert_true(fabs(se[2] / fit.se_sigma - 1) < 1e-4);
  assert_int_equal(soso_market_fit_gbm(&fit, x, n, DT), 0);
  const double tg[2] = {fit.mu, fit.sigma};
  assert_true(fabs(ll_gbm(x, n, tg) - fit.loglik) < 1e-9 * fabs(fit.loglik));
  numeric_se(ll_gbm, x, n, tg, 2, se);
  assert_true(fabs(se[0] / fit.se_mu - 1) < 1e-4);
  assert_true(fabs(se[1] / fit.se_sigma - 1) < 1e-4);
  free(x);
}

/* Reads column `name` of the Pink Sheet CSV for 1990-01..2025-10, directly. */
static size_t read_pink(const char *name, double *out, size_t cap) {
  FILE *f = fopen(PINK, "r");
  assert_non_null(f);
  char line[1024];
  assert_non_null(fgets(line, sizeof line, f));
  int col = -1, c = 0;
  for (char *tok = strtok(line, ",\r\n"); tok; tok = strtok(NULL, ",\r\n"), c++)
    if (strcmp(tok, name) == 0) col = c;
  assert_true(col > 0);
  size_t n = 0;
  while (fgets(line, sizeof line, f)) {
    char *tok = strtok(line, ",\r\n");
    if (strcmp(tok, "1990-01") < 0 || strcmp(tok, "2025-10") > 0) continue;
    for (int k = 0; k < col; k++) tok = strtok(NULL, ",\r\n");
    assert_true(n < cap);
    out[n++] = strtod(tok, NULL);
  }
  fclose(f);
  return n;
}

static int rel_close(double a, double b, double tol) {
  return fabs(a - b) <= tol * fmax(fabs(a), fabs(b));
}

/* The whole pipeline (import -> store -> load -> fit) against an independent
 * computation from the CSV. Both evaluate the same closed forms in double
 * precision with different summation orders, so they agree to rounding: 1e-9
 * relative is ~1e6 ulps of slack and still catches any formula difference. */
static void test_real_series(void **state) {
  (void)state;
  SOSO_NEED_SHARED(PINK);
  char db[256];
  snprintf(db, sizeof db, "%s/test_calibrate_%ld.db", SOSO_BINARY_DIR, (long)getpid());
  unlink(db);
  soso_store *s;
  assert_int_equal(soso_store_open(&s, db), 0);
  assert_int_equal(soso_market_prices_import(s, PINK, NULL), 0);
  const char *names[4] = {"ZINC", "LEAD", "COPPER", "SILVER"};
  static double x[1000], lx[1000], r[1000];
  for (int c = 0; c < 4; c++) {
    size_t n = read_pink(names[c], x, 1000);
    assert_int_equal(n, 430);
    soso_price_series ps;
    assert_int_equal(soso_market_prices_load(&ps, s, names[c], 1990 * 12, 2025 * 12 + 9), 0);
    assert_int_equal(ps.n, n);
    soso_fit g, o;
    assert_int_equal(soso_market_fit_gbm(&g, ps.price, ps.n, DT), 0);
    assert_int_equal(soso_market_fit_ou(&o, ps.price, ps.n, DT), 0);
    soso_market_price_series_clear(&ps);
    /* GBM: mean and (MLE, divisor n) variance of the log returns. */
    size_t m = n - 1;
    for (size_t i = 0; i < n; i++) lx[i] = log(x[i]);
    for (size_t i = 0; i < m; i++) r[i] = lx[i + 1] - lx[i];
    double mean = gsl_stats_mean(r, 1, m);
    double var = gsl_stats_variance_m(r, 1, m, mean) * (double)(m - 1) / (double)m;
    assert_true(rel_close(g.sigma, sqrt(var / DT), 1e-9));
    assert_true(rel_close(g.mu, mean / DT + var / (2 * DT), 1e-9));
    assert_true(rel_close(g.se_sigma, sqrt(var / DT) / sqrt(2.0 * (double)m), 1e-9));
    /* OU: the AR(1) by GSL least squares, mapped to (kappa, alpha, sigma). GSL's
     * covariance uses RSS/(m-2); the MLE's observed information uses RSS/m. */
    double c0, c1, cov00, cov01, cov11, rss;
    gsl_fit_linear(lx, 1, lx + 1, 1, m, &c0, &c1, &cov00, &cov01, &cov11, &rss);
    double kappa = -log(c1) / DT, alpha = c0 / (1 - c1), v = rss / (double)m;
    double sigma = sqrt(v * 2 * kappa / (1 - c1 * c1));
    assert_true(rel_close(o.kappa, kappa, 1e-9));
    assert_true(rel_close(o.alpha, alpha, 1e-9));
    assert_true(rel_close(o.sigma, sigma, 1e-9));
    double se_b = sqrt(cov11 * (double)(m - 2) / (double)m);
    assert_true(rel_close(o.se_kappa, se_b / (c1 * DT), 1e-9));
    assert_true(rel_close(o.loglik, -0.5 * (double)m * (log(2 * M_PI * v) + 1), 1e-9));
  }
  /* Several commodities: GBM innovations are affine in the log returns, so their
   * correlation is the plain correlation of log returns. */
  soso_pmodel pm;
  soso_fit fits[3];
  int win[2];
  const char *three[3] = {"ZINC", "LEAD", "COPPER"};
  assert_int_equal(soso_market_pmodel_ex(&pm, fits, win, s, three, 3, SOSO_PRICE_GBM,
                                         1990 * 12, 2025 * 12 + 9, NULL),
                   0);
  assert_int_equal(win[0], 1990 * 12);
  assert_int_equal(win[1], 2025 * 12 + 9);
  assert_true(pm.d.f[0].s0 == 3152.0); /* ZINC, 2025-10 */
  assert_string_equal(pm.d.f[1].name, "LEAD");
  assert_string_equal(pm.d.f[2].unit, "US$/t");
  static double r2[1000];
  size_t n = read_pink("ZINC", x, 1000);
  for (size_t i = 0; i + 1 < n; i++) r[i] = log(x[i + 1] / x[i]);
  read_pink("LEAD", x, 1000);
  for (size_t i = 0; i + 1 < n; i++) r2[i] = log(x[i + 1] / x[i]);
  double rho = gsl_stats_correlation(r, 1, r2, 1, n - 1);
  assert_true(fabs(pm.d.corr[1] - rho) < 1e-12);
  assert_true(pm.d.corr[1] == pm.d.corr[3] && pm.d.corr[4] == 1.0);
  assert_true(rho > 0.3); /* zinc and lead co-move; a sign or index slip shows here */
  assert_true(fabs(fits[0].sigma - pm.d.f[0].sigma) == 0.0);
  assert_int_equal(soso_market_pmodel(&pm, s, three, 3, SOSO_PRICE_OU, "1990-01", "2025-10"), 0);
  assert_true(pm.d.f[0].kappa > 0 && pm.d.f[0].kind == SOSO_PRICE_OU);
  /* Silver shows no mean reversion over 1990-2025 (kappa < 0): not simulable. */
  const char *ag[2] = {"ZINC", "SILVER"};
  assert_int_equal(soso_market_pmodel(&pm, s, ag, 2, SOSO_PRICE_OU, "1990-01", "2025-10"),
                   SOSO_ENUMERIC);
  assert_non_null(strstr(soso_error_last(), "SILVER"));
  const char *dup[2] = {"ZINC", "ZINC"}, *unk[1] = {"UNOBTAINIUM"};
  assert_int_equal(soso_market_pmodel(&pm, s, dup, 2, SOSO_PRICE_GBM, NULL, NULL), SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel(&pm, s, unk, 1, SOSO_PRICE_GBM, NULL, NULL),
                   SOSO_ENOTFOUND);
  assert_int_equal(soso_market_pmodel(&pm, s, three, 0, SOSO_PRICE_GBM, NULL, NULL),
                   SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel(&pm, s, three, 3, SOSO_PRICE_GBM, "1990-13", NULL),
                   SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel(&pm, s, three, 3, SOSO_PRICE_GBM, NULL, "soon"),
                   SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel(&pm, s, three, 3, (soso_price_kind)9, NULL, NULL),
                   SOSO_EUSAGE);
  assert_int_equal(soso_market_pmodel(&pm, s, three, 3, SOSO_PRICE_GBM, "2025-09", "2025-10"),
                   SOSO_EDATA);
  soso_store_free(s);
  unlink(db);
}

static void test_errors(void **state) {
  (void)state;
  soso_fit f;
  const double ok[5] = {2311.7, 2290.4, 2357.1, 2401.9, 2376.2};
  const double flat[5] = {2311.7, 2311.7, 2311.7, 2311.7, 2311.7};
  const double zigzag[7] = {1000, 3000, 1000, 3000, 1000, 3000, 1000}; /* AR slope < 0 */
  const double neg[4] = {2311.7, -2290.4, 2357.1, 2401.9};
  assert_int_equal(soso_market_fit_gbm(&f, ok, 2, DT), SOSO_EDATA);
  assert_int_equal(soso_market_fit_ou(&f, ok, 3, DT), SOSO_EDATA);
  assert_int_equal(soso_market_fit_gbm(&f, neg, 4, DT), SOSO_EDATA);
  assert_int_equal(soso_market_fit_ou(&f, neg, 4, DT), SOSO_EDATA);
  assert_int_equal(soso_market_fit_gbm(&f, ok, 5, 0.0), SOSO_EUSAGE);
  assert_int_equal(soso_market_fit_ou(&f, ok, 5, -DT), SOSO_EUSAGE);
  assert_int_equal(soso_market_fit_gbm(NULL, ok, 5, DT), SOSO_EUSAGE);
  assert_int_equal(soso_market_fit_ou(&f, NULL, 5, DT), SOSO_EUSAGE);
  assert_int_equal(soso_market_fit_gbm(&f, flat, 5, DT), SOSO_ENUMERIC);
  assert_int_equal(soso_market_fit_ou(&f, flat, 5, DT), SOSO_ENUMERIC);
  assert_int_equal(soso_market_fit_ou(&f, zigzag, 7, DT), SOSO_ENUMERIC);
  assert_int_equal(soso_market_fit_model(&f, (soso_price_kind)5, ok, 5, DT), SOSO_EUSAGE);
  assert_int_equal(soso_market_fit_model(&f, SOSO_PRICE_GBM, ok, 5, DT), 0);
  double e[4];
  assert_int_equal(soso_market_fit_residuals(NULL, &f, ok, 5), SOSO_EUSAGE);
  f.kind = (soso_price_kind)5;
  assert_int_equal(soso_market_fit_residuals(e, &f, ok, 5), SOSO_EUSAGE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_recover_gbm),       cmocka_unit_test(test_recover_ou),
      cmocka_unit_test(test_stderr_vs_hessian), cmocka_unit_test(test_real_series),
      cmocka_unit_test(test_errors),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  return SOSO_TEST_EXIT(rc);
}
