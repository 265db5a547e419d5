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

void soso_seq_problem_free(soso_seq_problem *pb) {
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
    soso_seq_problem_free(pb);
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
    pb->value[i] = value[i];
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
    if (!rc) rc = soso_seq_evaluate(&sp, &pb, r->order, n, 0);
    for (size_t k = 0; k < n && !rc; k++) {
      res->order[k] = r->order[k];
      res->planned_start[k] = NAN;
      for (size_t q = 0; q < sp.n_used; q++)
        if (so[q] == r->order[k]) res->planned_start[k] = ss[q];
    }
    plan.value = sp.value;
    res->n_used = n;
    res->planned_exact = 0;
    free(so);
    free(ss);
  } else {
    size_t *ho = malloc(n * sizeof *ho);
    double *hs = malloc(n * sizeof *hs);
    if (!ho || !hs) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    soso_seq_plan heur = {0, ho, hs, 0.0};
    if (!rc) rc = soso_seq_solve_heuristic(&heur, &pb, r->order);
    if (!rc) res->heuristic_value = heur.value;
    if (!rc && n <= SOSO_SEQ_MAX_EXACT) {
      rc = soso_seq_solve_exact(&plan, &pb);
      res->planned_exact = 1;
    } else if (!rc) {
      plan.n_used = heur.n_used;
      plan.value = heur.value;
      memcpy(res->order, ho, n * sizeof *ho);
      memcpy(res->planned_start, hs, n * sizeof *hs);
      res->planned_exact = 0;
    }
    free(ho);
    free(hs);
    res->n_used = plan.n_used;
    /* Sites left out follow in the order array (not deployed). */
    size_t k = plan.n_used;
    for (size_t i = 0; i < n && !rc; i++) {
      int in = 0;
      for (size_t q = 0; q < plan.n_used; q++) in |= res->order[q] == i;
      if (!in) {
        res->order[k] = i;
        res->planned_start[k] = NAN;
        k++;
      }
    }
  }
  res->planned_value = plan.value;
  soso_seq_problem_free(&pb);
  return rc;
}
