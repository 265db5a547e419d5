/* yaml_int.h - the impacts module's wording over the shared YAML document layer.
 *
 * Invariants: a loaded impy_doc owns the whole node tree; every node keeps the
 * line it started on, so each validation error can say FILE:LINE: key: reason.
 * Getters never accept a value silently: a wrong type, an out-of-range number or
 * a word outside the allowed list is an SOSO_EDATA error with file and line.
 * Used by community.c, site.c and rules.c (files of one module share it). The
 * parsing, lookup and checks live in core/ydoc.c; this layer adds the impacts
 * files' messages and an owned copy of the file name.
 */
#ifndef SOSO_IMPACTS_YAML_INT_H
#define SOSO_IMPACTS_YAML_INT_H

#include "core/ydoc_int.h"

#include <stddef.h>
#include <yaml.h>

typedef struct impy_doc {
  soso__ydoc y; /* the parsed document; y.path borrows path */
  char *path;   /* file name used in messages (owned) */
} impy_doc;

/* Parses path into d (one document; an empty file is an error). */
int impy_load(impy_doc *d, const char *path);
void impy_free(impy_doc *d);

yaml_node_t *impy_root(impy_doc *d);
/* 1-based line of a node. */
int impy_line(const yaml_node_t *n);

/* Fails if map is not a mapping or holds a key outside allowed (NULL-ended).
 * what names the mapping in messages ("community", "mining_history"). */
int impy_check_map(impy_doc *d, yaml_node_t *map, const char *what,
                   const char *const *allowed);
/* The value of key in map, or NULL. */
yaml_node_t *impy_get(impy_doc *d, yaml_node_t *map, const char *key);
/* Scalar text of n, or NULL if n is not a scalar. */
const char *impy_text(const yaml_node_t *n);

/* Typed fields. required: a missing key is an error at the mapping's line;
 * otherwise *present (may be NULL) says whether it was there and *out is left as
 * it was. Numbers must lie in [lo, hi]. */
int impy_num(impy_doc *d, yaml_node_t *map, const char *key, int required, double lo,
             double hi, double *out, int *present);
int impy_str(impy_doc *d, yaml_node_t *map, const char *key, int required,
             const char **out);
int impy_bool(impy_doc *d, yaml_node_t *map, const char *key, int required, int *out,
              int *present);
/* A word from words (NULL-ended); *out is its index. */
int impy_enum(impy_doc *d, yaml_node_t *map, const char *key, int required,
              const char *const *words, int *out, int *present);
/* A sequence value (key present and a sequence), else error if required. */
int impy_seq(impy_doc *d, yaml_node_t *map, const char *key, int required,
             yaml_node_t **out);
/* A mapping value. */
int impy_map(impy_doc *d, yaml_node_t *map, const char *key, int required,
             yaml_node_t **out);

/* Number of items in a sequence node and the i-th item. */
size_t impy_len(const yaml_node_t *seq);
yaml_node_t *impy_item(impy_doc *d, yaml_node_t *seq, size_t i);

/* Parses a scalar node as a number; key names it in the message. */
int impy_scalar_num(impy_doc *d, yaml_node_t *n, const char *key, double lo, double hi,
                    double *out);

/* Error at a node: "FILE:LINE: key: reason" (printf-style reason). */
int impy_fail(impy_doc *d, const yaml_node_t *n, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* malloc'ed copy (NULL on NULL input or out of memory). */
char *impy_strdup(const char *s);

#endif
