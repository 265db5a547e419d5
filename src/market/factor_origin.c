/* factor_origin.c - what an output says about its price factors: which were
 * stated in a file and which were calibrated from the store, over which window,
 * with which estimates and standard errors (include/soso/factor.h).
 */
#include "core/i18n_int.h"
#include "soso/error.h"
#include "soso/factor.h"
#include "soso/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

int soso_factor_origins_uses_store(const soso_factor_origins *o) {
  if (!o) return 0;
  for (int i = 0; i < o->n && i < SOSO_MAX_FACTORS; i++)
    if (o->f[i].from_store) return 1;
  return 0;
}

static json_t *window(int a, int b) {
  char x[8], y[8];
  soso_market_month_format(x, a);
  soso_market_month_format(y, b);
  return json_pack("{s:s,s:s}", "from", x, "to", y);
}

static json_t *factor(const soso_factor_origin *o, const soso_factor *f) {
  int gbm = f->kind == SOSO_PRICE_GBM;
  json_t *j = json_object();
  json_object_set_new(j, "commodity", json_string(f->name));
  json_object_set_new(j, "unit", json_string(f->unit));
  json_object_set_new(j, "model", json_string(gbm ? "gbm" : "ou"));
  json_object_set_new(j, "source", json_string(o->from_store ? "store" : "file"));
  json_object_set_new(j, "file", json_string(o->file));
  json_object_set_new(j, "line", json_integer(o->line));
  json_object_set_new(j, "s0", json_real(f->s0));
  json_object_set_new(j, "s0_source", json_string(o->s0_stated || !o->from_store ? "file" : "store"));
  if (o->from_store && !o->s0_stated) {
    char m[8];
    soso_market_month_format(m, o->s0_month);
    json_object_set_new(j, "s0_month", json_string(m));
  }
  json_object_set_new(j, "params",
                      gbm ? json_pack("{s:f,s:f}", "mu", f->mu, "sigma", f->sigma)
                          : json_pack("{s:f,s:f,s:f}", "kappa", f->kappa, "alpha", f->alpha,
                                      "sigma", f->sigma));
  if (o->from_store) {
    const soso_fit *t = &o->fit;
    json_object_set_new(j, "series", json_string(o->series));
    json_object_set_new(j, "window", window(o->first, o->last));
    json_object_set_new(j, "months", json_integer(o->last - o->first + 1));
    json_object_set_new(j, "n", json_integer((json_int_t)t->n));
    json_object_set_new(j, "stderr",
                        gbm ? json_pack("{s:f,s:f}", "mu", t->se_mu, "sigma", t->se_sigma)
                            : json_pack("{s:f,s:f,s:f}", "kappa", t->se_kappa, "alpha",
                                        t->se_alpha, "sigma", t->se_sigma));
    json_object_set_new(j, "loglik", json_real(t->loglik));
    json_object_set_new(j, "estimator", json_string("exact-discretisation maximum likelihood "
                                                    "(soso prices calibrate), dt = 1/12"));
  }
  return j;
}

int soso_factor_origins_json(char **out, const soso_factor_origins *o, const soso_dynamics *d) {
  if (out) *out = NULL;
  if (!out || !o || !d || o->n != d->n || d->n < 1 || d->n > SOSO_MAX_FACTORS)
    return soso_error_set(SOSO_EUSAGE, "market origin: bad arguments");
  json_t *root = json_object(), *fa = json_array();
  for (int i = 0; i < d->n; i++) json_array_append_new(fa, factor(&o->f[i], &d->f[i]));
  json_object_set_new(root, "factors", fa);
  json_object_set_new(root, "correlation_source",
                      json_string(d->n == 1 ? "single factor"
                                            : o->corr_estimated ? "store" : "file"));
  if (o->corr_estimated)
    json_object_set_new(root, "correlation_window", window(o->corr_first, o->corr_last));
  if (d->n > 1) {
    json_t *c = json_array();
    for (int i = 0; i < d->n; i++) {
      json_t *row = json_array();
      for (int k = 0; k < d->n; k++) json_array_append_new(row, json_real(d->corr[i * d->n + k]));
      json_array_append_new(c, row);
    }
    json_object_set_new(root, "correlation", c);
  }
  *out = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(10));
  json_decref(root);
  return *out ? 0 : soso_error_set(SOSO_ENOMEM, "market origin: out of memory");
}

char *soso_factor_s0_label(char *buf, size_t n, const soso_factor *f,
                           const soso_factor_origin *o) {
  if (!buf || n == 0) return buf;
  if (!f) {
    buf[0] = '\0';
    return buf;
  }
  char v[48];
  /* whole units for prices of 100 and more, else two decimals (0.85 US$/lb) */
  soso_i18n_number(v, sizeof v, f->s0, f->s0 >= 100.0 ? 0 : 2, 0);
  const char *unit = f->unit[0] ? f->unit : "";
  if (o && o->from_store && !o->s0_stated) {
    char m[8];
    soso_market_month_format(m, o->s0_month);
    snprintf(buf, n, _("latest price (%s): %s %s"), m, v, unit);
  } else {
    snprintf(buf, n, _("today's price: %s %s"), v, unit);
  }
  return buf;
}
