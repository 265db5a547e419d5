/* region_run_int.h - what region_run.c shares with plan.c (sequencing a region).
 *
 * Invariant: relocation months are whole months (rounded up) both in the
 * sequencing model and in the simulation, so a plan's start months are months
 * the simulation can use.
 */
#ifndef SOSO_REGION_RUN_INT_H
#define SOSO_REGION_RUN_INT_H

#include "region/region_int.h"

/* Relocation months (not rounded) and cost of moving the plant from site i to j. */
double region_reloc_months(const soso_region *r, size_t i, size_t j);
double region_reloc_cost(const soso_region *r, size_t i, size_t j);
/* 1 if sites i and j are both within R km of some community. */
int region_near(const soso_region *r, size_t i, size_t j);

/* Fills res->order, n_used, planned_start, planned_value, planned_exact and
 * heuristic_value for a one-plant strategy from per-site expected values and
 * operating months. */
int region_plan(soso_region_result *res, const soso_region *r, soso_strategy strategy,
                const double *value, const double *op_months);

#endif
