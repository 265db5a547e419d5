/* test_sequence.c - the one-plant sequencing: the exact dynamic programme equals
 * brute force over every ordered subset, is never worse than the heuristic or any
 * fixed order, and its plans are feasible under the model of region.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/region.h"
#include "soso/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { NMAX = 12 };

typedef struct inst {
  double value[NMAX], op[NMAX], gap[NMAX], rm[NMAX * NMAX], rc[NMAX * NMAX];
  unsigned char near[NMAX * NMAX];
  soso_seq_problem pb;
} inst;

/* A random instance: sites on a 60 km square, "near" when closer than 15 km,
 * values with some negatives, durations 30-110 months, gaps 12-48 months. */
static void make(inst *in, size_t n, uint64_t seed) {
  soso_rng rng = soso_rng_make(seed, 1001);
  double x[NMAX], y[NMAX], u[4];
  for (size_t i = 0; i < n; i++) {
    soso_rng_uniform4(&rng, i, 0, u);
    x[i] = 60 * u[0];
    y[i] = 60 * u[1];
    in->value[i] = 8.3e6 * u[2] - 1.7e6;
    in->op[i] = 30 + 80 * u[3];
    soso_rng_uniform4(&rng, i, 1, u);
    in->gap[i] = 12 + 36 * u[0];
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) {
      double d = hypot(x[i] - x[j], y[i] - y[j]);
      in->rm[i * n + j] = ceil(3 + d / 25);
      in->rc[i * n + j] = 2.2e5 + 3.1e3 * d;
      in->near[i * n + j] = i != j && d < 15;
    }
  soso_seq_problem pb = {n, in->value, in->op, in->gap, in->rm, in->rc, in->near,
                         4.1e5, 0.083, 360};
  in->pb = pb;
}

/* The plan is feasible: starts obey relocation and crowding, fit the horizon, and
 * its value is what soso_region_seq_evaluate gives for its order. */
static void check_plan(const soso_seq_problem *pb, const soso_seq_plan *p) {
  size_t n = pb->n;
  for (size_t k = 0; k < p->n_used; k++) {
    size_t j = p->order[k];
    assert_true(p->start[k] < pb->horizon_months);
    if (k == 0) assert_true(p->start[k] == 0.0);
    else
      assert_true(p->start[k] >= p->start[k - 1] + pb->op_months[p->order[k - 1]] +
                                      pb->reloc_months[p->order[k - 1] * n + j] - 1e-9);
    for (size_t q = 0; q < k; q++)
      if (pb->near[p->order[q] * n + j])
        assert_true(p->start[k] >= p->start[q] + pb->op_months[p->order[q]] +
                                       pb->gap_months[p->order[q]] - 1e-9);
  }
  size_t o[NMAX];
  double s[NMAX];
  soso_seq_plan e = {0, o, s, 0};
  assert_int_equal(soso_region_seq_evaluate(&e, pb, p->order, p->n_used, 1), 0);
  assert_int_equal(e.n_used, p->n_used);
  /* Same arithmetic in a different order of summation: relative 1e-12. */
  assert_true(fabs(e.value - p->value) <= 1e-12 * (1 + fabs(p->value)));
}

static void exact_equals_brute_force(void **state) {
  (void)state;
  /* Up to 9 sites (the brute force's limit), where the dynamic programme's
   * bound-and-dominance pruning has work to do. */
  for (size_t n = 1; n <= 9; n++)
    for (uint64_t seed = 1; seed <= (n <= 7 ? 25u : 4u); seed++) {
      inst in;
      make(&in, n, seed * 7919 + n);
      size_t o1[NMAX], o2[NMAX];
      double s1[NMAX], s2[NMAX];
      soso_seq_plan ex = {0, o1, s1, 0}, bf = {0, o2, s2, 0};
      assert_int_equal(soso_region_seq_solve_exact(&ex, &in.pb), 0);
      assert_int_equal(soso_region_seq_solve_brute(&bf, &in.pb), 0);
      /* Two exact methods on the same finite set: equal up to rounding. */
      if (fabs(ex.value - bf.value) > 1e-9 * (1 + fabs(bf.value)))
        fail_msg("n %zu seed %llu: exact %.6f brute %.6f", n, (unsigned long long)seed,
                 ex.value, bf.value);
      check_plan(&in.pb, &ex);
    }
}

static void never_worse_than_fixed_orders_or_heuristic(void **state) {
  (void)state;
  for (size_t n = 2; n <= NMAX; n += 2)
    for (uint64_t seed = 1; seed <= 6; seed++) {
      inst in;
      make(&in, n, seed * 104729 + n);
      size_t o1[NMAX], o2[NMAX], o3[NMAX], fixed[NMAX];
      double s1[NMAX], s2[NMAX], s3[NMAX];
      soso_seq_plan ex = {0, o1, s1, 0}, he = {0, o2, s2, 0}, fx = {0, o3, s3, 0};
      for (size_t i = 0; i < n; i++) fixed[i] = n - 1 - i;
      assert_int_equal(soso_region_seq_solve_exact(&ex, &in.pb), 0);
      assert_int_equal(soso_region_seq_solve_heuristic(&he, &in.pb, fixed), 0);
      check_plan(&in.pb, &ex);
      check_plan(&in.pb, &he);
      assert_true(ex.value >= he.value - 1e-9 * (1 + fabs(he.value)));
      /* Every fixed order compared with (given, identity) under the planning rule. */
      assert_int_equal(soso_region_seq_evaluate(&fx, &in.pb, fixed, n, 1), 0);
      assert_true(he.value >= fx.value - 1e-9 * (1 + fabs(fx.value)));
      assert_true(ex.value >= fx.value - 1e-9 * (1 + fabs(fx.value)));
      for (size_t i = 0; i < n; i++) fixed[i] = i;
      assert_int_equal(soso_region_seq_evaluate(&fx, &in.pb, fixed, n, 1), 0);
      assert_true(ex.value >= fx.value - 1e-9 * (1 + fabs(fx.value)));
    }
}

/* Two near sites, 60 months of operation, 36 of remediation: the second may
 * start only at 60 + 36 = 96, although the plant is free at 60 + 4. */
static void crowding_gap_delays_second_site(void **state) {
  (void)state;
  double value[2] = {5.3e6, 4.9e6}, op[2] = {60, 60}, gap[2] = {36, 36};
  double rm[4] = {0, 4, 4, 0}, rc[4] = {0, 2e5, 2e5, 0};
  unsigned char near[4] = {0, 1, 1, 0};
  soso_seq_problem pb = {2, value, op, gap, rm, rc, near, 1.5e6, 0.07, 240};
  size_t o[2];
  double s[2];
  soso_seq_plan p = {0, o, s, 0};
  assert_int_equal(soso_region_seq_solve_exact(&p, &pb), 0);
  assert_int_equal(p.n_used, 2);
  assert_int_equal(o[0], 0);
  assert_true(s[1] == 96.0);
  double want = 5.3e6 + (4.9e6 + 1.5e6 - 2e5) * pow(1.07, -96.0 / 12.0);
  assert_true(fabs(p.value - want) < 1e-6);
  near[1] = near[2] = 0; /* far apart: only relocation */
  assert_int_equal(soso_region_seq_solve_exact(&p, &pb), 0);
  assert_true(s[1] == 64.0);
  /* A worthless site is left out. */
  value[1] = -9e6;
  assert_int_equal(soso_region_seq_solve_exact(&p, &pb), 0);
  assert_int_equal(p.n_used, 1);
}

static void bad_sizes(void **state) {
  (void)state;
  inst in;
  make(&in, 2, 5);
  in.pb.n = SOSO_SEQ_MAX_EXACT + 1;
  soso_seq_plan p = {0, NULL, NULL, 0};
  assert_int_equal(soso_region_seq_solve_exact(&p, &in.pb), -5);
  in.pb.n = 10;
  assert_int_equal(soso_region_seq_solve_brute(&p, &in.pb), -5);
  size_t bad[1] = {7};
  size_t o[2];
  double s[2];
  soso_seq_plan q = {0, o, s, 0};
  in.pb.n = 2;
  assert_int_equal(soso_region_seq_evaluate(&q, &in.pb, bad, 1, 1), -5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(exact_equals_brute_force),
      cmocka_unit_test(never_worse_than_fixed_orders_or_heuristic),
      cmocka_unit_test(crowding_gap_delays_second_site),
      cmocka_unit_test(bad_sizes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
