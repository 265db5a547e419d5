/* grid_trans.c - one-step price transitions of the grid solver, by exact Gaussian
 * quadrature of the piecewise-linear interpolant (design notes: grid_int.h).
 *
 * For a cell [a, b] = [x_j, x_{j+1}] and Y ~ N(m, s^2), with alpha = (a - m)/s,
 * beta = (b - m)/s:  P = Phi(beta) - Phi(alpha) and
 * Q = E[(Y - a) 1{a < Y < b}] = (m - a) P + s (phi(alpha) - phi(beta)); the
 * interpolant puts weight P - Q/h on node j and Q/h on node j+1. Below x_0 the
 * mass Phi((x_0 - m)/s) goes to node 0. Above x_top = x_{M-1} the interpolant is
 * linear in S: f_top + (e^Y - e^x_top) (f_top - f_{top-1}) / (e^x_top - e^x_{top-1});
 * E[(e^Y - e^a) 1{Y > a}] = e^{m + s^2/2} Phi((m + s^2 - a)/s) - e^a Phi((m - a)/s).
 * Weights of a row sum to 1 exactly (up to rounding): constants are preserved.
 */
#include "valuation/grid_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Standard normal CDF and density (erfc keeps the lower tail accurate). */
static double cdf(double z) { return 0.5 * erfc(-z * 0.70710678118654752440); }
static double pdf(double z) { return exp(-0.5 * z * z) * 0.39894228040143267794; }

double gtrans_mean(const gtrans *t, double x) {
  return t->ou ? t->alpha + (x - t->alpha) * t->b : x + t->drift;
}

void gtrans_row(const gtrans *t, double mean, double *w, size_t *lo, size_t *cnt) {
  const double s = t->s_eff, h = t->h, L = SOSO__GRID_SD;
  const size_t last = t->m - 1;
  double jl = floor((mean - L * s - t->x0) / h), jh = ceil((mean + L * s - t->x0) / h);
  int below = jl <= 0.0, above = jh >= (double)last;
  size_t a = below ? 0 : (jl >= (double)last ? last : (size_t)jl);
  size_t b = above ? last : (jh <= 0.0 ? 0 : (size_t)jh);
  if (above && a + 1 > last) a = last - 1; /* the top tail touches nodes last-1, last */
  if (b < a) b = a;
  size_t n = b - a + 1;
  memset(w, 0, n * sizeof *w);
  for (size_t j = a; j < b; j++) {
    double xa = t->x0 + (double)j * h;
    double al = (xa - mean) / s, be = (xa + h - mean) / s;
    double p = cdf(be) - cdf(al);
    double q = (mean - xa) * p + s * (pdf(al) - pdf(be));
    w[j - a] += p - q / h;
    w[j + 1 - a] += q / h;
  }
  if (below) w[0] += cdf((t->x0 - mean) / s);
  if (above) {
    double xt = t->x0 + (double)last * h, z = (mean - xt) / s;
    w[last - a] += cdf(z);
    /* E[(e^Y - e^xt) 1{Y > xt}] / (e^xt - e^(xt - h)), scaled by e^-xt to stay finite. */
    double e = exp(mean - xt + 0.5 * s * s) * cdf(z + s) - cdf(z);
    double c = e / (-expm1(-h));
    w[last - a] += c;
    w[last - 1 - a] -= c;
  }
  *lo = a;
  *cnt = n;
}

int gtrans_init(gtrans *t, const soso_factor *f, double dt, size_t m, double x0, double h) {
  memset(t, 0, sizeof *t);
  t->m = m;
  t->x0 = x0;
  t->h = h;
  if (f->kind == SOSO_PRICE_OU) {
    t->ou = 1;
    t->b = exp(-f->kappa * dt);
    t->alpha = f->alpha;
    t->s = f->sigma * sqrt(-expm1(-2.0 * f->kappa * dt) / (2.0 * f->kappa));
  } else {
    t->drift = (f->mu - 0.5 * f->sigma * f->sigma) * dt;
    t->s = f->sigma * sqrt(dt);
  }
  t->s_eff = sqrt(t->s * t->s - h * h / 6.0);
  t->band = (size_t)ceil(2.0 * SOSO__GRID_SD * t->s_eff / h) + 4;
  if (t->band > m) t->band = m;
  t->lo = malloc(m * sizeof *t->lo);
  t->cnt = malloc(m * sizeof *t->cnt);
  t->w = malloc(m * t->band * sizeof *t->w);
  if (!t->lo || !t->cnt || !t->w) {
    gtrans_free(t);
    return soso_error_set(SOSO_ENOMEM, "grid: out of memory for %zu x %zu transitions", m,
                          t->band);
  }
  for (size_t i = 0; i < m; i++)
    gtrans_row(t, gtrans_mean(t, x0 + (double)i * h), t->w + i * t->band, &t->lo[i],
               &t->cnt[i]);
  return SOSO_OK;
}

void gtrans_free(gtrans *t) {
  free(t->lo);
  free(t->cnt);
  free(t->w);
  t->lo = t->cnt = NULL;
  t->w = NULL;
}

void gtrans_apply(const gtrans *t, const double *f, double *out) {
  for (size_t i = 0; i < t->m; i++) {
    const double *w = t->w + i * t->band, *fi = f + t->lo[i];
    double acc = 0.0;
    for (size_t c = 0; c < t->cnt[i]; c++) acc += w[c] * fi[c];
    out[i] = acc;
  }
}
