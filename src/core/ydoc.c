/* ydoc.c - the library's one YAML reader: documents with line numbers and the
 * typed getters of every file format.
 *
 * libyaml's document API (yaml_parser_load) keeps a start mark on every node, so
 * validation can name the line of the offending value. Numbers are parsed with
 * strtod and must be plain finite decimals using the whole scalar: "12 t" is
 * rejected, and "12,5" gets the decimal-point hint. Replaces the per-module
 * getter dialects (impacts, mine, price factors, region, codebook, scenarios)
 * that differed only in the wording of their messages; see ydoc_int.h.
 */
#include "core/ydoc_int.h"
#include "soso/error.h"
#include "soso/suggest.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int find_dup(soso__ydoc *d, yaml_node_t **key, int *first);

int soso__ydoc_load(soso__ydoc *d, const char *path) {
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
    rc =
        soso_error_set(SOSO_EDATA, "%s:%lu: yaml: %s", path, (unsigned long)p.problem_mark.line + 1,
                       p.problem ? p.problem : "malformed YAML");
  } else {
    d->loaded = 1;
    if (!yaml_document_get_root_node(&d->doc))
      rc = soso_error_set(SOSO_EDATA, "%s:1: yaml: the file is empty", path);
  }
  yaml_parser_delete(&p);
  fclose(f);
  yaml_node_t *dup = NULL;
  int first = 0;
  if (rc == SOSO_OK && find_dup(d, &dup, &first))
    rc = soso__ydoc_fail(d, dup, soso__ydoc_text(dup), "given twice (first on line %d)", first);
  return rc;
}

void soso__ydoc_free(soso__ydoc *d) {
  if (!d) return;
  if (d->loaded) yaml_document_delete(&d->doc);
  d->loaded = 0;
}

yaml_node_t *soso__ydoc_root(soso__ydoc *d) { return yaml_document_get_root_node(&d->doc); }

yaml_node_t *soso__ydoc_node(soso__ydoc *d, int id) {
  return yaml_document_get_node(&d->doc, id);
}

int soso__ydoc_line(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 0; }

const char *soso__ydoc_text(const yaml_node_t *n) {
  return (n && n->type == YAML_SCALAR_NODE) ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *soso__ydoc_get(soso__ydoc *d, yaml_node_t *map, const char *key) {
  if (!map || map->type != YAML_MAPPING_NODE) return NULL;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
       p++) {
    const char *name = soso__ydoc_text(soso__ydoc_node(d, p->key));
    if (name && strcmp(name, key) == 0) return soso__ydoc_node(d, p->value);
  }
  return NULL;
}

size_t soso__ydoc_len(const yaml_node_t *seq) {
  if (!seq || seq->type != YAML_SEQUENCE_NODE) return 0;
  return (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

yaml_node_t *soso__ydoc_item(soso__ydoc *d, yaml_node_t *seq, size_t i) {
  if (i >= soso__ydoc_len(seq)) return NULL;
  return soso__ydoc_node(d, seq->data.sequence.items.start[i]);
}

/* What check_keys found wrong (0: nothing). */
enum { NOT_MAP = 1, KEY_NOT_WORD, KEY_UNKNOWN };

/* Checks map's keys against allowed (NULL-ended), pair by pair in file order:
 * each key must be a scalar in allowed. *bad: map, or the offending key. */
static int check_keys(soso__ydoc *d, yaml_node_t *map, const char *const *allowed,
                      yaml_node_t **bad) {
  *bad = map;
  if (!map || map->type != YAML_MAPPING_NODE) return NOT_MAP;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
       p++) {
    yaml_node_t *k = soso__ydoc_node(d, p->key);
    *bad = k;
    const char *name = soso__ydoc_text(k);
    if (!name) return KEY_NOT_WORD;
    int ok = 0;
    for (const char *const *a = allowed; *a && !ok; a++) ok = strcmp(*a, name) == 0;
    if (!ok) return KEY_UNKNOWN;
  }
  *bad = NULL;
  return 0;
}

/* Looks through every mapping of the document for a key given twice (scalar keys
 * compared as text): 1 with *key the second occurrence and *first the line of the
 * first, or 0. */
static int find_dup(soso__ydoc *d, yaml_node_t **key, int *first) {
  *key = NULL;
  *first = 0;
  for (yaml_node_t *m = d->doc.nodes.start; m && m < d->doc.nodes.top; m++) {
    if (m->type != YAML_MAPPING_NODE) continue;
    yaml_node_pair_t *a = m->data.mapping.pairs.start, *z = m->data.mapping.pairs.top;
    /* quadratic per mapping: mappings here hold tens of keys, not thousands */
    for (yaml_node_pair_t *p = a; p < z; p++) {
      yaml_node_t *k = soso__ydoc_node(d, p->key);
      const char *name = soso__ydoc_text(k);
      if (!name) continue;
      for (yaml_node_pair_t *q = a; q < p; q++) {
        yaml_node_t *kq = soso__ydoc_node(d, q->key);
        const char *prev = soso__ydoc_text(kq);
        if (prev && strcmp(prev, name) == 0) {
          *key = k;
          *first = soso__ydoc_line(kq);
          return 1;
        }
      }
    }
  }
  return 0;
}

void soso__ydoc_join(char *buf, size_t size, const char *const *words) {
  buf[0] = '\0';
  for (const char *const *w = words; *w; w++) {
    if (strlen(buf) + strlen(*w) + 3 >= size) break;
    if (w != words) strcat(buf, ", ");
    strcat(buf, *w);
  }
}

int soso__ydoc_parse_num(const char *s, double *out) {
  if (!s || !*s) return SOSO__YDOC_NUM_EMPTY;
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
    return strchr(s, ',') ? SOSO__YDOC_NUM_COMMA : SOSO__YDOC_NUM_BAD;
  *out = v;
  return 0;
}

int soso__ydoc_parse_bool(const char *s, int *out) {
  if (s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)) *out = 1;
  else if (s && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)) *out = 0;
  else return -1;
  return 0;
}

int soso__ydoc_fail(const soso__ydoc *d, const yaml_node_t *n, const char *key, const char *fmt,
                    ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const char *pre = d->pre ? d->pre : "";
  if (!key) key = "";
  return soso_error_set(SOSO_EDATA, "%s:%d: %s%s%s: %s", d->path, n ? soso__ydoc_line(n) : 1, pre,
                        (*pre && *key) ? "." : "", (*pre || *key) ? key : "file", msg);
}

int soso__ydoc_keys(soso__ydoc *d, yaml_node_t *map, const char *what, const char *const *allowed) {
  yaml_node_t *bad = NULL;
  switch (check_keys(d, map, allowed, &bad)) {
  case 0: return SOSO_OK;
  case NOT_MAP: return soso__ydoc_fail(d, map, what, "must be a mapping of key: value");
  case KEY_NOT_WORD: return soso__ydoc_fail(d, bad, what, "a key must be a plain word");
  default: {
    char list[400], hint[128];
    const char *name = soso__ydoc_text(bad);
    soso__ydoc_join(list, sizeof list, allowed);
    soso_suggest_hint(hint, sizeof hint, name, allowed);
    return soso__ydoc_fail(d, bad, name, "unknown key%s%s%s (allowed: %s)", *what ? " in " : "",
                           what, hint, list);
  }
  }
}

static int missing(soso__ydoc *d, yaml_node_t *map, const char *key) {
  return soso__ydoc_fail(d, map, key, "missing (required)");
}

int soso__ydoc_scalar_num(soso__ydoc *d, yaml_node_t *n, const char *key, soso__yrange r,
                          double *out) {
  const char *s = soso__ydoc_text(n);
  double v = 0.0;
  switch (soso__ydoc_parse_num(s, &v)) {
  case 0: break;
  case SOSO__YDOC_NUM_EMPTY: return soso__ydoc_fail(d, n, key, "must be a number");
  case SOSO__YDOC_NUM_COMMA:
    return soso__ydoc_fail(d, n, key, "\"%s\" is not a number (use a decimal point)", s);
  default: return soso__ydoc_fail(d, n, key, "\"%s\" is not a number", s);
  }
  const char *op = r.lo_open ? ">" : ">=";
  if (r.lo == 0.0 && v < 0.0)
    return soso__ydoc_fail(d, n, key, "%g is negative (must be %s 0)", v, op);
  if (r.lo_open ? !(v > r.lo) : !(v >= r.lo))
    return soso__ydoc_fail(d, n, key, "%g is too small (must be %s %g)", v, op, r.lo);
  if (v > r.hi) return soso__ydoc_fail(d, n, key, "%g is too large (must be <= %g)", v, r.hi);
  *out = v;
  return SOSO_OK;
}

int soso__ydoc_num(soso__ydoc *d, yaml_node_t *map, const char *key, int required, soso__yrange r,
                   double *out, int *present) {
  yaml_node_t *n = soso__ydoc_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  return soso__ydoc_scalar_num(d, n, key, r, out);
}

int soso__ydoc_int(soso__ydoc *d, yaml_node_t *map, const char *key, int required, long lo, long hi,
                   long *out, int *present) {
  yaml_node_t *n = soso__ydoc_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  double x = 0.0;
  int rc = soso__ydoc_scalar_num(d, n, key, SOSO__YR((double)lo, (double)hi), &x);
  if (rc) return rc;
  if (x != floor(x)) return soso__ydoc_fail(d, n, key, "%g must be a whole number", x);
  *out = (long)x;
  return SOSO_OK;
}

int soso__ydoc_scalar_strbuf(soso__ydoc *d, yaml_node_t *n, const char *key, char *buf,
                             size_t size) {
  const char *s = soso__ydoc_text(n);
  if (!s || !*s) return soso__ydoc_fail(d, n, key, "must be non-empty text");
  size_t len = strlen(s);
  if (len >= size) return soso__ydoc_fail(d, n, key, "longer than %zu characters", size - 1);
  memcpy(buf, s, len + 1);
  return SOSO_OK;
}

int soso__ydoc_str(soso__ydoc *d, yaml_node_t *map, const char *key, int required, const char **out,
                   int *present) {
  yaml_node_t *n = soso__ydoc_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  const char *s = soso__ydoc_text(n);
  if (!s || !*s) return soso__ydoc_fail(d, n, key, "must be non-empty text");
  *out = s;
  return SOSO_OK;
}

int soso__ydoc_strbuf(soso__ydoc *d, yaml_node_t *map, const char *key, int required, char *buf,
                      size_t size, int *present) {
  yaml_node_t *n = soso__ydoc_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  return soso__ydoc_scalar_strbuf(d, n, key, buf, size);
}

int soso__ydoc_bool(soso__ydoc *d, yaml_node_t *map, const char *key, int required, int *out,
                    int *present) {
  yaml_node_t *n = soso__ydoc_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  if (soso__ydoc_parse_bool(soso__ydoc_text(n), out) != 0)
    return soso__ydoc_fail(d, n, key, "must be true or false");
  return SOSO_OK;
}

int soso__ydoc_enum(soso__ydoc *d, yaml_node_t *map, const char *key, int required,
                    const char *const *words, int *out, int *present) {
  yaml_node_t *n = soso__ydoc_get(d, map, key);
  if (present) *present = n != NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  const char *s = soso__ydoc_text(n);
  for (int i = 0; s && words[i]; i++)
    if (strcmp(words[i], s) == 0) {
      *out = i;
      return SOSO_OK;
    }
  char list[256];
  soso__ydoc_join(list, sizeof list, words);
  return soso__ydoc_fail(d, n, key, "\"%s\" is not one of: %s", s ? s : "(not a word)", list);
}

/* The value of key in map of libyaml node type `type` (want names it). */
static int typed(soso__ydoc *d, yaml_node_t *map, const char *key, int required,
                 yaml_node_type_t type, const char *want, yaml_node_t **out) {
  yaml_node_t *n = soso__ydoc_get(d, map, key);
  *out = NULL;
  if (!n) return required ? missing(d, map, key) : SOSO_OK;
  if (n->type != type) return soso__ydoc_fail(d, n, key, "must be a %s", want);
  *out = n;
  return SOSO_OK;
}

int soso__ydoc_seq(soso__ydoc *d, yaml_node_t *map, const char *key, int required,
                   yaml_node_t **out) {
  return typed(d, map, key, required, YAML_SEQUENCE_NODE, "list", out);
}

int soso__ydoc_map(soso__ydoc *d, yaml_node_t *map, const char *key, int required,
                   yaml_node_t **out) {
  return typed(d, map, key, required, YAML_MAPPING_NODE, "mapping of key: value", out);
}

char *soso__ydoc_strdup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}
