/* codebook.c - loads and validates a survey codebook (YAML; keys in README.md,
 * "soso survey", and examples/drina/survey-codebook.yaml).
 *
 * Invariants after a successful load: see survey_int.h. Every problem is
 * "FILE:LINE: key: reason" through the project's line-numbered YAML layer
 * (core/ydoc.c).
 */
#include "core/ydoc_int.h"
#include "soso/error.h"
#include "survey/survey_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const k_con[] = {"contact_quantity", "contact_quality", "procedural_fairness",
                                    "trust", "benefits", "fears", "acceptance", NULL};

const char *soso_survey_construct_name(soso_construct c) {
  return (unsigned)c < SOSO_CON_COUNT ? k_con[c] : NULL;
}

int soso_survey_construct_find(const char *name) {
  for (int i = 0; name && k_con[i]; i++)
    if (strcmp(name, k_con[i]) == 0) return i;
  return -1;
}

static char **free_strs(char **v, size_t n) {
  for (size_t i = 0; v && i < n; i++) free(v[i]);
  free(v);
  return NULL;
}

void soso_survey_codebook_free(soso_survey_codebook *cb) {
  if (!cb) return;
  free(cb->path);
  free(cb->title);
  for (size_t i = 0; i < cb->n_choices; i++) free(cb->choices[i].word);
  free(cb->choices);
  free_strs(cb->missing, cb->n_missing);
  free(cb->respondent_id);
  free(cb->weight);
  free_strs(cb->demographics, cb->n_demo);
  free_strs(cb->free_text, cb->n_text);
  for (size_t i = 0; i < cb->n_items; i++) {
    free(cb->items[i].name);
    free(cb->items[i].label);
    free(cb->items[i].lime);
  }
  free(cb->items);
  free(cb);
}

static int oom(void) { return soso_error_set(SOSO_ENOMEM, "out of memory"); }

/* A scalar text (required or not), copied. */
static int str_of(soso__ydoc *d, yaml_node_t *m, const char *key, int required, char **out) {
  const char *t = NULL;
  int rc = soso__ydoc_str(d, m, key, required, &t, NULL);
  if (rc || !t) return rc;
  if (!(*out = soso__ydoc_strdup(t))) return oom();
  return SOSO_OK;
}

/* A word or a list of words. */
static int words_of(soso__ydoc *d, yaml_node_t *m, const char *key, char ***out, size_t *n) {
  yaml_node_t *v = soso__ydoc_get(d, m, key);
  *n = 0;
  if (!v) return SOSO_OK;
  size_t len = v->type == YAML_SEQUENCE_NODE ? soso__ydoc_len(v) : 1;
  if (!(*out = calloc(len ? len : 1, sizeof **out))) return oom();
  for (size_t i = 0; i < len; i++) {
    yaml_node_t *it = v->type == YAML_SEQUENCE_NODE ? soso__ydoc_item(d, v, i) : v;
    const char *t = soso__ydoc_text(it);
    if (!t || !*t) return soso__ydoc_fail(d, it, key, "expected a word or a list of words");
    if (!((*out)[i] = soso__ydoc_strdup(t))) return oom();
    *n = i + 1;
  }
  return SOSO_OK;
}

static int parse_items(soso__ydoc *d, yaml_node_t *root, soso_survey_codebook *cb) {
  static const char *const keys[] = {"name", "construct", "label", "limesurvey", "reverse",
                                     NULL};
  yaml_node_t *seq = soso__ydoc_get(d, root, "items");
  if (!seq) return soso__ydoc_fail(d, root, "items", "missing (required)");
  if (seq->type != YAML_SEQUENCE_NODE || soso__ydoc_len(seq) == 0)
    return soso__ydoc_fail(d, seq, "items", "expected a list of items");
  size_t len = soso__ydoc_len(seq);
  if (!(cb->items = calloc(len, sizeof *cb->items))) return oom();
  size_t per_con[SOSO_CON_COUNT] = {0};
  for (size_t i = 0; i < len; i++) {
    yaml_node_t *m = soso__ydoc_item(d, seq, i);
    sv_item *it = &cb->items[i];
    cb->n_items = i + 1;
    int rc = soso__ydoc_keys(d, m, "item", keys);
    if (rc) return rc;
    it->line = soso__ydoc_line(m);
    if ((rc = str_of(d, m, "name", 1, &it->name))) return rc;
    for (size_t j = 0; j < i; j++)
      if (strcasecmp(cb->items[j].name, it->name) == 0)
        return soso__ydoc_fail(d, soso__ydoc_get(d, m, "name"), "name", "item \"%s\" given twice",
                               it->name);
    char *con = NULL;
    if ((rc = str_of(d, m, "construct", 1, &con))) return rc;
    it->construct = soso_survey_construct_find(con);
    free(con);
    if (it->construct < 0) {
      char list[300];
      soso__ydoc_join(list, sizeof list, k_con);
      return soso__ydoc_fail(d, soso__ydoc_get(d, m, "construct"), "construct",
                             "\"%s\" is not one of: %s",
                             soso__ydoc_text(soso__ydoc_get(d, m, "construct")), list);
    }
    if (++per_con[it->construct] > 32)
      return soso__ydoc_fail(d, m, "construct", "at most 32 items per construct");
    if ((rc = str_of(d, m, "label", 0, &it->label))) return rc;
    if ((rc = str_of(d, m, "limesurvey", 0, &it->lime))) return rc;
    if ((rc = soso__ydoc_bool(d, m, "reverse", 0, &it->reverse, NULL))) return rc;
  }
  return SOSO_OK;
}

static int parse_choices(soso__ydoc *d, yaml_node_t *root, soso_survey_codebook *cb) {
  static const char *const keys[] = {"word", "code", NULL};
  yaml_node_t *seq = soso__ydoc_get(d, root, "choices");
  if (!seq) return SOSO_OK;
  if (seq->type != YAML_SEQUENCE_NODE) return soso__ydoc_fail(d, seq, "choices", "expected a list");
  size_t len = soso__ydoc_len(seq);
  if (!(cb->choices = calloc(len ? len : 1, sizeof *cb->choices))) return oom();
  for (size_t i = 0; i < len; i++) {
    yaml_node_t *m = soso__ydoc_item(d, seq, i);
    int rc = soso__ydoc_keys(d, m, "choices", keys);
    if (rc) return rc;
    cb->n_choices = i + 1;
    if ((rc = str_of(d, m, "word", 1, &cb->choices[i].word))) return rc;
    if ((rc = soso__ydoc_num(d, m, "code", 1, SOSO__YR(cb->scale_min, cb->scale_max),
                             &cb->choices[i].code, NULL)))
      return rc;
  }
  return SOSO_OK;
}

static int parse(soso__ydoc *d, soso_survey_codebook *cb) {
  static const char *const keys[] = {"title", "synthetic", "scale", "choices", "missing",
                                     "respondent_id", "weight", "demographics", "free_text",
                                     "items", NULL};
  static const char *const skeys[] = {"min", "max", NULL};
  yaml_node_t *root = soso__ydoc_root(d);
  int rc = soso__ydoc_keys(d, root, "codebook", keys);
  if (rc) return rc;
  if ((rc = str_of(d, root, "title", 0, &cb->title))) return rc;
  if ((rc = soso__ydoc_bool(d, root, "synthetic", 0, &cb->synthetic, NULL))) return rc;
  yaml_node_t *sc = soso__ydoc_get(d, root, "scale");
  if (!sc) return soso__ydoc_fail(d, root, "scale", "missing (required): {min: 1, max: 5}");
  if ((rc = soso__ydoc_keys(d, sc, "scale", skeys))) return rc;
  if ((rc = soso__ydoc_num(d, sc, "min", 1, SOSO__YR(-10, 100), &cb->scale_min, NULL))) return rc;
  if ((rc = soso__ydoc_num(d, sc, "max", 1, SOSO__YR(-10, 100), &cb->scale_max, NULL))) return rc;
  if (cb->scale_min != floor(cb->scale_min) || cb->scale_max != floor(cb->scale_max) ||
      cb->scale_max - cb->scale_min < 1 || cb->scale_max - cb->scale_min > 10)
    return soso__ydoc_fail(d, sc, "scale",
                           "min and max must be whole numbers 2 to 11 points apart");
  if ((rc = parse_choices(d, root, cb))) return rc;
  if ((rc = words_of(d, root, "missing", &cb->missing, &cb->n_missing))) return rc;
  char **ids = NULL;
  size_t n_ids = 0;
  if ((rc = words_of(d, root, "respondent_id", &ids, &n_ids))) {
    free_strs(ids, n_ids);
    return rc;
  }
  /* Several names allowed (Kobo "_uuid", LimeSurvey "id"): kept '|'-joined. */
  if (n_ids) {
    size_t tot = 1;
    for (size_t i = 0; i < n_ids; i++) tot += strlen(ids[i]) + 1;
    if (!(cb->respondent_id = calloc(tot, 1))) {
      free_strs(ids, n_ids);
      return oom();
    }
    for (size_t i = 0; i < n_ids; i++) {
      if (i) strcat(cb->respondent_id, "|");
      strcat(cb->respondent_id, ids[i]);
    }
  }
  free_strs(ids, n_ids);
  if ((rc = str_of(d, root, "weight", 0, &cb->weight))) return rc;
  if ((rc = words_of(d, root, "demographics", &cb->demographics, &cb->n_demo))) return rc;
  if ((rc = words_of(d, root, "free_text", &cb->free_text, &cb->n_text))) return rc;
  return parse_items(d, root, cb);
}

int soso_survey_codebook_load(soso_survey_codebook **out, const char *path) {
  *out = NULL;
  soso_survey_codebook *cb = calloc(1, sizeof *cb);
  if (!cb) return oom();
  soso__ydoc d;
  int rc = soso__ydoc_load(&d, path);
  if (rc == SOSO_OK) rc = parse(&d, cb);
  if (rc == SOSO_OK && !(cb->path = soso__ydoc_strdup(path))) rc = oom();
  soso__ydoc_free(&d);
  if (rc) {
    soso_survey_codebook_free(cb);
    return rc;
  }
  *out = cb;
  return SOSO_OK;
}
