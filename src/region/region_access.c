/* region_access.c - read-only views of a loaded region and the names of its enums.
 *
 * Invariant: accessors never modify the region, so any number of threads may call
 * them on one region at once. Out-of-range indices give "" or NaN, never a crash.
 */
#include "region/region_int.h"

#include <math.h>

const char *soso_pressure_name(int p) {
  static const char *const k[SOSO_PRESSURE_N] = {"noise", "dust", "traffic", "water"};
  return p >= 0 && p < SOSO_PRESSURE_N ? k[p] : "";
}

const char *soso_vec_name(int v) {
  static const char *const k[SOSO_VEC_N] = {"employment", "noise", "dust",
                                            "traffic",    "water", "land"};
  return v >= 0 && v < SOSO_VEC_N ? k[v] : "";
}

const char *soso_strategy_name(soso_strategy s) {
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

const char *soso_region_site_file(const soso_region *r, size_t i) {
  return i < r->n_sites ? r->sites[i].site_file : "";
}

const char *soso_region_community_file(const soso_region *r, size_t c) {
  return c < r->n_communities ? r->communities[c].file : "";
}
