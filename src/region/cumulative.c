/* cumulative.c - cumulative significance per community and valued component after
 * the IFC (2013) six steps (include/soso/region.h; reference README section 5).
 *
 * Indicators are peaks over months of expected values, so a site that runs only in
 * some price paths counts with its probability of running. Single-site indicators
 * use the same decay and baseline with one site alone, from the per-site monthly
 * means of the simulation (pressure shares, jobs, disturbed probability): pressure
 * and land are linear in those, so the single-site peak is exact. The matrix is
 * the impacts module's (soso_impacts_rules_significance), never a copy.
 */
#include "region/cumrules_int.h"
#include "region/region_int.h"

#include "soso/error.h"
#include "soso/impacts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int band_of(const soso_cumrules *cr, int v, double x) {
  int l = 0;
  for (int k = 0; k < 3; k++)
    if (x >= cr->band[v][k]) l = k + 1;
  return l;
}

/* Contribution of site i at community c in month m for VEC v (without baseline). */
static double single(const soso_region_result *res, const soso_region *r, size_t i, size_t c,
                     int v, size_t m, double per1000) {
  size_t n = res->n_months, nc = r->n_communities;
  const region_site *s = &r->sites[i];
  double d = r->dist[i * nc + c];
  if (v == SOSO_VEC_EMPLOYMENT) {
    double tot = 0;
    for (size_t k = 0; k < nc; k++)
      tot += r->communities[k].population * exp(-r->dist[i * nc + k] / r->commute_km);
    double w = tot > 0 ? r->communities[c].population * exp(-d / r->commute_km) / tot : 0;
    return s->local_share * w * res->site_jobs_t[i * n + m] / per1000;
  }
  if (v == SOSO_VEC_LAND) return d <= r->radius_km ? s->footprint_ha * res->site_land_t[i * n + m] : 0;
  int q = v - SOSO_VEC_NOISE; /* VEC noise..water follow the pressures in order */
  return s->pressure[q] * exp(-d / r->decay_km[q]) * res->site_share_t[i * n + m];
}

static double combined(const soso_region_community_result *cr, int v, size_t m, double per1000) {
  if (v == SOSO_VEC_EMPLOYMENT) return cr->jobs_mean[m] / per1000;
  if (v == SOSO_VEC_LAND) return cr->land_mean[m];
  return cr->pressure_mean[m * SOSO_PRESSURE_N + (size_t)(v - SOSO_VEC_NOISE)];
}

static void assess(soso_cumulative *o, const soso_region_result *res, const soso_region *r,
                   size_t c, int v, const soso_rules *rules, const soso_cumrules *cr) {
  const region_community *cm = &r->communities[c];
  const soso_region_community_result *cres = &res->community[c];
  size_t n = res->n_months;
  double per1000 = cm->population * cm->working_age_share / 1000.0;
  double base = v == SOSO_VEC_EMPLOYMENT ? 0.0 : cm->baseline[v];
  double peak = base, exposed = 0;
  size_t peak_m = 0;
  for (size_t m = 0; m < n; m++) {
    double x = base + combined(cres, v, m, per1000);
    if (x > peak) {
      peak = x;
      peak_m = m;
    }
    exposed += x >= cr->band[v][0];
  }
  double best1 = base;
  size_t best_i = 0;
  for (size_t i = 0; i < r->n_sites; i++)
    for (size_t m = 0; m < n; m++) {
      double x = base + single(res, r, i, c, v, m, per1000);
      if (x > best1) {
        best1 = x;
        best_i = i;
      }
    }
  memset(o, 0, sizeof *o);
  snprintf(o->unit, sizeof o->unit, "%s", cr->unit[v]);
  o->positive = v == SOSO_VEC_EMPLOYMENT;
  o->indicator = peak;
  o->max_single = best1;
  o->months_exposed = exposed;
  o->sensitivity = cm->sensitivity[v];
  o->magnitude = band_of(cr, v, peak);
  o->magnitude_single = band_of(cr, v, best1);
  int raised = 0;
  if (!o->positive && cres->p_crowding >= cr->crowd_p && cr->crowd_steps > 0 && o->magnitude > 0) {
    int m2 = o->magnitude + cr->crowd_steps;
    raised = (m2 > 3 ? 3 : m2) - o->magnitude;
    o->magnitude += raised;
  }
  o->significance = (int)soso_impacts_rules_significance(rules, (soso_level)o->magnitude,
                                                 (soso_level)o->sensitivity);
  o->significance_single = (int)soso_impacts_rules_significance(rules, (soso_level)o->magnitude_single,
                                                        (soso_level)o->sensitivity);
  o->adds_up = o->significance_single <= SOSO_SIG_MINOR && o->significance > o->significance_single;
  const char *fname = strrchr(cr->path, '/') ? strrchr(cr->path, '/') + 1 : cr->path;
  /* Every text is bounded by its precision so that the reason always fits. */
  char crowd[160] = "";
  if (raised)
    snprintf(crowd, sizeof crowd, "; temporal crowding in %d %% of paths >= %d %% raised it %d "
             "level (%.40s:%d)", (int)lround(100 * cres->p_crowding), (int)lround(100 * cr->crowd_p),
             raised, fname, cr->crowd_line);
  snprintf(o->reason, sizeof o->reason,
           "peak %.3g %.95s in %d (month %zu)%s; largest single site %.3g (%.63s, %s alone); "
           "bands %.3g/%.3g/%.3g (%.40s:%d) give %s%.159s; sensitivity %s; matrix %.80s -> %s%s",
           peak, cr->unit[v], (int)floor(r->start_year + (double)peak_m / 12.0), peak_m,
           base > 0 ? " incl. baseline" : "", best1, r->sites[best_i].name,
           soso_impacts_significance_name((soso_significance)o->significance_single), cr->band[v][0],
           cr->band[v][1], cr->band[v][2], fname, cr->line[v],
           soso_impacts_level_name((soso_level)o->magnitude), crowd,
           soso_impacts_level_name((soso_level)o->sensitivity), soso_impacts_rules_matrix_origin(rules),
           soso_impacts_significance_name((soso_significance)o->significance),
           o->adds_up ? " - minor alone, more together: the impacts add up" : "");
  if (soso_impacts_rules_is_significant(rules, (soso_significance)o->significance))
    snprintf(o->measure, sizeof o->measure, "%s", cr->measure[v]);
}

int soso_region_cumulative(soso_region_result *res, const soso_region *r, const soso_rules *rules,
                           const soso_cumrules *cr) {
  if (!res || !r || !rules || !cr)
    return soso_error_set(SOSO_EUSAGE, "region: cumulative significance needs a result and rules");
  if (res->n_communities != r->n_communities || res->n_sites != r->n_sites)
    return soso_error_set(SOSO_EUSAGE, "region: the result is not of this region");
  for (size_t c = 0; c < r->n_communities; c++)
    for (int v = 0; v < SOSO_VEC_N; v++)
      assess(&res->community[c].vec[v], res, r, c, v, rules, cr);
  return 0;
}
