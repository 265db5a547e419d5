/* ydoc.c - libyaml documents with line numbers, shared by the YAML file readers.
 *
 * libyaml's document API (yaml_parser_load) keeps a start mark on every node, so
 * validation can name the line of the offending value. Numbers are parsed with
 * strtod and must be plain finite decimals using the whole scalar: "12 t" is
 * rejected, and "12,5" is flagged apart so that readers can hint at the decimal
 * point. Replaces three per-module copies (impacts, valuation, region) that
 * differed only in the wording of their messages; see ydoc_int.h.
 */
#include "core/ydoc_int.h"
#include "soso/error.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int soso__ydoc_load(soso__ydoc *d, const char *path, const char *parse_key,
                    const char *empty_key) {
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
    rc = soso_error_set(SOSO_EDATA, "%s:%lu: %s%s%s", path,
                        (unsigned long)p.problem_mark.line + 1, parse_key ? parse_key : "",
                        parse_key ? ": " : "", p.problem ? p.problem : "malformed YAML");
  } else {
    d->loaded = 1;
    if (!yaml_document_get_root_node(&d->doc))
      rc = soso_error_set(SOSO_EDATA, "%s:1: %s: the file is empty", path, empty_key);
  }
  yaml_parser_delete(&p);
  fclose(f);
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

int soso__ydoc_check_keys(soso__ydoc *d, yaml_node_t *map, const char *const *allowed,
                          int once, yaml_node_t **bad) {
  *bad = map;
  if (!map || map->type != YAML_MAPPING_NODE) return SOSO__YDOC_NOT_MAP;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
       p++) {
    yaml_node_t *k = soso__ydoc_node(d, p->key);
    *bad = k;
    const char *name = soso__ydoc_text(k);
    if (!name) return SOSO__YDOC_KEY_NOT_WORD;
    int ok = 0;
    for (const char *const *a = allowed; *a && !ok; a++) ok = strcmp(*a, name) == 0;
    if (!ok) return SOSO__YDOC_KEY_UNKNOWN;
    for (yaml_node_pair_t *q = map->data.mapping.pairs.start; once && q < p; q++) {
      const char *prev = soso__ydoc_text(soso__ydoc_node(d, q->key));
      if (prev && strcmp(prev, name) == 0) return SOSO__YDOC_KEY_TWICE;
    }
  }
  *bad = NULL;
  return 0;
}

int soso__ydoc_find_dup(soso__ydoc *d, yaml_node_t **key, int *first) {
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

int soso__ydoc_vfail(const soso__ydoc *d, int line, const char *key, const char *fmt,
                     va_list ap) {
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  return soso_error_set(SOSO_EDATA, "%s:%d: %s: %s", d->path, line, key, msg);
}
