/* yaml.c - the impacts module's YAML getters and their messages.
 *
 * Parsing, lookup, key checks and number parsing are core/ydoc.c's (shared with
 * the mine and region readers); this file words the errors the impacts files
 * give ("expected a number", "unknown key in community (allowed: ...)") and
 * keeps the decimal-comma hint: "12,5" is the commonest slip in hand-edited
 * European data.
 */
#include "impacts/yaml_int.h"
#include "soso/error.h"
#include "soso/suggest.h"

#include <stdarg.h>
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
  va_list ap;
  va_start(ap, fmt);
  int rc = soso__ydoc_vfail(&d->y, n ? impy_line(n) : 1, key, fmt, ap);
  va_end(ap);
  return rc;
}

int impy_load(impy_doc *d, const char *path) {
  memset(d, 0, sizeof *d);
  d->path = impy_strdup(path);
  if (!d->path) return soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
  int rc = soso__ydoc_load(&d->y, d->path, "yaml", "yaml");
  yaml_node_t *dup = NULL;
  int first = 0;
  /* site, community and rules files: a key given twice anywhere is an error (it
   * was first-value-wins, silently) */
  if (rc == 0 && soso__ydoc_find_dup(&d->y, &dup, &first))
    rc = impy_fail(d, dup, impy_text(dup), "given twice (first on line %d)", first);
  return rc;
}

void impy_free(impy_doc *d) {
  if (!d) return;
  soso__ydoc_free(&d->y);
  free(d->path);
  memset(d, 0, sizeof *d);
}

yaml_node_t *impy_root(impy_doc *d) { return soso__ydoc_root(&d->y); }

int impy_line(const yaml_node_t *n) { return soso__ydoc_line(n); }

const char *impy_text(const yaml_node_t *n) { return soso__ydoc_text(n); }

int impy_check_map(impy_doc *d, yaml_node_t *map, const char *what,
                   const char *const *allowed) {
  yaml_node_t *bad = NULL;
  switch (soso__ydoc_check_keys(&d->y, map, allowed, 0, &bad)) {
  case 0: return SOSO_OK;
  case SOSO__YDOC_NOT_MAP: return impy_fail(d, map, what, "expected a mapping of key: value");
  case SOSO__YDOC_KEY_NOT_WORD: return impy_fail(d, bad, what, "a key must be a plain word");
  default: {
    char list[400], hint[128];
    soso__ydoc_join(list, sizeof list, allowed);
    soso_suggest_hint(hint, sizeof hint, impy_text(bad), allowed);
    return impy_fail(d, bad, impy_text(bad), "unknown key in %s%s (allowed: %s)", what, hint,
                     list);
  }
  }
}

yaml_node_t *impy_get(impy_doc *d, yaml_node_t *map, const char *key) {
  return soso__ydoc_get(&d->y, map, key);
}

static int missing(impy_doc *d, yaml_node_t *map, const char *key) {
  return impy_fail(d, map, key, "missing (required)");
}

int impy_scalar_num(impy_doc *d, yaml_node_t *n, const char *key, double lo, double hi,
                    double *out) {
  const char *s = impy_text(n);
  double v = 0.0;
  switch (soso__ydoc_parse_num(s, &v)) {
  case 0: break;
  case SOSO__YDOC_NUM_EMPTY: return impy_fail(d, n, key, "expected a number");
  case SOSO__YDOC_NUM_COMMA:
    return impy_fail(d, n, key, "\"%s\" is not a number (use a decimal point)", s);
  default: return impy_fail(d, n, key, "\"%s\" is not a number", s);
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
  if (soso__ydoc_parse_bool(impy_text(n), out) != 0)
    return impy_fail(d, n, key, "expected true or false");
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
  char list[256];
  soso__ydoc_join(list, sizeof list, words);
  return impy_fail(d, n, key, "\"%s\" is not one of: %s", s ? s : "(not a word)", list);
}

/* A value of key in map of libyaml node type `type` (want names it). */
static int typed(impy_doc *d, yaml_node_t *map, const char *key, int required,
                 yaml_node_type_t type, const char *want, yaml_node_t **out) {
  yaml_node_t *n = impy_get(d, map, key);
  *out = NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  if (n->type != type) return impy_fail(d, n, key, "expected a %s", want);
  *out = n;
  return SOSO_OK;
}

int impy_seq(impy_doc *d, yaml_node_t *map, const char *key, int required,
             yaml_node_t **out) {
  return typed(d, map, key, required, YAML_SEQUENCE_NODE, "list", out);
}

int impy_map(impy_doc *d, yaml_node_t *map, const char *key, int required,
             yaml_node_t **out) {
  return typed(d, map, key, required, YAML_MAPPING_NODE, "mapping", out);
}

size_t impy_len(const yaml_node_t *seq) { return soso__ydoc_len(seq); }

yaml_node_t *impy_item(impy_doc *d, yaml_node_t *seq, size_t i) {
  return soso__ydoc_item(&d->y, seq, i);
}
