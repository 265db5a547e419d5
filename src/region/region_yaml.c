/* region_yaml.c - typed, line-numbered readers over a libyaml document.
 *
 * Invariant: every error names the file, the 1-based line of the offending node
 * and the key. Numbers are parsed with strtod and must use the whole scalar, so
 * "12,5" or "12 t" are errors rather than 12.
 */
#include "region/region_yaml.h"

#include "soso/error.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ry_load(ry_doc *d, const char *path) {
  memset(d, 0, sizeof *d);
  d->file = path;
  FILE *f = fopen(path, "rb");
  if (!f) return soso_error_set(SOSO_EIO, "%s: cannot open: %s", path, strerror(errno));
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    fclose(f);
    return soso_error_set(SOSO_ENOMEM, "%s: cannot start the YAML parser", path);
  }
  yaml_parser_set_input_file(&p, f);
  int rc = 0;
  if (!yaml_parser_load(&p, &d->doc)) {
    rc = soso_error_set(SOSO_EDATA, "%s:%lu: %s", path, (unsigned long)p.problem_mark.line + 1,
                        p.problem ? p.problem : "malformed YAML");
  } else if (!yaml_document_get_root_node(&d->doc)) {
    yaml_document_delete(&d->doc);
    rc = soso_error_set(SOSO_EDATA, "%s:1: (file): the file is empty", path);
  }
  yaml_parser_delete(&p);
  fclose(f);
  if (rc) memset(&d->doc, 0, sizeof d->doc);
  return rc;
}

void ry_free(ry_doc *d) {
  if (d && d->doc.nodes.start) yaml_document_delete(&d->doc);
}

yaml_node_t *ry_root(ry_doc *d) { return yaml_document_get_root_node(&d->doc); }

yaml_node_t *ry_node(ry_doc *d, int id) { return yaml_document_get_node(&d->doc, id); }

int ry_line(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 0; }

int ry_err(ry_doc *d, const yaml_node_t *n, const char *key, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return soso_error_set(SOSO_EDATA, "%s:%d: %s: %s", d->file, ry_line(n), key, msg);
}

static const char *scalar(const yaml_node_t *n) {
  return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

int ry_check_map(ry_doc *d, yaml_node_t *n, const char *what, const char *const *allowed) {
  if (!n || n->type != YAML_MAPPING_NODE) return ry_err(d, n, what, "must be a mapping");
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
    yaml_node_t *k = ry_node(d, p->key);
    const char *ks = scalar(k);
    if (!ks) return ry_err(d, k, what, "keys must be plain words");
    int ok = 0;
    for (const char *const *a = allowed; *a; a++)
      if (strcmp(*a, ks) == 0) ok = 1;
    if (!ok) return ry_err(d, k, ks, "unknown key in %s", what);
    for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
      const char *qs = scalar(ry_node(d, q->key));
      if (qs && strcmp(qs, ks) == 0) return ry_err(d, k, ks, "key given twice in %s", what);
    }
  }
  return 0;
}

yaml_node_t *ry_get(ry_doc *d, yaml_node_t *n, const char *key) {
  if (!n || n->type != YAML_MAPPING_NODE) return NULL;
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
    const char *ks = scalar(ry_node(d, p->key));
    if (ks && strcmp(ks, key) == 0) return ry_node(d, p->value);
  }
  return NULL;
}

int ry_scalar_num(ry_doc *d, yaml_node_t *n, const char *key, double lo, double hi,
                  double *out) {
  const char *s = scalar(n);
  if (!s || !*s) return ry_err(d, n, key, "must be a number");
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
    return ry_err(d, n, key, "\"%s\" is not a number (use a decimal point)", s);
  if (v < lo || v > hi) return ry_err(d, n, key, "%g is outside [%g, %g]", v, lo, hi);
  *out = v;
  return 0;
}

int ry_scalar_str(ry_doc *d, yaml_node_t *n, const char *key, char *out, size_t size) {
  const char *s = scalar(n);
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
