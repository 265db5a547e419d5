/* region_yaml.c - the region file's typed, line-numbered readers and their messages.
 *
 * Invariant: every error names the file, the 1-based line of the offending node
 * and the key. Parsing, lookup, key checks and number parsing are core/ydoc.c's
 * (shared with the impacts and mine readers): numbers must use the whole scalar,
 * so "12,5" or "12 t" are errors rather than 12, and every unparsable number gets
 * the decimal-point hint. This file words the region file's messages.
 */
#include "region/region_yaml.h"

#include "soso/error.h"
#include "soso/suggest.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

int ry_load(ry_doc *d, const char *path) { return soso__ydoc_load(d, path, NULL, "(file)"); }

void ry_free(ry_doc *d) { soso__ydoc_free(d); }

yaml_node_t *ry_root(ry_doc *d) { return soso__ydoc_root(d); }

yaml_node_t *ry_node(ry_doc *d, int id) { return soso__ydoc_node(d, id); }

int ry_line(const yaml_node_t *n) { return soso__ydoc_line(n); }

int ry_err(ry_doc *d, const yaml_node_t *n, const char *key, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = soso__ydoc_vfail(d, ry_line(n), key, fmt, ap);
  va_end(ap);
  return rc;
}

int ry_check_map(ry_doc *d, yaml_node_t *n, const char *what, const char *const *allowed) {
  yaml_node_t *bad = NULL;
  switch (soso__ydoc_check_keys(d, n, allowed, 1, &bad)) {
  case 0: return 0;
  case SOSO__YDOC_NOT_MAP: return ry_err(d, n, what, "must be a mapping");
  case SOSO__YDOC_KEY_NOT_WORD: return ry_err(d, bad, what, "keys must be plain words");
  case SOSO__YDOC_KEY_UNKNOWN: {
    char hint[128];
    return ry_err(d, bad, soso__ydoc_text(bad), "unknown key in %s%s", what,
                  soso_suggest_hint(hint, sizeof hint, soso__ydoc_text(bad), allowed));
  }
  default: return ry_err(d, bad, soso__ydoc_text(bad), "key given twice in %s", what);
  }
}

yaml_node_t *ry_get(ry_doc *d, yaml_node_t *n, const char *key) {
  return soso__ydoc_get(d, n, key);
}

int ry_scalar_num(ry_doc *d, yaml_node_t *n, const char *key, double lo, double hi,
                  double *out) {
  const char *s = soso__ydoc_text(n);
  double v = 0.0;
  int bad = soso__ydoc_parse_num(s, &v);
  if (bad == SOSO__YDOC_NUM_EMPTY) return ry_err(d, n, key, "must be a number");
  if (bad) return ry_err(d, n, key, "\"%s\" is not a number (use a decimal point)", s);
  if (v < lo || v > hi) return ry_err(d, n, key, "%g is outside [%g, %g]", v, lo, hi);
  *out = v;
  return 0;
}

int ry_scalar_str(ry_doc *d, yaml_node_t *n, const char *key, char *out, size_t size) {
  const char *s = soso__ydoc_text(n);
  if (!s || !*s) return ry_err(d, n, key, "must be a non-empty text");
  if (strlen(s) >= size) return ry_err(d, n, key, "is longer than %zu characters", size - 1);
  memcpy(out, s, strlen(s) + 1);
  return 0;
}

static int missing(ry_doc *d, yaml_node_t *map, const char *key) {
  return ry_err(d, map, key, "is required");
}

int ry_num(ry_doc *d, yaml_node_t *map, const char *key, int required, double lo, double hi,
           double *out) {
  yaml_node_t *v = ry_get(d, map, key);
  if (!v) return required ? missing(d, map, key) : 0;
  return ry_scalar_num(d, v, key, lo, hi, out);
}

int ry_int(ry_doc *d, yaml_node_t *map, const char *key, int required, long lo, long hi,
           long *out) {
  yaml_node_t *v = ry_get(d, map, key);
  if (!v) return required ? missing(d, map, key) : 0;
  double x = 0;
  int rc = ry_scalar_num(d, v, key, (double)lo, (double)hi, &x);
  if (rc) return rc;
  if (x != floor(x)) return ry_err(d, v, key, "%g must be a whole number", x);
  *out = (long)x;
  return 0;
}

int ry_str(ry_doc *d, yaml_node_t *map, const char *key, int required, char *out, size_t n) {
  yaml_node_t *v = ry_get(d, map, key);
  if (!v) return required ? missing(d, map, key) : 0;
  return ry_scalar_str(d, v, key, out, n);
}
