/* region_access.c - read-only views of a loaded region and the names of its enums.
 *
 * Invariant: accessors never modify the region, so any number of threads may call
 * them on one region at once. Out-of-range indices give "" or NaN, never a crash.
 */
#include "region/region_int.h"
#include "core/i18n_int.h"
#include "soso/i18n.h"

#include <math.h>
#include <stdio.h>

const char *soso_region_pressure_name(int p) {
  static const char *const k[SOSO_PRESSURE_N] = {"noise", "dust", "traffic", "water"};
  return p >= 0 && p < SOSO_PRESSURE_N ? k[p] : "";
}

const char *soso_region_vec_name(int v) {
  static const char *const k[SOSO_VEC_N] = {"employment", "noise", "dust",
                                            "traffic",    "water", "land"};
  return v >= 0 && v < SOSO_VEC_N ? k[v] : "";
}

const char *soso_region_strategy_name(soso_strategy s) {
  switch (s) {
  case SOSO_STRATEGY_CONCURRENT: return "concurrent";
  case SOSO_STRATEGY_SEQUENTIAL: return "sequential";
  case SOSO_STRATEGY_OPTIMISED: return "optimised";
  }
  return "";
}

const char *soso_region_name(const soso_region *r) { return r->name; }
const char *soso_region_currency(const soso_region *r) { return r->currency; }
soso_strategy soso_region_strategy(const soso_region *r) { return r->strategy; }
size_t soso_region_n_sites(const soso_region *r) { return r->n_sites; }
size_t soso_region_n_communities(const soso_region *r) { return r->n_communities; }
size_t soso_region_n_months(const soso_region *r) { return r->n_months; }
double soso_region_start_year(const soso_region *r) { return r->start_year; }
double soso_region_radius_km(const soso_region *r) { return r->radius_km; }
int soso_region_max_concurrent(const soso_region *r) { return r->max_concurrent; }

const char *soso_region_site_name(const soso_region *r, size_t i) {
  return i < r->n_sites ? r->sites[i].name : "";
}

const char *soso_region_community_name(const soso_region *r, size_t c) {
  return c < r->n_communities ? r->communities[c].name : "";
}

void soso_region_site_lonlat(const soso_region *r, size_t i, double *lon, double *lat) {
  *lon = i < r->n_sites ? r->sites[i].lon : NAN;
  *lat = i < r->n_sites ? r->sites[i].lat : NAN;
}

void soso_region_community_lonlat(const soso_region *r, size_t c, double *lon, double *lat) {
  *lon = c < r->n_communities ? r->communities[c].lon : NAN;
  *lat = c < r->n_communities ? r->communities[c].lat : NAN;
}

double soso_region_distance_km(const soso_region *r, size_t i, size_t c) {
  return i < r->n_sites && c < r->n_communities ? r->dist[i * r->n_communities + c] : NAN;
}

size_t soso_region_site_community(const soso_region *r, size_t i) {
  size_t best = (size_t)-1;
  double km = HUGE_VAL;
  for (size_t c = 0; r && c < r->n_communities; c++) {
    if (!r->communities[c].file[0]) continue;
    double x = soso_region_distance_km(r, i, c);
    if (x < km) km = x, best = c;
  }
  return best;
}

const char *soso_region_site_not_served(const soso_region *r, size_t i) {
  return i < r->n_sites ? r->sites[i].not_served : "";
}

/* The conditions are plant_check's (region_file.c), which wrote the English reason;
 * a site has a reason here exactly when it has one there. */
char *soso_region_site_not_served_text(char *buf, size_t n, const soso_region *r, size_t i) {
  if (!buf || n == 0) return buf;
  buf[0] = '\0';
  if (!r || i >= r->n_sites || !r->sites[i].not_served[0]) return buf;
  const region_site *st = &r->sites[i];
  double t = site_ops_ore_t_month(st);
  int fixed = st->has_plant_flag && !st->modular;
  int out = t >= 0 && (t < r->plant_min_t_month || t > r->plant_max_t_month);
  char a[48], lo[48], hi[48], range[256] = "";
  if (out) {
    soso_i18n_number(a, sizeof a, t, 0, 0);
    soso_i18n_number(lo, sizeof lo, r->plant_min_t_month, 0, 0);
    soso_i18n_number(hi, sizeof hi, r->plant_max_t_month, 0, 0);
    snprintf(range, sizeof range,
             _("it mines %s t of ore a month, outside the mobile plant's range of %s to %s t"),
             a, lo, hi);
  }
  if (fixed && out)
    snprintf(buf, n, _("its site file plans a fixed plant (plant: modular: false), and %s"),
             range);
  else if (fixed)
    snprintf(buf, n, "%s", _("its site file plans a fixed plant (plant: modular: false), so "
                             "the mobile plant cannot serve it"));
  else if (out)
    snprintf(buf, n, "%s", range);
  else /* a reason this function does not know: the stored one, as written */
    snprintf(buf, n, "%s", st->not_served);
  return buf;
}

const char *soso_region_site_file(const soso_region *r, size_t i) {
  return i < r->n_sites ? r->sites[i].site_file : "";
}

const char *soso_region_community_file(const soso_region *r, size_t c) {
  return c < r->n_communities ? r->communities[c].file : "";
}
