/* dixit.c - closed-form entry and exit triggers of Dixit (1989), J. Political
 * Economy 97(3) 620-638; Dixit & Pindyck (1994) ch. 7 (reference README section 3).
 *
 * An idle firm holds the option to enter, worth A P^b1; an active firm earns
 * P - C and holds the option to exit, worth B P^b2 + P/(r - mu) - C/r, where
 * b1 > 1 and b2 < 0 are the roots of sigma^2/2 b (b - 1) + mu b - r = 0. Value
 * matching and smooth pasting at the entry trigger H (cost I) and the exit trigger
 * L (cost E) give four equations in A, B, H, L, solved by GSL's hybridsj.
 * Unknowns are scaled so that nothing overflows as sigma -> 0 (b1 -> infinity):
 * a = A H^b1 (idle value at H), c = B L^b2 (exit option at L), h = ln H, l = ln L;
 * then A L^b1 = a exp(b1 (l - h)) and B H^b2 = c exp(b2 (h - l)). The second and
 * fourth equations are multiplied by H and L.
 */
#include "soso/error.h"
#include "soso/valuation.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_vector.h>
#include <math.h>

typedef struct dx_par {
  double r, mu, C, I, E, b1, b2;
} dx_par;

static int dx_fdf(const gsl_vector *x, void *vp, gsl_vector *f, gsl_matrix *J) {
  const dx_par *p = vp;
  double a = gsl_vector_get(x, 0), c = gsl_vector_get(x, 1);
  double h = gsl_vector_get(x, 2), l = gsl_vector_get(x, 3);
  double H = exp(h), L = exp(l), k = 1.0 / (p->r - p->mu);
  double r1 = exp(p->b1 * (l - h)), r2 = exp(p->b2 * (h - l)); /* (L/H)^b1, (H/L)^b2 */
  double b1 = p->b1, b2 = p->b2;
  double v[4] = {a - c * r2 - H * k + p->C / p->r + p->I, b1 * a - b2 * c * r2 - H * k,
                 c + L * k - p->C / p->r - a * r1 + p->E, b2 * c + L * k - b1 * a * r1};
  double jac[4][4] = {{1.0, -r2, -c * b2 * r2 - H * k, c * b2 * r2},
                      {b1, -b2 * r2, -b2 * b2 * c * r2 - H * k, b2 * b2 * c * r2},
                      {-r1, 1.0, a * b1 * r1, L * k - a * b1 * r1},
                      {-b1 * r1, b2, b1 * b1 * a * r1, L * k - b1 * b1 * a * r1}};
  for (size_t i = 0; i < 4; i++) {
    if (!isfinite(v[i])) return GSL_EBADFUNC;
    if (f) gsl_vector_set(f, i, v[i]);
    for (size_t j = 0; J && j < 4; j++) {
      if (!isfinite(jac[i][j])) return GSL_EBADFUNC;
      gsl_matrix_set(J, i, j, jac[i][j]);
    }
  }
  return GSL_SUCCESS;
}

static int dx_f(const gsl_vector *x, void *p, gsl_vector *f) { return dx_fdf(x, p, f, NULL); }
static int dx_df(const gsl_vector *x, void *p, gsl_matrix *J) { return dx_fdf(x, p, NULL, J); }
static int dx_both(const gsl_vector *x, void *p, gsl_vector *f, gsl_matrix *J) {
  return dx_fdf(x, p, f, J);
}

int soso_valuation_dixit_solve(soso_dixit *out, double r, double mu, double sigma, double C, double I,
                     double E) {
  if (!out) return soso_error_set(SOSO_EUSAGE, "dixit: no output");
  if (!(sigma > 0.0) || !(r > mu) || !(r > 0.0) || !(C > 0.0) || !(I + E > 0.0) ||
      !isfinite(sigma) || !isfinite(r) || !isfinite(mu) || !isfinite(I) || !isfinite(E) ||
      !isfinite(C))
    return soso_error_set(SOSO_EUSAGE, "dixit: need sigma > 0, r > max(mu, 0), C > 0 and "
                          "I + E > 0 (got r %g, mu %g, sigma %g, C %g, I %g, E %g)",
                          r, mu, sigma, C, I, E);
  double s2 = sigma * sigma, q = 0.5 - mu / s2;
  double disc = sqrt(q * q + 2.0 * r / s2);
  dx_par p = {r, mu, C, I, E, q + disc, q - disc};
  /* Start from the band without uncertainty, widened; a and c then solve the two
   * smooth-pasting equations (linear in them). */
  double H = 1.1 * (C + r * I), L = 0.9 * fmax(C - r * E, 0.1 * C);
  double k = 1.0 / (r - mu), r1 = pow(L / H, p.b1), r2 = pow(H / L, p.b2);
  /* b1 a - b2 r2 c = H k ; -b1 r1 a + b2 c = -L k */
  double det = p.b1 * p.b2 - p.b2 * r2 * p.b1 * r1;
  double a0 = (H * k * p.b2 - p.b2 * r2 * L * k) / det;
  double c0 = (p.b1 * -L * k + p.b1 * r1 * H * k) / det;
  if (!isfinite(a0) || !isfinite(c0)) a0 = c0 = 1.0;
  gsl_multiroot_function_fdf fdf = {dx_f, dx_df, dx_both, 4, &p};
  gsl_vector *x = gsl_vector_alloc(4);
  gsl_multiroot_fdfsolver *s = gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_hybridsj, 4);
  if (!x || !s) {
    gsl_vector_free(x);
    gsl_multiroot_fdfsolver_free(s);
    return soso_error_set(SOSO_ENOMEM, "dixit: out of memory");
  }
  gsl_vector_set(x, 0, a0);
  gsl_vector_set(x, 1, c0);
  gsl_vector_set(x, 2, log(H));
  gsl_vector_set(x, 3, log(L));
  int status = gsl_multiroot_fdfsolver_set(s, &fdf, x), it = 0;
  while (status == GSL_SUCCESS && it++ < 200) {
    status = gsl_multiroot_fdfsolver_iterate(s);
    if (status != GSL_SUCCESS) break;
    if (gsl_multiroot_test_residual(s->f, 1e-13 * (1.0 + C / r + I + E)) == GSL_SUCCESS) break;
  }
  int rc = SOSO_OK;
  double res = 0.0;
  for (size_t i = 0; i < 4; i++) res = fmax(res, fabs(gsl_vector_get(s->f, i)));
  double a = gsl_vector_get(s->x, 0), c = gsl_vector_get(s->x, 1);
  double h = gsl_vector_get(s->x, 2), l = gsl_vector_get(s->x, 3);
  if (!(res <= 1e-9 * (1.0 + C / r + I + E)) || !(h > l) || !(a > 0.0) || !(c > 0.0) ||
      !isfinite(a) || !isfinite(c)) {
    rc = soso_error_set(SOSO_ENUMERIC, "dixit: the value-matching and smooth-pasting "
                        "equations did not converge (residual %g, %s)", res,
                        gsl_strerror(status));
  } else {
    out->H = exp(h);
    out->L = exp(l);
    out->A = exp(log(a) - p.b1 * h);
    out->B = exp(log(c) - p.b2 * l);
    out->beta1 = p.b1;
    out->beta2 = p.b2;
  }
  gsl_multiroot_fdfsolver_free(s);
  gsl_vector_free(x);
  return rc;
}
