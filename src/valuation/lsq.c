/* lsq.c - normal-equation least squares by a truncated eigendecomposition
 * (see lsq_int.h for the design and the singularity rule).
 *
 * With A = S (X'X) S (S = diag of 1/sqrt(diag X'X)) = V L V', the coefficients are
 * beta = S V L+ V' S X'y, where L+ inverts the eigenvalues above the cut-off and
 * zeroes the rest.
 */
#include "valuation/lsq_int.h"

#include "soso/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int lsq_init(lsq *w, size_t p) {
  memset(w, 0, sizeof *w);
  w->p = p;
  w->a = malloc(p * p * sizeof *w->a);
  w->scale = malloc(p * sizeof *w->scale);
  w->tmp = malloc(p * sizeof *w->tmp);
  w->eig = gsl_eigen_symmv_alloc(p);
  w->eval = gsl_vector_alloc(p);
  w->evec = gsl_matrix_alloc(p, p);
  if (!w->a || !w->scale || !w->tmp || !w->eig || !w->eval || !w->evec) {
    lsq_free(w);
    return soso_error_set(SOSO_ENOMEM, "least squares: out of memory");
  }
  return 0;
}

void lsq_free(lsq *w) {
  if (!w) return;
  free(w->a);
  free(w->scale);
  free(w->tmp);
  if (w->eig) gsl_eigen_symmv_free(w->eig);
  if (w->eval) gsl_vector_free(w->eval);
  if (w->evec) gsl_matrix_free(w->evec);
  memset(w, 0, sizeof *w);
}

int lsq_solve(lsq *w, const double *xtx, size_t p, double *b, size_t m, size_t min_rank,
              size_t *rank) {
  *rank = 0;
  if (p != w->p || p == 0) return SOSO_EUSAGE;
  for (size_t i = 0; i < p; i++) {
    double d = xtx[i * p + i];
    if (!(d > 0.0) || !isfinite(d)) return SOSO_ENUMERIC;
    w->scale[i] = 1.0 / sqrt(d);
  }
  for (size_t i = 0; i < p; i++)
    for (size_t j = 0; j <= i; j++) {
      double v = xtx[i * p + j] * w->scale[i] * w->scale[j];
      if (!isfinite(v)) return SOSO_ENUMERIC;
      w->a[i * p + j] = w->a[j * p + i] = v;
    }
  gsl_matrix_view av = gsl_matrix_view_array(w->a, p, p);
  if (gsl_eigen_symmv(&av.matrix, w->eval, w->evec, w->eig) != 0) return SOSO_ENUMERIC;
  double hi = gsl_vector_max(w->eval);
  if (!(hi > 0.0)) return SOSO_ENUMERIC;
  size_t r = 0;
  for (size_t k = 0; k < p; k++) r += gsl_vector_get(w->eval, k) > LSQ_RCOND_MIN * hi;
  if (r < min_rank || r == 0) return SOSO_ENUMERIC;
  for (size_t j = 0; j < m; j++) {
    double *bj = b + j * p;
    for (size_t i = 0; i < p; i++) bj[i] *= w->scale[i];
    for (size_t k = 0; k < p; k++) {
      double lam = gsl_vector_get(w->eval, k), t = 0.0;
      if (lam > LSQ_RCOND_MIN * hi) {
        for (size_t i = 0; i < p; i++) t += gsl_matrix_get(w->evec, i, k) * bj[i];
        t /= lam;
      }
      w->tmp[k] = t;
    }
    for (size_t i = 0; i < p; i++) {
      double s = 0.0;
      for (size_t k = 0; k < p; k++) s += gsl_matrix_get(w->evec, i, k) * w->tmp[k];
      bj[i] = s * w->scale[i];
    }
  }
  *rank = r;
  return 0;
}
