/* plan.c - the sequencing problem of a region and the plan of a one-plant strategy.
 *
 * Sequential: the file's order, every site visited (skip = 0), as stated.
 * Optimised: the exact optimum (n <= SOSO_SEQ_MAX_EXACT), with the heuristic run
 * beside it so its gap can be shown; beyond that size the heuristic alone. The
 * model (region.h) takes each site's expected value and operating months from the
 * pre-pass on the same price paths.
 */
#include "region/region_run_int.h"

#include "soso/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void soso_region_seq_problem_free(soso_seq_problem *pb) {
  if (!pb) return;
  free(pb->value);
  free(pb->reloc_months);
  free(pb->near);
  memset(pb, 0, sizeof *pb);
}

int soso_region_seq_problem(soso_seq_problem *pb, const soso_region *r, const double *value,
                            const double *op_months) {
  size_t n = r->n_sites;
  memset(pb, 0, sizeof *pb);
  pb->value = malloc(3 * n * sizeof *pb->value);
  pb->reloc_months = malloc(2 * n * n * sizeof *pb->reloc_months);
  pb->near = malloc(n * n);
  if (!pb->value || !pb->reloc_months || !pb->near) {
    soso_region_seq_problem_free(pb);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  pb->n = n;
  pb->op_months = pb->value + n;
  pb->gap_months = pb->value + 2 * n;
  pb->reloc_cost = pb->reloc_months + n * n;
  pb->plant_saving = r->plant_cost;
  pb->rate = r->discount_rate;
  pb->horizon_months = (double)r->n_months;
  for (size_t i = 0; i < n; i++) {
    /* A site the mobile plant cannot serve (region_site.not_served) is never
     * visited: soso_region_seq_evaluate passes over -inf sites even without the rule. */
    pb->value[i] = r->sites[i].not_served[0] ? -INFINITY : value[i];
    pb->op_months[i] = op_months[i];
    pb->gap_months[i] =
        r->min_gap_months >= 0 ? r->min_gap_months : r->sites[i].remediation_months;
    for (size_t j = 0; j < n; j++) {
      pb->reloc_months[i * n + j] = ceil(region_reloc_months(r, i, j));
      pb->reloc_cost[i * n + j] = region_reloc_cost(r, i, j);
      pb->near[i * n + j] = (unsigned char)region_near(r, i, j);
    }
  }
  return 0;
}

/* Adds plan p as candidate (name) unless the same order is already there. */
static void add_candidate(soso_region_result *res, const soso_seq_plan *p, const char *name) {
  size_t n = res->n_sites, k = res->n_candidates;
  for (size_t q = 0; q < k; q++)
    if (res->candidate_used[q] == p->n_used &&
        memcmp(res->candidate_order + q * n, p->order, p->n_used * sizeof *p->order) == 0)
      return;
  size_t *o = res->candidate_order + k * n;
  double *st = res->candidate_start + k * n;
  memcpy(o, p->order, p->n_used * sizeof *o);
  memcpy(st, p->start, p->n_used * sizeof *st);
  /* Sites left out follow (not deployed). */
  size_t m = p->n_used;
  for (size_t i = 0; i < n; i++) {
    int in = 0;
    for (size_t q = 0; q < p->n_used; q++) in |= o[q] == i;
    if (!in) {
      o[m] = i;
      st[m] = NAN;
      m++;
    }
  }
  res->candidate_used[k] = p->n_used;
  res->candidate_model[k] = p->value;
  res->candidate_npv[k] = NAN;
  res->candidate_name[k] = name;
  res->n_candidates = k + 1;
}

/* Optimised: the model optimum (exact up to SOSO_SEQ_MAX_EXACT sites, else the
 * heuristic), the heuristic, the file order (every site) and the value-descending
 * order (planning rule), each with its model value; candidate 0 is the plan until
 * the simulation picks (region_run.c). */
static int candidates(soso_region_result *res, const soso_region *r, const soso_seq_problem *pb) {
  size_t n = r->n_sites;
  size_t *o = malloc(n * sizeof *o), *by = malloc(n * sizeof *by);
  double *st = malloc(n * sizeof *st);
  soso_seq_plan exact = {0, NULL, NULL, 0.0}, heur = {0, NULL, NULL, 0.0};
  exact.order = malloc(n * sizeof *exact.order);
  exact.start = malloc(n * sizeof *exact.start);
  heur.order = malloc(n * sizeof *heur.order);
  heur.start = malloc(n * sizeof *heur.start);
  int rc = !o || !by || !st || !exact.order || !exact.start || !heur.order || !heur.start
               ? soso_error_set(SOSO_ENOMEM, "out of memory")
               : 0;
  res->n_candidates = 0;
  if (!rc) rc = soso_region_seq_solve_heuristic(&heur, pb, r->order);
  if (!rc) res->heuristic_value = heur.value;
  res->planned_exact = n <= SOSO_SEQ_MAX_EXACT;
  if (!rc && res->planned_exact) rc = soso_region_seq_solve_exact(&exact, pb);
  if (!rc) add_candidate(res, res->planned_exact ? &exact : &heur, "model optimum");
  if (!rc) add_candidate(res, &heur, "heuristic");
  soso_seq_plan p = {0, o, st, 0.0};
  if (!rc) rc = soso_region_seq_evaluate(&p, pb, r->order, n, 0);
  if (!rc) add_candidate(res, &p, "file order");
  for (size_t i = 0; !rc && i < n; i++) by[i] = i; /* by is NULL when out of memory */
  for (size_t i = 1; !rc && i < n; i++) /* stable insertion sort, descending value */
    for (size_t k = i; k > 0 && pb->value[by[k]] > pb->value[by[k - 1]]; k--) {
      size_t t = by[k];
      by[k] = by[k - 1];
      by[k - 1] = t;
    }
  if (!rc) rc = soso_region_seq_evaluate(&p, pb, by, n, 1);
  if (!rc) add_candidate(res, &p, "by value");
  if (!rc) {
    res->chosen = 0;
    res->n_used = res->candidate_used[0];
    memcpy(res->order, res->candidate_order, n * sizeof *res->order);
    memcpy(res->planned_start, res->candidate_start, n * sizeof *res->planned_start);
  }
  free(o);
  free(by);
  free(st);
  free(exact.order);
  free(exact.start);
  free(heur.order);
  free(heur.start);
  return rc;
}

int region_plan(soso_region_result *res, const soso_region *r, soso_strategy strategy,
                const double *value, const double *op_months) {
  size_t n = r->n_sites;
  soso_seq_problem pb;
  int rc = soso_region_seq_problem(&pb, r, value, op_months);
  if (rc) return rc;
  soso_seq_plan plan = {0, res->order, res->planned_start, 0.0};
  if (strategy == SOSO_STRATEGY_SEQUENTIAL) {
    /* The simulation visits every site in the file's order; the plan's starts are
     * the expected-model starts of those that fit in the horizon (NaN: none). */
    size_t *so = malloc(n * sizeof *so);
    double *ss = malloc(n * sizeof *ss);
    soso_seq_plan sp = {0, so, ss, 0.0};
    if (!so || !ss) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    if (!rc) rc = soso_region_seq_evaluate(&sp, &pb, r->order, n, 0);
    /* Sites the plant cannot serve go last, outside the n_used visited. */
    size_t m = 0;
    for (int pass = 0; pass < 2 && !rc; pass++)
      for (size_t k = 0; k < n; k++) {
        size_t i = r->order[k];
        if ((r->sites[i].not_served[0] != 0) != pass) continue;
        res->order[m] = i;
        res->planned_start[m] = NAN;
        for (size_t q = 0; q < sp.n_used && !pass; q++)
          if (so[q] == i) res->planned_start[m] = ss[q];
        m++;
        if (!pass) res->n_used = m;
      }
    plan.value = sp.value;
    res->planned_exact = 0;
    free(so);
    free(ss);
  } else {
    rc = candidates(res, r, &pb);
    plan.value = res->candidate_model[0];
  }
  res->planned_value = plan.value;
  soso_region_seq_problem_free(&pb);
  return rc;
}
