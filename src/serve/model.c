/* model.c - every call soso serve makes into the library's stages, in one file.
 *
 * The server is a thin caller: a region run is soso_region_load, soso_region_run per
 * strategy, soso_region_cumulative and soso_region_json, exactly as `soso region`
 * does, so the same seed and paths give the same numbers as the CLI; a site's
 * impacts are soso_impacts_assess on the site file's static drivers, exactly as
 * `soso impacts SITE --community C` does. When the library gains one entry point
 * per stage, this file is the one to change.
 *
 * What-ifs that change the region (prices, path trend, order, start years) are
 * applied to the region file's YAML document (libyaml) and the edited document is
 * loaded from a temporary file; relative file names in it are made absolute first,
 * so the edited copy reads the same mine and community files. The site and
 * community files of each site are the ones the region file names (see
 * match_sites), the same the report uses.
 */
#define _GNU_SOURCE
#include "serve/serve_int.h"
#include "impacts/impacts_int.h"
#include "region/region_int.h"

#include "soso/community.h"
#include "soso/io.h"
#include "soso/error.h"
#include "soso/impacts.h"
#include "soso/report.h"
#include "soso/site.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

typedef struct sv_site {
  soso_site *site;            /* matched site file, or NULL */
  soso_site_drivers drv;      /* its static drivers (pointers into site) */
  soso_community *comm;       /* the community file nearest to it */
  soso_io_table *table;       /* its input-output table, or NULL */
  char site_file[256];        /* base names, for the page */
  char comm_file[256];
} sv_site;

struct sv_model {
  char path[PATH_MAX];        /* region file as given */
  char dir[PATH_MAX];         /* its folder, absolute */
  soso_region *region;        /* the file as it is */
  soso_rules *rules;          /* impacts rules (significance matrix) */
  soso_cumrules *cum;         /* cumulative bands */
  size_t n_sites;
  sv_site sites[SV_MAX_SITES];
};

static int nomem(void) { return soso_error_set(SOSO_ENOMEM, "serve: out of memory"); }

static const char *base_name(const char *p) {
  const char *b = strrchr(p, '/');
  return b ? b + 1 : p;
}

/* A site's files are the ones the region file names: its site file
 * (sites[].site) and the community file of the community the library assigns it
 * (soso_region_site_community), as the report takes them. A site without either
 * is not assessed. */
static int match_sites(sv_model *m) {
  for (size_t i = 0; i < m->n_sites; i++) {
    const char *sf = soso_region_site_file(m->region, i);
    size_t c = soso_region_site_community(m->region, i);
    if (!sf[0] || c == (size_t)-1) continue;
    const char *cf = soso_region_community_file(m->region, c);
    sv_site *ss = &m->sites[i];
    snprintf(ss->site_file, sizeof ss->site_file, "%s", base_name(sf));
    snprintf(ss->comm_file, sizeof ss->comm_file, "%s", base_name(cf));
    if (soso_site_load(&ss->site, sf) || soso_site_drivers_static(&ss->drv, ss->site) ||
        soso_community_load(&ss->comm, cf) ||
        (ss->drv.io_table && soso_io_table_load(&ss->table, ss->drv.io_table)))
      return soso_error_code();
  }
  return 0;
}

int sv_model_new(sv_model **out, const char *region_path) {
  *out = NULL;
  sv_model *m = calloc(1, sizeof *m);
  if (!m) return nomem();
  int rc;
  snprintf(m->path, sizeof m->path, "%s", region_path);
  char *abs = realpath(region_path, NULL);
  if (!abs) {
    free(m);
    return soso_error_set(SOSO_EIO, "%s: cannot open region file", region_path);
  }
  char *slash = strrchr(abs, '/');
  if (slash) *slash = '\0';
  snprintf(m->dir, sizeof m->dir, "%s", abs);
  free(abs);
  if ((rc = soso_region_load(&m->region, region_path)) ||
      (rc = soso_impacts_rules_load(&m->rules, soso_impacts_rules_default_path())) ||
      (rc = soso_region_cumrules_load(&m->cum, soso_region_cumrules_default_path())))
    goto fail;
  m->n_sites = soso_region_n_sites(m->region);
  if (m->n_sites > SV_MAX_SITES) {
    rc = soso_error_set(SOSO_EUSAGE, "%s: serve handles at most %d sites", region_path,
                        SV_MAX_SITES);
    goto fail;
  }
  if ((rc = match_sites(m))) goto fail;
  *out = m;
  return 0;
fail:
  sv_model_free(m);
  return rc;
}

void sv_model_free(sv_model *m) {
  if (!m) return;
  for (size_t i = 0; i < SV_MAX_SITES; i++) {
    soso_site_free(m->sites[i].site);
    soso_community_free(m->sites[i].comm);
    soso_io_table_free(m->sites[i].table);
  }
  soso_region_cumrules_free(m->cum);
  soso_impacts_rules_free(m->rules);
  soso_region_free(m->region);
  free(m);
}

const soso_region *sv_model_region(const sv_model *m) { return m->region; }
const char *sv_model_path(const sv_model *m) { return m->path; }

/* What-if inputs ----------------------------------------------------------------- */

void sv_whatif_default(sv_whatif *w, const sv_model *m, size_t n_paths, uint64_t seed) {
  memset(w, 0, sizeof *w);
  w->strategy = 0;
  for (size_t i = 0; i < SV_MAX_SITES; i++) {
    w->start_year[i] = NAN;
    w->tailings[i] = -1;
    w->plant[i] = -1;
  }
  (void)m;
  w->n_paths = n_paths;
  w->seed = seed;
}

static int bad(char *field, size_t nf, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int bad(char *field, size_t nf, const char *name, const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(field, nf, "%s", name);
  return soso_error_set(SOSO_EUSAGE, "%s", msg);
}

static long site_index(const sv_model *m, const char *name) {
  for (size_t i = 0; i < m->n_sites; i++)
    if (strcmp(soso_region_site_name(m->region, i), name) == 0) return (long)i;
  return -1;
}

static int get_number(double *v, json_t *x, double lo, double hi, char *field, size_t nf,
                      const char *name) {
  if (!json_is_number(x)) return bad(field, nf, name, "%s must be a number", name);
  *v = json_number_value(x);
  if (!(*v >= lo && *v <= hi)) {
    snprintf(field, nf, "%s", name);
    return soso_error_set(SOSO_EUSAGE, "%s must lie in %g .. %g", name, lo, hi);
  }
  return 0;
}

int sv_whatif_parse(sv_whatif *w, const sv_model *m, const char *body, size_t n, char *field,
                    size_t nf) {
  json_error_t je;
  snprintf(field, nf, "body");
  json_t *root = json_loadb(body, n, JSON_REJECT_DUPLICATES, &je);
  if (!json_is_object(root)) {
    json_decref(root);
    return soso_error_set(SOSO_EUSAGE, "the body is not a JSON object");
  }
  int rc = 0;
  const char *key;
  json_t *v;
  json_object_foreach(root, key, v) {
    double d = 0; /* set by get_number before every use; gcc -O3 cannot see it (Release) */
    if (strcmp(key, "strategy") == 0) {
      const char *s = json_string_value(v);
      if (!s) { rc = bad(field, nf, key, "%s must be a string", key); break; }
      if (strcmp(s, "all") == 0) w->strategy = 0;
      else if (strcmp(s, "concurrent") == 0) w->strategy = SOSO_STRATEGY_CONCURRENT;
      else if (strcmp(s, "sequential") == 0) w->strategy = SOSO_STRATEGY_SEQUENTIAL;
      else if (strcmp(s, "optimised") == 0) w->strategy = SOSO_STRATEGY_OPTIMISED;
      else { rc = bad(field, nf, key, "%s must be all, concurrent, sequential or optimised", key); break; }
    } else if (strcmp(key, "price_shift") == 0) {
      if ((rc = get_number(&d, v, -0.9, 2.0, field, nf, key))) break;
      w->price_shift = d;
    } else if (strcmp(key, "drift") == 0) {
      if (json_is_null(v)) { w->has_drift = 0; continue; }
      if ((rc = get_number(&d, v, -0.3, 0.3, field, nf, key))) break;
      w->has_drift = 1;
      w->drift = d;
    } else if (strcmp(key, "paths") == 0) {
      if ((rc = get_number(&d, v, 10, 5000, field, nf, key))) break;
      if (d != floor(d)) { rc = bad(field, nf, key, "%s must be a whole number", key); break; }
      w->n_paths = (size_t)d;
    } else if (strcmp(key, "seed") == 0) {
      if ((rc = get_number(&d, v, 0, 9007199254740991.0, field, nf, key))) break;
      if (d != floor(d)) { rc = bad(field, nf, key, "%s must be a whole number", key); break; }
      w->seed = (uint64_t)d;
    } else if (strcmp(key, "order") == 0) {
      if (json_is_null(v)) { w->has_order = 0; continue; }
      if (!json_is_array(v) || json_array_size(v) != m->n_sites) {
        rc = bad(field, nf, key, "%s must list every site once", key);
        break;
      }
      unsigned char seen[SV_MAX_SITES] = {0};
      size_t k;
      json_t *x;
      json_array_foreach(v, k, x) {
        long i = json_is_string(x) ? site_index(m, json_string_value(x)) : -1;
        if (i < 0 || seen[i]) { rc = bad(field, nf, key, "%s must list every site once by name", key); break; }
        seen[i] = 1;
        w->order[k] = (size_t)i;
      }
      if (rc) break;
      w->has_order = 1;
      w->n_order = m->n_sites;
    } else if (strcmp(key, "start_year") == 0) {
      if (!json_is_object(v)) { rc = bad(field, nf, key, "%s must map site names to years", key); break; }
      const char *sk;
      json_t *sv;
      double y0 = soso_region_start_year(m->region);
      double y1 = y0 + (double)soso_region_n_months(m->region) / 12.0 - 1.0;
      json_object_foreach(v, sk, sv) {
        long i = site_index(m, sk);
        if (i < 0) { rc = bad(field, nf, "start_year", "start_year: \"%s\" is not a site", sk); break; }
        if (json_is_null(sv)) { w->start_year[i] = NAN; continue; }
        if ((rc = get_number(&d, sv, y0, y1, field, nf, "start_year"))) break;
        if (d != floor(d)) { rc = bad(field, nf, "start_year", "%s must be whole years", "start_year"); break; }
        w->start_year[i] = d;
      }
      if (rc) break;
    } else if (strcmp(key, "site") == 0) {
      if (!json_is_object(v)) { rc = bad(field, nf, key, "%s must map site names to choices", key); break; }
      const char *sk;
      json_t *sv;
      json_object_foreach(v, sk, sv) {
        long i = site_index(m, sk);
        if (i < 0 || !json_is_object(sv)) { rc = bad(field, nf, "site", "site: \"%s\" is not a site with choices", sk); break; }
        const char *ck;
        json_t *cv;
        json_object_foreach(sv, ck, cv) {
          const char *s = json_string_value(cv);
          if (strcmp(ck, "tailings") == 0) {
            if (!s) s = "";
            if (strcmp(s, "file") == 0) w->tailings[i] = -1;
            else if (strcmp(s, "backfill") == 0) w->tailings[i] = SOSO_TAILINGS_BACKFILL;
            else if (strcmp(s, "dry_stack") == 0) w->tailings[i] = SOSO_TAILINGS_DRY_STACK;
            else if (strcmp(s, "pond") == 0) w->tailings[i] = SOSO_TAILINGS_POND;
            else { rc = bad(field, nf, "site.tailings", "%s must be file, backfill, dry_stack or pond", "tailings"); break; }
          } else if (strcmp(ck, "plant") == 0) {
            if (!s) s = "";
            if (strcmp(s, "file") == 0) w->plant[i] = -1;
            else if (strcmp(s, "modular") == 0) w->plant[i] = 1;
            else if (strcmp(s, "fixed") == 0) w->plant[i] = 0;
            else { rc = bad(field, nf, "site.plant", "%s must be file, modular or fixed", "plant"); break; }
          } else {
            rc = bad(field, nf, "site", "site: unknown choice \"%s\" (tailings, plant)", ck);
            break;
          }
        }
        if (rc) break;
      }
      if (rc) break;
    } else {
      rc = bad(field, nf, key, "unknown field \"%s\"", key);
      break;
    }
  }
  json_decref(root);
  return rc;
}

json_t *sv_whatif_json(const sv_whatif *w, const sv_model *m) {
  static const char *const kstrat[] = {"all", "concurrent", "sequential", "optimised"};
  json_t *o = json_object();
  json_object_set_new(o, "strategy", json_string(kstrat[w->strategy]));
  json_object_set_new(o, "price_shift", json_real(w->price_shift));
  json_object_set_new(o, "drift", w->has_drift ? json_real(w->drift) : json_null());
  json_t *ord = json_null();
  if (w->has_order) {
    ord = json_array();
    for (size_t k = 0; k < w->n_order; k++)
      json_array_append_new(ord, json_string(soso_region_site_name(m->region, w->order[k])));
  }
  json_object_set_new(o, "order", ord);
  json_t *sy = json_object(), *sc = json_object();
  for (size_t i = 0; i < m->n_sites; i++) {
    const char *name = soso_region_site_name(m->region, i);
    if (!isnan(w->start_year[i])) json_object_set_new(sy, name, json_real(w->start_year[i]));
    if (w->tailings[i] >= 0 || w->plant[i] >= 0) {
      json_t *c = json_object();
      if (w->tailings[i] >= 0)
        json_object_set_new(c, "tailings", json_string(soso_site_tailings_name((soso_tailings)w->tailings[i])));
      if (w->plant[i] >= 0) json_object_set_new(c, "plant", json_string(w->plant[i] ? "modular" : "fixed"));
      json_object_set_new(sc, name, c);
    }
  }
  json_object_set_new(o, "start_year", sy);
  json_object_set_new(o, "site", sc);
  json_object_set_new(o, "paths", json_integer((json_int_t)w->n_paths));
  json_object_set_new(o, "seed", json_integer((json_int_t)w->seed));
  return o;
}

/* FNV-1a, 64 bits: a cache key over canonical inputs, not a security measure (the
 * server never trusts it; a collision would at worst show another what-if). */
void sv_whatif_key(char id[SV_ID], const sv_whatif *w, const sv_model *m) {
  json_t *o = sv_whatif_json(w, m);
  char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = s ? s : ""; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  snprintf(id, SV_ID, "%016llx", (unsigned long long)h);
  free(s);
  json_decref(o);
}

/* Editing the region document ------------------------------------------------------ */

static yaml_node_t *node(yaml_document_t *d, int i) { return yaml_document_get_node(d, i); }

/* The value index of key in mapping node mi, or 0; *pair receives the pair. */
static int map_find(yaml_document_t *d, int mi, const char *key, yaml_node_pair_t **pair) {
  yaml_node_t *mp = node(d, mi);
  if (!mp || mp->type != YAML_MAPPING_NODE) return 0;
  for (yaml_node_pair_t *p = mp->data.mapping.pairs.start; p < mp->data.mapping.pairs.top; p++) {
    yaml_node_t *k = node(d, p->key);
    if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0) {
      if (pair) *pair = p;
      return p->value;
    }
  }
  return 0;
}

/* Sets key to a plain scalar in mapping mi (adding the pair if missing). */
static int map_set(yaml_document_t *d, int mi, const char *key, const char *value) {
  int vi = yaml_document_add_scalar(d, NULL, (yaml_char_t *)(uintptr_t)value, -1,
                                    YAML_PLAIN_SCALAR_STYLE);
  if (!vi) return nomem();
  yaml_node_pair_t *p = NULL;
  if (map_find(d, mi, key, &p)) {
    p->value = vi;
    return 0;
  }
  int ki = yaml_document_add_scalar(d, NULL, (yaml_char_t *)(uintptr_t)key, -1,
                                    YAML_PLAIN_SCALAR_STYLE);
  if (!ki || !yaml_document_append_mapping_pair(d, mi, ki, vi)) return nomem();
  return 0;
}


static int abs_paths(yaml_document_t *d, int seqi, const char *dir) {
  yaml_node_t *sq = node(d, seqi);
  if (!sq || sq->type != YAML_SEQUENCE_NODE) return 0;
  size_t n = (size_t)(sq->data.sequence.items.top - sq->data.sequence.items.start);
  for (size_t k = 0; k < n; k++) {
    int item = node(d, seqi)->data.sequence.items.start[k];
    static const char *const keys[] = {"file", "mine", "site"};
    for (size_t j = 0; j < 3; j++) {
      yaml_node_t *v = node(d, map_find(d, item, keys[j], NULL));
      if (!v || v->type != YAML_SCALAR_NODE || v->data.scalar.value[0] == '/') continue;
      char buf[PATH_MAX * 2];
      snprintf(buf, sizeof buf, "%s/%s", dir, (char *)v->data.scalar.value);
      int rc = map_set(d, item, keys[j], buf);
      if (rc) return rc;
    }
  }
  return 0;
}

static int edit_region(yaml_document_t *d, const sv_model *m, const sv_whatif *w) {
  int root = 1, rc;
  if ((rc = abs_paths(d, map_find(d, root, "communities", NULL), m->dir)) ||
      (rc = abs_paths(d, map_find(d, root, "sites", NULL), m->dir)))
    return rc;
  /* Prices: the region's `scenario` (region file, README "soso region"), which the
   * loader applies to the market and to every mine alike, so the district stays one
   * model (restating a factor in the market with other numbers would be an error). */
  if (w->price_shift != 0.0 || w->has_drift) {
    int sc = yaml_document_add_mapping(d, NULL, YAML_FLOW_MAPPING_STYLE);
    if (!sc) return nomem();
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", 1.0 + w->price_shift);
    if ((rc = map_set(d, sc, "price_level", buf))) return rc;
    if (w->has_drift) {
      snprintf(buf, sizeof buf, "%.17g", w->drift);
      if ((rc = map_set(d, sc, "drift", buf))) return rc;
    }
    yaml_node_pair_t *p = NULL;
    if (map_find(d, root, "scenario", &p)) {
      p->value = sc;
    } else {
      int ki = yaml_document_add_scalar(d, NULL, (yaml_char_t *)(uintptr_t) "scenario", -1,
                                        YAML_PLAIN_SCALAR_STYLE);
      if (!ki || !yaml_document_append_mapping_pair(d, root, ki, sc)) return nomem();
    }
  }
  int st = map_find(d, root, "sites", NULL);
  yaml_node_t *stn = node(d, st);
  if (stn && stn->type == YAML_SEQUENCE_NODE) {
    size_t n = (size_t)(stn->data.sequence.items.top - stn->data.sequence.items.start);
    for (size_t k = 0; k < n && k < m->n_sites; k++) {
      if (isnan(w->start_year[k])) continue;
      int item = node(d, st)->data.sequence.items.start[k];
      char buf[64];
      double months = (w->start_year[k] - soso_region_start_year(m->region)) * 12.0;
      snprintf(buf, sizeof buf, "%.0f", months);
      if ((rc = map_set(d, item, "start_month", buf))) return rc;
    }
  }
  if (w->has_order) {
    int sg = map_find(d, root, "strategy", NULL);
    if (!sg) return soso_error_set(SOSO_EDATA, "%s: strategy: missing", m->path);
    int seq = yaml_document_add_sequence(d, NULL, YAML_FLOW_SEQUENCE_STYLE);
    if (!seq) return nomem();
    for (size_t k = 0; k < w->n_order; k++) {
      int s = yaml_document_add_scalar(
          d, NULL, (yaml_char_t *)(uintptr_t)soso_region_site_name(m->region, w->order[k]), -1,
          YAML_DOUBLE_QUOTED_SCALAR_STYLE);
      if (!s || !yaml_document_append_sequence_item(d, seq, s)) return nomem();
    }
    yaml_node_pair_t *p = NULL;
    if (map_find(d, sg, "order", &p)) {
      p->value = seq;
    } else {
      int ki = yaml_document_add_scalar(d, NULL, (yaml_char_t *)(uintptr_t) "order", -1,
                                        YAML_PLAIN_SCALAR_STYLE);
      if (!ki || !yaml_document_append_mapping_pair(d, sg, ki, seq)) return nomem();
    }
  }
  return 0;
}

static int whatif_changes_region(const sv_whatif *w, const sv_model *m) {
  if (w->price_shift != 0.0 || w->has_drift || w->has_order) return 1;
  for (size_t i = 0; i < m->n_sites; i++)
    if (!isnan(w->start_year[i])) return 1;
  return 0;
}

/* Loads the region with the what-if applied (a new object; the caller frees it). */
static int load_edited(soso_region **out, const sv_model *m, const sv_whatif *w) {
  *out = NULL;
  FILE *in = fopen(m->path, "rb");
  if (!in) return soso_error_set(SOSO_EIO, "%s: cannot open", m->path);
  yaml_parser_t ps;
  yaml_document_t doc;
  yaml_parser_initialize(&ps);
  yaml_parser_set_input_file(&ps, in);
  int ok = yaml_parser_load(&ps, &doc);
  yaml_parser_delete(&ps);
  fclose(in);
  if (!ok) return soso_error_set(SOSO_EDATA, "%s: not a YAML document", m->path);
  if (!yaml_document_get_root_node(&doc)) {
    yaml_document_delete(&doc);
    return soso_error_set(SOSO_EDATA, "%s: empty", m->path);
  }
  int rc = edit_region(&doc, m, w);
  if (rc) {
    yaml_document_delete(&doc);
    return rc;
  }
  const char *tmp = getenv("TMPDIR");
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/soso-whatif-XXXXXX.region.yaml", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemps(path, 12);
  if (fd < 0) {
    yaml_document_delete(&doc);
    return soso_error_set(SOSO_EIO, "%s: cannot create a temporary file", path);
  }
  FILE *f = fdopen(fd, "wb");
  if (!f) {
    close(fd);
    unlink(path);
    yaml_document_delete(&doc);
    return soso_error_set(SOSO_EIO, "%s: cannot write", path);
  }
  yaml_emitter_t em;
  yaml_emitter_initialize(&em);
  yaml_emitter_set_output_file(&em, f);
  yaml_emitter_set_unicode(&em, 1);
  yaml_emitter_set_width(&em, -1);
  ok = yaml_emitter_open(&em) && yaml_emitter_dump(&em, &doc) && yaml_emitter_close(&em);
  yaml_emitter_delete(&em); /* dump deleted the document */
  if (fclose(f) != 0) ok = 0;
  if (!ok) {
    unlink(path);
    return soso_error_set(SOSO_EIO, "%s: cannot write the edited region", path);
  }
  rc = soso_region_load(out, path);
  unlink(path);
  return rc;
}

/* Running ------------------------------------------------------------------------- */

static json_t *site_impacts(const sv_model *m, const sv_whatif *w, int *rc) {
  json_t *arr = json_array();
  for (size_t i = 0; i < m->n_sites && !*rc; i++) {
    const sv_site *ss = &m->sites[i];
    json_t *o = json_object();
    json_object_set_new(o, "site", json_string(soso_region_site_name(m->region, i)));
    json_array_append_new(arr, o);
    if (!ss->site) {
      json_object_set_new(o, "assessment", json_null());
      continue;
    }
    soso_site_drivers d = ss->drv;
    if (w->tailings[i] >= 0) d.tailings = (soso_tailings)w->tailings[i];
    if (w->plant[i] >= 0) d.modular_plant = d.redeployable = w->plant[i];
    json_object_set_new(o, "site_file", json_string(ss->site_file));
    json_object_set_new(o, "community_file", json_string(ss->comm_file));
    json_object_set_new(o, "tailings", json_string(soso_site_tailings_name(d.tailings)));
    json_object_set_new(o, "plant", json_string(d.modular_plant ? "modular" : "fixed"));
    soso_assessment *a = NULL;
    json_t *j = NULL;
    if ((*rc = soso_impacts_assess(&a, m->rules, &d, ss->comm, ss->table)) ||
        (*rc = impacts_json_object(&j, a))) {
      soso_impacts_assessment_free(a);
      break;
    }
    soso_impacts_assessment_free(a);
    json_object_set_new(o, "assessment", j);
  }
  return arr;
}

int sv_model_run(char **out, size_t *out_len, const sv_model *m, const sv_whatif *w,
                 sv_progress_fn progress, void *closure) {
  *out = NULL;
  *out_len = 0;
  soso_region *edited = NULL;
  soso_region_result *res[3] = {NULL, NULL, NULL};
  size_t nr = 0;
  json_t *j = NULL;
  int rc = 0;
  if (progress) progress(closure, "load", 0.02);
  if (whatif_changes_region(w, m) && (rc = load_edited(&edited, m, w))) goto done;
  const soso_region *r = edited ? edited : m->region;
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = w->n_paths;
  o.seed = w->seed;
  o.n_threads = 1; /* jobs run side by side; results do not depend on the count */
  int n_run = w->strategy ? 1 : 3;
  for (int s = SOSO_STRATEGY_CONCURRENT; s <= SOSO_STRATEGY_OPTIMISED; s++) {
    if (w->strategy && w->strategy != s) continue;
    if (progress) progress(closure, soso_region_strategy_name((soso_strategy)s), 0.05 + 0.8 * (double)nr / n_run);
    if ((rc = soso_region_run(&res[nr], r, (soso_strategy)s, &o)) ||
        (rc = soso_region_cumulative(res[nr], r, m->rules, m->cum)))
      goto done;
    nr++;
  }
  if (progress) progress(closure, "impacts", 0.88);
  if ((rc = region_json_object(&j, r, res, nr))) goto done;
  json_object_set_new(j, "file", json_string(m->path));
  json_object_set_new(j, "inputs", sv_whatif_json(w, m));
  json_t *imp = site_impacts(m, w, &rc);
  json_object_set_new(j, "impacts", imp);
  if (rc) goto done;
  if (progress) progress(closure, "json", 0.95);
  *out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
  if (!*out) {
    rc = nomem();
    goto done;
  }
  *out_len = strlen(*out);
done:
  json_decref(j);
  for (size_t k = 0; k < 3; k++) soso_region_result_free(res[k]);
  soso_region_free(edited);
  return rc;
}

/* Map and report ------------------------------------------------------------------ */

static void bbox_of(json_t *coords, double bb[4]) {
  if (!json_is_array(coords)) return;
  if (json_array_size(coords) >= 2 && json_is_number(json_array_get(coords, 0))) {
    double x = json_number_value(json_array_get(coords, 0));
    double y = json_number_value(json_array_get(coords, 1));
    if (x < bb[0]) bb[0] = x;
    if (y < bb[1]) bb[1] = y;
    if (x > bb[2]) bb[2] = x;
    if (y > bb[3]) bb[3] = y;
    return;
  }
  size_t k;
  json_t *c;
  json_array_foreach(coords, k, c) bbox_of(c, bb);
}

int sv_model_map(char **out, size_t *out_len, const sv_model *m, const char *boundaries) {
  *out = NULL;
  json_error_t je;
  json_t *g = json_load_file(boundaries, 0, &je);
  if (!g) return soso_error_set(SOSO_EDATA, "%s:%d: %s", boundaries, je.line, je.text);
  double rb[4] = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
  const soso_region *r = m->region;
  for (size_t i = 0; i < soso_region_n_sites(r); i++) {
    double x, y;
    soso_region_site_lonlat(r, i, &x, &y);
    rb[0] = fmin(rb[0], x), rb[1] = fmin(rb[1], y), rb[2] = fmax(rb[2], x), rb[3] = fmax(rb[3], y);
  }
  for (size_t i = 0; i < soso_region_n_communities(r); i++) {
    double x, y;
    soso_region_community_lonlat(r, i, &x, &y);
    rb[0] = fmin(rb[0], x), rb[1] = fmin(rb[1], y), rb[2] = fmax(rb[2], x), rb[3] = fmax(rb[3], y);
  }
  double pad = 1.5; /* degrees around the district, enough for the neighbours' outlines */
  json_t *keep = json_array();
  size_t k;
  json_t *f;
  json_array_foreach(json_object_get(g, "features"), k, f) {
    double bb[4] = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    bbox_of(json_object_get(json_object_get(f, "geometry"), "coordinates"), bb);
    if (bb[2] < rb[0] - pad || bb[0] > rb[2] + pad || bb[3] < rb[1] - pad || bb[1] > rb[3] + pad)
      continue;
    json_array_append(keep, f);
  }
  json_t *o = json_pack("{s:s,s:o,s:[ffff]}", "type", "FeatureCollection", "features", keep,
                        "bbox", rb[0], rb[1], rb[2], rb[3]);
  json_decref(g);
  if (!o) return nomem();
  *out = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  if (!*out) return nomem();
  *out_len = strlen(*out);
  return 0;
}

int sv_model_markdown(char **out, size_t *out_len, const sv_model *m, size_t n_paths,
                      uint64_t seed) {
  *out = NULL;
  *out_len = 0;
  soso_region_result *res[3] = {NULL, NULL, NULL};
  size_t nr = 0;
  int rc = 0;
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = n_paths;
  o.seed = seed;
  o.n_threads = 1;
  for (int s = SOSO_STRATEGY_CONCURRENT; s <= SOSO_STRATEGY_OPTIMISED && !rc; s++) {
    rc = soso_region_run(&res[nr], m->region, (soso_strategy)s, &o);
    if (!rc) rc = soso_region_cumulative(res[nr], m->region, m->rules, m->cum);
    if (res[nr]) nr++;
  }
  char *buf = NULL;
  size_t len = 0;
  FILE *f = rc ? NULL : open_memstream(&buf, &len);
  if (!rc && !f) rc = nomem();
  if (!rc) rc = soso_region_markdown(m->region, res, nr, soso_sink_stdio, f);
  if (f && fclose(f) != 0 && !rc) rc = nomem();
  for (size_t i = 0; i < 3; i++) soso_region_result_free(res[i]);
  if (rc) {
    free(buf);
    return rc;
  }
  *out = buf;
  *out_len = len;
  return 0;
}
