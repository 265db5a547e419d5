/* region_json.c - the JSON rendering of `soso region` (field names in README.md).
 *
 * Invariant: every number that depends on random paths is printed beside the seed
 * and the number of paths; money is in the region's currency; months count from
 * the region's month 0 (start_year). Non-finite numbers become null.
 */
#include "region/cumrules_int.h"
#include "region/region_int.h"
#include "core/json_int.h"

#include "soso/error.h"
#include "soso/impacts.h"

#include <jansson.h>
#include <math.h>

static json_t *num(double x) { return isfinite(x) ? json_real(x) : json_null(); }

static json_t *stat(const soso_summary *s) {
  json_t *o = json_object();
  json_object_set_new(o, "mean", num(s->mean));
  json_object_set_new(o, "sd", num(s->sd));
  json_object_set_new(o, "p05", num(s->q[0]));
  json_object_set_new(o, "p50", num(s->q[2]));
  json_object_set_new(o, "p95", num(s->q[4]));
  return o;
}

static json_t *series(const double *x, size_t n, size_t stride) {
  json_t *a = json_array();
  for (size_t m = 0; m < n; m++) json_array_append_new(a, num(x[m * stride]));
  return a;
}

static json_t *sites(const soso_region *r) {
  json_t *a = json_array();
  for (size_t i = 0; i < r->n_sites; i++) {
    const region_site *s = &r->sites[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(s->name));
    if (s->deposit[0]) json_object_set_new(o, "deposit", json_string(s->deposit));
    json_object_set_new(o, "lat", json_real(s->lat));
    json_object_set_new(o, "lon", json_real(s->lon));
    json_object_set_new(o, "model", json_string(s->model == SITE_MINE ? "mine" : "schedule"));
    if (s->model == SITE_MINE) json_object_set_new(o, "mine", json_string(s->mine_path));
    json_object_set_new(o, "footprint_ha", json_real(s->footprint_ha));
    json_object_set_new(o, "remediation_months", json_integer(s->remediation_months));
    /* Whether the one mobile plant can serve it, and why not (one-plant strategies
     * leave it out when not). */
    json_object_set_new(o, "plant_can_serve", json_boolean(!s->not_served[0]));
    if (s->not_served[0]) json_object_set_new(o, "not_served", json_string(s->not_served));
    /* An array of objects, not an object keyed by community name: keys stay fixed
     * snake_case words whatever the names in the region file. */
    json_t *d = json_array();
    for (size_t c = 0; c < r->n_communities; c++)
      json_array_append_new(d, json_pack("{s:s, s:o}", "community", r->communities[c].name,
                                         "distance_km",
                                         json_real(r->dist[i * r->n_communities + c])));
    json_object_set_new(o, "distances", d);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *communities(const soso_region *r) {
  json_t *a = json_array();
  for (size_t c = 0; c < r->n_communities; c++) {
    const region_community *cm = &r->communities[c];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(cm->name));
    if (cm->file[0]) json_object_set_new(o, "file", json_string(cm->file));
    json_object_set_new(o, "lat", json_real(cm->lat));
    json_object_set_new(o, "lon", json_real(cm->lon));
    json_object_set_new(o, "population", json_real(cm->population));
    json_t *s = json_object();
    for (int v = 0; v < SOSO_VEC_N; v++)
      json_object_set_new(s, soso_region_vec_name(v), json_string(soso_impacts_level_name((soso_level)cm->sensitivity[v])));
    json_object_set_new(o, "sensitivity", s);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *cumulative(const soso_region_community_result *cr) {
  json_t *a = json_array();
  for (int v = 0; v < SOSO_VEC_N; v++) {
    const soso_cumulative *x = &cr->vec[v];
    json_t *o = json_object();
    json_object_set_new(o, "vec", json_string(soso_region_vec_name(v)));
    json_object_set_new(o, "direction", json_string(x->positive ? "+" : "-"));
    json_object_set_new(o, "indicator", num(x->indicator));
    json_object_set_new(o, "unit", json_string(x->unit));
    json_object_set_new(o, "max_single", num(x->max_single));
    json_object_set_new(o, "magnitude", json_string(soso_impacts_level_name((soso_level)x->magnitude)));
    json_object_set_new(o, "magnitude_single",
                        json_string(soso_impacts_level_name((soso_level)x->magnitude_single)));
    json_object_set_new(o, "sensitivity", json_string(soso_impacts_level_name((soso_level)x->sensitivity)));
    json_object_set_new(o, "significance",
                        json_string(soso_impacts_significance_name((soso_significance)x->significance)));
    json_object_set_new(o, "significance_single", json_string(soso_impacts_significance_name(
                                                      (soso_significance)x->significance_single)));
    json_object_set_new(o, "adds_up", json_boolean(x->adds_up));
    json_object_set_new(o, "months_exposed", num(x->months_exposed));
    json_object_set_new(o, "reason", json_string(x->reason));
    if (x->measure[0]) json_object_set_new(o, "measure", json_string(x->measure));
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *one(const soso_region *r, const soso_region_result *res) {
  size_t n = res->n_months;
  json_t *o = json_object();
  json_object_set_new(o, "strategy", json_string(soso_region_strategy_name(res->strategy)));
  json_t *ord = json_array(), *st = json_array();
  for (size_t k = 0; k < res->n_used; k++) {
    json_array_append_new(ord, json_string(r->sites[res->order[k]].name));
    json_array_append_new(st, num(res->planned_start[k]));
  }
  json_object_set_new(o, "order", ord);
  json_object_set_new(o, "planned_start_month", st);
  if (res->strategy != SOSO_STRATEGY_CONCURRENT) {
    json_object_set_new(o, "planned_value", num(res->planned_value));
    json_object_set_new(o, "planned_exact", json_boolean(res->planned_exact));
  }
  if (res->strategy == SOSO_STRATEGY_OPTIMISED) {
    double best = res->candidate_model[0];
    json_object_set_new(o, "model_optimum_value", num(best));
    json_object_set_new(o, "heuristic_value", num(res->heuristic_value));
    double gap = res->planned_exact && fabs(best) > 0
                     ? (best - res->heuristic_value) / fabs(best)
                     : NAN;
    json_object_set_new(o, "heuristic_gap", num(gap));
    json_t *ca = json_array();
    for (size_t k = 0; k < res->n_candidates; k++) {
      json_t *c = json_object(), *co = json_array();
      for (size_t q = 0; q < res->candidate_used[k]; q++)
        json_array_append_new(co, json_string(r->sites[res->candidate_order[k * res->n_sites + q]].name));
      json_object_set_new(c, "name", json_string(res->candidate_name[k]));
      json_object_set_new(c, "order", co);
      json_object_set_new(c, "model_value", num(res->candidate_model[k]));
      json_object_set_new(c, "simulated_npv_mean", num(res->candidate_npv[k]));
      json_object_set_new(c, "chosen", json_boolean(k == res->chosen));
      json_array_append_new(ca, c);
    }
    json_object_set_new(o, "candidates", ca);
  }
  json_object_set_new(o, "npv", stat(&res->npv));
  json_object_set_new(o, "p_npv_negative", num(res->p_npv_negative));
  json_t *jobs = json_object();
  json_object_set_new(jobs, "peak", stat(&res->jobs_peak));
  json_object_set_new(jobs, "mean", stat(&res->jobs_mean));
  json_object_set_new(jobs, "cv", stat(&res->jobs_cv));
  json_object_set_new(o, "jobs", jobs);
  json_object_set_new(o, "months_no_jobs", stat(&res->months_no_jobs));
  json_object_set_new(o, "months_no_production", stat(&res->months_no_production));
  json_object_set_new(o, "crowding_events", stat(&res->crowding_events));
  json_object_set_new(o, "remediation_years", stat(&res->remediation_years));
  json_object_set_new(o, "disturbed_ha_years", stat(&res->disturbed_ha_years));
  json_object_set_new(o, "sites_started", stat(&res->sites_started));
  json_object_set_new(o, "p_two_or_more_any", num(res->p_two_or_more_any));
  json_object_set_new(o, "max_concurrent", json_integer(res->max_concurrent));
  json_object_set_new(o, "mean_max_concurrent", num(res->mean_max_concurrent));
  json_t *sa = json_array();
  for (size_t i = 0; i < res->n_sites; i++) {
    json_t *s = json_object();
    json_object_set_new(s, "name", json_string(r->sites[i].name));
    json_object_set_new(s, "value_mean", num(res->site_value[i]));
    json_object_set_new(s, "operating_months_mean", num(res->site_op_months[i]));
    json_object_set_new(s, "p_started", num(res->site_p_started[i]));
    json_array_append_new(sa, s);
  }
  json_object_set_new(o, "sites", sa);
  json_t *t = json_object();
  json_object_set_new(t, "jobs_mean", series(res->jobs_mean_t, n, 1));
  json_object_set_new(t, "jobs_p05", series(res->jobs_q, n, 3));
  json_object_set_new(t, "jobs_p50", series(res->jobs_q + 1, n, 3));
  json_object_set_new(t, "jobs_p95", series(res->jobs_q + 2, n, 3));
  json_object_set_new(t, "wages", series(res->wages_t, n, 1));
  json_object_set_new(t, "royalties_taxes", series(res->fiscal_t, n, 1));
  json_object_set_new(t, "cash_flow", series(res->cash_t, n, 1));
  json_object_set_new(t, "operations", series(res->ops_t, n, 1));
  json_object_set_new(t, "remediation_backlog", series(res->backlog_t, n, 1));
  json_object_set_new(t, "land_ha", series(res->land_t, n, 1));
  json_object_set_new(o, "timeline", t);
  json_t *ca = json_array();
  for (size_t c = 0; c < res->n_communities; c++) {
    const soso_region_community_result *cr = &res->community[c];
    json_t *co = json_object();
    json_object_set_new(co, "name", json_string(r->communities[c].name));
    json_object_set_new(co, "p_two_or_more", num(cr->p_two_or_more));
    json_object_set_new(co, "p_over_k", num(cr->p_over_k));
    json_object_set_new(co, "crowding_mean", num(cr->crowding_mean));
    json_object_set_new(co, "p_crowding", num(cr->p_crowding));
    json_object_set_new(co, "cumulative", cumulative(cr));
    json_t *ct = json_object();
    json_object_set_new(ct, "jobs_mean", series(cr->jobs_mean, n, 1));
    json_object_set_new(ct, "jobs_p05", series(cr->jobs_q, n, 3));
    json_object_set_new(ct, "jobs_p50", series(cr->jobs_q + 1, n, 3));
    json_object_set_new(ct, "jobs_p95", series(cr->jobs_q + 2, n, 3));
    for (int q = 0; q < SOSO_PRESSURE_N; q++)
      json_object_set_new(ct, soso_region_pressure_name(q), series(cr->pressure_mean + q, n, SOSO_PRESSURE_N));
    json_object_set_new(ct, "land_ha", series(cr->land_mean, n, 1));
    json_object_set_new(ct, "operations", series(cr->ops_mean, n, 1));
    json_object_set_new(ct, "wages", series(cr->wages_mean, n, 1));
    json_object_set_new(ct, "royalties_taxes", series(cr->fiscal_mean, n, 1));
    json_object_set_new(co, "timeline", ct);
    json_array_append_new(ca, co);
  }
  json_object_set_new(o, "communities", ca);
  return o;
}

static json_t *comparison(soso_region_result *const *res, size_t nr) {
  json_t *a = json_array();
  for (size_t k = 0; k < nr; k++) {
    const soso_region_result *x = res[k];
    json_t *o = json_object();
    json_object_set_new(o, "strategy", json_string(soso_region_strategy_name(x->strategy)));
    json_object_set_new(o, "npv_mean", num(x->npv.mean));
    json_object_set_new(o, "npv_p05", num(x->npv.q[0]));
    json_object_set_new(o, "jobs_mean", num(x->jobs_mean.mean));
    json_object_set_new(o, "jobs_peak", num(x->jobs_peak.mean));
    json_object_set_new(o, "jobs_cv", num(x->jobs_cv.mean));
    json_object_set_new(o, "months_no_jobs", num(x->months_no_jobs.mean));
    json_object_set_new(o, "crowding_events", num(x->crowding_events.mean));
    json_object_set_new(o, "p_two_or_more_any", num(x->p_two_or_more_any));
    json_object_set_new(o, "max_concurrent", json_integer(x->max_concurrent));
    json_object_set_new(o, "remediation_years", num(x->remediation_years.mean));
    json_object_set_new(o, "disturbed_ha_years", num(x->disturbed_ha_years.mean));
    json_array_append_new(a, o);
  }
  return a;
}

int region_json_object(json_t **out, const soso_region *r, soso_region_result *const *res,
                       size_t nr) {
  *out = NULL;
  if (nr == 0) return soso_error_set(SOSO_EUSAGE, "region: nothing to render");
  json_t *o = json_object();
  if (!o) return soso_error_set(SOSO_ENOMEM, "out of memory");
  json_object_set_new(o, "region", json_string(r->name));
  json_object_set_new(o, "file", json_string(r->path));
  json_object_set_new(o, "currency", json_string(r->currency));
  json_object_set_new(o, "start_year", json_real(r->start_year));
  json_object_set_new(o, "horizon_months", json_integer((json_int_t)r->n_months));
  json_object_set_new(o, "paths", json_integer((json_int_t)res[0]->n_paths));
  json_object_set_new(o, "seed", json_integer((json_int_t)res[0]->seed));
  json_object_set_new(o, "strategy", json_string(soso_region_strategy_name(r->strategy)));
  json_t *as = json_object();
  json_object_set_new(as, "discount_rate", json_real(r->discount_rate));
  json_object_set_new(as, "radius_km", json_real(r->radius_km));
  json_object_set_new(as, "max_concurrent", json_integer(r->max_concurrent));
  json_object_set_new(as, "crowding_gap",
                      r->min_gap_months >= 0 ? json_integer(r->min_gap_months)
                                             : json_string("remediation complete"));
  json_t *dk = json_object();
  for (int q = 0; q < SOSO_PRESSURE_N; q++)
    json_object_set_new(dk, soso_region_pressure_name(q), json_real(r->decay_km[q]));
  json_object_set_new(as, "decay_km", dk);
  json_object_set_new(as, "decay", json_string("exp(-distance / decay_km) (assumption)"));
  json_object_set_new(as, "commute_km", json_real(r->commute_km));
  json_object_set_new(as, "relocation_months", json_real(r->reloc_months_base));
  json_object_set_new(as, "relocation_months_per_100km", json_real(r->reloc_months_per_100km));
  json_object_set_new(as, "relocation_cost", json_real(r->reloc_cost_base));
  json_object_set_new(as, "relocation_cost_per_km", json_real(r->reloc_cost_per_km));
  json_object_set_new(as, "plant_cost", json_real(r->plant_cost));
  json_object_set_new(o, "assumptions", as);
  char *mk = NULL; /* which series, window and estimates priced the market */
  if (soso_factor_origins_uses_store(&r->origin) &&
      soso_factor_origins_json(&mk, &r->origin, &r->market.d) == 0) {
    json_t *p = json_loads(mk, 0, NULL);
    if (p) json_object_set_new(o, "prices", p);
  }
  free(mk);
  json_object_set_new(o, "sites", sites(r));
  json_object_set_new(o, "communities", communities(r));
  json_t *sa = json_array();
  for (size_t k = 0; k < nr; k++) json_array_append_new(sa, one(r, res[k]));
  json_object_set_new(o, "strategies", sa);
  json_object_set_new(o, "comparison", comparison(res, nr));
  *out = o;
  return 0;
}

int soso_region_json(const soso_region *r, soso_region_result *const *res, size_t nr,
                     soso_write_fn write, void *closure) {
  json_t *j = NULL;
  int rc = region_json_object(&j, r, res, nr);
  if (rc == 0)
    rc = soso__json_emit(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10), write,
                        closure);
  json_decref(j);
  return rc;
}
