/* ydoc_int.h - the library's one YAML reader: libyaml documents with line
 * numbers and the typed getters every file format reads through.
 *
 * Invariants: a loaded soso__ydoc owns its parsed node tree and borrows the file
 * name; every node keeps the line it starts on, so each validation error is one
 * line "FILE:LINE: key: reason". A getter never accepts a value silently: a wrong
 * type, an unparsable or out-of-range number or a word outside the allowed list
 * is an SOSO_EDATA error at the value's line; a missing required key is reported
 * at the line of the mapping that should hold it. The wording is the same for
 * every file (mine, price factors, site, community, impact rules, region,
 * cumulative rules, codebook, scenarios, presets): one reader, one set of
 * messages. Message keys carry the reader's section prefix d->pre ("costs"
 * makes "costs.cash_cost"), which the reader sets as it walks the file.
 * Private to libsoso.
 */
#ifndef SOSO_CORE_YDOC_INT_H
#define SOSO_CORE_YDOC_INT_H

#include <stddef.h>
#include <yaml.h>

typedef struct soso__ydoc {
  yaml_document_t doc; /* the parsed document (libyaml) */
  const char *path;    /* file name used in messages (borrowed) */
  int loaded;          /* 1: doc must be deleted */
  const char *pre;     /* prefix of message keys ("prices.factors[1]"); NULL: none */
} soso__ydoc;

/* A number's allowed range: lo <= v <= hi, or lo < v <= hi when lo_open. */
typedef struct soso__yrange {
  double lo, hi; /* bounds (-HUGE_VAL / HUGE_VAL: none) */
  int lo_open;   /* 1: v must be strictly above lo */
} soso__yrange;
#define SOSO__YR(lo, hi) ((soso__yrange){(lo), (hi), 0})
#define SOSO__YR_ABOVE(lo, hi) ((soso__yrange){(lo), (hi), 1})

/* What soso__ydoc_parse_num found wrong (0: nothing). */
enum {
  SOSO__YDOC_NUM_EMPTY = 1, /* no scalar text, or empty text */
  SOSO__YDOC_NUM_BAD,       /* not a plain finite decimal number */
  SOSO__YDOC_NUM_COMMA      /* not a number and holds a ',' (decimal comma?) */
};

/* Parses path into d: one document; an empty file is an error, and so is a key
 * given twice in any mapping (first-value-wins would hide an edit). d is zeroed
 * first; path is borrowed and must outlive d. Errors: SOSO_EIO "PATH: cannot
 * open: ..."; SOSO_ENOMEM; SOSO_EDATA "PATH:LINE: yaml: problem" for malformed
 * YAML, "PATH:1: yaml: the file is empty", "PATH:LINE: KEY: given twice (first
 * on line N)". On failure soso__ydoc_free(d) is still safe (and needed). */
int soso__ydoc_load(soso__ydoc *d, const char *path);
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

/* Writes words (NULL-ended) joined by ", " into buf (size > 0), stopping
 * before a word that would not fit with 3 bytes to spare. */
void soso__ydoc_join(char *buf, size_t size, const char *const *words);
/* Parses scalar text s (may be NULL) as a whole, finite strtod number.
 * Returns 0 and sets *out, or SOSO__YDOC_NUM_EMPTY, SOSO__YDOC_NUM_COMMA (the
 * text holds a ',', so the message can hint at the decimal point - the commonest
 * slip in hand-edited European files) or SOSO__YDOC_NUM_BAD; *out untouched then. */
int soso__ydoc_parse_num(const char *s, double *out);
/* Parses "true"/"yes" (1) and "false"/"no" (0) into *out; returns 0, or -1
 * (and leaves *out) for anything else, NULL included. */
int soso__ydoc_parse_bool(const char *s, int *out);

/* Sets the error "PATH:LINE: NAME: reason" at node n (line 1 when n is NULL),
 * NAME being d->pre "." key (either part may be empty; "file" when both are),
 * reason printf-style and cut at 511 bytes. Returns SOSO_EDATA. */
int soso__ydoc_fail(const soso__ydoc *d, const yaml_node_t *n, const char *key, const char *fmt,
                    ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Fails unless map is a mapping whose keys are all plain words in allowed
 * (NULL-ended). what names the mapping in messages ("community", "costs"; ""
 * at a file's top level): "KEY: unknown key in WHAT (did you mean "..."?)
 * (allowed: ...)". */
int soso__ydoc_keys(soso__ydoc *d, yaml_node_t *map, const char *what, const char *const *allowed);

/* Typed values of key in mapping map. required: a missing key is an error at
 * the mapping's line; otherwise *out is left as it was. *present (may be NULL)
 * says whether the key was there. */
int soso__ydoc_num(soso__ydoc *d, yaml_node_t *map, const char *key, int required, soso__yrange r,
                   double *out, int *present);
/* A whole number in [lo, hi]. */
int soso__ydoc_int(soso__ydoc *d, yaml_node_t *map, const char *key, int required, long lo, long hi,
                   long *out, int *present);
/* Non-empty text, borrowed from the document (valid until soso__ydoc_free). */
int soso__ydoc_str(soso__ydoc *d, yaml_node_t *map, const char *key, int required, const char **out,
                   int *present);
/* Non-empty text copied into buf (size bytes with the NUL). */
int soso__ydoc_strbuf(soso__ydoc *d, yaml_node_t *map, const char *key, int required, char *buf,
                      size_t size, int *present);
int soso__ydoc_bool(soso__ydoc *d, yaml_node_t *map, const char *key, int required, int *out,
                    int *present);
/* A word of words (NULL-ended); *out is its index. */
int soso__ydoc_enum(soso__ydoc *d, yaml_node_t *map, const char *key, int required,
                    const char *const *words, int *out, int *present);
/* A list / a mapping; *out is NULL when the key is absent. */
int soso__ydoc_seq(soso__ydoc *d, yaml_node_t *map, const char *key, int required,
                   yaml_node_t **out);
int soso__ydoc_map(soso__ydoc *d, yaml_node_t *map, const char *key, int required,
                   yaml_node_t **out);

/* A scalar node n (a list item, a free-form value) as a number in r / as
 * non-empty text into buf; key names it in messages. */
int soso__ydoc_scalar_num(soso__ydoc *d, yaml_node_t *n, const char *key, soso__yrange r,
                          double *out);
int soso__ydoc_scalar_strbuf(soso__ydoc *d, yaml_node_t *n, const char *key, char *buf,
                             size_t size);

/* malloc'ed copy of s (NULL on NULL input or out of memory). */
char *soso__ydoc_strdup(const char *s);

#endif
