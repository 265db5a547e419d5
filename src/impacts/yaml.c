/* yaml.c - libyaml documents with line numbers for the impacts module's files.
 *
 * libyaml's document API (yaml_parser_load) keeps a start mark on every node, so
 * validation can name the line of the offending value. Numbers are parsed with
 * strtod and must be plain finite decimals: "12,5" is rejected with a hint, since
 * a decimal comma is the commonest slip in hand-edited European data.
 */
#include "impacts/yaml_int.h"
#include "soso/error.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *impy_strdup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

int impy_fail(impy_doc *d, const yaml_node_t *n, const char *key, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return soso_error_set(SOSO_EDATA, "%s:%d: %s: %s", d->path, n ? impy_line(n) : 1, key, msg);
}

int impy_load(impy_doc *d, const char *path) {
  memset(d, 0, sizeof *d);
  d->path = impy_strdup(path);
  if (!d->path) return soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
  FILE *f = fopen(path, "rb");
  if (!f) return soso_error_set(SOSO_EIO, "%s: cannot open: %s", path, strerror(errno));
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    fclose(f);
    return soso_error_set(SOSO_ENOMEM, "%s: cannot start the YAML parser", path);
  }
  yaml_parser_set_input_file(&p, f);
  int rc = SOSO_OK;
  if (!yaml_parser_load(&p, &d->doc)) {
    rc = soso_error_set(SOSO_EDATA, "%s:%lu: yaml: %s", path,
                        (unsigned long)p.problem_mark.line + 1,
                        p.problem ? p.problem : "malformed YAML");
  } else {
    d->loaded = 1;
    if (!yaml_document_get_root_node(&d->doc))
      rc = soso_error_set(SOSO_EDATA, "%s:1: yaml: the file is empty", path);
  }
  yaml_parser_delete(&p);
  fclose(f);
  return rc;
}

void impy_free(impy_doc *d) {
  if (!d) return;
  if (d->loaded) yaml_document_delete(&d->doc);
  free(d->path);
  memset(d, 0, sizeof *d);
}

yaml_node_t *impy_root(impy_doc *d) { return yaml_document_get_root_node(&d->doc); }

int impy_line(const yaml_node_t *n) { return (int)n->start_mark.line + 1; }

const char *impy_text(const yaml_node_t *n) {
  if (!n || n->type != YAML_SCALAR_NODE) return NULL;
  return (const char *)n->data.scalar.value;
}

int impy_check_map(impy_doc *d, yaml_node_t *map, const char *what,
                   const char *const *allowed) {
  if (!map || map->type != YAML_MAPPING_NODE)
    return impy_fail(d, map, what, "expected a mapping of key: value");
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
       p++) {
    yaml_node_t *k = yaml_document_get_node(&d->doc, p->key);
    const char *name = impy_text(k);
    if (!name) return impy_fail(d, k, what, "a key must be a plain word");
    int ok = 0;
    for (const char *const *a = allowed; *a && !ok; a++) ok = strcmp(*a, name) == 0;
    if (!ok) {
      char list[400] = "";
      for (const char *const *a = allowed; *a; a++) {
        if (strlen(list) + strlen(*a) + 3 >= sizeof list) break;
        if (a != allowed) strcat(list, ", ");
        strcat(list, *a);
      }
      return impy_fail(d, k, name, "unknown key in %s (allowed: %s)", what, list);
    }
  }
  return SOSO_OK;
}

yaml_node_t *impy_get(impy_doc *d, yaml_node_t *map, const char *key) {
  if (!map || map->type != YAML_MAPPING_NODE) return NULL;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
       p++) {
    const char *name = impy_text(yaml_document_get_node(&d->doc, p->key));
    if (name && strcmp(name, key) == 0) return yaml_document_get_node(&d->doc, p->value);
  }
  return NULL;
}

static int missing(impy_doc *d, yaml_node_t *map, const char *key) {
  return impy_fail(d, map, key, "missing (required)");
}

int impy_scalar_num(impy_doc *d, yaml_node_t *n, const char *key, double lo, double hi,
                    double *out) {
  const char *s = impy_text(n);
  if (!s || !*s) return impy_fail(d, n, key, "expected a number");
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) {
    if (strchr(s, ','))
      return impy_fail(d, n, key, "\"%s\" is not a number (use a decimal point)", s);
    return impy_fail(d, n, key, "\"%s\" is not a number", s);
  }
  if (v < lo || v > hi) return impy_fail(d, n, key, "%g is outside [%g, %g]", v, lo, hi);
  *out = v;
  return SOSO_OK;
}

int impy_num(impy_doc *d, yaml_node_t *map, const char *key, int required, double lo,
             double hi, double *out, int *present) {
  yaml_node_t *n = impy_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  return impy_scalar_num(d, n, key, lo, hi, out);
}

int impy_str(impy_doc *d, yaml_node_t *map, const char *key, int required,
             const char **out) {
  yaml_node_t *n = impy_get(d, map, key);
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  const char *s = impy_text(n);
  if (!s || !*s) return impy_fail(d, n, key, "expected a non-empty text");
  *out = s;
  return SOSO_OK;
}

int impy_bool(impy_doc *d, yaml_node_t *map, const char *key, int required, int *out,
              int *present) {
  yaml_node_t *n = impy_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  const char *s = impy_text(n);
  if (s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)) *out = 1;
  else if (s && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)) *out = 0;
  else return impy_fail(d, n, key, "expected true or false");
  return SOSO_OK;
}

int impy_enum(impy_doc *d, yaml_node_t *map, const char *key, int required,
              const char *const *words, int *out, int *present) {
  yaml_node_t *n = impy_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  const char *s = impy_text(n);
  for (int i = 0; s && words[i]; i++)
    if (strcmp(words[i], s) == 0) {
      *out = i;
      return SOSO_OK;
    }
  char list[256] = "";
  for (int i = 0; words[i]; i++) {
    if (strlen(list) + strlen(words[i]) + 3 >= sizeof list) break;
    if (i) strcat(list, ", ");
    strcat(list, words[i]);
  }
  return impy_fail(d, n, key, "\"%s\" is not one of: %s", s ? s : "(not a word)", list);
}

int impy_seq(impy_doc *d, yaml_node_t *map, const char *key, int required,
             yaml_node_t **out) {
  yaml_node_t *n = impy_get(d, map, key);
  *out = NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  if (n->type != YAML_SEQUENCE_NODE) return impy_fail(d, n, key, "expected a list");
  *out = n;
  return SOSO_OK;
}

int impy_map(impy_doc *d, yaml_node_t *map, const char *key, int required,
             yaml_node_t **out) {
  yaml_node_t *n = impy_get(d, map, key);
  *out = NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  if (n->type != YAML_MAPPING_NODE) return impy_fail(d, n, key, "expected a mapping");
  *out = n;
  return SOSO_OK;
}

size_t impy_len(const yaml_node_t *seq) {
  if (!seq || seq->type != YAML_SEQUENCE_NODE) return 0;
  return (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

yaml_node_t *impy_item(impy_doc *d, yaml_node_t *seq, size_t i) {
  return yaml_document_get_node(&d->doc, seq->data.sequence.items.start[i]);
}
