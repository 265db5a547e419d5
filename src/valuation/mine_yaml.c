/* mine_yaml.c - the mine file's YAML getters and their messages.
 *
 * Parsing, lookup, key checks and number parsing are core/ydoc.c's (shared with
 * the impacts and region readers); this file words the mine file's errors as
 * "FILE:LINE: section.key: reason", with the mine's range wording, and keeps the
 * decimal-comma hint for "12,5", the commonest slip in hand-edited European files.
 */
#include "valuation/mine_int.h"
#include "soso/error.h"
#include "soso/suggest.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int mdoc_line(const yaml_node_t *n) { return n ? soso__ydoc_line(n) : 1; }

int mdoc_fail(const mdoc *d, const yaml_node_t *n, const char *prefix, const char *key,
              const char *fmt, ...) {
  char name[256];
  snprintf(name, sizeof name, "%s%s%s", prefix ? prefix : "", (prefix && *prefix) ? "." : "",
           key);
  va_list ap;
  va_start(ap, fmt);
  int rc = soso__ydoc_vfail(d, mdoc_line(n), name, fmt, ap);
  va_end(ap);
  return rc;
}

int mdoc_load(mdoc *d, const char *path) { return soso__ydoc_load(d, path, "yaml", "yaml"); }

void mdoc_free(mdoc *d) { soso__ydoc_free(d); }

yaml_node_t *mdoc_root(mdoc *d) { return soso__ydoc_root(d); }

int mdoc_check_map(mdoc *d, yaml_node_t *map, const char *what, const char *const *allowed) {
  yaml_node_t *bad = NULL;
  switch (soso__ydoc_check_keys(d, map, allowed, 1, &bad)) {
  case 0: return SOSO_OK;
  case SOSO__YDOC_NOT_MAP:
    return soso_error_set(SOSO_EDATA, "%s:%d: %s: must be a mapping of key: value", d->path,
                          mdoc_line(map), *what ? what : "file");
  case SOSO__YDOC_KEY_NOT_WORD: return mdoc_fail(d, bad, what, "?", "a key must be a plain word");
  case SOSO__YDOC_KEY_UNKNOWN: {
    char hint[128];
    return mdoc_fail(d, bad, what, soso__ydoc_text(bad), "unknown key%s",
                     soso_suggest_hint(hint, sizeof hint, soso__ydoc_text(bad), allowed));
  }
  default: return mdoc_fail(d, bad, what, soso__ydoc_text(bad), "given twice");
  }
}

yaml_node_t *mdoc_get(mdoc *d, yaml_node_t *map, const char *key) {
  return soso__ydoc_get(d, map, key);
}

static int missing(mdoc *d, yaml_node_t *map, const char *prefix, const char *key) {
  return mdoc_fail(d, map, prefix, key, "missing (required)");
}

int mdoc_scalar_num(mdoc *d, yaml_node_t *n, const char *prefix, const char *key,
                    mrange range, double *out) {
  const char *s = soso__ydoc_text(n);
  double v = 0.0;
  switch (soso__ydoc_parse_num(s, &v)) {
  case 0: break;
  case SOSO__YDOC_NUM_EMPTY: return mdoc_fail(d, n, prefix, key, "must be a number");
  case SOSO__YDOC_NUM_COMMA:
    return mdoc_fail(d, n, prefix, key, "\"%s\" is not a number (use a decimal point)", s);
  default: return mdoc_fail(d, n, prefix, key, "\"%s\" is not a number", s);
  }
  if (range.lo == 0.0 && v < 0.0)
    return mdoc_fail(d, n, prefix, key, "%g is negative (must be %s 0)", v,
                     range.lo_open ? ">" : ">=");
  if (range.lo_open ? !(v > range.lo) : !(v >= range.lo))
    return mdoc_fail(d, n, prefix, key, "%g is too small (must be %s %g)", v,
                     range.lo_open ? ">" : ">=", range.lo);
  if (v > range.hi)
    return mdoc_fail(d, n, prefix, key, "%g is too large (must be <= %g)", v, range.hi);
  *out = v;
  return SOSO_OK;
}

int mdoc_num(mdoc *d, yaml_node_t *map, const char *prefix, const char *key, int required,
             mrange range, double *out, int *present) {
  yaml_node_t *n = mdoc_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, prefix, key) : SOSO_OK;
  return mdoc_scalar_num(d, n, prefix, key, range, out);
}

int mdoc_str(mdoc *d, yaml_node_t *map, const char *prefix, const char *key, int required,
             char *buf, size_t n, int *present) {
  yaml_node_t *v = mdoc_get(d, map, key);
  if (present) *present = v != NULL;
  if (!v) return required ? missing(d, map, prefix, key) : SOSO_OK;
  const char *s = soso__ydoc_text(v);
  if (!s || !*s) return mdoc_fail(d, v, prefix, key, "must be non-empty text");
  if (strlen(s) >= n)
    return mdoc_fail(d, v, prefix, key, "longer than %zu characters", n - 1);
  memcpy(buf, s, strlen(s) + 1);
  return SOSO_OK;
}

int mdoc_bool(mdoc *d, yaml_node_t *map, const char *prefix, const char *key, int required,
              int *out, int *present) {
  yaml_node_t *v = mdoc_get(d, map, key);
  if (present) *present = v != NULL;
  if (!v) return required ? missing(d, map, prefix, key) : SOSO_OK;
  const char *s = soso__ydoc_text(v);
  if (soso__ydoc_parse_bool(s, out) == 0) return SOSO_OK;
  return mdoc_fail(d, v, prefix, key, "must be true or false");
}

size_t mdoc_len(const yaml_node_t *seq) { return soso__ydoc_len(seq); }

yaml_node_t *mdoc_item(mdoc *d, yaml_node_t *seq, size_t i) {
  return soso__ydoc_item(d, seq, i);
}
