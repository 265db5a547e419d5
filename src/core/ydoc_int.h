/* ydoc_int.h - the library's one small layer over libyaml's document API.
 *
 * Invariants: a loaded soso__ydoc owns its parsed node tree and borrows the file
 * name; every node keeps the line it starts on, so each validation error can say
 * "FILE:LINE: key: reason". The checks here classify a problem (not a mapping,
 * unknown key, not a number, ...) and leave the wording to the module that reads
 * the file, since each file format words its messages its own way; errors that do
 * not depend on the format (cannot open, malformed YAML) are set here.
 * Private to libsoso: used by impacts/yaml.c, valuation/mine_yaml.c and
 * region/region_yaml.c.
 */
#ifndef SOSO_CORE_YDOC_INT_H
#define SOSO_CORE_YDOC_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <yaml.h>

typedef struct soso__ydoc {
  yaml_document_t doc; /* the parsed document (libyaml) */
  const char *path;    /* file name used in messages (borrowed) */
  int loaded;          /* 1: doc must be deleted */
} soso__ydoc;

/* What soso__ydoc_check_keys and soso__ydoc_parse_num found wrong (0: nothing). */
enum {
  SOSO__YDOC_NOT_MAP = 1,     /* the node is not a mapping */
  SOSO__YDOC_KEY_NOT_WORD,    /* a key is not a scalar */
  SOSO__YDOC_KEY_UNKNOWN,     /* a key is not in the allowed list */
  SOSO__YDOC_KEY_TWICE,       /* a key appears a second time */
  SOSO__YDOC_NUM_EMPTY,       /* no scalar text, or empty text */
  SOSO__YDOC_NUM_BAD,         /* not a plain finite decimal number */
  SOSO__YDOC_NUM_COMMA        /* not a number and holds a ',' (decimal comma?) */
};

/* Parses path into d (one document; an empty file is an error). d is zeroed
 * first; path is borrowed and must outlive d. Errors: SOSO_EIO "PATH: cannot
 * open: ..."; SOSO_ENOMEM; SOSO_EDATA "PATH:LINE: KEY: problem" for malformed
 * YAML, where KEY is parse_key, or left out ("PATH:LINE: problem") when
 * parse_key is NULL; SOSO_EDATA "PATH:1: EMPTY_KEY: the file is empty". On
 * failure soso__ydoc_free(d) is still safe (and needed). Returns 0 or the code. */
int soso__ydoc_load(soso__ydoc *d, const char *path, const char *parse_key,
                    const char *empty_key);
/* Deletes the tree (d may be NULL or not loaded); d can be loaded again. */
void soso__ydoc_free(soso__ydoc *d);

/* The root node (NULL if none). */
yaml_node_t *soso__ydoc_root(soso__ydoc *d);
/* The node with libyaml id `id` (NULL if none). */
yaml_node_t *soso__ydoc_node(soso__ydoc *d, int id);
/* 1-based line where n starts; 0 for NULL. */
int soso__ydoc_line(const yaml_node_t *n);
/* Scalar text of n, or NULL if n is NULL or not a scalar. */
const char *soso__ydoc_text(const yaml_node_t *n);

/* The value of key in mapping map, or NULL (also when map is not a mapping). */
yaml_node_t *soso__ydoc_get(soso__ydoc *d, yaml_node_t *map, const char *key);
/* Number of items of a sequence node (0 if seq is NULL or not a sequence). */
size_t soso__ydoc_len(const yaml_node_t *seq);
/* The i-th item of a sequence node, or NULL when i is out of range. */
yaml_node_t *soso__ydoc_item(soso__ydoc *d, yaml_node_t *seq, size_t i);

/* Checks map's keys against allowed (NULL-ended), pair by pair in file order:
 * each key must be a scalar, in allowed and, when once is 1, not seen before.
 * Returns 0, or SOSO__YDOC_NOT_MAP (*bad = map), SOSO__YDOC_KEY_NOT_WORD,
 * SOSO__YDOC_KEY_UNKNOWN or SOSO__YDOC_KEY_TWICE (*bad = the key node). Sets no
 * error message: the caller words it. */
int soso__ydoc_check_keys(soso__ydoc *d, yaml_node_t *map, const char *const *allowed,
                          int once, yaml_node_t **bad);
/* Looks through every mapping of the document for a key given twice (scalar keys
 * compared as text). Returns 1 and sets *key to the second occurrence and *first
 * to the line of the first, or 0 when every mapping's keys are unique. Sets no
 * error message: the caller words it ("FILE:LINE: KEY: given twice"). */
int soso__ydoc_find_dup(soso__ydoc *d, yaml_node_t **key, int *first);
/* Writes allowed (NULL-ended) joined by ", " into buf (size > 0), stopping
 * before a word that would not fit with 3 bytes to spare. */
void soso__ydoc_join(char *buf, size_t size, const char *const *words);

/* Parses scalar text s (may be NULL) as a whole, finite strtod number.
 * Returns 0 and sets *out, or SOSO__YDOC_NUM_EMPTY, SOSO__YDOC_NUM_COMMA (the
 * text holds a ',', so the caller can hint at the decimal point - the commonest
 * slip in hand-edited European files) or SOSO__YDOC_NUM_BAD; *out untouched then. */
int soso__ydoc_parse_num(const char *s, double *out);
/* Parses "true"/"yes" (1) and "false"/"no" (0) into *out; returns 0, or -1
 * (and leaves *out) for anything else, NULL included. */
int soso__ydoc_parse_bool(const char *s, int *out);

/* Sets the error "PATH:LINE: KEY: reason" (reason printf-style, cut at 511
 * bytes) and returns SOSO_EDATA. */
int soso__ydoc_vfail(const soso__ydoc *d, int line, const char *key, const char *fmt,
                     va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;

#endif
