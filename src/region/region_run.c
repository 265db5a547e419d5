/* region_run.c - one strategy's joint Monte Carlo from start to summary.
 *
 * Order of work: geometry of the region (weights, decay, who is near whom); for
 * one-plant strategies a pre-pass on the same paths with every site started at
 * month 0 gives each site's expected value and operating months, which feed the
 * sequencing model (sequence.c: exact up to SOSO_SEQ_MAX_EXACT sites, heuristic
 * beyond); then the main run; then summaries over paths (means in path order,
 * quantiles from sorted copies via GSL) and the cumulative significance
 * (cumulative.c). Everything a summary needs is computed after the parallel loop,
 * in a fixed order, so the result does not depend on the number of threads.
 */
#define _DEFAULT_SOURCE /* madvise */
#include "region/joint_int.h"
#include "region/region_run_int.h"

#include "soso/error.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The run's big arrays (the fan series and the per-block accumulators: 150 MB at
 * 10,000 paths) are written once from end to end; in 4 KB pages that is some 37,000
 * page faults, a tenth of the run's CPU. In 2 MB pages (transparent huge pages,
 * asked for by madvise where the kernel has them) it is a few dozen. Contents
 * uninitialised; free with free(). */
static void *big_alloc(size_t bytes) {
  enum { HUGE = 2 << 20 };
  if (bytes < 2 * (size_t)HUGE) return malloc(bytes ? bytes : 1);
  size_t len = (bytes + HUGE - 1) / HUGE * HUGE;
  void *p = aligned_alloc(HUGE, len);
#ifdef MADV_HUGEPAGE
  if (p) (void)madvise(p, len, MADV_HUGEPAGE); /* advice only: no error if refused */
#endif
  return p;
}

static void geo_free(joint_geo *g) {
  free(g->w_jobs);
  free(g->host);
  free(g->decay);
  free(g->pshare);
  free(g->near_sc);
  free(g->near_ss);
  free(g->gap);
  free(g->reloc_m);
  free(g->reloc_c);
  free(g->disc);
  memset(g, 0, sizeof *g);
}

double region_reloc_months(const soso_region *r, size_t i, size_t j) {
  return r->reloc_months_base +
         r->reloc_months_per_100km * r->site_dist[i * r->n_sites + j] / 100.0;
}

double region_reloc_cost(const soso_region *r, size_t i, size_t j) {
  return r->reloc_cost_base + r->reloc_cost_per_km * r->site_dist[i * r->n_sites + j];
}

int region_near(const soso_region *r, size_t i, size_t j) {
  size_t nc = r->n_communities;
  for (size_t c = 0; c < nc; c++)
    if (r->dist[i * nc + c] <= r->radius_km && r->dist[j * nc + c] <= r->radius_km) return 1;
  return 0;
}

static int geo_make(joint_geo *g, const soso_region *r) {
  size_t ns = r->n_sites, nc = r->n_communities, n = r->n_months;
  memset(g, 0, sizeof *g);
  g->w_jobs = calloc(ns * nc, sizeof *g->w_jobs);
  g->host = calloc(ns, sizeof *g->host);
  g->decay = calloc(ns * nc * SOSO_PRESSURE_N, sizeof *g->decay);
  g->pshare = calloc(ns * nc * 3 * SOSO_PRESSURE_N, sizeof *g->pshare);
  g->near_sc = calloc(ns * nc, 1);
  g->near_ss = calloc(ns * ns, 1);
  g->gap = calloc(ns, sizeof *g->gap);
  g->reloc_m = calloc(ns * ns, sizeof *g->reloc_m);
  g->reloc_c = calloc(ns * ns, sizeof *g->reloc_c);
  g->disc = calloc(n, sizeof *g->disc);
  if (!g->w_jobs || !g->host || !g->decay || !g->pshare || !g->near_sc || !g->near_ss || !g->gap || !g->reloc_m ||
      !g->reloc_c || !g->disc) {
    geo_free(g);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < ns; i++) {
    double tot = 0;
    for (size_t c = 0; c < nc; c++) {
      double d = r->dist[i * nc + c];
      g->w_jobs[i * nc + c] = r->communities[c].population * exp(-d / r->commute_km);
      tot += g->w_jobs[i * nc + c];
      for (int q = 0; q < SOSO_PRESSURE_N; q++)
        g->decay[(i * nc + c) * SOSO_PRESSURE_N + (size_t)q] = exp(-d / r->decay_km[q]);
      g->near_sc[i * nc + c] = d <= r->radius_km;
      const region_site *st = &r->sites[i];
      const double share[3] = {1.0, st->care_share, st->remediation_share};
      for (size_t k = 0; k < 3; k++)
        for (size_t q = 0; q < SOSO_PRESSURE_N; q++) /* as accumulate() wrote it */
          g->pshare[((i * nc + c) * 3 + k) * SOSO_PRESSURE_N + q] =
              st->pressure[q] * share[k] * g->decay[(i * nc + c) * SOSO_PRESSURE_N + q];
    }
    for (size_t c = 0; c < nc; c++) {
      g->w_jobs[i * nc + c] = tot > 0 ? g->w_jobs[i * nc + c] / tot : 0;
      if (r->dist[i * nc + c] < r->dist[i * nc + g->host[i]]) g->host[i] = c;
    }
    g->gap[i] = r->min_gap_months >= 0 ? r->min_gap_months : r->sites[i].remediation_months;
    for (size_t j = 0; j < ns; j++) {
      g->near_ss[i * ns + j] = (unsigned char)region_near(r, i, j);
      g->reloc_m[i * ns + j] = (long)ceil(region_reloc_months(r, i, j));
      g->reloc_c[i * ns + j] = region_reloc_cost(r, i, j);
    }
  }
  for (size_t m = 0; m < n; m++) g->disc[m] = pow(1.0 + r->discount_rate, -(double)m / 12.0);
  return 0;
}

static void out_free(joint_out *o) {
  free(o->npv);
  free(o->site_val);
  free(o->two_plus);
  free(o->max_ops);
  free(o->fan);
  memset(o, 0, sizeof *o);
}

/* One slab for the doubles, one for the bytes. */
static int out_alloc(joint_out *o, const soso_region *r, size_t n_paths, int light) {
  size_t ns = r->n_sites, nc = r->n_communities, np = n_paths;
  memset(o, 0, sizeof *o);
  o->n_paths = np;
  o->npv = calloc(np * 10, sizeof *o->npv);
  o->site_val = calloc(np * (3 * ns + nc), sizeof *o->site_val);
  o->two_plus = calloc(np * nc * 2, 1);
  o->max_ops = calloc(np, sizeof *o->max_ops);
  if (!light) o->fan = big_alloc((1 + nc) * np * r->n_months * sizeof *o->fan);
  if (!o->npv || !o->site_val || !o->two_plus || !o->max_ops || (!light && !o->fan)) {
    out_free(o);
    return soso_error_set(SOSO_ENOMEM, "out of memory (%zu paths)", np);
  }
  double *d = o->npv;
  o->started = d + np;
  o->rem_years = d + 2 * np;
  o->ha_years = d + 3 * np;
  o->jobs_peak = d + 4 * np;
  o->jobs_mean = d + 5 * np;
  o->jobs_cv = d + 6 * np;
  o->no_jobs = d + 7 * np;
  o->no_prod = d + 8 * np;
  o->crowd = d + 9 * np;
  o->site_op = o->site_val + np * ns;
  o->site_start = o->site_val + 2 * np * ns;
  o->crowd_c = o->site_val + 3 * np * ns;
  o->over_k = o->two_plus + np * nc;
  return 0;
}

static soso_summary stat_of(const double *v, size_t n, double *scratch) {
  soso_summary s;
  memcpy(scratch, v, n * sizeof *v);
  soso_summary_of(&s, scratch, n);
  return s;
}

/* Per-site means over paths, in path order. */
static void site_means(const joint_out *o, size_t ns, double *val, double *op, double *pst) {
  for (size_t i = 0; i < ns; i++) {
    double v = 0, m = 0, k = 0;
    for (size_t p = 0; p < o->n_paths; p++) {
      v += o->site_val[p * ns + i];
      if (o->site_start[p * ns + i] >= 0) {
        m += o->site_op[p * ns + i];
        k += 1;
      }
    }
    val[i] = v / (double)o->n_paths;
    if (op) op[i] = k > 0 ? m / k : 0.0;
    if (pst) pst[i] = k / (double)o->n_paths;
  }
}

void soso_region_result_free(soso_region_result *res) {
  if (!res) return;
  free(res->order);
  free(res->planned_start);
  free(res->candidate_order);
  free(res->candidate_start);
  free(res->jobs_mean_t);
  if (res->community)
    for (size_t c = 0; c < res->n_communities; c++) free(res->community[c].jobs_mean);
  free(res->community);
  free(res);
}

static int result_alloc(soso_region_result **out, const soso_region *r, size_t np) {
  size_t ns = r->n_sites, nc = r->n_communities, n = r->n_months;
  soso_region_result *res = calloc(1, sizeof *res);
  if (!res) return soso_error_set(SOSO_ENOMEM, "out of memory");
  res->n_sites = ns;
  res->n_communities = nc;
  res->n_months = n;
  res->n_paths = np;
  res->order = calloc(ns, sizeof *res->order);
  res->planned_start = calloc(ns, sizeof *res->planned_start);
  res->candidate_order = calloc(SOSO_REGION_MAX_CANDIDATES * ns, sizeof *res->candidate_order);
  res->candidate_start = calloc(SOSO_REGION_MAX_CANDIDATES * ns, sizeof *res->candidate_start);
  res->jobs_mean_t = calloc(n * 10 + 3 * ns + 3 * ns * n, sizeof *res->jobs_mean_t);
  res->community = calloc(nc, sizeof *res->community);
  int bad = !res->order || !res->planned_start || !res->jobs_mean_t || !res->community ||
            !res->candidate_order || !res->candidate_start;
  for (size_t c = 0; c < nc && !bad; c++) {
    soso_region_community_result *cr = &res->community[c];
    cr->jobs_mean = calloc(n * (4 + SOSO_PRESSURE_N + 4), sizeof *cr->jobs_mean);
    if (!cr->jobs_mean) bad = 1;
    else {
      cr->jobs_q = cr->jobs_mean + n;
      cr->pressure_mean = cr->jobs_mean + 4 * n;
      cr->land_mean = cr->pressure_mean + n * SOSO_PRESSURE_N;
      cr->ops_mean = cr->land_mean + n;
      cr->wages_mean = cr->ops_mean + n;
      cr->fiscal_mean = cr->wages_mean + n;
    }
  }
  if (bad) {
    soso_region_result_free(res);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  double *d = res->jobs_mean_t;
  res->jobs_q = d + n;
  res->wages_t = d + 4 * n;
  res->fiscal_t = d + 5 * n;
  res->cash_t = d + 6 * n;
  res->ops_t = d + 7 * n;
  res->backlog_t = d + 8 * n;
  res->land_t = d + 9 * n;
  res->site_value = d + 10 * n;
  res->site_op_months = res->site_value + ns;
  res->site_p_started = res->site_op_months + ns;
  res->site_jobs_t = res->site_p_started + ns;
  res->site_share_t = res->site_jobs_t + ns * n;
  res->site_land_t = res->site_share_t + ns * n;
  res->heuristic_value = NAN;
  *out = res;
  return 0;
}

static const double k_fan_q[3] = {0.05, 0.50, 0.95};

/* Quantiles 5/50/95 % of each month of a fan series [n_paths][n_months]. Months are
 * taken TILE at a time: the tile's columns are gathered row by row (one or two cache
 * lines of each path instead of one line per path and month), then each month's
 * three quantiles come from one soso_summary_quantiles_select_float (the values
 * soso_summary_quantile_select gives, by radix selection: no data-dependent branches). Each month's result
 * depends on its column alone, so not on the thread count. */
static int fan_quantiles(const float *fan, size_t np, size_t n, double *q, int nt) {
  enum { TILE = 16 };
  size_t per = TILE * np, wper = 2 * np + 1; /* a tile's columns; the selection's work */
  float *scr = malloc((size_t)nt * per * sizeof *scr);
  uint32_t *wk = malloc((size_t)nt * wper * sizeof *wk);
  if (!scr || !wk) {
    free(scr);
    free(wk);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  long ntile = (long)((n + TILE - 1) / TILE);
#pragma omp parallel for num_threads(nt) schedule(static)
  for (long lt = 0; lt < ntile; lt++) {
    size_t m0 = (size_t)lt * TILE, w = n - m0 < TILE ? n - m0 : TILE;
    float *s = scr + (size_t)omp_get_thread_num() * per;
    uint32_t *work = wk + (size_t)omp_get_thread_num() * wper;
    for (size_t p = 0; p < np; p++)
      for (size_t k = 0; k < w; k++) s[k * np + p] = fan[p * n + m0 + k];
    for (size_t k = 0; k < w; k++)
      (void)soso_summary_quantiles_select_float(q + (m0 + k) * 3, s + k * np, np, k_fan_q, 3,
                                        work); /* arguments valid: cannot fail */
  }
  free(scr);
  free(wk);
  return 0;
}

static void summarise(soso_region_result *res, const joint_ctx *x, double *scratch) {
  const soso_region *r = x->r;
  const joint_out *o = x->out;
  size_t np = o->n_paths, n = r->n_months, nc = r->n_communities, ns = r->n_sites;
  size_t F = joint_fields(nc, ns);
  size_t nb = joint_blocks(np);
  res->npv = stat_of(o->npv, np, scratch);
  double neg = 0, any2 = 0, mmax = 0;
  int mx = 0;
  for (size_t p = 0; p < np; p++) {
    neg += o->npv[p] < 0;
    int a = 0;
    for (size_t c = 0; c < nc; c++) a |= o->two_plus[p * nc + c];
    any2 += a;
    if (o->max_ops[p] > mx) mx = o->max_ops[p];
    mmax += o->max_ops[p];
  }
  res->p_npv_negative = neg / (double)np;
  res->p_two_or_more_any = any2 / (double)np;
  res->max_concurrent = mx;
  res->mean_max_concurrent = mmax / (double)np;
  res->jobs_peak = stat_of(o->jobs_peak, np, scratch);
  res->jobs_mean = stat_of(o->jobs_mean, np, scratch);
  res->jobs_cv = stat_of(o->jobs_cv, np, scratch);
  res->months_no_jobs = stat_of(o->no_jobs, np, scratch);
  res->months_no_production = stat_of(o->no_prod, np, scratch);
  res->crowding_events = stat_of(o->crowd, np, scratch);
  res->remediation_years = stat_of(o->rem_years, np, scratch);
  res->disturbed_ha_years = stat_of(o->ha_years, np, scratch);
  res->sites_started = stat_of(o->started, np, scratch);
  site_means(o, r->n_sites, res->site_value, res->site_op_months, res->site_p_started);
  /* Monthly means: blocks added in block order. */
  double *dst[J_N] = {res->jobs_mean_t, res->wages_t, res->fiscal_t, res->cash_t,
                      res->ops_t,       res->backlog_t, res->land_t};
  for (size_t m = 0; m < n; m++) {
    for (size_t f = 0; f < F; f++) {
      double s = 0;
      for (size_t b = 0; b < nb; b++) s += x->acc[(b * n + m) * F + f];
      s /= (double)np;
      if (f < J_N) {
        dst[f][m] = s;
        continue;
      }
      if (f >= J_N + nc * JC_N) {
        size_t i = (f - J_N - nc * JC_N) / JS_N, k = (f - J_N - nc * JC_N) % JS_N;
        double *t = k == JS_JOBS ? res->site_jobs_t : k == JS_SHARE ? res->site_share_t
                                                                     : res->site_land_t;
        t[i * n + m] = s;
        continue;
      }
      size_t c = (f - J_N) / JC_N, k = (f - J_N) % JC_N;
      soso_region_community_result *cr = &res->community[c];
      if (k == JC_JOBS) cr->jobs_mean[m] = s;
      else if (k == JC_LAND) cr->land_mean[m] = s;
      else if (k == JC_OPS) cr->ops_mean[m] = s;
      else if (k == JC_WAGES) cr->wages_mean[m] = s;
      else if (k == JC_FISCAL) cr->fiscal_mean[m] = s;
      else cr->pressure_mean[m * SOSO_PRESSURE_N + (k - JC_P0)] = s;
    }
  }
  for (size_t c = 0; c < nc; c++) {
    double two = 0, ok = 0, cr = 0, pc = 0;
    for (size_t p = 0; p < np; p++) {
      two += o->two_plus[p * nc + c];
      ok += o->over_k[p * nc + c];
      cr += o->crowd_c[p * nc + c];
      pc += o->crowd_c[p * nc + c] > 0;
    }
    res->community[c].p_two_or_more = two / (double)np;
    res->community[c].p_over_k = ok / (double)np;
    res->community[c].crowding_mean = cr / (double)np;
    res->community[c].p_crowding = pc / (double)np;
  }
}

/* Simulates every candidate order (light runs on the same paths, reusing the
 * pre-pass outputs) and makes the one with the best mean NPV the plan. Ties go to
 * the earlier candidate (the model optimum first). */
static int pick_candidate(soso_region_result *res, joint_ctx *x, joint_out *o, int nt) {
  size_t ns = res->n_sites;
  x->all_at_zero = 0;
  x->one_plant = 1;
  size_t best = 0;
  for (size_t k = 0; k < res->n_candidates; k++) {
    x->order = res->candidate_order + k * ns;
    x->n_used = res->candidate_used[k];
    int rc = joint_simulate(x, nt);
    if (rc) return rc;
    res->candidate_npv[k] = gsl_stats_mean(o->npv, 1, o->n_paths);
    if (res->candidate_npv[k] > res->candidate_npv[best]) best = k;
  }
  res->chosen = best;
  res->n_used = res->candidate_used[best];
  memcpy(res->order, res->candidate_order + best * ns, ns * sizeof *res->order);
  memcpy(res->planned_start, res->candidate_start + best * ns, ns * sizeof *res->planned_start);
  res->planned_value = res->candidate_model[best];
  return 0;
}

int soso_region_run(soso_region_result **out, const soso_region *r, soso_strategy strategy,
                    const soso_region_opts *opts) {
  *out = NULL;
  if (!opts || opts->n_paths < 1)
    return soso_error_set(SOSO_EUSAGE, "region: the number of paths must be at least 1");
  if (strategy != SOSO_STRATEGY_CONCURRENT && strategy != SOSO_STRATEGY_SEQUENTIAL &&
      strategy != SOSO_STRATEGY_OPTIMISED)
    return soso_error_set(SOSO_EUSAGE, "region: unknown strategy %d", (int)strategy);
  int nt = opts->n_threads > 0 ? opts->n_threads : omp_get_max_threads();
  size_t np = opts->n_paths, ns = r->n_sites;
  soso_region_result *res = NULL;
  joint_ctx x;
  joint_out o, pre;
  memset(&x, 0, sizeof x);
  memset(&o, 0, sizeof o);
  memset(&pre, 0, sizeof pre);
  double *scratch = NULL;
  int rc = result_alloc(&res, r, np);
  if (!rc) rc = geo_make(&x.g, r);
  if (rc) goto done;
  res->strategy = strategy;
  res->seed = opts->seed;
  x.r = r;
  x.rng = soso_rng_make(opts->seed, SOSO_STREAM_PRICES);
  if (strategy == SOSO_STRATEGY_CONCURRENT) {
    res->n_used = ns;
    for (size_t i = 0; i < ns; i++) {
      res->order[i] = i;
      res->planned_start[i] = r->sites[i].start_month;
    }
    res->planned_value = NAN;
  } else {
    /* Pre-pass: expected value and operating months of each site started at 0. */
    if ((rc = out_alloc(&pre, r, np, 1))) goto done;
    x.light = 1;
    x.all_at_zero = 1;
    x.out = &pre;
    if ((rc = joint_simulate(&x, nt))) goto done;
    double *val = calloc(2 * ns, sizeof *val);
    if (!val) {
      rc = soso_error_set(SOSO_ENOMEM, "out of memory");
      goto done;
    }
    site_means(&pre, ns, val, val + ns, NULL);
    rc = region_plan(res, r, strategy, val, val + ns);
    free(val);
    if (rc) goto done;
    if (strategy == SOSO_STRATEGY_OPTIMISED && (rc = pick_candidate(res, &x, &pre, nt))) goto done;
    x.light = 0;
    x.all_at_zero = 0;
    x.one_plant = 1;
    x.order = res->order;
    x.n_used = res->n_used;
  }
  if ((rc = out_alloc(&o, r, np, 0))) goto done;
  x.out = &o;
  /* joint_simulate zeroes it */
  x.acc = big_alloc(joint_blocks(np) * r->n_months * joint_fields(r->n_communities, ns) *
                    sizeof *x.acc);
  scratch = malloc(np * sizeof *scratch);
  if (!x.acc || !scratch) {
    rc = soso_error_set(SOSO_ENOMEM, "out of memory (%zu paths)", np);
    goto done;
  }
  if ((rc = joint_simulate(&x, nt))) goto done;
  summarise(res, &x, scratch);
  size_t n = r->n_months;
  if ((rc = fan_quantiles(o.fan, np, n, res->jobs_q, nt))) goto done;
  for (size_t c = 0; c < r->n_communities && !rc; c++)
    rc = fan_quantiles(o.fan + (1 + c) * np * n, np, n, res->community[c].jobs_q, nt);
done:
  free(scratch);
  free(x.acc);
  out_free(&o);
  out_free(&pre);
  geo_free(&x.g);
  if (rc) soso_region_result_free(res);
  else *out = res;
  return rc;
}
