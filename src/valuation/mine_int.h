/* mine_int.h - the mine loader's small layer over libyaml's document API.
 *
 * Invariants: an mdoc owns its parsed tree; every node keeps the line it starts
 * on, so each error reads "FILE:LINE: section.key: reason". A getter never accepts
 * a value silently: a wrong type, an unparsable or out-of-range number or an
 * unknown word is an SOSO_EDATA error at the value's line; a missing required key
 * is reported at the line of the mapping that should hold it.
 * Shared by mine.c (sections) and mine_yaml.c (this layer, over core/ydoc.c).
 */
#ifndef SOSO_VALUATION_MINE_INT_H
#define SOSO_VALUATION_MINE_INT_H

#include "core/ydoc_int.h"

#include <stddef.h>
#include <yaml.h>

/* The parsed document and its file name (borrowed); core/ydoc.c does the
 * parsing, lookup and checks, mine_yaml.c words the mine file's messages. */
typedef soso__ydoc mdoc;

/* Number range for mdoc_num: lo <= v <= hi, or lo < v when lo_open. */
typedef struct mrange {
  double lo, hi; /* bounds */
  int lo_open;   /* 1: v must be strictly above lo */
} mrange;

int mdoc_load(mdoc *d, const char *path);
void mdoc_free(mdoc *d);
yaml_node_t *mdoc_root(mdoc *d);
int mdoc_line(const yaml_node_t *n);

/* "FILE:LINE: prefix.key: reason" (prefix may be ""), returns SOSO_EDATA. */
int mdoc_fail(const mdoc *d, const yaml_node_t *n, const char *prefix, const char *key,
              const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Fails unless map is a mapping whose keys are all in allowed (NULL-ended) and
 * appear once. what: the mapping's name for messages ("" for the top level). */
int mdoc_check_map(mdoc *d, yaml_node_t *map, const char *what, const char *const *allowed);

/* Value of key in map, or NULL. */
yaml_node_t *mdoc_get(mdoc *d, yaml_node_t *map, const char *key);

/* Typed getters. A missing optional key leaves *out unchanged and sets *present
 * (may be NULL) to 0. */
int mdoc_num(mdoc *d, yaml_node_t *map, const char *prefix, const char *key, int required,
             mrange range, double *out, int *present);
int mdoc_str(mdoc *d, yaml_node_t *map, const char *prefix, const char *key, int required,
             char *buf, size_t n, int *present);
int mdoc_bool(mdoc *d, yaml_node_t *map, const char *prefix, const char *key, int required,
              int *out, int *present);
/* Scalar node as a number in range (key names it in messages). */
int mdoc_scalar_num(mdoc *d, yaml_node_t *n, const char *prefix, const char *key,
                    mrange range, double *out);

/* Sequence helpers. */
size_t mdoc_len(const yaml_node_t *seq);
yaml_node_t *mdoc_item(mdoc *d, yaml_node_t *seq, size_t i);

#endif
