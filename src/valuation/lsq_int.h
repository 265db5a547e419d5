/* lsq_int.h - least squares by the normal equations, shared by the LSM solvers.
 *
 * The solvers accumulate X'X and X'y themselves, as per-block partial sums added
 * in a fixed block order (so results do not depend on the thread count), and hand
 * the sums here. The system is scaled to unit diagonal (Jacobi scaling, so the
 * test below does not depend on the units of the basis functions) and solved by
 * its eigendecomposition (GSL symmetric eigensolver, which never fails on singular
 * input - GSL's Cholesky would call the abort-by-default error handler, and a
 * library must not change that global handler). Directions whose eigenvalue is
 * below LSQ_RCOND_MIN times the largest are dropped: the minimum-norm solution,
 * as QuantLib's SVD-based GeneralLinearLeastSquares does. The paper's weighted
 * Laguerre terms are nearly collinear on a narrow in-the-money range (eigenvalue
 * ratios ~1e-15 at the first exercise date), where the data cannot tell them
 * apart; the fitted values - all an exercise rule uses - stay accurate.
 * A system is "singular" (an error) when a basis function is zero or not finite on
 * every observation, or fewer directions than the caller's minimum rank survive.
 */
#ifndef SOSO_LSQ_INT_H
#define SOSO_LSQ_INT_H

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <stddef.h>

/* Relative eigenvalue cut-off: 1e-13 on X'X is a singular-value ratio of ~3e-7,
 * well above the rounding (~1e-16 relative) made in forming X'X. */
#define LSQ_RCOND_MIN 1e-13

typedef struct lsq {
  size_t p;                        /* basis size the workspace was made for */
  double *a;                       /* p*p scaled copy of X'X (row-major) */
  double *scale;                   /* p: 1/sqrt(diag X'X) */
  double *tmp;                     /* p: projections on eigenvectors */
  gsl_eigen_symmv_workspace *eig;  /* eigensolver workspace */
  gsl_vector *eval;                /* p eigenvalues */
  gsl_matrix *evec;                /* p x p eigenvectors (columns) */
} lsq;

/* Allocates a workspace for systems of exactly p unknowns. 0 or SOSO_ENOMEM. */
int lsq_init(lsq *w, size_t p);

/* Frees the workspace's arrays (the struct itself is the caller's); NULL-safe. */
void lsq_free(lsq *w);

/* Solves (X'X) beta = X'y in the least-squares sense for m right-hand sides.
 * xtx: p x p row-major, symmetric (the lower triangle is read); p == w->p.
 * b: m blocks of p values (X'y of rhs j at b + j*p), overwritten with the
 * coefficients. min_rank: fewest surviving directions accepted (>= 1).
 * Returns 0, or SOSO_ENUMERIC without setting a message (callers may be inside a
 * parallel region and must set it on their own thread) when the system is
 * singular; *rank receives the number of directions kept (0 when singular). */
int lsq_solve(lsq *w, const double *xtx, size_t p, double *b, size_t m, size_t min_rank,
              size_t *rank);

/* The weighted Laguerre recurrence of soso_lsm_basis_laguerre with the weight
 * w = exp(-x/2) given: out[0] = 1, out[1 + k] = w L_k(x), k < n (n <= 6). The
 * division by k + 1 is a multiplication by its rounded reciprocal (exact for
 * L_2; a division is 4-5 times slower and sits in the LSM's innermost loop). */
static inline void soso__laguerre_w(double x, double w, size_t n, double *out) {
  static const double k_inv[8] = {1.0, 1.0, 1.0 / 2.0, 1.0 / 3.0, 1.0 / 4.0, 1.0 / 5.0,
                                  1.0 / 6.0, 1.0 / 7.0};
  out[0] = 1.0;
  if (n == 0) return;
  double lm1 = 1.0, l = 1.0 - x; /* L_0, L_1 */
  out[1] = w;
  if (n > 1) out[2] = w * l;
  for (size_t j = 2; j < n; j++) {
    double dj = (double)(j - 1);
    double lp = ((2.0 * dj + 1.0 - x) * l - dj * lm1) * k_inv[j];
    lm1 = l;
    l = lp;
    out[1 + j] = w * l;
  }
}

/* Weighted Laguerre rows for m points (basis.c): row t (stride 1 + n) of out is
 * soso_lsm_basis_laguerre(x[t], n) with the weights exp(-x/2) taken by one vector exp
 * (core/vmath_int.h). tmp holds m doubles. */
void soso__basis_laguerre_rows(const double *x, size_t m, size_t n, double *out, double *tmp);

#endif
