/* rules.c - loads and validates the impacts rules file (see data/impacts/rules.yaml
 * for the format and include/soso/impacts.h for the semantics).
 *
 * Invariants after a successful load: the matrix is complete (4 x 4, every level
 * named once), every condition names a known indicator with a valid comparison and
 * threshold, templates name only known indicators, ids are unique within their
 * list, limits (SOSO_DIM_MAX ...) hold. Any violation is "FILE:LINE: key: reason".
 */
#include "core/ydoc_int.h"
#include "impacts/impacts_int.h"
#include "soso/data.h"
#include "soso/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


static const char *const k_levels[] = {"negligible", "low", "medium", "high", NULL};
static const char *const k_sigs[] = {"negligible", "minor", "moderate", "major", NULL};
static const char *const k_ops[] = {"<", "<=", ">", ">=", "==", "!=", NULL};
static const char *const k_hier[] = {"avoid", "minimise", "restore", "offset", "enhance", NULL};
static const char *const k_dirs[] = {"negative", "positive", NULL};
static const char *const k_slo_words[] = {"withdrawal", "acceptance", "approval",
                                          "psychological_identification", NULL};

const char *soso_impacts_level_name(soso_level l) { return (unsigned)l < 4 ? k_levels[l] : "?"; }
const char *soso_impacts_significance_name(soso_significance s) {
  return (unsigned)s < 4 ? k_sigs[s] : "?";
}
const char *soso_impacts_rules_default_path(void) {
  static _Thread_local char buf[4096]; /* one per function: callers pass both at once */
  return soso_data_path(buf, sizeof buf, "impacts/rules.yaml");
}

soso_significance soso_impacts_rules_significance(const soso_rules *r, soso_level m, soso_level s) {
  return r->matrix[m][s];
}
int soso_impacts_rules_is_significant(const soso_rules *r, soso_significance s) {
  return r->significant[s];
}
const char *soso_impacts_rules_matrix_origin(const soso_rules *r) { return r->origin; }
double soso_impacts_rules_slo_min_share(const soso_rules *r, int level) {
  return level >= 0 && level < 4 ? r->level_min_share[level] : (double)NAN;
}

static void free_conds(rule_conds *c) {
  for (size_t i = 0; i < c->n_all; i++) free(c->all[i].note);
  for (size_t i = 0; i < c->n_any; i++) free(c->any[i].note);
  free(c->all);
  free(c->any);
}
static void free_item(rule_item *it) {
  free(it->id);
  free(it->text);
  free(it->reason);
  free(it->hierarchy);
  free_conds(&it->when);
}
static void free_scale(rule_scale *s) {
  for (size_t i = 0; i < s->n; i++) free(s->rules[i].note);
  free(s->rules);
}

void soso_impacts_rules_free(soso_rules *r) {
  if (!r) return;
  for (size_t d = 0; d < r->n_dims; d++) {
    rule_dim *dim = &r->dims[d];
    free(dim->id);
    free(dim->name);
    free_scale(&dim->magnitude);
    free_scale(&dim->sensitivity);
    for (size_t i = 0; i < dim->n_opp; i++) free_item(&dim->opp[i]);
    for (size_t i = 0; i < dim->n_chal; i++) free_item(&dim->chal[i]);
    for (size_t i = 0; i < dim->n_meas; i++) free_item(&dim->meas[i]);
  }
  for (size_t i = 0; i < r->n_ssm; i++) {
    free(r->ssm[i].id);
    free(r->ssm[i].text);
    free_conds(&r->ssm[i].c);
  }
  free(r->matrix_source);
  free(r->guarantee_note);
  free(r->path);
  free(r);
}

static int oom(void) { return soso_error_set(SOSO_ENOMEM, "out of memory"); }

static int dup_field(soso__ydoc *d, yaml_node_t *m, const char *key, int required, char **out) {
  const char *s = NULL;
  int rc = soso__ydoc_str(d, m, key, required, &s, NULL);
  if (rc) return rc;
  if (s && !(*out = soso__ydoc_strdup(s))) return oom();
  return SOSO_OK;
}

/* Checks that every {name} in tpl is a known indicator. */
static int check_template(soso__ydoc *d, yaml_node_t *n, const char *tpl) {
  for (const char *p = strchr(tpl, '{'); p; p = strchr(p + 1, '{')) {
    const char *e = strchr(p, '}');
    if (!e) return soso__ydoc_fail(d, n, "reason", "unclosed { in template");
    char name[64];
    size_t len = (size_t)(e - p - 1);
    if (len == 0 || len >= sizeof name)
      return soso__ydoc_fail(d, n, "reason", "bad placeholder in template");
    memcpy(name, p + 1, len);
    name[len] = '\0';
    if (impacts_ind_find(name) < 0)
      return soso__ydoc_fail(d, n, "reason", "unknown indicator {%s} in template", name);
  }
  return SOSO_OK;
}

static int parse_cond(soso__ydoc *d, yaml_node_t *m, rule_cond *c, int with_result) {
  static const char *const keys_r[] = {"indicator", "comparison", "threshold", "result", "note",
                                       NULL};
  static const char *const keys[] = {"indicator", "comparison", "threshold", "note", NULL};
  int rc = soso__ydoc_keys(d, m, "rule", with_result ? keys_r : keys);
  if (rc) return rc;
  c->line = soso__ydoc_line(m);
  const char *name = NULL;
  if ((rc = soso__ydoc_str(d, m, "indicator", 1, &name, NULL))) return rc;
  c->ind = impacts_ind_find(name);
  if (c->ind < 0)
    return soso__ydoc_fail(d, soso__ydoc_get(d, m, "indicator"), "indicator",
                           "unknown indicator \"%s\"", name);
  int op = 0;
  if ((rc = soso__ydoc_enum(d, m, "comparison", 1, k_ops, &op, NULL))) return rc;
  c->op = (cmp_op)op;
  const ind_def *def = &k_impacts_ind[c->ind];
  if (def->words) {
    int w = 0;
    if ((rc = soso__ydoc_enum(d, m, "threshold", 1, def->words, &w, NULL))) return rc;
    c->threshold = w;
  } else {
    if ((rc = soso__ydoc_num(d, m, "threshold", 1, SOSO__YR(-1e15, 1e15), &c->threshold, NULL)))
      return rc;
  }
  if (with_result) {
    int lv = 0;
    if ((rc = soso__ydoc_enum(d, m, "result", 1, k_levels, &lv, NULL))) return rc;
    c->result = (soso_level)lv;
  }
  return dup_field(d, m, "note", 0, &c->note);
}

static int parse_cond_list(soso__ydoc *d, yaml_node_t *seq, rule_cond **out, size_t *n,
                           int with_result) {
  size_t len = soso__ydoc_len(seq);
  *n = 0;
  if (len == 0) return SOSO_OK;
  *out = calloc(len, sizeof **out);
  if (!*out) return oom();
  for (size_t i = 0; i < len; i++) {
    int rc = parse_cond(d, soso__ydoc_item(d, seq, i), &(*out)[i], with_result);
    *n = i + 1;
    if (rc) return rc;
  }
  return SOSO_OK;
}

static int parse_conds(soso__ydoc *d, yaml_node_t *m, const char *all_key, const char *any_key,
                       rule_conds *c) {
  yaml_node_t *s = NULL;
  int rc = soso__ydoc_seq(d, m, all_key, 0, &s);
  if (rc) return rc;
  if (s && (rc = parse_cond_list(d, s, &c->all, &c->n_all, 0))) return rc;
  if ((rc = soso__ydoc_seq(d, m, any_key, 0, &s))) return rc;
  if (s && (rc = parse_cond_list(d, s, &c->any, &c->n_any, 0))) return rc;
  return SOSO_OK;
}

static int parse_scale(soso__ydoc *d, yaml_node_t *dim, const char *key, rule_scale *s) {
  static const char *const keys[] = {"default", "rules", NULL};
  yaml_node_t *m = NULL, *seq = NULL;
  int rc = soso__ydoc_map(d, dim, key, 1, &m);
  if (rc) return rc;
  if ((rc = soso__ydoc_keys(d, m, key, keys))) return rc;
  int lv = 0;
  if ((rc = soso__ydoc_enum(d, m, "default", 1, k_levels, &lv, NULL))) return rc;
  s->def = (soso_level)lv;
  s->def_line = soso__ydoc_line(soso__ydoc_get(d, m, "default"));
  if ((rc = soso__ydoc_seq(d, m, "rules", 0, &seq))) return rc;
  return seq ? parse_cond_list(d, seq, &s->rules, &s->n, 1) : SOSO_OK;
}

static int parse_items(soso__ydoc *d, yaml_node_t *dim, const char *key, rule_item *items,
                       size_t *n, size_t max, int measures) {
  static const char *const keys_f[] = {"id", "text", "when", "when_any", "reason", NULL};
  static const char *const keys_m[] = {"id", "text", "when", "when_any", "reason", "hierarchy",
                                       "policy", "steps", NULL};
  yaml_node_t *seq = NULL;
  int rc = soso__ydoc_seq(d, dim, key, 0, &seq);
  if (rc || !seq) return rc;
  size_t len = soso__ydoc_len(seq);
  if (len > max) return soso__ydoc_fail(d, seq, key, "at most %zu entries", max);
  for (size_t i = 0; i < len; i++) {
    yaml_node_t *m = soso__ydoc_item(d, seq, i);
    rule_item *it = &items[i];
    *n = i + 1;
    if ((rc = soso__ydoc_keys(d, m, key, measures ? keys_m : keys_f))) return rc;
    it->line = soso__ydoc_line(m);
    if ((rc = dup_field(d, m, "id", 1, &it->id))) return rc;
    for (size_t j = 0; j < i; j++)
      if (strcmp(items[j].id, it->id) == 0)
        return soso__ydoc_fail(d, soso__ydoc_get(d, m, "id"), "id", "\"%s\" given twice", it->id);
    if ((rc = dup_field(d, m, "text", 1, &it->text))) return rc;
    if ((rc = dup_field(d, m, "reason", 0, &it->reason))) return rc;
    if (it->reason && (rc = check_template(d, soso__ydoc_get(d, m, "reason"), it->reason)))
      return rc;
    if ((rc = parse_conds(d, m, "when", "when_any", &it->when))) return rc;
    if (measures) {
      int h = 0;
      double steps = 0;
      if ((rc = soso__ydoc_enum(d, m, "hierarchy", 1, k_hier, &h, NULL))) return rc;
      if (!(it->hierarchy = soso__ydoc_strdup(k_hier[h]))) return oom();
      if ((rc = soso__ydoc_bool(d, m, "policy", 0, &it->policy, NULL))) return rc;
      if ((rc = soso__ydoc_num(d, m, "steps", 1, SOSO__YR(-3, 3), &steps, NULL))) return rc;
      if (steps != (double)(int)steps)
        return soso__ydoc_fail(d, soso__ydoc_get(d, m, "steps"), "steps", "must be a whole number");
      it->steps = (int)steps;
    }
  }
  return SOSO_OK;
}

static int parse_dim(soso__ydoc *d, yaml_node_t *m, rule_dim *dim) {
  static const char *const keys[] = {"id", "name", "direction", "indicators", "magnitude",
                                     "sensitivity", "opportunities", "challenges", "measures",
                                     NULL};
  int rc = soso__ydoc_keys(d, m, "dimension", keys);
  if (rc) return rc;
  dim->line = soso__ydoc_line(m);
  if ((rc = dup_field(d, m, "id", 1, &dim->id))) return rc;
  if ((rc = dup_field(d, m, "name", 1, &dim->name))) return rc;
  int dir = 0;
  if ((rc = soso__ydoc_enum(d, m, "direction", 1, k_dirs, &dir, NULL))) return rc;
  dim->direction = dir ? +1 : -1;
  yaml_node_t *seq = NULL;
  if ((rc = soso__ydoc_seq(d, m, "indicators", 1, &seq))) return rc;
  if (soso__ydoc_len(seq) > SOSO_DIM_MAX_IND)
    return soso__ydoc_fail(d, seq, "indicators", "at most %d indicators", SOSO_DIM_MAX_IND);
  for (size_t i = 0; i < soso__ydoc_len(seq); i++) {
    yaml_node_t *it = soso__ydoc_item(d, seq, i);
    const char *name = soso__ydoc_text(it);
    int id = name ? impacts_ind_find(name) : -1;
    if (id < 0)
      return soso__ydoc_fail(d, it, "indicators", "unknown indicator \"%s\"", name ? name : "?");
    dim->ind[dim->n_ind++] = id;
  }
  if ((rc = parse_scale(d, m, "magnitude", &dim->magnitude))) return rc;
  if ((rc = parse_scale(d, m, "sensitivity", &dim->sensitivity))) return rc;
  if ((rc = parse_items(d, m, "opportunities", dim->opp, &dim->n_opp, SOSO_DIM_MAX_FIND, 0)))
    return rc;
  if ((rc = parse_items(d, m, "challenges", dim->chal, &dim->n_chal, SOSO_DIM_MAX_FIND, 0)))
    return rc;
  return parse_items(d, m, "measures", dim->meas, &dim->n_meas, SOSO_DIM_MAX_MEAS, 1);
}

static int parse_matrix(soso__ydoc *d, yaml_node_t *root, soso_rules *r) {
  static const char *const keys[] = {"source", "columns", "matrix", "significant", NULL};
  yaml_node_t *m = NULL, *cols = NULL, *mat = NULL, *sig = NULL;
  int rc = soso__ydoc_map(d, root, "significance", 1, &m);
  if (rc) return rc;
  if ((rc = soso__ydoc_keys(d, m, "significance", keys))) return rc;
  if ((rc = dup_field(d, m, "source", 0, &r->matrix_source))) return rc;
  if ((rc = soso__ydoc_seq(d, m, "columns", 1, &cols))) return rc;
  if (soso__ydoc_len(cols) != 4)
    return soso__ydoc_fail(d, cols, "columns", "need the 4 sensitivity levels");
  int col_level[4], seen[4] = {0};
  for (size_t j = 0; j < 4; j++) {
    const char *w = soso__ydoc_text(soso__ydoc_item(d, cols, j));
    int lv = -1;
    for (int k = 0; w && k < 4; k++)
      if (strcmp(w, k_levels[k]) == 0) lv = k;
    if (lv < 0 || seen[lv])
      return soso__ydoc_fail(d, soso__ydoc_item(d, cols, j), "columns",
                             "\"%s\" is not a new level (negligible, low, medium, high)",
                             w ? w : "?");
    seen[lv] = 1;
    col_level[j] = lv;
  }
  static const char *const rows[] = {"high", "medium", "low", "negligible", NULL};
  if ((rc = soso__ydoc_map(d, m, "matrix", 1, &mat))) return rc;
  if ((rc = soso__ydoc_keys(d, mat, "matrix", rows))) return rc;
  const char *base = strrchr(d->path, '/');
  snprintf(r->origin, sizeof r->origin, "%s:%d", base ? base + 1 : d->path, soso__ydoc_line(mat));
  for (int i = 0; rows[i]; i++) {
    yaml_node_t *row = NULL;
    if ((rc = soso__ydoc_seq(d, mat, rows[i], 1, &row))) return rc;
    if (soso__ydoc_len(row) != 4)
      return soso__ydoc_fail(d, row, rows[i], "need 4 significance values");
    int mag = 3 - i;
    for (size_t j = 0; j < 4; j++) {
      yaml_node_t *cell = soso__ydoc_item(d, row, j);
      const char *w = soso__ydoc_text(cell);
      int s = -1;
      for (int k = 0; w && k < 4; k++)
        if (strcmp(w, k_sigs[k]) == 0) s = k;
      if (s < 0)
        return soso__ydoc_fail(d, cell, rows[i],
                               "\"%s\" is not one of: negligible, minor, moderate, "
                               "major",
                               w ? w : "?");
      r->matrix[mag][col_level[j]] = (soso_significance)s;
    }
  }
  if ((rc = soso__ydoc_seq(d, m, "significant", 1, &sig))) return rc;
  for (size_t j = 0; j < soso__ydoc_len(sig); j++) {
    const char *w = soso__ydoc_text(soso__ydoc_item(d, sig, j));
    int s = -1;
    for (int k = 0; w && k < 4; k++)
      if (strcmp(w, k_sigs[k]) == 0) s = k;
    if (s < 0)
      return soso__ydoc_fail(d, soso__ydoc_item(d, sig, j), "significant",
                             "\"%s\" is not a significance", w ? w : "?");
    r->significant[s] = 1;
  }
  return SOSO_OK;
}

static int parse_other(soso__ydoc *d, yaml_node_t *root, soso_rules *r) {
  static const char *const gkeys[] = {"third_party_premium", "contingency",
                                      "temporary_closure_years", "monitoring_eur_year",
                                      "monitoring_years", "monitoring_years_tailings_pond",
                                      "fixed_share", "note", NULL};
  yaml_node_t *m = NULL, *seq = NULL;
  int rc = soso__ydoc_map(d, root, "guarantee", 1, &m);
  if (rc) return rc;
  if ((rc = soso__ydoc_keys(d, m, "guarantee", gkeys))) return rc;
  if ((rc = soso__ydoc_num(d, m, "third_party_premium", 1, SOSO__YR(0, 5), &r->premium, NULL)))
    return rc;
  if ((rc = soso__ydoc_num(d, m, "contingency", 1, SOSO__YR(0, 5), &r->contingency, NULL)))
    return rc;
  if ((rc = soso__ydoc_num(d, m, "temporary_closure_years", 1, SOSO__YR(0, 50), &r->temp_years,
                           NULL)))
    return rc;
  if ((rc = soso__ydoc_num(d, m, "monitoring_eur_year", 1, SOSO__YR(0, 1e9),
                           &r->monitoring_eur_year, NULL)))
    return rc;
  if ((rc = soso__ydoc_num(d, m, "monitoring_years", 1, SOSO__YR(0, 100), &r->monitoring_years,
                           NULL)))
    return rc;
  r->monitoring_years_pond = r->monitoring_years;
  if ((rc = soso__ydoc_num(d, m, "monitoring_years_tailings_pond", 0, SOSO__YR(0, 100),
                           &r->monitoring_years_pond, NULL)))
    return rc;
  if ((rc = soso__ydoc_num(d, m, "fixed_share", 1, SOSO__YR(0, 1), &r->fixed_share, NULL)))
    return rc;
  if ((rc = dup_field(d, m, "note", 0, &r->guarantee_note))) return rc;

  static const char *const skeys[] = {"alpha_min", "levels", NULL};
  static const char *const lkeys[] = {"min_share", "level", NULL};
  if ((rc = soso__ydoc_map(d, root, "survey", 1, &m))) return rc;
  if ((rc = soso__ydoc_keys(d, m, "survey", skeys))) return rc;
  if ((rc = soso__ydoc_num(d, m, "alpha_min", 1, SOSO__YR(0, 1), &r->alpha_min, NULL))) return rc;
  if ((rc = soso__ydoc_seq(d, m, "levels", 1, &seq))) return rc;
  int seen[4] = {0};
  for (size_t i = 0; i < soso__ydoc_len(seq); i++) {
    yaml_node_t *it = soso__ydoc_item(d, seq, i);
    int lv = 0;
    double share = 0;
    if ((rc = soso__ydoc_keys(d, it, "levels", lkeys))) return rc;
    if ((rc = soso__ydoc_num(d, it, "min_share", 1, SOSO__YR(0, 1), &share, NULL))) return rc;
    if ((rc = soso__ydoc_enum(d, it, "level", 1, k_slo_words, &lv, NULL))) return rc;
    if (seen[lv]) return soso__ydoc_fail(d, it, "level", "given twice");
    seen[lv] = 1;
    r->level_min_share[lv] = share;
  }
  for (int lv = 0; lv < 4; lv++)
    if (!seen[lv]) return soso__ydoc_fail(d, seq, "levels", "level %s missing", k_slo_words[lv]);
  for (int lv = 1; lv < 4; lv++)
    if (r->level_min_share[lv] < r->level_min_share[lv - 1])
      return soso__ydoc_fail(d, seq, "levels", "min_share must rise with the level");

  static const char *const ckeys[] = {"id", "text", "all", "any", NULL};
  if ((rc = soso__ydoc_seq(d, root, "ssm_check", 1, &seq))) return rc;
  if (soso__ydoc_len(seq) > SOSO_SSM_MAX)
    return soso__ydoc_fail(d, seq, "ssm_check", "at most %d criteria", SOSO_SSM_MAX);
  for (size_t i = 0; i < soso__ydoc_len(seq); i++) {
    yaml_node_t *it = soso__ydoc_item(d, seq, i);
    rule_ssm *c = &r->ssm[i];
    r->n_ssm = i + 1;
    if ((rc = soso__ydoc_keys(d, it, "ssm_check", ckeys))) return rc;
    c->line = soso__ydoc_line(it);
    if ((rc = dup_field(d, it, "id", 1, &c->id))) return rc;
    if ((rc = dup_field(d, it, "text", 1, &c->text))) return rc;
    if ((rc = parse_conds(d, it, "all", "any", &c->c))) return rc;
    if (c->c.n_all + c->c.n_any == 0) return soso__ydoc_fail(d, it, "ssm_check", "no conditions");
  }
  return SOSO_OK;
}

static int parse(soso__ydoc *d, soso_rules *r) {
  static const char *const keys[] = {"version", "significance", "guarantee", "survey",
                                     "ssm_check", "dimensions", NULL};
  yaml_node_t *root = soso__ydoc_root(d), *seq = NULL;
  int rc = soso__ydoc_keys(d, root, "rules", keys);
  if (rc) return rc;
  double v = 0;
  if ((rc = soso__ydoc_num(d, root, "version", 1, SOSO__YR(1, 1), &v, NULL))) return rc;
  if ((rc = parse_matrix(d, root, r))) return rc;
  if ((rc = parse_other(d, root, r))) return rc;
  if ((rc = soso__ydoc_seq(d, root, "dimensions", 1, &seq))) return rc;
  size_t n = soso__ydoc_len(seq);
  if (n == 0 || n > SOSO_DIM_MAX)
    return soso__ydoc_fail(d, seq, "dimensions", "need 1 to %d dimensions", SOSO_DIM_MAX);
  for (size_t i = 0; i < n; i++) {
    r->n_dims = i + 1;
    if ((rc = parse_dim(d, soso__ydoc_item(d, seq, i), &r->dims[i]))) return rc;
    for (size_t j = 0; j < i; j++)
      if (strcmp(r->dims[j].id, r->dims[i].id) == 0)
        return soso__ydoc_fail(d, soso__ydoc_item(d, seq, i), "id", "dimension \"%s\" given twice",
                               r->dims[i].id);
  }
  return SOSO_OK;
}

int soso_impacts_rules_load(soso_rules **out, const char *path) {
  *out = NULL;
  soso_rules *r = calloc(1, sizeof *r);
  if (!r) return oom();
  soso__ydoc d;
  int rc = soso__ydoc_load(&d, path);
  if (rc == SOSO_OK) rc = parse(&d, r);
  if (rc == SOSO_OK && !(r->path = soso__ydoc_strdup(path))) rc = oom();
  soso__ydoc_free(&d);
  if (rc) {
    soso_impacts_rules_free(r);
    return rc;
  }
  *out = r;
  return SOSO_OK;
}
