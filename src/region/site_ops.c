/* site_ops.c - what one site does, month by month, on one price path.
 *
 * Two models (region_int.h): a fixed schedule stated in the region file, or a mine
 * file whose optimal switching policy (grid solver, include/soso/valuation.h) is
 * followed along the region's real-world price path. Both write the same
 * site_track, so the joint simulation (joint.c) does not care which it is.
 *
 * Mine model. ADAPTER: the SOSO engine's own operations simulation
 * (include/soso/operations.h, soso_ops_follow) was not available when this was
 * written; this file follows the policy with the engine's public pieces only -
 * soso_policy_decide for the decision at each decision date, soso_mine_operate for
 * a month's production cash flow (royalty and income tax included) - and counts
 * nothing the engine does not define. Conventions: the mine's clock starts at the
 * site's start month (policy time 0, full reserve, capital cost paid then, mode
 * OPEN); a decision is taken every step_years (whole months) and holds until the
 * next; production is capacity per month until the reserve is out; switching
 * costs open_cost / close_cost and care_cost inflate with the mine's inflation;
 * jobs are operating_crew while open, care_crew in care and maintenance; wages are
 * the mine's wage per worker (per its period) converted to months.
 *
 * After operations end (schedule complete, reserve exhausted, mine abandoned or
 * the policy's horizon reached) the site is in remediation for remediation_months
 * at remediation_cost spread evenly with remediation_jobs workers, then restored.
 * Invariant: nothing here allocates after site_ops_prepare.
 */
#include "region/region_int.h"

#include "soso/error.h"
#include "soso/mine.h"
#include "soso/valuation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Engine objects of one SITE_MINE site. */
typedef struct site_engine {
  soso_mine *mine;           /* the loaded mine file */
  soso_switching sw;         /* its switching problem under Q */
  soso_grid *grid;           /* grid solution */
  soso_policy *policy;       /* the policy followed */
  int map[SOSO_MAX_FACTORS]; /* mine factor k -> region factor */
  long step_months;          /* months between decisions */
  double per_month;          /* periods per month (1/12 / period_years) */
} site_engine;

size_t site_ops_ws_size(const soso_region *region) {
  (void)region;
  return 0;
}

void site_ops_release(region_site *site) {
  site_engine *e = site->mine;
  if (!e || site->mine_shared) {
    site->mine = NULL;
    return;
  }
  soso_policy_free(e->policy);
  soso_grid_free(e->grid);
  soso_mine_free(e->mine);
  free(e);
  site->mine = NULL;
}

int site_ops_prepare(soso_region *region, size_t s, int line) {
  region_site *site = &region->sites[s];
  /* Sites that name the same mine file share its solved policy (read-only). */
  for (size_t j = 0; j < s; j++)
    if (region->sites[j].model == SITE_MINE && region->sites[j].mine &&
        strcmp(region->sites[j].mine_path, site->mine_path) == 0) {
      site->mine = region->sites[j].mine;
      site->mine_shared = 1;
      const soso_mine *m = ((const site_engine *)site->mine)->mine;
      if (site->remediation_cost <= 0) site->remediation_cost = m->closure_cost;
      if (site->care_jobs <= 0) site->care_jobs = m->care_crew;
      return 0;
    }
  site_engine *e = calloc(1, sizeof *e);
  if (!e) return soso_error_set(SOSO_ENOMEM, "out of memory");
  site->mine = e;
  int rc = soso_mine_load(&e->mine, site->mine_path);
  if (rc) return rc; /* the mine loader's own FILE:LINE: key: reason */
  const soso_mine *m = e->mine;
  if (strcmp(m->money_unit, region->currency) != 0)
    return soso_error_set(SOSO_EDATA, "%s:%d: mine: money unit \"%s\" of %s is not the region's "
                          "currency \"%s\"", region->path, line, m->money_unit,
                          site->mine_path, region->currency);
  for (int k = 0; k < m->pmodel.d.n; k++) {
    e->map[k] = -1;
    for (int f = 0; f < region->market.d.n; f++)
      if (strcmp(m->pmodel.d.f[k].name, region->market.d.f[f].name) == 0) e->map[k] = f;
    if (e->map[k] < 0)
      return soso_error_set(SOSO_EDATA, "%s:%d: mine: commodity %s of %s is not in the region's "
                            "market", region->path, line, m->pmodel.d.f[k].name,
                            site->mine_path);
  }
  if (m->pmodel.d.n != 1)
    return soso_error_set(SOSO_EDATA, "%s:%d: mine: %s has %d price factors; the region follows "
                          "grid policies, which take one", region->path, line,
                          site->mine_path, m->pmodel.d.n);
  soso_qmodel q;
  if ((rc = soso_mine_qmodel(&q, m))) return rc;
  if ((rc = soso_switching_init(&e->sw, m, &q))) return rc;
  soso_grid_opts go = SOSO_GRID_OPTS_INIT;
  if ((rc = soso_grid_solve(&e->grid, &e->sw, &go))) return rc;
  if ((rc = soso_grid_policy(&e->policy, e->grid))) return rc;
  double step = soso_policy_step(e->policy) * 12.0;
  e->step_months = fabs(step - round(step)) < 1e-9 && step >= 1 ? (long)round(step) : 1;
  e->per_month = (1.0 / 12.0) / m->period_years;
  if (site->remediation_cost <= 0) site->remediation_cost = m->closure_cost;
  if (site->care_jobs <= 0) site->care_jobs = m->care_crew;
  return 0;
}

/* Remediation and restoration after operations end at month close. */
static void finish(const region_site *s, long close, long n, double wage, site_track *tr) {
  tr->close = close < n ? close : n;
  long rem = s->remediation_months;
  tr->restored = close + rem;
  for (long m = close; m < n; m++) {
    if (m < close + rem) {
      tr->mode[m] = SOSO_SITE_REMEDIATION;
      tr->jobs[m] = s->remediation_jobs;
      tr->wages[m] = s->remediation_jobs * wage;
      tr->cash[m] = -s->remediation_cost / (double)rem;
    } else {
      tr->mode[m] = SOSO_SITE_RESTORED;
    }
  }
}

static void follow_schedule(const region_site *s, long start, long n, site_track *tr) {
  const site_schedule *p = &s->sched;
  long close = start + p->operating_months;
  for (long m = start; m < n && m < close; m++) {
    tr->mode[m] = SOSO_SITE_OPEN;
    tr->jobs[m] = p->jobs;
    tr->wages[m] = p->jobs * p->wage_month;
    tr->fiscal[m] = p->fiscal_month;
    tr->cash[m] = p->cash_month - (m == start ? p->capex : 0.0);
  }
  finish(s, close, n, p->wage_month, tr);
}

static void follow_mine(const region_site *s, const soso_region *r, const double *prices,
                        long start, long n, site_track *tr) {
  const site_engine *e = s->mine;
  const soso_mine *mine = e->mine;
  size_t nf = (size_t)r->market.d.n;
  double wage = mine->wage * e->per_month;
  double ore_month = mine->capacity * e->per_month;
  double reserve = mine->reserve;
  int mode = SOSO_MODE_OPEN;
  long m = start;
  double pending = 0.0; /* costs of the month operations end in */
  for (; m < n; m++) {
    double t = (double)(m - start) / 12.0;
    double px[SOSO_MAX_FACTORS];
    for (int k = 0; k < mine->pmodel.d.n; k++) px[k] = prices[(size_t)m * nf + (size_t)e->map[k]];
    double infl = soso_mine_inflation(mine, t);
    double cash = m == start ? -mine->capital_cost : 0.0;
    if ((m - start) % e->step_months == 0) {
      int next = SOSO_MODE_ABANDONED;
      if (soso_policy_decide(e->policy, t, reserve, px, mode, &next)) next = SOSO_MODE_ABANDONED;
      if (mode == SOSO_MODE_OPEN && next == SOSO_MODE_CLOSED) cash -= mine->close_cost * infl;
      if (mode == SOSO_MODE_CLOSED && next == SOSO_MODE_OPEN) cash -= mine->open_cost * infl;
      mode = next;
    }
    if (mode == SOSO_MODE_ABANDONED || reserve <= 0) {
      pending = cash;
      break;
    }
    if (mode == SOSO_MODE_OPEN) {
      double ore = ore_month < reserve ? ore_month : reserve;
      soso_mine_flow f;
      soso_mine_operate(&f, mine, t, px, ore, 1.0 / 12.0);
      reserve -= ore;
      tr->mode[m] = SOSO_SITE_OPEN;
      tr->jobs[m] = mine->operating_crew;
      tr->fiscal[m] = f.royalty + f.tax;
      cash += f.net;
    } else {
      tr->mode[m] = SOSO_SITE_CARE;
      tr->jobs[m] = s->care_jobs;
      cash -= mine->care_cost * e->per_month * infl;
    }
    tr->wages[m] = tr->jobs[m] * wage;
    tr->cash[m] = cash;
    if (reserve <= 0) {
      m++;
      break;
    }
  }
  finish(s, m, n, wage, tr);
  if (m < n) tr->cash[m] += pending;
}

void site_ops_follow(const soso_region *region, size_t s, const double *prices, long start,
                     site_track *tr, void *ws) {
  (void)ws;
  long n = (long)region->n_months;
  size_t un = region->n_months;
  memset(tr->mode, SOSO_SITE_IDLE, un);
  memset(tr->jobs, 0, un * sizeof *tr->jobs);
  memset(tr->wages, 0, un * sizeof *tr->wages);
  memset(tr->fiscal, 0, un * sizeof *tr->fiscal);
  memset(tr->cash, 0, un * sizeof *tr->cash);
  tr->start = -1;
  tr->close = n;
  tr->restored = n;
  if (start < 0 || start >= n) return;
  tr->start = start;
  const region_site *site = &region->sites[s];
  if (site->model == SITE_SCHEDULE) follow_schedule(site, start, n, tr);
  else follow_mine(site, region, prices, start, n, tr);
}
