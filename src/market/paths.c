/* paths.c - correlated price paths by exact discretisation (GBM and log-OU).
 *
 * Exact discretisation (Glasserman 2003, "Monte Carlo Methods in Financial
 * Engineering", sections 3.2 and 3.3): over a step dt,
 *   GBM     ln S(t+dt) = ln S(t) + (mu - sigma^2/2) dt + e,
 *   log-OU  X(t+dt)    = alpha + exp(-kappa dt) (X(t) - alpha) + e,   X = ln S,
 * where e is jointly normal across factors with covariance
 *   C_ij = rho_ij sigma_i sigma_j (1 - exp(-(k_i + k_j) dt)) / (k_i + k_j)
 * (k = kappa for OU, 0 for GBM, the fraction read as dt when k_i + k_j = 0). This is
 * exact for any dt, including the cross-covariance of two factors that revert at
 * different speeds. e = L z with L the Cholesky factor of C.
 *
 * Random numbers: step t of path p takes its standard normals from Philox blocks
 * t * ceil(n/4) .. of path index p (soso_rng_normals), so a path is a pure function
 * of (seed, stream, path index) and its first steps do not depend on how many steps
 * are simulated. Nothing here allocates; the plan lives on the stack. Normals come a
 * chunk of steps at a time and prices by one vector exp per chunk (SLEEF, see
 * core/vmath_int.h): exp is the u10 kernel (within 1 ulp), not glibc's.
 */
#include "core/vmath_int.h"
#include "market/market_int.h"
#include "soso/error.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_permutation.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <string.h>

int soso__cholesky(double *l, const double *a, int n, const char *what) {
  size_t un = (size_t)n;
  double tmp[SOSO_MAX_FACTORS * SOSO_MAX_FACTORS];
  size_t pdata[SOSO_MAX_FACTORS];
  double diag_prod = 1.0;
  /* Sylvester's criterion on the leading minors, relative to the product of the
   * diagonal (Hadamard's bound), so that GSL's Cholesky cannot hit its aborting
   * error handler. */
  for (size_t k = 1; k <= un; k++) {
    double akk = a[(k - 1) * un + (k - 1)];
    if (!(akk > 0.0) || !isfinite(akk))
      return soso_error_set(SOSO_EDATA, "%s: matrix is not positive definite", what);
    diag_prod *= akk;
    for (size_t i = 0; i < k; i++)
      for (size_t j = 0; j < k; j++) tmp[i * k + j] = a[i * un + j];
    gsl_matrix_view m = gsl_matrix_view_array(tmp, k, k);
    gsl_permutation perm = {k, pdata};
    int signum = 0;
    gsl_linalg_LU_decomp(&m.matrix, &perm, &signum);
    double det = gsl_linalg_LU_det(&m.matrix, signum);
    if (!(det > 1e-12 * diag_prod))
      return soso_error_set(SOSO_EDATA,
                            "%s: matrix is not positive definite (leading minor %zu)", what,
                            k);
  }
  for (size_t i = 0; i < un; i++)
    for (size_t j = 0; j < un; j++) {
      if (a[i * un + j] != a[j * un + i] || !isfinite(a[i * un + j]))
        return soso_error_set(SOSO_EDATA, "%s: matrix is not symmetric", what);
      l[i * un + j] = a[i * un + j];
    }
  gsl_matrix_view lv = gsl_matrix_view_array(l, un, un);
  gsl_linalg_cholesky_decomp1(&lv.matrix);
  for (size_t i = 0; i < un; i++)
    for (size_t j = i + 1; j < un; j++) l[i * un + j] = 0.0;
  return SOSO_OK;
}

int soso__dynamics_check(const soso_dynamics *d, const char *what) {
  if (!d) return soso_error_set(SOSO_EUSAGE, "%s: no model", what);
  if (d->n < 1 || d->n > SOSO_MAX_FACTORS)
    return soso_error_set(SOSO_EUSAGE, "%s: %d factors (want 1 to %d)", what, d->n,
                          SOSO_MAX_FACTORS);
  size_t n = (size_t)d->n;
  for (size_t i = 0; i < n; i++) {
    const soso_factor *f = &d->f[i];
    const char *name = f->name[0] ? f->name : "factor";
    if (f->kind != SOSO_PRICE_GBM && f->kind != SOSO_PRICE_OU)
      return soso_error_set(SOSO_EUSAGE, "%s: %s: unknown model kind %d", what, name,
                            (int)f->kind);
    if (!(f->s0 > 0.0) || !isfinite(f->s0))
      return soso_error_set(SOSO_EDATA, "%s: %s: s0 %g is not a positive price", what, name,
                            f->s0);
    if (!(f->sigma >= 0.0) || !isfinite(f->sigma))
      return soso_error_set(SOSO_EDATA, "%s: %s: sigma %g is not >= 0", what, name, f->sigma);
    if (f->kind == SOSO_PRICE_GBM && !isfinite(f->mu))
      return soso_error_set(SOSO_EDATA, "%s: %s: mu is not finite", what, name);
    if (f->kind == SOSO_PRICE_OU && (!(f->kappa > 0.0) || !isfinite(f->kappa) ||
                                     !isfinite(f->alpha)))
      return soso_error_set(SOSO_EDATA, "%s: %s: OU needs kappa > 0 and a finite alpha",
                            what, name);
    if (d->corr[i * n + i] != 1.0)
      return soso_error_set(SOSO_EDATA, "%s: corr[%zu][%zu] is not 1", what, i, i);
    for (size_t j = 0; j < n; j++) {
      double c = d->corr[i * n + j];
      if (!(fabs(c) <= 1.0) || c != d->corr[j * n + i])
        return soso_error_set(SOSO_EDATA,
                              "%s: corr[%zu][%zu] is not a symmetric correlation", what, i, j);
    }
  }
  double l[SOSO_MAX_FACTORS * SOSO_MAX_FACTORS];
  return soso__cholesky(l, d->corr, d->n, what);
}

/* (1 - exp(-k dt)) / k, read as dt at k = 0. */
static double decay_integral(double k, double dt) {
  return k > 0.0 ? -expm1(-k * dt) / k : dt;
}

int soso__plan_make(soso__plan *plan, const soso_dynamics *d, double dt) {
  int rc = soso__dynamics_check(d, "paths");
  if (rc < 0) return rc;
  if (!(dt > 0.0) || !isfinite(dt))
    return soso_error_set(SOSO_EUSAGE, "paths: dt %g is not > 0", dt);
  memset(plan, 0, sizeof *plan);
  size_t n = (size_t)d->n;
  plan->n = d->n;
  plan->blocks_per_step = (n + 3) / 4;
  double k[SOSO_MAX_FACTORS] = {0}, cov[SOSO_MAX_FACTORS * SOSO_MAX_FACTORS] = {0};
  for (size_t i = 0; i < n; i++) {
    const soso_factor *f = &d->f[i];
    plan->ou[i] = f->kind == SOSO_PRICE_OU;
    plan->x0[i] = log(f->s0);
    k[i] = plan->ou[i] ? f->kappa : 0.0;
    if (plan->ou[i]) {
      plan->b[i] = exp(-f->kappa * dt);
      plan->alpha[i] = f->alpha;
    } else {
      plan->drift[i] = (f->mu - 0.5 * f->sigma * f->sigma) * dt;
    }
  }
  /* A zero-volatility factor has a zero row in C; give it a unit variance in the
   * factorisation and a zero row in L so that the other factors keep theirs. */
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j <= i; j++) {
      double si = d->f[i].sigma, sj = d->f[j].sigma, c;
      if (si == 0.0 || sj == 0.0)
        c = i == j ? 1.0 : 0.0;
      else
        c = d->corr[i * n + j] * si * sj * decay_integral(k[i] + k[j], dt);
      cov[i * n + j] = cov[j * n + i] = c; /* mirrored: exactly symmetric */
    }
  if ((rc = soso__cholesky(plan->chol, cov, d->n, "paths: one-step covariance")) < 0) return rc;
  for (size_t i = 0; i < n; i++)
    if (d->f[i].sigma == 0.0)
      for (size_t j = 0; j < n; j++) plan->chol[i * n + j] = 0.0;
  return SOSO_OK;
}

void soso__plan_run(const soso__plan *plan, const soso_rng *rng, size_t first_path,
                    size_t n_paths, size_t n_steps, double *out) {
  /* Steps are taken in chunks of ts: the chunk's normals are fetched in one call
   * (Philox blocks several at a time, vector Box-Muller), the log-prices of the
   * chunk are written to the output, and one vector exp turns them into prices.
   * The numbers are those of one soso_rng_normals call per step: step t reads
   * blocks t * bps .. t * bps + bps - 1, lanes 0 .. n - 1. */
  enum { ZMAX = 256 };
  size_t n = (size_t)plan->n, row = (n_steps + 1) * n, bps = plan->blocks_per_step;
  size_t ts = ZMAX / (4 * bps); /* steps per chunk (>= 8: bps <= 2) */
  double z[ZMAX], x[SOSO_MAX_FACTORS];
  soso__isa isa = soso__vmath_isa();
  for (size_t p = 0; p < n_paths; p++) {
    double *o = out + p * row;
    uint64_t path = (uint64_t)(first_path + p);
    for (size_t i = 0; i < n; i++) x[i] = o[i] = plan->x0[i];
    for (size_t t0 = 0; t0 < n_steps; t0 += ts) {
      size_t nt = n_steps - t0 < ts ? n_steps - t0 : ts;
      soso_rng_normal_blocks(rng, path, (uint64_t)(t0 * bps), nt * bps, z);
      for (size_t t = 0; t < nt; t++) {
        const double *zt = z + 4 * bps * t;
        double *ot = o + (t0 + t + 1) * n;
        for (size_t i = 0; i < n; i++) {
          const double *li = plan->chol + i * n;
          double e = 0.0;
          for (size_t j = 0; j <= i; j++) e += li[j] * zt[j];
          x[i] = plan->ou[i] ? plan->alpha[i] + plan->b[i] * (x[i] - plan->alpha[i]) + e
                             : x[i] + plan->drift[i] + e;
          ot[i] = x[i];
        }
      }
      /* exp of the chunk's log-prices; the first chunk also takes row 0 */
      size_t from = t0 == 0 ? 0 : (t0 + 1) * n;
      soso__vexp(isa, o + from, (t0 + nt + 1) * n - from);
    }
    if (n_steps == 0) soso__vexp(isa, o, n);
  }
}

/* Size check shared by the entry points: out must hold n_paths x (n_steps+1) x n. */
static int check_call(const soso_rng *rng, size_t n_paths, size_t n_steps, int n,
                      const double *out) {
  if (!rng) return soso_error_set(SOSO_EUSAGE, "paths: no generator");
  if (n_paths > 0 && !out) return soso_error_set(SOSO_EUSAGE, "paths: no output buffer");
  if (n_steps >= SIZE_MAX / (size_t)SOSO_MAX_FACTORS - 1)
    return soso_error_set(SOSO_EUSAGE, "paths: %zu steps is too many", n_steps);
  size_t row = (n_steps + 1) * (size_t)n;
  if (n_paths > 0 && row > SIZE_MAX / sizeof(double) / n_paths)
    return soso_error_set(SOSO_EUSAGE, "paths: %zu paths x %zu steps overflows", n_paths,
                          n_steps);
  return SOSO_OK;
}

static int run(const soso_dynamics *d, const soso_rng *rng, size_t first_path,
               size_t n_paths, size_t n_steps, double dt, double *out, int threads) {
  soso__plan plan;
  int rc = soso__plan_make(&plan, d, dt);
  if (rc < 0) return rc;
  if ((rc = check_call(rng, n_paths, n_steps, d->n, out)) < 0) return rc;
  if (threads == 1 || n_paths < 2) {
    soso__plan_run(&plan, rng, first_path, n_paths, n_steps, out);
    return SOSO_OK;
  }
  /* Chunks of paths; each path depends only on its index, so the split (and the
   * number of threads) cannot change a single bit of the output. */
  const size_t chunk = 16;
  size_t row = (n_steps + 1) * (size_t)d->n, n_chunks = (n_paths + chunk - 1) / chunk;
  long nc = (long)n_chunks;
  int nt = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 4) num_threads(nt)
  for (long c = 0; c < nc; c++) {
    size_t p0 = (size_t)c * chunk, np = n_paths - p0 < chunk ? n_paths - p0 : chunk;
    soso__plan_run(&plan, rng, first_path + p0, np, n_steps, out + p0 * row);
  }
  return SOSO_OK;
}

int soso_market_pmodel_paths(const soso_pmodel *m, const soso_rng *rng, size_t first_path,
                      size_t n_paths, size_t n_steps, double dt, double *out) {
  if (!m) return soso_error_set(SOSO_EUSAGE, "paths: no model");
  return run(&m->d, rng, first_path, n_paths, n_steps, dt, out, 1);
}

int soso_market_qmodel_paths(const soso_qmodel *m, const soso_rng *rng, size_t first_path,
                      size_t n_paths, size_t n_steps, double dt, double *out) {
  if (!m) return soso_error_set(SOSO_EUSAGE, "paths: no model");
  return run(&m->d, rng, first_path, n_paths, n_steps, dt, out, 1);
}

int soso_market_pmodel_paths_mt(const soso_pmodel *m, const soso_rng *rng, size_t first_path,
                         size_t n_paths, size_t n_steps, double dt, double *out,
                         int n_threads) {
  if (!m) return soso_error_set(SOSO_EUSAGE, "paths: no model");
  return run(&m->d, rng, first_path, n_paths, n_steps, dt, out, n_threads);
}

int soso_market_qmodel_paths_mt(const soso_qmodel *m, const soso_rng *rng, size_t first_path,
                         size_t n_paths, size_t n_steps, double dt, double *out,
                         int n_threads) {
  if (!m) return soso_error_set(SOSO_EUSAGE, "paths: no model");
  return run(&m->d, rng, first_path, n_paths, n_steps, dt, out, n_threads);
}
