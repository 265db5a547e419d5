/* joint.c - joint Monte Carlo of a district: every site on the same price paths.
 *
 * One market: path p of the region's real-world model (soso_market_pmodel_paths, path
 * index p) drives every site, so their switching decisions are correlated the way
 * a shared metal price correlates them. Per path the deployment fixes start
 * months (concurrent: each site's start month; sequential/optimised: one plant
 * moves along the order when a site's operations end, waiting for relocation and,
 * near a community, for the previous operation's remediation or the minimum gap),
 * every site is followed month by month (site_ops.c), and the district and
 * community timelines are accumulated.
 *
 * Pressure at community c from site i: P_iv * share(mode) * exp(-d_ic / L_v)
 * (exponential distance decay with e-folding length L_v = decay_km; an assumption
 * documented in README.md). Jobs of site i are attributed to communities by a
 * gravity rule: local_share_i * pop_c exp(-d_ic / commute_km) / sum over c', and their
 * wages with them; royalties and taxes are booked to the host community (the
 * nearest one) - an accounting convention: who finally receives them is national
 * fiscal law.
 *
 * Determinism: paths are cut into fixed blocks of BLOCK paths; a block is summed by
 * one thread in path order into its own accumulator, and blocks are added in block
 * order afterwards, so results are bit-identical for any thread count. The path
 * loop allocates nothing: every workspace is sized before the parallel region.
 */
#include "region/joint_int.h"

#include "soso/error.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 64 };

/* Per-thread workspace. */
typedef struct tws {
  double *prices;       /* (n_months + 1) x n_factors */
  site_track *tr;       /* [n_sites] */
  unsigned char *modes; /* n_sites x n_months */
  double *vals;         /* n_sites x n_months x 4 */
  double *djobs;        /* [n_months] district direct jobs */
  unsigned char *prod;  /* [n_months] some site producing */
  int *cops;            /* n_communities x n_months operations within R */
  void *ops_ws;         /* site_ops scratch */
  double *sval;         /* [n_sites] discounted cash of each site on this path */
  float *fcell;         /* [n_communities] a month's community fan cells being summed */
} tws;

static void tws_free(tws *w) {
  if (!w) return;
  free(w->prices);
  free(w->tr);
  free(w->modes);
  free(w->vals);
  free(w->djobs);
  free(w->prod);
  free(w->cops);
  free(w->ops_ws);
  free(w->sval);
  free(w->fcell);
  /* zeroed: tws_alloc frees a half-made workspace and joint_simulate then frees
   * every workspace again (a double free found by tests/core/test_faults.c) */
  memset(w, 0, sizeof *w);
}

static int tws_alloc(tws *w, const soso_region *r) {
  size_t n = r->n_months, ns = r->n_sites, nc = r->n_communities;
  size_t ows = site_ops_ws_size(r);
  memset(w, 0, sizeof *w);
  w->prices = malloc((n + 1) * (size_t)r->market.d.n * sizeof *w->prices);
  w->tr = calloc(ns, sizeof *w->tr);
  w->modes = malloc(ns * n);
  w->vals = malloc(ns * n * 4 * sizeof *w->vals);
  w->djobs = malloc(n * sizeof *w->djobs);
  w->prod = malloc(n);
  w->cops = malloc(nc * n * sizeof *w->cops);
  w->ops_ws = ows ? malloc(ows) : NULL;
  w->sval = malloc((ns ? ns : 1) * sizeof *w->sval);
  w->fcell = malloc((nc ? nc : 1) * sizeof *w->fcell);
  if (!w->prices || !w->tr || !w->modes || !w->vals || !w->djobs || !w->prod || !w->cops ||
      (ows && !w->ops_ws) || !w->sval || !w->fcell) {
    tws_free(w);
    return soso_error_set(SOSO_ENOMEM, "out of memory (region workspace)");
  }
  for (size_t i = 0; i < ns; i++) {
    site_track *t = &w->tr[i];
    t->mode = w->modes + i * n;
    t->jobs = w->vals + (i * 4 + 0) * n;
    t->wages = w->vals + (i * 4 + 1) * n;
    t->fiscal = w->vals + (i * 4 + 2) * n;
    t->cash = w->vals + (i * 4 + 3) * n;
  }
  return 0;
}

/* Start months and plant moves of one path; returns the strategy's extra cash
 * (plant reuse less relocation), discounted. */
static double schedule(const joint_ctx *x, tws *w) {
  const soso_region *r = x->r;
  long n = (long)r->n_months;
  size_t ns = r->n_sites;
  if (x->one_plant == 0) { /* every site is followed: no reset needed */
    for (size_t i = 0; i < ns; i++)
      site_ops_follow(r, i, w->prices, x->all_at_zero ? 0 : r->sites[i].start_month, &w->tr[i],
                      w->ops_ws);
    return 0.0;
  }
  for (size_t i = 0; i < ns; i++) site_ops_follow(r, i, w->prices, -1, &w->tr[i], w->ops_ws);
  double adj = 0.0;
  long t = 0;
  for (size_t k = 0; k < x->n_used; k++) {
    size_t i = x->order[k];
    long st = t;
    for (size_t kk = 0; kk < k; kk++) {
      size_t j = x->order[kk];
      if (x->g.near_ss[j * ns + i] && w->tr[j].start >= 0) {
        long ready = w->tr[j].close + x->g.gap[j];
        if (ready > st) st = ready;
      }
    }
    if (st >= n) break;
    if (k > 0) {
      /* The plant arrives: relocation paid, a new plant not bought (region.h). */
      size_t prev = x->order[k - 1];
      adj += (r->plant_cost - x->g.reloc_c[prev * ns + i]) * x->g.disc[st];
    }
    site_ops_follow(r, i, w->prices, st, &w->tr[i], w->ops_ws);
    if (w->tr[i].close >= n || k + 1 == x->n_used) break;
    t = w->tr[i].close + x->g.reloc_m[i * ns + x->order[k + 1]];
  }
  return adj;
}

/* Adds path p's monthly values into the block accumulator and fills its per-path
 * outputs. */
static void accumulate(const joint_ctx *x, size_t p, tws *w, double *acc, double adj) {
  const soso_region *r = x->r;
  size_t n = r->n_months, ns = r->n_sites, nc = r->n_communities;
  size_t F = joint_fields(nc, ns);
  joint_out *o = x->out;
  float *fan0 = o->fan ? o->fan + p * n : NULL;
  memset(w->djobs, 0, n * sizeof *w->djobs);
  memset(w->prod, 0, n);
  memset(w->cops, 0, nc * n * sizeof *w->cops);
  double npv = adj, ha_months = 0.0, rem_months = 0.0;
  long first = -1, last = -1;
  double started = 0.0;
  size_t m_lo = n, m_hi = 0; /* months some site is active in */
  int maxd = 0;              /* most sites in operation in one month (not when light) */
  for (size_t i = 0; i < ns; i++) {
    const site_track *t = &w->tr[i];
    const region_site *s = &r->sites[i];
    o->site_start[p * ns + i] = (double)t->start;
    w->sval[i] = 0.0;
    if (t->start < 0) continue;
    started += 1.0;
    rem_months += (double)s->remediation_months;
    if (first < 0 || t->start < first) first = t->start;
    if (t->close > last) last = t->close;
    size_t end = t->restored < (long)n ? (size_t)t->restored : n;
    if ((size_t)t->start < m_lo) m_lo = (size_t)t->start;
    if (end > m_hi) m_hi = end;
    for (size_t m = (size_t)t->start; m < end; m++) ha_months += s->footprint_ha;
  }
  /* The community fan rows: the month loop below writes [m_lo, m_hi), the rest is 0
   * (the district row is written whole at the end). */
  if (m_hi < m_lo) m_hi = m_lo;
  for (size_t c = 0; fan0 && c < nc; c++) {
    float *row = fan0 + (1 + c) * o->n_paths * n;
    memset(row, 0, m_lo * sizeof *row);
    memset(row + m_hi, 0, (n - m_hi) * sizeof *row);
  }
  /* Month by month, the sites in order within a month: every sum gets its terms in
   * the same order as site by site would give them (each accumulator and fan cell
   * sums over sites in site order, each site's value over months in month order),
   * while a month's accumulator row stays in cache for all sites. */
  for (size_t m = m_lo; m < m_hi; m++) {
    double *a = x->light ? NULL : acc + m * F;
    float *fc = w->fcell; /* the fan cells of month m, summed here in the same float
                             additions, stored once after the sites */
    for (size_t c = 0; c < nc; c++) fc[c] = 0.0f;
    int d_ops = 0; /* sites in operation (open or in care) this month */
    for (size_t i = 0; i < ns; i++) {
      const site_track *t = &w->tr[i];
      if (t->start < 0 || m < (size_t)t->start || (long)m >= t->restored) continue;
      const region_site *s = &r->sites[i];
      int mode = t->mode[m];
      double jobs = t->jobs[m];
      int op = mode == SOSO_SITE_OPEN || mode == SOSO_SITE_CARE;
      size_t share_k = mode == SOSO_SITE_OPEN ? 0 : mode == SOSO_SITE_CARE ? 1 : 2;
      double share = share_k == 0 ? 1.0 : share_k == 1 ? s->care_share : s->remediation_share;
      w->sval[i] += t->cash[m] * x->g.disc[m];
      w->djobs[m] += jobs;
      if (mode == SOSO_SITE_OPEN) w->prod[m] = 1;
      if (!a) continue;
      a[J_JOBS] += jobs;
      a[J_WAGES] += t->wages[m];
      a[J_FISCAL] += t->fiscal[m];
      a[J_CASH] += t->cash[m];
      a[J_OPS] += op;
      a[J_BACKLOG] += mode == SOSO_SITE_REMEDIATION;
      a[J_LAND] += s->footprint_ha;
      double *as = a + J_N + nc * JC_N + i * JS_N;
      as[JS_JOBS] += jobs;
      as[JS_SHARE] += share;
      as[JS_LAND] += 1.0;
      /* (jobs * local_share) * w and (wages * local_share) * w: the products as
       * written per community before, their common left factor taken out */
      double jl = jobs * s->local_share, wl = t->wages[m] * s->local_share;
      d_ops += op;
      for (size_t c = 0; c < nc; c++) {
        double *ac = a + J_N + c * JC_N;
        double cj = jl * x->g.w_jobs[i * nc + c];
        ac[JC_JOBS] += cj;
        ac[JC_WAGES] += wl * x->g.w_jobs[i * nc + c];
        if (x->g.host[i] == c) ac[JC_FISCAL] += t->fiscal[m];
        fc[c] += (float)cj;
        const double *ps = x->g.pshare + ((i * nc + c) * 3 + share_k) * SOSO_PRESSURE_N;
        for (int q = 0; q < SOSO_PRESSURE_N; q++) ac[JC_P0 + q] += ps[q];
        if (x->g.near_sc[i * nc + c]) {
          ac[JC_LAND] += s->footprint_ha;
          if (op) {
            ac[JC_OPS] += 1.0;
            w->cops[c * n + m]++;
          }
        }
      }
    }
    if (fan0 && a)
      for (size_t c = 0; c < nc; c++) fan0[(1 + c) * o->n_paths * n + m] = fc[c];
    if (d_ops > maxd) maxd = d_ops;
  }
  for (size_t i = 0; i < ns; i++) {
    const site_track *t = &w->tr[i];
    if (t->start < 0) {
      o->site_val[p * ns + i] = 0.0;
      o->site_op[p * ns + i] = 0.0;
      continue;
    }
    npv += w->sval[i];
    o->site_val[p * ns + i] = w->sval[i];
    o->site_op[p * ns + i] = (double)(t->close - t->start);
  }
  o->npv[p] = npv;
  o->started[p] = started;
  o->rem_years[p] = rem_months / 12.0;
  o->ha_years[p] = ha_months / 12.0;
  /* Employment between the first start and the last end of operations. */
  double peak = 0, sum = 0, sum2 = 0, nojobs = 0, noprod = 0, cnt = 0;
  if (first >= 0) {
    size_t hi = last < (long)n ? (size_t)last : n;
    for (size_t m = (size_t)first; m < hi; m++) {
      double j = w->djobs[m];
      if (j > peak) peak = j;
      sum += j;
      sum2 += j * j;
      cnt += 1;
      nojobs += j <= 0.0;
      noprod += !w->prod[m];
    }
  }
  double mean = cnt > 0 ? sum / cnt : 0.0;
  double var = cnt > 0 ? sum2 / cnt - mean * mean : 0.0;
  o->jobs_peak[p] = peak;
  o->jobs_mean[p] = mean;
  o->jobs_cv[p] = mean > 0 ? sqrt(var > 0 ? var : 0) / mean : 0.0;
  o->no_jobs[p] = nojobs;
  o->no_prod[p] = noprod;
  if (fan0)
    for (size_t m = 0; m < n; m++) fan0[m] = (float)w->djobs[m];
  /* Operations at once: district (counted in the month loop above: a site is open or
   * in care only between its start and its restoration) and near each community. */
  o->max_ops[p] = maxd;
  for (size_t c = 0; c < nc && !x->light; c++) {
    int mx = 0;
    for (size_t m = 0; m < n; m++)
      if (w->cops[c * n + m] > mx) mx = w->cops[c * n + m];
    o->two_plus[p * nc + c] = mx >= 2;
    o->over_k[p * nc + c] = mx > r->max_concurrent;
  }
  /* Temporal crowding: site j starts near a community before an earlier site i
   * near it has finished operations plus its gap (remediation or minimum gap). */
  double crowd = 0;
  for (size_t c = 0; c < nc; c++) o->crowd_c[p * nc + c] = 0;
  for (size_t i = 0; i < ns; i++)
    for (size_t j = 0; j < ns; j++) {
      const site_track *a = &w->tr[i], *b = &w->tr[j];
      if (i == j || a->start < 0 || b->start < 0) continue;
      if (a->start > b->start || (a->start == b->start && i > j)) continue;
      if (!x->g.near_ss[i * ns + j] || b->start >= a->close + x->g.gap[i]) continue;
      crowd += 1;
      for (size_t c = 0; c < nc; c++)
        if (x->g.near_sc[i * nc + c] && x->g.near_sc[j * nc + c]) o->crowd_c[p * nc + c] += 1;
    }
  o->crowd[p] = crowd;
}

static void run_block(const joint_ctx *x, size_t b, tws *w) {
  size_t n = x->r->n_months;
  double *acc = x->light ? NULL : x->acc + b * n * joint_fields(x->r->n_communities, x->r->n_sites);
  size_t hi = (b + 1) * BLOCK < x->out->n_paths ? (b + 1) * BLOCK : x->out->n_paths;
  if (acc) /* each block zeroes its own accumulator, on the thread that fills it */
    memset(acc, 0, n * joint_fields(x->r->n_communities, x->r->n_sites) * sizeof *acc);
  for (size_t p = b * BLOCK; p < hi; p++) {
    /* Validated at load time: cannot fail. */
    (void)soso_market_pmodel_paths(&x->r->market, &x->rng, p, 1, n, 1.0 / 12.0, w->prices);
    double adj = schedule(x, w);
    accumulate(x, p, w, acc, adj);
  }
}

size_t joint_fields(size_t n_communities, size_t n_sites) {
  return J_N + n_communities * JC_N + n_sites * JS_N;
}

size_t joint_blocks(size_t n_paths) { return (n_paths + BLOCK - 1) / BLOCK; }

int joint_simulate(joint_ctx *x, int n_threads) {
  int nt = n_threads > 0 ? n_threads : omp_get_max_threads();
  if (nt < 1) nt = 1;
  tws *ws = calloc((size_t)nt, sizeof *ws);
  if (!ws) return soso_error_set(SOSO_ENOMEM, "out of memory");
  int rc = 0;
  for (int t = 0; t < nt && !rc; t++) rc = tws_alloc(&ws[t], x->r);
  if (!rc) {
    size_t nb = joint_blocks(x->out->n_paths);
    long lnb = (long)nb;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
    for (long b = 0; b < lnb; b++) run_block(x, (size_t)b, &ws[omp_get_thread_num()]);
  }
  for (int t = 0; t < nt; t++) tws_free(&ws[t]);
  free(ws);
  return rc;
}
