/* market_json.c - the JSON renderings of the market stage (`soso prices list`,
 * `calibrate`, `calibrate --correlation`), written through a soso_write_fn. Layouts:
 * README.md, "Prices". */
#include "core/json_int.h"
#include "market/market_int.h"
#include "soso/error.h"
#include "soso/factor.h"
#include "soso/market.h"

#include <stdlib.h>

#include <string.h>

int soso_market_prices_list_json(const soso_price_info *v, size_t n, soso_write_fn write,
                          void *closure) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    char f[8], l[8];
    soso_market_month_format(f, v[i].first);
    soso_market_month_format(l, v[i].last);
    json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:I}", "commodity",
                                       v[i].commodity, "unit", v[i].unit, "currency",
                                       v[i].currency, "first", f, "last", l, "n",
                                       (json_int_t)v[i].n, "source", v[i].source, "batch",
                                       (json_int_t)v[i].batch));
  }
  int rc = soso__json_emit(a, JSON_INDENT(2), write, closure);
  json_decref(a);
  return rc;
}

json_t *soso__fit_json(const soso_fit *f, const soso_price_series *s, const char *deflator) {
  char a[8], b[8];
  soso_market_month_format(a, s->first);
  soso_market_month_format(b, s->first + (int)s->n - 1);
  int gbm = f->kind == SOSO_PRICE_GBM;
  json_t *params = gbm ? json_pack("{s:f,s:f}", "mu", f->mu, "sigma", f->sigma)
                       : json_pack("{s:f,s:f,s:f}", "kappa", f->kappa, "alpha", f->alpha,
                                   "sigma", f->sigma);
  json_t *se = gbm ? json_pack("{s:f,s:f}", "mu", f->se_mu, "sigma", f->se_sigma)
                   : json_pack("{s:f,s:f,s:f}", "kappa", f->se_kappa, "alpha", f->se_alpha,
                               "sigma", f->se_sigma);
  json_t *o = json_pack("{s:s,s:s,s:s,s:{s:s,s:s},s:I,s:I,s:f,s:b,s:o,s:o,s:s,s:f,s:f}", "model",
                        gbm ? "gbm" : "ou", "commodity", s->commodity, "unit", s->unit,
                        "window", "from", a, "to", b, "months", (json_int_t)s->n, "n",
                        (json_int_t)f->n, "dt", f->dt, "real", deflator != NULL, "params",
                        params, "stderr", se, "stderr_method",
                        "analytic observed information, delta method", "loglik", f->loglik,
                        "aic", f->aic);
  if (o && !gbm) json_object_set_new(o, "mean_reverting", json_boolean(f->kappa > 0.0));
  if (o && deflator) json_object_set_new(o, "deflator", json_string(deflator));
  return o;
}

int soso_market_fits_json(const soso_fit *fits, const soso_price_series *series, size_t n,
                   const char *deflator, soso_write_fn write, void *closure) {
  if (n == 0) return soso_error_set(SOSO_EUSAGE, "calibrate: no fits");
  json_t *all = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(all, soso__fit_json(&fits[i], &series[i], deflator));
  int rc = soso__json_emit(n == 1 ? json_array_get(all, 0) : all,
                          JSON_INDENT(2) | JSON_REAL_PRECISION(10), write, closure);
  json_decref(all);
  return rc;
}

int soso_market_correlation_json(const soso_pmodel *pm, const soso_fit *fits,
                                 const int window[2], const char *deflator,
                                 soso_write_fn write, void *closure) {
  size_t un = (size_t)pm->d.n;
  double l[SOSO_MAX_FACTORS * SOSO_MAX_FACTORS];
  int rc = soso_market_cholesky(l, pm->d.corr, pm->d.n);
  if (rc) return rc;
  json_t *o = json_object(), *fa = json_array(), *ca = json_array(), *la = json_array();
  char a[8], b[8];
  soso_market_month_format(a, window[0]);
  soso_market_month_format(b, window[1]);
  for (size_t i = 0; i < un; i++) {
    soso_price_series v = {.first = window[0], .n = (size_t)(window[1] - window[0] + 1)};
    memcpy(v.commodity, pm->d.f[i].name, sizeof v.commodity);
    memcpy(v.unit, pm->d.f[i].unit, sizeof v.unit);
    json_array_append_new(fa, soso__fit_json(&fits[i], &v, deflator));
    json_t *cr = json_array(), *lr = json_array();
    for (size_t j = 0; j < un; j++) {
      json_array_append_new(cr, json_real(pm->d.corr[i * un + j]));
      json_array_append_new(lr, json_real(l[i * un + j]));
    }
    json_array_append_new(ca, cr);
    json_array_append_new(la, lr);
  }
  json_object_set_new(o, "window", json_pack("{s:s,s:s}", "from", a, "to", b));
  json_object_set_new(o, "fits", fa);
  json_object_set_new(o, "correlation", ca);
  json_object_set_new(o, "cholesky", la);
  rc = soso__json_emit(o, JSON_INDENT(2) | JSON_REAL_PRECISION(10), write, closure);
  json_decref(o);
  return rc;
}

void soso__json_add_origin(json_t *o, const soso_factor_origins *origin,
                           const soso_dynamics *d) {
  char *s = NULL;
  if (!soso_factor_origins_uses_store(origin) || soso_factor_origins_json(&s, origin, d) < 0)
    return;
  json_t *p = json_loads(s, 0, NULL);
  free(s);
  if (p) json_object_set_new(o, "prices", p);
}
