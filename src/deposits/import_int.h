/* import_int.h - private parts of the importer shared by import.c (files, OGR,
 * transactions) and import_row.c (columns and rows). */
#ifndef SOSO_IMPORT_INT_H
#define SOSO_IMPORT_INT_H

#include "deposits/deposits_int.h"

#include <stddef.h>

/* What a column of the file is. */
typedef enum col_role {
  COL_IGNORE = 0,
  COL_ID,          /* record id */
  COL_DATASET,     /* dataset / kg_source: prefixes the record id */
  COL_NAME,
  COL_COUNTRY,
  COL_LAT,
  COL_LON,
  COL_STATUS,
  COL_TYPE,        /* deposit type */
  COL_ORE_MT,      /* wide: ore tonnage in Mt */
  COL_CATEGORY,
  COL_GRADE,       /* wide: one <element>_<unit> grade column */
  COL_COMMODITIES, /* a list of commodity names */
  COL_COMMODITY,   /* long: the row's commodity */
  COL_ORE,         /* long: ore tonnage in ore_unit */
  COL_ORE_UNIT,
  COL_GRADE_VALUE, /* long: grade in grade_unit */
  COL_GRADE_UNIT
} col_role;

enum { IMP_MAX_COLS = 128 };

/* Longest record id (with its dataset prefix), NUL included: a longer one is an
 * error rather than cut into a false duplicate. */
enum { SOSO_ID_MAX = 256 };

typedef struct imp_col {
  col_role role;            /* what it is */
  char name[64];            /* the file's column name */
  char code[SOSO_CODE_MAX]; /* COL_GRADE: commodity */
  char unit[4];             /* COL_GRADE: normalised unit */
  double factor;            /* COL_GRADE: value * factor is in unit */
  int ambiguous;            /* COL_GRADE: "wo3_or_w": oxide or metal unknown */
} imp_col;

typedef struct imp_layout {
  size_t n_cols;            /* columns of the file */
  imp_col cols[IMP_MAX_COLS];
  int is_long;              /* one row per (deposit, commodity) */
  int has_commodities;      /* a commodities list column */
  int use_geometry;         /* no lat/lon columns: the point geometry gives them */
  int use_fid;              /* no id column: the OGR feature id is the record id */
} imp_layout;

/* Works out the columns' roles from their names (after --map renames: map[2k] ->
 * map[2k+1]). SOSO_EUSAGE "FILE: --map: ..." for a map naming a missing column or
 * an unknown target; SOSO_EDATA "FILE:1: ..." when required columns are missing. */
int imp_layout_build(imp_layout *L, const char *file, const char *const *names, size_t n,
                     const char *const *map, size_t n_map, int has_geometry);

/* Raw text of one row: field k's text (valid UTF-8, trimmed), "" if null. */
typedef struct imp_row {
  const char *field[IMP_MAX_COLS]; /* per column */
  double geom_lat, geom_lon;       /* point geometry (WGS84) if use_geometry */
  int has_geom;                    /* a point geometry was read */
  long fid;                        /* feature id */
} imp_row;

/* Parses and checks one row into r. On a bad row returns SOSO_EDATA with the
 * message "FILE:LINE: key: what is wrong". Plausibility warnings go to r->flags. */
int imp_row_parse(dep_record *r, const imp_layout *L, const imp_row *row, const char *file,
                  long line, char *idbuf, size_t idlen);

#endif
