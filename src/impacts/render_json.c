/* render_json.c - the assessment as a JSON object (jansson), the machine-readable
 * form of `soso impacts --format json`.
 *
 * Layout (stable; README.md "soso impacts"): site, community, basis, rules,
 * indicators {name: {value, unit, available, derivation}}, dimensions [ {id, name,
 * direction {value, reason}, indicators [...], magnitude {level, reason},
 * sensitivity, significance, significance_after {level, magnitude_after, reason},
 * significant, opportunities [{id, text, reason}], challenges, measures [{id,
 * hierarchy, text, policy, steps, reason}]} ], ssm_check {met, of, criteria},
 * closure {...}, econ {...}. Unavailable numbers are null, never invented.
 */
#include "impacts/impacts_int.h"
#include "core/json_int.h"
#include "soso/error.h"

#include <jansson.h>
#include <math.h>

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *rating(const char *level, const char *reason) {
  return json_pack("{s:s, s:s}", "level", level, "reason", reason);
}

static json_t *indicator(const soso_indicator *x) {
  json_t *o = json_object();
  if (!x->available) json_object_set_new(o, "value", json_null());
  else if (x->words) json_object_set_new(o, "value", json_string(x->words[(int)x->value]));
  else json_object_set_new(o, "value", num(x->value));
  json_object_set_new(o, "unit", json_string(x->unit));
  json_object_set_new(o, "available", json_boolean(x->available));
  json_object_set_new(o, "derivation", json_string(x->derivation));
  return o;
}

static json_t *finding_list(const soso_finding *f, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "id", f[i].id, "text", f[i].text,
                                       "reason", f[i].reason));
  return a;
}

static json_t *dimension(const soso_assessment *a, const soso_dimension *d) {
  json_t *inds = json_array(), *meas = json_array();
  for (size_t i = 0; i < d->n_indicators; i++) {
    const soso_indicator *x = &a->ind[d->indicators[i]];
    json_t *o = indicator(x);
    json_object_set_new(o, "name", json_string(x->name));
    json_array_append_new(inds, o);
  }
  for (size_t i = 0; i < d->n_measures; i++) {
    const soso_measure_use *m = &d->measures[i];
    json_array_append_new(meas, json_pack("{s:s, s:s, s:s, s:b, s:i, s:s}", "id", m->id,
                                          "hierarchy", m->hierarchy, "text", m->text, "policy",
                                          m->policy, "steps", m->steps, "reason", m->reason));
  }
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(d->id));
  json_object_set_new(o, "name", json_string(d->name));
  json_object_set_new(o, "direction", json_pack("{s:s, s:s}", "value",
                                                d->direction > 0 ? "+" : "-", "reason",
                                                d->direction_reason));
  json_object_set_new(o, "indicators", inds);
  json_object_set_new(o, "magnitude", rating(soso_impacts_level_name(d->magnitude), d->magnitude_reason));
  json_object_set_new(o, "sensitivity",
                      rating(soso_impacts_level_name(d->sensitivity), d->sensitivity_reason));
  json_object_set_new(o, "significance", rating(soso_impacts_significance_name(d->significance),
                                                d->significance_reason));
  json_t *after = rating(soso_impacts_significance_name(d->significance_after),
                         d->significance_after_reason);
  json_object_set_new(after, "magnitude_after", json_string(soso_impacts_level_name(d->magnitude_after)));
  json_object_set_new(o, "significance_after", after);
  json_object_set_new(o, "opportunities", finding_list(d->opportunities, d->n_opportunities));
  json_object_set_new(o, "challenges", finding_list(d->challenges, d->n_challenges));
  json_object_set_new(o, "measures", meas);
  return o;
}

int impacts_json_object(json_t **out, const soso_assessment *a) {
  *out = NULL;
  json_t *root = json_object(), *inds = json_object(), *dims = json_array(),
         *crit = json_array();
  if (!root || !inds || !dims || !crit) {
    json_decref(root);
    json_decref(inds);
    json_decref(dims);
    json_decref(crit);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  json_object_set_new(root, "site", json_string(a->site_name));
  json_object_set_new(root, "community", json_string(a->community_name));
  json_object_set_new(root, "basis", json_string(a->basis));
  json_object_set_new(root, "rules", json_string(a->rules_path));
  for (size_t i = 0; i < a->n_ind; i++)
    json_object_set_new(inds, a->ind[i].name, indicator(&a->ind[i]));
  json_object_set_new(root, "indicators", inds);
  for (size_t i = 0; i < a->n_dims; i++) json_array_append_new(dims, dimension(a, &a->dims[i]));
  json_object_set_new(root, "dimensions", dims);
  for (size_t i = 0; i < a->n_ssm; i++) {
    const soso_ssm_criterion *c = &a->ssm[i];
    json_array_append_new(crit, json_pack("{s:s, s:s, s:o, s:s}", "id", c->id, "text", c->text,
                                          "met", c->met < 0 ? json_null() : json_boolean(c->met),
                                          "reason", c->reason));
  }
  json_object_set_new(root, "ssm_check", json_pack("{s:i, s:i, s:o}", "met", (int)a->ssm_met,
                                                   "of", (int)a->n_ssm, "criteria", crit));
  const soso_closure *c = &a->closure;
  json_object_set_new(
      root, "closure",
      json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:s}",
                "closure_cost_eur", num(c->closure_cost_eur), "care_cost_eur_year",
                num(c->care_cost_eur_year), "temporary_closure_years", num(c->temp_closure_years),
                "third_party_premium", num(c->third_party_premium), "contingency",
                num(c->contingency), "guarantee_eur", num(c->guarantee_eur), "guarantee_rule",
                c->guarantee_rule, "jobs_lost", num(c->jobs_lost), "local_jobs_lost",
                num(c->local_jobs_lost), "remediation_years", num(c->remediation_years),
                "life_years", num(c->life_years), "post_closure_land_use", c->land_use, "notes",
                c->notes));
  /* Added with the regulators' sizing; the keys above keep their meaning. */
  json_t *cl = json_object_get(root, "closure"), *sched = json_array();
  for (size_t y = 0; y < c->n_schedule; y++) json_array_append_new(sched, num(c->schedule_eur[y]));
  json_object_set_new(cl, "direct_cost_eur", num(c->direct_cost_eur));
  json_object_set_new(cl, "indirect_eur", num(c->indirect_eur));
  json_object_set_new(cl, "contingency_eur", num(c->contingency_eur));
  json_object_set_new(cl, "care_years_cap", num(c->care_years_cap));
  json_object_set_new(cl, "care_eur", num(c->care_eur));
  json_object_set_new(cl, "monitoring_eur_year", num(c->monitoring_eur_year));
  json_object_set_new(cl, "monitoring_years", num(c->monitoring_years));
  json_object_set_new(cl, "monitoring_eur", num(c->monitoring_eur));
  json_object_set_new(cl, "simulated_pause_years_p95", num(c->simulated_pause_years));
  json_object_set_new(cl, "liability_schedule_eur", sched);
  json_object_set_new(cl, "liability_max_eur", num(c->liability_max_eur));
  json_object_set_new(cl, "liability_max_year", json_integer((json_int_t)c->liability_max_year));
  const soso_econ_summary *e = &a->econ;
  json_t *econ = json_object();
  const char *keys[] = {"local_jobs_share_of_unemployed", "wage_ratio", "mine_wage_eur",
                        "average_wage_eur", "royalties_eur_year", "local_public_revenue_eur_year",
                        "local_wage_bill_eur_year", "local_income_per_capita_eur"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    const soso_indicator *x = soso_impacts_assessment_indicator(a, keys[i]);
    json_object_set_new(econ, keys[i], x && x->available ? num(x->value) : json_null());
  }
  json_t *io = json_object();
  json_object_set_new(io, "available", json_boolean(e->have_io));
  json_object_set_new(io, "label", json_string("upper bound"));
  json_object_set_new(io, "note", json_string(e->io_note));
  if (e->have_io) {
    json_object_set_new(io, "indirect_jobs", e->io.have_jobs ? num(e->io.indirect_jobs) : json_null());
    json_object_set_new(io, "induced_jobs", e->io.have_jobs && e->io.have_type2
                                                ? num(e->io.induced_jobs) : json_null());
    json_object_set_new(io, "indirect_income_eur_year",
                        e->io.have_income ? num(e->io.indirect_income) : json_null());
    json_object_set_new(io, "induced_income_eur_year",
                        e->io.have_income ? num(e->io.induced_income) : json_null());
    json_object_set_new(io, "indirect_output_eur_year", num(e->io.indirect_output));
    json_object_set_new(io, "induced_output_eur_year",
                        e->io.have_type2 ? num(e->io.induced_output) : json_null());
  }
  json_object_set_new(econ, "input_output", io);
  json_object_set_new(root, "econ", econ);
  *out = root;
  return SOSO_OK;
}

int soso_impacts_json(const soso_assessment *a, soso_write_fn write, void *closure) {
  json_t *j = NULL;
  int rc = impacts_json_object(&j, a);
  if (rc == 0) rc = soso__json_emit(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER, write, closure);
  json_decref(j);
  return rc;
}
