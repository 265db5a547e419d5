/* stats.c - the survey statistics: weighted means, Cronbach's alpha with the Feldt
 * interval, item-total correlations, weighted least squares, Hedges' g.
 *
 * Weighted mean: m = sum w x / sum w; its variance by linearisation (the ratio
 * estimator of a with-replacement design, Cochran 1977 s. 6.4),
 *   var(m) = n / (n - 1) * sum w^2 (x - m)^2 / (sum w)^2,
 * which reduces to s^2 / n when all weights are equal; the interval uses Student's
 * t with n - 1 degrees of freedom. Kish's effective sample size (sum w)^2 / sum w^2.
 * Alpha = k/(k-1) (1 - sum item variances / variance of the total) on complete cases
 * (reference README section 6); Feldt (1965): (1 - alpha) / (1 - alpha_hat) follows
 * F(n - 1, (n - 1)(k - 1)), so the 95 % interval is
 *   [1 - (1 - a) F_0.975, 1 - (1 - a) F_0.025].
 * Hedges' g: the standardised mean difference with the small-sample factor
 * J = 1 - 3 / (4 (n1 + n2) - 9) and SE sqrt((n1+n2)/(n1 n2) + g^2 / (2 (n1+n2)))
 * (Hedges & Olkin 1985); the p value is Welch's t test.
 */
#include "soso/error.h"
#include "survey/survey_int.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void sv_wmean(sv_mean *o, const double *x, size_t stride, const double *w, size_t n,
              const unsigned char *sel) {
  double sw = 0, swx = 0, sw2 = 0, cnt = 0;
  for (size_t i = 0; i < n; i++) {
    double v = x[i * stride];
    if ((sel && !sel[i]) || !isfinite(v)) continue;
    double wi = w ? w[i] : 1.0;
    sw += wi;
    swx += wi * v;
    sw2 += wi * wi;
    cnt += 1;
  }
  o->n = cnt;
  o->mean = o->se = o->lo = o->hi = o->sd = NAN;
  o->neff = sw2 > 0 ? sw * sw / sw2 : 0;
  if (cnt < 1) return;
  o->mean = swx / sw;
  if (cnt < 2) return;
  double ss = 0, ssd = 0;
  for (size_t i = 0; i < n; i++) {
    double v = x[i * stride];
    if ((sel && !sel[i]) || !isfinite(v)) continue;
    double wi = w ? w[i] : 1.0;
    ss += wi * wi * (v - o->mean) * (v - o->mean);
    ssd += wi * (v - o->mean) * (v - o->mean);
  }
  o->se = sqrt(cnt / (cnt - 1) * ss / (sw * sw));
  o->sd = sqrt(ssd / sw * cnt / (cnt - 1));
  double t = gsl_cdf_tdist_Pinv(0.975, cnt - 1);
  o->lo = o->mean - t * o->se;
  o->hi = o->mean + t * o->se;
}

static double var_of(const double *v, size_t n) {
  double m = 0, s = 0;
  for (size_t i = 0; i < n; i++) m += v[i];
  m /= (double)n;
  for (size_t i = 0; i < n; i++) s += (v[i] - m) * (v[i] - m);
  return s / (double)(n - 1);
}

static double corr(const double *a, const double *b, size_t n) {
  double ma = 0, mb = 0;
  for (size_t i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= (double)n;
  mb /= (double)n;
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : NAN;
}

/* Alpha of the columns in `use` (k_use of them) of the complete-case matrix m
 * (n rows, k columns, column-major). */
static double alpha_of(const double *m, size_t n, size_t k, const unsigned char *use,
                       double *tot) {
  size_t ku = 0;
  double sv = 0;
  for (size_t j = 0; j < k; j++)
    if (use[j]) {
      ku++;
      sv += var_of(m + j * n, n);
    }
  if (ku < 2) return NAN;
  for (size_t i = 0; i < n; i++) {
    tot[i] = 0;
    for (size_t j = 0; j < k; j++)
      if (use[j]) tot[i] += m[j * n + i];
  }
  double vt = var_of(tot, n);
  if (!(vt > 0)) return NAN;
  return (double)ku / (double)(ku - 1) * (1.0 - sv / vt);
}

void sv_alpha_compute(sv_alpha *o, const double *x, size_t stride, const size_t *cols,
                      size_t k, size_t n, const unsigned char *sel) {
  memset(o, 0, sizeof *o);
  o->alpha = o->lo = o->hi = NAN;
  o->k = k;
  for (size_t j = 0; j < 32; j++) o->item_total[j] = o->if_deleted[j] = NAN;
  if (k < 2 || k > 32) return;
  size_t nc = 0;
  for (size_t i = 0; i < n; i++) {
    if (sel && !sel[i]) continue;
    int ok = 1;
    for (size_t j = 0; j < k; j++) ok &= isfinite(x[i * stride + cols[j]]);
    nc += (size_t)ok;
  }
  o->n = nc;
  if (nc < 3) return;
  double *m = malloc(nc * k * sizeof *m), *tot = malloc(nc * sizeof *tot),
         *rest = malloc(nc * sizeof *rest);
  if (!m || !tot || !rest) {
    free(m);
    free(tot);
    free(rest);
    return;
  }
  size_t r = 0;
  for (size_t i = 0; i < n; i++) {
    if (sel && !sel[i]) continue;
    int ok = 1;
    for (size_t j = 0; j < k; j++) ok &= isfinite(x[i * stride + cols[j]]);
    if (!ok) continue;
    for (size_t j = 0; j < k; j++) m[j * nc + r] = x[i * stride + cols[j]];
    r++;
  }
  unsigned char use[32];
  memset(use, 1, sizeof use);
  o->alpha = alpha_of(m, nc, k, use, tot);
  if (isfinite(o->alpha)) {
    double d1 = (double)nc - 1, d2 = ((double)nc - 1) * ((double)k - 1);
    o->lo = 1.0 - (1.0 - o->alpha) * gsl_cdf_fdist_Pinv(0.975, d1, d2);
    o->hi = 1.0 - (1.0 - o->alpha) * gsl_cdf_fdist_Pinv(0.025, d1, d2);
  }
  for (size_t j = 0; j < k; j++) {
    for (size_t i = 0; i < nc; i++) {
      rest[i] = 0;
      for (size_t l = 0; l < k; l++)
        if (l != j) rest[i] += m[l * nc + i];
    }
    o->item_total[j] = corr(m + j * nc, rest, nc);
    use[j] = 0;
    o->if_deleted[j] = alpha_of(m, nc, k, use, tot);
    use[j] = 1;
  }
  free(m);
  free(tot);
  free(rest);
}

int sv_ols(double *beta, size_t *n_used, const double *y, const double *X, size_t p,
           const double *w, size_t n) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    int ok = isfinite(y[i]) && (!w || w[i] > 0);
    for (size_t j = 0; j < p; j++) ok &= isfinite(X[i * p + j]);
    m += (size_t)ok;
  }
  *n_used = m;
  for (size_t j = 0; j <= p; j++) beta[j] = NAN;
  if (m < p + 2) return soso_error_set(SOSO_ENUMERIC, "path model: %zu complete cases", m);
  gsl_matrix *A = gsl_matrix_alloc(m, p + 1), *cov = gsl_matrix_alloc(p + 1, p + 1);
  gsl_vector *Y = gsl_vector_alloc(m), *W = gsl_vector_alloc(m), *B = gsl_vector_alloc(p + 1);
  gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(m, p + 1);
  int rc = SOSO_OK;
  if (!A || !cov || !Y || !W || !B || !ws) {
    rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    goto done;
  }
  size_t r = 0;
  for (size_t i = 0; i < n; i++) {
    int ok = isfinite(y[i]) && (!w || w[i] > 0);
    for (size_t j = 0; j < p; j++) ok &= isfinite(X[i * p + j]);
    if (!ok) continue;
    gsl_matrix_set(A, r, 0, 1.0);
    for (size_t j = 0; j < p; j++) gsl_matrix_set(A, r, j + 1, X[i * p + j]);
    gsl_vector_set(Y, r, y[i]);
    gsl_vector_set(W, r, w ? w[i] : 1.0);
    r++;
  }
  double chisq = 0;
  gsl_error_handler_t *old = gsl_set_error_handler_off();
  int g = gsl_multifit_wlinear(A, W, Y, B, cov, &chisq, ws);
  gsl_set_error_handler(old);
  if (g) {
    rc = soso_error_set(SOSO_ENUMERIC, "path model: least squares failed (%s)",
                        gsl_strerror(g));
    goto done;
  }
  for (size_t j = 0; j <= p; j++) beta[j] = gsl_vector_get(B, j);
done:
  gsl_multifit_linear_free(ws);
  gsl_matrix_free(A);
  gsl_matrix_free(cov);
  gsl_vector_free(Y);
  gsl_vector_free(W);
  gsl_vector_free(B);
  return rc;
}

void sv_hedges(double *g, double *lo, double *hi, double *p, const sv_mean *a,
               const sv_mean *b) {
  double n1 = a->n, n2 = b->n;
  *g = *lo = *hi = *p = NAN;
  if (n1 < 2 || n2 < 2) return;
  double sp = sqrt(((n1 - 1) * a->sd * a->sd + (n2 - 1) * b->sd * b->sd) / (n1 + n2 - 2));
  if (!(sp > 0)) return;
  double J = 1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0);
  *g = J * (b->mean - a->mean) / sp;
  double se = sqrt((n1 + n2) / (n1 * n2) + *g * *g / (2.0 * (n1 + n2)));
  *lo = *g - 1.959963984540054 * se;
  *hi = *g + 1.959963984540054 * se;
  /* Welch on the (weighted) means and their standard errors. */
  double s1 = a->se * a->se, s2 = b->se * b->se;
  double t = (b->mean - a->mean) / sqrt(s1 + s2);
  double df = (s1 + s2) * (s1 + s2) / (s1 * s1 / (n1 - 1) + s2 * s2 / (n2 - 1));
  *p = 2.0 * gsl_cdf_tdist_Q(fabs(t), df);
}
