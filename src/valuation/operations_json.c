/* operations_json.c - the JSON rendering of an operations simulation (`soso
 * simulate --format json`), written through a soso_write_fn. */
#include "core/json_int.h"
#include "market/market_int.h"
#include "soso/error.h"
#include "soso/ops.h"
#include "soso/value.h"

static json_t *stat_json(const soso_summary *s) {
  return json_pack("{s:I,s:f,s:f,s:f,s:f,s:f,s:f,s:f}", "n", (json_int_t)s->n, "mean", s->mean,
                   "sd", s->sd, "q05", s->q[0], "q25", s->q[1], "q50", s->q[2], "q75", s->q[3],
                   "q95", s->q[4]);
}

static json_t *band_json(const double *b, size_t n, size_t stride, size_t off) {
  json_t *a = json_array();
  for (size_t j = 0; j < n; j++) {
    const double *q = b + j * stride + off;
    json_array_append_new(a, json_pack("[f,f,f,f,f]", q[0], q[1], q[2], q[3], q[4]));
  }
  return a;
}

static json_t *series_json(const double *x, size_t n) {
  json_t *a = json_array();
  for (size_t j = 0; j < n; j++) json_array_append_new(a, json_real(x[j]));
  return a;
}

int soso_ops_json(const soso_ops_result *r, const soso_valuation *v, soso_write_fn write,
                  void *closure) {
  const soso_value_result *vr = soso_value_result_of(v);
  const soso_mine *m = vr->mine;
  json_t *o = json_object();
  json_object_set_new(o, "mine", json_string(m->name));
  json_object_set_new(o, "file", json_string(m->path));
  json_object_set_new(o, "seed", json_integer((json_int_t)r->seed));
  json_object_set_new(o, "paths", json_integer((json_int_t)r->n_paths));
  json_object_set_new(o, "years", json_real(r->years));
  json_object_set_new(o, "months", json_integer((json_int_t)r->n_months));
  json_object_set_new(o, "policy", json_string(soso_value_method_name(vr->method)));
  json_object_set_new(o, "measures", json_pack("{s:s,s:s}", "policy", "Q (risk-neutral)",
                                               "paths", "P (real-world)"));
  json_object_set_new(o, "money_unit", json_string(m->money_unit));
  if (vr->method == SOSO_VALUE_LSM)
    json_object_set_new(o, "lsm", json_pack("{s:I,s:I,s:f,s:f,s:f,s:f}", "paths",
                                            (json_int_t)vr->lsm.n_paths, "basis",
                                            (json_int_t)vr->lsm.n_basis, "value_open",
                                            vr->lsm.value_open, "se_open", vr->lsm.se_open,
                                            "value_closed", vr->lsm.value_closed, "se_closed",
                                            vr->lsm.se_closed));
  json_object_set_new(o, "months_open", stat_json(&r->months_open));
  json_object_set_new(o, "switches", stat_json(&r->switches));
  json_object_set_new(o, "open_spell_months", stat_json(&r->open_spell));
  json_object_set_new(o, "closed_spell_months", stat_json(&r->closed_spell));
  json_object_set_new(o, "years_to_end", stat_json(&r->years_to_end));
  json_object_set_new(o, "end", json_pack("{s:f,s:f,s:f}", "exhausted", r->share_exhausted,
                                          "abandoned", r->share_abandoned, "running",
                                          r->share_running));
  json_object_set_new(o, "employment",
                      json_pack("{s:o,s:o,s:o}", "mean_monthly", stat_json(&r->employment),
                                "operating_crew", stat_json(&r->operating_jobs), "care_crew",
                                stat_json(&r->care_jobs)));
  json_object_set_new(o, "wages", stat_json(&r->wages));
  json_object_set_new(o, "royalties", stat_json(&r->royalties));
  json_object_set_new(o, "taxes", stat_json(&r->taxes));
  json_object_set_new(o, "cash_flow", stat_json(&r->cash_flow));
  json_object_set_new(o, "npv", stat_json(&r->npv));
  json_object_set_new(o, "p_layoff_12_months", json_real(r->p_layoff_12));
  json_object_set_new(o, "p_hired_at_start", json_real(r->p_hired_at_start));
  json_t *bands = json_object();
  json_object_set_new(bands, "quantiles", json_pack("[f,f,f,f,f]", 0.05, 0.25, 0.5, 0.75, 0.95));
  json_t *prices = json_object();
  for (int f = 0; f < r->n_factors; f++)
    json_object_set_new(prices, m->pmodel.d.f[f].name,
                        band_json(r->price_band, r->n_months, (size_t)r->n_factors * 5,
                                  (size_t)f * 5));
  json_object_set_new(bands, "price", prices);
  json_object_set_new(bands, "employment", band_json(r->employment_band, r->n_months, 5, 0));
  json_object_set_new(bands, "employment_mean", series_json(r->employment_mean, r->n_months));
  json_object_set_new(bands, "share_open", series_json(r->share_open, r->n_months));
  json_object_set_new(bands, "share_closed", series_json(r->share_closed, r->n_months));
  json_object_set_new(bands, "share_abandoned", series_json(r->share_abandoned_t, r->n_months));
  json_object_set_new(o, "bands", bands);
  soso__json_add_origin(o, &m->origin, &m->pmodel.d);
  int rc = soso__json_emit(o, JSON_INDENT(1) | JSON_REAL_PRECISION(10), write, closure);
  json_decref(o);
  return rc;
}
