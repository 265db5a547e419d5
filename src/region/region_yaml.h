/* region_yaml.h - small typed readers over a libyaml document for the region file.
 *
 * Every reader reports errors as one line "FILE:LINE: key: reason", LINE being the
 * 1-based line of the offending node (libyaml's start mark), and returns a
 * negative soso error code. A mapping is checked against its list of allowed keys
 * first, so a misspelt key is an error, never silently ignored.
 */
#ifndef SOSO_REGION_YAML_H
#define SOSO_REGION_YAML_H

#include "core/ydoc_int.h"

#include <stddef.h>
#include <yaml.h>

/* The parsed document and its file name (borrowed); core/ydoc.c does the
 * parsing, lookup and checks, region_yaml.c words the region file's messages. */
typedef soso__ydoc ry_doc;

/* Parses path into d (the whole file in one document). */
int ry_load(ry_doc *d, const char *path);
void ry_free(ry_doc *d);

yaml_node_t *ry_root(ry_doc *d);
yaml_node_t *ry_node(ry_doc *d, int id);
int ry_line(const yaml_node_t *n); /* 1-based */

/* Sets the error "FILE:LINE: key: <fmt>" at node n and returns SOSO_EDATA. */
int ry_err(ry_doc *d, const yaml_node_t *n, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Checks that n is a mapping (what names it) whose keys are all in allowed
 * (NULL-terminated) and appear once. */
int ry_check_map(ry_doc *d, yaml_node_t *n, const char *what, const char *const *allowed);

/* The value node of key in mapping n, or NULL. */
yaml_node_t *ry_get(ry_doc *d, yaml_node_t *n, const char *key);

/* Typed values. `required` 0: leave *out unchanged when the key is absent.
 * Numbers must be finite and in [lo, hi]. */
int ry_num(ry_doc *d, yaml_node_t *map, const char *key, int required, double lo, double hi,
           double *out);
int ry_int(ry_doc *d, yaml_node_t *map, const char *key, int required, long lo, long hi,
           long *out);
int ry_str(ry_doc *d, yaml_node_t *map, const char *key, int required, char *out, size_t n);
/* A scalar node's number (key for the message). */
int ry_scalar_num(ry_doc *d, yaml_node_t *n, const char *key, double lo, double hi,
                  double *out);
/* A scalar node's text, NUL-terminated into out. */
int ry_scalar_str(ry_doc *d, yaml_node_t *n, const char *key, char *out, size_t size);

#endif
