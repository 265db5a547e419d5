/* community.c - loads and validates a community file (include/soso/community.h).
 *
 * Invariants: every share is in [0, 1], counts are >= 0, the survey matrix is
 * rectangular with answers in 1..scale_max; an error names file, line and key.
 * Cronbach's alpha follows reference README section 6 with sample variances.
 */
#include "soso/community.h"
#include "core/ydoc_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const k_hist[] = {"none", "past", "ongoing", NULL};
static const char *const k_gov[] = {"low", "medium", "high", NULL};
static const char *const k_desig[] = {"natura2000", "outstanding_landscape",
                                      "cultural_heritage", NULL};
static const char *const k_slo[] = {"withdrawal", "acceptance", "approval",
                                    "psychological_identification", NULL};

const char *soso_community_mining_history_name(soso_mining_history h) {
  return (unsigned)h < 3 ? k_hist[h] : "?";
}
const char *soso_community_gov_capacity_name(soso_gov_capacity g) {
  return (unsigned)g < 3 ? k_gov[g] : "?";
}
const char *soso_community_designation_kind_name(soso_designation_kind k) {
  return (unsigned)k < 3 ? k_desig[k] : "?";
}
const char *soso_community_slo_level_name(soso_slo_level l) { return (unsigned)l < 4 ? k_slo[l] : "?"; }

double soso_community_cronbach_alpha(const double *r, size_t n, size_t k) {
  if (k < 2 || n < 2) return NAN;
  double sum_item_var = 0.0;
  for (size_t j = 0; j < k; j++) {
    double m = 0.0, s = 0.0;
    for (size_t i = 0; i < n; i++) m += r[i * k + j];
    m /= (double)n;
    for (size_t i = 0; i < n; i++) s += (r[i * k + j] - m) * (r[i * k + j] - m);
    sum_item_var += s / (double)(n - 1);
  }
  double mt = 0.0, st = 0.0;
  for (size_t i = 0; i < n; i++) {
    double t = 0.0;
    for (size_t j = 0; j < k; j++) t += r[i * k + j];
    mt += t;
  }
  mt /= (double)n;
  for (size_t i = 0; i < n; i++) {
    double t = 0.0;
    for (size_t j = 0; j < k; j++) t += r[i * k + j];
    st += (t - mt) * (t - mt);
  }
  double var_total = st / (double)(n - 1);
  if (var_total <= 0.0) return NAN;
  return (double)k / (double)(k - 1) * (1.0 - sum_item_var / var_total);
}

void soso_community_free(soso_community *c) {
  if (!c) return;
  free(c->name);
  free(c->path);
  for (size_t i = 0; i < c->n_designations; i++) free(c->designations[i].name);
  free(c->designations);
  free(c->survey.responses);
  for (size_t i = 0; i < c->survey.n_items && c->survey.items; i++) free(c->survey.items[i]);
  free(c->survey.items);
  free(c->survey.source);
  free(c);
}

static int load_survey(soso__ydoc *d, yaml_node_t *m, soso_survey *s) {
  static const char *const keys[] = {"source", "scale_max", "items", "responses",
                                     "acceptance_level", NULL};
  int rc = soso__ydoc_keys(d, m, "survey", keys);
  if (rc) return rc;
  const char *src = NULL;
  if ((rc = soso__ydoc_str(d, m, "source", 0, &src, NULL))) return rc;
  if (src && !(s->source = soso__ydoc_strdup(src)))
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  double smax = 5;
  if ((rc = soso__ydoc_num(d, m, "scale_max", 0, SOSO__YR(2, 11), &smax, NULL))) return rc;
  if (smax != floor(smax))
    return soso__ydoc_fail(d, soso__ydoc_get(d, m, "scale_max"), "scale_max",
                           "must be a whole number");
  s->scale_max = (int)smax;
  yaml_node_t *items = NULL, *resp = NULL;
  if ((rc = soso__ydoc_seq(d, m, "items", 1, &items))) return rc;
  if ((rc = soso__ydoc_seq(d, m, "responses", 1, &resp))) return rc;
  s->n_items = soso__ydoc_len(items);
  if (s->n_items < 2) return soso__ydoc_fail(d, items, "items", "need at least 2 Likert items");
  s->items = calloc(s->n_items, sizeof *s->items);
  if (!s->items) return soso_error_set(SOSO_ENOMEM, "out of memory");
  for (size_t j = 0; j < s->n_items; j++) {
    const char *t = soso__ydoc_text(soso__ydoc_item(d, items, j));
    if (!t || !*t)
      return soso__ydoc_fail(d, soso__ydoc_item(d, items, j), "items", "expected a label");
    if (!(s->items[j] = soso__ydoc_strdup(t))) return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  s->n_resp = soso__ydoc_len(resp);
  if (s->n_resp < 2) return soso__ydoc_fail(d, resp, "responses", "need at least 2 respondents");
  s->responses = calloc(s->n_resp * s->n_items, sizeof *s->responses);
  if (!s->responses) return soso_error_set(SOSO_ENOMEM, "out of memory");
  double total = 0.0;
  for (size_t i = 0; i < s->n_resp; i++) {
    yaml_node_t *row = soso__ydoc_item(d, resp, i);
    if (row->type != YAML_SEQUENCE_NODE || soso__ydoc_len(row) != s->n_items)
      return soso__ydoc_fail(d, row, "responses", "each respondent needs %zu answers, one per item",
                             s->n_items);
    for (size_t j = 0; j < s->n_items; j++) {
      yaml_node_t *v = soso__ydoc_item(d, row, j);
      double x = 0;
      if ((rc = soso__ydoc_scalar_num(d, v, "responses", SOSO__YR(1, smax), &x))) return rc;
      if (x != floor(x))
        return soso__ydoc_fail(d, v, "responses", "%g is not a whole Likert score", x);
      s->responses[i * s->n_items + j] = x;
      total += x;
    }
  }
  s->mean_score = total / (double)(s->n_resp * s->n_items);
  s->alpha = soso_community_cronbach_alpha(s->responses, s->n_resp, s->n_items);
  int lvl = 0, have = 0;
  if ((rc = soso__ydoc_enum(d, m, "acceptance_level", 0, k_slo, &lvl, &have))) return rc;
  s->level = (soso_slo_level)lvl;
  s->level_stated = have;
  s->present = 1;
  return SOSO_OK;
}

static int load_designations(soso__ydoc *d, yaml_node_t *seq, soso_community *c) {
  size_t n = soso__ydoc_len(seq);
  if (n == 0) return SOSO_OK;
  c->designations = calloc(n, sizeof *c->designations);
  if (!c->designations) return soso_error_set(SOSO_ENOMEM, "out of memory");
  static const char *const keys[] = {"type", "name", "distance_km", NULL};
  for (size_t i = 0; i < n; i++) {
    yaml_node_t *m = soso__ydoc_item(d, seq, i);
    int rc = soso__ydoc_keys(d, m, "designations", keys);
    if (rc) return rc;
    soso_designation *g = &c->designations[i];
    c->n_designations = i + 1;
    int kind = 0;
    const char *name = NULL;
    if ((rc = soso__ydoc_enum(d, m, "type", 1, k_desig, &kind, NULL))) return rc;
    if ((rc = soso__ydoc_str(d, m, "name", 1, &name, NULL))) return rc;
    if ((rc = soso__ydoc_num(d, m, "distance_km", 1, SOSO__YR(0, 20000), &g->distance_km, NULL)))
      return rc;
    g->kind = (soso_designation_kind)kind;
    if (!(g->name = soso__ydoc_strdup(name))) return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  return SOSO_OK;
}

static int load(soso__ydoc *d, soso_community *c) {
  static const char *const keys[] = {
      "name", "location", "population", "working_age_share", "unemployment_rate",
      "average_wage", "vacant_dwellings", "mining_history", "designations",
      "tourism_job_share", "env_agriculture_job_share", "government_capacity",
      "nearest_dwellings_m", "survey", NULL};
  yaml_node_t *root = soso__ydoc_root(d), *m = NULL;
  int rc = soso__ydoc_keys(d, root, "community", keys);
  if (rc) return rc;
  const char *name = NULL;
  if ((rc = soso__ydoc_str(d, root, "name", 1, &name, NULL))) return rc;
  if (!(c->name = soso__ydoc_strdup(name))) return soso_error_set(SOSO_ENOMEM, "out of memory");

  static const char *const loc_keys[] = {"lat", "lon", NULL};
  if ((rc = soso__ydoc_map(d, root, "location", 1, &m))) return rc;
  if ((rc = soso__ydoc_keys(d, m, "location", loc_keys))) return rc;
  if ((rc = soso__ydoc_num(d, m, "lat", 1, SOSO__YR(-90, 90), &c->lat, NULL))) return rc;
  if ((rc = soso__ydoc_num(d, m, "lon", 1, SOSO__YR(-180, 180), &c->lon, NULL))) return rc;

  if ((rc = soso__ydoc_num(d, root, "population", 1, SOSO__YR(1, 1e8), &c->population, NULL)))
    return rc;
  if ((rc = soso__ydoc_num(d, root, "working_age_share", 1, SOSO__YR(0.01, 1),
                           &c->working_age_share, NULL)))
    return rc;
  if ((rc = soso__ydoc_num(d, root, "unemployment_rate", 1, SOSO__YR(0, 1), &c->unemployment_rate,
                           NULL)))
    return rc;

  static const char *const wage_keys[] = {"amount", "currency", "per", "eur_per_unit",
                                          NULL};
  if ((rc = soso__ydoc_map(d, root, "average_wage", 1, &m))) return rc;
  if ((rc = soso__ydoc_keys(d, m, "average_wage", wage_keys))) return rc;
  if ((rc = soso__ydoc_num(d, m, "amount", 1, SOSO__YR(1e-6, 1e12), &c->average_wage, NULL)))
    return rc;
  const char *cur = NULL;
  if ((rc = soso__ydoc_str(d, m, "currency", 1, &cur, NULL))) return rc;
  if (strlen(cur) != 3)
    return soso__ydoc_fail(d, soso__ydoc_get(d, m, "currency"), "currency",
                           "\"%s\" is not a 3-letter ISO 4217 code", cur);
  memcpy(c->currency, cur, 4);
  c->eur_per_unit = 1.0;
  if ((rc = soso__ydoc_num(d, m, "eur_per_unit", strcmp(cur, "EUR") != 0, SOSO__YR(1e-9, 1e9),
                           &c->eur_per_unit, NULL)))
    return rc;
  static const char *const per_words[] = {"month", NULL};
  int per = 0;
  if ((rc = soso__ydoc_enum(d, m, "per", 0, per_words, &per, NULL))) return rc;

  if ((rc = soso__ydoc_num(d, root, "vacant_dwellings", 1, SOSO__YR(0, 1e8), &c->vacant_dwellings,
                           NULL)))
    return rc;

  static const char *const hist_keys[] = {"status", "years_since", "note", NULL};
  if ((rc = soso__ydoc_map(d, root, "mining_history", 1, &m))) return rc;
  if ((rc = soso__ydoc_keys(d, m, "mining_history", hist_keys))) return rc;
  int h = 0, have_years = 0;
  if ((rc = soso__ydoc_enum(d, m, "status", 1, k_hist, &h, NULL))) return rc;
  c->history = (soso_mining_history)h;
  if ((rc = soso__ydoc_num(d, m, "years_since", c->history == SOSO_MINING_PAST, SOSO__YR(0, 5000),
                           &c->years_since_mining, &have_years)))
    return rc;
  if (have_years && c->history != SOSO_MINING_PAST)
    return soso__ydoc_fail(d, soso__ydoc_get(d, m, "years_since"), "years_since",
                           "only meaningful when status is past");

  yaml_node_t *seq = NULL;
  if ((rc = soso__ydoc_seq(d, root, "designations", 0, &seq))) return rc;
  if (seq && (rc = load_designations(d, seq, c))) return rc;

  if ((rc = soso__ydoc_num(d, root, "tourism_job_share", 1, SOSO__YR(0, 1), &c->tourism_job_share,
                           NULL)))
    return rc;
  if ((rc = soso__ydoc_num(d, root, "env_agriculture_job_share", 1, SOSO__YR(0, 1),
                           &c->env_agriculture_job_share, NULL)))
    return rc;
  if (c->tourism_job_share + c->env_agriculture_job_share > 1.0)
    return soso__ydoc_fail(
        d, soso__ydoc_get(d, root, "env_agriculture_job_share"), "env_agriculture_job_share",
        "tourism and environment-dependent farming shares add up to more than 1");
  int g = 0;
  if ((rc = soso__ydoc_enum(d, root, "government_capacity", 1, k_gov, &g, NULL))) return rc;
  c->gov_capacity = (soso_gov_capacity)g;
  if ((rc = soso__ydoc_num(d, root, "nearest_dwellings_m", 1, SOSO__YR(0, 1e6),
                           &c->nearest_dwellings_m, NULL)))
    return rc;

  if ((rc = soso__ydoc_map(d, root, "survey", 0, &m))) return rc;
  if (m && (rc = load_survey(d, m, &c->survey))) return rc;
  return SOSO_OK;
}

int soso_community_load(soso_community **out, const char *path) {
  *out = NULL;
  soso_community *c = calloc(1, sizeof *c);
  if (!c) return soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
  c->survey.alpha = NAN;
  soso__ydoc d;
  int rc = soso__ydoc_load(&d, path);
  if (rc == SOSO_OK) rc = load(&d, c);
  if (rc == SOSO_OK && !(c->path = soso__ydoc_strdup(path)))
    rc = soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
  soso__ydoc_free(&d);
  if (rc) {
    soso_community_free(c);
    return rc;
  }
  *out = c;
  return SOSO_OK;
}
