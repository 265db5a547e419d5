/* prices_int.h - price files parsed into memory, shared by the importer
 * (price_store.c) and the deflator reader.
 *
 * A parsed file is a list of series, each with strictly increasing months (the
 * parser rejects anything else) and positive prices; gaps are allowed (missing
 * values), and are rejected only when a window that needs them is loaded.
 */
#ifndef SOSO_PRICES_INT_H
#define SOSO_PRICES_INT_H

#include "soso/market.h"

#include <stddef.h>

/* Plausibility bound on a price (any unit): rhodium, the dearest metal traded,
 * peaked near 30,000 US$/troy oz = 1e9 US$/t; anything above is a typo or an
 * attack (1e308 gave a GBM sigma of 315). */
#define SOSO__PRICE_MAX 1e9

typedef struct soso__pseries {
  char commodity[SOSO_NAME_MAX]; /* name as in the file (trimmed) */
  char unit[SOSO_NAME_MAX];      /* a known unit (see units in price_parse.c) */
  char currency[8];              /* "USD", "EUR", "" */
  int *month;                    /* n months, strictly increasing (owned) */
  double *price;                 /* n prices > 0 (owned) */
  int *line;                     /* n source lines (owned) */
  size_t n, cap;                 /* used and allocated */
  int line0;                     /* line that first named the series */
} soso__pseries;

typedef struct soso__pfile {
  int wide;              /* 1: Pink Sheet layout */
  int index;             /* 1: index layout (date,index[,inflation]) */
  soso__pseries *s;      /* series (owned) */
  size_t n;              /* number of series */
  size_t cap;            /* series allocated (grows geometrically) */
} soso__pfile;

/* Parses path; on error sets "FILE:LINE: key: reason" and returns SOSO_EDATA (or
 * SOSO_EIO / SOSO_ENOMEM). Free with soso__pfile_free. */
int soso__pfile_read(soso__pfile *out, const char *path);
void soso__pfile_free(soso__pfile *f);

#endif
