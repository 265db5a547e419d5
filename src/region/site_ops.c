/* site_ops.c - what one site does, month by month, on one price path.
 *
 * Two models (region_int.h): a fixed schedule stated in the region file, or a mine
 * file whose optimal switching policy (grid solver, include/soso/valuation.h) is
 * followed along the region's real-world price path. Both write the same
 * site_track, so the joint simulation (joint.c) does not care which it is.
 *
 * Mine model: the SOSO engine's own operations simulation, soso_ops_follow
 * (include/soso/ops.h), follows the mine's optimal policy from the valuation
 * entry point (include/soso/value.h: grid for one price factor, least-squares Monte
 * Carlo for several, the same policy as `soso value` and `soso simulate`) on the
 * region's price path from the site's start month - production, care and
 * maintenance, switching costs, ramp-up, royalties, income tax, the capital cost in
 * the start month and the mine's closure cost spread over its closure_years. The
 * region's price columns are copied into the mine's factor order first (per-thread
 * scratch, no allocation).
 *
 * After operations end (schedule complete, reserve exhausted, mine abandoned or
 * the policy's horizon reached) the site is in remediation for remediation_months
 * with remediation_jobs workers, then restored. A schedule site pays its
 * remediation_cost evenly over those months; a mine site's closure cash flows are
 * the engine's (closure_cost over closure_years), kept as they are.
 * Invariant: nothing here allocates after site_ops_prepare.
 */
#include "region/region_int.h"

#include "soso/error.h"
#include "soso/mine.h"
#include "soso/ops.h"
#include "soso/value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Engine objects of one SITE_MINE site. */
typedef struct site_engine {
  soso_mine *mine;           /* the loaded mine file */
  soso_valuation *value;     /* its valuation (the policy followed), soso_value_solve */
  int map[SOSO_MAX_FACTORS]; /* mine factor k -> region factor */
  soso_ops_tab *tab;         /* month tables of mine and policy (soso_ops_tab_new) */
} site_engine;

/* Per-thread scratch: the mine-ordered prices, royalties and taxes, modes. */
size_t site_ops_ws_size(const soso_region *region) {
  return region->n_months * ((SOSO_MAX_FACTORS + 2) * sizeof(double) + 1);
}

void site_ops_release(region_site *site) {
  site_engine *e = site->mine;
  if (!e || site->mine_shared) {
    site->mine = NULL;
    return;
  }
  soso_value_free(e->value);
  soso_mine_free(e->mine);
  soso_ops_tab_free(e->tab);
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
      if (site->local_share < 0 && m->local_hire > 0) site->local_share = m->local_hire;
      return 0;
    }
  site_engine *e = calloc(1, sizeof *e);
  if (!e) return soso_error_set(SOSO_ENOMEM, "out of memory");
  site->mine = e;
  int rc = soso_mine_load_ex(&e->mine, site->mine_path, region->store);
  if (rc) return rc; /* the mine loader's own FILE:LINE: key: reason */
  region_apply_scenario(region, &e->mine->pmodel.d); /* the district's price scenario */
  const soso_mine *m = e->mine;
  if (strcmp(m->money_unit, region->currency) != 0)
    return soso_error_set(SOSO_EDATA, "%s:%d: mine: money unit \"%s\" of %s is not the region's "
                          "currency \"%s\"", region->path, line, m->money_unit,
                          site->mine_path, region->currency);
  if ((rc = region_market_add(region, m, e->map, line))) return rc;
  /* The mine's own valuation, as `soso value` solves it (grid for one price factor,
   * least-squares Monte Carlo with the default paths and seed for several), so a
   * mine file has one policy in every command. */
  soso_value_opts vo = SOSO_VALUE_OPTS_INIT;
  rc = soso_value_solve(&e->value, m, &vo);
  if (rc) return rc;
  if ((rc = soso_ops_tab_new(&e->tab, soso_value_policy(e->value), m, region->n_months)))
    return rc;
  if (site->local_share < 0 && m->local_hire > 0) site->local_share = m->local_hire;
  return 0;
}

/* Remediation and restoration after operations end at month close. */
static void finish(const region_site *s, long close, long n, double wage, site_track *tr) {
  int keep_cash = s->model == SITE_MINE; /* the engine's closure flows */
  tr->close = close < n ? close : n;
  long rem = s->remediation_months;
  tr->restored = close + rem;
  for (long m = close; m < n; m++) {
    if (m < close + rem) {
      tr->mode[m] = SOSO_SITE_REMEDIATION;
      tr->jobs[m] = s->remediation_jobs;
      tr->wages[m] = s->remediation_jobs * wage;
      if (!keep_cash) tr->cash[m] = -s->remediation_cost / (double)rem;
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
                        long start, long n, site_track *tr, void *ws) {
  const site_engine *e = s->mine;
  const soso_mine *mine = e->mine;
  size_t un = (size_t)n, nf = (size_t)r->market.d.n, nmf = (size_t)mine->pmodel.d.n;
  double *px = ws, *roy = px + un * SOSO_MAX_FACTORS, *tax = roy + un;
  signed char *mode = (signed char *)(tax + un);
  /* the copy unrolled for the usual factor counts (a loop of 1 to 3 per month was a
   * twentieth of the district simulation) */
  const double *src = prices;
  if (nmf == 1) {
    size_t a = (size_t)e->map[0];
    for (size_t m = 0; m < un; m++, src += nf) px[m] = src[a];
  } else if (nmf == 2) {
    size_t a = (size_t)e->map[0], b = (size_t)e->map[1];
    for (size_t m = 0; m < un; m++, src += nf) {
      px[2 * m] = src[a];
      px[2 * m + 1] = src[b];
    }
  } else if (nmf == 3) {
    size_t a = (size_t)e->map[0], b = (size_t)e->map[1], c = (size_t)e->map[2];
    for (size_t m = 0; m < un; m++, src += nf) {
      px[3 * m] = src[a];
      px[3 * m + 1] = src[b];
      px[3 * m + 2] = src[c];
    }
  } else {
    for (size_t m = 0; m < un; m++)
      for (size_t k = 0; k < nmf; k++) px[m * nmf + k] = prices[m * nf + (size_t)e->map[k]];
  }
  soso_ops_path op = {mode, tr->jobs, tr->wages, roy, tax, tr->cash, NULL, 0, 0, 0, 0, 0, 0};
  /* Arguments were checked when the region was loaded: cannot fail. */
  (void)soso_ops_follow_tab(e->tab, soso_value_policy(e->value), mine, px, un, (size_t)start,
                            &op);
  long close = op.end_reason == SOSO_OPS_RUNNING ? n : (long)op.end_month;
  for (long m = start; m < close; m++) {
    tr->mode[m] = mode[m] == SOSO_MODE_OPEN ? SOSO_SITE_OPEN : SOSO_SITE_CARE;
    tr->fiscal[m] = roy[m] + tax[m];
  }
  for (long m = close; m < n; m++) { /* closure: the engine's cash, royalties none */
    tr->fiscal[m] = roy[m] + tax[m];
    tr->jobs[m] = 0.0;
  }
  double wage = mine->wage * (1.0 / 12.0) / mine->period_years;
  finish(s, close, n, wage, tr);
}

void site_ops_follow(const soso_region *region, size_t s, const double *prices, long start,
                     site_track *tr, void *ws) {
  long n = (long)region->n_months;
  size_t un = region->n_months;
  /* A mine site that starts has every month of jobs, wages and cash written by
   * soso_ops_follow and every month from its start of mode and fiscal by
   * follow_mine: only the rest is cleared. */
  int mine = start >= 0 && start < n && region->sites[s].model == SITE_MINE;
  size_t head = mine ? (size_t)start : un;
  memset(tr->mode, SOSO_SITE_IDLE, head);
  memset(tr->fiscal, 0, head * sizeof *tr->fiscal);
  if (!mine) {
    memset(tr->jobs, 0, un * sizeof *tr->jobs);
    memset(tr->wages, 0, un * sizeof *tr->wages);
    memset(tr->cash, 0, un * sizeof *tr->cash);
  }
  tr->start = -1;
  tr->close = n;
  tr->restored = n;
  if (start < 0 || start >= n) return;
  tr->start = start;
  const region_site *site = &region->sites[s];
  if (site->model == SITE_SCHEDULE) follow_schedule(site, start, n, tr);
  else follow_mine(site, region, prices, start, n, tr, ws);
}

double site_ops_ore_t_month(const region_site *site) {
  if (site->model != SITE_MINE || !site->mine) return -1.0;
  const soso_mine *m = ((const site_engine *)site->mine)->mine;
  if (strcmp(m->ore_unit, "t") != 0 || !(m->period_years > 0)) return -1.0;
  return m->capacity / m->period_years / 12.0;
}
