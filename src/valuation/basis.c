/* basis.c - regression bases for least-squares Monte Carlo.
 *
 * Weighted Laguerre polynomials exp(-x/2) L_n(x) by the three-term recurrence
 * (n+1) L_{n+1} = (2n + 1 - x) L_n - n L_{n-1} (Abramowitz & Stegun 22.7.12), as in
 * Longstaff & Schwartz (2001) eq. (2); and multivariate monomials with cross terms
 * for several price factors. A monomial basis is a table built once: term t is
 * term parent[t] times variable var[t], with var[t] >= the parent's highest
 * variable, which lists every monomial exactly once, degree by degree.
 * soso__basis_laguerre_rows evaluates many points with one vector exp (SLEEF u10,
 * within 1 ulp; the scalar soso_lsm_basis_laguerre uses libm's exp, also within 1 ulp,
 * so the two may differ in the last bit of the weight).
 */
#include "core/vmath_int.h"
#include "soso/error.h"
#include "soso/lsm.h"
#include "valuation/lsq_int.h"

#include <math.h>

size_t soso_lsm_basis_laguerre(double x, size_t n, double *out) {
  soso__laguerre_w(x, n ? exp(-0.5 * x) : 1.0, n, out);
  return 1 + n;
}

void soso__basis_laguerre_rows(const double *x, size_t m, size_t n, double *out, double *tmp) {
  size_t p = 1 + n;
  for (size_t t = 0; t < m; t++) tmp[t] = -0.5 * x[t];
  if (n) soso__vexp(SOSO_ISA_AUTO, tmp, m);
  for (size_t t = 0; t < m; t++) soso__laguerre_w(x[t], tmp[t], n, out + t * p);
}

int soso_lsm_poly_basis_init(soso_lsm_poly_basis *b, size_t k, int deg) {
  if (k < 1 || k > 8 || deg < 0 || deg > 4)
    return soso_error_set(SOSO_EUSAGE, "polynomial basis: %zu variables, degree %d "
                                       "(want 1..8 variables, degree 0..4)", k, deg);
  b->k = k;
  b->deg = deg;
  b->n = 1;
  b->parent[0] = 0;
  b->var[0] = 0;
  b->last[0] = 0;
  size_t first = 0, end = 1; /* the terms of the previous degree: [first, end) */
  for (int d = 1; d <= deg; d++) {
    for (size_t t = first; t < end; t++) {
      size_t v0 = (d == 1) ? 0 : b->last[t];
      for (size_t v = v0; v < k; v++) {
        if (b->n >= SOSO_BASIS_MAX)
          return soso_error_set(SOSO_EUSAGE, "polynomial basis: %zu variables at degree %d "
                                             "exceed %d terms", k, deg, SOSO_BASIS_MAX);
        b->parent[b->n] = (unsigned char)t;
        b->var[b->n] = (unsigned char)v;
        b->last[b->n] = (unsigned char)v;
        b->n++;
      }
    }
    first = end;
    end = b->n;
  }
  return 0;
}

void soso_lsm_poly_basis_eval(const soso_lsm_poly_basis *b, const double *x, double *out) {
  out[0] = 1.0;
  for (size_t t = 1; t < b->n; t++) out[t] = out[b->parent[t]] * x[b->var[t]];
}
