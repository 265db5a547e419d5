/* scenarios.c - the sweep's scenarios file (YAML, through the library's ydoc layer)
 * and how a scenario changes a drafted mine.
 *
 * Every number is checked where it is read; errors are "FILE:LINE: key: reason".
 * Multipliers must be in (0, 100], rates and royalty in [0, 0.99]. A scenario without a key keeps
 * the draft's value (multiplier 1, rate and royalty unchanged).
 */
#include "soso/sweep.h"

#include "core/ydoc_int.h"
#include "soso/error.h"
#include "soso/afile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Multipliers lie in (0, 100]; rates and royalty in [0, 0.99], as in a mine file. */
#define MULT SOSO__YR_ABOVE(0.0, 100.0)
#define RATE SOSO__YR(0.0, 0.99)

/* price: {all: 0.8, ZINC: 1.1} or price: 0.8 -> adj[].price (vol when is_vol). */
static int mults(soso__ydoc *d, yaml_node_t *sc, const char *key, const char *where,
                 soso_sweep_scenario *s, int is_vol) {
  yaml_node_t *n = soso__ydoc_get(d, sc, key);
  if (!n) return 0;
  char full[128];
  snprintf(full, sizeof full, "%s.%s", where, key);
  if (n->type == YAML_SCALAR_NODE) {
    double x = 1.0;
    d->pre = where;
    if (soso__ydoc_num(d, sc, key, 0, MULT, &x, NULL)) return SOSO_EDATA;
    s->adj[0].price = is_vol ? s->adj[0].price : x;
    s->adj[0].vol = is_vol ? x : s->adj[0].vol;
    return 0;
  }
  d->pre = NULL;
  if (n->type != YAML_MAPPING_NODE)
    return soso__ydoc_fail(d, n, full, "expected a number or a mapping {all: x, ZINC: y}");
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
    yaml_node_t *kn = soso__ydoc_node(d, p->key);
    const char *name = soso__ydoc_text(kn);
    if (!name || !*name || strlen(name) >= SOSO_NAME_MAX)
      return soso__ydoc_fail(d, kn, full, "a key must be \"all\" or a commodity name");
    double x = 1.0;
    d->pre = full;
    if (soso__ydoc_num(d, n, name, 0, MULT, &x, NULL)) return SOSO_EDATA;
    d->pre = NULL;
    int j = 0;
    if (strcmp(name, "all") != 0) {
      for (j = 1; j < s->n_adj; j++)
        if (strcmp(s->adj[j].commodity, name) == 0) break;
      if (j == s->n_adj) {
        if (s->n_adj >= SOSO_SWEEP_ADJ_MAX)
          return soso__ydoc_fail(d, kn, full, "more than %d commodities", SOSO_SWEEP_ADJ_MAX - 1);
        snprintf(s->adj[j].commodity, sizeof s->adj[j].commodity, "%s", name);
        s->adj[j].price = s->adj[j].vol = NAN; /* NAN: take the "all" entry */
        s->n_adj++;
      }
    }
    if (is_vol) s->adj[j].vol = x;
    else s->adj[j].price = x;
  }
  return 0;
}

static int scenario(soso__ydoc *d, yaml_node_t *sc, size_t i, soso_sweep_scenario *s) {
  static const char *const k_allowed[] = {"name", "assumption", "price", "volatility", "opex",
                                          "capex", "discount_rate", "royalty", NULL};
  char where[64];
  snprintf(where, sizeof where, "scenarios[%zu]", i);
  memset(s, 0, sizeof *s);
  s->line = soso__ydoc_line(sc);
  s->n_adj = 1;
  s->adj[0].price = s->adj[0].vol = 1.0;
  s->opex = s->capex = 1.0;
  s->discount_rate = s->royalty = NAN;
  d->pre = NULL;
  if (soso__ydoc_keys(d, sc, where, k_allowed)) return SOSO_EDATA;
  yaml_node_t *nm = soso__ydoc_get(d, sc, "name");
  const char *name = soso__ydoc_text(nm);
  if (!name || !*name) return soso__ydoc_fail(d, sc, where, "every scenario needs a name");
  if (strlen(name) >= sizeof s->name)
    return soso__ydoc_fail(d, nm, where, "name longer than 63 bytes");
  snprintf(s->name, sizeof s->name, "%s", name);
  const char *note = soso__ydoc_text(soso__ydoc_get(d, sc, "assumption"));
  if (note) snprintf(s->note, sizeof s->note, "%s", note);
  if (mults(d, sc, "price", where, s, 0) || mults(d, sc, "volatility", where, s, 1))
    return SOSO_EDATA;
  d->pre = where;
  int rc = soso__ydoc_num(d, sc, "opex", 0, MULT, &s->opex, NULL);
  if (!rc) rc = soso__ydoc_num(d, sc, "capex", 0, MULT, &s->capex, NULL);
  if (!rc) rc = soso__ydoc_num(d, sc, "discount_rate", 0, RATE, &s->discount_rate, NULL);
  if (!rc) rc = soso__ydoc_num(d, sc, "royalty", 0, RATE, &s->royalty, NULL);
  d->pre = NULL;
  return rc;
}

int soso_sweep_scenarios_load(soso_sweep_scenarios **out, const char *path) {
  static const char *const k_top[] = {"window", "lsm_paths", "scenarios", NULL};
  if (!out || !path) return soso_error_set(SOSO_EUSAGE, "soso_sweep_scenarios_load: NULL");
  *out = NULL;
  soso_sweep_scenarios *r = calloc(1, sizeof *r);
  if (!r) return soso_error_set(SOSO_ENOMEM, "out of memory");
  soso__ydoc d;
  int rc = soso_afile_read_file(&r->text, NULL, path);
  if (!rc)
    rc = soso__ydoc_load(&d, path);
  else memset(&d, 0, sizeof d);
  yaml_node_t *root = rc ? NULL : soso__ydoc_root(&d);
  if (!rc) rc = soso__ydoc_keys(&d, root, "", k_top);
  snprintf(r->window, sizeof r->window, "1990-01..latest");
  r->lsm_paths = 2000;
  if (!rc) {
    yaml_node_t *w = soso__ydoc_get(&d, root, "window");
    if (w) {
      const char *t = soso__ydoc_text(w);
      if (!t || !strstr(t, "..") || strlen(t) >= sizeof r->window)
        rc = soso__ydoc_fail(&d, w, "window", "expected FROM..TO, e.g. 1990-01..latest");
      else snprintf(r->window, sizeof r->window, "%s", t);
    }
  }
  long paths = 2000;
  if (!rc) rc = soso__ydoc_int(&d, root, "lsm_paths", 0, 64, 10000000, &paths, NULL);
  if (!rc) r->lsm_paths = (size_t)paths;
  yaml_node_t *seq = rc ? NULL : soso__ydoc_get(&d, root, "scenarios");
  if (!rc && (!seq || seq->type != YAML_SEQUENCE_NODE || soso__ydoc_len(seq) == 0))
    rc = soso__ydoc_fail(&d, seq ? seq : root, "scenarios",
                         "expected a list of at least one scenario");
  if (!rc) {
    r->n = soso__ydoc_len(seq);
    r->s = calloc(r->n, sizeof *r->s);
    if (!r->s) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  for (size_t i = 0; !rc && i < r->n; i++) {
    yaml_node_t *it = soso__ydoc_item(&d, seq, i);
    rc = scenario(&d, it, i, &r->s[i]);
    for (size_t j = 0; !rc && j < i; j++)
      if (strcmp(r->s[j].name, r->s[i].name) == 0)
        rc = soso__ydoc_fail(&d, soso__ydoc_get(&d, it, "name"), "name", "\"%s\" is used twice",
                             r->s[i].name);
  }
  soso__ydoc_free(&d);
  if (rc) {
    soso_sweep_scenarios_free(r);
    return rc;
  }
  *out = r;
  return 0;
}

void soso_sweep_scenarios_free(soso_sweep_scenarios *s) {
  if (!s) return;
  free(s->s);
  free(s->text);
  free(s);
}

void soso_sweep_apply(soso_mine *m, const soso_sweep_scenario *s) {
  for (int f = 0; f < m->pmodel.d.n; f++) {
    soso_factor *x = &m->pmodel.d.f[f];
    double p = s->adj[0].price, v = s->adj[0].vol;
    for (int j = 1; j < s->n_adj; j++)
      if (strcmp(s->adj[j].commodity, x->name) == 0) {
        if (!isnan(s->adj[j].price)) p = s->adj[j].price;
        if (!isnan(s->adj[j].vol)) v = s->adj[j].vol;
      }
    x->s0 *= p;
    if (x->kind == SOSO_PRICE_OU) x->alpha += log(p);
    x->sigma *= v;
  }
  m->cash_cost *= s->opex;
  m->fixed_cost *= s->opex;
  m->capital_cost *= s->capex;
  if (!isnan(s->discount_rate)) m->discount_rate = s->discount_rate;
  if (!isnan(s->royalty)) m->royalty = s->royalty;
}
