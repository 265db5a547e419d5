/* doc_int.h - the report document's blocks, shared by doc.c (building), html.c and
 * pdf.c (rendering).
 *
 * Invariants: every string is owned by its block and NUL-terminated; a table's
 * cells array holds nrows * ncols strings; a figure holds the PNG bytes as read,
 * with its pixel size taken from the PNG header.
 */
#ifndef SOSO_DOC_INT_H
#define SOSO_DOC_INT_H

#include "soso/doc.h"

typedef enum block_kind {
  BLOCK_HEADING,
  BLOCK_PARA,
  BLOCK_BULLETS,
  BLOCK_CALLOUT,
  BLOCK_TABLE,
  BLOCK_FIGURE,
  BLOCK_PAGEBREAK,
  BLOCK_CONTENTS /* where the table of contents goes (else after the title) */
} block_kind;

typedef struct doc_block {
  block_kind kind;      /* what the block is */
  int level;            /* heading level 1..3; callout kind */
  char *text;           /* heading/paragraph/callout text; table/figure caption */
  char *title;          /* callout title */
  size_t nitems;        /* bullets: item count; table: rows */
  size_t ncols;         /* table: columns */
  char **items;         /* bullets: items; table: header (ncols) then cells */
  unsigned char *png;   /* figure: PNG bytes */
  size_t png_len;       /* figure: byte count */
  int png_w, png_h;     /* figure: pixel size */
} doc_block;

struct soso_doc {
  char *title;       /* document title */
  char *subtitle;    /* subtitle or NULL */
  char lang[16];     /* language code (soso_i18n_canonical), the one in use at new */
  doc_block *blocks; /* blocks in reading order */
  size_t n, cap;     /* count and capacity of blocks */
};

/* 1 if s looks like a number (for right alignment of table cells). */
int soso__doc_numeric(const char *s);

#endif
