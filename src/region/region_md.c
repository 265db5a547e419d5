/* region_md.c - the markdown rendering of `soso region`: the strategies side by
 * side, the plan of each, and the cumulative significance at each community.
 *
 * Invariant: every table states its unit, and the paths and seed are printed, so a
 * reader can rerun the numbers.
 */
#include "region/region_int.h"
#include "core/sink_int.h"

#include "soso/error.h"
#include "soso/text.h"
#include "soso/impacts.h"

#include <math.h>
#include <stdio.h>

static void plan(FILE *f, const soso_region *r, const soso_region_result *x) {
  fprintf(f, "\n### %s\n\n", soso_region_strategy_name(x->strategy));
  if (x->strategy == SOSO_STRATEGY_CONCURRENT)
    fprintf(f, "Each site has its own plant and starts at its stated month.\n\n");
  else
    fprintf(f, "One modular plant; planned order and start months (expected durations):\n\n");
  fprintf(f, "| # | site | planned start | P(started) | mean operating months | mean value (%s) |\n"
             "|---|---|---|---|---|---|\n", r->currency);
  for (size_t k = 0; k < x->n_used; k++) {
    size_t i = x->order[k];
    double st = x->planned_start[k];
    char val[48]; /* money: 4 significant digits, no scientific notation */
    soso_text_sig(val, sizeof val, x->site_value[i], 4, ",");
    if (isfinite(st))
      fprintf(f, "| %zu | %s | %.0f (%.1f) | %.2f | %.1f | %s |\n", k + 1, r->sites[i].name, st,
              r->start_year + st / 12.0, x->site_p_started[i], x->site_op_months[i], val);
    else
      fprintf(f, "| %zu | %s | beyond the horizon | %.2f | %.1f | %s |\n", k + 1,
              r->sites[i].name, x->site_p_started[i], x->site_op_months[i], val);
  }
  for (size_t k = x->n_used; k < x->n_sites; k++) {
    /* say why: the plant cannot serve it (one-plant strategies), else its value */
    const char *why = x->strategy == SOSO_STRATEGY_CONCURRENT
                          ? ""
                          : soso_region_site_not_served(r, x->order[k]);
    if (why && why[0])
      fprintf(f, "| - | %s | not served: %s | | | |\n", r->sites[x->order[k]].name, why);
    else
      fprintf(f, "| - | %s | not deployed (adds no value) | | | |\n",
              r->sites[x->order[k]].name);
  }
  if (x->strategy == SOSO_STRATEGY_OPTIMISED) {
    double best = x->candidate_model[0];
    char bv[48];
    fprintf(f, "\nSequencing model optimum %s %s (%s)", soso_text_sig(bv, sizeof bv, best, 6, ","),
            r->currency,
            x->planned_exact ? "exact: dynamic programming over subsets" : "heuristic");
    if (x->planned_exact && isfinite(x->heuristic_value))
      fprintf(f, "; heuristic %s, gap %.3g %%", soso_text_sig(bv, sizeof bv, x->heuristic_value, 6, ","),
              fabs(best) > 0 ? 100 * (best - x->heuristic_value) / fabs(best) : 0.0);
    fprintf(f, ". The model sees expected values and durations only; on a path the plant "
               "moves on when a site's operations end. Candidates simulated on the same "
               "paths (the best mean NPV is run):\n\n| candidate | order | model value | "
               "simulated mean NPV | run |\n|---|---|---|---|---|\n");
    for (size_t k = 0; k < x->n_candidates; k++) {
      fprintf(f, "| %s | ", x->candidate_name[k]);
      for (size_t q = 0; q < x->candidate_used[k]; q++)
        fprintf(f, "%s%s", q ? ", " : "", r->sites[x->candidate_order[k * x->n_sites + q]].name);
      char mv[48], nv[48];
      fprintf(f, " | %s | %s | %s |\n", soso_text_sig(mv, sizeof mv, x->candidate_model[k], 4, ","),
              soso_text_sig(nv, sizeof nv, x->candidate_npv[k], 4, ","), k == x->chosen ? "yes" : "");
    }
  } else if (x->strategy == SOSO_STRATEGY_SEQUENTIAL) {
    char pv[48];
    fprintf(f, "\nSequencing model value of the file's order: %s %s.\n",
            soso_text_sig(pv, sizeof pv, x->planned_value, 6, ","), r->currency);
  }
  fprintf(f, "\n| community | P(>=2 ops within %.0f km) | P(>%d ops) | crowding events | "
             "P(crowding) |\n|---|---|---|---|---|\n", r->radius_km, r->max_concurrent);
  for (size_t c = 0; c < x->n_communities; c++) {
    const soso_region_community_result *cr = &x->community[c];
    fprintf(f, "| %s | %.2f | %.2f | %.2f | %.2f |\n", r->communities[c].name, cr->p_two_or_more,
            cr->p_over_k, cr->crowding_mean, cr->p_crowding);
  }
  fprintf(f, "\nCumulative significance (IFC six steps; single = largest one site alone):\n\n"
             "| community | component | peak | unit | single | significance | adds up |\n"
             "|---|---|---|---|---|---|---|\n");
  for (size_t c = 0; c < x->n_communities; c++)
    for (int v = 0; v < SOSO_VEC_N; v++) {
      const soso_cumulative *q = &x->community[c].vec[v];
      char ind[48], one[48]; /* 3 significant digits, no exponents (money, counts) */
      fprintf(f, "| %s | %s (%s) | %s | %s | %s (%s) | **%s** | %s |\n",
              r->communities[c].name, soso_region_vec_name(v), q->positive ? "+" : "-",
              soso_text_sig(ind, sizeof ind, q->indicator, 3, ","), q->unit,
              soso_text_sig(one, sizeof one, q->max_single, 3, ","),
              soso_impacts_significance_name((soso_significance)q->significance_single),
              soso_impacts_significance_name((soso_significance)q->significance),
              q->adds_up ? "yes" : "");
    }
  int any = 0;
  for (size_t c = 0; c < x->n_communities; c++)
    for (int v = 0; v < SOSO_VEC_N; v++) {
      const soso_cumulative *q = &x->community[c].vec[v];
      if (!q->measure[0] && !q->adds_up) continue;
      if (!any) fprintf(f, "\nFindings and measures (IFC step 6):\n\n");
      any = 1;
      fprintf(f, "- **%s, %s**: %s.%s%s\n", r->communities[c].name, soso_region_vec_name(v), q->reason,
              q->measure[0] ? " Measure: " : "", q->measure);
    }
}

typedef struct md_args {
  const soso_region *r;
  soso_region_result *const *res;
  size_t nr;
} md_args;

static int render_md(FILE *f, const void *arg) {
  const md_args *ma = arg;
  const soso_region *r = ma->r;
  soso_region_result *const *res = ma->res;
  size_t nr = ma->nr;
  fprintf(f, "# %s: cumulative impacts and deployment\n\n", r->name);
  fprintf(f, "Region file `%s`; %zu sites, %zu communities; horizon %zu months from %.0f; "
             "%zu price paths, seed %llu (one market: every site sees the same paths).\n\n",
          r->path, r->n_sites, r->n_communities, r->n_months, r->start_year, res[0]->n_paths,
          (unsigned long long)res[0]->seed);
  fprintf(f, "Assumptions: pressures decay as exp(-d / L) with L = %.3g (noise), %.3g (dust), "
             "%.3g (traffic), %.3g (water) km; jobs are shared among communities by "
             "population x exp(-d / %.3g km); constraint: at most %d operation(s) within %.3g km "
             "of a community; a new operation nearby only after %s; discount rate %.3g.\n",
          r->decay_km[0], r->decay_km[1], r->decay_km[2], r->decay_km[3], r->commute_km,
          r->max_concurrent, r->radius_km,
          r->min_gap_months >= 0 ? "the stated minimum gap" : "the previous one's remediation",
          r->discount_rate);
  fprintf(f, "\n## Strategies side by side\n\n"
             "| strategy | NPV mean (%s) | NPV 5 %% | mean jobs | peak jobs | jobs CV | months "
             "without jobs | crowding events | P(>=2 near a community) | max concurrent | "
             "remediation-years | ha-years disturbed |\n"
             "|---|---|---|---|---|---|---|---|---|---|---|---|\n", r->currency);
  for (size_t k = 0; k < nr; k++) {
    const soso_region_result *x = res[k];
    char m1[48], m2[48];
    fprintf(f, "| %s | %s | %s | %.1f | %.1f | %.2f | %.1f | %.2f | %.2f | %d | %.1f | %.1f |\n",
            soso_region_strategy_name(x->strategy), soso_text_sig(m1, sizeof m1, x->npv.mean, 4, ","),
            soso_text_sig(m2, sizeof m2, x->npv.q[0], 4, ","), x->jobs_mean.mean,
            x->jobs_peak.mean, x->jobs_cv.mean, x->months_no_jobs.mean, x->crowding_events.mean,
            x->p_two_or_more_any, x->max_concurrent, x->remediation_years.mean,
            x->disturbed_ha_years.mean);
  }
  fprintf(f, "\n## Plans, crowding and cumulative significance\n");
  for (size_t k = 0; k < nr; k++) plan(f, r, res[k]);
  return ferror(f) ? soso_error_set(SOSO_EIO, "region: cannot write the report") : 0;
}

int soso_region_markdown(const soso_region *r, soso_region_result *const *res, size_t nr,
                         soso_write_fn write, void *closure) {
  if (nr == 0) return soso_error_set(SOSO_EUSAGE, "region: nothing to render");
  md_args ma = {r, res, nr};
  return soso__sink_render(render_md, &ma, write, closure);
}
