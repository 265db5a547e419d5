/* region_file.c - reads and validates a region file (YAML) into a soso_region.
 *
 * Invariants after a successful load: names of sites and of communities are
 * unique; coordinates are valid WGS84 degrees; every referenced file resolved
 * relative to the region file's folder; the market dynamics were checked by the
 * market module (a one-step trial simulation); distances are WGS84 geodesics
 * computed by PROJ (Karney 2013). A failed load returns nothing and one error line
 * "FILE:LINE: key: reason".
 */
#include "core/ydoc_int.h"
#include "market/factor_int.h"
#include "region/region_int.h"
#include "soso/geo.h"

#include "soso/community.h"
#include "soso/site.h"
#include "soso/error.h"
#include "soso/suggest.h"
#include "soso/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


static void dir_of(const char *path, char *out, size_t n);

static const char *const k_levels[] = {"negligible", "low", "medium", "high"};

static int level(soso__ydoc *d, yaml_node_t *n, const char *key, int *out) {
  char buf[32];
  int rc = soso__ydoc_scalar_strbuf(d, n, key, buf, sizeof buf);
  if (rc) return rc;
  for (int i = 0; i < 4; i++)
    if (strcmp(buf, k_levels[i]) == 0) {
      *out = i;
      return 0;
    }
  return soso__ydoc_fail(d, n, key, "\"%s\" is not one of negligible, low, medium, high", buf);
}

static int vec_index(const char *s) {
  for (int v = 0; v < SOSO_VEC_N; v++)
    if (strcmp(s, soso_region_vec_name(v)) == 0) return v;
  return -1;
}

static int pressure_index(const char *s) {
  for (int p = 0; p < SOSO_PRESSURE_N; p++)
    if (strcmp(s, soso_region_pressure_name(p)) == 0) return p;
  return -1;
}

/* A mapping from VEC or pressure names to values: kind 0 levels, 1 numbers over
 * VECs, 2 numbers over pressures. */
static int named_map(soso__ydoc *d, yaml_node_t *m, const char *what, int kind, double lo,
                     double hi, double *num, int *lev) {
  if (!m || m->type != YAML_MAPPING_NODE) return soso__ydoc_fail(d, m, what, "must be a mapping");
  for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
    yaml_node_t *k = soso__ydoc_node(d, p->key), *v = soso__ydoc_node(d, p->value);
    char name[32];
    int rc = soso__ydoc_scalar_strbuf(d, k, what, name, sizeof name);
    if (rc) return rc;
    int i = kind == 2 ? pressure_index(name) : vec_index(name);
    if (i < 0)
      return soso__ydoc_fail(d, k, name, "unknown %s in %s (one of %s)",
                             kind == 2 ? "pressure" : "valued component", what,
                             kind == 2 ? "noise, dust, traffic, water"
                                       : "employment, noise, dust, traffic, water, land");
    rc = kind == 0 ? level(d, v, name, &lev[i])
                   : soso__ydoc_scalar_num(d, v, name, SOSO__YR(lo, hi), &num[i]);
    if (rc) return rc;
  }
  return 0;
}

/* The region's own market section (optional): the one price-factor reader of
 * mine files too (market/factor_yaml.c), under "market.commodities". */
static int load_market(soso__ydoc *d, yaml_node_t *m, soso_region *r) {
  static const char *const keys[] = {"commodities", "correlation", "note", NULL};
  int rc = soso__ydoc_keys(d, m, "market", keys);
  if (rc) return rc;
  double delta[SOSO_MAX_FACTORS], lambda[SOSO_MAX_FACTORS];
  soso__factors_in in = {.doc = d, .section = m, .section_key = "market",
                         .list_key = "commodities", .store = r->store, .need_q = 0};
  memset(&r->market, 0, sizeof r->market);
  if ((rc = soso__factors_read(&r->market.d, delta, lambda, &r->origin, &in))) return rc;
  r->market_stated = r->market.d.n;
  r->corr_stated = soso__ydoc_get(d, m, "correlation") != NULL;
  r->market_line = soso__ydoc_line(m);
  return 0;
}

static void origin_where(char *buf, size_t n, const soso_factor_origin *o) {
  snprintf(buf, n, "%s:%d", o->file, o->line);
}

int region_market_add(soso_region *r, const soso_mine *m, int *map, int line) {
  soso_dynamics *d = &r->market.d;
  for (int k = 0; k < m->pmodel.d.n; k++) {
    const soso_factor *f = &m->pmodel.d.f[k];
    const soso_factor_origin *fo = &m->origin.f[k];
    int at = -1;
    for (int j = 0; j < d->n; j++)
      if (strcmp(d->f[j].name, f->name) == 0) at = j;
    if (at >= 0) {
      if (!soso__factor_same(&d->f[at], f)) {
        char a[SOSO_FACTOR_FILE_MAX + 16], b[SOSO_FACTOR_FILE_MAX + 16];
        origin_where(a, sizeof a, &r->origin.f[at]);
        origin_where(b, sizeof b, fo);
        return soso_error_set(SOSO_EDATA,
                              "%s: price factor: %s is stated with other parameters than at %s "
                              "(s0 %g vs %g, sigma %g vs %g, %s %g vs %g): state it once, or "
                              "use from_store in both",
                              a, f->name, b, d->f[at].s0, f->s0, d->f[at].sigma, f->sigma,
                              f->kind == SOSO_PRICE_GBM ? "mu" : "kappa",
                              f->kind == SOSO_PRICE_GBM ? d->f[at].mu : d->f[at].kappa,
                              f->kind == SOSO_PRICE_GBM ? f->mu : f->kappa);
      }
      map[k] = at;
      continue;
    }
    if (r->market_stated > 0)
      return soso_error_set(SOSO_EDATA, "%s:%d: mine: commodity %s of %s is not in the "
                            "region's market (add it, or leave market out to take the mines' "
                            "factors)", r->path, line, f->name, m->path);
    if (d->n >= SOSO_MAX_FACTORS)
      return soso_error_set(SOSO_EDATA, "%s: market: the mines name more than %d commodities",
                            r->path, SOSO_MAX_FACTORS);
    d->f[d->n] = *f;
    r->origin.f[d->n] = *fo;
    map[k] = d->n;
    d->n++;
    r->origin.n = d->n;
  }
  /* Pairwise correlations the mine states (used when the region gives none). */
  for (int a = 0; a < m->pmodel.d.n; a++)
    for (int b = 0; b < m->pmodel.d.n; b++) {
      int i = map[a], j = map[b];
      double c = m->pmodel.d.corr[a * m->pmodel.d.n + b];
      if (i == j || m->origin.corr_estimated) continue;
      if (r->pair_known[i][j] && r->pair_corr[i][j] != c)
        return soso_error_set(SOSO_EDATA, "%s: prices.correlation: %s-%s correlation %g differs "
                              "from %g stated in another mine file of %s", m->path,
                              d->f[i].name, d->f[j].name, c, r->pair_corr[i][j], r->path);
      r->pair_known[i][j] = 1;
      r->pair_corr[i][j] = c;
      r->pair_file[i][j] = m->path;
    }
  return 0;
}

/* After every mine is in: the correlation of the union when the region states
 * none - the store's innovations when every factor is from_store, else the
 * mines' own pairwise values, which must then cover every pair. */
static int finish_market(soso__ydoc *d, soso_region *r) {
  soso_dynamics *dy = &r->market.d;
  if (dy->n == 0)
    return soso__ydoc_fail(d, soso__ydoc_root(d), "market",
                           "no price factor: give a market section or sites with mine files");
  int n = dy->n;
  /* A stated correlation must agree with what the mines' policies were solved with. */
  if (r->corr_stated)
    for (int i = 0; i < n; i++)
      for (int j = 0; j < i; j++)
        if (r->pair_known[i][j] && fabs(r->pair_corr[i][j] - dy->corr[i * n + j]) > 1e-12) {
          yaml_node_t *mk = soso__ydoc_get(d, soso__ydoc_root(d), "market");
          return soso__ydoc_fail(d, mk ? soso__ydoc_get(d, mk, "correlation") : soso__ydoc_root(d),
                                 "market.correlation",
                                 "%s-%s correlation %g differs from %g in %s: state it once",
                                 dy->f[i].name, dy->f[j].name, dy->corr[i * n + j],
                                 r->pair_corr[i][j], r->pair_file[i][j]);
        }
  if (!r->corr_stated)
    for (int i = 0; i < n; i++) dy->corr[i * n + i] = 1.0;
  if (!r->corr_stated && n > 1) {
    int all_store = 1;
    for (int i = 0; i < n; i++) all_store &= r->origin.f[i].from_store;
    if (all_store) {
      const char *names[SOSO_MAX_FACTORS];
      soso_price_kind kinds[SOSO_MAX_FACTORS];
      int from = -1, to = -1;
      for (int i = 0; i < n; i++) {
        names[i] = r->origin.f[i].series;
        kinds[i] = dy->f[i].kind;
        if (r->origin.f[i].first > from) from = r->origin.f[i].first;
        if (to < 0 || r->origin.f[i].last < to) to = r->origin.f[i].last;
      }
      soso_pmodel pm;
      int win[2];
      if (soso__market_pmodel_kinds(&pm, NULL, win, r->store, names, kinds, n, from, to, NULL))
        return soso__ydoc_fail(d, soso__ydoc_root(d), "market", "correlation from the store: %s",
                               soso_error_last());
      memcpy(dy->corr, pm.d.corr, sizeof dy->corr);
      r->origin.corr_estimated = 1;
      r->origin.corr_first = win[0];
      r->origin.corr_last = win[1];
    } else {
      for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
          if (i == j) {
            dy->corr[i * n + j] = 1.0;
            continue;
          }
          if (!r->pair_known[i][j])
            return soso__ydoc_fail(
                d, soso__ydoc_root(d), "market",
                "correlation of %s and %s is given nowhere (no mine prices both): "
                "add market.correlation, or use from_store for every factor",
                dy->f[i].name, dy->f[j].name);
          dy->corr[i * n + j] = r->pair_corr[i][j];
        }
    }
  }
  r->origin.n = n;
  /* Let the market module judge the dynamics (positive definite, ...). */
  soso_rng rng = soso_rng_make(1, SOSO_STREAM_PRICES);
  double trial[2 * SOSO_MAX_FACTORS];
  if (soso_market_pmodel_paths(&r->market, &rng, 0, 1, 1, 1.0 / 12.0, trial)) {
    yaml_node_t *mk = soso__ydoc_get(d, soso__ydoc_root(d), "market");
    yaml_node_t *cr = mk ? soso__ydoc_get(d, mk, "correlation") : NULL;
    return soso__ydoc_fail(d,
                           cr   ? cr
                           : mk ? mk
                                : soso__ydoc_root(d),
                           cr ? "correlation" : "market", "%s", soso_error_last());
  }
  return 0;
}

/* Takes name, location, population, working-age share and unemployment from an
 * impacts community file (include/soso/community.h); the region entry may still
 * override each. */
static int community_file(soso__ydoc *d, yaml_node_t *c, const soso_region *r,
                          region_community *cm) {
  yaml_node_t *f = soso__ydoc_get(d, c, "file");
  if (!f) return 0;
  char rel[REGION_PATH_MAX], dir[REGION_PATH_MAX];
  int rc = soso__ydoc_scalar_strbuf(d, f, "file", rel, sizeof rel);
  if (rc) return rc;
  dir_of(r->path, dir, sizeof dir);
  int w = rel[0] == '/' ? snprintf(cm->file, sizeof cm->file, "%s", rel)
                        : snprintf(cm->file, sizeof cm->file, "%s%s", dir, rel);
  if (w < 0 || (size_t)w >= sizeof cm->file)
    return soso__ydoc_fail(d, f, "file", "path is too long");
  soso_community *sc = NULL;
  if ((rc = soso_community_load(&sc, cm->file))) return rc; /* its own FILE:LINE: key */
  snprintf(cm->name, sizeof cm->name, "%s", sc->name);
  cm->lat = sc->lat;
  cm->lon = sc->lon;
  cm->population = sc->population;
  cm->working_age_share = sc->working_age_share;
  /* Labour force approximated by the working-age residents. */
  cm->unemployed = sc->population * sc->working_age_share * sc->unemployment_rate;
  soso_community_free(sc);
  return 0;
}

static int load_communities(soso__ydoc *d, yaml_node_t *seq, soso_region *r) {
  static const char *const keys[] = {"name", "file", "lat", "lon", "population", "unemployed",
                                     "working_age_share", "sensitivity", "baseline", "note",
                                     NULL};
  if (!seq || seq->type != YAML_SEQUENCE_NODE || seq->data.sequence.items.top == seq->data.sequence.items.start)
    return soso__ydoc_fail(d, seq ? seq : soso__ydoc_root(d), "communities",
                           "must be a non-empty list");
  size_t n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
  r->communities = calloc(n, sizeof *r->communities);
  if (!r->communities) return soso_error_set(SOSO_ENOMEM, "out of memory");
  r->n_communities = n;
  for (size_t i = 0; i < n; i++) {
    yaml_node_t *c = soso__ydoc_node(d, seq->data.sequence.items.start[i]);
    region_community *cm = &r->communities[i];
    cm->working_age_share = 0.65; /* assumption when not given: EU-27 share ~0.64 */
    int rc = soso__ydoc_keys(d, c, "communities", keys);
    if (!rc) rc = community_file(d, c, r, cm);
    int inl = !cm->file[0];
    if (!rc) rc = soso__ydoc_strbuf(d, c, "name", inl, cm->name, sizeof cm->name, NULL);
    if (!rc) rc = soso__ydoc_num(d, c, "lat", inl, SOSO__YR(-90, 90), &cm->lat, NULL);
    if (!rc) rc = soso__ydoc_num(d, c, "lon", inl, SOSO__YR(-180, 180), &cm->lon, NULL);
    if (!rc) rc = soso__ydoc_num(d, c, "population", inl, SOSO__YR(1, 1e8), &cm->population, NULL);
    if (!rc)
      rc = soso__ydoc_num(d, c, "working_age_share", 0, SOSO__YR(0.01, 1), &cm->working_age_share,
                          NULL);
    if (!rc)
      rc =
          soso__ydoc_num(d, c, "unemployed", 0, SOSO__YR(0, cm->population), &cm->unemployed, NULL);
    if (rc) return rc;
    cm->line = soso__ydoc_line(c);
    for (size_t j = 0; j < i; j++)
      if (strcmp(r->communities[j].name, cm->name) == 0)
        return soso__ydoc_fail(d, soso__ydoc_get(d, c, "name"), "name",
                               "community \"%s\" given twice", cm->name);
    yaml_node_t *s = soso__ydoc_get(d, c, "sensitivity");
    if (!s)
      return soso__ydoc_fail(d, c, "sensitivity",
                             "missing (required): one level per valued component");
    for (int v = 0; v < SOSO_VEC_N; v++) cm->sensitivity[v] = -1;
    if ((rc = named_map(d, s, "sensitivity", 0, 0, 0, NULL, cm->sensitivity))) return rc;
    for (int v = 0; v < SOSO_VEC_N; v++)
      if (cm->sensitivity[v] < 0)
        return soso__ydoc_fail(d, s, soso_region_vec_name(v), "sensitivity is missing for this component");
    yaml_node_t *b = soso__ydoc_get(d, c, "baseline");
    if (b && (rc = named_map(d, b, "baseline", 1, 0, 1e6, cm->baseline, NULL))) return rc;
  }
  return 0;
}

static int load_schedule(soso__ydoc *d, yaml_node_t *m, site_schedule *s) {
  static const char *const keys[] = {"operating_months", "jobs", "wage_month", "fiscal_month",
                                     "cash_month", "capex", "note", NULL};
  int rc = soso__ydoc_keys(d, m, "schedule", keys);
  long om = 0;
  if (!rc) rc = soso__ydoc_int(d, m, "operating_months", 1, 1, 1200, &om, NULL);
  if (!rc) rc = soso__ydoc_num(d, m, "jobs", 1, SOSO__YR(0, 1e5), &s->jobs, NULL);
  if (!rc) rc = soso__ydoc_num(d, m, "wage_month", 0, SOSO__YR(0, 1e7), &s->wage_month, NULL);
  if (!rc) rc = soso__ydoc_num(d, m, "fiscal_month", 0, SOSO__YR(0, 1e12), &s->fiscal_month, NULL);
  if (!rc) rc = soso__ydoc_num(d, m, "cash_month", 0, SOSO__YR(-1e12, 1e12), &s->cash_month, NULL);
  if (!rc) rc = soso__ydoc_num(d, m, "capex", 0, SOSO__YR(0, 1e13), &s->capex, NULL);
  s->operating_months = (int)om;
  return rc;
}

static void dir_of(const char *path, char *out, size_t n) {
  const char *slash = strrchr(path, '/');
  size_t len = slash ? (size_t)(slash - path) + 1 : 0;
  if (len >= n) len = 0;
  memcpy(out, path, len);
  out[len] = '\0';
}

/* Takes name, location, footprint, local hire and the mine file from an impacts site
 * file (include/soso/site.h); the region entry may still override each. Sets
 * *has_mine when the site file named a mine. */
static int site_file(soso__ydoc *d, yaml_node_t *m, const char *dir, region_site *s, int *has_site,
                     soso_store *r_store) {
  yaml_node_t *f = soso__ydoc_get(d, m, "site");
  *has_site = f != NULL;
  if (!f) return 0;
  char rel[REGION_PATH_MAX], path[2 * REGION_PATH_MAX];
  int rc = soso__ydoc_scalar_strbuf(d, f, "site", rel, sizeof rel);
  if (rc) return rc;
  snprintf(path, sizeof path, "%s%s", rel[0] == '/' ? "" : dir, rel);
  soso_site *st = NULL;
  if ((rc = soso_site_load_ex(&st, path, r_store))) return rc; /* its own FILE:LINE: key */
  soso_site_drivers dv;
  rc = soso_site_drivers_static(&dv, st);
  const soso_mine *mine = soso_site_mine(st);
  if (!rc) {
    snprintf(s->name, sizeof s->name, "%s", soso_site_name(st));
    s->lat = dv.lat;
    s->lon = dv.lon;
    s->footprint_ha = dv.footprint_ha;
    s->local_share = dv.local_hire_share;
    if (mine && mine->path && strlen(mine->path) < sizeof s->mine_path)
      snprintf(s->mine_path, sizeof s->mine_path, "%s", mine->path);
    if (strlen(path) < sizeof s->site_file) snprintf(s->site_file, sizeof s->site_file, "%s", path);
    s->has_plant_flag = 1;
    s->modular = dv.modular_plant;
  }
  soso_site_free(st);
  return rc;
}

static int load_sites(soso__ydoc *d, yaml_node_t *seq, soso_region *r) {
  static const char *const keys[] = {
      "name", "deposit", "lat", "lon", "site", "mine", "schedule", "start_month", "footprint_ha",
      "remediation_months", "remediation_cost", "remediation_jobs", "pressures",
      "care_share", "remediation_share", "local_share", "note", NULL};
  if (!seq || seq->type != YAML_SEQUENCE_NODE || seq->data.sequence.items.top == seq->data.sequence.items.start)
    return soso__ydoc_fail(d, seq ? seq : soso__ydoc_root(d), "sites", "must be a non-empty list");
  size_t n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
  r->sites = calloc(n, sizeof *r->sites);
  if (!r->sites) return soso_error_set(SOSO_ENOMEM, "out of memory");
  r->n_sites = n;
  char dir[REGION_PATH_MAX];
  dir_of(r->path, dir, sizeof dir);
  for (size_t i = 0; i < n; i++) {
    yaml_node_t *m = soso__ydoc_node(d, seq->data.sequence.items.start[i]);
    region_site *s = &r->sites[i];
    long start = 0, rem = 0;
    s->care_share = 0.2;        /* assumption: pumps, ventilation, security only */
    s->remediation_share = 0.3; /* assumption: earthworks, haulage of cover soil */
    s->local_share = -1.0; /* resolved below: the mine's local_hire, else 1 */
    int has_site = 0;
    int rc = soso__ydoc_keys(d, m, "sites", keys);
    if (!rc) rc = site_file(d, m, dir, s, &has_site, r->store);
    int inl = !has_site;
    if (!rc) rc = soso__ydoc_strbuf(d, m, "name", inl, s->name, sizeof s->name, NULL);
    if (!rc) rc = soso__ydoc_strbuf(d, m, "deposit", 0, s->deposit, sizeof s->deposit, NULL);
    if (!rc) rc = soso__ydoc_num(d, m, "lat", inl, SOSO__YR(-90, 90), &s->lat, NULL);
    if (!rc) rc = soso__ydoc_num(d, m, "lon", inl, SOSO__YR(-180, 180), &s->lon, NULL);
    if (!rc) rc = soso__ydoc_int(d, m, "start_month", 0, 0, (long)r->n_months - 1, &start, NULL);
    if (!rc)
      rc = soso__ydoc_num(d, m, "footprint_ha", inl, SOSO__YR(0, 1e5), &s->footprint_ha, NULL);
    if (!rc) rc = soso__ydoc_int(d, m, "remediation_months", 1, 0, 600, &rem, NULL);
    if (!rc)
      rc = soso__ydoc_num(d, m, "remediation_cost", 0, SOSO__YR(0, 1e12), &s->remediation_cost,
                          NULL);
    if (!rc)
      rc =
          soso__ydoc_num(d, m, "remediation_jobs", 0, SOSO__YR(0, 1e5), &s->remediation_jobs, NULL);
    if (!rc) rc = soso__ydoc_num(d, m, "care_share", 0, SOSO__YR(0, 1), &s->care_share, NULL);
    if (!rc)
      rc =
          soso__ydoc_num(d, m, "remediation_share", 0, SOSO__YR(0, 1), &s->remediation_share, NULL);
    if (!rc) rc = soso__ydoc_num(d, m, "local_share", 0, SOSO__YR(0, 1), &s->local_share, NULL);
    if (rc) return rc;
    s->line = soso__ydoc_line(m);
    s->start_month = (int)start;
    s->remediation_months = (int)rem;
    for (size_t j = 0; j < i; j++)
      if (strcmp(r->sites[j].name, s->name) == 0)
        return soso__ydoc_fail(d, soso__ydoc_get(d, m, "name"), "name", "site \"%s\" given twice",
                               s->name);
    yaml_node_t *pr = soso__ydoc_get(d, m, "pressures");
    if (!pr)
      return soso__ydoc_fail(d, m, "pressures", "missing (required): noise, dust, traffic, water");
    for (int p = 0; p < SOSO_PRESSURE_N; p++) s->pressure[p] = -1;
    if ((rc = named_map(d, pr, "pressures", 2, 0, 100, s->pressure, NULL))) return rc;
    for (int p = 0; p < SOSO_PRESSURE_N; p++)
      if (s->pressure[p] < 0)
        return soso__ydoc_fail(d, pr, soso_region_pressure_name(p), "pressure is missing for this site");
    yaml_node_t *mine = soso__ydoc_get(d, m, "mine"), *sched = soso__ydoc_get(d, m, "schedule");
    int site_mine = has_site && s->mine_path[0] && !mine && !sched;
    if ((mine != NULL) == (sched != NULL) && !site_mine)
      return soso__ydoc_fail(d, m, "mine", "give exactly one of mine (a mine file) or schedule");
    if (sched) {
      s->model = SITE_SCHEDULE;
      if ((rc = load_schedule(d, sched, &s->sched))) return rc;
    } else {
      yaml_node_t *rcost = soso__ydoc_get(d, m, "remediation_cost");
      if (rcost)
        return soso__ydoc_fail(
            d, rcost, "remediation_cost",
            "a mine site's closure cost comes from its mine file (closure_cost)");
      char rel[REGION_PATH_MAX];
      if (mine) {
        if ((rc = soso__ydoc_scalar_strbuf(d, mine, "mine", rel, sizeof rel))) return rc;
        int w = rel[0] == '/' ? snprintf(s->mine_path, sizeof s->mine_path, "%s", rel)
                              : snprintf(s->mine_path, sizeof s->mine_path, "%s%s", dir, rel);
        if (w < 0 || (size_t)w >= sizeof s->mine_path)
          return soso__ydoc_fail(d, mine, "mine", "path is too long");
      }
      s->model = SITE_MINE;
      if ((rc = site_ops_prepare(r, i, soso__ydoc_line(mine ? mine : m)))) return rc;
    }
    if (s->local_share < 0) s->local_share = 1.0;
  }
  return 0;
}

static int site_index(const soso_region *r, const char *name) {
  for (size_t i = 0; i < r->n_sites; i++)
    if (strcmp(r->sites[i].name, name) == 0) return (int)i;
  return -1;
}

/* Which sites the one mobile plant can serve: a site whose own file plans a fixed
 * plant, or whose ore a month lies outside the plant's range, is reported and left
 * out of the one-plant strategies (not silently served). */
static void plant_check(soso_region *r) {
  for (size_t i = 0; i < r->n_sites; i++) {
    region_site *st = &r->sites[i];
    double t = site_ops_ore_t_month(st);
    int fixed = st->has_plant_flag && !st->modular;
    int out = t >= 0 && (t < r->plant_min_t_month || t > r->plant_max_t_month);
    if (fixed)
      snprintf(st->not_served, sizeof st->not_served, "its site file plans a fixed plant "
               "(plant: modular: false)%s", out ? "" : ", so the mobile plant cannot serve it");
    if (out) {
      size_t len = strlen(st->not_served);
      snprintf(st->not_served + len, sizeof st->not_served - len, "%sit mines %.0f t of ore a "
               "month, outside the mobile plant's range of %.0f to %.0f t", fixed ? ", and " : "",
               t, r->plant_min_t_month, r->plant_max_t_month);
    }
  }
}

static int load_strategy(soso__ydoc *d, yaml_node_t *m, soso_region *r) {
  static const char *const keys[] = {"kind", "order", "relocation_months",
                                     "relocation_months_per_100km", "relocation_cost",
                                     "relocation_cost_per_km", "plant_cost",
                                     "plant_capacity_t_month", "note", NULL};
  for (size_t i = 0; i < r->n_sites; i++) r->order[i] = i;
  r->strategy = SOSO_STRATEGY_SEQUENTIAL;
  r->plant_min_t_month = 0.0;
  r->plant_max_t_month = HUGE_VAL;
  if (!m) return 0;
  int rc = soso__ydoc_keys(d, m, "strategy", keys);
  char kind[32] = "sequential";
  if (!rc) rc = soso__ydoc_strbuf(d, m, "kind", 0, kind, sizeof kind, NULL);
  if (!rc)
    rc =
        soso__ydoc_num(d, m, "relocation_months", 0, SOSO__YR(0, 120), &r->reloc_months_base, NULL);
  if (!rc)
    rc = soso__ydoc_num(d, m, "relocation_months_per_100km", 0, SOSO__YR(0, 120),
                        &r->reloc_months_per_100km, NULL);
  if (!rc)
    rc = soso__ydoc_num(d, m, "relocation_cost", 0, SOSO__YR(0, 1e12), &r->reloc_cost_base, NULL);
  if (!rc)
    rc = soso__ydoc_num(d, m, "relocation_cost_per_km", 0, SOSO__YR(0, 1e9), &r->reloc_cost_per_km,
                        NULL);
  if (!rc) rc = soso__ydoc_num(d, m, "plant_cost", 0, SOSO__YR(0, 1e12), &r->plant_cost, NULL);
  if (rc) return rc;
  yaml_node_t *cap = soso__ydoc_get(d, m, "plant_capacity_t_month");
  if (cap) {
    if (cap->type != YAML_SEQUENCE_NODE ||
        cap->data.sequence.items.top - cap->data.sequence.items.start != 2)
      return soso__ydoc_fail(d, cap, "plant_capacity_t_month",
                             "must be [min, max] tonnes of ore a month");
    double v[2];
    for (int k = 0; k < 2; k++) {
      yaml_node_t *x = soso__ydoc_node(d, cap->data.sequence.items.start[k]);
      const char *t = x && x->type == YAML_SCALAR_NODE ? (const char *)x->data.scalar.value : "";
      char *end = NULL;
      v[k] = strtod(t, &end);
      if (!t[0] || *end || !(v[k] >= 0))
        return soso__ydoc_fail(d, x ? x : cap, "plant_capacity_t_month",
                               "\"%s\" is not a number >= 0", t);
    }
    if (v[1] < v[0])
      return soso__ydoc_fail(d, cap, "plant_capacity_t_month", "max %g is below min %g", v[1],
                             v[0]);
    r->plant_min_t_month = v[0];
    r->plant_max_t_month = v[1];
  }

  char brit[32], near[32], hint[64] = "";
  soso_suggest_spelling_british(brit, sizeof brit, kind); /* "optimized" is "optimised" */
  if (strcmp(kind, "concurrent") == 0) r->strategy = SOSO_STRATEGY_CONCURRENT;
  else if (strcmp(kind, "sequential") == 0) r->strategy = SOSO_STRATEGY_SEQUENTIAL;
  else if (strcmp(brit, "optimised") == 0) r->strategy = SOSO_STRATEGY_OPTIMISED;
  else {
    if (soso_suggest_list(near, sizeof near, kind, "concurrent|sequential|optimised"))
      snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", near);
    return soso__ydoc_fail(d, soso__ydoc_get(d, m, "kind"), "kind",
                           "\"%s\" is not concurrent, sequential or optimised%s", kind, hint);
  }
  yaml_node_t *o = soso__ydoc_get(d, m, "order");
  if (o) {
    if (o->type != YAML_SEQUENCE_NODE ||
        (size_t)(o->data.sequence.items.top - o->data.sequence.items.start) != r->n_sites)
      return soso__ydoc_fail(d, o, "order", "must list each of the %zu sites once", r->n_sites);
    for (size_t k = 0; k < r->n_sites; k++) {
      yaml_node_t *x = soso__ydoc_node(d, o->data.sequence.items.start[k]);
      char name[REGION_NAME_MAX];
      if ((rc = soso__ydoc_scalar_strbuf(d, x, "order", name, sizeof name))) return rc;
      int i = site_index(r, name);
      if (i < 0) return soso__ydoc_fail(d, x, "order", "no site named \"%s\"", name);
      for (size_t j = 0; j < k; j++)
        if (r->order[j] == (size_t)i)
          return soso__ydoc_fail(d, x, "order", "\"%s\" listed twice", name);
      r->order[k] = (size_t)i;
    }
  }
  return 0;
}

static int load_constraints(soso__ydoc *d, yaml_node_t *m, soso_region *r) {
  static const char *const keys[] = {"radius_km", "max_concurrent", "min_gap_months", "note",
                                     NULL};
  r->radius_km = 10.0;
  r->max_concurrent = 1;
  r->min_gap_months = -1;
  if (!m) return 0;
  long k = 1, gap = -1;
  int rc = soso__ydoc_keys(d, m, "constraints", keys);
  if (!rc) rc = soso__ydoc_num(d, m, "radius_km", 0, SOSO__YR(0.1, 1000), &r->radius_km, NULL);
  if (!rc) rc = soso__ydoc_int(d, m, "max_concurrent", 0, 1, 1000, &k, NULL);
  if (!rc) rc = soso__ydoc_int(d, m, "min_gap_months", 0, 0, 600, &gap, NULL);
  r->max_concurrent = (int)k;
  r->min_gap_months = (int)gap;
  return rc;
}

/* A price scenario over the whole district (optional; the web app's what-ifs write
 * it): `scenario: {price_level: L, drift: MU}` multiplies every factor's s0 - the
 * region's stated market and each mine's own - by L and sets every GBM drift to
 * MU, so the mines and the market stay one model under the scenario. */
static int load_scenario(soso__ydoc *d, yaml_node_t *m, soso_region *r) {
  r->scen_level = 1.0;
  r->scen_drift_set = 0;
  if (!m) return 0;
  static const char *const keys[] = {"price_level", "drift", "note", NULL};
  int rc = soso__ydoc_keys(d, m, "scenario", keys);
  if (!rc) rc = soso__ydoc_num(d, m, "price_level", 0, SOSO__YR(1e-3, 1e3), &r->scen_level, NULL);
  if (!rc && soso__ydoc_get(d, m, "drift")) {
    rc = soso__ydoc_num(d, m, "drift", 1, SOSO__YR(-1, 1), &r->scen_drift, NULL);
    r->scen_drift_set = 1;
  }
  return rc;
}

void region_apply_scenario(const soso_region *r, soso_dynamics *d) {
  for (int k = 0; k < d->n; k++) {
    d->f[k].s0 *= r->scen_level;
    if (r->scen_drift_set && d->f[k].kind == SOSO_PRICE_GBM) d->f[k].mu = r->scen_drift;
  }
}

static int load_top(soso__ydoc *d, soso_region *r) {
  static const char *const keys[] = {"name", "currency", "start_year", "horizon_years",
                                     "discount_rate", "decay_km", "commute_km", "market",
                                     "communities", "sites", "strategy", "constraints",
                                     "assumptions", "scenario", "note", NULL};
  yaml_node_t *root = soso__ydoc_root(d);
  int rc = soso__ydoc_keys(d, root, "region", keys);
  double years = 30;
  snprintf(r->currency, sizeof r->currency, "EUR");
  r->start_year = 2027;
  r->discount_rate = 0.08;
  r->commute_km = 15;
  /* Assumed e-folding lengths (km): noise fades fastest, traffic and water reach
   * along roads and rivers. Screening values, to be replaced by site studies. */
  const double decay[SOSO_PRESSURE_N] = {1.0, 2.0, 8.0, 10.0};
  memcpy(r->decay_km, decay, sizeof decay);
  if (!rc) rc = soso__ydoc_strbuf(d, root, "name", 1, r->name, sizeof r->name, NULL);
  if (!rc) rc = soso__ydoc_strbuf(d, root, "currency", 0, r->currency, sizeof r->currency, NULL);
  if (!rc)
    rc = soso__ydoc_num(d, root, "start_year", 0, SOSO__YR(1900, 2200), &r->start_year, NULL);
  if (!rc) rc = soso__ydoc_num(d, root, "horizon_years", 0, SOSO__YR(1, 100), &years, NULL);
  if (!rc)
    rc = soso__ydoc_num(d, root, "discount_rate", 0, SOSO__YR(0, 1), &r->discount_rate, NULL);
  if (!rc) rc = soso__ydoc_num(d, root, "commute_km", 0, SOSO__YR(0.1, 1000), &r->commute_km, NULL);
  if (rc) return rc;
  if (years * 12 != floor(years * 12))
    return soso__ydoc_fail(d, soso__ydoc_get(d, root, "horizon_years"), "horizon_years",
                           "must be whole months");
  r->n_months = (size_t)(years * 12);
  yaml_node_t *dk = soso__ydoc_get(d, root, "decay_km");
  if (dk && (rc = named_map(d, dk, "decay_km", 2, 0.01, 1000, r->decay_km, NULL))) return rc;
  yaml_node_t *as = soso__ydoc_get(d, root, "assumptions");
  if (as && as->type != YAML_SEQUENCE_NODE)
    return soso__ydoc_fail(d, as, "assumptions", "must be a list of texts");
  if ((rc = load_scenario(d, soso__ydoc_get(d, root, "scenario"), r))) return rc;
  yaml_node_t *mk = soso__ydoc_get(d, root, "market");
  if (mk && (rc = load_market(d, mk, r))) return rc;
  if (mk) region_apply_scenario(r, &r->market.d);
  if ((rc = load_communities(d, soso__ydoc_get(d, root, "communities"), r))) return rc;
  if ((rc = load_sites(d, soso__ydoc_get(d, root, "sites"), r))) return rc;
  if ((rc = finish_market(d, r))) return rc;
  r->order = calloc(r->n_sites, sizeof *r->order);
  if (!r->order) return soso_error_set(SOSO_ENOMEM, "out of memory");
  if ((rc = load_strategy(d, soso__ydoc_get(d, root, "strategy"), r))) return rc;
  plant_check(r);
  return load_constraints(d, soso__ydoc_get(d, root, "constraints"), r);
}

int soso_region_load(soso_region **out, const char *path) {
  return soso_region_load_ex(out, path, NULL);
}

int soso_region_load_ex(soso_region **out, const char *path, soso_store *store) {
  *out = NULL;
  soso_region *r = calloc(1, sizeof *r);
  if (!r) return soso_error_set(SOSO_ENOMEM, "out of memory");
  if (strlen(path) >= sizeof r->path) {
    free(r);
    return soso_error_set(SOSO_EUSAGE, "%s: path is too long", path);
  }
  memcpy(r->path, path, strlen(path) + 1);
  r->store = store; /* borrowed for the load only */
  soso__ydoc d;
  int rc = soso__ydoc_load(&d, path);
  if (!rc) rc = load_top(&d, r);
  soso__ydoc_free(&d);
  r->store = NULL;
  if (!rc) {
    r->dist = calloc(r->n_sites * r->n_communities, sizeof *r->dist);
    r->site_dist = calloc(r->n_sites * r->n_sites, sizeof *r->site_dist);
    if (!r->dist || !r->site_dist) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  if (rc) {
    soso_region_free(r);
    return rc;
  }
  for (size_t i = 0; i < r->n_sites; i++) {
    const region_site *s = &r->sites[i];
    for (size_t c = 0; c < r->n_communities; c++)
      r->dist[i * r->n_communities + c] =
          soso_geo_km(s->lat, s->lon, r->communities[c].lat, r->communities[c].lon);
    for (size_t j = 0; j < r->n_sites; j++)
      r->site_dist[i * r->n_sites + j] =
          soso_geo_km(s->lat, s->lon, r->sites[j].lat, r->sites[j].lon);
  }
  *out = r;
  return 0;
}

void soso_region_free(soso_region *r) {
  if (!r) return;
  for (size_t i = 0; r->sites && i < r->n_sites; i++) site_ops_release(&r->sites[i]);
  free(r->sites);
  free(r->communities);
  free(r->order);
  free(r->dist);
  free(r->site_dist);
  free(r);
}
