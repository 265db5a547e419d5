/* site_ops.c - what one site does, month by month, on one price path.
 *
 * Two models (region_int.h): a fixed schedule stated in the region file, or a mine
 * file followed by the SOSO engine's optimal policy. Both write the same
 * site_track, so the joint simulation (joint.c) does not care which it is.
 * After operations end (schedule complete, reserve exhausted or mine abandoned)
 * the site is in remediation for remediation_months, at remediation_cost spread
 * evenly and remediation_jobs workers, then restored.
 * Invariant: nothing here allocates after site_ops_prepare.
 */
#include "region/region_int.h"

#include "soso/error.h"

#include <string.h>

size_t site_ops_ws_size(const soso_region *region) {
  (void)region;
  return 0;
}

int site_ops_prepare(soso_region *region, size_t s, int line) {
  (void)s;
  return soso_error_set(SOSO_EDATA,
                        "%s:%d: mine: mine files need the operations engine "
                        "(include/soso/operations.h), which is not built yet; use schedule",
                        region->path, line);
}

void site_ops_release(region_site *site) { (void)site; }

/* Remediation and restoration after operations end at month close. */
static void finish(const region_site *s, long close, long n, site_track *tr) {
  tr->close = close < n ? close : n;
  long rem = s->remediation_months;
  tr->restored = close + rem;
  double wage = s->model == SITE_SCHEDULE ? s->sched.wage_month : 0.0;
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
  finish(s, close, n, tr);
}

void site_ops_follow(const soso_region *region, size_t s, const double *prices, long start,
                     site_track *tr, void *ws) {
  (void)prices;
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
  follow_schedule(site, start, n, tr);
}
