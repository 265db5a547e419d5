/* test_dixit.c - Dixit (1989) entry and exit (reference README section 3): the
 * closed form satisfies its own conditions, tends to the no-uncertainty band
 * C + rI = 1.25, C - rE = 0.90 as sigma -> 0, and the grid solver run on the
 * infinite-reserve example (examples/dixit-pindyck) agrees with it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/error.h"
#include "soso/valuation.h"

#include <math.h>
#include <string.h>

#define assert_close(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

/* Dixit & Pindyck p. 218: r = 0.05, mu = 0, sigma = 0.2, C = 1, I = 5, E = 2. */
static const double R = 0.05, MU = 0.0, SIG = 0.2, C = 1.0, I = 5.0, E = 2.0;

static double idle(const soso_dixit *d, double p) { return d->A * pow(p, d->beta1); }
static double active(const soso_dixit *d, double p) {
  return d->B * pow(p, d->beta2) + p / (R - MU) - C / R;
}

/* The solution meets value matching and smooth pasting (checked here with the
 * returned A, B, H, L, independently of the solver's scaled unknowns); the betas
 * are the roots of the fundamental quadratic. 1e-9: the solver's residual test
 * (1e-13 of the value scale ~ 47) with margin for pow(). */
static void closed_form(void **state) {
  (void)state;
  soso_dixit d;
  assert_int_equal(soso_valuation_dixit_solve(&d, R, MU, SIG, C, I, E), 0);
  double q1 = 0.5 * SIG * SIG * d.beta1 * (d.beta1 - 1.0) + MU * d.beta1 - R;
  double q2 = 0.5 * SIG * SIG * d.beta2 * (d.beta2 - 1.0) + MU * d.beta2 - R;
  assert_close(q1, 0.0, 1e-12);
  assert_close(q2, 0.0, 1e-12);
  assert_true(d.beta1 > 1.0 && d.beta2 < 0.0);
  assert_close(idle(&d, d.H), active(&d, d.H) - I, 1e-9);
  assert_close(active(&d, d.L), idle(&d, d.L) - E, 1e-9);
  double h = 1e-6; /* central differences: error ~h^2 * V''' ~ 1e-11 */
  assert_close((idle(&d, d.H + h) - idle(&d, d.H - h)) / (2 * h),
               (active(&d, d.H + h) - active(&d, d.H - h)) / (2 * h), 1e-7);
  assert_close((idle(&d, d.L + h) - idle(&d, d.L - h)) / (2 * h),
               (active(&d, d.L + h) - active(&d, d.L - h)) / (2 * h), 1e-7);
  /* Uncertainty widens the band beyond the Marshallian triggers. */
  assert_true(d.H > C + R * I && d.L < C - R * E && d.A > 0.0 && d.B > 0.0);
}

/* No-uncertainty limit: the band shrinks to [C - rE, C + rI] = [0.90, 1.25]
 * linearly in sigma (the deviation is O(sigma): a tenth of sigma, a tenth of the
 * gap, within 2 %). At sigma = 1e-4 the triggers are within 1e-3 of the limits. */
static void no_uncertainty_limit(void **state) {
  (void)state;
  soso_dixit a, b;
  assert_int_equal(soso_valuation_dixit_solve(&a, R, MU, 1e-3, C, I, E), 0);
  assert_int_equal(soso_valuation_dixit_solve(&b, R, MU, 1e-4, C, I, E), 0);
  assert_close(b.H, 1.25, 1e-3);
  assert_close(b.L, 0.90, 1e-3);
  assert_true(b.H > 1.25 && b.L < 0.90);
  assert_close((a.H - 1.25) / (b.H - 1.25), 10.0, 0.2);
  assert_close((0.90 - a.L) / (0.90 - b.L), 10.0, 0.2);
  /* And more uncertainty, a wider band. */
  soso_dixit c;
  assert_int_equal(soso_valuation_dixit_solve(&c, R, MU, 0.35, C, I, E), 0);
  soso_dixit d;
  assert_int_equal(soso_valuation_dixit_solve(&d, R, MU, SIG, C, I, E), 0);
  assert_true(c.H > d.H && c.L < d.L);
}

static void bad_parameters(void **state) {
  (void)state;
  soso_dixit d;
  assert_int_equal(soso_valuation_dixit_solve(&d, 0.05, 0.05, 0.2, 1, 5, 2), SOSO_EUSAGE);
  assert_int_equal(soso_valuation_dixit_solve(&d, 0.05, 0.0, 0.0, 1, 5, 2), SOSO_EUSAGE);
  assert_int_equal(soso_valuation_dixit_solve(&d, 0.05, 0.0, 0.2, 1, -2, 2), SOSO_EUSAGE);
  assert_int_equal(soso_valuation_dixit_solve(&d, 0.05, 0.0, NAN, 1, 5, 2), SOSO_EUSAGE);
  assert_int_equal(soso_valuation_dixit_solve(NULL, 0.05, 0.0, 0.2, 1, 5, 2), SOSO_EUSAGE);
}

/* The grid solver on examples/dixit-pindyck (monthly decisions over 200 years,
 * reserve not binding, no abandonment, no maintenance). Decisions taken only
 * every dt shift an optimal-stopping boundary by the discrete-monitoring factor
 * exp(-+ beta sigma sqrt(dt)), beta = -zeta(1/2)/sqrt(2 pi) = 0.5826 (Broadie,
 * Glasserman & Kou 1997, "A continuity correction for discrete barrier options",
 * Math. Finance 7(4)): entry happens at a lower, exit at a higher price than in
 * continuous time. After that correction the remainder is of order sigma^2 dt
 * (0.0033 here), the tolerance on the log of the triggers. Values: a period's
 * flow is received at its start (the left-point rule of the flow integral), an
 * O(r dt / 2) relative excess on the flow's present value (P + C)/(r - mu), plus
 * the O(sigma^2 dt) monitoring effect on the option parts. */
static void grid_agrees(void **state) {
  (void)state;
  soso_dixit d;
  assert_int_equal(soso_valuation_dixit_solve(&d, R, MU, SIG, C, I, E), 0);
  soso_mine *m = NULL;
  assert_int_equal(soso_mine_load(&m, SOSO_SOURCE_DIR "/examples/dixit-pindyck/mine.yaml"), 0);
  soso_qmodel q;
  soso_switching sw;
  assert_int_equal(soso_mine_qmodel(&q, m), 0);
  assert_int_equal(soso_valuation_switching_init(&sw, m, &q), 0);
  assert_int_equal(sw.reserve_binding, 0);
  assert_int_equal(sw.n_levels, 2);
  double dt = m->step_years, s = SIG * sqrt(dt);
  soso_grid_opts o = SOSO_GRID_OPTS_INIT;
  o.dx = s / 2.0;
  o.lo = 0.5;
  o.hi = 2.2;
  o.half_width = 2.0;
  soso_grid *g = NULL;
  assert_int_equal(soso_valuation_grid_solve(&g, &sw, &o), 0);
  soso_thresholds th;
  assert_int_equal(soso_valuation_grid_thresholds(g, &th), 0);
  double shift = 0.5826 * s, tol = SIG * SIG * dt;
  assert_close(log(th.reopen_above / d.H), -shift, tol);
  assert_close(log(th.close_below / d.L), shift, tol);
  /* No abandonment in this model. */
  assert_close(th.abandon_open_below, 0.0, 0.0);
  assert_close(th.abandon_closed_below, 0.0, 0.0);
  for (double p = 0.6; p < 2.3; p += 0.4) {
    double v, w;
    assert_int_equal(soso_valuation_grid_value(g, p, &v, &w, NULL), 0);
    double v1 = active(&d, p), v0 = idle(&d, p);
    if (p > d.H) v0 = v1 - I;
    if (p < d.L) v1 = v0 - E;
    double flow = (p + C) / (R - MU) * R * dt / 2.0;
    assert_close(v, v1, flow + tol * fabs(v1));
    assert_close(w, v0, flow + tol * fabs(v0));
  }
  soso_valuation_grid_free(g);
  soso_mine_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(closed_form),
      cmocka_unit_test(no_uncertainty_limit),
      cmocka_unit_test(bad_parameters),
      cmocka_unit_test(grid_agrees),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
