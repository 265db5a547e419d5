/* test_grid.c - the grid solver on the Brennan & Schwartz (1985) copper mine
 * (reference README section 2): internal consistency, grid convergence, the static
 * plan against its closed-form sum, the policy, thread-count invariance, the
 * chart, and every documented solver error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/error.h"
#include "soso/valuation.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BS SOSO_SOURCE_DIR "/examples/brennan-schwartz-1985/mine.yaml"
#define assert_close(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

static const double k_prices[8] = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

typedef struct fixture {
  soso_mine *m;
  soso_qmodel q;
  soso_switching sw;
  soso_grid *g;
} fixture;

/* The one-step standard deviation of ln S: sigma sqrt(dt) = sqrt(0.08 * 0.25). */
static const double k_sd = 0.1414213562373095;

/* The solutions shared by the tests: the default grid (dx = sd/4) and the grid
 * twice as coarse (dx = sd/2). */
typedef struct both {
  fixture fine, coarse;
} both;

static int solve(fixture *f, const char *path, double dx) {
  memset(f, 0, sizeof *f);
  if (soso_mine_load(&f->m, path) < 0 || soso_mine_qmodel(&f->q, f->m) < 0 ||
      soso_valuation_switching_init(&f->sw, f->m, &f->q) < 0)
    return -1;
  soso_grid_opts o = SOSO_GRID_OPTS_INIT;
  o.lo = 0.3;
  o.hi = 1.0;
  o.dx = dx;
  return soso_valuation_grid_solve(&f->g, &f->sw, &o);
}

static void release(fixture *f) {
  soso_valuation_grid_free(f->g);
  soso_mine_free(f->m);
}

static int setup(void **state) {
  both *b = calloc(1, sizeof *b);
  if (!b || solve(&b->fine, BS, 0.0) < 0 || solve(&b->coarse, BS, k_sd / 2.0) < 0) return -1;
  *state = b;
  return 0;
}

static int teardown(void **state) {
  both *b = *state;
  release(&b->fine);
  release(&b->coarse);
  free(b);
  return 0;
}

/* The discrete problem of reference section 2 as built: 121 dates, 60 quarter
 * steps of reserve (plus the exhausted level), discount r + property tax. */
static void problem_shape(void **state) {
  fixture *f = &((both *)*state)->fine;
  assert_int_equal(f->sw.n_dates, 121);
  assert_int_equal(f->sw.n_levels, 61);
  assert_true(f->sw.reserve_binding);
  assert_close(f->sw.discount, 0.12, 1e-15);
  assert_close(f->sw.level_ore, 2.5, 1e-15);
  assert_close(soso_valuation_switching_reserve(&f->sw, 60), 150.0, 0.0);
  assert_close(soso_valuation_switching_reserve(&f->sw, 7), 17.5, 1e-12);
  assert_int_equal(soso_valuation_switching_next_level(&f->sw, 7, SOSO_MODE_OPEN), 6);
  assert_int_equal(soso_valuation_switching_next_level(&f->sw, 7, SOSO_MODE_CLOSED), 7);
  /* The reward definitions of section 2 at t = 2.75 (date 11), S = 0.6731. */
  double s = 0.6731, t = 2.75, d = exp(-0.12 * t), pi = exp(0.08 * t);
  assert_close(soso_valuation_switching_reward(&f->sw, 11, 30, &s, SOSO_MODE_OPEN, SOSO_MODE_OPEN),
               0.5 * 10 * 0.25 * (s - 0.5 * pi) * d, 1e-12);
  assert_close(soso_valuation_switching_reward(&f->sw, 11, 30, &s, SOSO_MODE_OPEN, SOSO_MODE_CLOSED),
               -(0.5 * 0.25 + 0.2) * pi * d, 1e-12);
  assert_close(soso_valuation_switching_reward(&f->sw, 11, 30, &s, SOSO_MODE_CLOSED, SOSO_MODE_CLOSED),
               -0.5 * 0.25 * pi * d, 1e-12);
  assert_close(soso_valuation_switching_reward(&f->sw, 11, 30, &s, SOSO_MODE_CLOSED, SOSO_MODE_OPEN),
               (0.5 * 10 * 0.25 * (s - 0.5 * pi) - 0.2 * pi) * d, 1e-12);
  assert_close(soso_valuation_switching_reward(&f->sw, 11, 30, &s, SOSO_MODE_OPEN, SOSO_MODE_ABANDONED),
               0.0, 0.0);
  assert_true(soso_valuation_switching_reward(&f->sw, 11, 0, &s, SOSO_MODE_OPEN, SOSO_MODE_OPEN) ==
              -HUGE_VAL);
  assert_close(soso_valuation_switching_terminal(&f->sw, SOSO_MODE_OPEN), 0.0, 0.0);
}

/* Without published numbers we are sure of, the solution is checked against what
 * any optimal switching value must satisfy (exact up to rounding, 1e-9):
 * V >= W - close cost and W >= V - open cost at t = 0 (pi = d = 1); both are
 * non-negative (abandonment is free) and increase with the price; the flexible
 * mine is worth at least the static plan; in the close region V = W - close cost
 * and in the reopen region W = V - open cost; thresholds are ordered. */
static void consistency(void **state) {
  fixture *f = &((both *)*state)->fine;
  soso_thresholds th;
  assert_int_equal(soso_valuation_grid_thresholds(f->g, &th), 0);
  assert_true(th.abandon_open_below > 0.2 && th.abandon_open_below <= th.close_below);
  assert_true(th.close_below < th.reopen_above && th.reopen_above < 0.8);
  assert_true(th.abandon_closed_below > 0.2 && th.abandon_closed_below < th.reopen_above);
  double pv = -1.0, pw = -1.0;
  for (int i = 0; i < 8; i++) {
    double s = k_prices[i], v, w, st;
    assert_int_equal(soso_valuation_grid_value(f->g, s, &v, &w, &st), 0);
    assert_true(v >= w - 0.2 - 1e-9 && w >= v - 0.2 - 1e-9);
    assert_true(v >= 0.0 && w >= 0.0 && v > pv && w > pw && v >= st - 1e-9);
    if (s > th.abandon_open_below && s < th.close_below) assert_close(v, w - 0.2, 1e-9);
    if (s > th.reopen_above) assert_close(w, v - 0.2, 1e-9);
    pv = v;
    pw = w;
  }
  /* Below every abandonment price both are worth exactly 0. */
  double v, w;
  assert_int_equal(soso_valuation_grid_value(f->g, 0.15, &v, &w, NULL), 0);
  assert_close(v, 0.0, 0.0);
  assert_close(w, 0.0, 0.0);
  soso_grid_info info;
  soso_valuation_grid_get_info(f->g, &info);
  assert_true(info.s_min < 0.3 && info.s_max > 1.0 && info.n_nodes > 100);
}

/* Grid convergence (the refinement: log-price spacing halved from s/2 to s/4, s
 * = sigma sqrt(dt) = 0.1414 the one-step standard deviation; the time grid is the
 * problem's own quarterly dates and is not refined): the values at the eight
 * prices move by less than 1e-3 $ million and the critical prices by less than
 * 1e-3 $/lb, the stability the issue asks for. */
static void convergence(void **state) {
  fixture *fine = &((both *)*state)->fine, *coarse = &((both *)*state)->coarse;
  soso_grid_info a, b;
  soso_valuation_grid_get_info(coarse->g, &a);
  soso_valuation_grid_get_info(fine->g, &b);
  assert_close(a.dx, 2.0 * b.dx, 1e-15);
  for (int i = 0; i < 8; i++) {
    double v1, w1, v2, w2;
    assert_int_equal(soso_valuation_grid_value(coarse->g, k_prices[i], &v1, &w1, NULL), 0);
    assert_int_equal(soso_valuation_grid_value(fine->g, k_prices[i], &v2, &w2, NULL), 0);
    assert_close(v1, v2, 1e-3);
    assert_close(w1, w2, 1e-3);
  }
  soso_thresholds t1, t2;
  assert_int_equal(soso_valuation_grid_thresholds(coarse->g, &t1), 0);
  assert_int_equal(soso_valuation_grid_thresholds(fine->g, &t2), 0);
  assert_close(t1.close_below, t2.close_below, 1e-3);
  assert_close(t1.reopen_above, t2.reopen_above, 1e-3);
  assert_close(t1.abandon_open_below, t2.abandon_open_below, 1e-3);
  assert_close(t1.abandon_closed_below, t2.abandon_closed_below, 1e-3);
}

/* With P = Q (mu = r - delta, discount = r) and a linear tax, the classical NPV
 * (a closed-form sum over expected prices) and the grid's static value (the
 * expectation of the same flows carried backward on the grid) are the same number;
 * they differ only by the grid's interpolation error, which the refinement above
 * bounds by 1e-3; 1e-4 is asked of this smooth, linear-in-S quantity. */
static void static_plan(void **state) {
  fixture *f = &((both *)*state)->fine;
  soso_static st;
  assert_int_equal(soso_valuation_static_plan(&st, f->m), 0);
  double sv = 0.0;
  assert_int_equal(soso_valuation_grid_value(f->g, 0.8, NULL, NULL, &sv), 0);
  assert_close(st.npv, sv, 1e-4);
  assert_close(st.life_years, 15.0, 1e-12);
  /* The same plan summed at the Q-expected prices (exact: the flow is linear). */
  double sq = 0.0;
  assert_int_equal(soso_valuation_static_value_q(&sq, &f->sw), 0);
  assert_close(sq, sv, 1e-4);
  assert_close(sq, st.npv, 1e-9);
  assert_int_equal(soso_valuation_static_value_q(NULL, &f->sw), SOSO_EUSAGE);
  assert_int_equal(st.has_irr, 0); /* no capital cost: the flows never change sign */
  /* With a capital cost the IRR is where the NPV vanishes. */
  f->m->capital_cost = 17.9;
  assert_int_equal(soso_valuation_static_plan(&st, f->m), 0);
  assert_int_equal(st.has_irr, 1);
  double keep = f->m->discount_rate;
  f->m->discount_rate = st.irr - f->m->property_tax;
  soso_static z;
  assert_int_equal(soso_valuation_static_plan(&z, f->m), 0);
  assert_close(z.npv, 0.0, 1e-8);
  /* A closure cost at the end gives NPV(y) a second, spurious root at a very
   * negative rate (the last flow dominates there); the IRR is the investment's
   * root, above the discount rate when the NPV is positive. */
  f->m->discount_rate = keep;
  f->m->capital_cost = 12.9;
  f->m->closure_cost = 6.3;
  f->m->closure_years = 2.25;
  assert_int_equal(soso_valuation_static_plan(&st, f->m), 0);
  assert_true(st.npv > 0.0 && st.has_irr);
  assert_true(st.irr > keep + f->m->property_tax);
  f->m->discount_rate = st.irr - f->m->property_tax;
  assert_int_equal(soso_valuation_static_plan(&z, f->m), 0);
  assert_close(z.npv, 0.0, 1e-8);
  f->m->discount_rate = keep;
  f->m->closure_cost = 0.0;
  f->m->closure_years = 0.0;
  f->m->capital_cost = 0.0;
}

/* A log-OU price (Schwartz 1997 model 1) with lambda = 0 and discount = r: again
 * the static plan's closed-form sum equals the grid's static value, which checks
 * the OU transition's mean and variance. Same tolerance argument as above, relative
 * to the size of the value. */
static void ou_static(void **state) {
  (void)state;
  fixture f;
  memset(&f, 0, sizeof f);
  assert_int_equal(soso_mine_load(&f.m, BS), 0);
  soso_factor *fa = &f.m->pmodel.d.f[0];
  fa->kind = SOSO_PRICE_OU;
  fa->kappa = 0.3719;
  fa->alpha = log(0.7413);
  fa->sigma = 0.2617;
  f.m->lambda[0] = 0.0;
  f.m->delta[0] = 0.0;
  f.m->discount_rate = f.m->risk_free_rate;
  assert_int_equal(soso_mine_qmodel(&f.q, f.m), 0);
  assert_int_equal(soso_valuation_switching_init(&f.sw, f.m, &f.q), 0);
  soso_grid_opts o = SOSO_GRID_OPTS_INIT;
  o.dx = 0.2617 * 0.5 / 2.0; /* half the one-step sd (an upper bound for OU) */
  assert_int_equal(soso_valuation_grid_solve(&f.g, &f.sw, &o), 0);
  soso_static st;
  assert_int_equal(soso_valuation_static_plan(&st, f.m), 0);
  double sv = 0.0, v = 0.0;
  assert_int_equal(soso_valuation_grid_value(f.g, 0.8, &v, NULL, &sv), 0);
  assert_close(st.npv, sv, 1e-4 * fabs(sv));
  assert_true(v >= sv);
  release(&f);
}

/* The policy decides as the exact action values at t = 0 do, except within a
 * hair of a threshold (the policy's thresholds come from the nodes, the exact ones
 * from Brent's method: they differ by the grid error, < 1e-3 $/lb). */
static void policy(void **state) {
  fixture *f = &((both *)*state)->fine;
  soso_policy *p = NULL;
  assert_int_equal(soso_valuation_grid_policy(&p, f->g), 0);
  assert_string_equal(soso_valuation_policy_method(p), "grid");
  assert_close(soso_valuation_policy_step(p), 0.25, 0.0);
  soso_thresholds th;
  assert_int_equal(soso_valuation_grid_thresholds(f->g, &th), 0);
  double cuts[4] = {th.close_below, th.reopen_above, th.abandon_open_below,
                    th.abandon_closed_below};
  for (int i = 0; i < 400; i++) {
    double s = 0.15 + 0.0021 * i, v, w;
    int near = 0;
    for (int c = 0; c < 4; c++) near |= fabs(s - cuts[c]) < 1e-3;
    if (near) continue;
    assert_int_equal(soso_valuation_grid_value(f->g, s, &v, &w, NULL), 0);
    int open = -1, closed = -1;
    assert_int_equal(soso_valuation_policy_decide(p, 0.0, 150.0, &s, SOSO_MODE_OPEN, &open), 0);
    assert_int_equal(soso_valuation_policy_decide(p, 0.0, 150.0, &s, SOSO_MODE_CLOSED, &closed), 0);
    int want_open = s < th.abandon_open_below ? SOSO_MODE_ABANDONED
                    : s < th.close_below      ? SOSO_MODE_CLOSED
                                              : SOSO_MODE_OPEN;
    int want_closed = s < th.abandon_closed_below ? SOSO_MODE_ABANDONED
                      : s > th.reopen_above       ? SOSO_MODE_OPEN
                                                  : SOSO_MODE_CLOSED;
    assert_int_equal(open, want_open);
    assert_int_equal(closed, want_closed);
  }
  int next = -1;
  double s = 0.9;
  assert_int_equal(soso_valuation_policy_decide(p, 30.26, 150.0, &s, SOSO_MODE_OPEN, &next), 0);
  assert_int_equal(next, SOSO_MODE_ABANDONED); /* past the horizon */
  assert_int_equal(soso_valuation_policy_decide(p, 3.0, 0.0, &s, SOSO_MODE_OPEN, &next), 0);
  assert_int_equal(next, SOSO_MODE_ABANDONED); /* exhausted */
  assert_int_equal(soso_valuation_policy_decide(p, 3.0, 40.0, &s, SOSO_MODE_ABANDONED, &next), 0);
  assert_int_equal(next, SOSO_MODE_ABANDONED);
  assert_int_equal(soso_valuation_policy_decide(p, 3.0, 40.0, &s, 7, &next), SOSO_EUSAGE);
  assert_int_equal(soso_valuation_policy_decide(p, -1.0, 40.0, &s, SOSO_MODE_OPEN, &next), SOSO_EUSAGE);
  assert_int_equal(soso_valuation_policy_decide(p, 1.0, 40.0, NULL, SOSO_MODE_OPEN, &next), SOSO_EUSAGE);
  /* Between levels the thresholds interpolate: a price between the close prices
   * of two neighbouring levels keeps a monotone decision in the reserve. */
  soso_thresholds a, b;
  assert_int_equal(soso_valuation_grid_thresholds_at(f->g, 8, 20, &a), 0);
  assert_int_equal(soso_valuation_grid_thresholds_at(f->g, 8, 21, &b), 0);
  double mid = 0.5 * (a.close_below + b.close_below);
  int d0 = -1, d1 = -1;
  assert_int_equal(soso_valuation_policy_decide(p, 2.0, 50.0, &mid, SOSO_MODE_OPEN, &d0), 0);
  assert_int_equal(soso_valuation_policy_decide(p, 2.0, 52.5, &mid, SOSO_MODE_OPEN, &d1), 0);
  if (a.close_below != b.close_below) assert_true(d0 != d1);
  /* Many threads at once decide as one does (read-only policy). */
  int serial[256], par[256];
  for (int i = 0; i < 256; i++) {
    double x = 0.1 + 0.004 * i;
    soso_valuation_policy_decide(p, 0.25 * (i % 100), 150.0 - 0.5 * (i % 250), &x,
                       i % 2 ? SOSO_MODE_OPEN : SOSO_MODE_CLOSED, &serial[i]);
  }
#pragma omp parallel for num_threads(2)
  for (int i = 0; i < 256; i++) {
    double x = 0.1 + 0.004 * i;
    soso_valuation_policy_decide(p, 0.25 * (i % 100), 150.0 - 0.5 * (i % 250), &x,
                       i % 2 ? SOSO_MODE_OPEN : SOSO_MODE_CLOSED, &par[i]);
  }
  assert_memory_equal(serial, par, sizeof serial);
  soso_valuation_policy_free(p);
  soso_valuation_policy_free(NULL);
}

/* Levels are spread over threads; each is computed the same way whatever the
 * thread count, so the values are bit-identical. */
static void thread_invariance(void **state) {
  fixture *f = &((both *)*state)->coarse, one;
  int keep = omp_get_max_threads();
  omp_set_num_threads(1);
  assert_int_equal(solve(&one, BS, k_sd / 2.0), 0);
  omp_set_num_threads(keep);
  for (int i = 0; i < 8; i++) {
    double v1, w1, v2, w2;
    assert_int_equal(soso_valuation_grid_value(one.g, k_prices[i], &v1, &w1, NULL), 0);
    assert_int_equal(soso_valuation_grid_value(f->g, k_prices[i], &v2, &w2, NULL), 0);
    assert_true(v1 == v2 && w1 == w2);
  }
  release(&one);
}

static void chart(void **state) {
  fixture *f = &((both *)*state)->fine;
  const char *png = SOSO_BINARY_DIR "/test_grid_policy.png";
  const char *svg = SOSO_BINARY_DIR "/test_grid_policy.svg";
  remove(png);
  assert_int_equal(soso_valuation_grid_chart(f->g, png, 0.15, 1.5), 0);
  FILE *fp = fopen(png, "rb");
  assert_non_null(fp);
  unsigned char sig[8] = {0};
  assert_int_equal(fread(sig, 1, 8, fp), 8);
  fclose(fp);
  assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
  assert_int_equal(soso_valuation_grid_chart(f->g, svg, 0.15, 1.5), 0);
  remove(png);
  remove(svg);
  assert_int_equal(soso_valuation_grid_chart(f->g, png, 1.0, 0.5), SOSO_EUSAGE);
}

/* Every documented error of the solver. */
static void errors(void **state) {
  fixture *f = &((both *)*state)->fine;
  soso_grid *g = NULL;
  soso_grid_opts o = SOSO_GRID_OPTS_INIT;
  /* Spacing wider than a step's standard deviation 0.1414: cannot resolve. */
  o.dx = 0.2;
  assert_int_equal(soso_valuation_grid_solve(&g, &f->sw, &o), SOSO_ENUMERIC);
  assert_non_null(strstr(soso_error_last(), "too coarse"));
  assert_null(g);
  o.dx = 0.0;
  o.max_nodes = 50;
  assert_int_equal(soso_valuation_grid_solve(&g, &f->sw, &o), SOSO_ENUMERIC);
  assert_non_null(strstr(soso_error_last(), "price nodes exceed the limit 50"));
  /* Outside the grid. */
  assert_int_equal(soso_valuation_grid_value(f->g, 1e6, NULL, NULL, NULL), SOSO_ENUMERIC);
  assert_non_null(strstr(soso_error_last(), "outside the grid"));
  soso_thresholds th;
  assert_int_equal(soso_valuation_grid_thresholds_at(f->g, 121, 0, &th), SOSO_EUSAGE);
  assert_int_equal(soso_valuation_grid_thresholds_at(f->g, 0, 61, &th), SOSO_EUSAGE);
  /* No volatility. */
  soso_switching sw = f->sw;
  sw.q.d.f[0].sigma = 0.0;
  assert_int_equal(soso_valuation_grid_solve(&g, &sw, NULL), SOSO_ENUMERIC);
  assert_non_null(strstr(soso_error_last(), "sigma > 0"));
  /* Several price factors: the grid values one. */
  soso_mine *m = NULL;
  soso_qmodel q;
  assert_int_equal(soso_mine_load(&m, SOSO_SOURCE_DIR "/tests/data/mine_valid.yaml"), 0);
  assert_int_equal(soso_mine_qmodel(&q, m), 0);
  assert_int_equal(soso_valuation_switching_init(&sw, m, &q), 0);
  assert_int_equal(soso_valuation_grid_solve(&g, &sw, NULL), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "3 price factors"));
  /* A Q model that does not fit the mine. */
  q.d.n = 2;
  assert_int_equal(soso_valuation_switching_init(&sw, m, &q), SOSO_EUSAGE);
  soso_mine_free(m);
  assert_int_equal(soso_valuation_grid_solve(NULL, &f->sw, NULL), SOSO_EUSAGE);
  soso_valuation_grid_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(problem_shape), cmocka_unit_test(consistency),
      cmocka_unit_test(convergence),   cmocka_unit_test(static_plan),
      cmocka_unit_test(ou_static),     cmocka_unit_test(policy),
      cmocka_unit_test(thread_invariance), cmocka_unit_test(chart),
      cmocka_unit_test(errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
