/* factor_yaml.c - the one reader of price factors for mine and region files.
 *
 * Schema of one factor (README.md, "Price factors"):
 *   commodity (or, in older region files, name), model gbm|ou, unit,
 *   s0, sigma, mu (gbm), convenience_yield (gbm, Q only), kappa, alpha or
 *   long_run_price (ou), lambda (ou, Q only), note,
 *   from_store: {commodity, model, window: FROM..TO}   (FROM YYYY-MM or first,
 *                                                       TO YYYY-MM or latest)
 * A from_store factor is fitted exactly as `soso prices calibrate` fits it
 * (soso_market_prices_load over the window, soso_market_fit_model with dt = 1/12), so the two
 * give the same numbers; s0 is the latest stored price unless the file states s0.
 * The real-world parameters (sigma, mu, kappa, alpha) are then not to be stated:
 * the store's estimate is the number, and a second number beside it would be the
 * hand-copied figure this schema exists to remove.
 */
#include "market/factor_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rd {
  const soso__factors_in *in;
  char pre[96]; /* "prices.factors[1]" */
} rd;

/* The document with r's key prefix, for the core getters' messages
 * ("prices.factors[1].sigma"). */
static soso__ydoc *at(const rd *r) {
  r->in->doc->pre = r->pre;
  return r->in->doc;
}

static soso_price_kind kind_of(const char *s) {
  if (strcmp(s, "gbm") == 0) return SOSO_PRICE_GBM;
  if (strcmp(s, "ou") == 0) return SOSO_PRICE_OU;
  return (soso_price_kind)0;
}

/* "FROM..TO": FROM a month or "first" (-1), TO a month or "latest" (-1). */
static int parse_window(const char *s, int *from, int *to) {
  const char *dots = strstr(s, "..");
  if (!dots) return -1;
  char a[16], b[16];
  size_t la = (size_t)(dots - s), lb = strlen(dots + 2);
  if (la >= sizeof a || lb >= sizeof b) return -1;
  memcpy(a, s, la);
  a[la] = '\0';
  memcpy(b, dots + 2, lb + 1);
  *from = *to = -1;
  if (strcmp(a, "first") != 0 && *a && soso_market_month_parse(from, a) < 0) return -1;
  if (strcmp(b, "latest") != 0 && *b && soso_market_month_parse(to, b) < 0) return -1;
  if (*from >= 0 && *to >= 0 && *to < *from) return -1;
  return 0;
}

/* Calibrates factor f from the store as `soso prices calibrate` does. */
static int from_store(const rd *r, yaml_node_t *fs, yaml_node_t *fn, soso_factor *f,
                      soso_factor_origin *o, soso_price_kind stated_kind) {
  static const char *const keys[] = {"commodity", "model", "window", "note", NULL};
  rd sub = *r;
  size_t lp = strlen(r->pre);
  if (lp + sizeof ".from_store" <= sizeof sub.pre) memcpy(sub.pre + lp, ".from_store", sizeof ".from_store");
  int rc = soso__ydoc_keys(at(&sub), fs, "", keys);
  if (rc) return rc;
  snprintf(o->series, sizeof o->series, "%s", f->name);
  char model[16] = "", window[40] = "";
  if ((rc = soso__ydoc_strbuf(at(&sub), fs, "commodity", 0, o->series, sizeof o->series, NULL)) ||
      (rc =
           soso__ydoc_strbuf(at(&sub), fs, "model", stated_kind == 0, model, sizeof model, NULL)) ||
      (rc = soso__ydoc_strbuf(at(&sub), fs, "window", 0, window, sizeof window, NULL)))
    return rc;
  soso_price_kind k = stated_kind;
  if (*model) {
    k = kind_of(model);
    if (!k)
      return soso__ydoc_fail(at(&sub), soso__ydoc_get(r->in->doc, fs, "model"), "model",
                             "\"%s\" is not gbm or ou", model);
    if (stated_kind && k != stated_kind)
      return soso__ydoc_fail(at(&sub), soso__ydoc_get(r->in->doc, fs, "model"), "model",
                             "\"%s\" differs from the factor's model", model);
  }
  f->kind = k;
  int from = -1, to = -1;
  if (*window && parse_window(window, &from, &to) < 0)
    return soso__ydoc_fail(at(&sub), soso__ydoc_get(r->in->doc, fs, "window"), "window",
                           "\"%s\" is not FROM..TO (YYYY-MM or first .. YYYY-MM or latest)",
                           window);
  if (!r->in->store)
    return soso__ydoc_fail(at(&sub), fs, "",
                           "needs the price store: import prices first (soso prices import "
                           "FILE) or name the store with --db PATH");
  soso_price_series s = {0};
  rc = soso_market_prices_load(&s, r->in->store, o->series, from, to);
  if (!rc) rc = soso_market_fit_model(&o->fit, k, s.price, s.n, 1.0 / 12.0);
  if (rc) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s", soso_error_last());
    soso_market_price_series_clear(&s);
    return soso__ydoc_fail(at(&sub), fs, "", "%s", msg);
  }
  if (f->unit[0] && strcmp(f->unit, s.unit) != 0) {
    /* Grades are in the metal unit the price is quoted per: a unit that is not the
     * stored series' would misprice the ore by the conversion factor. */
    int rc2 = soso__ydoc_fail(at(r), soso__ydoc_get(r->in->doc, fn, "unit"), "unit",
                              "\"%s\" is not the unit of the stored %s series (\"%s\")", f->unit,
                              o->series, s.unit);
    soso_market_price_series_clear(&s);
    return rc2;
  }
  o->from_store = 1;
  o->first = s.first;
  o->last = s.first + (int)s.n - 1;
  if (!f->unit[0]) snprintf(f->unit, sizeof f->unit, "%s", s.unit);
  soso_market_price_series_clear(&s);
  if (k == SOSO_PRICE_OU && !(o->fit.kappa > 0.0))
    return soso__ydoc_fail(at(&sub), fs, "",
                           "kappa = %.4f: no mean reversion in %s over the window "
                           "(use gbm or another window)",
                           o->fit.kappa, o->series);
  f->mu = k == SOSO_PRICE_GBM ? o->fit.mu : 0.0;
  f->kappa = k == SOSO_PRICE_OU ? o->fit.kappa : 0.0;
  f->alpha = k == SOSO_PRICE_OU ? o->fit.alpha : 0.0;
  f->sigma = o->fit.sigma;
  if (!o->s0_stated) {
    soso_price_series all = {0};
    if ((rc = soso_market_prices_load(&all, r->in->store, o->series, -1, -1))) {
      char msg[512];
      snprintf(msg, sizeof msg, "%s", soso_error_last());
      return soso__ydoc_fail(at(&sub), fs, "", "%s", msg);
    }
    f->s0 = all.price[all.n - 1];
    o->s0_month = all.first + (int)all.n - 1;
    soso_market_price_series_clear(&all);
  }
  return 0;
}

static int read_factor(const rd *r, yaml_node_t *fn, soso_factor *f, double *delta,
                       double *lambda, soso_factor_origin *o) {
  static const char *const keys[] = {"commodity", "name", "model", "unit", "s0", "sigma",
                                     "mu", "convenience_yield", "kappa", "alpha",
                                     "long_run_price", "lambda", "from_store", "note", NULL};
  soso__ydoc *d = r->in->doc;
  int rc = soso__ydoc_keys(at(r), fn, "", keys);
  if (rc) return rc;
  snprintf(o->file, sizeof o->file, "%s", d->path);
  o->line = soso__ydoc_line(fn);
  yaml_node_t *cn = soso__ydoc_get(d, fn, "commodity"), *nn = soso__ydoc_get(d, fn, "name");
  if (cn && nn) return soso__ydoc_fail(at(r), nn, "name", "give commodity or name, not both");
  if ((rc = soso__ydoc_strbuf(at(r), fn, nn ? "name" : "commodity", 1, f->name, sizeof f->name,
                              NULL)))
    return rc;
  if ((rc = soso__ydoc_strbuf(at(r), fn, "unit", 0, f->unit, sizeof f->unit, NULL))) return rc;
  char model[16] = "";
  yaml_node_t *fs = soso__ydoc_get(d, fn, "from_store");
  /* Region files always defaulted to gbm; mine files must say which model. */
  if ((rc = soso__ydoc_strbuf(at(r), fn, "model", fs == NULL && r->in->need_q, model, sizeof model,
                              NULL)))
    return rc;
  if (!*model && !fs) snprintf(model, sizeof model, "gbm");
  soso_price_kind k = *model ? kind_of(model) : (soso_price_kind)0;
  if (*model && !k)
    return soso__ydoc_fail(at(r), soso__ydoc_get(d, fn, "model"), "model",
                           "\"%s\" is not gbm or ou", model);
  if ((rc = soso__ydoc_num(at(r), fn, "s0", fs == NULL, SOSO__YR_ABOVE(0.0, HUGE_VAL), &f->s0,
                           &o->s0_stated)))
    return rc;
  if (fs) {
    static const char *const fitted[] = {"sigma", "mu", "kappa", "alpha", "long_run_price",
                                         NULL};
    for (const char *const *key = fitted; *key; key++)
      if (soso__ydoc_get(d, fn, *key))
        return soso__ydoc_fail(at(r), soso__ydoc_get(d, fn, *key), *key,
                               "is estimated from the store (from_store); leave it out or drop "
                               "from_store");
    if ((rc = from_store(r, fs, fn, f, o, k))) return rc;
    k = f->kind;
  } else {
    f->kind = k;
    if ((rc = soso__ydoc_num(at(r), fn, "sigma", 1, SOSO__YR(0.0, HUGE_VAL), &f->sigma, NULL)))
      return rc;
  }
  if (f->sigma > 3.0)
    return soso__ydoc_fail(at(r), soso__ydoc_get(d, fn, "sigma"), "sigma",
                           "%g per sqrt(year) is implausible (volatility is a fraction: 0.25)",
                           f->sigma);
  if (k == SOSO_PRICE_GBM) {
    if (!fs &&
        (rc = soso__ydoc_num(at(r), fn, "mu", r->in->need_q, SOSO__YR(-0.5, 1.0), &f->mu, NULL)))
      return rc;
    if ((rc = soso__ydoc_num(at(r), fn, "convenience_yield", r->in->need_q && !fs,
                             SOSO__YR(-0.5, 1.0), delta, NULL)))
      return rc;
    static const char *const ou_only[] = {"kappa", "alpha", "long_run_price", "lambda", NULL};
    for (const char *const *key = ou_only; *key; key++)
      if (soso__ydoc_get(d, fn, *key))
        return soso__ydoc_fail(at(r), soso__ydoc_get(d, fn, *key), *key,
                               "belongs to model ou, not gbm");
  } else {
    if (!fs) {
      yaml_node_t *an = soso__ydoc_get(d, fn, "alpha"), *ln = soso__ydoc_get(d, fn, "long_run_price");
      if (an && ln)
        return soso__ydoc_fail(at(r), ln, "long_run_price",
                               "give alpha or long_run_price, not both");
      if ((rc = soso__ydoc_num(at(r), fn, "kappa", 1, SOSO__YR_ABOVE(0.0, 50.0), &f->kappa, NULL)))
        return rc;
      if (ln) {
        double lr = 0.0;
        if ((rc = soso__ydoc_num(at(r), fn, "long_run_price", 1, SOSO__YR_ABOVE(0.0, HUGE_VAL), &lr,
                                 NULL)))
          return rc;
        f->alpha = log(lr);
      } else if ((rc = soso__ydoc_num(at(r), fn, "alpha", 1, SOSO__YR(-HUGE_VAL, HUGE_VAL),
                                      &f->alpha, NULL))) {
        return rc;
      }
    }
    if ((rc = soso__ydoc_num(at(r), fn, "lambda", r->in->need_q && !fs,
                             SOSO__YR(-HUGE_VAL, HUGE_VAL), lambda, NULL)))
      return rc;
    static const char *const gbm_only[] = {"mu", "convenience_yield", NULL};
    for (const char *const *key = gbm_only; *key; key++)
      if (soso__ydoc_get(d, fn, *key))
        return soso__ydoc_fail(at(r), soso__ydoc_get(d, fn, *key), *key,
                               "belongs to model gbm, not ou");
  }
  return 0;
}

static int read_corr(const rd *r, yaml_node_t *c, soso_dynamics *d) {
  size_t n = (size_t)d->n;
  if (soso__ydoc_len(c) != n)
    return soso__ydoc_fail(at(r), c, "", "must be a %zu x %zu matrix", n, n);
  for (size_t i = 0; i < n; i++) {
    yaml_node_t *row = soso__ydoc_item(r->in->doc, c, i);
    if (soso__ydoc_len(row) != n)
      return soso__ydoc_fail(at(r), row, "", "row %zu must hold %zu numbers", i, n);
    for (size_t j = 0; j < n; j++) {
      yaml_node_t *x = soso__ydoc_item(r->in->doc, row, j);
      double v = 0.0;
      int rc = soso__ydoc_scalar_num(at(r), x ? x : row, "", SOSO__YR(-1.0, 1.0), &v);
      if (rc) return rc;
      if (i == j && v != 1.0)
        return soso__ydoc_fail(at(r), row, "", "diagonal entry %zu is %g, not 1", i, v);
      d->corr[i * n + j] = v;
    }
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++)
      if (d->corr[i * n + j] != d->corr[j * n + i])
        return soso__ydoc_fail(at(r), soso__ydoc_item(r->in->doc, c, i), "",
                               "not symmetric at (%zu, %zu)", i, j);
  return 0;
}

/* The correlation of the store's innovations over the factors' common window,
 * each factor fitted with its own model there (the estimator of `soso prices
 * calibrate --correlation`). */
static int store_corr(const rd *r, soso_dynamics *d, soso_factor_origins *o) {
  const char *names[SOSO_MAX_FACTORS];
  soso_price_kind kinds[SOSO_MAX_FACTORS];
  int from = -1, to = -1;
  for (int i = 0; i < d->n; i++) {
    names[i] = o->f[i].series;
    kinds[i] = d->f[i].kind;
    if (o->f[i].first > from) from = o->f[i].first;
    if (to < 0 || o->f[i].last < to) to = o->f[i].last;
  }
  soso_pmodel pm;
  int win[2];
  if (soso__market_pmodel_kinds(&pm, NULL, win, r->in->store, names, kinds, d->n, from, to,
                                NULL) < 0) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s", soso_error_last());
    return soso__ydoc_fail(at(r), r->in->section, "correlation", "estimated from the store: %s",
                           msg);
  }
  memcpy(d->corr, pm.d.corr, sizeof d->corr);
  o->corr_estimated = 1;
  o->corr_first = win[0];
  o->corr_last = win[1];
  return 0;
}

static int read_all(soso_dynamics *d, double *delta, double *lambda, soso_factor_origins *o,
                    const soso__factors_in *in) {
  memset(d, 0, sizeof *d);
  memset(o, 0, sizeof *o);
  for (int i = 0; i < SOSO_MAX_FACTORS; i++) delta[i] = lambda[i] = 0.0;
  rd r = {.in = in};
  snprintf(r.pre, sizeof r.pre, "%s", in->section_key);
  yaml_node_t *seq = soso__ydoc_get(in->doc, in->section, in->list_key);
  if (!seq) return soso__ydoc_fail(at(&r), in->section, in->list_key, "missing (required)");
  size_t n = soso__ydoc_len(seq);
  if (seq->type != YAML_SEQUENCE_NODE || n == 0)
    return soso__ydoc_fail(at(&r), seq, in->list_key, "must be a non-empty list");
  if (n > SOSO_MAX_FACTORS)
    return soso__ydoc_fail(at(&r), seq, in->list_key, "%zu factors (at most %d)", n,
                           SOSO_MAX_FACTORS);
  d->n = o->n = (int)n;
  int all_store = 1;
  for (size_t i = 0; i < n; i++) {
    rd fr = r;
    snprintf(fr.pre, sizeof fr.pre, "%s.%s[%zu]", in->section_key, in->list_key, i);
    yaml_node_t *fn = soso__ydoc_item(in->doc, seq, i);
    int rc = read_factor(&fr, fn, &d->f[i], &delta[i], &lambda[i], &o->f[i]);
    if (rc) return rc;
    for (size_t j = 0; j < i; j++)
      if (strcmp(d->f[j].name, d->f[i].name) == 0)
        return soso__ydoc_fail(at(&fr), fn, "commodity", "\"%s\" has two price factors",
                               d->f[i].name);
    all_store &= o->f[i].from_store;
  }
  for (size_t i = 0; i < n; i++) d->corr[i * n + i] = 1.0;
  yaml_node_t *c = soso__ydoc_get(in->doc, in->section, "correlation");
  rd cr = r;
  snprintf(cr.pre, sizeof cr.pre, "%s.correlation", in->section_key);
  int rc = 0;
  if (c)
    rc = read_corr(&cr, c, d);
  else if (n > 1 && all_store)
    rc = store_corr(&r, d, o);
  else if (n > 1)
    rc = soso__ydoc_fail(at(&r), in->section, "correlation",
                         "missing (required for %zu factors unless every factor is from_store)", n);
  return rc;
}

int soso__factors_read(soso_dynamics *d, double *delta, double *lambda, soso_factor_origins *o,
                       const soso__factors_in *in) {
  const char *pre = in->doc->pre; /* the caller's prefix, restored for its messages */
  int rc = read_all(d, delta, lambda, o, in);
  in->doc->pre = pre;
  return rc;
}

int soso__factor_same(const soso_factor *a, const soso_factor *b) {
#define SAME(x, y) (fabs((x) - (y)) <= 1e-9 * fmax(fabs(x), fabs(y)))
  if (a->kind != b->kind || !SAME(a->s0, b->s0) || !SAME(a->sigma, b->sigma)) return 0;
  if (a->kind == SOSO_PRICE_GBM) return SAME(a->mu, b->mu);
  return SAME(a->kappa, b->kappa) && SAME(a->alpha, b->alpha);
#undef SAME
}
