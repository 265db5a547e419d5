/* mine_yaml.c - libyaml documents with line numbers for the mine file.
 *
 * The document API (yaml_parser_load) keeps a start mark on every node, so each
 * check can name the line of the offending value. Numbers are parsed with strtod
 * and must be plain finite decimals; "12,5" gets a hint about the decimal point,
 * the commonest slip in hand-edited European files.
 */
#include "valuation/mine_int.h"
#include "soso/error.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mdoc_line(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 1; }

int mdoc_fail(const mdoc *d, const yaml_node_t *n, const char *prefix, const char *key,
              const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return soso_error_set(SOSO_EDATA, "%s:%d: %s%s%s: %s", d->path, mdoc_line(n), prefix,
                        (prefix && *prefix) ? "." : "", key, msg);
}

int mdoc_load(mdoc *d, const char *path) {
  memset(d, 0, sizeof *d);
  d->path = path;
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

void mdoc_free(mdoc *d) {
  if (d && d->loaded) yaml_document_delete(&d->doc);
  if (d) d->loaded = 0;
}

yaml_node_t *mdoc_root(mdoc *d) { return yaml_document_get_root_node(&d->doc); }

static const char *text(const yaml_node_t *n) {
  return (n && n->type == YAML_SCALAR_NODE) ? (const char *)n->data.scalar.value : NULL;
}

int mdoc_check_map(mdoc *d, yaml_node_t *map, const char *what, const char *const *allowed) {
  if (!map || map->type != YAML_MAPPING_NODE)
    return soso_error_set(SOSO_EDATA, "%s:%d: %s: must be a mapping of key: value", d->path,
                          mdoc_line(map), *what ? what : "file");
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
       p++) {
    yaml_node_t *k = yaml_document_get_node(&d->doc, p->key);
    const char *kt = text(k);
    if (!kt) return mdoc_fail(d, k, what, "?", "a key must be a plain word");
    int ok = 0;
    for (const char *const *a = allowed; *a; a++)
      if (strcmp(*a, kt) == 0) ok = 1;
    if (!ok) return mdoc_fail(d, k, what, kt, "unknown key");
    for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
      const char *qt = text(yaml_document_get_node(&d->doc, q->key));
      if (qt && strcmp(qt, kt) == 0) return mdoc_fail(d, k, what, kt, "given twice");
    }
  }
  return SOSO_OK;
}

yaml_node_t *mdoc_get(mdoc *d, yaml_node_t *map, const char *key) {
  if (!map || map->type != YAML_MAPPING_NODE) return NULL;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
       p++) {
    const char *kt = text(yaml_document_get_node(&d->doc, p->key));
    if (kt && strcmp(kt, key) == 0) return yaml_document_get_node(&d->doc, p->value);
  }
  return NULL;
}

static int missing(mdoc *d, yaml_node_t *map, const char *prefix, const char *key) {
  return mdoc_fail(d, map, prefix, key, "missing (required)");
}

int mdoc_scalar_num(mdoc *d, yaml_node_t *n, const char *prefix, const char *key,
                    mrange range, double *out) {
  const char *s = text(n);
  if (!s || !*s) return mdoc_fail(d, n, prefix, key, "must be a number");
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) {
    if (strchr(s, ','))
      return mdoc_fail(d, n, prefix, key, "\"%s\" is not a number (use a decimal point)", s);
    return mdoc_fail(d, n, prefix, key, "\"%s\" is not a number", s);
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
  const char *s = text(v);
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
  const char *s = text(v);
  if (s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)) {
    *out = 1;
    return SOSO_OK;
  }
  if (s && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)) {
    *out = 0;
    return SOSO_OK;
  }
  return mdoc_fail(d, v, prefix, key, "must be true or false");
}

size_t mdoc_len(const yaml_node_t *seq) {
  if (!seq || seq->type != YAML_SEQUENCE_NODE) return 0;
  return (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

yaml_node_t *mdoc_item(mdoc *d, yaml_node_t *seq, size_t i) {
  if (i >= mdoc_len(seq)) return NULL;
  return yaml_document_get_node(&d->doc, seq->data.sequence.items.start[i]);
}
