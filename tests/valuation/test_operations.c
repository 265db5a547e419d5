/* test_operations.c - the operations simulation: month-by-month bookkeeping of
 * soso_ops_follow under a scripted policy, and the distributions of
 * soso_ops_simulate under the grid policy (reproducibility, thread invariance, a
 * mine that never closes, bad options, fan charts). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/error.h"
#include "soso/mine.h"
#include "soso/ops.h"
#include "soso/valuation.h"
#include "valuation/policy_int.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#define BS_FILE SOSO_SOURCE_DIR "/examples/brennan-schwartz-1985/mine.yaml"
/* Bookkeeping identities hold to rounding. */
#define EPS 1e-12
#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) <= EPS * (1.0 + fabs(b)))

/* A scripted policy: open above `reopen`, closed below it, abandon below `quit`;
 * monthly decisions. */
typedef struct scripted {
  soso_policy base; /* must be first */
  double reopen;    /* price above which the mine is open */
  double quit;      /* price below which it is abandoned */
} scripted;

static int scripted_decide(const soso_policy *p, double t, double reserve, const double *prices,
                           int mode, int *next) {
  (void)t, (void)reserve, (void)mode;
  const scripted *s = (const scripted *)(const void *)p;
  *next = prices[0] < s->quit ? SOSO_MODE_ABANDONED
                              : (prices[0] < s->reopen ? SOSO_MODE_CLOSED : SOSO_MODE_OPEN);
  return 0;
}
static void scripted_destroy(soso_policy *p) { (void)p; }
static const soso_policy_vt k_scripted = {"scripted", scripted_decide, scripted_destroy};

static soso_mine *workforce_mine(void) {
  soso_mine *m = NULL;
  assert_int_equal(soso_mine_load(&m, BS_FILE), 0);
  m->operating_crew = 37;
  m->care_crew = 6;
  m->ramp_up_months = 4;
  m->wage = 0.0031; /* $ million per worker-year (the file's period is a year) */
  m->royalty = 0.035;
  m->capital_cost = 4.75;
  m->closure_cost = 1.2;
  m->closure_years = 0.5;
  return m;
}

enum { NM = 60 };

static void test_follow_bookkeeping(void **state) {
  (void)state;
  soso_mine *m = workforce_mine();
  scripted pol = {{&k_scripted, 1.0 / 12.0, 40.0}, 1.0, 0.1};
  double px[NM];
  for (int j = 0; j < NM; j++) px[j] = j < 6 ? 1.7 : (j < 10 ? 0.6 : 1.9);
  signed char mode[NM];
  double emp[NM], wages[NM], roy[NM], tax[NM], cash[NM], ore[NM];
  soso_ops_path o = {mode, emp, wages, roy, tax, cash, ore, 0, 0, 0, 0, 0, 0.0};
  assert_int_equal(soso_ops_follow(&pol.base, m, px, NM, 2, &o), 0);
  for (int j = 0; j < 2; j++) {
    assert_int_equal(mode[j], SOSO_OPS_NOT_STARTED);
    assert_true(emp[j] == 0.0 && cash[j] == 0.0);
  }
  const double per = 1.0 / 12.0; /* periods (years) per month */
  for (int j = 2; j < NM; j++) {
    double t = (double)(j - 2) / 12.0, infl = soso_mine_inflation(m, t);
    int open = j < 6 || j >= 10;
    assert_int_equal(mode[j], open ? SOSO_MODE_OPEN : SOSO_MODE_CLOSED);
    double want_emp, want_cash;
    if (open) {
      soso_mine_flow f;
      soso_mine_operate(&f, m, t, &px[j], 10.0 / 12.0, 1.0 / 12.0);
      /* ramp-up: from nobody at the first opening, from the care crew after */
      double base = j < 6 ? 0.0 : 6.0, months = j < 6 ? j - 1 : j - 9;
      want_emp = base + (37.0 - base) * fmin(1.0, months / 4.0);
      want_cash = f.net - (j == 2 ? 4.75 : 0.0) - (j == 10 ? 0.2 * infl : 0.0);
      assert_near(roy[j], f.royalty);
      assert_near(tax[j], f.tax);
      assert_near(ore[j], 10.0 / 12.0);
    } else {
      want_emp = 6.0;
      want_cash = -0.5 * per * infl - (j == 6 ? 0.2 * infl : 0.0);
      assert_true(roy[j] == 0.0 && tax[j] == 0.0 && ore[j] == 0.0);
    }
    assert_near(emp[j], want_emp);
    assert_near(cash[j], want_cash);
    assert_near(wages[j], want_emp * 0.0031 * per * infl);
  }
  assert_int_equal(o.months_open, 4 + 50);
  assert_int_equal(o.n_switches, 2);
  assert_int_equal(o.end_reason, SOSO_OPS_RUNNING);
  assert_int_equal(o.end_month, NM);
  assert_int_equal(o.hired_at_start, 1);
  assert_near(o.layoff_12, 1.0 - 6.0 / 37.0); /* closed in month 4 of 12 */
  /* Any output array but mode may be omitted. */
  soso_ops_path bare = {mode, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0.0};
  assert_int_equal(soso_ops_follow(&pol.base, m, px, NM, 0, &bare), 0);
  assert_int_equal(bare.months_open, 6 + 50);
  /* Errors. */
  assert_int_equal(soso_ops_follow(&pol.base, m, px, NM, NM, &o), SOSO_EUSAGE);
  bare.mode = NULL;
  assert_int_equal(soso_ops_follow(&pol.base, m, px, NM, 0, &bare), SOSO_EUSAGE);
  assert_int_equal(soso_ops_follow(NULL, m, px, NM, 0, &o), SOSO_EUSAGE);
  soso_mine_free(m);
}

/* The month tables change no bit: soso_ops_follow_tab with and without them, from
 * several start months, monthly and half-yearly decisions, a price path that
 * opens, closes and reopens the mine; tables of the wrong length or step are refused. */
static void test_follow_tab_identical(void **state) {
  (void)state;
  soso_mine *m = workforce_mine();
  m->inflation = 0.0385;
  double px[NM];
  for (int j = 0; j < NM; j++) px[j] = 1.3 + 0.9 * sin(0.37 * j);
  for (int st = 0; st < 2; st++) {
    scripted pol = {{&k_scripted, st ? 0.5 : 1.0 / 12.0, 40.0}, 1.0, 0.1};
    soso_ops_tab *tab = NULL;
    assert_int_equal(soso_ops_tab_new(&tab, &pol.base, m, NM), 0);
    for (size_t start = 0; start < NM; start += 7) {
      signed char mo[2][NM];
      double v[2][6][NM];
      soso_ops_path o[2];
      for (int w = 0; w < 2; w++) {
        o[w] = (soso_ops_path){mo[w], v[w][0], v[w][1], v[w][2], v[w][3], v[w][4], v[w][5],
                               0, 0, 0, 0, 0, 0.0};
        assert_int_equal(soso_ops_follow_tab(w ? tab : NULL, &pol.base, m, px, NM, start, &o[w]),
                         0);
      }
      assert_memory_equal(mo[0], mo[1], sizeof mo[0]);
      assert_memory_equal(v[0], v[1], sizeof v[0]);
      assert_int_equal(o[0].months_open, o[1].months_open);
      assert_int_equal(o[0].n_switches, o[1].n_switches);
      assert_int_equal(o[0].end_month, o[1].end_month);
      assert_true(o[0].layoff_12 == o[1].layoff_12);
    }
    soso_ops_tab_free(tab);
  }
  scripted pol = {{&k_scripted, 0.5, 40.0}, 1.0, 0.1}, other = {{&k_scripted, 0.25, 40.0}, 1.0, 0.1};
  soso_ops_tab *tab = NULL;
  assert_int_equal(soso_ops_tab_new(&tab, &pol.base, m, NM - 10), 0);
  signed char mode[NM];
  soso_ops_path bare = {mode, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0.0};
  assert_int_equal(soso_ops_follow_tab(tab, &pol.base, m, px, NM, 10, &bare), 0);
  assert_int_equal(soso_ops_follow_tab(tab, &pol.base, m, px, NM, 9, &bare), SOSO_EUSAGE);
  assert_int_equal(soso_ops_follow_tab(tab, &other.base, m, px, NM, 10, &bare), SOSO_EUSAGE);
  soso_ops_tab_free(tab);
  soso_ops_tab_free(NULL);
  soso_mine_free(m);
}

/* Mined out at full capacity: 150 million lb at 10 a year is 180 months; closure
 * is paid over the next 6 months; abandonment ends a path at once. */
static void test_follow_exhaustion_and_abandonment(void **state) {
  (void)state;
  soso_mine *m = workforce_mine();
  scripted pol = {{&k_scripted, 1.0 / 12.0, 40.0}, 1.0, 0.1};
  enum { N = 200 };
  double px[N], cash[N], emp[N];
  signed char mode[N];
  for (int j = 0; j < N; j++) px[j] = 2.25;
  soso_ops_path o = {mode, emp, NULL, NULL, NULL, cash, NULL, 0, 0, 0, 0, 0, 0.0};
  assert_int_equal(soso_ops_follow(&pol.base, m, px, N, 0, &o), 0);
  assert_int_equal(o.months_open, 180);
  assert_int_equal(o.n_switches, 0);
  assert_int_equal(o.end_reason, SOSO_OPS_EXHAUSTED);
  assert_int_equal(o.end_month, 180);
  assert_true(o.layoff_12 == 0.0);
  for (int j = 180; j < N; j++) {
    assert_int_equal(mode[j], SOSO_MODE_ABANDONED);
    assert_true(emp[j] == 0.0);
    double want = j < 186 ? -0.2 * soso_mine_inflation(m, j / 12.0) : 0.0;
    assert_near(cash[j], want);
  }
  for (int j = 0; j < N; j++) px[j] = j < 5 ? 1.4 : 0.05;
  assert_int_equal(soso_ops_follow(&pol.base, m, px, N, 0, &o), 0);
  assert_int_equal(o.end_reason, SOSO_OPS_ABANDONED);
  assert_int_equal(o.end_month, 5);
  assert_int_equal(o.months_open, 5);
  assert_true(o.layoff_12 == 1.0);
  assert_int_equal(mode[5], SOSO_MODE_ABANDONED);
  assert_true(emp[5] == 0.0 && emp[4] > 0.0);
  soso_mine_free(m);
}

typedef struct grid_setup {
  soso_mine *m;       /* the mine */
  soso_qmodel q;      /* Q model */
  soso_switching sw;  /* problem */
  soso_grid *g;       /* grid solution */
  soso_policy *p;     /* its policy */
} grid_setup;

static void grid_setup_make(grid_setup *gs, soso_mine *m) {
  gs->m = m;
  assert_int_equal(soso_mine_qmodel(&gs->q, m), 0);
  assert_int_equal(soso_valuation_switching_init(&gs->sw, m, &gs->q), 0);
  soso_grid_opts go = SOSO_GRID_OPTS_INIT;
  assert_int_equal(soso_valuation_grid_solve(&gs->g, &gs->sw, &go), 0);
  assert_int_equal(soso_valuation_grid_policy(&gs->p, gs->g), 0);
}

static void grid_setup_free(grid_setup *gs) {
  soso_valuation_policy_free(gs->p);
  soso_valuation_grid_free(gs->g);
  soso_mine_free(gs->m);
}

static int same_result(const soso_ops_result *a, const soso_ops_result *b) {
  size_t M = a->n_months, F = (size_t)a->n_factors;
  return a->n_months == b->n_months &&
         memcmp(&a->months_open, &b->months_open, sizeof a->months_open) == 0 &&
         memcmp(&a->switches, &b->switches, sizeof a->switches) == 0 &&
         memcmp(&a->open_spell, &b->open_spell, sizeof a->open_spell) == 0 &&
         memcmp(&a->closed_spell, &b->closed_spell, sizeof a->closed_spell) == 0 &&
         memcmp(&a->cash_flow, &b->cash_flow, sizeof a->cash_flow) == 0 &&
         memcmp(&a->npv, &b->npv, sizeof a->npv) == 0 &&
         memcmp(&a->wages, &b->wages, sizeof a->wages) == 0 &&
         a->p_layoff_12 == b->p_layoff_12 &&
         memcmp(a->price_band, b->price_band, M * F * 5 * sizeof(double)) == 0 &&
         memcmp(a->employment_band, b->employment_band, M * 5 * sizeof(double)) == 0 &&
         memcmp(a->share_open, b->share_open, M * sizeof(double)) == 0;
}

static void test_simulate_reproducible(void **state) {
  (void)state;
  grid_setup gs;
  grid_setup_make(&gs, workforce_mine());
  soso_ops_opts o = SOSO_OPS_OPTS_INIT;
  o.n_paths = 301;
  o.years = 12.5;
  o.seed = 20260521;
  o.n_threads = 1;
  soso_ops_result *a = NULL, *b = NULL, *c = NULL;
  assert_int_equal(soso_ops_simulate(&a, gs.p, gs.m, &o), 0);
  assert_int_equal(a->n_months, 150);
  assert_true(a->seed == 20260521);
  assert_int_equal(soso_ops_simulate(&b, gs.p, gs.m, &o), 0);
  assert_true(same_result(a, b)); /* same seed, same output */
  o.n_threads = 2;
  assert_int_equal(soso_ops_simulate(&c, gs.p, gs.m, &o), 0);
  assert_true(same_result(a, c)); /* 1 and 2 threads: same bits */
  soso_ops_result_free(c);
  o.seed = 20260522;
  assert_int_equal(soso_ops_simulate(&c, gs.p, gs.m, &o), 0);
  assert_false(same_result(a, c));
  /* Coherence of the distributions. */
  assert_int_equal(a->months_open.n, 301);
  assert_true(a->months_open.q[0] <= a->months_open.q[2] && a->months_open.q[2] <= a->months_open.q[4]);
  assert_true(a->months_open.q[4] <= 150.0);
  assert_near(a->share_exhausted + a->share_abandoned + a->share_running, 1.0);
  for (size_t j = 0; j < a->n_months; j++) {
    assert_near(a->share_open[j] + a->share_closed[j] + a->share_abandoned_t[j], 1.0);
    assert_true(a->employment_band[j * 5] >= 0.0 && a->employment_band[j * 5 + 4] <= 37.0);
  }
  assert_true(a->p_layoff_12 >= 0.0 && a->p_layoff_12 <= 1.0);
  soso_ops_result_free(a);
  soso_ops_result_free(b);
  soso_ops_result_free(c);
  grid_setup_free(&gs);
}

/* Copper at 40 $/lb against a 0.50 $/lb cash cost (inflating to 1.66 in 15 years)
 * with 5 % volatility: the optimal policy never closes, every path is mined out
 * after exactly 180 months, and nobody hired at start is laid off in a year. */
static void test_deep_in_the_money_never_closes(void **state) {
  (void)state;
  soso_mine *m = workforce_mine();
  m->pmodel.d.f[0].s0 = 40.0;
  m->pmodel.d.f[0].sigma = 0.05;
  grid_setup gs;
  grid_setup_make(&gs, m);
  soso_ops_opts o = SOSO_OPS_OPTS_INIT;
  o.n_paths = 200;
  o.years = 20.0;
  o.seed = 5;
  o.n_threads = 1;
  soso_ops_result *r = NULL;
  assert_int_equal(soso_ops_simulate(&r, gs.p, gs.m, &o), 0);
  assert_true(r->switches.q[4] == 0.0 && r->switches.mean == 0.0);
  assert_true(r->months_open.q[0] == 180.0 && r->months_open.q[4] == 180.0);
  assert_true(r->share_exhausted == 1.0);
  assert_true(r->years_to_end.q[0] == 15.0 && r->years_to_end.q[4] == 15.0);
  assert_true(r->closed_spell.n == 0);
  assert_true(r->p_hired_at_start == 1.0 && r->p_layoff_12 == 0.0);
  soso_ops_result_free(r);
  grid_setup_free(&gs);
}

static void test_simulate_bad_options_and_chart(void **state) {
  (void)state;
  grid_setup gs;
  grid_setup_make(&gs, workforce_mine());
  soso_ops_opts o = SOSO_OPS_OPTS_INIT;
  soso_ops_result *r = NULL;
  o.n_paths = 1;
  assert_int_equal(soso_ops_simulate(&r, gs.p, gs.m, &o), SOSO_EUSAGE);
  assert_null(r);
  o.n_paths = 50;
  o.years = 0.0;
  assert_int_equal(soso_ops_simulate(&r, gs.p, gs.m, &o), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "years"));
  o.years = 250.0;
  assert_int_equal(soso_ops_simulate(&r, gs.p, gs.m, &o), SOSO_EUSAGE);
  assert_int_equal(soso_ops_simulate(&r, NULL, gs.m, &o), SOSO_EUSAGE);
  o.years = 3.0;
  o.n_threads = 1;
  assert_int_equal(soso_ops_simulate(&r, gs.p, gs.m, &o), 0);
  const char *png = SOSO_BINARY_DIR "/test_operations_fan.png";
  const char *svg = SOSO_BINARY_DIR "/test_operations_fan.svg";
  remove(png);
  remove(svg);
  assert_int_equal(soso_ops_fan_chart(r, gs.m, png), 0);
  assert_int_equal(soso_ops_fan_chart(r, gs.m, svg), 0);
  FILE *f = fopen(png, "rb");
  assert_non_null(f);
  unsigned char sig[8] = {0};
  assert_int_equal(fread(sig, 1, 8, f), 8);
  fclose(f);
  assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
  assert_true(soso_ops_fan_chart(r, gs.m, "/nonexistent-dir/fan.png") < 0);
  remove(png);
  remove(svg);
  soso_ops_result_free(r);
  soso_ops_result_free(NULL);
  grid_setup_free(&gs);
}

int main(void) {
  omp_set_num_threads(1); /* ctest runs programs side by side; 2 threads where tested */
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_follow_bookkeeping),
                                     cmocka_unit_test(test_follow_tab_identical),
                                     cmocka_unit_test(test_follow_exhaustion_and_abandonment),
                                     cmocka_unit_test(test_simulate_reproducible),
                                     cmocka_unit_test(test_deep_in_the_money_never_closes),
                                     cmocka_unit_test(test_simulate_bad_options_and_chart)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
