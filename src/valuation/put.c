/* put.c - the American put as the grid engine's single-mode case: argument
 * checks, dispatch to the finite-difference method (put_pde.c), and the
 * switching solver's own method - exact-Gaussian quadrature on a log-price grid
 * (grid_trans.c) over n exercise dates - with Richardson extrapolation.
 *
 * Quadrature: the Bermudan price with exercise at t_0 .. t_n converges to the
 * American price like c/n; 2 P(n) - P(n/2) removes that first-order term (the
 * extrapolation of Geske & Johnson 1984, applied to exercise dates). The strike
 * sits on a node; the value at the spot uses the exact expectation from the spot
 * (no interpolation at t = 0).
 */
#include "valuation/grid_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdlib.h>

int soso__put_pde(double *price, double s, double k, double r, double q, double sigma,
                  double t, const soso_put_opts *o);

static int bermudan(double *price, double s, double k, double r, double q, double sigma,
                    double t, size_t n, const soso_put_opts *o) {
  double dt = t / (double)n, sd = sigma * sqrt(dt), h = sd / 2.0;
  double w = o->width_sd * sigma * sqrt(t) + fabs(log(s / k));
  double jc = ceil(w / h);
  if (2.0 * jc + 1.0 > 2e6)
    return soso_error_set(SOSO_ENUMERIC, "american put: %g nodes are too many", 2.0 * jc + 1.0);
  size_t m = (size_t)(2.0 * jc) + 1;
  soso_factor f = {"PUT", "", SOSO_PRICE_GBM, s, r - q, 0.0, 0.0, sigma};
  gtrans tr;
  int rc = gtrans_init(&tr, &f, dt, m, log(k) - jc * h, h);
  if (rc < 0) return rc;
  double *buf = malloc((3 * m + tr.band) * sizeof *buf);
  if (!buf) {
    gtrans_free(&tr);
    return soso_error_set(SOSO_ENOMEM, "american put: out of memory");
  }
  double *v = buf, *c = buf + m, *g = buf + 2 * m, *wrow = buf + 3 * m, disc = exp(-r * dt);
  for (size_t j = 0; j < m; j++) {
    double sj = exp(tr.x0 + (double)j * h);
    g[j] = v[j] = k > sj ? k - sj : 0.0;
  }
  for (size_t step = n - 1; step >= 1; step--) {
    gtrans_apply(&tr, v, c);
    for (size_t j = 0; j < m; j++) v[j] = fmax(g[j], disc * c[j]);
  }
  size_t lo = 0, cnt = 0;
  gtrans_row(&tr, gtrans_mean(&tr, log(s)), wrow, &lo, &cnt);
  double cont = 0.0;
  for (size_t i = 0; i < cnt; i++) cont += wrow[i] * v[lo + i];
  *price = fmax(k > s ? k - s : 0.0, disc * cont);
  free(buf);
  gtrans_free(&tr);
  return SOSO_OK;
}

int soso_valuation_american_put(double *price, double s, double k, double r, double q, double sigma,
                      double t, const soso_put_opts *opts) {
  soso_put_opts o = SOSO_PUT_OPTS_INIT;
  if (opts) o = *opts;
  if (!price || !(s > 0.0) || !(k > 0.0) || !(sigma > 0.0) || !(t > 0.0) || !isfinite(s) ||
      !isfinite(k) || !isfinite(r) || !isfinite(q) || !isfinite(sigma) || !isfinite(t) ||
      o.n_space < 5 || o.n_time < 2 || !(o.width_sd > 0.0))
    return soso_error_set(SOSO_EUSAGE, "american put: need s, k, sigma, t > 0, finite r and "
                          "q, at least 5 nodes and 2 steps");
  if (o.method == SOSO_PUT_PDE) return soso__put_pde(price, s, k, r, q, sigma, t, &o);
  if (o.method != SOSO_PUT_QUADRATURE)
    return soso_error_set(SOSO_EUSAGE, "american put: unknown method %d", o.method);
  double p1 = 0.0, p2 = 0.0;
  int rc = bermudan(&p2, s, k, r, q, sigma, t, o.n_time, &o);
  if (rc == SOSO_OK) rc = bermudan(&p1, s, k, r, q, sigma, t, o.n_time / 2, &o);
  if (rc < 0) return rc;
  *price = 2.0 * p2 - p1;
  return SOSO_OK;
}
