/* put_pde.c - the American put by finite differences: Crank-Nicolson on a uniform
 * log-price grid, each step's linear complementarity problem solved exactly by the
 * Brennan & Schwartz (1977) algorithm (J. Finance 32(2), 449-462).
 *
 * In x = ln S and time to expiry tau, V_tau = a V_xx + b V_x - r V with
 * a = sigma^2/2, b = r - q - sigma^2/2, central differences. A step solves
 * (I - theta dt L) V' = (I + (1 - theta) dt L) V subject to V' >= payoff. For a put
 * the exercise region is one interval at low prices, so eliminating the tridiagonal
 * system from the top node down and substituting upward while taking the max with
 * the payoff gives the exact LCP solution (Brennan-Schwartz; Jaillet, Lamberton &
 * Lapeyre 1990 prove it for this M-matrix case). The first `damping` steps are two
 * implicit Euler half-steps each (Rannacher 1984), which removes the oscillations
 * Crank-Nicolson makes from the payoff's kink. The strike sits on a node and, when
 * it can without distorting the grid, so does the spot; otherwise the spot's value
 * is interpolated quadratically.
 * Boundaries: V = K - S at the lowest node (deep in the exercise region), V = 0 at
 * the highest. Hand-written elimination: GSL's tridiagonal solver allocates on
 * every call and has no complementarity variant; the coefficients are constant, so
 * the elimination factors are computed once per scheme.
 */
#include "soso/error.h"
#include "soso/valuation.h"

#include <math.h>
#include <stdlib.h>

/* Constant-coefficient tridiagonal system: lo V[j-1] + di V[j] + up V[j+1]. */
typedef struct tri {
  double lo, di, up;  /* left-hand side coefficients */
  double *piv;        /* eliminated diagonal, top-down, 1/b'_j */
} tri;

static void tri_factor(tri *t, size_t m) {
  /* Eliminate from the top interior node j = m-2 down to 1. */
  t->piv[m - 2] = 1.0 / t->di;
  for (size_t j = m - 2; j-- > 1;) t->piv[j] = 1.0 / (t->di - t->up * t->lo * t->piv[j + 1]);
}

/* One step: rhs d (interior 1..m-2, overwritten), boundaries v[0], v[m-1] already
 * set in v; solves with the max against g. */
static void tri_lcp(const tri *t, double *d, const double *g, double *v, size_t m) {
  d[m - 2] -= t->up * v[m - 1];
  for (size_t j = m - 2; j-- > 1;) d[j] -= t->up * d[j + 1] * t->piv[j + 1];
  double prev = v[0];
  for (size_t j = 1; j + 1 < m; j++) {
    double u = (d[j] - t->lo * prev) * t->piv[j];
    prev = v[j] = u > g[j] ? u : g[j];
  }
}

int soso__put_pde(double *price, double s, double k, double r, double q, double sigma,
                  double t, const soso_put_opts *o);

int soso__put_pde(double *price, double s, double k, double r, double q, double sigma,
                  double t, const soso_put_opts *o) {
  size_t m = o->n_space, n = o->n_time;
  double xk = log(k), d = log(s / k);
  double w = o->width_sd * sigma * sqrt(t) + fabs(d);
  size_t jc = (m - 1) / 2;
  double h = w / (double)jc;
  /* Put the spot on a node when that changes the spacing by less than 10 %. */
  double js = d / h;
  int on_node = fabs(js) >= 5.0 || d == 0.0;
  if (on_node && d != 0.0) h = d / nearbyint(js);
  if (!(h * h * fabs(r - q - 0.5 * sigma * sigma) <= sigma * sigma))
    return soso_error_set(SOSO_ENUMERIC, "american put: %zu nodes are too few for sigma %g "
                          "(central differences lose monotonicity)", m, sigma);
  double x0 = xk - (double)jc * h;
  if (x0 + (double)(m - 1) * h < log(s) + h || x0 > log(s) - h)
    return soso_error_set(SOSO_ENUMERIC, "american put: spot %g outside the grid", s);
  double *buf = malloc(4 * m * sizeof *buf);
  if (!buf) return soso_error_set(SOSO_ENOMEM, "american put: out of memory");
  double *v = buf, *g = buf + m, *rhs = buf + 2 * m, *piv = buf + 3 * m;
  for (size_t j = 0; j < m; j++) {
    double sj = exp(x0 + (double)j * h);
    g[j] = k > sj ? k - sj : 0.0;
    v[j] = g[j];
  }
  double a = 0.5 * sigma * sigma / (h * h), b = (r - q - 0.5 * sigma * sigma) / (2.0 * h);
  double al = a - b, be = -2.0 * a - r, ga = a + b; /* L V_j = al V_{j-1} + be V_j + ga V_{j+1} */
  double dt = t / (double)n;
  size_t damping = o->damping < n ? o->damping : n;
  tri tr = {0};
  tr.piv = piv;
  for (size_t step = 0; step < n; step++) {
    int damped = step < damping;
    double theta = damped ? 1.0 : 0.5, tau = damped ? 0.5 * dt : dt;
    if (step == 0 || step == damping) { /* the scheme changes: factor once */
      tr.lo = -theta * tau * al;
      tr.di = 1.0 - theta * tau * be;
      tr.up = -theta * tau * ga;
      tri_factor(&tr, m);
    }
    double e = (1.0 - theta) * tau;
    for (int half = 0; half < (damped ? 2 : 1); half++) {
      for (size_t j = 1; j + 1 < m; j++)
        rhs[j] = v[j] + e * (al * v[j - 1] + be * v[j] + ga * v[j + 1]);
      v[0] = g[0];    /* deep in the money: exercised */
      v[m - 1] = 0.0; /* far out of the money: worthless */
      tri_lcp(&tr, rhs, g, v, m);
    }
  }
  double xs = log(s), u = (xs - x0) / h;
  size_t j = (size_t)nearbyint(u);
  if (on_node) {
    *price = v[j];
  } else { /* quadratic through the three nodes around the spot */
    if (j < 1) j = 1;
    if (j > m - 2) j = m - 2;
    double z = u - (double)j;
    *price = v[j - 1] * 0.5 * z * (z - 1.0) + v[j] * (1.0 - z * z) + v[j + 1] * 0.5 * z * (z + 1.0);
  }
  free(buf);
  return SOSO_OK;
}
