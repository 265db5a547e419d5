/* io.c - Leontief analysis of a regional input-output table (include/soso/io.h).
 *
 * L = (I - A)^-1 by GSL LU decomposition (Miller & Blair 2009, ch. 2); the Type II
 * model appends households as an (n+1)-th sector (ch. 6). Invariants: a table is
 * accepted only if I - A is non-singular and L >= 0 (a productive economy); the
 * results are upper bounds (fixed coefficients, no capacity limits).
 */
#include "impacts/io_int.h"
#include "soso/error.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void soso_io_result_free(soso_io_result *r) {
  if (!r) return;
  free(r->A);
  free(r->L);
  free(r->x_check);
  free(r->output_type1);
  free(r->output_type2);
  free(r->income_coef);
  free(r->income_type1);
  free(r->income_type2);
  free(r->emp_coef);
  free(r->emp_type1);
  free(r->emp_type2);
  free(r);
}

/* inv := (I - M)^-1 for an m x m row-major M. */
static int leontief(double *inv, const double *M, size_t m) {
  gsl_matrix *a = gsl_matrix_alloc(m, m), *b = gsl_matrix_alloc(m, m);
  gsl_permutation *p = gsl_permutation_alloc(m);
  int rc = SOSO_OK, sign = 0;
  if (!a || !b || !p) {
    rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < m; j++) gsl_matrix_set(a, i, j, (i == j) - M[i * m + j]);
  gsl_error_handler_t *old = gsl_set_error_handler_off(); /* never abort in a library */
  int g = gsl_linalg_LU_decomp(a, p, &sign);
  double det = g ? 0.0 : gsl_linalg_LU_det(a, sign);
  if (g || fabs(det) < 1e-12) {
    gsl_set_error_handler(old);
    rc = soso_error_set(SOSO_ENUMERIC, "io table: I - A is singular (det %g)", det);
    goto done;
  }
  g = gsl_linalg_LU_invert(a, p, b);
  gsl_set_error_handler(old);
  if (g) {
    rc = soso_error_set(SOSO_ENUMERIC, "io table: cannot invert I - A");
    goto done;
  }
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < m; j++) {
      inv[i * m + j] = gsl_matrix_get(b, i, j);
      if (inv[i * m + j] < -1e-12)
        rc = soso_error_set(SOSO_ENUMERIC, "io table: the Leontief inverse has a negative "
                            "entry (%zu,%zu): the economy is not productive", i + 1, j + 1);
    }
done:
  gsl_matrix_free(a);
  gsl_matrix_free(b);
  gsl_permutation_free(p);
  return rc;
}

static double *vec(size_t n) { return calloc(n ? n : 1, sizeof(double)); }

int soso_io_analyse(soso_io_result **out, const soso_io_table *t) {
  *out = NULL;
  size_t n = t->n, m = n + 1;
  soso_io_result *r = calloc(1, sizeof *r);
  double *As = NULL, *Ls = NULL;
  int rc = SOSO_OK;
  if (!r) return soso_error_set(SOSO_ENOMEM, "out of memory");
  r->n = n;
  r->A = vec(n * n);
  r->L = vec(n * n);
  r->x_check = vec(n);
  r->output_type1 = vec(n);
  if (!r->A || !r->L || !r->x_check || !r->output_type1) goto nomem;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) r->A[i * n + j] = t->Z[i * n + j] / t->x[j];
  if ((rc = leontief(r->L, r->A, n))) goto fail;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) {
      r->x_check[i] += r->L[i * n + j] * t->f[j];
      r->output_type1[j] += r->L[i * n + j];
    }
  if (t->jobs) {
    r->emp_coef = vec(n);
    r->emp_type1 = vec(n);
    if (!r->emp_coef || !r->emp_type1) goto nomem;
    for (size_t j = 0; j < n; j++) r->emp_coef[j] = t->jobs[j] / t->x[j];
    for (size_t j = 0; j < n; j++)
      for (size_t i = 0; i < n; i++) r->emp_type1[j] += r->emp_coef[i] * r->L[i * n + j];
  }
  if (t->W) {
    r->income_coef = vec(n);
    r->income_type1 = vec(n);
    r->income_type2 = vec(n);
    r->output_type2 = vec(n);
    As = vec(m * m);
    Ls = vec(m * m);
    if (!r->income_coef || !r->income_type1 || !r->income_type2 || !r->output_type2 || !As ||
        !Ls)
      goto nomem;
    for (size_t j = 0; j < n; j++) r->income_coef[j] = t->W[j] / t->x[j];
    for (size_t i = 0; i < n; i++) {
      for (size_t j = 0; j < n; j++) As[i * m + j] = r->A[i * n + j];
      As[i * m + n] = t->C[i] / t->total_income;     /* household consumption column */
      As[n * m + i] = r->income_coef[i];              /* labour income row */
    }
    if ((rc = leontief(Ls, As, m))) goto fail;
    for (size_t j = 0; j < n; j++) {
      for (size_t i = 0; i < n; i++) {
        r->output_type2[j] += Ls[i * m + j];
        r->income_type1[j] += r->income_coef[i] * r->L[i * n + j];
      }
      r->income_type2[j] = Ls[n * m + j];
    }
    if (t->jobs) {
      r->emp_type2 = vec(n);
      if (!r->emp_type2) goto nomem;
      for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) r->emp_type2[j] += r->emp_coef[i] * Ls[i * m + j];
    }
  }
  free(As);
  free(Ls);
  *out = r;
  return SOSO_OK;
nomem:
  rc = soso_error_set(SOSO_ENOMEM, "out of memory");
fail:
  free(As);
  free(Ls);
  soso_io_result_free(r);
  return rc;
}

int soso_io_site_effects(soso_io_site *out, const soso_io_result *r, size_t j,
                         double direct_jobs, double direct_income, double direct_output) {
  memset(out, 0, sizeof *out);
  if (j >= r->n) return soso_error_set(SOSO_EUSAGE, "io: sector %zu out of range", j);
  out->direct_jobs = direct_jobs;
  out->direct_income = direct_income;
  out->direct_output = direct_output;
  out->indirect_output = direct_output * (r->output_type1[j] - 1.0);
  if (r->output_type2) {
    out->have_type2 = 1;
    out->induced_output = direct_output * (r->output_type2[j] - r->output_type1[j]);
  }
  if (r->emp_coef && r->emp_coef[j] > 0) {
    out->have_jobs = 1;
    out->indirect_jobs = direct_jobs * (r->emp_type1[j] / r->emp_coef[j] - 1.0);
    if (r->emp_type2)
      out->induced_jobs = direct_jobs * (r->emp_type2[j] - r->emp_type1[j]) / r->emp_coef[j];
  }
  if (r->income_coef && r->income_coef[j] > 0) {
    out->have_income = 1;
    out->indirect_income = direct_income * (r->income_type1[j] / r->income_coef[j] - 1.0);
    out->induced_income =
        direct_income * (r->income_type2[j] - r->income_type1[j]) / r->income_coef[j];
  }
  return SOSO_OK;
}
